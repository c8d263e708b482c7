"""The help articles Spravka ships with, written from the support seed text.

`load()` is called by `manage.py load_content` (inside a transaction). It is idempotent and
never overwrites staff work: categories and articles are found by slug; a missing one is created
(articles published); an existing one only gets the shipped text for fields that are still
empty (for example an English version added in a later release), and a new shipped text for a
body that is still exactly one an earlier release shipped (SUPERSEDED_BODIES: staff never edited
it). Status, order, category and related articles of an existing article are left as staff set
them.

The categories are in faq/categories.toml. Each article is faq/articles/<slug>.<language>.md:
its Markdown body under TOML front matter (core.datafiles) with its title and summary in that
language; the Russian file also names its category, order and related articles.
"""

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from core.datafiles import read_front_matter, read_toml
from faq.history import revision_context
from faq.models import Article, Category

HERE = Path(__file__).resolve().parent
ARTICLES_DIR = HERE / "articles"
CATEGORIES_FILE = HERE / "categories.toml"
LANGUAGES = ("ru", "en")


@dataclass(frozen=True)
class ShippedCategory:
    slug: str
    order: int
    name: dict[str, str]
    description: dict[str, str]


@dataclass(frozen=True)
class ShippedArticle:
    slug: str

    @cached_property
    def _files(self) -> dict[str, tuple[dict, str]]:
        return {
            code: read_front_matter(ARTICLES_DIR / f"{self.slug}.{code}.md") for code in LANGUAGES
        }

    @property
    def _main(self) -> dict:
        return self._files[LANGUAGES[0]][0]

    @property
    def category(self) -> str:
        return self._main["category"]

    @property
    def order(self) -> int:
        return self._main["order"]

    @property
    def related(self) -> tuple[str, ...]:
        return tuple(self._main.get("related", ()))

    @property
    def title(self) -> dict[str, str]:
        return {code: meta.get("title", "") for code, (meta, _body) in self._files.items()}

    @property
    def summary(self) -> dict[str, str]:
        return {code: meta.get("summary", "") for code, (meta, _body) in self._files.items()}

    def body(self, language: str) -> str:
        return self._files[language][1]


CATEGORIES = [ShippedCategory(**entry) for entry in read_toml(CATEGORIES_FILE)["category"]]
_CATEGORY_ORDER = {category.slug: category.order for category in CATEGORIES}
# Every article that has its main-language file, created category by category in the order the
# site lists them (so new sites number them the same way every time).
ARTICLES = sorted(
    (
        ShippedArticle(path.name.removesuffix(f".{LANGUAGES[0]}.md"))
        for path in ARTICLES_DIR.glob(f"*.{LANGUAGES[0]}.md")
    ),
    key=lambda article: (_CATEGORY_ORDER[article.category], article.order, article.slug),
)

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
    # Revisions written by the loader say so (no person saved them).
    with revision_context(message="load_content"):
        return _load()


def _load() -> str:
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
