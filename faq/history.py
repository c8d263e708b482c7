"""An article's history: a revision kept on every save that changes it, and its old addresses.

Every save of an Article (admin, admin actions, `load_content`, a restore, code) goes through
Article.save(), which calls after_save() here inside the same transaction: that is the one place
no path can skip. Who saved and why come from revision_context(), which the admin and the loader
wrap around their saves; a save outside one is recorded without an author.

Revisions are all kept: an article's text is a few kilobytes and staff save it by hand, so even
years of edits stay small (the benchmark's 5,000 articles start with one revision each). Nothing
deletes them but deleting the article.

A changed slug leaves an ArticleRedirect from the old one: the article page answers an unknown
slug with a 301 to the article's current address. Each redirect points at the article, not at
the next slug, so a chain of renames is always one hop.
"""

import contextvars
import difflib
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

TEXT_FIELDS = [f"{name}_{code}" for name in ("title", "summary", "body") for code in LANGUAGE_CODES]
# Everything a revision keeps, in the order a diff shows it.
TRACKED_FIELDS = [*TEXT_FIELDS, "category", "status", "slug", "publish_at", "unpublish_at"]

_context = contextvars.ContextVar("faq_revision_context", default=None)


@dataclass(frozen=True)
class RevisionContext:
    user: object = None
    message: str = ""
    restored_from: int | None = None
    # "Reviewed" ticked in admin: the article was checked even if nothing changed.
    reviewed: bool = False


@contextmanager
def revision_context(*, user=None, message: str = "", restored_from=None, reviewed=False):
    """Saves of articles inside this block are recorded as made by `user`, with `message`."""
    token = _context.set(
        RevisionContext(user=user, message=message, restored_from=restored_from, reviewed=reviewed)
    )
    try:
        yield
    finally:
        _context.reset(token)


def current_context() -> RevisionContext:
    return _context.get() or RevisionContext()


def snapshot(article) -> dict:
    """The article's tracked fields as JSON-ready values."""
    data = {name: getattr(article, name) or "" for name in TEXT_FIELDS}
    data["category"] = article.category_id
    data["status"] = article.status
    data["slug"] = article.slug
    for name in ("publish_at", "unpublish_at"):
        value = getattr(article, name)
        data[name] = value.isoformat() if value else None
    return data


def content_changed(before: dict | None, after: dict) -> bool:
    """Whether the text itself (a title, summary or body in any language) changed."""
    return before is None or any(before.get(name) != after.get(name) for name in TEXT_FIELDS)


def changed_fields(before: dict | None, after: dict) -> list[str]:
    if before is None:
        return []
    return [name for name in TRACKED_FIELDS if before.get(name) != after.get(name)]


