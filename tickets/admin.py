from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from tickets import services
from tickets.identifiers import clean_phone, clean_wallet
from tickets.models import (
    Appeal,
    AppealEvent,
    Attachment,
    InternalNote,
    OutboxEmail,
    PriorityCustomer,
    Reply,
    Status,
    Topic,
)
from tickets.models.outbox import OutboxState
from tickets.views import attachment_response


class AdminAssets:
    css = {"all": ["tickets/admin.css"]}


@admin.register(Topic)
class TopicAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order", "is_visible", "has_note"]
    list_editable = ["order", "is_visible"]
    list_filter = ["is_visible"]
    search_fields = ["name_ru", "name_en", "slug"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "order", "is_visible"]}),
        (_("Before the visitor writes"), {"fields": ["cannot_help_note"]}),
    ]

    @admin.display(boolean=True, description=_("“cannot help” note"))
    def has_note(self, obj):
        return bool(obj.cannot_help_note)

    def has_delete_permission(self, request, obj=None):
        # A topic with appeals is hidden, not deleted (the appeals keep it).
        if obj is not None and obj.appeals.exists():
            return False
        return super().has_delete_permission(request, obj)


class PriorityCustomerForm(forms.ModelForm):
    # Room for numbers typed with spaces and brackets; stored normalised (see clean_*).
    wallet = forms.CharField(label=_("wallet number"), max_length=40, required=False)
    phone = forms.CharField(label=_("phone"), max_length=32, required=False)

    class Meta:
        model = PriorityCustomer
        fields = ["name", "wallet", "phone", "is_active"]

    def clean_wallet(self):
        return clean_wallet(self.cleaned_data["wallet"])

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])


@admin.register(PriorityCustomer)
class PriorityCustomerAdmin(admin.ModelAdmin):
    form = PriorityCustomerForm
    list_display = ["__str__", "wallet", "phone_display", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "wallet", "phone"]
    fieldsets = [(None, {"fields": ["name", "wallet", "phone", "is_active"]})]

    @admin.display(description=_("phone"), ordering="phone")
    def phone_display(self, obj):
        return obj.phone_display

    def get_search_results(self, request, queryset, search_term):
        # "8 912 345-67-89" finds "+79123456789".
        results, distinct = super().get_search_results(request, queryset, search_term)
        try:
            number = clean_phone(search_term)
        except Exception:  # not a phone: the plain search stands
            return results, distinct
        if number:
            results |= queryset.filter(Q(phone=number) | Q(wallet=number))
        return results, distinct


class OverdueFilter(admin.SimpleListFilter):
    title = _("answer time")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.not_overdue()
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    title = _("assigned")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", _("To me")), ("nobody", _("To nobody"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assignee=request.user)
        if self.value() == "nobody":
            return queryset.filter(assignee=None)
        return queryset


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


