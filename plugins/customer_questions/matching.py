"""Which bank question does a title or heading ask? Pure functions, no Pelican.

The method: reduce each text to its content words (lower case, stop words out,
light stemming, a few synonyms folded so "price", "pricing" and "how much" all
read as "cost"), weight each word by how rare it is in the bank (IDF), and score
a text against a question by weighted Dice: the share of weight both have in
common, balanced between the two. A match must clear a threshold and beat the
runner-up by a margin; otherwise there is no match, because a wrong tag is worse
than none. An inverted index keeps it fast: a text is only scored against the
questions sharing one of its rarest words.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

THRESHOLD = 0.7
MARGIN = 0.08
PROBE_WORDS = 3  # how many of a text's rarest words find its candidate questions

STOP_WORDS = frozenset("""
a about actually after all also am an and any are as at be been before being both
but by can could did do does doing done each every for from get gets getting got
had has have having he her here his i if in into is it its just kind lot make
making many may me might more most much must my need needs no not now of on one
only other our ours out over own really same she should so some still such than
that the their them then there these they this those through to too under up us
very was way we were what when where which while who whom will with without would
you your yours
""".split())

# Phrases first (they are replaced before splitting), then single words.
PHRASES = (
    (re.compile(r"\bhow much\b"), " cost "),
    (re.compile(r"\bpay(?:s)? off\b"), " worth "),
    (re.compile(r"\bin[- ]house\b"), " inhouse "),
    (re.compile(r"\bwin[/ -]loss\b"), " winloss "),
    (re.compile(r"\bgo(?:es)? wrong\b"), " problem "),
)
SYNONYMS = {
    "price": "cost", "prices": "cost", "pricing": "cost", "priced": "cost",
    "fee": "cost", "fees": "cost", "budget": "cost", "spend": "cost",
    "expensive": "cost", "cheap": "cost", "cheaper": "cost", "cheapest": "cost",
    "afford": "cost", "affordable": "cost", "charge": "cost", "costs": "cost",
    "roi": "worth", "value": "worth", "worthwhile": "worth",
    "top": "best", "leading": "best", "recommended": "best", "favourite": "best",
    "versus": "vs", "compare": "vs", "compared": "vs", "comparison": "vs",
    "difference": "vs", "better": "vs", "or": "vs",
    "problems": "problem", "wrong": "problem", "mistake": "problem",
    "mistakes": "problem", "pitfall": "problem", "pitfalls": "problem",
    "risk": "problem", "risks": "problem", "issue": "problem", "issues": "problem",
    "reviews": "review", "rating": "review", "ratings": "review",
    "firm": "company", "firms": "company", "business": "company",
    "businesses": "company", "organisation": "company", "organization": "company",
    "companies": "company",
    "salespeople": "seller", "sellers": "seller", "reps": "seller", "rep": "seller",
}
_WORD_RE = re.compile(r"[a-z0-9]+")
_TAG_RE = re.compile(r"<[^>]+>")
_HEADING_RE = re.compile(r"<h([2-6])\b[^>]*>(.*?)</h\1\s*>", re.S | re.I)


def stem(word: str) -> str:
    """A light suffix stripper: folds plurals, -ing, -ed and a final e."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed") and not word.endswith("eed"):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def words(text: str) -> frozenset[str]:
    """The content words of a text, normalised for matching."""
    text = text.lower().replace("\u2019", "'").replace("'s", "")
    for pattern, replacement in PHRASES:
        text = pattern.sub(replacement, text)
    found = set()
    for word in _WORD_RE.findall(text):
        word = SYNONYMS.get(word, word)
        if word not in STOP_WORDS:
            found.add(stem(word))
    return frozenset(found)


def normalise_question(text: str) -> str:
    """A key under which the same question in other case or spacing compares equal."""
    return " ".join(_WORD_RE.findall(text.lower()))


def is_question(text: str) -> bool:
    """Is this text phrased as a question? (It ends with a question mark.)"""
    return text.strip().endswith("?")


def headings(content_html: str) -> list[str]:
    """The text of the h2-h6 headings in rendered article HTML, in order."""
    return [
        html.unescape(_TAG_RE.sub("", inner)).strip()
        for _, inner in _HEADING_RE.findall(content_html)
    ]


@dataclass(frozen=True)
class Match:
    """A bank question a text asks, and how sure the matcher is."""

    question_id: str
    score: float
    text: str


class QuestionMatcher:
    """Match texts to the questions of a bank (id, question text pairs)."""

    def __init__(
        self,
        questions: Iterable[tuple[str, str]],
        threshold: float = THRESHOLD,
        margin: float = MARGIN,
    ) -> None:
        self.threshold = threshold
        self.margin = margin
        self._ids: list[str] = []
        self._words: list[frozenset[str]] = []
        for question_id, text in questions:
            self._ids.append(question_id)
            self._words.append(words(text))
        document_frequency = Counter(w for ws in self._words for w in ws)
        total = len(self._words)
        self._idf = {w: math.log((total + 1) / (df + 0.5)) for w, df in document_frequency.items()}
        self._unknown_idf = math.log((total + 1) / 0.5)
        self._weights = [self._weight(ws) for ws in self._words]
        self._postings: dict[str, list[int]] = {}
        for index, ws in enumerate(self._words):
            for w in ws:
                self._postings.setdefault(w, []).append(index)
        self._cache: dict[frozenset[str], Match | None] = {}

    def _weight(self, ws: Iterable[str]) -> float:
        return sum(self._idf.get(w, self._unknown_idf) for w in ws)

    def match(self, text: str) -> Match | None:
        """The bank question this text asks, if one clearly stands out."""
        ws = words(text)
        if ws not in self._cache:
            self._cache[ws] = self._best(ws)
        found = self._cache[ws]
        return Match(found.question_id, found.score, text) if found else None

    def best(self, texts: Sequence[str]) -> Match | None:
        """The strongest match among several texts (a title and its headings)."""
        matches = [m for m in map(self.match, texts) if m]
        return max(matches, key=lambda m: m.score, default=None)

    def _best(self, ws: frozenset[str]) -> Match | None:
        known = [w for w in ws if w in self._postings]
        if not known:
            return None
        probes = sorted(known, key=lambda w: (-self._idf[w], w))[:PROBE_WORDS]
        candidates = {i for w in probes for i in self._postings[w]}
        weight = self._weight(ws)
        scored = []
        for i in candidates:
            shared = self._weight(ws & self._words[i])
            scored.append((2 * shared / (weight + self._weights[i]), self._ids[i]))
        scored.sort(reverse=True)
        score, question_id = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        if score < self.threshold or score - runner_up < self.margin:
            return None
        return Match(question_id, round(score, 3), "")
