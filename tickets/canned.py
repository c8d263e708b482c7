"""Filling a canned reply's placeholders for one appeal, in the appeal's language."""

from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from tickets.models import Appeal, CannedReply
from tickets.models.canned import LINK_PLACEHOLDER, PLACEHOLDER

# Due times are promised to visitors in Moscow time, whatever the server's zone.
MOSCOW = ZoneInfo("Europe/Moscow")


def article_url(slug: str) -> str | None:
    """A published Help article's absolute address in the active language, or None.

    Looked up by app label, not imported: tickets must not depend on faq (tests/test_layers.py),
    and a site without the Help section simply has no article links."""
    if not apps.is_installed("faq"):
        return None
    article = apps.get_model("faq", "Article")
    category = (
        article.objects.filter(slug=slug, status="published")
        .values_list("category__slug", flat=True)
        .first()
    )
    if category is None:
        return None
    try:
        return settings.SITE_URL + reverse("faq:article", args=[category, slug])
    except NoReverseMatch:
        return None


def render(canned: CannedReply, appeal: Appeal) -> str:
    """The canned text for this appeal: its language's version, placeholders filled in.

    {link} stays as typed: the stored reply must hold no working private link, so the e-mail and
    the visitor's page put the link in (Reply.body_for_visitor)."""
    with translation.override(appeal.language):
        text = getattr(canned, f"body_{appeal.language}", "") or canned.body_ru or ""
        due = date_format(timezone.localtime(appeal.due_at, MOSCOW), "j E Y, H:i")
        values = {
            "name": appeal.name,
            "reference": appeal.reference,
            "due": f"{due} ({translation.gettext('Moscow time')})",
            "link": LINK_PLACEHOLDER,
        }

        def fill(match):
            key = match.group(1)
            if key.startswith("article:"):
                return article_url(key.removeprefix("article:")) or match.group(0)
            return values[key]

        return PLACEHOLDER.sub(fill, text)


def title_for(canned: CannedReply, appeal: Appeal) -> str:
    return getattr(canned, f"title_{appeal.language}", "") or canned.title_ru or canned.title
