import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse, reverse_lazy
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from core.cache import has_session, kept_for_content, public_page
from core.context_processors import site
from core.fragments import framed
from core.images import content_type_for
from core.origin import same_origin_post
from core.ratelimit import limit_reached
from core.structured_data import ld_json_script
from core.templatetags.spravka import language_switch
from faq.forms import VoteForm, VoteReasonForm
from faq.history import ArticleRedirect
from faq.models import LANGUAGE_CODES, Article, Category, HelpfulVote, can_preview_drafts
from faq.search import correct, parse_query, search_articles
from faq.services import ReasonOutcome, VoteOutcome, vote_reason_record, vote_record
from faq.templatetags.faq_search import search_title
from faq.visitor import visitor_id

SUGGEST_LIMIT = 5
MOST_HELPFUL_LIMIT = 5
# /help/ lists each topic's first articles and links to the topic for the rest: with every
# article listed it grew to 800 KB at 5,000 articles.
INDEX_ARTICLES_PER_CATEGORY = 10
CATEGORY_PAGE_SIZE = 20


@public_page
@require_safe
def index(request):
    categories = Category.objects.with_published_articles().prefetch_related(
        Prefetch(
            "articles",
            # A sliced prefetch: the database keeps the first N of each category (a window
            # function), so the rows fetched do not grow with the size of a category.
            queryset=Article.objects.published().for_links()[:INDEX_ARTICLES_PER_CATEGORY],
            to_attr="published_articles",
        )
    )
    return render(
        request,
        "faq/index.html",
        {
            "categories": categories,
            "most_helpful": _most_helpful(),
            "crumbs": [(_("Help"), "")],
        },
    )


def _most_helpful():
    return Article.objects.most_helpful(MOST_HELPFUL_LIMIT).for_lists()


@public_page
@require_safe
def category(request, slug):
    category = get_object_or_404(Category, slug=slug)
    paginator = Paginator(category.articles.published().for_lists(), CATEGORY_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except InvalidPage as exc:
        # Not a page of this topic (a word, 0, past the end): there is no such page.
        raise Http404 from exc
    return render(
        request,
        "faq/category.html",
        {
            "category": category,
            "articles": page.object_list,
            "page_obj": page,
            "crumbs": [(_("Help"), reverse("faq:index")), (category.name, "")],
        },
    )


@public_page
@require_safe
def article(request, category_slug, slug):
    # Without a session cookie the visitor is anonymous: reading request.user would open the
    # (empty) session and make the page vary on Cookie, which no proxy can share.
    viewer = request.user if has_session(request) else AnonymousUser()
    article = (
        Article.objects.visible_to(viewer)
        .select_related("category")
        .with_languages()
        # Not printed here: the Markdown source, the plain and the search text.
        .defer(*_translated("body", "body_text", "search_text"))
        .filter(slug=slug)
        .first()
    )
    if article is None:
        return _moved_or_404(viewer, slug)
    if article.category.slug != category_slug:
        # The article moved to another category: its address follows.
        return redirect(article, permanent=article.is_published)
    visitor = visitor_id(request)
    vote = HelpfulVote.objects.filter(article=article, visitor=visitor).first() if visitor else None
    crumbs = [
        (_("Help"), reverse("faq:index")),
        (article.category.name, article.category.get_absolute_url()),
        (article.title, ""),
    ]
    languages = article.languages()
    language = get_language()
    response = render(
        request,
        "faq/article.html",
        {
            "article": article,
            # Sanitised with nh3 when the article was saved (faq.markdown).
            "body_html": mark_safe(article.body_html),  # noqa: S308
            "related": article.related.published().for_lists(),
            "vote": vote,
            # After a "No", the thank-you page asks why (a second small form, no JS needed).
            "reason_form": VoteReasonForm(initial={"reason": vote.reason, "comment": vote.comment})
            if vote is not None and not vote.helpful
            else VoteReasonForm(),
            "ask_reason": vote is not None and not vote.helpful,
            "is_live": article.is_live(),
            "crumbs": crumbs,
            "breadcrumbs_json_ld": _breadcrumbs_json_ld(crumbs, article.get_absolute_url()),
            "article_languages": languages,
            # An English page of an article with no English text shows the Russian one: that is
            # the page search engines should index, and screen readers should read it as Russian.
            "canonical_article_url": _absolute_url(
                article, language if language in languages else settings.LANGUAGE_CODE
            ),
            "text_language": None if language in languages else settings.LANGUAGE_CODE,
        },
    )
    if not article.is_live():
        # A staff preview (a draft, or scheduled outside its window): never kept by a cache.
        patch_cache_control(response, private=True, no_store=True)
    return response


def _translated(*names):
    return [f"{name}_{code}" for name in names for code in LANGUAGE_CODES]


def _moved_or_404(viewer, slug):
    """An address the article had before a rename answers 301 to where it is now."""
    moved = (
        ArticleRedirect.objects.filter(old_slug=slug)
        .select_related("article__category")
        .only("article__slug", "article__category__slug", "article__status",
              "article__publish_at", "article__unpublish_at")
        .first()
    )  # fmt: skip
    if moved is None:
        raise Http404
    live = moved.article.is_live()
    if not (live or can_preview_drafts(viewer)):
        raise Http404
    # Staff following an old address to a draft get a temporary redirect: it may change.
    return redirect(moved.article, permanent=live)


def _absolute_url(article, language) -> str:
    with translation.override(language):
        return settings.SITE_URL + article.get_absolute_url()


def _breadcrumbs_json_ld(crumbs, current_path):
    items = [(_("Home"), reverse("pages:home")), *crumbs[:-1], (crumbs[-1][0], current_path)]
    data = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(name),
                "item": settings.SITE_URL + url,
            }
            for position, (name, url) in enumerate(items, start=1)
        ],
    }
    return ld_json_script(data)


