"""Which bank question does an article (or a customer's sentence) ask? Pure scoring.

An article is read as a reader meets it: its lead (title, summary and opening
paragraphs, LEAD_WORDS words at most) and its first sentence, where a good post
answers. Each is a WordLlama vector (customer_evidence.core.semantic), centred on the bank's
mean so that what every question of the bank shares (the trade) does not count
as agreement. An article's similarity to a question is the mean cosine of the two.

Similarities are then judged against the site: for each question, how far this
article stands out from the other articles of the build, in units of the spread
of the whole table (the mean drawn towards the table's for small sites). A post
about heat pumps on a heating installer's blog is close to every heat-pump
question; the one that answers "how much does it cost?" stands out from the rest
for that question. To that the lexical judge adds a little: the IDF-weighted
Dice overlap of the title's content words (Snowball stems, stop words out, the
team's synonyms folded) with the question's.

`best_matches` gives each article its best question, the runner-up and the
passage that agrees most (the evidence); whether that is a tag, a suggestion or
nothing is for the caller (pelican.plugins.customer_questions.tagging). `closest` compares one
short text with the bank (a declared question, a customer's sentence) on an
absolute 0-1 scale, since one text has no site to stand out from.

The weights and the default thresholds were chosen on four of the labelled fields
in tests/data/question_fields/ and checked on the other four; see
tests/test_question_inference.py.
"""

from __future__ import annotations

import math
import re
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from customer_evidence.core.language import Analyser, analyser
from customer_evidence.core.memo import Memo, digest

LEAD_WORDS = 120  # words of the lead (title, summary, opening) compared as one text
BODY_WORDS = 12  # a summary and opening shorter than this leave the title to speak alone
LEXICAL_WEIGHT = 0.5  # title overlap (0 to 1) added to the z-score
PRIOR_ARTICLES = 3  # how many articles' worth of the whole table a question's mean starts from
CANDIDATES = 8  # best questions per article that the lexical judge re-ranks
EVIDENCE_EACH = 3  # headings, and opening sentences, that evidence is picked from
POPULATION = 200  # articles besides those wanted that the site's statistics read, at most
BLOCK = 2048  # articles scored together: bounds the memory of the score table
CLOSEST_SEMANTIC = 0.6  # `closest`: share of the cosine; the rest is Dice overlap
# `closest` scores at least this, this far ahead of the runner-up: the same question
# in other words (bank questions reworded score 0.74 to 1 on the labelled fields,
# different questions sharing words at most 0.62).
SAME_QUESTION = 0.7
SAME_MARGIN = 0.1

PASSAGE_KINDS = ("title", "summary", "heading", "opening", "question")


@dataclass(frozen=True)
class Passage:
    """A piece of an article and where it came from (one of PASSAGE_KINDS)."""

    kind: str
    text: str


@dataclass(frozen=True)
class Match:
    """The bank question a text asks most, how strongly, and why.

    `evidence` is the passage that agrees most with the question (`where` its
    kind); `runner_up` the next question's score, for the margin. `read_body` says
    whether the article had a summary or an opening of BODY_WORDS words or more to
    read: a match on a title or heading alone is only ever a guess.
    """

    question_id: str
    score: float
    where: str
    evidence: str
    runner_up_id: str | None
    runner_up: float
    read_body: bool = True  # False when only a title or headings were there to read

    @property
    def margin(self) -> float:
        return round(self.score - self.runner_up, 3)


class Synonyms:
    """The team's synonyms: each variant (a word or a phrase) reads as its key word."""

    def __init__(self, table: Mapping[str, Sequence[str]], words: Analyser) -> None:
        self._words = words
        self._phrases: list[tuple[re.Pattern, str]] = []
        self._stems: dict[str, str] = {}
        for key, variants in table.items():
            keys = words.stems(words.tokens(key))
            if len(keys) != 1:
                continue  # checked, with a message, by the plugin's settings
            for variant in variants:
                tokens = words.tokens(variant)
                if len(tokens) == 1:
                    self._stems[words.stems(tokens)[0]] = keys[0]
                elif tokens:
                    pattern = r"\b" + r"\W+".join(map(re.escape, tokens)) + r"\b"
                    self._phrases.append((re.compile(pattern), f" {key} "))

    def words(self, text: str) -> frozenset[str]:
        """The content stems of `text`, each variant replaced by its key."""
        if self._phrases:
            text = text.lower().replace("\u2019", "'")
            for pattern, replacement in self._phrases:
                text = pattern.sub(replacement, text)
        return frozenset(self._stems.get(s, s) for s in self._words.content_words(text))


