from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, connections, models
from django.db.models import Count, ExpressionWrapper, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
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


class CategoryQuerySet(models.QuerySet):
    def with_published_articles(self):
        """Categories that have something to show the public, with the number of articles."""
        return self.annotate(
            published_count=Count("articles", filter=Q(articles__status=Article.Status.PUBLISHED))
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
        return self.filter(status=Article.Status.PUBLISHED)

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

    def most_helpful(self):
        """Published articles most visitors found helpful (at least one "yes")."""
        # Only articles with a "yes" are grouped and counted (a subquery, so the counts stay
        # whole): grouping every published article with its votes cost 40 ms at 5,000.
        voted = HelpfulVote.objects.filter(helpful=True).values("article")
        return (
            self.published()
            .filter(pk__in=voted)
            .with_votes()
            .filter(helpful_yes__gt=0)
            .order_by("-helpful_yes", "helpful_no", "order", "pk")
        )


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
        ]
        indexes = [models.Index(fields=["status", "category"], name="faq_article_status_cat")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self._date_publication()
        self.render()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "published_at", *self.rendered_fields()}
        super().save(*args, **kwargs)
        self.index_for_search()

    def get_absolute_url(self):
        return reverse("faq:article", args=[self.category.slug, self.slug])

    def clean(self):
        # Publishing is a choice of status; the date follows (runs before constraint checks).
        self._date_publication()

    def _date_publication(self):
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

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


class HelpfulVote(TimeStampedModel):
    """A visitor's answer to "Was this helpful?": one per visitor and article."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="votes"
    )
    visitor = models.CharField(
        _("visitor"),
        max_length=64,
        help_text=_("A random identifier kept in the visitor's session, not a person's name."),
    )
    helpful = models.BooleanField(_("helpful"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("“Was this helpful?” answer")
        verbose_name_plural = _("“Was this helpful?” answers")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "visitor"], name="faq_vote_one_per_visitor_and_article"
            ),
        ]

    def __str__(self):
        answer = _("yes") if self.helpful else _("no")
        return f"{self.article}: {answer}"
