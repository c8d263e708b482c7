"""Links the site builds from the requested path always stay on the site."""

from django.utils.encoding import iri_to_uri


def local_path(path: str) -> str:
    """`path` as a link to this site: one leading "/" (a browser reads "//evil.example/x" and
    "/\\evil.example" as another host), and as a URI: control characters and non-ASCII letters
    %-escaped, existing escapes kept as they are."""
    return iri_to_uri("/" + (path or "").lstrip("/\\"))
