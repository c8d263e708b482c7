from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tickets.inbound.services import attach_to_appeal
from tickets.models import Appeal, InboundMessage
from tickets.references import normalize_reference


class AttachForm(ActionForm):
    reference = forms.CharField(
        label=_("Appeal number"),
        required=False,
        max_length=20,
        help_text=_("For “Add to appeal”: e.g. SP-7K3-9QX."),
    )


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    """What came into the support mailbox: agents read unmatched and automatic mail here and add
    a message that belongs to an appeal with the "Add to appeal" action."""

    list_display = [
        "received_at",
        "status",
        "reason",
        "from_address",
        "subject",
        "excerpt",
        "appeal_link",
    ]
    list_filter = ["status", "reason"]
    list_select_related = ["appeal"]
    search_fields = ["from_address", "subject", "appeal__reference"]
    date_hierarchy = "received_at"
    action_form = AttachForm
    actions = ["add_to_appeal"]
    readonly_fields = [
        "received_at",
        "status",
        "reason",
        "appeal_link",
        "handled_by",
        "from_address",
        "subject",
        "sent_at",
        "message_id",
        "raw_size",
        "attachment_names",
        "text",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("appeal"), ordering="appeal__reference")
    def appeal_link(self, obj):
        if obj.appeal is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:tickets_appeal_change", args=[obj.appeal.pk]),
            obj.appeal.reference,
        )

    @admin.display(description=_("text"))
    def excerpt(self, obj):
        return obj.excerpt or "—"

    @admin.display(description=_("text"))
    def text(self, obj):
        # linebreaks() escapes only when asked and returns a plain str, which format_html would
        # escape again: the <p> tags showed as text. Escaped once here, its tags kept.
        paragraphs = mark_safe(linebreaks(obj.body, autoescape=True))  # noqa: S308
        return format_html('<div class="tickets-description">{}</div>', paragraphs)

    @admin.action(permissions=["change"], description=_("Add to appeal (number below)"))
    def add_to_appeal(self, request, queryset):
        reference = normalize_reference(request.POST.get("reference", ""))
        appeal = Appeal.objects.filter(reference=reference).first() if reference else None
        if appeal is None:
            self.message_user(
                request, _("Enter the number of an existing appeal below."), messages.ERROR
            )
            return
        done = 0
        for message in queryset:
            try:
                attach_to_appeal(message=message, appeal=appeal, by=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail added to %(reference)s.",
                    "%(count)d e-mails added to %(reference)s.",
                    done,
                )
                % {"count": done, "reference": appeal.reference},
                messages.SUCCESS,
            )
