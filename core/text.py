"""What a visitor types, made safe to store, show to staff, put in e-mail and print in a terminal.

One policy for every visitor field (core.forms.VisitorTextMixin applies it to every form):
- control characters (C0 but tab and line feed, DEL, C1: ESC, BEL, NUL...) are removed: they move
  terminal cursors, ring bells, and PostgreSQL refuses NUL outright;
- bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, the LRM/RLM/ALM marks) are
  removed: they make "exe.txt" read as "txt.exe" and reorder subjects shown to staff
  (CVE-2021-42574, "Trojan Source");
- lone surrogates are removed: they cannot be encoded for the database;
- single-line fields fold every line break and tab into one space, so a name can never start a
  new line in an e-mail; multi-line fields keep line feeds (CR LF and CR become LF) and tabs.
Everything else stays: Cyrillic, emoji, the zero-width joiner inside emoji sequences.
"""

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_SURROGATES = "\ud800-\udfff"
# Line breaks as Unicode sees them (str.splitlines), plus tab: folded in single-line fields.
_BREAKS = re.compile(r"[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]+")
_MULTILINE_BREAKS = re.compile(r"\r\n|[\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_UNWANTED = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_SURROGATES}]")


def clean_single_line(value: str) -> str:
    """A name, subject, e-mail, phone, query...: one line, no control or bidi characters."""
    return _UNWANTED.sub("", _BREAKS.sub(" ", value or ""))


def clean_multiline(value: str) -> str:
    """A description or reply: line feeds and tabs kept, other controls and bidi removed."""
    return _UNWANTED.sub("", _MULTILINE_BREAKS.sub("\n", value or ""))
