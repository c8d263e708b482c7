from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from notices import services
from notices.forms import BulkReplyForm, NoticeAdminForm
from notices.models import Notice, NoticeUpdate

# Answering appeals is support agents' work: the bulk reply needs what a single reply needs.
REPLY_PERMISSIONS = ("tickets.change_appeal", "tickets.add_reply")


class NoticeUpdateInline(TranslationTabularInline):
    model = NoticeUpdate
    extra = 1
    fields = ("posted_at", "text")


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("Shown now")), ("scheduled", _("Not started")), ("ended", _("Ended"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "active":
            return queryset.active(now)
        if self.value() == "scheduled":
            return queryset.filter(starts_at__gt=now)
        if self.value() == "ended":
            return queryset.filter(ends_at__lte=now)
        return queryset


@admin.register(Notice)
class NoticeAdmin(TranslationAdmin):
    form = NoticeAdminForm
    list_display = ("title", "severity", "starts_at", "ends_at", "is_published", "state", "tagged")
    list_filter = (StateFilter, "severity", "is_published")
    search_fields = ("title_ru", "title_en")
    date_hierarchy = "starts_at"
    filter_horizontal = ("topics", "audiences")
    readonly_fields = ("tagged", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("title", "text", "severity")}),
        (_("When"), {"fields": ("starts_at", "ends_at", "is_published")}),
        (_("Whom it concerns"), {"fields": ("topics", "audiences")}),
        (_("Appeals"), {"fields": ("tagged",)}),
        (_("History"), {"fields": ("created_at", "updated_at")}),
    )
    inlines = (NoticeUpdateInline,)

    @admin.display(description=_("state"))
    def state(self, notice):
        now = timezone.now()
        if not notice.is_published:
            return _("Draft")
        if notice.is_active(now):
            return _("Shown now")
        if notice.starts_at > now:
            return _("Not started")
        return _("Ended")

    @admin.display(description=_("tagged appeals"))
    def tagged(self, notice):
        if notice.pk is None:
            return "—"
        count = getattr(notice, "tagged_total", None)
        if count is None:
            count = notice.appeals.count()
        return ngettext("%(count)d appeal", "%(count)d appeals", count) % {"count": count}

    @admin.display(description=_("tagged appeals"))
    def tagged_with_links(self, notice):
        """For agents: the tagged appeals in the appeal list, and the reply to all of them."""
        if notice.pk is None:
            return "—"
        changelist = reverse("admin:tickets_appeal_changelist")
        reply = reverse("admin:notices_notice_reply", args=[notice.pk])
        return format_html(
            '<a href="{}?notices__id__exact={}">{}</a> · <a href="{}">{}</a>',
            changelist,
            notice.pk,
            self.tagged(notice),
            reply,
            _("Reply to all awaiting an answer"),
        )

    def get_queryset(self, request):
        # The list's "tagged appeals" column: one query for the page, not one per notice.
        return super().get_queryset(request).annotate(tagged_total=Count("appeals"))

    @staticmethod
    def _column(request) -> str:
        # Content editors edit notices too, but appeals are not theirs to open or answer.
        return "tagged_with_links" if request.user.has_perms(REPLY_PERMISSIONS) else "tagged"

    def get_list_display(self, request):
        return [*self.list_display[:-1], self._column(request)]

    def get_readonly_fields(self, request, obj=None):
        return [self._column(request), "created_at", "updated_at"]

    def get_fieldsets(self, request, obj=None):
        column = self._column(request)
        return [
            (
                name,
                {**options, "fields": [column if f == "tagged" else f for f in options["fields"]]},
            )
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_urls(self):
        return [
            path(
                "<int:pk>/reply/",
                self.admin_site.admin_view(self.reply_view),
                name="notices_notice_reply",
            ),
            *super().get_urls(),
        ]

    def reply_view(self, request, pk):
        """One reply to every tagged appeal awaiting an answer, each in its visitor's language."""
        if not (self.has_view_permission(request) and request.user.has_perms(REPLY_PERMISSIONS)):
            raise PermissionDenied
        notice = get_object_or_404(Notice, pk=pk)
        waiting = notice.appeals.awaiting_support()
        form = BulkReplyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = services.reply_to_tagged(
                    notice=notice,
                    author=request.user,
                    body_ru=form.cleaned_data["body_ru"],
                    body_en=form.cleaned_data["body_en"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(
                    request,
                    _("Sent to %(sent)d, skipped %(skipped)d (answered, resolved or closed).")
                    % {"sent": result.sent, "skipped": result.skipped},
                    messages.SUCCESS,
                )
                return redirect("admin:notices_notice_change", notice.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Reply to the appeals tagged with “%(notice)s”") % {"notice": notice},
            "notice": notice,
            "form": form,
            "waiting_count": waiting.count(),
            "tagged_count": notice.appeals.count(),
        }
        return TemplateResponse(request, "admin/notices/notice/reply.html", context)
