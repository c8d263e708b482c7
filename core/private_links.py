"""An appeal's private link (/appeal/<reference>/<secret>/) opens the appeal to whoever has it:
text that leaves the site's database (log lines) carries the reference, never the secret."""

import re

HIDDEN = "[hidden]"
# In any language prefix (/en/appeal/…); the reference and the secret as the URLs write them
# (tickets/urls.py), so prose such as "/appeal/ and /help/" is left alone.
_PRIVATE_LINK = re.compile(r"(/appeal/[A-Za-z0-9-]{1,40}/)[A-Za-z0-9_-]{1,100}")


def hide_private_links(text: str) -> str:
    return _PRIVATE_LINK.sub(rf"\g<1>{HIDDEN}", text) if "/appeal/" in text else text
