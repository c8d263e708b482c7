"""The static files storage of a production run (DEBUG off)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage

# Names come from templates ({% static "css/site.css" %}), a few dozen in all: the bound only
# keeps a caller that passes anything else from growing the memory without end.
MAX_REMEMBERED = 512


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed files, with each file's address remembered.

    The manifest is read once when the process starts and does not change under it, yet every
    {% static %} ran the name through unquote, urlsplit, the manifest and urljoin again: ~30 µs,
    four times on every page rendered. `force=True` (the hashed address even under DEBUG)
    is worked out afresh each time."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        found = self._urls.get(name)
        if found is None:
            found = super().url(name)
            if len(self._urls) < MAX_REMEMBERED:
                self._urls[name] = found
        return found
