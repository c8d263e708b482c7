"""The search results list (`{% load faq_search %}`)."""

from django import template
from django.utils.html import format_html_join

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


@register.simple_tag
def search_results(results):
    """The rows of a results list, made with format_html as Django's admin makes its change
    list rows. In the template language each row's four values cost ~160,000 Python
    instructions (a lookup, localisation and escaping per value, through several layers of
    calls): the 20 rows were a quarter of an uncached search page's Python time, and uncached
    searches are what a search's p99 is made of. Every value is escaped here as there."""
    return format_html_join(
        "",
        _RESULT,
        (
            (result.article.url, result.article.title, result.article.category_name, result.snippet)
            for result in results
        ),
    )
