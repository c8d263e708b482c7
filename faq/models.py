import calendar
import re

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, connections, models, transaction
from django.db.models import Count, ExpressionWrapper, F, Min, Q
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from core.models import TimeStampedModel
from core.roles import staff_may
from faq import fts
from faq.markdown import html_to_text, render_markdown
from faq.text import fold, strip_markers

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

# /help/<slug>/ would be shadowed by these pages of the section itself.
RESERVED_CATEGORY_SLUGS = {"search", "suggest", "images"}


def validate_category_slug(value: str) -> None:
    if value in RESERVED_CATEGORY_SLUGS:
        raise ValidationError(
            _("“%(value)s” is the address of another page of the help section; choose another."),
            code="reserved_slug",
            params={"value": value},
        )


def published_q(prefix: str = "", now=None) -> Q:
    """What "visible to the public" means, at `now`: published, its publication time (if any)
    reached and its end (if any) not yet. `prefix` reaches an article through a relation
    ("articles__"). Read at query time, so a scheduled article needs no job to go live."""
    now = now or timezone.now()
    return (
        Q(**{f"{prefix}status": Article.Status.PUBLISHED})
        & (Q(**{f"{prefix}publish_at__isnull": True}) | Q(**{f"{prefix}publish_at__lte": now}))
        & (Q(**{f"{prefix}unpublish_at__isnull": True}) | Q(**{f"{prefix}unpublish_at__gt": now}))
    )


class CategoryQuerySet(models.QuerySet):
    def with_published_articles(self):
        """Categories that have something to show the public, with the number of articles."""
        return self.annotate(
            published_count=Count("articles", filter=published_q("articles__"))
        ).filter(published_count__gt=0)


