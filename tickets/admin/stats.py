"""The support desk manager's page: figures, charts and the CSV export (filled in below)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path


class StatsAdminMixin:
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("stats/", view(self.stats_view), name="tickets_appeal_stats"),
            *super().get_urls(),
        ]

    def stats_view(self, request):
        if not request.user.has_perm("tickets.view_desk_stats"):
            raise PermissionDenied
        return HttpResponse("")
