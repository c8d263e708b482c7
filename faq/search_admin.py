"""Admin for search synonyms and a read-only view of the vocabulary (imported by faq.admin)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from faq.search_models import SearchSynonym, SearchWord


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ("words", "updated_at")
    search_fields = ("words",)
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("words",)}),
        (_("History"), {"fields": ("created_at", "updated_at")}),
    )


@admin.register(SearchWord)
class SearchWordAdmin(admin.ModelAdmin):
    """What "did you mean" chooses from: built from the articles, never edited by hand."""

    list_display = ("word", "language", "frequency")
    list_filter = ("language",)
    search_fields = ("word",)
    ordering = ("-frequency", "word")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
