"""Article search: PostgreSQL full-text search, or a folded-text fallback on SQLite.

How it works per language. A Russian page searches the Russian text with the `russian`
configuration. An English page searches the English text with the `english` configuration and
also the Russian text (Russian configuration): an article without an English version is shown in
Russian on /en/, so it must be findable there, and visitors type Russian on the English site too.

PostgreSQL: title weighted A, summary B, body C, stored per language in `search_vector_<lang>`
(Article.save()) with a GIN index on each (migration 0003); the filter and `SearchRank` read the
stored document. The snippet of an article found by its title or summary is its summary with the
words marked; of one found in its text only, `SearchHeadline` over the start of the text, made
for the returned rows only.

SQLite: each article keeps `search_text_<lang>`, its title, summary and text folded to lower case
with ё read as е (faq.text.fold), indexed word by word in an FTS5 table (faq/fts.py). Every
query word must begin a word of it; a word's common inflectional ending is dropped first, a
crude stand-in for stemming ("платежи" finds "платёж" here too). Results are ranked by where the
words occur (title, summary, text).

On both: each query word matches itself or any word of its synonym groups (faq.synonyms; built
into the tsquery by tsquery_text() and into the FTS5 MATCH by match_groups()). When nothing is
found, correct() offers the closest words the published articles use (faq.vocabulary).
"""

import functools
import html
import re
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connection
from django.db.models import Case, Q, When
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.cards import mask_cards, without_masked_cards
from core.db import prepared_cursor
from core.text import clean_single_line
from faq import fts, synonyms, vocabulary
from faq.models import (
    LANGUAGE_CODES,
    SEARCH_CONFIGS,
    Article,
    Category,
    article_url,
    article_url_maker,
)
from faq.text import MARK_END, MARK_START, fold, words

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
MIN_TERM_LENGTH = 2
CONFIGS = SEARCH_CONFIGS
DEFAULT_LANGUAGE = "ru"
# PostgreSQL ranks every match in titles and summaries, and at most this many matches found only
# in the text (see _ranked_pks): a word found in most articles' text would otherwise have every
# whole document read and ranked.
MAX_RANKED = 500


@dataclass(frozen=True)
class Query:
    text: str  # what the visitor typed, trimmed to MAX_QUERY_LENGTH: shown back in the box
    terms: tuple[str, ...]  # the words searched for
    shortened: bool  # the query was longer than we search for
    # Per term, the other words of its synonym groups (faq.synonyms): term OR any of them.
    alternatives: tuple[tuple[str, ...], ...] = ()
    # The visitor typed a card number: `text` shows it masked, and it is not searched for.
    card_hidden: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.text

    @property
    def is_searchable(self) -> bool:
        return bool(self.terms)

    def options(self) -> list[tuple[str, ...]]:
        """Per term: the term itself, then its synonyms."""
        alternatives = self.alternatives or ((),) * len(self.terms)
        return [(term, *others) for term, others in zip(self.terms, alternatives, strict=True)]

    @property
    def normalised(self) -> str:
        """The words searched for, folded: how the search log stores a query."""
        return " ".join(fold(term) for term in self.terms)


def parse_query(raw: str | None) -> Query:
    """Any string (however long, whatever characters) to the words we search for."""
    # Control and format characters (NUL, zero-width...) are neither words nor worth showing.
    raw = "".join(ch for ch in clean_single_line(raw or "") if ch.isprintable() or ch.isspace())
    raw = " ".join(raw.split())
    # A card number typed into search (it happens on a payment service's help site) is shown back
    # masked and not searched for: no article is about it, and the page of a query holding one is
    # never kept by a cache (faq.views).
    # A masked one (the language switch's link carries the query masked) is not searched either.
    masked = mask_cards(raw)
    raw = masked.text
    text = raw[:MAX_QUERY_LENGTH]
    searched = without_masked_cards(text)
    terms = [w for w in words(searched) if len(w) >= MIN_TERM_LENGTH]
    shortened = len(raw) > MAX_QUERY_LENGTH or len(terms) > MAX_TERMS
    terms = tuple(terms[:MAX_TERMS])
    return Query(
        text=text,
        terms=terms,
        shortened=shortened,
        alternatives=synonyms.alternatives(terms) if terms else (),
        card_hidden=masked.found or searched != text,
    )


