"""`active_notices` in every template's context, read only by a page that prints it.

The apps whose pages show notices (pages' home, contacts, faq, tickets' appeal form) never import
this app: their templates include notices/includes/*.html, which iterate `active_notices`. Nothing
is read until a template iterates it; then one cache get (the database once per content version,
see notices.live).
"""

from django.utils.functional import SimpleLazyObject

from notices import live


def active_notices(request):
    return {"active_notices": SimpleLazyObject(live.active)}
