from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from core.paths import local_path


def site(request):
    """What every page's <head> and header need: canonical and alternate-language URLs."""
    # Built from the requested path, which on a 404 can be anything ("//evil.example/x").
    path = local_path(request.path)
    alternates = {code: local_path(translate_url(path, code)) for code, _name in settings.LANGUAGES}
    return {
        "SITE_URL": settings.SITE_URL,
        "canonical_url": settings.SITE_URL + path,
        "alternate_urls": [
            {
                "code": code,
                "name": name,
                "url": settings.SITE_URL + alternates[code],
                "path": alternates[code],
                "current": code == get_language(),
            }
            for code, name in settings.LANGUAGES
        ],
    }
