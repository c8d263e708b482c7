"""Who answered "Was this helpful?": a random identifier kept in the visitor's session.

Sessions are cookie-identified, so the identity is "this browser" for as long as the session
lives (SESSION_COOKIE_AGE). It survives logging in (Django keeps session data when it cycles the
key) and holds nothing personal; clearing cookies starts a new identity, which a help center
without accounts has to accept. The database allows one answer per identity and article.
"""

import secrets

SESSION_KEY = "faq_visitor"


def visitor_id(request, *, create: bool = False) -> str | None:
    value = request.session.get(SESSION_KEY)
    if value is None and create:
        value = secrets.token_hex(16)
        request.session[SESSION_KEY] = value
    return value
