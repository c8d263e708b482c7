"""The support desk manager's page (admin/tickets/appeal/stats/) and its CSV export.

Only for staff with tickets.view_desk_stats (the support managers' role); the export's personal
columns only for tickets.export_personal_data."""

import csv
import logging
from datetime import date, datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tickets import charts, stats
from tickets.models import Appeal

# Who took appeals out of the system, for which period, and whether with the visitors' personal
# data: the record of access to personal data the operator keeps (152-FZ art. 19; Government
# Decree No. 1119 asks for registration of such actions). It goes to the site's log (journald
# under systemd), never with any personal data in it.
export_log = logging.getLogger("tickets.export")

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection); what
# visitors typed (names, subjects) is written with a leading apostrophe instead.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# The days an export may cover: years 1 and 9999 overflow once turned into Moscow (or UTC)
# datetimes, a 500 instead of a file; no appeal predates the service or outlives this century.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


class ExportForm(forms.Form):
    # type="date" shows and sends ISO dates whatever the browser's language.
    since = forms.DateField(
        label=_("first day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    until = forms.DateField(
        label=_("last day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The period's start is after its end."))
        if any(day and not FIRST_DAY <= day <= LAST_DAY for day in (since, until)):
            raise forms.ValidationError(
                _("Choose days from %(first)s to %(last)s."),
                params={"first": f"{FIRST_DAY:%d.%m.%Y}", "last": f"{LAST_DAY:%d.%m.%Y}"},
            )
        return cleaned


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    minutes = round(seconds / 60)
    if minutes < 60:
        return gettext("%(minutes)d min") % {"minutes": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return gettext("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    return gettext("%(days)d d %(hours)d h") % {"days": hours // 24, "hours": hours % 24}


def _safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


class _Echo:
    """csv.writer writes into this and gets the line back, to stream it."""

    def write(self, value):
        return value


def _moment(value) -> str:
    return timezone.localtime(value, stats.MOSCOW).strftime("%Y-%m-%d %H:%M") if value else ""


class StatsAdminMixin:
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("stats/", view(self.stats_view), name="tickets_appeal_stats"),
            path("stats/export/", view(self.export_view), name="tickets_appeal_export"),
            *super().get_urls(),
        ]

    def _check_stats_permission(self, request):
        if not request.user.has_perm("tickets.view_desk_stats"):
            raise PermissionDenied

    def stats_view(self, request):
        self._check_stats_permission(request)
        now = timezone.now()
        times = []
        for days in stats.PERIODS:
            first, resolved = stats.first_answer_times(days, now), stats.resolution_times(days, now)
            times.append(
                {
                    "days": days,
                    "first_count": first.count,
                    "first_median": duration_text(first.median),
                    "first_p90": duration_text(first.p90),
                    "resolved_count": resolved.count,
                    "resolved_median": duration_text(resolved.median),
                    "resolved_p90": duration_text(resolved.p90),
                }
            )
        satisfaction = stats.satisfaction()
        per_day = stats.appeals_per_day(now=now)
        today = timezone.localtime(now, stats.MOSCOW).date()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Support desk figures"),
            "status_chart": charts.rows_chart(
                gettext("Open appeals by status"), stats.backlog_by_status()
            ),
            "topic_chart": charts.rows_chart(
                gettext("Open appeals by topic"), stats.backlog_by_topic()
            ),
            "first_overdue": stats.first_answer_overdue_count(now),
            "legal_overdue": stats.legal_overdue_count(now),
            "times": times,
            "satisfaction": satisfaction,
            "satisfaction_chart": satisfaction
            and charts.rows_chart(gettext("Ratings"), satisfaction["distribution"]),
            "per_day_chart": charts.columns_chart(
                gettext("Appeals received per day, last %(days)d days") % {"days": len(per_day)},
                [(date_format(day, "j b"), n) for day, n in per_day],
            ),
            "export_form": ExportForm(
                initial={"since": today - timedelta(days=29), "until": today}
            ),
            "can_export_personal": request.user.has_perm("tickets.export_personal_data"),
        }
        return TemplateResponse(request, "admin/tickets/appeal/stats.html", context)

    def export_view(self, request):
        self._check_stats_permission(request)
        form = ExportForm(request.GET)
        if not form.is_valid():
            errors = "; ".join(e for errs in form.errors.values() for e in errs)
            self.message_user(
                request, gettext("No export: %(errors)s") % {"errors": errors}, messages.ERROR
            )
            return redirect("admin:tickets_appeal_stats")
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
        personal = request.user.has_perm("tickets.export_personal_data")
        start = datetime.combine(since, time.min, tzinfo=stats.MOSCOW)
        end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=stats.MOSCOW)
        appeals = (
            Appeal.objects.filter(created_at__gte=start, created_at__lt=end)
            .select_related("topic", "assignee")
            .order_by("created_at", "pk")
        )
        if not personal:
            appeals = appeals.defer("name", "email", "phone", "wallet", "subject", "description")
        export_log.info(
            "Appeals exported by %s (user id %s): received %s to %s, %s",
            request.user.get_username(),
            request.user.pk,
            since.isoformat(),
            until.isoformat(),
            "with personal data" if personal else "without personal data",
        )
        response = StreamingHttpResponse(
            self._csv_lines(appeals, personal), content_type="text/csv; charset=utf-8"
        )
        name = f"appeals-{since:%Y%m%d}-{until:%Y%m%d}{'' if personal else '-no-personal-data'}"
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response["Cache-Control"] = "private, no-store"
        return response

    @staticmethod
    def _csv_lines(appeals, personal: bool):
        writer = csv.writer(_Echo())
        header = [
            "reference",
            "received",
            "topic",
            "status",
            "priority",
            "assignee",
            "answer_due",
            "first_answered",
            "language",
        ]
        if personal:
            header += ["name", "email", "phone", "wallet", "subject"]
        # A byte-order mark: spreadsheet programs then read the Russian text as UTF-8.
        yield "\ufeff" + writer.writerow(header)
        for appeal in appeals.iterator(chunk_size=2000):
            row = [
                appeal.reference,
                _moment(appeal.created_at),
                str(appeal.topic),
                appeal.status,
                "1" if appeal.is_priority else "0",
                appeal.assignee.get_username() if appeal.assignee else "",
                _moment(appeal.due_at),
                _moment(appeal.first_response_at),
                appeal.language,
            ]
            if personal:
                row += [appeal.name, appeal.email, appeal.phone, appeal.wallet, appeal.subject]
            yield writer.writerow([_safe_cell(value) for value in row])
