from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def site(request):
    """What every page's <head> and header need: canonical and alternate-language URLs."""
    path = request.path
    alternates = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
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
