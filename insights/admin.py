"""The search report in admin (content editors): the searches' changelist is the report."""

import csv

from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from insights import report
from insights.models import SearchRecord


@admin.register(SearchRecord)
class SearchReportAdmin(admin.ModelAdmin):
    """Nobody adds, edits or deletes searches: the log is written by visitors' pages only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        unknown = set(request.GET) - {"days", "format"}
        if unknown:
            # As every other list in this admin (core/admin_site.py): a filter the page does not
            # offer is a 400, not silently ignored.
            raise DisallowedModelAdminLookup(f"Filtering by {sorted(unknown)[0]} not allowed")
        days = 30 if request.GET.get("days") == "30" else 7
        built = report.build(days)
        if request.GET.get("format") == "csv":
            return _csv(built)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("What visitors search for"),
            "report": built,
            "periods": report.PERIODS,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/insights/report.html", context)


def _csv(built) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="search-report-{built.end:%Y-%m-%d}-{built.days}d.csv"'
    )
    response.write("\ufeff")  # Excel reads UTF-8 (Cyrillic) only with the byte-order mark
    writer = csv.writer(response)
    writer.writerow(
        [
            _("table"),
            _("query or article"),
            _("language"),
            _("count"),
            _("change from the previous period"),
            _("with results"),
            _("a result opened"),
            _("appeal filed after it"),
        ]
    )
    tables = (
        (_("top queries"), built.top),
        (_("no results"), built.no_results),
        (_("results nobody opens"), built.unopened),
    )
    for title, lines in tables:
        for line in lines:
            row = line.stats
            writer.writerow(
                [
                    title,
                    _safe(row.query),
                    row.language,
                    line.count,
                    line.change,
                    row.with_results,
                    row.opened,
                    row.appeals,
                ]
            )
    for row in built.read_before_appeal:
        writer.writerow(
            [
                _("read before an appeal"),
                _safe(row.article.title),
                "",
                row.appeals,
                row.trend,
                "",
                "",
                "",
            ]
        )
    return response


def _safe(text: str) -> str:
    # Visitors typed it: a cell starting with = + - @ would be a formula in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
