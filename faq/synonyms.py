"""Staff's synonym groups (faq.SearchSynonym) as search reads them: each query word's
alternatives. Read once per content change, from the cache: every search needs them."""

from django.core.cache import cache

from core.cache import kept_in_process
from faq.search_models import SearchSynonym, split_group

CACHE_KEY = "faq:synonyms"
# A word in several big groups must not turn one query word into dozens.
MAX_ALTERNATIVES = 8


def _stem(word: str) -> str:
    from faq.search import stem  # faq.search imports this module

    return stem(word)


def table() -> dict[str, tuple[str, ...]]:
    """Each single-word entry's stem → every entry of its groups (folded): kept in this process
    per content version (a group's save replaces it), else read from the shared cache."""
    return kept_in_process(CACHE_KEY, _shared_table)


def _shared_table() -> dict[str, tuple[str, ...]]:
    found = cache.get(CACHE_KEY)
    if found is None:
        found = {}
        for text in SearchSynonym.objects.values_list("words", flat=True):
            entries = split_group(text)
            for entry in entries:
                if " " in entry:
                    continue  # a phrase is an alternative, never matched against one word
                key = _stem(entry)
                found[key] = tuple(dict.fromkeys([*found.get(key, ()), *entries]))
        cache.set(CACHE_KEY, found, timeout=None)
    return found


def alternatives(terms) -> tuple[tuple[str, ...], ...]:
    """For each query word, the other words of its synonym groups (none for most words)."""
    known = table()
    result = []
    for term in terms:
        stem = _stem(term)
        result.append(
            tuple(entry for entry in known.get(stem, ()) if " " in entry or _stem(entry) != stem)[
                :MAX_ALTERNATIVES
            ]
        )
    return tuple(result)


def forget(*args, **kwargs) -> None:
    """A group was saved or deleted (a signal receiver)."""
    cache.delete(CACHE_KEY)
