"""The article admin's history and feedback: revisions with their diffs and a restore button,
the "why not helpful" answers, and the filters that find articles due for review or complained
about."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from faq.history import ArticleRevision, diff
from faq.models import Article, HelpfulVote, published_q, review_cutoff
from faq.services import RestoreRefused, revision_restore

LATEST_COMMENTS = 10
HISTORY_ROWS = 30


class ReviewFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", _("Due for review")), ("ok", _("Reviewed recently"))]

    def queryset(self, request, queryset):
        due = Article.objects.due_for_review().values("pk")
        if self.value() == "due":
            return queryset.filter(pk__in=due)
        if self.value() == "ok":
            return queryset.exclude(pk__in=due)
        return queryset


class ScheduleFilter(admin.SimpleListFilter):
    title = _("on the site")
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return [
            ("live", _("On the site now")),
            ("scheduled", _("Published, waiting for its time")),
            ("ended", _("Published, its time has ended")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "live":
            return queryset.filter(published_q(now=now))
        if self.value() == "scheduled":
            return queryset.filter(status=Article.Status.PUBLISHED, publish_at__gt=now)
        if self.value() == "ended":
            return queryset.filter(status=Article.Status.PUBLISHED, unpublish_at__lte=now)
        return queryset


class NotHelpfulReasonFilter(admin.SimpleListFilter):
    title = _("why not helpful")
    parameter_name = "why_not"

    def lookups(self, request, model_admin):
        return [*HelpfulVote.Reason.choices, ("comment", _("With a comment"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "comment":
            voted = HelpfulVote.objects.filter(helpful=False).exclude(comment="")
        elif value in HelpfulVote.Reason.values:
            voted = HelpfulVote.objects.filter(helpful=False, reason=value)
        else:
            return queryset
        return queryset.filter(pk__in=voted.values("article"))


class ArticleHistoryAdminMixin:
    """For ArticleAdmin: history and visitors' reasons on the change page, the revision pages."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/revisions/<int:revision_id>/",
                self.admin_site.admin_view(self.revision_view),
                name="{}_{}_revision".format(*info),
            ),
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                self.admin_site.admin_view(require_POST(self.restore_view)),
                name="{}_{}_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    def _revision(self, request, object_id, revision_id):
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        revision = get_object_or_404(
            ArticleRevision.objects.select_related("author"), pk=revision_id, article=article
        )
        return article, revision

    def revision_view(self, request, object_id, revision_id):
        article, revision = self._revision(request, object_id, revision_id)
        previous = article.revisions.filter(number__lt=revision.number).order_by("-number").first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Revision #%(number)d of “%(title)s”")
            % {"number": revision.number, "title": article.title},
            "article": article,
            "revision": revision,
            "previous": previous,
            # Lines are escaped by the template: an article's text is never trusted as HTML.
            "changes": diff(previous.data if previous else None, revision.data),
            "can_restore": self.has_change_permission(request, article),
            "is_latest": not article.revisions.filter(number__gt=revision.number).exists(),
        }
        return TemplateResponse(request, "admin/faq/article/revision.html", context)

    def restore_view(self, request, object_id, revision_id):
        article, revision = self._revision(request, object_id, revision_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        change_url = reverse("admin:faq_article_change", args=[article.pk])
        try:
            restored = revision_restore(revision=revision, user=request.user)
        except RestoreRefused as exc:
            self.message_user(
                request,
                _("Revision #%(number)d was not restored: %(reason)s")
                % {"number": revision.number, "reason": exc},
                messages.ERROR,
            )
            return redirect(change_url)
        if restored is None:
            self.message_user(
                request,
                _("The article already reads as revision #%(number)d: nothing to restore.")
                % {"number": revision.number},
                messages.INFO,
            )
        else:
            self.message_user(
                request,
                _("Revision #%(number)d restored as revision #%(new)d.")
                % {"number": revision.number, "new": restored.number},
                messages.SUCCESS,
            )
        return redirect(change_url)

    @admin.display(description=_("Revisions"))
    def revision_history(self, article):
        if not article.pk:
            return "—"
        rows = article.revisions.select_related("author")[:HISTORY_ROWS]
        return format_html(
            '<table class="faq-revisions"><thead><tr><th>#</th><th>{}</th><th>{}</th>'
            "<th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("saved at"),
            _("saved by"),
            _("what changed"),
            _("note"),
            format_html_join(
                "",
                '<tr><td><a href="{}">#{}</a></td><td>{}</td><td>{}</td><td>{}</td>'
                "<td>{}</td></tr>",
                (
                    (
                        reverse("admin:faq_article_revision", args=[article.pk, rev.pk]),
                        rev.number,
                        timezone.localtime(rev.created_at).strftime("%d.%m.%Y %H:%M"),
                        rev.author_name or _("system"),
                        ", ".join(rev.changed_labels()) or _("first version"),
                        rev.message,
                    )
                    for rev in rows
                ),
            ),
        )

    @admin.display(description=_("Why not helpful"))
    def not_helpful_reasons(self, article):
        if not article.pk:
            return "—"
        noes = article.votes.filter(helpful=False)
        counts = noes.aggregate(
            **{value: Count("pk", filter=Q(reason=value)) for value in HelpfulVote.Reason.values}
        )
        labels = dict(HelpfulVote.Reason.choices)
        summary = format_html_join(
            "", "<li>{}: {}</li>", ((labels[key], count) for key, count in counts.items())
        )
        comments = noes.exclude(comment="").order_by("-updated_at")[:LATEST_COMMENTS]
        latest = format_html_join(
            "",
            "<li><strong>{}</strong>, {}: {}</li>",
            (
                (
                    timezone.localtime(vote.updated_at).strftime("%d.%m.%Y"),
                    labels.get(vote.reason, "—"),
                    vote.comment,
                )
                for vote in comments
            ),
        )
        return format_html(
            "<ul>{}</ul><p>{}</p><ul>{}</ul>",
            summary,
            _("Latest comments:") if comments else _("No comments yet."),
            latest,
        )

    @admin.display(description=_("reasons given"), ordering="reasons_total")
    def reasons_given(self, article):
        return getattr(article, "reasons_total", 0)


def review_due_note(request):
    """The admin index's reminder: how many articles are due for review (core.admin_site)."""
    if not request.user.has_perm("faq.change_article"):
        return None
    count = Article.objects.due_for_review().count()
    if not count:
        return None
    url = reverse("admin:faq_article_changelist") + "?review=due"
    text = _("Help articles due for review (not checked since %(date)s): %(count)d") % {
        "date": timezone.localtime(review_cutoff()).strftime("%d.%m.%Y"),
        "count": count,
    }
    return text, url
