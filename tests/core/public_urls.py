"""Every public page and the query parameters it reads, for the tests that attack them all."""

from dataclasses import dataclass

from faq.models import Article
from tests.tickets.factories import make_appeal
from tickets.models import Topic


@dataclass(frozen=True)
class Site:
    get_urls: dict[str, tuple[str, ...]]  # path -> the query parameters its view reads
    appeal_url: str
    vote_url: str

    def forms(self) -> dict[str, dict[str, str]]:
        """Every public form with valid data: path -> fields."""
        topic = Topic.objects.visible().first()
        return {
            "/appeal/": {
                "topic": str(topic.pk),
                "name": "Анна",
                "email": "anna@example.org",
                "phone": "",
                "wallet": "",
                "subject": "Тема",
                "description": "Текст",
                "consent": "on",
                "homepage": "",
                "form_token": "",
            },
            "/appeal/find/": {"reference": "SP-222-222", "email": "anna@example.org"},
            self.appeal_url: {"body": "Ответ", "form_token": ""},
            self.appeal_url + "rate/": {"score": "5", "comment": "Спасибо"},
            self.vote_url: {"helpful": "yes"},
            self.vote_url + "why/": {"reason": "other", "comment": "Текст"},
        }


def public_site() -> Site:
    """Needs the shipped content (contacts, articles, topics) in the database."""
    article = Article.objects.published().select_related("category").first()
    appeal = make_appeal(Topic.objects.visible().first())
    private = appeal.get_absolute_url()
    urls = {
        "/": (),
        "/contacts/": (),
        "/help/": (),
        article.category.get_absolute_url(): (),
        article.get_absolute_url(): (),
        "/help/search/": ("q",),
        "/help/suggest/": ("q",),
        "/appeal/": ("topic",),
        "/appeal/find/": (),
        "/privacy/": (),
        "/privacy/consent/": (),
        "/status/": (),
        "/status/feed/": (),
        private: (),
        private + "sent/": (),
        "/robots.txt": (),
        "/sitemap.xml": ("p",),
    }
    english = {"/en" + path: params for path, params in urls.items() if _translated(path)}
    return Site(
        get_urls={**urls, **english},
        appeal_url=private,
        vote_url=article.get_absolute_url() + "helpful/",
    )


def _translated(path: str) -> bool:
    return path not in {"/robots.txt", "/sitemap.xml"}
