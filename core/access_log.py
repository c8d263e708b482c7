"""Access log lines that keep neither what a visitor typed nor a private link.

A request's address carries personal data and secrets: a search or a suggestion is what the
visitor typed (the appeal form asks for suggestions while the subject is typed: a card number, a
phone, a name), and an appeal's private link opens the appeal to whoever reads the line. Log lines
live in journald and log files, kept by the host's rules, not the site's retention settings
(PRIVACY_*), so they get the address with every query value hidden, the private link's secret
hidden and any card number in the path masked (core.cards). The path, the parameters' names, the
status, the size and the time stay: what an operator reads a log for.

gunicorn uses RedactedAccessLogger through gunicorn.conf.py (read from the working directory)
whenever its access log is on; deploy/nginx.conf writes its own log in the same spirit (no query
string, the private link's secret hidden, a path with a long number not logged at all).
"""

import re
from urllib.parse import quote, unquote, urlsplit

from gunicorn.glogging import Logger

from core.cards import mask_cards
from core.private_links import HIDDEN, hide_private_links

# A parameter's name is kept when it looks like one of ours ("q", "page", "topic").
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,39}")
# Characters left as they are when a masked path is written back (the rest percent-encoded, so a
# line can never be split or forged by what a path decodes to).
_SAFE = "/-._~!$&'()*+,;=:@"


def redacted_path(path: str) -> str:
    """A percent-encoded path with the private link's secret hidden and card numbers masked."""
    path = hide_private_links(path)
    # Cards are found in what the path means ("4276%203800…" is a card too).
    masked = mask_cards(unquote(path, errors="replace"))
    if masked.found:
        path = quote(masked.text, safe=_SAFE + "[]")
    return path


def redacted_query(query: str) -> str:
    """Each parameter's value hidden; a name that does not look like ours hidden too."""
    names = [part.split("=", 1)[0] for part in query.split("&") if part]
    return "&".join(f"{name if _NAME.fullmatch(name) else HIDDEN}={HIDDEN}" for name in names)


def redacted_url(url: str) -> str:
    """A whole address (a Referer), or a request target, redacted as above."""
    if not url or url == "-":
        return url
    parts = urlsplit(url)
    query = redacted_query(parts.query)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme or parts.netloc else ""
    return origin + redacted_path(parts.path) + (f"?{query}" if query else "")


class RedactedAccessLogger(Logger):
    """gunicorn's logger, with the request line, path, query and referrer redacted in every
    access log format (the atoms %(r)s, %(U)s, %(q)s, %(f)s and %({referer}i)s)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        target = environ.get("RAW_URI") or environ.get("PATH_INFO", "")
        parts = urlsplit(target)
        path, query = redacted_path(parts.path), redacted_query(parts.query)
        atoms["r"] = "{} {}{} {}".format(
            environ.get("REQUEST_METHOD", "-"),
            path,
            f"?{query}" if query else "",
            environ.get("SERVER_PROTOCOL", "-"),
        )
        atoms["U"] = path
        atoms["q"] = query
        atoms["f"] = redacted_url(atoms.get("f", "-"))
        if "{referer}i" in atoms:
            atoms["{referer}i"] = redacted_url(atoms["{referer}i"])
        return atoms
