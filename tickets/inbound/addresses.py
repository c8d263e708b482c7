"""The reply address of an appeal: `support+SP-7K3-9QX.<secret>@domain`.

The secret is an HMAC of the reference and the appeal's link secret under SECRET_KEY (its own
salt, so it is never the private link's token and cannot open the appeal's page). It is lowercase
hex because some mail servers lowercase local parts; the reference is matched case-insensitively
for the same reason. Whoever holds the address may add to the appeal by e-mail, as whoever holds
the private link may on the web: the address, not the From header, decides.
"""

import re

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from tickets.references import REFERENCE_PATTERN

_SALT = "tickets.appeal.reply-address"
SECRET_LENGTH = 20  # hex digits: 80 bits


def _secret(reference: str, link_secret: str, key: str) -> str:
    mac = salted_hmac(_SALT, f"{reference}:{link_secret}", secret=key, algorithm="sha256")
    return mac.hexdigest()[:SECRET_LENGTH]


def reply_address(reference: str, link_secret: str) -> str:
    local = settings.TICKETS_MAIL_REPLY_LOCALPART
    secret = _secret(reference, link_secret, settings.SECRET_KEY)
    return f"{local}+{reference}.{secret}@{settings.TICKETS_MAIL_REPLY_DOMAIN}"


def check_secret(reference: str, link_secret: str, secret: str) -> bool:
    """Every key is tried (SECRET_KEY_FALLBACKS: addresses survive a key rotation) so that the
    time taken says nothing about a near match."""
    secret = (secret or "").lower()
    matched = False
    for key in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        matched |= constant_time_compare(_secret(reference, link_secret, key), secret)
    return matched


def _address_re() -> re.Pattern:
    local = re.escape(settings.TICKETS_MAIL_REPLY_LOCALPART)
    domain = re.escape(settings.TICKETS_MAIL_REPLY_DOMAIN)
    return re.compile(
        rf"^{local}\+({REFERENCE_PATTERN})\.([0-9a-z]+)@{domain}$", re.IGNORECASE | re.ASCII
    )


def find_tagged(addresses: list[str]) -> list[tuple[str, str]]:
    """(reference, secret) of every appeal reply address among `addresses`, references in
    their canonical upper case; nothing is checked here."""
    pattern = _address_re()
    found = []
    for address in addresses:
        match = pattern.match(address.strip())
        if match:
            found.append((match.group(1).upper(), match.group(2).lower()))
    return found


def is_own_address(address: str) -> bool:
    """Our sender address or the support mailbox itself, tagged or not: mail from it is a loop."""
    address = address.strip().lower()
    if not address:
        return False
    sender = settings.DEFAULT_FROM_EMAIL
    own = {sender.rsplit("<", 1)[-1].rstrip(">").strip().lower()}
    local, _, domain = address.partition("@")
    if domain == settings.TICKETS_MAIL_REPLY_DOMAIN and (
        local.split("+", 1)[0] == settings.TICKETS_MAIL_REPLY_LOCALPART.lower()
    ):
        return True
    return address in own
