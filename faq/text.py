"""Text folding shared by the search column, the SQLite fallback search and its snippets."""

import re

# Characters the PostgreSQL snippet uses as highlight markers (Unicode private use area);
# removed from article text on save so they can only ever come from ts_headline.
MARK_START = "\ue000"
MARK_END = "\ue001"


def _fold_char(char: str) -> str:
    lower = char.lower()
    if len(lower) != 1:  # e.g. "İ": keep one character per character, so offsets line up
        return char
    return "е" if lower == "ё" else lower


def fold(text: str) -> str:
    """Lower case with ё read as е, one output character per input character.

    Python's str.lower() folds Cyrillic (SQLite's LOWER() and LIKE do not); keeping the length
    lets the snippet code find a match in the folded text and highlight the original.
    """
    lower = text.lower()
    if len(lower) == len(text):
        # The usual case, at C speed: a per-character loop took 2 ms per long article.
        return lower.replace("ё", "е")
    return "".join(_fold_char(c) for c in text)


def strip_markers(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Letters-and-digits runs: what a search query is made of (punctuation is not)."""
    return _WORD.findall(text)
