"""The search results list (`{% load faq_search %}`)."""

import html

from django import template
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext, ngettext

register = template.Library()

# One result: its title linked to the article, its topic, the snippet (already HTML: escaped
# piece by piece, the query words in <mark>, faq.search).
_RESULT = (
    '<li class="faq-result">\n'
    '  <h2 class="faq-result__title"><a href="{}">{}</a></h2>\n'
    '  <p class="faq-result__category muted">{}</p>\n'
    '  <p class="faq-result__snippet">{}</p>\n'
    "</li>\n"
)


def _html(value: str) -> str:
    """What django.utils.html.conditional_escape() does for a str (HTML as it is, anything else
    escaped, quotes included), without its check for lazy text, which cost ~1.5 µs a value, more
    than the escaping itself: the values here are the database's own strings."""
    return value if isinstance(value, SafeData) else html.escape(value)


@register.simple_tag
def search_results(results):
    """The rows of a results list, made here as Django's admin makes its change list rows. In
    the template language each row's four values cost ~95,000 Python instructions (a lookup,
    localisation and escaping per value, through several layers of calls), and format_html()
    still ~12 µs a row, where this takes ~4 µs; uncached searches are what a search's p99 is
    made of. Every value is escaped here."""
    return mark_safe(  # noqa: S308 - each value below is escaped (or is our own escaped HTML)
        "".join(
            _RESULT.format(
                _html(result.article.url),
                _html(result.article.title),
                _html(result.article.category_name),
                _html(result.snippet),
            )
            for result in results
        )
    )


# The count and the title are made here too: `{% blocktranslate %}` looked each of its values up
# through every layer of the page's context and localised the number, ~5% of an uncached search
# page's time. The sentences are the same catalog entries; the translations are trusted HTML
# (as blocktranslate treats them), the query's text is escaped.


@register.simple_tag
def results_count(results, text: str, corrected: bool = False) -> str:
    """ "20 articles found for “платёж”.", or, for a corrected query, "Showing 20 articles…"."""
    count = len(results)
    if corrected:
        sentence = ngettext(
            "Showing %(counter)s article found for “%(text)s”.",
            "Showing %(counter)s articles found for “%(text)s”.",
            count,
        )
    else:
        sentence = ngettext(
            "%(counter)s article found for “%(text)s”.",
            "%(counter)s articles found for “%(text)s”.",
            count,
        )
    return mark_safe(sentence % {"counter": count, "text": html.escape(text)})  # noqa: S308


@register.simple_tag
def search_title(text: str) -> str:
    """The page title: "Search: “платёж”", or "Search help" before anything is typed."""
    if not text:
        return gettext("Search help")
    return mark_safe(gettext("Search: “%(text)s”") % {"text": html.escape(text)})  # noqa: S308
