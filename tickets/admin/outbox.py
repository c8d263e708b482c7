from django.conf import settings
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tickets.models import OutboxEmail
from tickets.models.outbox import OutboxState


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

    def changelist_view(self, request, extra_context=None):
        # The outbox's health where staff look: a sender that is down shows as a growing age.
        if request.method == "GET":
            self._warn_about_waiting(request)
        return super().changelist_view(request, extra_context)

    def _warn_about_waiting(self, request):
        age = OutboxEmail.objects.oldest_pending_age()
        if age is None:
            return
        text = _(
            "The oldest e-mail waiting to be sent was written %(age)s ago. If this keeps "
            "growing, the sender (send_outbox --loop) is not running or cannot reach the mail "
            "server."
        ) % {"age": timesince(timezone.now() - age, timezone.now())}
        late = age.total_seconds() > settings.TICKETS_OUTBOX_ALERT_SECONDS
        self.message_user(request, text, messages.WARNING if late else messages.INFO)

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
