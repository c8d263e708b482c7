from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaksbr
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.phones import PhoneSearchMixin
from tickets import services
from tickets.admin.clocks import ClocksAdminMixin
from tickets.admin.inlines import (
    AttachmentInline,
    ConversationInline,
    EventInline,
    InternalNoteInline,
    NewReplyInline,
)
from tickets.admin.queue import QueueAdminMixin
from tickets.admin.stats import StatsAdminMixin
from tickets.models import Appeal, Attachment, InternalNote, Reply, Status
from tickets.models.appeals import URGENCY
from tickets.responses import attachment_response


class AdminAssets:
    css = {"all": ["tickets/admin.css"]}


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


class CardMaskedFilter(admin.SimpleListFilter):
    """Appeals whose text or replies held a card number: their files may show the card too."""

    title = _("card number hidden")
    parameter_name = "card"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        mentioned = Q(card_masked=True) | Q(replies__card_masked=True)
        if self.value() == "yes":
            return queryset.filter(pk__in=queryset.model.objects.filter(mentioned).values("pk"))
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.model.objects.filter(mentioned).values("pk"))
        return queryset


def _short_time(value):
    return date_format(timezone.localtime(value), "j E, H:i") if value else "—"


@admin.register(Appeal)
class AppealAdmin(
    ClocksAdminMixin, StatsAdminMixin, QueueAdminMixin, PhoneSearchMixin, admin.ModelAdmin
):
    list_display = [
        "reference",
        "subject",
        "topic",
        "status",
        "priority",
        "due",
        *ClocksAdminMixin.clocks_list_display,
        "assignee",
        "created_at",
    ]
    list_display_links = ["reference", "subject"]
    list_filter = [
        OverdueFilter,
        *ClocksAdminMixin.clocks_filters,
        "status",
        "is_priority",
        AssignedFilter,
        "topic",
        CardMaskedFilter,
        # Appeals tagged with a service notice (the notices app's reverse relation, named by
        # its path: no import): the notice's admin links here to answer them together.
        "notices",
    ]
    list_select_related = ["topic", "assignee"]
    search_fields = ["reference", "email", "name", "subject", "phone", "wallet"]
    ordering = list(URGENCY)
    date_hierarchy = "created_at"
    list_per_page = 50
    view_on_site = False
    actions = [
        "assign_to_me",
        "mark_in_progress",
        "mark_resolved",
        "mark_closed",
        *ClocksAdminMixin.clocks_actions,
    ]
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
        "consent_version",
        "anonymised_at",
        "subject",
        "card_notice",
        "description_html",
        "follow_up_links",
        *ClocksAdminMixin.clocks_readonly,
    ]
    fieldsets = [
        (None, {"fields": ["reference", "status", "assignee", "is_priority", "topic"]}),
        (_("Time"), {"fields": ["created_at", "due", "first_response_at", "updated_at"]}),
        (
            _("Visitor"),
            {
                "fields": [
                    "name",
                    "email",
                    "phone_display",
                    "wallet",
                    "language",
                    "consent_at",
                    "consent_version",
                    "anonymised_at",
                ]
            },
        ),
        (
            _("Appeal"),
            {"fields": ["subject", "card_notice", "description_html", "follow_up_links"]},
        ),
        ClocksAdminMixin.clocks_fieldset,
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

    @admin.display(description=_("card number"))
    def card_notice(self, obj):
        """Masking cannot reach attachments: a card mentioned in the text may be in a photo."""
        if not (obj.card_masked or obj.replies.filter(card_masked=True).exists()):
            return "—"
        return format_html(
            '<strong class="tickets-card-notice">{}</strong>',
            _(
                "The visitor wrote a card number: it was hidden in the text (first 6 and last 4 "
                "digits kept). Check the attachments for a photo of a card and never ask for the "
                "full number, CVV/CVC or SMS codes."
            ),
        )

    @admin.display(description=_("description"))
    def description_html(self, obj):
        return format_html(
            '<div class="tickets-description">{}</div>', linebreaksbr(obj.description)
        )

    @admin.display(description=_("linked appeals"))
    def follow_up_links(self, obj):
        """A visitor who answered a closed appeal by e-mail opened a follow-up (tickets.inbound)."""
        links = []
        if obj.follow_up_of_id:
            links.append((_("Follow-up of"), obj.follow_up_of))
        links += [(_("Continued in"), later) for later in obj.follow_ups.order_by("pk")]
        if not links:
            return "—"
        return format_html_join(
            mark_safe("<br>"),
            '{} <a href="{}">{}</a>',
            (
                (label, reverse("admin:tickets_appeal_change", args=[linked.pk]), linked.reference)
                for label, linked in links
            ),
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
        return [download, *self.clocks_urls(), *super().get_urls()]

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
