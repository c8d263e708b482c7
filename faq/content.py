"""The help articles Spravka ships with, written from the support seed text.

`load()` is called by `manage.py load_content` (inside a transaction). It is idempotent and
never overwrites staff work: categories and articles are found by slug; a missing one is created
(articles published); an existing one only gets the shipped text for fields that are still
empty (for example an English version added in a later release), and a new shipped text for a
body that is still exactly one an earlier release shipped (SUPERSEDED_BODIES: staff never edited
it). Status, order, category and related articles of an existing article are left as staff set
them.

Article texts are Markdown files in faq/articles/<slug>.<language>.md.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from faq.models import Article, Category

ARTICLES_DIR = Path(__file__).resolve().parent / "articles"


@dataclass(frozen=True)
class ShippedCategory:
    slug: str
    order: int
    name: dict[str, str]
    description: dict[str, str]


@dataclass(frozen=True)
class ShippedArticle:
    category: str
    slug: str
    order: int
    title: dict[str, str]
    summary: dict[str, str]
    related: tuple[str, ...] = ()

    def body(self, language: str) -> str:
        return (ARTICLES_DIR / f"{self.slug}.{language}.md").read_text(encoding="utf-8")


CATEGORIES = [
    ShippedCategory(
        slug="contacting-support",
        order=10,
        name={"ru": "Как связаться с поддержкой", "en": "Contacting support"},
        description={
            "ru": "Телефоны горячих линий, электронная почта и обращение онлайн: "
            "куда обратиться и когда лучше звонить.",
            "en": "Hotline numbers, e-mail and online appeals: where to turn and when it is "
            "best to call.",
        },
    ),
    ShippedCategory(
        slug="support-topics",
        order=20,
        name={"ru": "С чем помогает поддержка", "en": "What support helps with"},
        description={
            "ru": "Терминалы, вход в кошелёк, сайт и приложение, платежи и СМС: "
            "что подготовить перед обращением.",
            "en": "Terminals, logging in, the website and app, payments and SMS: "
            "what to prepare before you get in touch.",
        },
    ),
    ShippedCategory(
        slug="appeals",
        order=30,
        name={"ru": "Обращения", "en": "Appeals"},
        description={
            "ru": "Как отправить обращение онлайн и как быстро приходит ответ.",
            "en": "How to send an online appeal and how fast the answer comes.",
        },
    ),
]

ARTICLES = [
    ShippedArticle(
        category="contacting-support",
        slug="how-to-contact-support",
        order=10,
        title={"ru": "Как связаться со службой поддержки", "en": "How to contact support"},
        summary={
            "ru": "Три способа: позвонить на круглосуточную горячую линию, отправить обращение "
            "онлайн или написать на электронную почту.",
            "en": "Three ways: call the 24/7 hotline, send an online appeal or write an e-mail.",
        },
        related=("support-phone-numbers", "support-by-email", "how-to-file-an-appeal"),
    ),
    ShippedArticle(
        category="contacting-support",
        slug="support-phone-numbers",
        order=20,
        title={
            "ru": "Телефоны поддержки: какой номер для кого",
            "en": "Support phone numbers: which line is for whom",
        },
        summary={
            "ru": "Горячая линия для пользователей кошелька, отдельные линии для агентов и "
            "держателей карт QIWI Банка, номер для звонков из-за рубежа и телефоны "
            "центрального офиса.",
            "en": "The hotline for wallet users, separate lines for agents and QIWI Bank "
            "cardholders, a number for calls from abroad and the head office's numbers.",
        },
        related=("best-time-to-call", "how-to-contact-support"),
    ),
    ShippedArticle(
        category="contacting-support",
        slug="best-time-to-call",
        order=30,
        title={
            "ru": "Когда лучше звонить в поддержку",
            "en": "When is the best time to call support",
        },
        summary={
            "ru": "Быстрее всего дозвониться утром в будни и в воскресенье; дольше всего ждать "
            "вечером с 19 до 22 часов и в субботу.",
            "en": "You get through fastest on weekday mornings and on Sunday; the longest waits "
            "are from 19:00 to 22:00 and on Saturday.",
        },
        related=("priority-service", "support-phone-numbers", "response-times"),
    ),
    ShippedArticle(
        category="contacting-support",
        slug="support-by-email",
        order=40,
        title={
            "ru": "Как написать в поддержку по электронной почте",
            "en": "Writing to support by e-mail",
        },
        summary={
            "ru": "Три адреса — техническая поддержка, вопросы по терминалам и клиенты "
            "QIWI Банка — и что указать в письме.",
            "en": "Three addresses (technical support, terminals, QIWI Bank customers) and "
            "what to put in your e-mail.",
        },
        related=("how-to-file-an-appeal", "what-support-helps-with"),
    ),
    ShippedArticle(
        category="contacting-support",
        slug="priority-service",
        order=50,
        title={
            "ru": "Пакет «Приоритет»: поддержка без очереди",
            "en": "The “Priority” package: support without queueing",
        },
        summary={
            "ru": "Пользователям пакета услуг «Приоритет» оператор отвечает вне очереди "
            "в течение 10 секунд, а письменные обращения рассматриваются в первую очередь.",
            "en": "Users of the “Priority” service package are answered out of turn within "
            "10 seconds, and their written appeals are handled first.",
        },
        related=("best-time-to-call", "response-times"),
    ),
    ShippedArticle(
        category="support-topics",
        slug="what-support-helps-with",
        order=10,
        title={
            "ru": "С какими вопросами помогает поддержка",
            "en": "Which questions support handles",
        },
        summary={
            "ru": "Сбои терминалов, вход и авторизация, ошибки сайта или приложения, ошибки "
            "в платежах и СМС-оповещения — и что подготовить, чтобы вопрос решили быстрее.",
            "en": "Terminal failures, logging in and authorisation, website or app faults, "
            "payment errors and SMS notifications, and what to prepare for a quicker answer.",
        },
        related=("what-support-cannot-help-with", "how-to-file-an-appeal"),
    ),
    ShippedArticle(
        category="support-topics",
        slug="terminal-failure",
        order=20,
        title={"ru": "Сбой в терминале самообслуживания", "en": "A self-service terminal failed"},
        summary={
            "ru": "Терминал завис, не выдал чек или деньги не поступили на счёт: что сохранить "
            "и куда обратиться.",
            "en": "The terminal froze, printed no receipt or the money never reached the "
            "account: what to keep and where to turn.",
        },
        related=("payment-errors", "support-by-email"),
    ),
    ShippedArticle(
        category="support-topics",
        slug="login-problems",
        order=30,
        title={
            "ru": "Не получается войти в кошелёк",
            "en": "Cannot log in to your wallet",
        },
        summary={
            "ru": "Проблемы со входом и авторизацией: что проверить самостоятельно и что "
            "подготовить для поддержки.",
            "en": "Problems with logging in and authorisation: what to check yourself and what "
            "to prepare for support.",
        },
        related=("sms-notifications", "site-or-app-errors"),
    ),
    ShippedArticle(
        category="support-topics",
        slug="site-or-app-errors",
        order=40,
        title={
            "ru": "Ошибки в работе сайта или приложения",
            "en": "Faults in the website or the app",
        },
        summary={
            "ru": "Страница не открывается, кнопка не срабатывает или приложение закрывается: "
            "как описать проблему, чтобы её быстро нашли и исправили.",
            "en": "A page will not open, a button does nothing or the app closes: how to "
            "describe the problem so that it is found and fixed quickly.",
        },
        related=("login-problems", "how-to-file-an-appeal"),
    ),
    ShippedArticle(
        category="support-topics",
        slug="payment-errors",
        order=50,
        title={"ru": "Ошибка в платеже", "en": "A payment went wrong"},
        summary={
            "ru": "Платёж завис, отклонён или деньги списались, а получатель их не получил: "
            "что проверить и какие данные подготовить.",
            "en": "A payment is stuck or declined, or the money was debited but never arrived: "
            "what to check and which details to prepare.",
        },
        related=("what-support-cannot-help-with", "terminal-failure"),
    ),
    ShippedArticle(
        category="support-topics",
        slug="sms-notifications",
        order=60,
        title={"ru": "Вопросы по СМС-оповещениям", "en": "SMS notifications"},
        summary={
            "ru": "Не приходят коды подтверждения или уведомления об операциях: что проверить "
            "на телефоне и что сообщить поддержке.",
            "en": "Confirmation codes or payment notifications do not arrive: what to check on "
            "your phone and what to tell support.",
        },
        related=("login-problems",),
    ),
    ShippedArticle(
        category="support-topics",
        slug="what-support-cannot-help-with",
        order=70,
        title={
            "ru": "С чем поддержка помочь не сможет",
            "en": "What support cannot help with",
        },
        summary={
            "ru": "Проблемы сторонних сервисов и деньги, по ошибке переведённые другому "
            "человеку: почему поддержка здесь не поможет и что делать вместо этого.",
            "en": "Problems with third-party services and money sent to the wrong person: why "
            "support cannot help there, and what to do instead.",
        },
        related=("payment-errors", "what-support-helps-with"),
    ),
    ShippedArticle(
        category="appeals",
        slug="how-to-file-an-appeal",
        order=10,
        title={"ru": "Как отправить обращение онлайн", "en": "How to send an online appeal"},
        summary={
            "ru": "Форма обращения на сайте: что написать, чтобы ответ пришёл быстрее, "
            "и когда его ждать.",
            "en": "The appeal form on this site: what to write for a quicker answer, and when "
            "to expect it.",
        },
        related=("response-times", "what-support-helps-with", "support-by-email"),
    ),
    ShippedArticle(
        category="appeals",
        slug="response-times",
        order=20,
        title={"ru": "Как быстро отвечает поддержка", "en": "How fast support answers"},
        summary={
            "ru": "По телефону — в зависимости от времени звонка, на письменное обращение — "
            "в большинстве случаев в течение суток, с «Приоритетом» — быстрее.",
            "en": "By phone it depends on when you call; a written appeal is answered within "
            "a day in most cases; with “Priority”, sooner.",
        },
        related=("how-to-file-an-appeal", "best-time-to-call", "priority-service"),
    ),
]

LANGUAGES = ("ru", "en")

# (slug, language) -> SHA-256 of bodies earlier releases shipped (stripped, UTF-8). When a shipped
# article's text changes, add the old text's hash here so that sites loaded before get the new
# text on `load_content`, unless staff edited it (then the hash differs and their text stays).
SUPERSEDED_BODIES = {
    # Before the "from abroad" number was given for every audience (issue 13).
    ("support-phone-numbers", "ru"): {
        "7f6767b260e25ee6a2dfb7fe47227d3e57edf0d06f97be24ad9253f002e1e709",
    },
    ("support-phone-numbers", "en"): {
        "d22cfec6abf747182c32f940d4a0dc89ceb9fdac1d25c876014d498285e464bb",
    },
}


def text_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()


def _replace_superseded(article, shipped: ShippedArticle) -> bool:
    """Give an unedited body the current shipped text; True if anything changed."""
    changed = False
    for code in LANGUAGES:
        old = SUPERSEDED_BODIES.get((shipped.slug, code))
        body = getattr(article, f"body_{code}")
        if old and body and text_hash(body) in old:
            setattr(article, f"body_{code}", shipped.body(code))
            changed = True
    return changed


def _fill_blanks(obj, values: dict[str, str]) -> bool:
    """Set the given fields where they are empty; True if anything changed."""
    changed = False
    for field, value in values.items():
        if not getattr(obj, field):
            setattr(obj, field, value)
            changed = True
    return changed


def _translated(field: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{code}": texts[code] for code in LANGUAGES if texts.get(code)}


def load() -> str:
    created = {"categories": 0, "articles": 0}
    completed = 0
    categories = {}
    for shipped in CATEGORIES:
        values = {
            **_translated("name", shipped.name),
            **_translated("description", shipped.description),
        }
        category = Category.objects.filter(slug=shipped.slug).first()
        if category is None:
            category = Category(slug=shipped.slug, order=shipped.order, **values)
            category.full_clean()
            category.save()
            created["categories"] += 1
        elif _fill_blanks(category, values):
            category.full_clean()
            category.save()
            completed += 1
        categories[shipped.slug] = category

    new_articles = {}
    for shipped in ARTICLES:
        values = {
            **_translated("title", shipped.title),
            **_translated("summary", shipped.summary),
            **{f"body_{code}": shipped.body(code) for code in LANGUAGES},
        }
        article = Article.objects.filter(slug=shipped.slug).first()
        if article is None:
            article = Article(
                slug=shipped.slug,
                category=categories[shipped.category],
                order=shipped.order,
                status=Article.Status.PUBLISHED,
                **values,
            )
            article.full_clean()
            article.save()
            new_articles[shipped.slug] = (article, shipped)
            created["articles"] += 1
        else:
            filled = _fill_blanks(article, values)
            if _replace_superseded(article, shipped) or filled:
                article.full_clean()
                article.save()
                completed += 1

    # Related articles only for articles created now: staff may have changed the others' lists.
    for article, shipped in new_articles.values():
        article.related.add(*Article.objects.filter(slug__in=shipped.related))

    return (
        f"{created['categories']} categories and {created['articles']} articles created, "
        f"{completed} completed with missing or updated text; "
        f"{len(CATEGORIES) + len(ARTICLES) - sum(created.values()) - completed} "
        "left as they were"
    )