class Category(TimeStampedModel):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("address"),
        max_length=80,
        unique=True,
        validators=[validate_category_slug],
        help_text=_("Latin letters, digits and hyphens: the category's address, /help/<address>/."),
    )
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("One sentence shown under the name and as the page's description."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Smaller numbers come first.")
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("faq:category", args=[self.slug])


def _translated(*names):
    return [f"{name}_{code}" for name in names for code in LANGUAGE_CODES]


# A search page prints 20 article addresses, each a reverse() (~50 µs): the address is the
# language's (and script prefix's) "/help/" part, then the two slugs, so the part before them is
# reversed once and kept. Slugs are letters, digits, "-" and "_" (SlugField), which reverse()
# leaves as they are; anything else (never valid, but data can come from elsewhere) still goes
# through reverse().
_PLAIN_SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")
_article_url_prefixes: dict[tuple, str | None] = {}


def article_url(category_slug: str, slug: str) -> str:
    return article_url_maker()(category_slug, slug)


def article_url_maker():
    """article_url for the many addresses of one page: the language, script prefix and URLconf
    (thread-local lookups) are read once, not three times per address."""
    key = (get_language(), get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    prefix = _article_url_prefixes.get(key, _UNSET)
    if prefix is _UNSET:
        sample = reverse("faq:article", args=["c", "s"])
        prefix = sample[: -len("c/s/")] if sample.endswith("/c/s/") else None
        if len(_article_url_prefixes) >= 64:
            # The script prefix comes from the server (SCRIPT_NAME): never an unbounded dict.
            _article_url_prefixes.clear()
        _article_url_prefixes[key] = prefix

    def make(category_slug: str, slug: str) -> str:
        if prefix is None or not (_PLAIN_SLUG.match(category_slug) and _PLAIN_SLUG.match(slug)):
            return reverse("faq:article", args=[category_slug, slug])
        return f"{prefix}{category_slug}/{slug}/"

    return make


_UNSET = object()


# The columns lists of articles print (titles, summaries, addresses, dates), with the
# category each link's address needs.
LIST_FIELDS = [
    "slug",
    "order",
    "status",
    "published_at",
    "updated_at",
    "category",
    "category__slug",
    "category__order",
    *_translated("title", "summary"),
    *[f"category__{name}" for name in _translated("name")],
]


# The full-text configuration of each language's stored search document.
SEARCH_CONFIGS = {"ru": "russian", "en": "english"}


def search_document(language: str) -> SearchVector:
    """The weighted document of one language: title A, summary B, text C."""
    config = SEARCH_CONFIGS[language]
    return (
        SearchVector(f"title_{language}", weight="A", config=config)
        + SearchVector(f"summary_{language}", weight="B", config=config)
        + SearchVector(f"body_text_{language}", weight="C", config=config)
    )


def search_head(language: str) -> SearchVector:
    """The title (A) and summary (B) of one language: the start of search_document()."""
    config = SEARCH_CONFIGS[language]
    return SearchVector(f"title_{language}", weight="A", config=config) + SearchVector(
        f"summary_{language}", weight="B", config=config
    )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q())

    def scheduled_changes_after(self, moment):
        """The next time after `moment` when an article appears or disappears (or None)."""
        found = self.filter(status=Article.Status.PUBLISHED).aggregate(
            next_publish=Min("publish_at", filter=Q(publish_at__gt=moment)),
            next_unpublish=Min("unpublish_at", filter=Q(unpublish_at__gt=moment)),
        )
        times = [value for value in found.values() if value is not None]
        return min(times) if times else None

    def due_for_review(self, now=None):
        """Articles on the site (or scheduled) not reviewed for FAQ_REVIEW_MONTHS: never
        reviewed counts from the first publication (or creation)."""
        cutoff = review_cutoff(now)
        return (
            self.filter(status=Article.Status.PUBLISHED)
            .annotate(last_review=Coalesce("reviewed_at", "published_at", "created_at"))
            .filter(last_review__lt=cutoff)
        )

    def visible_to(self, user):
        """Everything for staff who may preview drafts; published articles for everyone else."""
        if can_preview_drafts(user):
            return self.all()
        return self.published()

    def for_lists(self):
        """Only what a list of links prints: never the long text columns (Markdown, HTML,
        plain text, search text), which made each list page load megabytes per request."""
        return self.select_related("category").only(*LIST_FIELDS)

    def for_links(self):
        """Only what a bare link prints (title and address), for lists inside a category."""
        return self.only("slug", "order", "status", "category", *_translated("title"))

    def with_languages(self):
        """Whether each translation is complete, computed by the database, so that
        Article.languages() needs no text column loaded."""
        return self.annotate(
            **{
                f"has_{code}": ExpressionWrapper(
                    Q(**{f"title_{code}__gt": ""}) & Q(**{f"body_{code}__gt": ""}),
                    output_field=models.BooleanField(),
                )
                for code in LANGUAGE_CODES
                if code != settings.LANGUAGE_CODE
            }
        )

    def with_votes(self):
        return self.annotate(
            helpful_yes=Count("votes", filter=Q(votes__helpful=True)),
            helpful_no=Count("votes", filter=Q(votes__helpful=False)),
        )

    def most_helpful(self, limit: int):
        """The `limit` published articles most visitors found helpful (at least one "yes"),
        best first: more "yes", then fewer "no", then the editors' order. Ranked among all
        published articles: call it on Article.objects, not on a narrower queryset."""
        # The votes are grouped by article id alone, narrow rows, and only the best `limit`
        # articles are loaded and counted again to be ordered: grouping the article rows (every
        # listed column) with their votes cost 25 ms at 5,000 articles and 10,000 votes, on
        # /help/, the home page and every search that found nothing.
        best = (
            HelpfulVote.objects.filter(published_q("article__"))
            .values("article")
            .annotate(
                yes=Count("pk", filter=Q(helpful=True)),
                no=Count("pk", filter=Q(helpful=False)),
            )
            .filter(yes__gt=0)
            .order_by("-yes", "no", "article__order", "article")
            .values("article")[:limit]
        )
        return (
            self.published()
            .filter(pk__in=best)
            .with_votes()
            .order_by("-helpful_yes", "helpful_no", "order", "pk")
        )


def review_cutoff(now=None):
    """Articles last reviewed before this moment are due for review again."""
    now = now or timezone.now()
    return months_before(now, settings.FAQ_REVIEW_MONTHS)


def months_before(moment, months: int):
    """The same day and time `months` calendar months earlier (31 March - 1 = 28/29 February)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def can_preview_drafts(user) -> bool:
    return staff_may(user, "faq.view_article", "faq.change_article")


class Article(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("address"),
        max_length=100,
        unique=True,
        help_text=_(
            "Latin letters, digits and hyphens: the article's address, /help/<category>/<address>/."
        ),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_(
            "One or two sentences: shown in lists and search results, and as the page's "
            "description for search engines."
        ),
    )
    body = MarkdownxField(
        _("text"),
        help_text=_(
            "Markdown: ## for a heading, - for a list, [text](address) for a link. "
            "Images can be dragged into the field."
        ),
    )
    # Rendered from `body` on save (per language): pages never render Markdown on a request.
    body_html = models.TextField(_("text as HTML"), blank=True, editable=False)
    body_text = models.TextField(_("text without markup"), blank=True, editable=False)
    # The SQLite search reads these (lower case, ё as е).
    search_text_ru = models.TextField(blank=True, editable=False)
    search_text_en = models.TextField(blank=True, editable=False)
    # PostgreSQL's search reads these stored, weighted documents (GIN-indexed, migration 0003):
    # parsing every matching text on each query took seconds for a common word. Filled by
    # save() on PostgreSQL only; NULL (and unused) on SQLite, which has no tsvector.
    search_vector_ru = SearchVectorField(null=True, editable=False)
    search_vector_en = SearchVectorField(null=True, editable=False)
    # Title and summary only (migration 0004): a few dozen words, stored inline, so that every
    # article whose title or summary has a common word can be ranked, where the whole document
    # (TOASTed, 5 KB) of each match cost ~5 µs to read and rank. faq.search ranks these first.
    search_head_ru = SearchVectorField(null=True, editable=False)
    search_head_en = SearchVectorField(null=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Drafts are visible only to staff."),
    )
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        help_text=_("Set when the article is first published."),
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_(
            "Optional: a published article appears on the site only from this time (Moscow "
            "time). Empty: at once."
        ),
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_("Optional: the article disappears from the site at this time."),
    )
    reviewed_at = models.DateTimeField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_(
            "When an editor last checked the article is still right: set by “Reviewed” and by "
            "every change of its text."
        ),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Position in its category: smaller comes first.")
    )
    related = models.ManyToManyField(
        "self",
        verbose_name=_("related articles"),
        symmetrical=False,
        blank=True,
        help_text=_("Shown under the article as “See also”."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="faq_article_published_has_date",
                violation_error_message=_("A published article needs a publication date."),
            ),
            models.CheckConstraint(
                condition=Q(publish_at__isnull=True)
                | Q(unpublish_at__isnull=True)
                | Q(unpublish_at__gt=F("publish_at")),
                name="faq_article_unpublish_after_publish",
                violation_error_message=_("“Unpublish at” must come after “Publish at”."),
            ),
        ]
        indexes = [models.Index(fields=["status", "category"], name="faq_article_status_cat")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from faq import history

        self._date_publication()
        self.render()
        with transaction.atomic(using=kwargs.get("using")):
            before = history.before_save(self)
            context = history.current_context()
            if context.reviewed or history.content_changed(before, history.snapshot(self)):
                # Writing or rewriting the text is a review; so is ticking "Reviewed".
                self.reviewed_at = timezone.now()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {
                    *update_fields,
                    "published_at",
                    "reviewed_at",
                    *self.rendered_fields(),
                }
            super().save(*args, **kwargs)
            self.index_for_search()
            # The revision this save wrote (None when nothing tracked changed).
            self.saved_revision = history.after_save(self, before)

    def get_absolute_url(self):
        return article_url(self.category.slug, self.slug)

    def clean(self):
        # Publishing is a choice of status; the date follows (runs before constraint checks).
        self._date_publication()
        if self.publish_at and self.unpublish_at and self.unpublish_at <= self.publish_at:
            raise ValidationError(
                {"unpublish_at": _("“Unpublish at” must come after “Publish at”.")},
                code="unpublish_before_publish",
            )

    def _date_publication(self):
        if self.is_published and self.published_at is None:
            # A scheduled article is first published when it goes live, not when it is saved.
            self.published_at = self.publish_at or timezone.now()

    @property
    def is_published(self) -> bool:
        """Published status (a scheduled article too): whether staff have released it."""
        return self.status == self.Status.PUBLISHED

    def is_live(self, now=None) -> bool:
        """On the site right now: published, and within its publish/unpublish window."""
        now = now or timezone.now()
        return (
            self.is_published
            and (self.publish_at is None or self.publish_at <= now)
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    def languages(self) -> list[str]:
        """The languages the article is written in: Russian always, others once translated."""
        return [
            code
            for code in LANGUAGE_CODES
            if code == settings.LANGUAGE_CODE or self._has_translation(code)
        ]

    def _has_translation(self, code) -> bool:
        if hasattr(self, f"has_{code}"):  # ArticleQuerySet.with_languages(); NULL is "no"
            return bool(getattr(self, f"has_{code}"))
        return bool(getattr(self, f"title_{code}") and getattr(self, f"body_{code}"))

    @staticmethod
    def rendered_fields():
        for code in LANGUAGE_CODES:
            yield f"body_html_{code}"
            yield f"body_text_{code}"
            yield f"search_text_{code}"

    def render(self) -> None:
        """Markdown to sanitised HTML, plain text and the search column, per language."""
        for code in LANGUAGE_CODES:
            source = getattr(self, f"body_{code}") or ""
            html = render_markdown(source, language=code)
            text = strip_markers(html_to_text(html))
            setattr(self, f"body_html_{code}", html)
            setattr(self, f"body_text_{code}", text)
            title = getattr(self, f"title_{code}") or ""
            summary = getattr(self, f"summary_{code}") or ""
            setattr(self, f"search_text_{code}", fold(" ".join([title, summary, text])))

    def index_for_search(self) -> None:
        """Bring the search index up to date with the saved row (after save or re-rendering)."""
        if connection.vendor == "postgresql":
            # Computed by PostgreSQL from the row just written, so it cannot disagree with it.
            Article.objects.filter(pk=self.pk).update(
                **{f"search_vector_{code}": search_document(code) for code in SEARCH_CONFIGS},
                **{f"search_head_{code}": search_head(code) for code in SEARCH_CONFIGS},
            )
        elif connection.vendor == "sqlite":
            fts.write(
                self.pk,
                published=self.is_published,
                texts={
                    f"{part}_{code}": fold(getattr(self, f"{field}_{code}") or "")
                    for code in LANGUAGE_CODES
                    for part, field in (
                        ("title", "title"),
                        ("summary", "summary"),
                        ("text", "body_text"),
                    )
                },
            )


@receiver(post_delete, sender=Article)
def _unindex_deleted_article(sender, instance, using, **kwargs):
    if connections[using].vendor == "sqlite":
        fts.delete(instance.pk)


# Visitors' answers, revisions and old addresses live in their own modules (imported here so
# Django finds them, and so that `from faq.models import HelpfulVote` keeps working).
from faq.history import ArticleRedirect, ArticleRevision  # noqa: E402, F401

# Search synonyms and vocabulary live in their own module (faq/search_models.py).
from faq.search_models import SearchSynonym, SearchWord  # noqa: E402, F401
from faq.votes import VOTE_COMMENT_MAX_LENGTH, HelpfulVote  # noqa: E402, F401