class ArticleRevision(models.Model):
    """The state of an article after one save: the text in every language and its settings."""

    article = models.ForeignKey(
        "faq.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    number = models.PositiveIntegerField(_("revision"))
    created_at = models.DateTimeField(_("saved at"), default=timezone.now, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as written at the time, so the history still names the editor after the account
    # is deleted; empty for saves without a person (the content loader, code).
    author_name = models.CharField(_("saved by (name)"), max_length=150, blank=True)
    message = models.CharField(_("note"), max_length=300, blank=True)
    changed = models.JSONField(_("changed fields"), default=list, blank=True)
    restored_from = models.PositiveIntegerField(_("restored from revision"), null=True, blank=True)
    data = models.JSONField(_("fields"))

    class Meta:
        ordering = ["article", "-number"]
        verbose_name = _("article revision")
        verbose_name_plural = _("article revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="faq_revision_number_per_article"
            )
        ]

    def __str__(self):
        return f"{self.article_id} #{self.number}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("admin:faq_article_revision", args=[self.article_id, self.pk])

    def changed_labels(self) -> list[str]:
        return [str(field_label(name)) for name in self.changed]


class ArticleRedirect(models.Model):
    """An address an article had before: /help/<any>/<old_slug>/ answers 301 to its page."""

    old_slug = models.SlugField(_("old address"), max_length=100, unique=True)
    old_category_slug = models.SlugField(_("old category address"), max_length=80, blank=True)
    article = models.ForeignKey(
        "faq.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="redirects",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("old article address")
        verbose_name_plural = _("old article addresses")

    def __str__(self):
        return self.old_slug

    def get_absolute_url(self):
        return self.article.get_absolute_url()


def field_label(name: str):
    from faq.models import Article

    if name in ("category", "status", "slug", "publish_at", "unpublish_at"):
        return Article._meta.get_field(name).verbose_name
    base, _sep, code = name.rpartition("_")
    return f"{Article._meta.get_field(base).verbose_name} ({code})"


def before_save(article) -> dict | None:
    """The stored row's snapshot (None for a new article), read before the row is written."""
    if article.pk is None:
        return None
    # Locked until the save commits: two editors saving at once get consecutive revision
    # numbers (and the second one's "before" is the first one's result), never a clash.
    stored = (
        type(article)
        .objects.select_for_update(of=("self",))
        .filter(pk=article.pk)
        .only(*TRACKED_FIELDS)
        .first()
    )
    return snapshot(stored) if stored is not None else None


def after_save(article, before: dict | None) -> ArticleRevision | None:
    """Keep the old address and a revision; called by Article.save() inside its transaction."""
    after = snapshot(article)
    _keep_old_address(article, before)
    context = current_context()
    last = article.revisions.order_by("-number").first()
    if last is not None and last.data == after:
        return None
    if last is None and before is not None and before != after:
        # The article predates its history: keep what it was, so that it can be restored.
        last = _write(article, before, number=1, context=RevisionContext(), changed=[])
    return _write(
        article,
        after,
        number=(last.number + 1) if last else 1,
        context=context,
        changed=changed_fields(last.data if last else before, after),
    )


def _write(article, data, *, number, context, changed) -> ArticleRevision:
    user = context.user if getattr(context.user, "is_authenticated", False) else None
    return ArticleRevision.objects.create(
        article=article,
        number=number,
        author=user,
        author_name=user.get_username() if user else "",
        message=context.message[:300],
        changed=changed,
        restored_from=context.restored_from,
        data=data,
    )


def _keep_old_address(article, before: dict | None) -> None:
    # The slug now belongs to this article: an old redirect from it would never be reached.
    ArticleRedirect.objects.filter(old_slug=article.slug).delete()
    if before is None or before["slug"] == article.slug:
        return
    from faq.models import Category

    old_category = (
        Category.objects.filter(pk=before["category"]).values_list("slug", flat=True).first()
    )
    ArticleRedirect.objects.update_or_create(
        old_slug=before["slug"],
        defaults={"article": article, "old_category_slug": old_category or ""},
    )


@dataclass
class FieldDiff:
    label: str
    lines: list = field(default_factory=list)  # (kind, text): kind is "add", "del", "ctx", "hunk"


def diff(older: dict | None, newer: dict) -> list[FieldDiff]:
    """What changed between two snapshots, field by field, as lines for an escaped template."""
    older = older or {}
    out = []
    for name in TRACKED_FIELDS:
        old, new = older.get(name), newer.get(name)
        if old == new:
            continue
        item = FieldDiff(label=str(field_label(name)))
        if name in TEXT_FIELDS:
            for line in difflib.unified_diff(
                (old or "").splitlines(), (new or "").splitlines(), lineterm="", n=2
            ):
                if line.startswith(("---", "+++")):
                    continue
                kind = {"@": "hunk", "+": "add", "-": "del"}.get(line[:1], "ctx")
                item.lines.append((kind, line))
        else:
            item.lines = [("del", f"- {_display(name, old)}"), ("add", f"+ {_display(name, new)}")]
        out.append(item)
    return out


def _display(name, value) -> str:
    if value in (None, ""):
        return "—"
    if name == "category":
        from faq.models import Category

        category = Category.objects.filter(pk=value).first()
        return f"{category} ({category.slug})" if category else f"#{value}"
    return str(value)
