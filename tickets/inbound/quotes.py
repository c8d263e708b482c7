"""Quoted history and signatures, removed from an e-mail answer so that the appeal's thread shows
what the visitor wrote, not our own confirmation again.

Plain text: the first attribution line ("On … wrote:", "… пишет:", Yandex's and Mail.ru's
"date, name <address>:", Outlook's "From:/Sent:" block, "-----Original Message-----",
"-----Исходное сообщение-----") ends the answer; "> " lines are dropped wherever they are (an
answer written between quotes keeps its own lines); a "-- " line starts the signature. HTML:
Gmail, Outlook, Yandex, Mail.ru and Thunderbird put the quote in a known element, which is cut
before the HTML becomes text. If stripping would leave nothing, the whole text is kept: a quote
is better than losing the message.
"""

import re

_ATTRIBUTION = [
    re.compile(r"^\s*On\b.{0,300}\bwrote:\s*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^.{0,300}\b(пишет|написал|написала|писал|писала)\s*:\s*$", re.IGNORECASE),
    # Yandex: "28.11.2026, 13:20, "Справка" <support@…>:"; Mail.ru: "Суббота, 28 ноября 2026,
    # 13:20 +03:00 от Справка <support@…>:".
    re.compile(r"^.{0,200}\d{1,2}:\d{2}.{0,200}<[^<>@\s]+@[^<>\s]+>\s*:\s*$"),
    re.compile(r"^\s*-{2,}\s*(Original Message|Исходное сообщение)\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*-{2,}\s*(Forwarded message|Пересылаемое сообщение)\s*-{2,}", re.IGNORECASE),
    re.compile(r"^_{10,}\s*$"),  # Outlook's rule above its "From:/Sent:" block
]
_OUTLOOK_FROM = re.compile(r"^\s*\*?(From|От|Кому)\s*:\*?\s", re.IGNORECASE)
_OUTLOOK_NEXT = re.compile(r"^\s*\*?(Sent|Date|To|Subject|Отправлено|Дата|Тема)\s*:", re.IGNORECASE)
_SIGNATURE = re.compile(r"^--\s?$")
_MOBILE_SIGNATURE = re.compile(
    r"^\s*(Sent from my |Get Outlook for |Отправлено (с|из) |Отправлено через )", re.IGNORECASE
)

# HTML elements that hold the quoted history: everything from their opening tag on is cut.
# `[^<>]*` keeps each try inside one tag: with `[^>]*`, many unclosed "<div" each scanned to
# the end of the text (quadratic: 140 KB took a minute).
_HTML_QUOTE_START = re.compile(
    r"<(div|blockquote)[^<>]*\b("
    r'class="[^"]*\b(gmail_quote|gmail_attr|moz-cite-prefix|yahoo_quoted)\b[^"]*"'
    r'|id="(divRplyFwdMsg|appendonsend|mail-app-auto-quote)"'
    r'|type="cite"'
    r"|data-type=\"quote\""
    r")[^<>]*>",
    re.IGNORECASE,
)
_BLOCKQUOTE_TAG = re.compile(r"<(/?)blockquote\b[^<>]*>", re.IGNORECASE)


def _without_blockquotes(html: str) -> str:
    """Every closed <blockquote>…</blockquote> removed, nested ones with their parent, in one pass
    over the tags (a regex run until nothing changes was quadratic on unclosed or deeply nested
    quotes). An unclosed one stays, as it did."""
    opened: list[int] = []
    cuts: list[tuple[int, int]] = []
    for tag in _BLOCKQUOTE_TAG.finditer(html):
        if not tag.group(1):
            opened.append(tag.start())
        elif opened:
            start = opened.pop()
            while cuts and cuts[-1][0] >= start:
                cuts.pop()  # an inner quote, inside this one
            cuts.append((start, tag.end()))
    kept, position = [], 0
    for start, end in cuts:
        kept.append(html[position:start])
        position = end
    kept.append(html[position:])
    return "".join(kept)


def html_without_quotes(html: str) -> str:
    match = _HTML_QUOTE_START.search(html)
    if match:
        html = html[: match.start()]
    # Yandex and Mail.ru quote with a bare <blockquote>: drop those.
    return _without_blockquotes(html)


def _is_attribution(lines: list[str], index: int) -> bool:
    line = lines[index]
    if any(pattern.match(line) for pattern in _ATTRIBUTION):
        return True
    # Wrapped over two lines: "On Mon, …, Support <" / "support@…> wrote:".
    if index + 1 < len(lines) and re.match(r"^\s*(On|В|\d)", line):
        joined = f"{line} {lines[index + 1]}"
        return any(pattern.match(joined) for pattern in _ATTRIBUTION[:3])
    return False


def _cut_at_attribution(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        if _is_attribution(lines, index):
            return lines[:index]
        if _OUTLOOK_FROM.match(line) and any(
            _OUTLOOK_NEXT.match(following) for following in lines[index + 1 : index + 4]
        ):
            return lines[:index]
    return lines


def _cut_signature(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        if _SIGNATURE.match(line) or _MOBILE_SIGNATURE.match(line):
            return lines[:index]
    return lines


def strip_quotes(text: str) -> str:
    original = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    lines = _cut_at_attribution(original.split("\n"))
    lines = [line for line in lines if not line.lstrip().startswith(">")]
    lines = _cut_signature(lines)
    answer = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in lines)).strip()
    return answer or original