class ListedArticle(NamedTuple):
    """What a search result prints of an article, in the page's language (Russian where a text
    is not translated, as the article page shows it). PostgreSQL's rows become these directly:
    making 20 Article and 20 Category instances (signals, translation descriptors, dates parsed)
    was a fifth of a search's Python time, for columns no result prints. Named tuples, not
    frozen dataclasses: those set each field through object.__setattr__, 40 times a search."""

    pk: int
    slug: str
    title: str
    summary: str
    category_name: str
    url: str

    @classmethod
    def of(cls, article: Article, url_of=article_url) -> "ListedArticle":
        """From an Article loaded with its category (`for_lists()`)."""
        category = article.category
        return cls(
            article.pk,
            article.slug,
            article.title,
            article.summary,
            category.name,
            url_of(category.slug, article.slug),
        )


class Result(NamedTuple):
    article: ListedArticle
    snippet: SafeString


def search_articles(
    query: Query, *, language: str | None = None, limit: int = 20, snippets: bool = True
) -> list[Result]:
    """Published articles matching every word of the query, best first; `snippets=False` for
    callers that print titles and summaries only (the appeal form's suggestions): making a
    snippet parses the text and is most of a search's cost."""
    if not query.is_searchable:
        return []
    language, languages = _languages(language)
    if connection.vendor == "postgresql":
        return _search_postgresql(query, language, languages, limit, snippets)
    # Lists print titles and summaries only: the long text columns stay in the database.
    base = Article.objects.published().for_lists()
    return _search_folded(base, query, language, languages, limit, snippets)


def _languages(language: str | None) -> tuple[str, list[str]]:
    """The page's language, and the languages its search reads (English pages: Russian too)."""
    if language not in CONFIGS:
        current = get_language()
        language = current if current in CONFIGS else DEFAULT_LANGUAGE
    return language, [language] if language == DEFAULT_LANGUAGE else [language, DEFAULT_LANGUAGE]


def correct(query: Query, *, language: str | None = None) -> Query | None:
    """The query with each word the articles never use replaced by the closest one they do
    (faq.vocabulary), or None when there is nothing to correct. For a search that found
    nothing: one statement on PostgreSQL, two small lookups per query word on SQLite."""
    if not query.is_searchable:
        return None
    _language, languages = _languages(language)
    better = vocabulary.corrections([fold(term) for term in query.terms], languages)
    if not any(better):
        return None
    terms = [found or term for term, found in zip(query.terms, better, strict=True)]
    return parse_query(" ".join(terms))


# --- PostgreSQL -------------------------------------------------------------------------------


def tsquery_text(query: Query) -> str:
    """The to_tsquery() text of a query: every term, or one of its synonyms (a synonym of
    several words is a phrase). Terms are letters and digits only (faq.text.words), quoted all
    the same so that nothing in them is read as tsquery syntax."""
    return " & ".join(
        "(" + " | ".join(f"'{' '.join(words(option))}'" for option in options) + ")"
        for options in query.options()
    )


