"""The consent text an appeal form asks the visitor to accept, supplied by the app that keeps it.

The privacy app owns the versioned texts and registers itself here when it starts
(privacy/apps.py); tickets asks only this module. So tickets depends on core alone, and a site
without the privacy app still takes appeals (the version is then left empty).
"""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ConsentText:
    version: int
    consent_url: str
    policy_url: str


class ConsentProvider(Protocol):
    def current(self) -> ConsentText | None: ...

    def exists(self, version: int) -> bool: ...


_provider: ConsentProvider | None = None


def register(provider: ConsentProvider) -> None:
    global _provider
    _provider = provider


def current() -> ConsentText | None:
    return _provider.current() if _provider is not None else None


def accepted_version(shown: int | None) -> int | None:
    """The version the visitor saw on the form if it is a real one, else the current one."""
    if _provider is None:
        return None
    if shown is not None and _provider.exists(shown):
        return shown
    text = _provider.current()
    return text.version if text is not None else None
