from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from tickets.models import CannedReply


@admin.register(CannedReply)
class CannedReplyAdmin(TranslationAdmin):
    """Answers support keeps ready; placeholders are filled in for each appeal."""

    list_display = ["title", "order", "is_active", "updated_at"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title_ru", "title_en", "body_ru", "body_en"]
    fieldsets = [
        (None, {"fields": ["title", "body", "order", "is_active"]}),
    ]