def _search_postgresql(query, language, languages, limit, snippets):
    """One statement ranks the matches and loads the returned rows (with their snippets).

    Written as SQL, not querysets: building the queryset that loaded the rows (filters, select
    related, a Case for the snippet) cost more Python time than everything else a suggestion
    does. The rows hold only what a result prints (ListedArticle), and the tsquery and snippet
    expressions are still the ORM's SQL, compiled once per language and reused with this
    query's text (see _sql_templates)."""
    text = tsquery_text(query)
    templates = _sql_templates(language, tuple(languages), snippets)
    tsqueries = {code: templates.tsqueries[code].bind(text) for code in languages}
    ranked_sql, ranked_params = _ranked_sql(tsqueries, languages, limit)
    headline_sql, headline_params = templates.headline.bind(text) if snippets else ("NULL", [])
    # A match in the title or summary (tier 1) is shown with its summary, marked here in Python:
    # that says what the article is about, and spares PostgreSQL parsing its text (ts_headline
    # was more than half of a common word's search). A match in the text only shows the text.
    headline_sql = f"CASE WHEN ranked.tier = 0 THEN {headline_sql} END"
    article_table = connection.ops.quote_name(Article._meta.db_table)
    category_table = connection.ops.quote_name(Category._meta.db_table)
    sql = (
        f"WITH ranked AS ({ranked_sql}) "  # noqa: S608
        f"SELECT {templates.columns}, ranked.tier, {headline_sql} FROM ranked "
        f"JOIN {article_table} ON {article_table}.id = ranked.id "
        f"JOIN {category_table} ON {category_table}.id = {article_table}.category_id "
        'ORDER BY ranked.tier DESC, ranked.rank DESC, ranked."order", ranked.id'
    )
    # The statement's text is the same for every query of a language: prepared once per
    # connection (core.db.prepared_cursor).
    with prepared_cursor(connection) as cursor:
        cursor.execute(sql, [*ranked_params, *headline_params])
        rows = cursor.fetchall()
    results = []
    marked = _marked_words(query) if snippets else []
    url_of = article_url_maker()
    for pk, slug, title, title_ru, summary, summary_ru, c_slug, c_name, c_name_ru, tier, hl in rows:
        # Untranslated text falls back to Russian, as modeltranslation's fields do.
        article = ListedArticle(
            pk,
            slug,
            title or title_ru,
            summary or summary_ru,
            c_name or c_name_ru,
            url_of(c_slug, slug),
        )
        if not snippets:
            snippet = mark_safe("")
        elif tier == 0:  # found in the text only
            snippet = _marked_to_html(hl or "")
        else:
            snippet = folded_snippet(article.summary, marked)
        results.append(Result(article=article, snippet=snippet))
    return results


@dataclass(frozen=True)
class _Bindable:
    """Compiled SQL whose parameters include a placeholder text: bind() puts a query's in."""

    sql: str
    params: tuple

    def bind(self, text: str) -> tuple[str, list]:
        return self.sql, [text if param is _PLACEHOLDER else param for param in self.params]


class _Placeholder(str):
    """A tsquery text recognisable among the compiled parameters (by identity)."""


_PLACEHOLDER = _Placeholder("placeholder")


@dataclass(frozen=True)
class _Templates:
    tsqueries: dict
    headline: _Bindable | None
    columns: str


_templates_cache: dict = {}


def _sql_templates(language, languages, snippets) -> _Templates:
    """The SQL the ORM writes for the tsqueries, the snippet and the list columns, per language:
    the same every time but for the query's text, so compiled once per process."""
    key = (language, languages, snippets, connection.alias)
    found = _templates_cache.get(key)
    if found is not None:
        return found
    queries = {
        code: SearchQuery(_PLACEHOLDER, search_type="raw", config=CONFIGS[code])
        for code in languages
    }
    tsqueries = {}
    for code, search_query in queries.items():
        sql, params = _compiled(search_query)
        if not any(param is _PLACEHOLDER for param in params):
            # The ORM copied the text: bind() would search for the placeholder itself.
            raise RuntimeError("SearchQuery SQL without its text as a parameter")
        # A scalar subquery: evaluated once per statement (an InitPlan). As a bare call it is
        # not folded into a constant when planned (the text-to-regconfig cast is only stable),
        # so PostgreSQL parsed and stemmed the query again for every row it ranked or
        # rechecked, in custom and generic plans alike: a common word ranks ~1,000 titles.
        tsqueries[code] = _Bindable(f"(SELECT {sql})", tuple(params))
    headline = None
    if snippets:
        sql, params = _compiled(_headline_expression(language, queries))
        headline = _Bindable(sql, tuple(params))
    found = _Templates(tsqueries=tsqueries, headline=headline, columns=_listed_columns(language))
    _templates_cache[key] = found
    return found


