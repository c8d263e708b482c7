"""A rotation of distinct, realistic search queries for the load test and the search timing.

Common words (in most articles), rare ones (in a few), other forms of the same word, phrases,
typos, English words, and a few that match nothing: what visitors type, not one query repeated
(one repeated query would measure a cache, not the search).
"""

import random
import re
from collections import Counter

from scripts.bench.textgen import corpus, sentences, words_of

_CYRILLIC = re.compile(r"^[а-яё-]+$")
_LATIN = re.compile(r"^[a-z-]+$")


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:  # two letters swapped
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:  # a letter dropped
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]  # a letter doubled


def build(minimum: int = 300, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    ru = Counter(w for w in words_of(corpus("ru")) if _CYRILLIC.match(w) and len(w) >= 4)
    en = Counter(w for w in words_of(corpus("en")) if _LATIN.match(w) and len(w) >= 4)
    by_frequency = [w for w, _ in ru.most_common()]
    common = by_frequency[:90]
    rare = [w for w, n in ru.items() if n == 1]
    rng.shuffle(rare)
    # Other forms of a word: same first five letters, different ending ("платёж", "платежи").
    stems: dict[str, list[str]] = {}
    for word in by_frequency:
        stems.setdefault(word[:5], []).append(word)
    forms = [w for group in stems.values() if len(group) > 1 for w in group[1:]]
    phrases = []
    for tokens in sentences(corpus("ru")):
        words = [w for w in words_of(" ".join(tokens)) if len(w) >= 3]
        if len(words) >= 3:
            i = rng.randrange(len(words) - 1)
            phrases.append(" ".join(words[i : i + rng.choice((2, 2, 3))]))
    rng.shuffle(phrases)
    typos = [_typo(w, rng) for w in common[:60] if len(w) >= 5]
    english = [w for w, _ in en.most_common(80)]
    nothing = ["криптовалюта", "ипотека", "blockchain", "щщщ", "zzzz qqqq"]

    chosen: list[str] = []
    for group, count in (
        (common, 90),
        (rare, 70),
        (forms, 40),
        (phrases, 60),
        (typos, 50),
        (english, 50),
        (nothing, 5),
    ):
        for query in group[:count]:
            if query not in chosen:
                chosen.append(query)
    for word in by_frequency[90:]:  # pad with less common words if the text is short
        if len(chosen) >= minimum:
            break
        if word not in chosen:
            chosen.append(word)
    rng.shuffle(chosen)
    return chosen
