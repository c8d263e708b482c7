"""Template fragments kept in this process's memory: `{% keep %}` (core/templatetags/spravka.py).

A fragment here depends on the language and the code only (the logo and navigation, the footer,
a breadcrumb trail), never on content or on a visitor. Each process renders it once per key and
keeps the HTML until it restarts (a deploy). Content must never go in such a fragment.

Django's `{% cache %}` did the same job through a LocMemCache. Per use it resolved the timeout,
made an MD5 key, looked the cache up through the connection handler, checked the key character
by character for memcached's sake and unpickled the value. That was 13% of the template time
of an uncached search page. Here a use is one dict lookup.
"""

from django.template import engines
from django.urls import get_script_prefix
from django.utils.html import conditional_escape
from django.utils.translation import get_language

# A bound that the keys never reach (names × languages × script prefixes × URL namespaces); if
# a key ever took an unbounded value, memory would still not grow without end.
MAX_FRAGMENTS = 1000

_kept: dict[tuple, str] = {}


def get(key: tuple) -> str | None:
    return _kept.get(key)


def put(key: tuple, html: str) -> None:
    if len(_kept) >= MAX_FRAGMENTS:
        _kept.clear()
    _kept[key] = html


def clear() -> None:
    """Forget every fragment and frame (tests that change a setting they show)."""
    _kept.clear()
    _frames.clear()


# --- A page's frame -----------------------------------------------------------------------------

_FRAME_MARK = "\x00frame-block:{}\x00"  # NUL: never in a page (core.middleware strips it)
_frames: dict[tuple, tuple[str, ...]] = {}


def framed(request, template_name: str, context: dict, fills: dict) -> str | None:
    """`template_name` rendered for `request`, its frame (all but the blocks named in `fills`)
    rendered once per process for each language, path and script prefix, each of those blocks
    by its own function on every call: `fills` maps a block's name to a function returning that
    block's HTML, escaped, for this request. Returns None when the frame does not
    hold each block exactly once; render the page as usual then.

    For the one public page with an address per visitor's query (search): its frame (head,
    header, trail, footer) was most of its rendering time, rendered again for every query.
    Like a kept fragment (above), a frame depends on the language, the address and the code
    only: the caller renders the page whole when the request shows anything of its own in the
    frame (messages). The context processors run once, with the first request of each key."""
    key = (template_name, get_language(), request.path, get_script_prefix())
    pieces = _frames.get(key)
    if pieces is None:
        source = "{% extends frame_template %}" + "".join(
            f"{{% block {name} %}}{_FRAME_MARK.format(name)}{{% endblock %}}" for name in fills
        )
        html = (
            engines["django"]
            .from_string(source)
            .render({**context, "frame_template": template_name}, request)
        )
        pieces = _split_frame(html, fills)
        if pieces is None:
            return None
        if len(_frames) >= MAX_FRAGMENTS:
            _frames.clear()
        _frames[key] = pieces
    # Even positions: the frame's HTML; odd ones: the names of the blocks between them.
    # Escaped as the template would have escaped a tag's output (SafeStrings pass as they are).
    return "".join(
        piece if index % 2 == 0 else conditional_escape(fills[piece]())
        for index, piece in enumerate(pieces)
    )


def _split_frame(html: str, names) -> tuple[str, ...] | None:
    marks = {_FRAME_MARK.format(name): name for name in names}
    found = sorted((html.find(mark), mark) for mark in marks)
    if any(position < 0 or html.count(mark) != 1 for position, mark in found):
        return None
    pieces, start = [], 0
    for position, mark in found:
        pieces += [html[start:position], marks[mark]]
        start = position + len(mark)
    pieces.append(html[start:])
    return tuple(pieces)
