"""What `invoke questions --import` changes in the question bank: the plan.

`plan()` adds each group of near-duplicates to the bank entry it asks, or proposes it as
a new entry when heard `min_asked` times, worded by its most central question that
carries no personal data or possible name (`wording_is_safe`), with an id and a topic
and stage voted by the nearest bank entries. customer_evidence.tools.bank_writer applies the plan.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from customer_evidence.core.language import analyser
from customer_evidence.core.question_bank import Bank
from customer_evidence.core.vocabulary import Vocabulary
from customer_evidence.tools import bank_writer
from customer_evidence.tools.asking import OPENERS
from customer_evidence.tools.export_dates import MONTH_NAMES, parse_dates
from customer_evidence.tools.export_questions import TOKEN, WORD, Collected, slug
from customer_evidence.tools.question_groups import GROUP_THRESHOLD, Likeness

COMMON_AFTER_ROWS = 5            # a private value written in lower case in this many rows is a word
CHANNEL_WORDS = 2                # a channel name this short is a channel, not a note
WORDING_ROWS = 2                 # a new entry's words must each be written in this many rows
SEMANTIC_MATCH = 0.75            # cosine to a bank entry that makes a group that entry
MATCHED_WORDINGS = 3             # a group's most asked wordings the bank matcher reads
SUGGEST_FLOOR = 0.35             # bank entries at least this close vote for topic and stage
CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday".split()
                     ) | frozenset(MONTH_NAMES)
_WORDING_TOKEN = re.compile(r"[^\W\d_]+")


def wording_is_safe(text: str, collected: Collected, bank_text_words: frozenset[str]) -> bool:
    """May these words become a bank entry's question? Never with a possible name in it.

    A word of any row's personal values is a name, unless it is written in lower
    case in many rows (a surname such as "Long" or "Price"); so is a capitalised
    word in mid-sentence that the export never writes in lower case and the bank's
    own text (`bank_text_words`) does not use. And every word must be a stop word,
    a word of the bank's, or written in at least WORDING_ROWS rows of the export,
    and not a code of letters and digits: a name, an address or a postcode in any
    case or script is usually one customer's, and a question many customers ask is
    worded in words many of them use. (One customer asking the same question in
    the same words twice still gets through: proposals are marked for review.)
    """
    stop_words = analyser().stop_words
    for word in WORD.findall(text):
        lower = word.lower()
        if lower in stop_words or lower in bank_text_words:
            continue
        code = any(c.isdigit() for c in lower) and not lower.isdigit()  # "K1A", "ORD55871"
        if code or collected.word_rows[lower] < WORDING_ROWS:
            return False
    for position, match in enumerate(_WORDING_TOKEN.finditer(text)):
        word = match.group()
        lower = word.lower()
        # "Jane", "McKay", "BENEDIKT" mid-sentence; not "I" or acronyms such as "CRM"
        capitalised = position > 0 and word[0].isupper() and (
            not word.isupper() or len(word) >= 5)
        if lower in collected.private_words and (
                capitalised or collected.lower_rows[lower] < COMMON_AFTER_ROWS):
            return False
        if (capitalised and lower not in CALENDAR and not collected.lower_rows[lower]
                and lower not in bank_text_words):
            return False
    return True


@dataclass(frozen=True)
class Plan:
    """What the import changes in the bank, and what it counted on the way."""

    updates: tuple[bank_writer.Update, ...]
    proposals: tuple[bank_writer.NewEntry, ...]
    groups: int
    small_groups: int            # heard fewer than min_asked times: not proposed
    small_rows: int
    unsafe_groups: int           # no wording free of personal data: not proposed
    undated: int                 # rows whose date could not be read


@dataclass(frozen=True)
class Space:
    """The export's questions and the bank's, as grouping and matching compare them."""

    vectors: np.ndarray                 # one unit vector per unique question
    words: Sequence[frozenset[str]]     # its content words, as the site's matcher reads them
    bank_vectors: np.ndarray            # one per bank question, in bank order
    bank_words: Sequence[frozenset[str]]
    likeness: Likeness


def plan(collected: Collected, groups: Sequence[Sequence[int]], space: Space, bank: Bank,
         match: Callable[[str], str | None], min_asked: int = 2,
         vocabulary: Vocabulary | None = None) -> Plan:
    """Add each group to the bank entry it asks, or propose it as a new entry."""
    vocabulary = vocabulary or Vocabulary()
    dates = dict(zip(collected.dates, parse_dates(list(collected.dates.values())),
                     strict=True))
    bank_list = list(bank.questions.values())
    bank_text_words = frozenset(w for q in bank_list for w in TOKEN.findall(q.text.lower()))
    matched: dict[str, set[int]] = {}
    proposals, taken = [], set(bank.questions)
    small_groups = small_rows = unsafe = 0
    for members in groups:
        rows = {r for i in members for r in collected.rows[i]}
        centroid = _centroid(members, collected, space.vectors)
        entry = _entry_for(members, collected, centroid, bank_list, space, match)
        if entry:
            matched.setdefault(entry, set()).update(rows)
            continue
        if len(rows) < min_asked:
            small_groups, small_rows = small_groups + 1, small_rows + len(rows)
            continue
        wording = _wording(members, collected, space.vectors, centroid, bank_text_words)
        if wording is None:
            unsafe += 1
            continue
        question = tidy_question(wording)
        entry_id = unique_id(id_for(question), taken)
        taken.add(entry_id)
        topic, stage = suggest(centroid, bank_list, space.bank_vectors, vocabulary)
        proposals.append(bank_writer.NewEntry(
            entry_id, question, topic, stage, len(rows), _channels(rows, collected),
            _newest(rows, dates)))
    updates = [bank_writer.Update(entry_id, len(rows), _channels(rows, collected),
                                  _newest(rows, dates))
               for entry_id, rows in matched.items()]
    updates.sort(key=lambda u: (-u.asked, u.id))
    proposals.sort(key=lambda p: (-p.asked, p.id))
    undated = sum(1 for d in dates.values() if d is None)
    return Plan(tuple(updates), tuple(proposals), len(groups), small_groups, small_rows,
                unsafe, undated)


def _centroid(members: Sequence[int], collected: Collected, vectors: np.ndarray) -> np.ndarray:
    weights = np.array([len(collected.rows[i]) for i in members], dtype=np.float32)
    total = weights @ vectors[list(members)]
    return total / max(float(np.linalg.norm(total)), 1e-12)


def _entry_for(members: Sequence[int], collected: Collected, centroid: np.ndarray,
               bank_list: Sequence, space: Space, match: Callable[[str], str | None]
               ) -> str | None:
    """The bank entry a group asks: the matcher's choice for its most asked wordings,
    else the entry its centroid is within SEMANTIC_MATCH cosine of, provided the entry
    would also have joined the group (Likeness to its first question)."""
    if not bank_list:
        return None
    votes: Counter = Counter()
    for i in members[:MATCHED_WORDINGS]:
        found = match(collected.texts[i])
        if found:
            votes[found] += len(collected.rows[i])
    if votes:
        return max(votes, key=lambda k: (votes[k], k))
    cosines = space.bank_vectors @ centroid
    best = int(np.argmax(cosines))
    if cosines[best] < SEMANTIC_MATCH:
        return None
    first = members[0]
    alike = space.likeness.score(space.words[first], space.bank_words[best],
                                 float(space.vectors[first] @ space.bank_vectors[best]))
    return bank_list[best].id if alike >= GROUP_THRESHOLD else None


def _wording(members: Sequence[int], collected: Collected, vectors: np.ndarray,
             centroid: np.ndarray, bank_text_words: frozenset[str]) -> str | None:
    """The group's most central question among those safe to publish, or None."""
    safe = [i for i in members[:200] if collected.clean[i] is not None
            and wording_is_safe(collected.clean[i], collected, bank_text_words)]
    if not safe:
        return None
    closeness = vectors[safe] @ centroid
    best = max(range(len(safe)), key=lambda k: (round(float(closeness[k]), 3),
                                                collected.clean_rows[safe[k]],
                                                -len(collected.clean[safe[k]])))
    return collected.clean[safe[best]]