# No CSRF token on the article page, so that it can be cached and shared: the vote is checked to
# come from our own pages instead (core/origin.py explains the check and its limits).
@csrf_exempt
@same_origin_post
@require_POST
def vote(request, category_slug, slug):
    article = get_object_or_404(Article.objects.published(), slug=slug)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return _answer(request, article, messages.ERROR, _("Choose “Yes” or “No”."), status=400)
    # Fresh sessions are free, addresses are not: "most helpful" cannot be pushed by one client.
    if _too_many(request):
        return _answer(request, article, messages.INFO, _too_many_text(), status=429)
    helpful = form.cleaned_data["helpful"]
    outcome = vote_record(
        article=article, visitor=visitor_id(request, create=True), helpful=helpful
    )
    if outcome is VoteOutcome.CHANGED:
        text = _("Thank you: we have changed your answer.")
    elif outcome is VoteOutcome.UNCHANGED:
        text = _("You have already answered; thank you.")
    else:
        text = _("Thank you for your answer!")
    if not helpful and _wants_json(request):
        # What the page itself says after a "No" when it reloads (no JavaScript).
        sorry = _(
            "Your answer: no. Sorry the article did not help: an online appeal will reach a person."
        )
        text = f"{text} {sorry}"
    return _answer(request, article, messages.SUCCESS, text, ask_reason=not helpful)


def _too_many(request) -> bool:
    return limit_reached(
        request, scope="vote", limit=settings.FAQ_VOTE_LIMIT, window=settings.FAQ_VOTE_WINDOW
    )


def _too_many_text() -> str:
    return _("We have received many answers from your address; please try later.")


def _wants_json(request) -> bool:
    # feedback.js asks for JSON; a plain form post (no JavaScript) gets a redirect.
    return "application/json" in request.headers.get("Accept", "")


def _answer(request, article, level, text, *, status=200, ask_reason=False):
    """The outcome of a feedback form: JSON for the script, else back to the article with a
    message (the page then shows the "why?" form after a "No")."""
    if _wants_json(request):
        return JsonResponse({"message": str(text), "ask_reason": ask_reason}, status=status)
    messages.add_message(request, level, text)
    return redirect(article.get_absolute_url() + "#feedback")


