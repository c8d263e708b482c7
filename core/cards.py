"""Payment card numbers in free text: found, and masked before anything is stored.

PCI DSS (requirement 3.4) allows keeping at most the first six and the last four digits of a card
number (PAN); Zendesk's "credit card redaction" keeps the same. A PAN has 13 to 19 digits
(ISO/IEC 7812) and passes the Luhn check, which sets it apart from the long numbers visitors of a
payment service write all the time: phone and wallet numbers, payment ids. A run of digits may be
split into groups by single spaces or dashes ("4276 3800 1234 1234", "4276-3800-1234-1234");
letters or other punctuation end it. Luhn-invalid runs are left exactly as written.
"""

import re
from dataclasses import dataclass

MASK = "•"
MIN_DIGITS, MAX_DIGITS = 13, 19
KEEP_FIRST, KEEP_LAST = 6, 4

# Digits, optionally split by one space, dash or non-breaking space between groups, not glued to
# other digits. Letters next to the run do not stop it ("карта4276…" is still a card).
_RUN = re.compile(r"(?<!\d)\d(?:[ \u00a0-]?\d){12,}(?!\d)")
_GROUP = re.compile(r"\d+")


@dataclass(frozen=True)
class Masked:
    text: str
    found: bool


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _is_card(digits: str) -> bool:
    return MIN_DIGITS <= len(digits) <= MAX_DIGITS and luhn_valid(digits)


def _mask_run(run: str) -> str:
    digits = [c for c in run if c.isdigit()]
    hide_to = len(digits) - KEEP_LAST
    seen, out = 0, []
    for char in run:
        if char.isdigit():
            out.append(char if seen < KEEP_FIRST or seen >= hide_to else MASK)
            seen += 1
        else:
            out.append(char)  # the visitor's own separators stay where they were
    return "".join(out)


def _mask_run_groups(run: str) -> tuple[str, bool]:
    """A run may hold a card and more: "4276 3800 1234 1234 2500 руб." Spans of whole groups
    are tried from each group, the longest card-shaped one wins. A span stops growing past 19
    digits, so a hostile run ("1 2 3 4 ..." over 5,000 characters) costs linear time."""
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(run)]
    out, found, i, done_to = [], False, 0, 0
    while i < len(groups):
        digits, best = "", None
        for j in range(i, len(groups)):
            digits += run[groups[j][0] : groups[j][1]]
            if len(digits) > MAX_DIGITS:
                break
            if _is_card(digits):
                best = j
        if best is None:
            i += 1
            continue
        start, end = groups[i][0], groups[best][1]
        out += [run[done_to:start], _mask_run(run[start:end])]
        done_to, found, i = end, True, best + 1
    out.append(run[done_to:])
    return "".join(out), found


def mask_cards(text: str) -> Masked:
    """`text` with every card number masked (first 6 and last 4 digits kept)."""
    if not text:
        return Masked(text or "", False)
    found = False

    def replace(match: re.Match) -> str:
        nonlocal found
        masked, hit = _mask_run_groups(match.group(0))
        found = found or hit
        return masked

    return Masked(_RUN.sub(replace, text), found)


def mask(text: str) -> str:
    return mask_cards(text).text


def contains_card(text: str) -> bool:
    return mask_cards(text).found


# A masked card number as mask_cards() writes it ("4276 38•• •••• 5679"): digits and masks split
# by single spaces or dashes, with a mask in it.
_MASKED_RUN = re.compile(rf"[\d{MASK}](?:[ \u00a0-]?[\d{MASK}])*{MASK}(?:[ \u00a0-]?[\d{MASK}])*")


def without_masked_cards(text: str) -> str:
    """`text` with each masked card number (mask_cards()) replaced by a space: what is left to
    search for once a card number typed into a search box is hidden."""
    return _MASKED_RUN.sub(" ", text) if MASK in text else text
