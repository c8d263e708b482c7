from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget
from modeltranslation.admin import TranslationAdmin

from faq.admin_history import (
    ArticleHistoryAdminMixin,
    NotHelpfulReasonFilter,
    ReviewFilter,
    ScheduleFilter,
)
from faq.forms import ArticleAdminForm
from faq.history import ArticleRedirect, revision_context
from faq.models import Article, Category
from faq.services import article_publish, article_unpublish


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ("name", "slug", "order", "article_count")
    list_editable = ("order",)
    search_fields = ("name_ru", "name_en", "slug")
    ordering = ("order", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "description")}),
        (_("Address and position"), {"fields": ("slug", "order")}),
        (_("History"), {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, category):
        return category.article_total


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Article.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Article.Status.values:
            return queryset.filter(status=self.value())
        return queryset


@admin.register(Article)
class ArticleAdmin(ArticleHistoryAdminMixin, TranslationAdmin):
    form = ArticleAdminForm
    formfield_overrides = {MarkdownxField: {"widget": AdminMarkdownxWidget}}
    list_display = (
        "title",
        "category",
        "status",
        "published_at",
        "updated_at",
        "helpful_yes",
        "helpful_no",
        "reasons_given",
        "reviewed_at",
        "order",
    )
    list_display_links = ("title",)
    list_filter = (
        StatusFilter,
        ScheduleFilter,
        ReviewFilter,
        NotHelpfulReasonFilter,
        "category",
        "published_at",
        "updated_at",
    )
    list_select_related = ("category",)
    search_fields = ("title_ru", "title_en", "summary_ru", "summary_en", "slug")
    ordering = ("category__order", "order", "pk")
    date_hierarchy = "published_at"
    filter_horizontal = ("related",)
    prepopulated_fields = {"slug": ("title_en",)}
    readonly_fields = (
        "published_at",
        "reviewed_at",
        "created_at",
        "updated_at",
        "helpful_totals",
        "not_helpful_reasons",
        "revision_history",
    )
    actions = ("publish", "unpublish")
    fieldsets = (
        (None, {"fields": ("category", "title", "summary", "body")}),
        (_("Publication"), {"fields": ("status", "slug", "order", "published_at")}),
        (_("Schedule"), {
            "fields": ("publish_at", "unpublish_at"),
            "description": _("Optional. A published article is on the site only between these "
                             "times; leave both empty to show it as soon as it is published."),
        }),
        (_("See also"), {"fields": ("related",)}),
        (_("Review"), {"fields": ("reviewed", "reviewed_at", "revision_message")}),
        (_("Visitors' answers"), {"fields": ("helpful_totals", "not_helpful_reasons")}),
        (_("History"), {"fields": ("revision_history", "created_at", "updated_at")}),
    )  # fmt: skip

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                helpful_yes_total=Count("votes", filter=Q(votes__helpful=True)),
                helpful_no_total=Count("votes", filter=Q(votes__helpful=False)),
                reasons_total=Count("votes", filter=Q(votes__helpful=False) & ~Q(votes__reason="")),
            )
        )

    def save_model(self, request, obj, form, change):
        # Who saved, their note and "Reviewed" go with the revision this save writes.
        with revision_context(
            user=request.user,
            message=form.cleaned_data.get("revision_message", ""),
            reviewed=form.cleaned_data.get("reviewed", False),
        ):
            super().save_model(request, obj, form, change)

    @admin.display(description=_("helpful: yes"), ordering="helpful_yes_total")
    def helpful_yes(self, article):
        return article.helpful_yes_total

    @admin.display(description=_("helpful: no"), ordering="helpful_no_total")
    def helpful_no(self, article):
        return article.helpful_no_total

    @admin.display(description=_("“Was this helpful?”"))
    def helpful_totals(self, article):
        yes = getattr(article, "helpful_yes_total", None)
        no = getattr(article, "helpful_no_total", None)
        if yes is None:
            yes = article.votes.filter(helpful=True).count() if article.pk else 0
            no = article.votes.filter(helpful=False).count() if article.pk else 0
        return _("yes: %(yes)d, no: %(no)d") % {"yes": yes, "no": no}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Wide boxes for the title and the summary (admin CSS classes: no style="", per CSP).
        if db_field.name.startswith("title_"):
            kwargs["widget"] = widgets.AdminTextInputWidget(attrs={"class": "vLargeTextField"})
        elif db_field.name.startswith("summary_"):
            kwargs["widget"] = widgets.AdminTextareaWidget(
                attrs={"class": "vLargeTextField", "rows": 3}
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "related":
            kwargs["queryset"] = Article.objects.select_related("category").order_by(
                "category__order", "order", "pk"
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _apply(self, request, queryset, service) -> int:
        changed = 0
        for article in queryset:
            try:
                with revision_context(user=request.user):
                    changed += service(article=article)
            except ValidationError as exc:
                self.message_user(
                    request,
                    _("“%(title)s” was not changed: %(errors)s")
                    % {"title": article.title, "errors": " ".join(exc.messages)},
                    messages.ERROR,
                )
        return changed

    @admin.action(description=_("Publish selected articles"), permissions=["change"])
    def publish(self, request, queryset):
        changed = self._apply(request, queryset, article_publish)
        self.message_user(
            request,
            ngettext("%(count)d article published.", "%(count)d articles published.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected articles (back to drafts)"),
                  permissions=["change"])  # fmt: skip
    def unpublish(self, request, queryset):
        changed = self._apply(request, queryset, article_unpublish)
        self.message_user(
            request,
            ngettext(
                "%(count)d article moved back to drafts.",
                "%(count)d articles moved back to drafts.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )


# Search synonyms and vocabulary (faq/search_admin.py).
from faq import search_admin  # noqa: E402, F401


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    """Old addresses of renamed articles (made by saves, never typed): delete one to free it."""

    list_display = ("old_slug", "old_category_slug", "article", "created_at")
    search_fields = ("old_slug", "article__slug", "article__title_ru")
    list_select_related = ("article",)
    readonly_fields = ("old_slug", "old_category_slug", "article", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
