"""Signed tokens of search rows: how a browser tab refers to "its" searches without any visitor
id in the database. A token names one row and when it was issued (django.core.signing, under
SECRET_KEY); nobody can forge one for a row they did not create."""

from django.core import signing

SALT = "insights.search-record"
MAX_TOKEN = 200


def issue(pk: int) -> str:
    return signing.dumps(pk, salt=SALT, compress=False)


def read(token, *, max_age: int) -> int | None:
    """The row's id, or None for a token that is malformed, forged or older than max_age."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN:
        return None
    try:
        pk = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return pk if isinstance(pk, int) else None
