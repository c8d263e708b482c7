"""The pages the browser checks visit: every public page in both languages, and an appeal's
pages (sent, private). Built from the content the site ships with."""

from django.urls import reverse
from django.utils import translation

from faq.models import Article, Category
from tests.tickets.factories import make_appeal, png_bytes, upload
from tickets import content as topics_content
from tickets.models import Appeal, Status
from tickets.uploads import check_upload

LANGUAGES = ("ru", "en")


def public_paths() -> list[str]:
    paths = []
    for code in LANGUAGES:
        with translation.override(code):
            paths += [
                reverse("pages:home"),
                reverse("contacts:index"),
                reverse("faq:index"),
                reverse("faq:search") + "?q=" + ("смс" if code == "ru" else "sms"),
                reverse("faq:search") + "?q=zzzz",  # nothing found
                reverse("tickets:new"),
                reverse("tickets:find"),
                reverse("privacy:policy"),
                reverse("privacy:consent"),
                ("/en" if code == "en" else "") + "/no-such-page/",  # the 404 page
            ]
            paths += [c.get_absolute_url() for c in Category.objects.all()]
            paths += [a.get_absolute_url() for a in Article.objects.published()]
    return paths


def appeal_paths() -> list[str]:
    """The confirmation and the private page of an appeal with a screenshot attached; a
    resolved appeal's page (asking for a rating) and a closed one's (offering a new appeal)."""
    topics_content.load()
    appeal = make_appeal(files=[check_upload(upload("screen.png", png_bytes(), "image/png"))])
    resolved, closed = make_appeal(), make_appeal()
    Appeal.objects.filter(pk=resolved.pk).update(status=Status.RESOLVED)
    Appeal.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    return [
        reverse("tickets:sent", args=[appeal.reference, appeal.link_token]),
        appeal.get_absolute_url(),
        resolved.get_absolute_url(),
        closed.get_absolute_url(),
    ]