def _listed_columns(language) -> str:
    """The columns a ListedArticle is made from (the category's slug only for the address):
    each translated text in the page's language, then in Russian (its fallback)."""
    quote = connection.ops.quote_name
    article, category = Article._meta, Category._meta

    def column(meta, name):
        return f"{quote(meta.db_table)}.{quote(meta.get_field(name).column)}"

    def translated(meta, name):
        return [column(meta, f"{name}_{language}"), column(meta, f"{name}_{DEFAULT_LANGUAGE}")]

    return ", ".join(
        [
            column(article, "id"),
            column(article, "slug"),
            *translated(article, "title"),
            *translated(article, "summary"),
            column(category, "slug"),
            *translated(category, "name"),
        ]
    )


def _ranked_sql(tsqueries, languages, limit) -> tuple[str, list]:
    """The best `limit` published matches (id and the keys they are ordered by), as SQL.

    1. Articles whose title or summary has every word, ranked from `search_head_<lang>` (title A,
       summary B): small and stored inline, so all of them are ranked even when a common word
       puts thousands there. These come first: a word in the title is what the visitor meant.
    2. Only when those are fewer than `limit`: matches in the text, ranked from the whole
       document. Reading each document costs ~5 µs (it is TOASTed), so at most MAX_RANKED of
       them are ranked, the first found; the count of step 1 is a one-time filter, so PostgreSQL
       does not even start step 2 when step 1 filled the page.

    Written as SQL: step 2 is a subquery with LIMIT in FROM, which the ORM cannot write (with
    `pk IN (subquery)` PostgreSQL scanned the whole table to join them), and building the same
    statement with querysets cost more Python time than the database took to answer it. The
    tsquery itself is the SQL of the SearchQuery objects, whatever builds them.
    """

    def each(template, joiner):
        parts = [template.format(code=code, q=tsqueries[code][0]) for code in languages]
        return f" {joiner} ".join(parts), [p for code in languages for p in tsqueries[code][1]]

    head_match, head_match_params = each("a.search_head_{code} @@ {q}", "OR")
    head_rank, head_rank_params = each("ts_rank(a.search_head_{code}, {q})", "+")
    text_match, text_match_params = each("a.search_vector_{code} @@ {q}", "OR")
    text_rank, text_rank_params = each("ts_rank(a.search_vector_{code}, {q})", "+")
    table = connection.ops.quote_name(Article._meta.db_table)
    published = Article.Status.PUBLISHED
    # What Article.objects.published() means (faq.models.published_q), written for this SQL: a
    # scheduled article is found only between its publish_at and unpublish_at.
    visible = (
        "a.status = %s AND (a.publish_at IS NULL OR a.publish_at <= %s) "
        "AND (a.unpublish_at IS NULL OR a.unpublish_at > %s)"
    )
    now = timezone.now()
    sql = (
        f'WITH head AS MATERIALIZED (SELECT a.id, a."order", {head_rank} AS rank '  # noqa: S608
        f"FROM {table} a WHERE {visible} AND ({head_match}) "
        'ORDER BY rank DESC, a."order", a.id LIMIT %s) '
        'SELECT id, tier, rank, "order" FROM (SELECT id, 1 AS tier, rank, "order" FROM head '
        'UNION ALL SELECT id, 0 AS tier, rank, "order" FROM ('
        f'SELECT a.id, a."order", {text_rank} AS rank FROM {table} a '
        # An article saved before its head column existed has NULL there: still found.
        f"WHERE {visible} AND ({text_match}) AND NOT coalesce({head_match}, false) "
        "LIMIT %s) AS in_text WHERE (SELECT count(*) FROM head) < %s) AS found "
        'ORDER BY tier DESC, rank DESC, "order", id LIMIT %s'
    )
    params = [
        *head_rank_params,
        published,
        now,
        now,
        *head_match_params,
        limit,
        *text_rank_params,
        published,
        now,
        now,
        *text_match_params,
        *head_match_params,
        MAX_RANKED,
        limit,
        limit,
    ]
    return sql, params


