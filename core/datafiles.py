"""The one way apps read the content they ship: TOML data files beside the app, and Markdown files
whose metadata sits in TOML front matter between `+++` lines (Hugo's convention). Both are read
with the standard library's tomllib; each app's `content.load()` then writes them through its
models' validation, idempotently, keeping staff edits (see `manage.py load_content`)."""

import tomllib
from pathlib import Path

FENCE = "+++\n"


def read_toml(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def read_front_matter(path: Path) -> tuple[dict, str]:
    """(front matter, Markdown body) of a file; the body is exactly what follows the fence."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith(FENCE):
        return {}, text
    end = text.index("\n" + FENCE, len(FENCE) - 1)
    return tomllib.loads(text[len(FENCE) : end + 1]), text[end + 1 + len(FENCE) :]
