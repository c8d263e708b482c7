"""Who answered "Was this helpful?": a random identifier kept in the visitor's session.

Sessions are cookie-identified, so the identity is "this browser" for as long as the session
lives (SESSION_COOKIE_AGE). It survives logging in (Django keeps session data when it cycles the
key) and holds nothing personal; clearing cookies starts a new identity, which a help center
without accounts has to accept. The database allows one answer per identity and article.
"""

import secrets

from core.cache import has_session

SESSION_KEY = "faq_visitor"


def visitor_id(request, *, create: bool = False) -> str | None:
    if not create and not has_session(request):
        # No session cookie, no answer yet; and reading the empty session would make the
        # (cached, shared) article page vary on Cookie.
        return None
    value = request.session.get(SESSION_KEY)
    if value is None and create:
        value = secrets.token_hex(16)
        request.session[SESSION_KEY] = value
    return value
