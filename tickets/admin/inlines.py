"""The parts of an appeal's admin page: its conversation, a new reply, notes, files, history."""

from django.contrib import admin
from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tickets.models import AppealEvent, Attachment, InternalNote, Reply


class ConversationInline(admin.TabularInline):
    """The public thread as the visitor sees it; read-only (sent messages are not edited)."""

    model = Reply
    verbose_name = _("message")
    verbose_name_plural = _("Conversation")
    fields = ["created_at", "author_kind", "author", "text", "files"]
    readonly_fields = fields
    view_on_site = False
    extra = 0
    can_delete = False

    @admin.display(description=_("text"))
    def text(self, obj):
        return linebreaksbr(obj.body)

    @admin.display(description=_("files"))
    def files(self, obj):
        return ", ".join(a.original_name for a in obj.attachments.all()) or "—"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NewReplyInline(admin.StackedInline):
    """One empty form: a public reply, e-mailed to the visitor when the appeal is saved."""

    model = Reply
    verbose_name = _("new public reply (e-mailed to the visitor)")
    verbose_name_plural = _("Reply to the visitor")
    fields = ["body"]
    view_on_site = False
    extra = 1
    max_num = 1
    # The canned-reply picker sits under the text box (tickets/admin/queue.py fills it in).
    template = "admin/tickets/appeal/new_reply_inline.html"
    takes_canned_replies = True
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        if obj is not None and not obj.accepts_replies:
            return False
        return super().has_add_permission(request, obj)


class InternalNoteInline(admin.TabularInline):
    model = InternalNote
    verbose_name_plural = _("Internal notes (never shown to the visitor)")
    fields = ["body", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    view_on_site = False
    extra = 1
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["download", "content_type", "size_display", "reply", "created_at"]
    readonly_fields = fields
    view_on_site = False
    extra = 0
    can_delete = False

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse("admin:tickets_appeal_attachment", args=[obj.appeal_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.download_name)

    @admin.display(description=_("size"))
    def size_display(self, obj):
        return filesizeformat(obj.size)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = AppealEvent
    fields = ["created_at", "kind", "who", "change"]
    readonly_fields = fields
    view_on_site = False
    extra = 0
    can_delete = False

    @admin.display(description=_("who"))
    def who(self, obj):
        return obj.who

    @admin.display(description=_("change"))
    def change(self, obj):
        return obj.change

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