def _compiled(expression) -> tuple[str, list]:
    """The SQL and parameters the ORM writes for an expression (a SearchQuery) on Article."""
    query = Article.objects.all().query
    compiler = query.get_compiler(connection=connection)
    sql, params = expression.resolve_expression(query).as_sql(compiler, connection)
    return sql, list(params)


# ts_headline parses the text it is given: the start of a long article is enough for a snippet.
HEADLINE_CHARACTERS = 800


def _headline(language, query):
    return SearchHeadline(
        Substr(f"body_text_{language}", 1, HEADLINE_CHARACTERS),
        query,
        config=CONFIGS[language],
        start_sel=MARK_START,
        stop_sel=MARK_END,
        max_words=28,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def _headline_expression(language, queries):
    """The snippet: made in the query that loads the returned rows only, never every match."""
    headline = _headline(language, queries[language])
    if language == DEFAULT_LANGUAGE:
        return headline
    # Not yet translated: the page shows the Russian text, so the snippet comes from it.
    untranslated = Q(**{f"body_text_{language}": ""}) | Q(**{f"body_text_{language}__isnull": True})
    return Case(
        When(untranslated, then=_headline(DEFAULT_LANGUAGE, queries[DEFAULT_LANGUAGE])),
        default=headline,
    )


def _marked_to_html(marked: str) -> SafeString:
    # Escape everything the database gave us, then turn only our own markers into <mark>.
    marked_html = escape(marked).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(marked_html)  # noqa: S308


# --- SQLite and any other database ------------------------------------------------------------

_RU_ENDINGS = sorted(
    [
        "ами",
        "ями",
        "ией",
        "иям",
        "иях",
        "ого",
        "его",
        "ому",
        "ему",
        "ыми",
        "ими",
        "ая",
        "яя",
        "ое",
        "ее",
        "ые",
        "ие",
        "ый",
        "ий",
        "ой",
        "ей",
        "ую",
        "юю",
        "ом",
        "ем",
        "ам",
        "ям",
        "ах",
        "ях",
        "ов",
        "ев",
        "ию",
        "ия",
        "ии",
        "ью",
        "ья",
        "а",
        "я",
        "о",
        "е",
        "ы",
        "и",
        "у",
        "ю",
        "ь",
        "й",
    ],
    key=len,
    reverse=True,
)
_EN_ENDINGS = ["ing", "ed", "es", "s"]
_MIN_STEM = 4
_CYRILLIC = re.compile(r"[а-яё]")


def stem(term: str) -> str:
    """A folded query word without a common inflectional ending (searched as a prefix)."""
    term = fold(term)
    endings = _RU_ENDINGS if _CYRILLIC.search(term) else _EN_ENDINGS
    for ending in endings:
        if term.endswith(ending) and len(term) - len(ending) >= _MIN_STEM:
            return term[: -len(ending)]
    return term


def _search_folded(base, query, language, languages, limit, snippets):
    # The FTS5 index finds and orders the articles (faq/fts.py); no article text is read but
    # the returned rows' own, for their snippets.
    pks, by_pk = _visible_matches(base, match_groups(query), languages, limit)
    url_of = article_url_maker()
    if not snippets:
        return [
            Result(article=ListedArticle.of(by_pk[pk], url_of), snippet=mark_safe(""))
            for pk in pks
            if pk in by_pk
        ]
    # As on PostgreSQL: found by the title or summary, the summary; else the text.
    in_head = {pk for pk, article in by_pk.items() if _in_head(article, query)}
    texts = _texts([pk for pk in pks if pk not in in_head], language)
    marked = _marked_words(query)
    return [
        Result(
            article=ListedArticle.of(by_pk[pk], url_of),
            snippet=folded_snippet(
                by_pk[pk].summary if pk in in_head else texts.get(pk, ""), marked
            ),
        )
        for pk in pks
        if pk in by_pk
    ]


def _visible_matches(base, groups, languages, limit) -> tuple[list[int], dict]:
    """The best `limit` matches visible now, and their rows. The index holds every article with
    the published status, scheduled ones too (the schedule is a matter of the clock, not of a
    save): those it ranks among the best are skipped, and the next ones read in their place."""
    pks, by_pk, offset = [], {}, 0
    while len(pks) < limit:
        batch = fts.search(groups, languages, LANGUAGE_CODES, limit, offset=offset)
        found = base.filter(pk__in=batch).in_bulk()
        pks += [pk for pk in batch if pk in found][: limit - len(pks)]
        by_pk.update(found)
        if len(batch) < limit:
            break  # the index has no more matches
        offset += limit
    return pks, by_pk


def _in_head(article, query: Query) -> bool:
    """Whether every query word (or a synonym) begins a word of the title or summary shown."""
    head = " " + " ".join(words(fold(f"{article.title} {article.summary}")))
    return all(
        any(all(f" {stem(word)}" in head for word in words(option)) for option in options)
        for options in query.options()
    )


def _marked_words(query: Query) -> list[str]:
    """The words a snippet marks: each query word and each word of its synonyms."""
    return [word for options in query.options() for option in options for word in words(option)]


def match_groups(query: Query) -> list[list[list[str]]]:
    """What the FTS5 MATCH is built from (faq.fts.match_expression): per term, its options
    (the term and its synonyms), each option the word prefixes it is made of."""
    return [
        [[stem(word) for word in words(option)] for option in options if words(option)]
        for options in query.options()
    ]


def _texts(pks, language) -> dict[int, str]:
    """The plain text of the returned rows only, in the page's language or else Russian."""
    if not pks:
        return {}
    columns = [f"body_text_{language}", f"body_text_{DEFAULT_LANGUAGE}"]
    rows = Article.objects.filter(pk__in=pks).values_list("pk", *columns)
    return {pk: next((text for text in texts if text), "") for pk, *texts in rows}


_SNIPPET_RADIUS = 110


# What django.utils.html.escape() does, without its lazy-text check and SafeString per piece:
# a snippet escapes ~50 pieces, and the joined whole is marked safe once.
_escape = html.escape


def folded_snippet(text: str, terms) -> SafeString:
    """About 220 characters of `text` around the first match, matched words in <mark>.

    The text is escaped piece by piece; only the <mark> tags are ours.
    """
    text = text or ""
    folded = fold(text)
    pattern = _stems_pattern(tuple(terms))
    found = pattern.search(folded) if pattern else None
    if found is None:
        window_start, window_end = 0, min(len(text), 2 * _SNIPPET_RADIUS)
    else:
        first = found.start()
        window_start = max(0, first - _SNIPPET_RADIUS // 2)
        window_end = min(len(text), window_start + 2 * _SNIPPET_RADIUS)
    # Snap to word boundaries.
    if window_start > 0:
        space = text.find(" ", window_start)
        window_start = space + 1 if 0 <= space < window_start + 20 else window_start
    if window_end < len(text):
        space = text.rfind(" ", window_start, window_end)
        window_end = space if space > window_start else window_end
    spans = []
    if pattern is not None:
        for match in pattern.finditer(folded, window_start, window_end):
            start, end = match.span()
            while end < window_end and (text[end].isalnum()):
                end += 1
            spans.append((start, end))
    spans = _merge(sorted(spans))
    parts = ["… " if window_start > 0 else ""]
    cursor = window_start
    for start, end in spans:
        parts.append(_escape(text[cursor:start]))
        parts.append(f"<mark>{_escape(text[start:end])}</mark>")
        cursor = end
    parts.append(_escape(text[cursor:window_end]))
    if window_end < len(text):
        parts.append(" …")
    # Every piece of the visitor-visible text was escaped above.
    return mark_safe("".join(parts))  # noqa: S308


@functools.lru_cache(maxsize=256)
def _stems_pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    """One pattern for every term's stem, longest first (a search's 20 snippets share it)."""
    stems = sorted({stem(term) for term in terms} - {""}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, stems))) if stems else None


def _merge(spans):
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