def _channels(rows: Iterable[int], collected: Collected) -> tuple[str, ...]:
    """The channels the rows were heard in, most first. A channel of more than
    CHANNEL_WORDS words is a free-text note ("Referral from Jane Smith"), perhaps
    with a name in it, and left out, unless it has one word more and WORDING_ROWS
    rows use it ("support-ticket-escalation")."""
    def kept(channel: str) -> bool:
        words = len(channel.split("-"))
        return words <= CHANNEL_WORDS or (
            words <= CHANNEL_WORDS + 1 and collected.channel_rows[channel] >= WORDING_ROWS)

    counts = Counter(collected.channels[r] for r in rows
                     if r in collected.channels and kept(collected.channels[r]))
    return tuple(sorted(counts, key=lambda c: (-counts[c], c)))


def _newest(rows: Iterable[int], dates: dict[int, datetime.date | None]
            ) -> datetime.date | None:
    return max((d for r in rows if (d := dates.get(r))), default=None)


def tidy_question(text: str) -> str:
    """A question as the bank writes it: one line, a capital first, "?" last."""
    text = " ".join(text.split()).strip(" ,;:-–—")
    text = re.sub(r"\bi\b", "I", text)
    text = re.sub(r"\bi'", "I'", text)
    text = text.rstrip(".!? ") + "?"
    return text[:1].upper() + text[1:]


def id_for(question: str) -> str:
    """A short id from a question's content words: "home-battery-price"."""
    words = analyser()
    kept = [w for w in words.tokens(question) if w not in words.stop_words and w not in OPENERS]
    return slug(" ".join(kept[:5])) or slug(question)[:40].strip("-") or "question"


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`... when it is taken."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def suggest(centroid: np.ndarray, bank_list: Sequence, bank_vectors: np.ndarray,
            vocabulary: Vocabulary) -> tuple[str, str]:
    """Topic and stage of the most similar bank entries (a weighted vote), else the
    site's defaults for an entry that names none."""
    if not bank_list:
        return vocabulary.default_topic, vocabulary.default_stage
    cosines = bank_vectors @ centroid
    nearest = [i for i in np.argsort(-cosines)[:5].tolist() if cosines[i] >= SUGGEST_FLOOR]
    topics: Counter = Counter()
    stages: Counter = Counter()
    for i in nearest:
        topics[bank_list[i].topic] += float(cosines[i])
        stages[bank_list[i].stage] += float(cosines[i])
    # Ties go to the nearest entry's (a Counter keeps the order votes came in).
    topic = max(topics, key=topics.__getitem__) if topics else vocabulary.default_topic
    stage = max(stages, key=stages.__getitem__) if stages else vocabulary.default_stage
    return topic, stage