class QuestionMatcher:
    """Scores articles and short texts against the questions of one bank (id, text pairs).

    `embed` turns texts into unit vectors (customer_evidence.core.semantic.Model.embed).
    """

    def __init__(
        self,
        questions: Iterable[tuple[str, str]],
        embed: Callable[[Sequence[str]], np.ndarray],
        language: str = "en",
        synonyms: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        pairs = list(questions)
        # What best_matches() depends on besides its arguments and `embed`, for its memo.
        self._fingerprint = digest(repr(pairs), language, repr(list((synonyms or {}).items())))
        self.ids = [question_id for question_id, _ in pairs]
        self.texts = [text for _, text in pairs]
        self._synonyms = Synonyms(synonyms or {}, analyser(language))
        self._words = [self.words(text) for text in self.texts]
        frequency = Counter(w for ws in self._words for w in ws)
        total = len(self._words)
        self._idf = {w: math.log((total + 1) / (n + 0.5)) for w, n in frequency.items()}
        self._unknown_idf = math.log((total + 1) / 0.5)
        self._weights = [self._weight(ws) for ws in self._words]
        self._postings: dict[str, list[int]] = {}
        for index, ws in enumerate(self._words):
            for w in ws:
                self._postings.setdefault(w, []).append(index)
        self._embed = embed
        self._vectors: np.ndarray | None = None
        self._centre: np.ndarray | None = None
        self._remembered: dict[str, np.ndarray] = {}

    def words(self, text: str) -> frozenset[str]:
        """A text's content words, as the matcher compares them."""
        return self._synonyms.words(text)

    def _weight(self, ws: Iterable[str]) -> float:
        return sum(self._idf.get(w, self._unknown_idf) for w in ws)

    def _dice(self, words: frozenset[str], question: int) -> float:
        shared = words & self._words[question]
        if not shared:
            return 0.0
        return 2 * self._weight(shared) / (self._weight(words) + self._weights[question])

    # Vectors, centred on the bank's mean; the bank's are made on first use.

    def _bank_vectors(self) -> np.ndarray:
        if self._vectors is None:
            raw = self._embed([text.lower() for text in self.texts])
            self._centre = raw.mean(axis=0)
            self._vectors = _unit(raw - self._centre)
        return self._vectors

    def _text_vectors(self, texts: Sequence[str]) -> np.ndarray:
        self._bank_vectors()
        # Lower case: "How Much Does It Cost" is the question "how much does it cost".
        return _unit(self._embed([text.lower() for text in texts]) - self._centre)

    # One short text against the bank, on an absolute scale.

    def remember(self, texts: Iterable[str]) -> None:
        """Embed short texts `closest` will be asked about, all at once (faster)."""
        texts = [t for t in dict.fromkeys(texts) if t.strip() and t not in self._remembered]
        if self.ids and texts:
            self._remembered.update(zip(texts, self._text_vectors(texts), strict=True))

    def closest(self, text: str) -> Match | None:
        """The bank question most like one short text, scored 0 to 1."""
        if not self.ids or not text.strip():
            return None
        words = self.words(text)
        overlap = np.zeros(len(self.ids))
        for q in {q for w in words for q in self._postings.get(w, ())}:
            overlap[q] = self._dice(words, q)
        vector = self._remembered.get(text)
        if vector is None:
            vector = self._text_vectors([text])[0]
        cosines = np.clip(self._bank_vectors() @ vector, 0.0, 1.0)
        scores = CLOSEST_SEMANTIC * cosines + (1 - CLOSEST_SEMANTIC) * overlap
        return _match(self.ids, scores, "question", text)

    def same_question(self, text: str) -> Match | None:
        """The bank question `text` asks in other words, if one clearly does."""
        found = self.closest(text)
        if found and found.score >= SAME_QUESTION and found.margin >= SAME_MARGIN:
            return found
        return None

    # Articles against the bank, judged against each other.

    def best_matches(self, articles: Sequence[Sequence[Passage]],
                     wanted: Iterable[int] | None = None,
                     evidence_above: float | None = None) -> list[Match | None]:
        """For each article (its passages, title first), the best bank question.

        Every article counts in the judgement; only those whose index is in
        `wanted` (all, by default) get a match, the others None. Evidence is
        found for the matches scoring at least `evidence_above` (all, by default).
        Remembered per process and `embed`: an autoreloading build judges the site
        again only when an edit changed what the matcher reads of it.
        """
        wanted = None if wanted is None else sorted(set(wanted))
        memo = _BEST_MATCHES.get(self._embed)
        if memo is None:
            try:
                memo = _BEST_MATCHES.setdefault(self._embed, Memo(8))
            except TypeError:  # an `embed` that cannot be referred to weakly: no memo
                return self._best_matches(articles, wanted, evidence_above)
        key = self._fingerprint + digest(
            repr(wanted), repr(evidence_above),
            *(repr([(p.kind, p.text) for p in article]) for article in articles))
        return list(memo.get(key, lambda: tuple(
            self._best_matches(articles, wanted, evidence_above))))

    def _best_matches(self, articles: Sequence[Sequence[Passage]],
                      wanted: Iterable[int] | None,
                      evidence_above: float | None) -> list[Match | None]:
        if not self.ids or not articles:
            return [None] * len(articles)
        wanted = set(range(len(articles)) if wanted is None else wanted)
        leads, firsts = zip(*(_lead_and_first(article) for article in articles), strict=True)
        lead_vectors = self._text_vectors(leads)
        first_vectors = self._text_vectors(firsts)
        bank = self._bank_vectors()
        mean, spread = self._site_statistics(lead_vectors, first_vectors, bank)
        results: list[Match | None] = []
        for start in range(0, len(articles), BLOCK):
            stop = start + BLOCK
            table = _similarity(lead_vectors[start:stop], first_vectors[start:stop], bank)
            z = (table - mean) / spread
            for index, row in enumerate(z, start):
                results.append(self._judge(row, articles[index]) if index in wanted else None)
        self._add_evidence(articles, results, evidence_above)
        return results

    def _site_statistics(self, leads: np.ndarray, firsts: np.ndarray,
                         bank: np.ndarray) -> tuple[np.ndarray, float]:
        """Each question's mean similarity over the articles, and the table's spread.

        One spread for the whole table, not one per question: a per-question
        spread shrinks with the site (no article of five can stand out by more
        than two of them), so a small blog would never be tagged. The mean is
        linear, so it needs no table; the spread is measured on up to BLOCK
        articles spread evenly over the site.
        """
        n = len(leads)
        site = bank @ (0.5 * leads.mean(axis=0) + 0.5 * firsts.mean(axis=0))
        # A small site's means are a guess: draw them towards the whole table's.
        weight = n / (n + PRIOR_ARTICLES)
        mean = (weight * site + (1 - weight) * site.mean()).astype(np.float32)
        sample = np.linspace(0, n - 1, min(n, BLOCK)).astype(int)
        table = _similarity(leads[sample], firsts[sample], bank)
        spread = float(np.sqrt(np.square(table - mean, dtype=np.float64).mean())) or 1.0
        return mean, spread

    def _judge(self, z: np.ndarray, article: Sequence[Passage]) -> Match | None:
        """The best question for one article: its z-scores, the title's overlap added."""
        count = min(CANDIDATES, len(z))
        candidates = np.argpartition(-z, count - 1)[:count] if count < len(z) else np.arange(len(z))
        title = self.words(article[0].text) if article else frozenset()
        scores = np.array([z[q] + LEXICAL_WEIGHT * self._dice(title, int(q)) for q in candidates])
        order = np.argsort(-scores, kind="stable")
        best = int(order[0])
        runner = int(order[1]) if len(order) > 1 else None
        return Match(
            self.ids[candidates[best]],
            round(float(scores[best]), 3),
            "",
            "",
            self.ids[candidates[runner]] if runner is not None else None,
            round(float(scores[runner]), 3) if runner is not None else 0.0,
            read_body(article),
        )

    def _add_evidence(self, articles: Sequence[Sequence[Passage]],
                      results: list[Match | None], above: float | None) -> None:
        """Fill in each match's evidence: the passage closest to its question."""
        wanted = [i for i, m in enumerate(results)
                  if m and articles[i] and (above is None or m.score >= above)]
        candidates = {i: _evidence_candidates(articles[i]) for i in wanted}
        texts = [p.text for i in wanted for p in candidates[i]]
        vectors = self._text_vectors(texts) if texts else None
        bank = self._bank_vectors()
        index = {question_id: i for i, question_id in enumerate(self.ids)}
        start = 0
        for i, found in enumerate(results):
            if found is None or not articles[i]:
                continue
            where, evidence = "", ""
            if i in candidates:
                passages = candidates[i]
                block = vectors[start:start + len(passages)]
                start += len(passages)
                best = passages[int(np.argmax(block @ bank[index[found.question_id]]))]
                where, evidence = best.kind, best.text
            results[i] = Match(found.question_id, found.score, where, evidence,
                               found.runner_up_id, found.runner_up, read_body(articles[i]))


# best_matches()'s results, one memo per `embed` function (a test's own embedder
# gives other vectors for the same texts).
_BEST_MATCHES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _evidence_candidates(passages: Sequence[Passage]) -> list[Passage]:
    """The passages evidence is picked from: the title, the summary, the first
    EVIDENCE_EACH headings and opening sentences (a post answers early)."""
    kept, seen = [], Counter()
    for passage in passages:
        seen[passage.kind] += 1
        if passage.kind in ("title", "summary") or seen[passage.kind] <= EVIDENCE_EACH:
            kept.append(passage)
    return kept


def site_sample(count: int, wanted: Iterable[int], others: int = POPULATION) -> list[int]:
    """Which of `count` articles to read: the `wanted` ones, and up to `others` more
    spread evenly over the site. The site's statistics need a few hundred articles,
    not all of a big blog's."""
    wanted = set(wanted)
    rest = [i for i in range(count) if i not in wanted]
    step = max(1, -(-len(rest) // others)) if others else len(rest) + 1
    return sorted(wanted | set(rest[::step]))


def read_body(passages: Sequence[Passage]) -> bool:
    """Whether an article has a summary or opening long enough to say what it answers."""
    words = sum(len(p.text.split()) for p in passages if p.kind in ("summary", "opening"))
    return words >= BODY_WORDS


def _lead_and_first(passages: Sequence[Passage]) -> tuple[str, str]:
    """The lead (title, summary, opening) as one text, and the first opening sentence."""
    lead = " ".join(p.text for p in passages if p.kind in ("title", "summary", "opening"))
    lead = " ".join(lead.split()[:LEAD_WORDS])
    first = next((p.text for p in passages if p.kind == "opening"),
                 next((p.text for p in passages if p.kind == "summary"), lead))
    return lead, first


def _similarity(leads: np.ndarray, firsts: np.ndarray, bank: np.ndarray) -> np.ndarray:
    return 0.5 * (leads @ bank.T) + 0.5 * (firsts @ bank.T)


def _match(ids: list[str], scores: np.ndarray, where: str, text: str) -> Match | None:
    order = np.argsort(-scores, kind="stable")
    best = int(order[0])
    if scores[best] <= 0:
        return None
    runner = int(order[1]) if len(order) > 1 else None
    return Match(ids[best], round(float(scores[best]), 3), where, text,
                 ids[runner] if runner is not None else None,
                 round(float(scores[runner]), 3) if runner is not None else 0.0)


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
