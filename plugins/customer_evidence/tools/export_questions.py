"""Every row's questions, for `invoke questions --import`: each once, with its rows.

`collect()` finds the questions of each row (customer_evidence.tools.asking) and counts
them under one
wording however their case, spacing or punctuation differ; it keeps each row's date cell
and channel, what was skipped and why, and the words of the rows' personal values that a
proposed question must not carry (customer_evidence.tools.bank_plan).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from customer_evidence.core.language import analyser, normalise_question
from customer_evidence.tools import personal_data
from customer_evidence.tools.asking import MIN_CONTENT_WORDS, Asked, find_questions
from customer_evidence.tools.csv_export import Columns, Row

# The lower-case words of a personal value (and of the bank's questions, in bank_plan).
TOKEN = re.compile(r"[a-z0-9]+")


@dataclass
class Collected:
    """The export's questions, each once, with the rows that asked it."""

    texts: list[str] = field(default_factory=list)         # wording (first seen)
    clean: list[str | None] = field(default_factory=list)  # first wording with nothing removed
    rows: list[list[int]] = field(default_factory=list)    # row numbers asking it
    clean_rows: list[int] = field(default_factory=list)    # rows asking it with nothing removed
    dates: dict[int, str] = field(default_factory=dict)    # row number: date cell
    channels: dict[int, str] = field(default_factory=dict)  # row number: channel
    lower_rows: Counter = field(default_factory=Counter)   # word: rows with it in lower case
    word_rows: Counter = field(default_factory=Counter)    # word (lower case): rows with it
    channel_rows: Counter = field(default_factory=Counter)  # channel: rows heard in it
    private_words: set[str] = field(default_factory=set)   # words of any row's private values
    rows_read: int = 0
    found: int = 0
    skipped: Counter = field(default_factory=Counter)      # rows skipped, by reason
    dropped: Counter = field(default_factory=Counter)      # sentences dropped, by reason
    removed: Counter = field(default_factory=Counter)      # personal data, by kind
    _index: dict[str, int] = field(default_factory=dict)


def collect(rows: Iterable[Row], columns: Columns, header: Sequence[str],
            channel: str | None = None) -> Collected:
    """Find the questions of every row and count them; dates and channels kept per row."""
    out = Collected()
    stop_words = analyser().stop_words
    fixed_channel = slug(channel) if channel else None
    for row in rows:
        out.rows_read += 1
        cell = "\n".join(row.cells[i] for i in columns.text if row.cells[i].strip())
        if not cell.strip():
            out.skipped["empty text"] += 1
            continue
        private = personal_data.private_values(
            (header[i], row.cells[i]) for i in columns.personal if row.cells[i].strip())
        for value in private:
            out.private_words.update(w for w in TOKEN.findall(value)
                                     if len(w) > 1 and w not in stop_words)
        out.lower_rows.update(personal_data.lower_case_words(cell))
        out.word_rows.update({w.lower() for w in WORD.findall(cell)})
        found = find_questions(cell, private)
        out.dropped["conversational fragments"] += found.fragments
        out.dropped[f"fewer than {MIN_CONTENT_WORDS} content words"] += found.short
        out.removed["signature"] += found.signatures
        if not found.questions:
            out.skipped["only conversational fragments or short questions"
                        if found.fragments or found.short else "no question in the text"] += 1
            continue
        if columns.date is not None and row.cells[columns.date].strip():
            out.dates[row.number] = row.cells[columns.date].strip()
        row_channel = fixed_channel or (slug(row.cells[columns.channel])
                                        if columns.channel is not None else None)
        if row_channel:
            out.channels[row.number] = row_channel
            out.channel_rows[row_channel] += 1
        for asked in found.questions:
            out.found += 1
            out.removed.update(asked.removed)
            _add(out, asked, row.number)
    return out


def _add(out: Collected, asked: Asked, row: int) -> None:
    key = normalise_question(asked.text)
    index = out._index.get(key)
    if index is None:
        index = out._index[key] = len(out.texts)
        out.texts.append(asked.text)
        out.clean.append(None)
        out.rows.append([])
        out.clean_rows.append(0)
    out.rows[index].append(row)
    if not asked.removed:
        out.clean_rows[index] += 1
        if out.clean[index] is None:
            out.clean[index] = asked.text


# Any script's words, digits included ("Дмитрий", "K1A"): for counting rows.
WORD = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=4096)
def slug(text: str) -> str:
    """Pelican's slug of a text ("Sales Call" -> "sales-call")."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    return slugify(text, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
