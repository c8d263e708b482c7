"""Staff Markdown to safe HTML: Python-Markdown renders, nh3 cleans against an allow-list.

Used when an article is saved (the result is stored in ``body_html``) and by the admin's live
preview (``MARKDOWNX_MARKDOWNIFY_FUNCTION``), so staff see exactly what visitors will get.
Python-Markdown passes raw HTML through untouched, so the sanitiser is what makes it safe.
"""

import re
from html import unescape
from urllib.parse import urlsplit

import markdown
import nh3
from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

# The path our uploaded article images are served from (faq.views.image). Kept as a constant
# rather than reversed: stored HTML must not depend on the language active when it was saved.
IMAGE_PATH_PREFIX = "/help/images/"

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "li": {"id"},
    "sup": {"id"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
# Classes Python-Markdown itself adds (footnotes); nothing else survives.
ALLOWED_CLASSES = {
    "a": {"footnote-ref", "footnote-backref"},
    "div": {"footnote"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Elements removed together with everything inside them.
REMOVED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "svg", "math"}

_SAFE_ID = re.compile(r"^[\w-]{1,100}$")
_SAFE_NUMBER = re.compile(r"^\d{1,4}$")
_ALIGN = {"left", "right", "center"}
# nh3's output always quotes attributes with " and escapes " and > inside values, so an opening
# <a ...> tag is exactly this.
_A_TAG = re.compile(r'<a((?:\s+[\w:-]+="[^"]*")*)\s*>')
_HREF = re.compile(r'\shref="([^"]*)"')


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "id":
        return value if _SAFE_ID.match(value) else None
    if tag == "img" and attr == "src":
        # Our own uploads, or an https image; never data:, http: or a protocol-relative URL.
        if value.startswith(IMAGE_PATH_PREFIX) or value.lower().startswith("https://"):
            return value
        return None
    if attr in {"width", "height", "start"}:
        return value if _SAFE_NUMBER.match(value) else None
    if attr == "align":
        return value if value in _ALIGN else None
    return value


def _is_external(href: str) -> bool:
    url = unescape(href).strip()
    if url.startswith("//"):
        return True
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        return False
    return parts.netloc.lower() != urlsplit(settings.SITE_URL).netloc.lower()


def _mark_external_links(html: str) -> str:
    def add_rel(match: re.Match) -> str:
        attrs = match.group(1)
        href = _HREF.search(attrs)
        if href and _is_external(href.group(1)):
            return f'<a{attrs} rel="noopener nofollow">'
        return match.group(0)

    return _A_TAG.sub(add_rel, html)


def sanitize_html(html: str) -> str:
    """Clean HTML against the allow-list; external links get rel="noopener nofollow"."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return _mark_external_links(cleaned)


class _DemoteH1(Treeprocessor):
    def run(self, root):
        for element in root.iter("h1"):
            element.tag = "h2"


class _TitleIsTheOnlyH1(Extension):
    """The article title is the page's only <h1>: a Markdown "#" heading becomes <h2>."""

    def extendMarkdown(self, md):
        # Before "toc" (priority 5), which gives the headings their ids.
        md.treeprocessors.register(_DemoteH1(md), "faq_demote_h1", 6)


def _markdown_to_html(text: str) -> str:
    return markdown.markdown(
        text,
        extensions=["extra", "toc", "sane_lists", _TitleIsTheOnlyH1()],
        extension_configs={
            # Heading ids (anchors) keep Cyrillic letters: #что-проверить.
            "toc": {"slugify": slugify_unicode},
            "extra": {
                # align="" rather than style="", which the Content-Security-Policy forbids.
                "tables": {"use_align_attribute": True},
                # Ids without ":" so they pass the sanitiser's id filter.
                "footnotes": {
                    "SEPARATOR": "-",
                    "BACKLINK_TITLE": gettext("Back to footnote {} in the text"),
                },
            },
        },
        output_format="html",
    )


def render_markdown(text: str, *, language: str | None = None) -> str:
    """Staff Markdown as safe HTML (a plain string; the caller decides when to mark it safe).

    ``language`` is the language the text is written in (for the few words Markdown adds).
    """
    if not text or not text.strip():
        return ""
    with translation.override(language or translation.get_language()):
        return sanitize_html(_markdown_to_html(text))


def html_to_text(html: str) -> str:
    """Plain text of rendered HTML, for search and snippets: no tags, entities decoded."""
    # A heading runs into the next sentence in a snippet unless it ends like one.
    text = re.sub(r"([^.!?:…\s])\s*</h(\d)>", r"\1.</h\2>", html)
    text = re.sub(r"</(p|li|h\d|dd|dt|td|th|tr|pre|blockquote|div)>", r"\g<0> ", text)
    text = unescape(strip_tags(text))
    return re.sub(r"\s+", " ", text).strip()


def markdownify(content: str) -> str:
    """MARKDOWNX_MARKDOWNIFY_FUNCTION: the admin preview shows what the site will show."""
    return render_markdown(content)