@csrf_exempt
@same_origin_post
@require_POST
def vote_reason(request, category_slug, slug):
    """Why the article did not help (after a "No"): a reason and an optional comment."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    if _too_many(request):
        return _answer(request, article, messages.INFO, _too_many_text(), status=429)
    form = VoteReasonForm(request.POST)
    if not form.is_valid():
        if _wants_json(request):
            errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
            return JsonResponse({"message": errors, "ask_reason": True}, status=400)
        # Shown again with what the visitor wrote: nothing typed is lost.
        return render(
            request,
            "faq/vote_reason.html",
            {
                "article": article,
                "reason_form": form,
                "crumbs": [
                    (_("Help"), reverse("faq:index")),
                    (article.title, article.get_absolute_url()),
                    (_("What was wrong?"), ""),
                ],
            },
        )
    outcome = vote_reason_record(
        article=article,
        visitor=visitor_id(request),
        reason=form.cleaned_data["reason"],
        comment=form.cleaned_data["comment"],
    )
    if outcome is ReasonOutcome.NO_VOTE:
        return _answer(
            request,
            article,
            messages.ERROR,
            _("Please answer “Was this helpful?” first."),
            status=400,
        )
    return _answer(request, article, messages.SUCCESS, _("Thank you: the editors will read this."))


# One address per query, most of them asked for once: compressed fast (core.cache).
@public_page(compress_fast=True)
@require_safe
def search(request):
    context = _search_context(request)
    response = _search_page(request, context)
    if context["query"].card_hidden:
        _never_kept(response)
    return response


def _never_kept(response):
    """A query that held a card number (faq.search.parse_query): its address still does, so its
    page is kept by no cache, ours (core.cache) or a proxy's."""
    patch_cache_control(response, private=True, no_store=True)


def _search_page(request, context):
    if not messages.get_messages(request):
        # The frame (head, header, trail, footer) is the same for every query: rendered once per
        # process and language (core.fragments.framed), only these three blocks per query.
        language = get_language()
        page = framed(
            request,
            "faq/search.html",
            context,
            {
                "title": lambda: search_title(context["query"].text),
                "language_switch": lambda: language_switch(site(request)),
                "content": lambda: render_to_string(
                    "faq/includes/search_content.html",
                    {**context, "LANGUAGE_CODE": language, "SCRIPT_PREFIX": get_script_prefix()},
                ),
            },
        )
        if page is not None:
            return HttpResponse(page)
    return render(request, "faq/search.html", context)


def _search_context(request) -> dict:
    query = parse_query(request.GET.get("q"))
    results = search_articles(query, language=get_language())
    corrected = None
    if not results:
        # A misspelt word: the closest words the articles use, shown only if they find something.
        corrected = correct(query, language=get_language())
        results = search_articles(corrected, language=get_language()) if corrected else []
        corrected = corrected if results else None
    context = {
        "query": query,
        "corrected": corrected,
        "search_query": query.text,
        "results": results,
        # Drawn once per process (a kept fragment): the address is reversed only then.
        "crumbs": [(_("Help"), reverse_lazy("faq:index")), (_("Search results"), "")],
    }
    if not results:
        context["nothing_found"] = _nothing_found()
    return context


def _nothing_found() -> SafeString:
    """What a search that found nothing offers instead (the topics, the most helpful answers):
    the same for every such query, and with two aggregate queries and ~60 links the larger part
    of its cost, so kept rendered per content version and language."""

    def build():
        context = {
            "categories": Category.objects.with_published_articles(),
            "most_helpful": _most_helpful(),
        }
        return str(render_to_string("faq/includes/nothing_found.html", context))

    # Our own template's output, escaped when it was rendered.
    return mark_safe(kept_for_content(f"faq:nothing-found:{get_language()}", build))  # noqa: S308


@public_page(compress_fast=True)
@require_safe
def suggest(request):
    """JSON for the appeal form: published articles matching ?q=, as {"results": [...]}."""
    query = parse_query(request.GET.get("q"))
    results = search_articles(query, language=get_language(), limit=SUGGEST_LIMIT, snippets=False)
    corrected = None
    if not results:
        corrected = correct(query, language=get_language())
        if corrected:
            results = search_articles(
                corrected, language=get_language(), limit=SUGGEST_LIMIT, snippets=False
            )
    data = {
        "results": [
            {
                "title": result.article.title,
                "url": result.article.url,
                "summary": result.article.summary,
            }
            for result in results
        ]
    }
    if corrected and results:
        # The query the articles were found for, when it is not the one typed.
        data["corrected"] = corrected.text
    response = JsonResponse(data)
    if query.card_hidden:
        _never_kept(response)
    return response


_IMAGE_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|gif|webp)$")


@require_safe
def image(request, name):
    """An image uploaded for articles: public content, served with its real content type."""
    match = _IMAGE_NAME.match(name)
    if not match:
        raise Http404
    path = settings.MARKDOWNX_MEDIA_PATH + name
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=content_type_for(match.group(1)))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    # Names are random and never reused: the file at a name never changes.
    patch_cache_control(response, public=True, max_age=31_536_000, immutable=True)
    return response
