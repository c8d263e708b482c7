"""Template tags and filters shared by every app's templates (`{% load spravka %}`): small filters,
the page frame's per-request parts made in Python, and `{% keep %}` fragments."""

import html
from datetime import datetime

from django import template
from django.conf import settings
from django.template.loader_tags import BlockNode
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core import fragments

register = template.Library()


@register.filter
def html_datetime(value: datetime | None) -> str:
    """A `<time datetime>` value HTML accepts: local time to the second, with its offset.

    Django's `date:"c"` keeps microseconds ("…:05.123456+03:00"), which the HTML standard's
    "valid global date and time string" allows only up to three digits, so validators refuse it.
    """
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


@register.filter
def nowrap(value) -> str:
    """Keeps a reference like SP-7K3-9QX on one line (browsers break lines at hyphens)."""
    return format_html('<span class="nowrap">{}</span>', value)


# The page frame's per-request parts, made in Python as Django's admin makes its change-list
# rows: every uncached page draws them, and in the template language each link's lookups,
# localisation and escaping cost more than the rest of the page's head.


def _attr(value) -> str:
    """An attribute value or text from the site context processor (a URL, a code, a language
    name that may be lazy text), escaped as the template language escapes, quotes included."""
    return html.escape(str(value))


@register.simple_tag(takes_context=True)
def alternate_links(context, languages=None) -> str:
    """`<link rel="alternate" hreflang>` for the page in each language (or in `languages` only,
    for an article that is not translated), and the Russian one again as x-default."""
    links = []
    default = ""
    for alt in context.get("alternate_urls", ()):
        url = _attr(alt["url"])
        if languages is None or alt["code"] in languages:
            links.append(f'\n  <link rel="alternate" hreflang="{_attr(alt["code"])}" href="{url}">')
        if alt["code"] == settings.LANGUAGE_CODE:
            default = f'\n  <link rel="alternate" hreflang="x-default" href="{url}">'
    return mark_safe("".join(links) + default)  # noqa: S308 - every value above is escaped


@register.simple_tag(takes_context=True)
def language_switch(context) -> str:
    """The header's language switch: one item per language, the current one not a link (the
    same page with its query string, so search results stay results)."""
    items = []
    for alt in context.get("alternate_urls", ()):
        code = _attr(alt["code"])
        label = _attr(alt["code"].upper())
        if alt["current"]:
            item = f'<span aria-current="true" lang="{code}">{label}</span>'
        else:
            item = (
                f'<a href="{_attr(alt["path"])}" hreflang="{code}" lang="{code}" '
                f'title="{_attr(alt["name"])}">{label}</a>'
            )
        items.append(f"\n        <li>{item}</li>")
    return mark_safe(  # noqa: S308 - every value above is escaped
        f'<nav class="lang-switch" aria-label="{_attr(gettext("Language"))}">\n      <ul>'
        + "".join(items)
        + "\n      </ul>\n    </nav>"
    )


class KeepNode(template.Node):
    # `{% extends %}` walks the whole parent template for its blocks on every render; a kept
    # fragment holds none (its HTML is rendered once), so the walk does not go inside.
    child_nodelists = ()

    def __init__(self, nodelist, name: str, vary_on: list):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context) -> str:
        key = (self.name, *(variable.resolve(context) for variable in self.vary_on))
        html = fragments.get(key)
        if html is None:
            html = self.nodelist.render(context)
            fragments.put(key, html)
        return html


@register.tag
def keep(parser, token):
    """`{% keep name var1 var2 %}…{% endkeep %}`: the enclosed HTML rendered once per process for
    each value of the variables (core.fragments). The variables must say everything the HTML
    depends on: the language, the script prefix if it prints a link, the section."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% keep %} takes a fragment name")
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        # Rendered once, it could not follow a child template's override (nor would
        # {% extends %} look inside it: KeepNode.child_nodelists).
        raise template.TemplateSyntaxError("{% keep %} cannot hold a {% block %}")
    return KeepNode(nodelist, bits[1], [parser.compile_filter(bit) for bit in bits[2:]])
