"""The words of published articles (faq.SearchWord), for "did you mean" when nothing is found.

Kept up to date as articles change: a pre_save receiver notes the words the article had (from
the stored search text, so no Markdown is rendered), post_save and post_delete apply the
difference as +1/-1 on each word's article count. `manage.py refresh_search_words` rebuilds the
table from scratch (after a bulk load or `QuerySet.update()`, which send no signals).

Correction: PostgreSQL looks the closest word up with pg_trgm (`%` and similarity() over a GIN
trigram index, migration faq/0004), every word of a query in one statement (faq_closest_words(),
migration faq/0007). SQLite has no trigram similarity: the same measure is
computed in Python over at most MAX_CANDIDATES words of similar length sharing the first two
letters (read through the (language, word) index), so its cost stays bounded however many
articles there are; a misspelling in the first two letters is not corrected there.
"""

import re
from collections import Counter

from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Length

from core.db import prepared_cursor
from faq.search_models import SearchWord
from faq.text import words

MIN_WORD = 3
MAX_WORD = 40
# pg_trgm's own default threshold (similarity_threshold): a swapped pair of letters in a
# short word ("reciept") scores 0.33.
MIN_SIMILARITY = 0.3
# SQLite: at most this many candidates compared in Python per query word (about 5 ms).
MAX_CANDIDATES = 500
_LETTERS = re.compile(r"^[^\W\d_]+$")


def article_words(article) -> dict[str, set[str]]:
    """The words a published article adds to the vocabulary, per language ({} for a draft)."""
    from faq.models import LANGUAGE_CODES, Article

    if article.status != Article.Status.PUBLISHED:
        return {}
    found = {}
    for code in LANGUAGE_CODES:
        text = getattr(article, f"search_text_{code}", "") or ""
        found[code] = {
            w for w in words(text) if MIN_WORD <= len(w) <= MAX_WORD and _LETTERS.match(w)
        }
    return found


def _apply(language: str, added: set[str], removed: set[str]) -> None:
    if added:
        SearchWord.objects.bulk_create(
            [SearchWord(word=w, language=language, frequency=0) for w in added],
            ignore_conflicts=True,
        )
        SearchWord.objects.filter(language=language, word__in=added).update(
            frequency=F("frequency") + 1
        )
    if removed:
        rows = SearchWord.objects.filter(language=language, word__in=removed)
        rows.filter(frequency__gt=0).update(frequency=F("frequency") - 1)
        rows.filter(frequency=0).delete()


def change(before: dict[str, set[str]], after: dict[str, set[str]]) -> None:
    with transaction.atomic():
        for code in set(before) | set(after):
            old, new = before.get(code, set()), after.get(code, set())
            _apply(code, new - old, old - new)


def remember_before_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._vocabulary_before = {}
        return
    from faq.models import LANGUAGE_CODES

    old = (
        sender.objects.filter(pk=instance.pk)
        .only("status", *[f"search_text_{code}" for code in LANGUAGE_CODES])
        .first()
    )
    instance._vocabulary_before = article_words(old) if old is not None else {}


def update_after_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    change(getattr(instance, "_vocabulary_before", {}), article_words(instance))


def update_after_delete(sender, instance, **kwargs):
    change(article_words(instance), {})


def rebuild() -> int:
    """The vocabulary from every published article; returns the number of words."""
    from faq.models import LANGUAGE_CODES, Article

    counts = {code: Counter() for code in LANGUAGE_CODES}
    articles = Article.objects.published().only(
        "status", *[f"search_text_{code}" for code in LANGUAGE_CODES]
    )
    for article in articles.iterator(chunk_size=200):
        for code, found in article_words(article).items():
            counts[code].update(found)
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(
            [
                SearchWord(word=w, language=code, frequency=n)
                for code, counter in counts.items()
                for w, n in counter.items()
            ],
            batch_size=1000,
        )
    return sum(len(counter) for counter in counts.values())


# --- correction --------------------------------------------------------------------------


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: two spaces before, one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams of both."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def correctable(word: str) -> bool:
    """Whether "did you mean" looks for a word like this one (the vocabulary's own kind)."""
    return MIN_WORD <= len(word) <= MAX_WORD and bool(_LETTERS.match(word))


def corrections(terms, languages) -> list[str | None]:
    """Per folded query word: the vocabulary word most like it (similarity at least
    MIN_SIMILARITY), or None when the articles use the word itself, when it is not a word
    "did you mean" corrects (digits, too short or long) or when nothing is close enough."""
    asked = [term if correctable(term) else None for term in terms]
    if not any(asked):
        return [None] * len(asked)
    if connection.vendor == "postgresql":
        return _corrections_postgresql(asked, languages)
    return [
        None if term is None or _known(term, languages) else _closest_python(term, languages)
        for term in asked
    ]


def _corrections_postgresql(terms, languages):
    """One statement for every word (faq_closest_words(), migration faq/0007): whether the
    articles use it and, if not, the closest word through the trigram GIN index. The function
    turns seq scans off for its own statements: the planner prices that index above reading a
    small vocabulary whole (it did so up to a few thousand words), and then pg_trgm computed the
    similarity of every word: 3.5 ms at 1,100 words against 0.07 ms through the index."""
    with prepared_cursor(connection) as cursor:
        cursor.execute(
            "SELECT faq_closest_words(%s::text[], %s::text[], %s::double precision)",
            [terms, list(languages), MIN_SIMILARITY],
        )
        (found,) = cursor.fetchone()
    return list(found)


def _known(word: str, languages) -> bool:
    return SearchWord.objects.filter(word=word, language__in=languages).exists()


def _starting_with(prefix: str) -> Q:
    """Words beginning with `prefix`, as a range the (language, word) index answers (LIKE
    does not use it for Cyrillic in SQLite)."""
    return Q(word__gte=prefix, word__lt=prefix[:-1] + chr(ord(prefix[-1]) + 1))


def _closest_python(word, languages):
    n = len(word)
    words_near = (
        SearchWord.objects.annotate(length=Length("word"))
        .filter(language__in=languages, length__gte=n - 2, length__lte=n + 2)
        .exclude(word=word)
        .order_by("-frequency", "word")
        .values_list("word", "frequency")
    )
    # Only words with the same first two letters: a range of the index, a few hundred rows at
    # most. Widening to the first letter alone cost 30-70 ms for common letters at 150,000 words.
    candidates = words_near.filter(_starting_with(word[:2]))[:MAX_CANDIDATES]
    mine = trigrams(word)
    best, best_key = None, None
    for candidate, frequency in candidates:
        theirs = trigrams(candidate)
        score = len(mine & theirs) / len(mine | theirs)
        if score < MIN_SIMILARITY:
            continue
        key = (score, frequency, [-ord(c) for c in candidate])
        if best_key is None or key > best_key:
            best, best_key = candidate, key
    return best
