"""Destruction records in admin: read-only, listed, exported as CSV (Roskomnadzor order No. 179
of 28.10.2022 asks that destruction be confirmed by such records, kept for three years)."""

import csv

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.models import DestructionRecord
from privacy.subject_admin import SubjectRequestViews

CSV_COLUMNS = [
    ("created_at", _("destroyed")),
    ("category", _("category of data")),
    ("data_destroyed", _("personal data destroyed")),
    ("appeals_count", _("appeals")),
    ("items_count", _("other items")),
    ("references", _("appeal references")),
    ("rule", _("rule or reason")),
    ("method", _("method")),
    ("performed_by_label", _("by")),
]


def records_csv(queryset) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="destruction-records-{stamp}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 Cyrillic correctly only with a BOM
    writer = csv.writer(response)
    writer.writerow([str(label) for _field, label in CSV_COLUMNS])
    for record in queryset.order_by("created_at", "pk"):
        row = []
        for field, _label in CSV_COLUMNS:
            value = getattr(record, field)
            if field == "created_at":
                value = timezone.localtime(value).isoformat(timespec="seconds")
            elif field == "category":
                value = record.get_category_display()
            elif field == "references":
                value = " ".join(value.split())
            row.append(_neutralised(str(value)))
        writer.writerow(row)
    return response


def _neutralised(value: str) -> str:
    # A cell starting with = + - @ is a formula in spreadsheets (CSV injection).
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


@admin.register(DestructionRecord)
class DestructionRecordAdmin(SubjectRequestViews, admin.ModelAdmin):
    list_display = [
        "created_at",
        "category",
        "appeals_count",
        "items_count",
        "rule",
        "performed_by_label",
    ]
    list_filter = ["category"]
    date_hierarchy = "created_at"
    actions = ["export_csv"]
    change_list_template = "admin/privacy/destructionrecord_change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # The confirmation of a destruction is itself kept.
        return False

    @admin.action(permissions=["view"], description=_("Export as CSV"))
    def export_csv(self, request, queryset):
        return records_csv(queryset)
