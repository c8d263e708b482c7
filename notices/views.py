from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.cache import public_page
from notices import live
from notices.models import Notice


def _recent():
    return (
        Notice.objects.recent(days=settings.NOTICES_RECENT_DAYS)
        .order_by("-ends_at", "-pk")
        .prefetch_related("updates")
    )


@public_page
@require_safe
def status(request):
    return render(
        request,
        "notices/status.html",
        {
            "current": live.active(),
            "recent": _recent(),
            "recent_days": settings.NOTICES_RECENT_DAYS,
            "crumbs": [(_("Service status"), "")],
        },
    )


class StatusFeed(Feed):
    """Current and recent notices, newest first; each entry's text with its updates."""

    feed_type = Atom1Feed
    description_template = "notices/feed_entry.html"

    def title(self):
        return _("Service status: Spravka")

    def subtitle(self):
        return _("Outages and service notices of the payment service's support.")

    # Absolute on SITE_URL, like the sitemaps: never the host a request came through.
    def link(self):
        return settings.SITE_URL + reverse("notices:status")

    def feed_url(self):
        return settings.SITE_URL + reverse("notices:feed")

    def items(self):
        now = timezone.now()
        current = list(Notice.objects.active(now).prefetch_related("updates"))
        items = current + list(_recent())
        return sorted(items, key=self.item_updateddate, reverse=True)

    def item_title(self, notice):
        return f"{notice.get_severity_display()}: {notice.title}"

    def item_link(self, notice):
        return settings.SITE_URL + notice.get_absolute_url()

    def item_guid(self, notice):
        return f"{settings.SITE_URL}{reverse('notices:status')}#notice-{notice.pk}"

    def item_guid_is_permalink(self, notice):
        return False

    def item_pubdate(self, notice):
        return notice.starts_at

    def item_updateddate(self, notice):
        latest = max((update.posted_at for update in notice.updates.all()), default=None)
        moments = [notice.starts_at, notice.ends_at, latest]
        now = timezone.now()
        return max(m for m in moments if m is not None and m <= now)


status_feed = public_page(require_safe(StatusFeed()))