def _short_time(value):
    return date_format(timezone.localtime(value), "j E, H:i") if value else "—"


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "subject",
        "topic",
        "status",
        "priority",
        "due",
        "assignee",
        "created_at",
    ]
    list_display_links = ["reference", "subject"]
    list_filter = [OverdueFilter, "status", "is_priority", AssignedFilter, "topic"]
    list_select_related = ["topic", "assignee"]
    search_fields = ["reference", "email", "name", "subject", "phone", "wallet"]
    ordering = ["-is_priority", "due_at", "pk"]
    date_hierarchy = "created_at"
    list_per_page = 50
    view_on_site = False
    actions = ["assign_to_me", "mark_in_progress", "mark_resolved", "mark_closed"]
    readonly_fields = [
        "reference",
        "created_at",
        "due",
        "first_response_at",
        "updated_at",
        "name",
        "email",
        "phone_display",
        "wallet",
        "language",
        "consent_at",
        "subject",
        "description_html",
    ]
    fieldsets = [
        (None, {"fields": ["reference", "status", "assignee", "is_priority", "topic"]}),
        (_("Time"), {"fields": ["created_at", "due", "first_response_at", "updated_at"]}),
        (
            _("Visitor"),
            {"fields": ["name", "email", "phone_display", "wallet", "language", "consent_at"]},
        ),
        (_("Appeal"), {"fields": ["subject", "description_html"]}),
    ]
    inlines = [
        ConversationInline,
        NewReplyInline,
        InternalNoteInline,
        AttachmentInline,
        EventInline,
    ]
    Media = AdminAssets

    @admin.display(boolean=True, description=_("Priority"), ordering="-is_priority")
    def priority(self, obj):
        return obj.is_priority

    @admin.display(description=_("answer due"), ordering="due_at")
    def due(self, obj):
        if obj.is_overdue():
            return format_html(
                '<strong class="tickets-overdue">{} · {}</strong>',
                _short_time(obj.due_at),
                _("overdue"),
            )
        return _short_time(obj.due_at)

    @admin.display(description=_("phone"))
    def phone_display(self, obj):
        return obj.phone_display or "—"

    @admin.display(description=_("description"))
    def description_html(self, obj):
        return format_html(
            '<div class="tickets-description">{}</div>', linebreaksbr(obj.description)
        )

    def has_add_permission(self, request):
        # Appeals come from visitors through the form, never from admin.
        return False

    # Staff changes go through the service, which writes the history.
    def save_model(self, request, obj, form, change):
        changed = {
            field: form.cleaned_data[field]
            for field in ("status", "assignee", "is_priority", "topic")
            if field in form.changed_data
        }
        if changed:
            services.appeal_update(appeal=obj, by=request.user, **changed)
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        appeal = form.instance
        if formset.model is Reply:
            for reply in formset.save(commit=False):
                services.reply_from_staff(
                    appeal=appeal,
                    author=request.user,
                    body=reply.body,
                    set_waiting="status" not in form.changed_data,
                )
        elif formset.model is InternalNote:
            for note in formset.save(commit=False):
                services.note_add(appeal=appeal, author=request.user, body=note.body)
        else:
            formset.save()

    def _bulk(self, request, queryset, done_message, **changes):
        for appeal in queryset:
            services.appeal_update(appeal=appeal, by=request.user, **changes)
        count = queryset.count()
        self.message_user(request, done_message % {"count": count}, messages.SUCCESS)

    @admin.action(permissions=["change"], description=_("Assign to me"))
    def assign_to_me(self, request, queryset):
        self._bulk(
            request,
            queryset,
            ngettext(
                "%(count)d appeal assigned to you.",
                "%(count)d appeals assigned to you.",
                queryset.count(),
            ),
            assignee=request.user,
        )

    @admin.action(permissions=["change"], description=_("Mark as in progress"))
    def mark_in_progress(self, request, queryset):
        self._bulk(
            request,
            queryset,
            ngettext(
                "%(count)d appeal is in progress.",
                "%(count)d appeals are in progress.",
                queryset.count(),
            ),
            status=Status.IN_PROGRESS,
        )

    @admin.action(permissions=["change"], description=_("Mark as resolved"))
    def mark_resolved(self, request, queryset):
        self._bulk(
            request,
            queryset,
            ngettext("%(count)d appeal resolved.", "%(count)d appeals resolved.", queryset.count()),
            status=Status.RESOLVED,
        )

    @admin.action(permissions=["change"], description=_("Close"))
    def mark_closed(self, request, queryset):
        self._bulk(
            request,
            queryset,
            ngettext("%(count)d appeal closed.", "%(count)d appeals closed.", queryset.count()),
            status=Status.CLOSED,
        )

    def get_urls(self):
        download = path(
            "<int:appeal_id>/files/<int:pk>/",
            self.admin_site.admin_view(self.attachment_view),
            name="tickets_appeal_attachment",
        )
        return [download, *super().get_urls()]

    def attachment_view(self, request, appeal_id, pk):
        """Staff download an attachment only with permission to see the appeal and its files."""
        appeal = self.get_object(request, str(appeal_id))
        if appeal is None:
            raise Http404
        if not (
            self.has_view_permission(request, appeal)
            and request.user.has_perm("tickets.view_attachment")
        ):
            raise PermissionDenied
        return attachment_response(get_object_or_404(Attachment, pk=pk, appeal=appeal))


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "kind", "state", "attempts", "next_attempt_at"]
    list_filter = ["state", "kind"]
    search_fields = ["to", "subject", "appeal__reference"]
    readonly_fields = [
        "kind",
        "appeal",
        "to",
        "subject",
        "body",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "created_at",
    ]
    fieldsets = [
        (None, {"fields": ["kind", "appeal", "to", "subject", "body"]}),
        (
            _("Delivery"),
            {
                "fields": [
                    "state",
                    "attempts",
                    "last_error",
                    "next_attempt_at",
                    "sent_at",
                    "created_at",
                ]
            },
        ),
    ]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(permissions=["change"], description=_("Send again at the next run"))
    def retry_now(self, request, queryset):
        count = queryset.exclude(state=OutboxState.SENT).update(
            state=OutboxState.PENDING, next_attempt_at=timezone.now(), attempts=0
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail will be sent at the next run.",
                "%(count)d e-mails will be sent at the next run.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
