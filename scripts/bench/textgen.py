"""Realistic-looking help articles from the text the site ships with.

A word-level Markov chain (two words of context, falling back to one) learnt from the shipped
articles and the support seed text writes new sentences: the words, their Russian inflected
forms and their frequencies are those of real support text, so search meets the same mix of
common words (in most articles) and rare ones (in a few) as on a real help center.
No Django here: the generator is plain Python, seeded, and repeatable.
"""

import itertools
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTICLES_DIR = ROOT / "faq" / "articles"
# The support article the site was written from, in shared/ beside the checkout (used if there).
SEED_TEXT = ROOT.parent / "shared" / "seed" / "support-article.ru.txt"

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_#`>|]+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_TOKEN = re.compile(r"[^\s]+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")

_LATIN_LETTERS = (
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "-", "y", "-", "e", "yu", "ya",
)  # fmt: skip
_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", _LATIN_LETTERS, strict=True))


def _plain(markdown: str) -> str:
    text = _LINK.sub(r"\1", markdown)
    text = _MARKUP.sub(" ", text)
    return text


def corpus(language: str) -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES_DIR.glob(f"*.{language}.md"))]
    if language == "ru" and SEED_TEXT.exists():
        parts.append(SEED_TEXT.read_text(encoding="utf-8"))
    return _plain("\n".join(parts))


def sentences(text: str) -> list[list[str]]:
    result = []
    for line in text.splitlines():
        line = line.strip(" -–—•\t")
        for sentence in _SENTENCE_END.split(line):
            tokens = _TOKEN.findall(sentence)
            if len(tokens) >= 4:
                result.append(tokens)
    return result


def words_of(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text) if len(w) > 1]


def transliterate(text: str) -> str:
    out = "".join(_TRANSLIT.get(c, c) for c in text.lower())
    return re.sub(r"[^a-z0-9]+", "-", out.replace("-", " ")).strip("-")


class Writer:
    """Writes sentences, paragraphs and whole Markdown articles in one language."""

    def __init__(self, language: str, seed: int = 7):
        self.language = language
        self.random = random.Random(seed)
        self.starts: list[tuple[str, str]] = []
        self.next2: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.next1: dict[str, list[str]] = defaultdict(list)
        text = corpus(language)
        for tokens in sentences(text):
            self.starts.append((tokens[0], tokens[1]))
            for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False):
                self.next2[(a, b)].append(c)
            for a, b in itertools.pairwise(tokens):
                self.next1[a].append(b)
        self.frequencies = Counter(words_of(text))

    def sentence(self, max_words: int = 24) -> str:
        a, b = self.random.choice(self.starts)
        out = [a, b]
        while len(out) < max_words and not re.search(r"[.!?…]$", out[-1]):
            choices = self.next2.get((a, b)) or self.next1.get(b)
            if not choices:
                break
            a, b = b, self.random.choice(choices)
            out.append(b)
        text = " ".join(out).rstrip(",;:—–-")
        if not re.search(r"[.!?…]$", text):
            text += "."
        return text[0].upper() + text[1:]

    def title(self) -> str:
        words = self.sentence(max_words=9).rstrip(".!?…:,;").split()
        return " ".join(words[: self.random.randint(4, 9)])[:190]

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def article(self, target_words: int) -> str:
        """Markdown of about `target_words` words: paragraphs, headings, lists, emphasis."""
        blocks: list[str] = []
        count = 0
        while count < target_words:
            kind = self.random.random()
            if kind < 0.15 and blocks:
                block = "## " + self.title()
            elif kind < 0.35:
                items = [self.sentence(max_words=12) for _ in range(self.random.randint(3, 6))]
                block = "\n".join(f"- {item}" for item in items)
            else:
                block = self.paragraph(self.random.randint(2, 5))
                if self.random.random() < 0.3:
                    words = block.split(" ")
                    i = self.random.randrange(len(words) - 1)
                    words[i] = f"**{words[i]}**"
                    block = " ".join(words)
            blocks.append(block)
            count += len(block.split())
        return "\n\n".join(blocks) + "\n"
