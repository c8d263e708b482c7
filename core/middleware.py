"""Compression of public pages only.

BREACH recovers a secret from a compressed page's size when the page also reflects what an
attacker sends. Only responses marked `Cache-Control: public` (core.cache.public_page: the same
bytes for every visitor, no CSRF token, no session data) are compressed; the appeal form, an
appeal's private page and the admin carry tokens and personal data and go out uncompressed.
"""

from django.middleware.gzip import GZipMiddleware


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        cache_control = response.get("Cache-Control", "")
        if "public" not in [part.strip() for part in cache_control.split(",")]:
            return response
        return super().process_response(request, response)
