"""Reference numbers people can read out on the phone, and the secret of each private link.

A reference is `SP-7K3-9QX`: six characters from an alphabet without 0/O, 1/I/L, so nobody has
to ask "zero or O?". It is random, not a sequence, so it says nothing about how many appeals
there are and cannot be guessed from a neighbour's; ~887 million values, and the database's
unique constraint (with a retry in the service) settles the rare collision.

The private link's token is not stored: it is an HMAC of the appeal's reference and a random
per-appeal secret under SECRET_KEY, compared in constant time. The database alone cannot open an
appeal, a forgotten link can be sent again, and SECRET_KEY_FALLBACKS keep links valid across a
key rotation.
"""

import base64
import hashlib
import re
import secrets

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PREFIX = "SP"
# Used by the URL converter and the "find my appeal" form.
REFERENCE_PATTERN = r"SP-[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}"
_REFERENCE_RE = re.compile(rf"^{REFERENCE_PATTERN}$")
_HMAC_SALT = "tickets.appeal.private-link"
TOKEN_LENGTH = 32


def new_reference() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(6))
    return f"{PREFIX}-{chars[:3]}-{chars[3:]}"


def new_link_secret() -> str:
    return secrets.token_urlsafe(24)


def normalize_reference(typed: str) -> str | None:
    """What a person typed ("sp 7k3 9qx", "SP7K39QX") as `SP-7K3-9QX`; None if it is not one."""
    chars = re.sub(r"[\s\-_.]", "", (typed or "").upper())
    if chars.startswith(PREFIX):
        chars = chars[len(PREFIX) :]
    candidate = f"{PREFIX}-{chars[:3]}-{chars[3:]}"
    return candidate if len(chars) == 6 and _REFERENCE_RE.match(candidate) else None


def _token(reference: str, link_secret: str, secret: str) -> str:
    digest = salted_hmac(
        _HMAC_SALT, f"{reference}:{link_secret}", secret=secret, algorithm="sha256"
    ).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:TOKEN_LENGTH]


def link_token(reference: str, link_secret: str) -> str:
    return _token(reference, link_secret, settings.SECRET_KEY)


def check_link_token(reference: str, link_secret: str, token: str) -> bool:
    """True if `token` opens this appeal; every candidate key is tried, so the time taken
    does not depend on where (or whether) a match is found."""
    token = token or ""
    matched = False
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        matched |= constant_time_compare(_token(reference, link_secret, secret), token)
    return matched


def form_token_digest(token: str) -> str:
    """What is stored of a form's one-time token (sha256, hex): the database (or an admin
    filter on it) never holds a value that could be sent back as the token itself."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
