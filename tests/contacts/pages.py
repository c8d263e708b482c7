"""Reading rendered pages the way a visitor (or a screen reader) meets them."""

import json
import re
from html import unescape
from html.parser import HTMLParser


def text(response) -> str:
    """The page's HTML with entities decoded, so tests can look for “quotes” and apostrophes."""
    return unescape(response.content.decode())


def json_ld(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert match, "no JSON-LD block on the page"
    return json.loads(match.group(1))


class _TableParser(HTMLParser):
    """Collects the heat map's rows: each a list of cells with their tag, attributes and the
    text a screen reader announces (what is inside aria-hidden="true" is left out)."""

    def __init__(self):
        super().__init__()
        self._hidden_depth = 0
        self._open: list[bool] = []
        self.in_table = False
        self.rows: list[list[dict]] = []
        self.caption = ""
        self._cell = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "heat-map" in (attrs.get("class") or ""):
            self.in_table = True
        if not self.in_table:
            return
        if tag == "span":
            hidden = attrs.get("aria-hidden") == "true"
            self._open.append(hidden)
            self._hidden_depth += hidden
        if tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = {"tag": tag, "attrs": attrs, "text": ""}

    def handle_endtag(self, tag):
        if not self.in_table:
            return
        if tag == "span" and self._open:
            self._hidden_depth -= self._open.pop()
        if tag == "table":
            self.in_table = False
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self._cell["text"] = " ".join(self._cell["text"].split())
            self.rows[-1].append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._hidden_depth:
            return
        if self._cell is not None:
            self._cell["text"] += data
        elif self._in_caption:
            self.caption += data


def heat_map(response) -> _TableParser:
    parser = _TableParser()
    parser.feed(response.content.decode())
    return parser
