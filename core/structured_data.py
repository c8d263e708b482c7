"""schema.org JSON-LD blocks, shared by every page that describes itself to search engines.

A `<script type="application/ld+json">` data block is never executed, so the strict
Content-Security-Policy (no inline scripts) leaves it alone. The JSON is escaped the way Django's
`json_script` escapes it, so no text staff type ("</script>" in a title) can close the element.
"""

import json

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def ld_json_script(data: dict) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
