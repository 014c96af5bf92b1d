"""`invoke questions --import FILE`: feed the question bank from a CSV export.

A help-desk, CRM, call-note, web-form or question-research export goes in; the
bank (content/questions.yml) comes out with its entries' `asked`, `heard_in` and
`last_heard` counted up and new entries proposed. Each step is a pure function
returning plain records; `import_questions()` ties them to the files:

1. `read_export()`: the header and rows of the CSV, or ImportFailed naming the
   file, row, column and what to do (encoding, size, shape);
2. `resolve_columns()`: which columns hold the text, date, channel, and personal
   values (by their header, or as the options say);
3. `find_questions()`: the asking sentences of one cell, with quoted replies,
   signatures and personal data taken out (editorial.personal_data);
4. `collect()`: every row into unique questions and the rows that asked them;
5. `group()`: near-duplicates by meaning (editorial.semantic's vectors) and by
   the content words they share;
6. `plan()`: each group added to the bank entry it asks, or proposed as a new
   entry when heard `min_asked` times, worded by its most central question that
   carries no personal data;
7. editorial.bank_writer applies the plan, keeping the file's layout.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime
import functools
import html
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from editorial import bank_writer, personal_data
from editorial.findings import display_path
from editorial.language import analyser, question_words
from editorial.question_bank import Bank, load_bank
from editorial.vocabulary import Vocabulary, vocabulary_of

CELL_LIMIT = 100 * 1024          # bytes in one cell
SAMPLE_ROWS = 200                # rows read to choose the text column
MIN_CONTENT_WORDS = 3
COMMON_AFTER_ROWS = 5            # a private value written in lower case in this many rows is a word
GROUP_THRESHOLD = 0.72           # mean of cosine and shared-word score to join a group
COSINE_FLOOR = 0.45              # below this cosine two questions are never compared further
SEMANTIC_MATCH = 0.75            # cosine to a bank entry that makes a group that entry
MATCHED_WORDINGS = 3             # a group's most asked wordings the bank matcher reads
SUGGEST_FLOOR = 0.35             # bank entries at least this close vote for topic and stage

TEXT_HEADERS = ("question", "questions", "body", "description", "message", "text", "content",
                "details", "comment", "comments", "notes", "note", "enquiry", "inquiry",
                "query", "request", "transcript", "feedback", "review")
SUBJECT_HEADERS = ("subject", "title")
DATE_HEADERS = ("created_at", "created", "date_created", "creation_date", "created_date",
                "date", "submitted_at", "submitted", "received_at", "received", "timestamp",
                "datetime", "time", "sent_at", "sent")
DATE_WORDS = ("date", "created", "timestamp")
CHANNEL_HEADERS = ("channel", "source", "via", "medium", "origin", "type")
CHANNEL_WORDS = ("channel", "source", "via", "medium", "origin")

# How an English question opens (editorial.language): "how", "what's", "does",
# "isn't"... The wh-words among them may open a clause that does not ask.
OPENERS = question_words("en")
SUBJECTS = frozenset("""
i you we they he she it there this that these those the a an my your our their its anyone
someone somebody anybody everyone people any
""".split())
HOW_WORDS = frozenset("much many long often far soon old big".split())
CALENDAR = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december
""".split())
ABBREVIATIONS = ("e.g.", "i.e.", "mr.", "mrs.", "ms.", "dr.", "approx.", "vs.", "no.")
MONTHS = {name[:3]: number for number, name in enumerate(
    "january february march april may june july august september october november "
    "december".split(), start=1)}

_TAG = re.compile(r"<(/?)(\w+)[^>]*>")
_BLOCK_TAGS = frozenset("p div br li tr h1 h2 h3 h4 h5 h6 blockquote".split())
# After . ! ? and a space; at a line break; before a capitalised question word that
# follows a lower-case word ("... on the inverter How often ...": a "?" left out).
_QW = "(?:" + "|".join(sorted(map(re.escape, OPENERS), key=len, reverse=True)) + ")"
_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?])[\"'”’)\]]*\s+|\n+|(?<=[a-z])\s+(?=[A-Z])(?=(?i:" + _QW + r")\s)")
_GREETING = re.compile(
    r"^(?:(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))\b[^,.!?:\n]{0,40}"
    r"[,.!:]+\s*|(?:hi|hello|hey)(?:\s+(?:there|team|all|guys))?\s+(?=" + _QW + r"\b))", re.I)
_FILLER = re.compile(
    r"^(?:(?:ok|okay|so|and|also|but|well|plus|btw|ps|p\.s\.)\b[\s,:;.!-]*"
    r"|(?:quick question|one more question|another question|question|one more thing|"
    r"i was wondering|i wonder|just wondering|just curious)\s*[,:;.!-]+\s*"
    r"|how are you(?: doing)?(?: today)?\s*[?,.!]+\s*)+", re.I)
_CLAUSE = re.compile(r"(?:[,;:–—]|\s-)\s+(?=" + _QW + r"\b)", re.I)
_FRAGMENTS = re.compile(
    r"^(?:any|is there an?y?|are there any)\s+(?:updates?|news|progress|word)\b"
    r"|\b(?:call|ring|phone|text|e-?mail|contact|message)\s+(?:me|us)\b"
    r"|\bget back to (?:me|us)\b"
    r"|^(?:thanks|thank you|ok|okay|hello|hi|hey|sorry|anyone)\b"
    r"|\b(?:does|did|would) that (?:make sense|work for you|help)\b"
    r"|^(?:are|is) (?:you|anyone|someone|anybody) (?:still )?there\b"
    r"|\bdid you (?:get|receive|see) my\b"
    r"|^(?:can|could|would) (?:you|someone|somebody|anyone) (?:please )?(?:help|assist|advise|"
    r"confirm|check|sort|fix|look into)(?: (?:me|us|this|it|that))?(?: (?:out|please|asap|"
    r"today))?\W*$", re.I)
_TOKEN = re.compile(r"[a-z0-9]+")
_OPENING = re.compile(r"[a-z]+(?:'[a-z]+)?")
_WORDING_TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+")


class ImportFailed(Exception):
    """The export or the bank cannot be imported; the message says where and what to do."""


# -- which bank question a text asks ------------------------------------------------


def bank_matcher(bank: Bank, settings: dict):
    """The site's question matcher for this bank, as the build, the audit and
    `invoke new` use it (customer_questions.inference): the one place the import
    names a matcher. Its `words` are how grouping reads content words too."""
    from customer_questions.inference import question_matcher

    return question_matcher(bank, settings)


def asks(matcher, text: str) -> str | None:
    """The id of the bank question `text` asks in other words, or None."""
    found = matcher.same_question(text)
    return found.question_id if found else None


def content_words(text: str, lang: str = "en") -> frozenset[str]:
    """The words of a text that carry meaning: stems, stop words left out."""
    return frozenset(analyser(lang).content_words(text))


# -- reading the export --------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One data row of the export: its number (1 is the first after the header)."""

    number: int
    line: int
    cells: list[str]


@dataclass
class _Position:
    line: int = 1
    rows: int = 0


@contextmanager
def read_export(path: Path, encoding: str = "utf-8", max_rows: int = 50_000
                ) -> Iterator[tuple[list[str], str, Iterator[Row]]]:
    """The export's header, its delimiter and its rows (read as they are iterated).

    Every problem is an ImportFailed naming the file, row, line and column.
    """
    name = display_path(str(path))
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise ImportFailed(f"unknown --encoding {encoding!r}; use a name Python knows, such "
                           "as utf-8, cp1252 or latin-1") from None
    codec = "utf-8-sig" if codec == "utf-8" else codec
    if not path.is_file():
        raise ImportFailed(f"{name}: no such file; give the path of a CSV export")
    # csv stops at 4x the limit in characters (always over the limit in bytes); a
    # smaller cell over the limit is caught in _rows, which can name its column.
    previous_limit = csv.field_size_limit(CELL_LIMIT * 4)
    position = _Position()
    try:
        with path.open("rb") as binary:
            lines = _decoded_lines(binary, codec, encoding, name, position)
            first = next(lines, None)
            while first is not None and not first.strip():
                first = next(lines, None)
            if first is None:
                raise ImportFailed(f"{name} is empty; export it again with a header row and "
                                   "at least one row")
            delimiter = _delimiter(first)
            reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter,
                                strict=True)
            header = _header(reader, name)
            yield header, delimiter, _rows(reader, header, name, max_rows, position)
    finally:
        csv.field_size_limit(previous_limit)


def _decoded_lines(binary, codec: str, asked: str, name: str, position: _Position
                   ) -> Iterator[str]:
    """The file's text line by line; a byte the encoding cannot read is an ImportFailed."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    offset, pending = 0, ""
    for chunk in itertools.chain(binary, [None]):
        try:
            pending += decoder.decode(chunk or b"", final=chunk is None)
        except UnicodeDecodeError as exc:
            line = position.line + pending.count("\n")
            where = "its header" if position.rows == 0 and line == 1 else \
                f"row {position.rows + 1} (line {line})"
            raise ImportFailed(
                f"{name}, {where}: not valid {asked} text (byte {offset + exc.start}); the file "
                "was saved in another encoding: pass it with --encoding, e.g. --encoding "
                "cp1252 (Excel on Windows) or --encoding latin-1") from None
        offset += len(chunk or b"")
        *complete, pending = pending.split("\n")
        for text in complete:
            yield text + "\n"
            position.line += 1
    if pending:
        yield pending


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _header(reader, name: str) -> list[str]:
    try:
        header = next(reader)
    except csv.Error as exc:
        raise ImportFailed(f"{name}, its header (line 1): not a readable CSV header ({exc}); "
                           "check its quoting") from None
    return [h.strip() or f"column {i + 1}" for i, h in enumerate(header)]


def _rows(reader, header: list[str], name: str, max_rows: int, position: _Position
          ) -> Iterator[Row]:
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            where = f"{name}, row {position.rows + 1} (line {reader.line_num})"
            if "field larger than field limit" in str(exc):
                raise ImportFailed(f"{where}: a cell is over {CELL_LIMIT // 1024} KB; shorten "
                                   "or remove it (attachments pasted in?) and export again"
                                   ) from None
            raise ImportFailed(f"{where}: malformed CSV ({exc}); check the quoting there: a "
                               'quote inside a quoted cell is written twice ("")') from None
        line, start = start, reader.line_num + 1
        if not cells or not any(c.strip() for c in cells):
            continue
        position.rows += 1
        number = position.rows
        if number > max_rows:
            raise ImportFailed(f"{name} has more than {max_rows:,} rows; stopped at row {number} "
                               f"(line {line}). Import it in parts, or pass --max-rows "
                               "with a larger number")
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            raise ImportFailed(f"{name}, row {number} (line {line}): {len(cells)} cells, but the "
                               f"header has {len(header)}; a cell with an unquoted "
                               f"{_delimiter_name(reader.dialect.delimiter)} in it? Quote it "
                               "and export again")
        for index, cell in enumerate(cells):
            if len(cell) > CELL_LIMIT // 4 and len(cell.encode("utf-8")) > CELL_LIMIT:
                raise ImportFailed(f"{name}, row {number} (line {line}), column "
                                   f"{header[index] if index < len(header) else index + 1!r}: "
                                   f"the cell is over {CELL_LIMIT // 1024} KB; shorten or "
                                   "remove it and export again")
        yield Row(number, line, cells + [""] * (len(header) - len(cells)))


def _delimiter_name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}[delimiter]


# -- which column is which ----------------------------------------------------------


@dataclass(frozen=True)
class Columns:
    """Where the text, date, channel and personal values are (column indexes)."""

    text: tuple[int, ...]
    date: int | None
    channel: int | None
    personal: tuple[int, ...]
    notes: tuple[str, ...] = ()   # how each was chosen, for the summary


def resolve_columns(header: Sequence[str], sample: Sequence[Row], name: str,
                    column: str | None = None, date_column: str | None = None,
                    channel_column: str | None = None, channel: str | None = None) -> Columns:
    """The columns to read: as the options name them, else found from the header."""
    if channel and channel_column:
        raise ImportFailed("give --channel (one channel for the whole file) or "
                           "--channel-column, not both")
    keys = [_key(h) for h in header]
    notes = []

    def find(wanted: str, option: str) -> int:
        """The column named `wanted`: exactly, else in any case, spacing or punctuation."""
        for same in (str.__eq__, lambda h, w: h.lower() == w.lower(),
                     lambda h, w: _key(h) == _key(w)):
            for i, h in enumerate(header):
                if same(h, wanted):
                    return i
        raise ImportFailed(f"{name}: no column named {wanted!r} ({option}); its columns are: "
                           + ", ".join(header))

    if column:
        text = tuple(find(part.strip(), "--column") for part in column.split("+"))
        notes.append(f"text from {_names(header, text)} (--column)")
    else:
        text = _text_by_name(keys)
        how = "by its name"
        if not text:
            text, how = _longest_text(header, sample), "the longest text; choose another " \
                "with --column"
        if not text:
            raise ImportFailed(f"{name}: no column holds customers' text; name it with --column "
                               "(its columns are: " + ", ".join(header) + ")")
        notes.append(f"text from {_names(header, text)} ({how})")
    if date_column:
        date = find(date_column, "--date-column")
    else:
        date = _by_name(keys, DATE_HEADERS, DATE_WORDS, exclude=text)
    notes.append(f"dates from {header[date]!r}" if date is not None
                 else "no date column (pass --date-column): last_heard is not set")
    if channel_column:
        channel_index = find(channel_column, "--channel-column")
    elif channel:
        channel_index = None
    else:
        channel_index = _by_name(keys, CHANNEL_HEADERS, CHANNEL_WORDS, exclude=text)
    if channel:
        notes.append(f"channel {channel!r} for every row (--channel)")
    elif channel_index is not None:
        notes.append(f"channels from {header[channel_index]!r}")
    else:
        notes.append("no channel column (pass --channel or --channel-column): heard_in is not "
                     "changed")
    used = {*text, date, channel_index}
    personal = tuple(i for i, h in enumerate(header)
                     if i not in used and personal_data.is_personal_header(h))
    return Columns(text, date, channel_index, personal, tuple(notes))


def _key(header: str) -> str:
    return "_".join(personal_data.header_words(header))


def _names(header: Sequence[str], indexes: Iterable[int]) -> str:
    return " + ".join(repr(header[i]) for i in indexes)


def _text_by_name(keys: Sequence[str]) -> tuple[int, ...]:
    body = _by_name(keys, TEXT_HEADERS, TEXT_HEADERS)
    if body is None:
        return ()
    subject = _by_name(keys, SUBJECT_HEADERS, SUBJECT_HEADERS, exclude=(body,))
    return (body,) if subject is None else (subject, body)


def _by_name(keys: Sequence[str], names: Sequence[str], last_words: Sequence[str],
             exclude: Iterable[int | None] = ()) -> int | None:
    """The first column whose whole name, else whose last word, is one of `names`."""
    excluded = set(exclude)
    for wanted in names:
        for i, key in enumerate(keys):
            if key == wanted and i not in excluded:
                return i
    for wanted in last_words:
        for i, key in enumerate(keys):
            if key.rsplit("_", 1)[-1] == wanted and i not in excluded:
                return i
    return None


def _longest_text(header: Sequence[str], sample: Sequence[Row]) -> tuple[int, ...]:
    """The column with the longest average text, among those that are not personal."""
    best, best_length = None, 10.0
    for i, h in enumerate(header):
        if personal_data.is_personal_header(h):
            continue
        cells = [row.cells[i] for row in sample]
        length = sum(len(c) for c in cells) / max(len(cells), 1)
        if length > best_length and sum(c.isdigit() for c in cells) < len(cells) / 2:
            best, best_length = i, length
    return () if best is None else (best,)


# -- the questions in one cell ------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    """One question a customer asked, with personal data taken out (`removed` kinds)."""

    text: str
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Found:
    """What one cell asked, and what was skipped in it."""

    questions: tuple[Asked, ...]
    fragments: int = 0       # conversational fragments ("Any update?")
    short: int = 0           # fewer than MIN_CONTENT_WORDS content words
    signatures: int = 0


def plain_text(cell: str) -> str:
    """A cell as plain text: HTML tags out, entities decoded, one kind of line break."""
    if "<" in cell and _TAG.search(cell):
        cell = _TAG.sub(lambda m: "\n" if m.group(2).lower() in _BLOCK_TAGS else " ", cell)
    if "&" in cell:
        cell = html.unescape(cell)
    return cell.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")


def sentences(text: str) -> list[str]:
    """The sentences of a text: split at . ! ? and line breaks, not after "e.g."."""
    pieces: list[str] = []
    for piece in _SENTENCE_BREAK.split(text):
        piece = piece.strip()
        if not piece:
            continue
        if pieces and pieces[-1].lower().endswith(ABBREVIATIONS):
            pieces[-1] += " " + piece
        else:
            pieces.append(piece)
    return pieces


def trim(sentence: str) -> str:
    """The asking part of a sentence: greetings and fillers off, from its question clause."""
    sentence = _GREETING.sub("", sentence.strip())
    sentence = _FILLER.sub("", sentence).strip()
    if sentence.endswith("?") and not _starts_asking(sentence):
        clause = _CLAUSE.search(sentence)
        if clause and len(content_words(sentence[clause.end():])) >= MIN_CONTENT_WORDS:
            sentence = sentence[clause.end():]
    return sentence


def _words(sentence: str) -> list[str]:
    return _OPENING.findall(sentence.lower().replace("’", "'"))


def _starts_asking(sentence: str) -> bool:
    words = _words(sentence)
    return bool(words) and words[0] in OPENERS


def _wh(word: str) -> bool:
    return word.startswith(("wh", "how"))


def is_asking(sentence: str) -> bool:
    """Does the sentence ask? It ends with "?", or opens as an English question does:
    a wh-word with a verb like "does" after it, or such a verb before its subject."""
    if sentence.rstrip(" \"')”’").endswith("?"):
        return True
    words = _words(sentence)
    if len(words) < 2 or words[0] not in OPENERS:
        return False
    first, rest = words[0], words[1:4]
    if _wh(first):
        if first == "what" and rest[0] in {"a", "an"}:
            return False
        return (any(w in OPENERS and not _wh(w) for w in rest)
                or (first == "how" and rest[0] in HOW_WORDS))
    return rest[0] in SUBJECTS


def is_fragment(sentence: str) -> bool:
    """A conversational fragment, not a question about the subject ("Any update?")."""
    return bool(_FRAGMENTS.search(sentence))


def find_questions(cell: str, private: frozenset[str] = frozenset()) -> Found:
    """The questions a cell asks, with personal data (and the row's private values) out."""
    text, signatures = personal_data.strip_replies(plain_text(cell))
    names = personal_data.greeting_names(text)
    if names:
        private = private | personal_data.private_values(("name", n) for n in names)
    questions, fragments, short, seen = [], 0, 0, set()
    for sentence in sentences(text):
        sentence = trim(sentence)
        if not sentence or not is_asking(sentence):
            continue
        if is_fragment(sentence):
            fragments += 1
            continue
        scrubbed = personal_data.scrub(sentence, private)
        if len(content_words(scrubbed.text)) < MIN_CONTENT_WORDS:
            short += 1
            continue
        key = normalise(scrubbed.text)
        if key not in seen:
            seen.add(key)
            questions.append(Asked(scrubbed.text, scrubbed.removed))
    return Found(tuple(questions), fragments, short, signatures)


def normalise(text: str) -> str:
    """The key under which the same question in other case, spacing or punctuation is one."""
    return " ".join(_TOKEN.findall(text.lower()))


# -- every row ----------------------------------------------------------------------


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
            out.private_words.update(w for w in _TOKEN.findall(value)
                                     if len(w) > 1 and w not in stop_words)
        out.lower_rows.update(personal_data.lower_case_words(cell))
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
        for asked in found.questions:
            out.found += 1
            out.removed.update(asked.removed)
            _add(out, asked, row.number)
    return out


def _add(out: Collected, asked: Asked, row: int) -> None:
    key = normalise(asked.text)
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


def wording_is_safe(text: str, collected: Collected, bank_text_words: frozenset[str]) -> bool:
    """May these words become a bank entry's question? Never with a possible name in it.

    A word of any row's personal values is a name, unless it is written in lower
    case in many rows (a surname such as "Long" or "Price"); so is a capitalised
    word in mid-sentence that the export never writes in lower case and the bank's
    own text (`bank_text_words`) does not use.
    """
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


# -- grouping -----------------------------------------------------------------------


class Likeness:
    """How alike two questions are, 0 to 1: the mean of their cosine and their shared
    words (weighted by rarity among `word_sets`: the mean of the Dice score and the
    share of the shorter one's words, which is 1 when its words are all in the other).

    Both halves count because the vectors alone put "How long does a heat pump
    last?" next to "How long does a heat pump take to install?".
    """

    def __init__(self, word_sets: Sequence[frozenset[str]]) -> None:
        frequency = Counter(w for ws in word_sets for w in ws)
        total = len(word_sets)
        self._idf = {w: math.log((total + 1) / (df + 0.5)) for w, df in frequency.items()}
        self._unknown = math.log((total + 1) / 0.5)

    def mass(self, words: frozenset[str]) -> float:
        return sum(self._idf.get(w, self._unknown) for w in words)

    def score(self, a: frozenset[str], b: frozenset[str], cosine: float,
              mass_a: float | None = None, mass_b: float | None = None) -> float:
        shared = a & b
        if not shared:
            return cosine / 2
        weight = self.mass(shared)
        mass_a = self.mass(a) if mass_a is None else mass_a
        mass_b = self.mass(b) if mass_b is None else mass_b
        dice = 2 * weight / (mass_a + mass_b)
        overlap = weight / min(mass_a, mass_b)
        return (cosine + (dice + overlap) / 2) / 2


def group(texts: Sequence[str], weights: Sequence[int], vectors: np.ndarray,
          word_sets: Sequence[frozenset[str]], likeness: Likeness,
          threshold: float = GROUP_THRESHOLD) -> list[list[int]]:
    """Near-duplicate questions together: indexes into `texts`, each group most asked first.

    Leader clustering: questions are taken most asked first, and each joins the
    group whose first question is most like it (Likeness) if that reaches
    `threshold`; otherwise it starts a group.
    """
    n = len(texts)
    if not n:
        return []
    mass = [likeness.mass(ws) for ws in word_sets]
    order = sorted(range(n), key=lambda i: (-weights[i], len(texts[i]), i))
    leaders = np.zeros((n, vectors.shape[1]), dtype=np.float32)
    leader_of: list[int] = []   # leader slot -> question index
    groups: list[list[int]] = []
    floor = max(COSINE_FLOOR, 2 * threshold - 1)  # below it, even sharing all words is too little
    chunk = 256
    for start in range(0, n, chunk):
        batch = order[start:start + chunk]
        known = len(leader_of)
        sims = vectors[batch] @ leaders[:known].T if known else np.zeros((len(batch), 0))
        for r, i in enumerate(batch):
            slots = np.flatnonzero(sims[r] >= floor)
            candidates = list(zip(sims[r][slots].tolist(), slots.tolist(), strict=True))
            if len(leader_of) > known:
                extra = leaders[known:len(leader_of)] @ vectors[i]
                candidates += [(float(extra[k]), known + k)
                               for k in np.flatnonzero(extra >= floor).tolist()]
            best, best_score = None, threshold
            for cosine, slot in sorted(candidates, reverse=True):
                if (cosine + 1) / 2 < best_score:
                    break  # no later (less close) leader can score more
                j = leader_of[slot]
                value = likeness.score(word_sets[i], word_sets[j], cosine, mass[i], mass[j])
                if value >= best_score:
                    best, best_score = slot, value
            if best is None:
                leaders[len(leader_of)] = vectors[i]
                leader_of.append(i)
                groups.append([i])
            else:
                groups[best].append(i)
    return groups


# -- the plan -----------------------------------------------------------------------


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
    bank_text_words = frozenset(w for q in bank_list for w in _TOKEN.findall(q.text.lower()))
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
    counts = Counter(collected.channels[r] for r in rows if r in collected.channels)
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


@functools.lru_cache(maxsize=4096)
def slug(text: str) -> str:
    """Pelican's slug of a text ("Sales Call" -> "sales-call")."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    return slugify(text, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


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


# -- dates --------------------------------------------------------------------------


_SLASHED = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{4})\b")
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_EPOCH = re.compile(r"^\d{10}(?:\.\d+)?$")


def parse_dates(values: Sequence[str]) -> list[datetime.date | None]:
    """Each value as a date (None when unreadable); 03/04/2026 is day first unless the
    file shows otherwise (a 13/.. makes it day first, a ../13 month first)."""
    day_first = True
    for value in values:
        found = _SLASHED.match(value)
        if found and int(found.group(1)) > 12:
            break
        if found and int(found.group(2)) > 12:
            day_first = False
            break
    return [parse_date(v, day_first) for v in values]


def parse_date(value: str, day_first: bool = True) -> datetime.date | None:
    """A date from the ways exports write one: ISO, 02/03/2026, 2 Mar 2026, Mar 2, 2026."""
    value = value.strip()
    try:
        parsed = datetime.datetime.fromisoformat(value.replace(" UTC", ""))
        return parsed.date()
    except ValueError:
        pass
    try:
        if found := _SLASHED.match(value):
            a, b, year = (int(g) for g in found.groups())
            year += 2000 if year < 100 else 0
            return datetime.date(year, b, a) if day_first else datetime.date(year, a, b)
        if found := _YEAR_FIRST.match(value):
            return datetime.date(*(int(g) for g in found.groups()))
        if found := _DAY_MONTH.search(value):
            day, month, year = found.groups()
            if month[:3].lower() in MONTHS:
                return datetime.date(int(year), MONTHS[month[:3].lower()], int(day))
        if found := _MONTH_DAY.search(value):
            month, day, year = found.groups()
            if month[:3].lower() in MONTHS:
                return datetime.date(int(year), MONTHS[month[:3].lower()], int(day))
        if _EPOCH.match(value):
            return datetime.datetime.fromtimestamp(float(value), datetime.UTC).date()
    except (ValueError, OverflowError):
        return None
    return None


# -- the whole import ---------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """What `invoke questions --import` was asked to do."""

    file: Path
    bank: Path
    column: str | None = None
    date_column: str | None = None
    channel_column: str | None = None
    channel: str | None = None
    encoding: str = "utf-8"
    max_rows: int = 50_000
    min_asked: int = 2
    dry_run: bool = False
    settings: dict = field(default_factory=dict)  # the site's: its matcher and synonyms
    today: datetime.date = field(default_factory=datetime.date.today)


@dataclass(frozen=True)
class Outcome:
    """What the import did: the summary to print, the bank's diff, whether it wrote."""

    summary: str
    diff: str
    written: bool


def import_questions(options: Options) -> Outcome:
    """Read the export, plan the change, write the bank (unless a dry run)."""
    from editorial.semantic import ModelMissing, model

    if options.max_rows < 1 or options.min_asked < 1:
        raise ImportFailed("--max-rows and --min-asked must be 1 or more")
    bank_name = display_path(str(options.bank))
    vocabulary = vocabulary_of(options.settings)
    bank, findings = load_bank(options.bank, vocabulary)
    errors = [f for f in findings if f.level == "error"]
    if errors:
        raise ImportFailed(f"the bank {bank_name} has {len(errors)} error(s); fix them first:\n"
                           + "\n".join(f"  {f.format()}" for f in errors[:10]))
    bank_text = options.bank.read_text(encoding="utf-8") if options.bank.is_file() else ""
    name = display_path(str(options.file))
    with read_export(options.file, options.encoding, options.max_rows) as (
            header, delimiter, rows):
        sample = list(itertools.islice(rows, SAMPLE_ROWS))
        if not sample:
            raise ImportFailed(f"{name} has a header ({', '.join(header)}) but no rows; "
                               "nothing to import")
        columns = resolve_columns(header, sample, name, options.column, options.date_column,
                                  options.channel_column, options.channel)
        if delimiter != ",":
            columns = dataclasses.replace(columns, notes=(
                f"cells separated by {_delimiter_name(delimiter)}s", *columns.notes))
        collected = collect(itertools.chain(sample, rows), columns, header, options.channel)
    try:
        embed = model().embed
    except ModelMissing as exc:
        raise ImportFailed(str(exc)) from None
    matcher = bank_matcher(bank, options.settings)
    space = _space(collected.texts, [q.text for q in bank.questions.values()], matcher.words,
                   embed)
    groups = group(collected.texts, [len(r) for r in collected.rows], space.vectors,
                   space.words, space.likeness)
    the_plan = plan(collected, groups, space, bank, functools.partial(asks, matcher),
                    options.min_asked, vocabulary)
    comment = (f"Proposed by `invoke questions --import {options.file.name}` on "
               f"{options.today.isoformat()}: topic and stage are suggestions; check them.")
    try:
        new_text = bank_writer.apply(bank_text, the_plan.updates, the_plan.proposals, comment)
    except bank_writer.BankWriteError as exc:
        raise ImportFailed(f"{bank_name}: {exc}") from None
    diff = bank_writer.diff(bank_text, new_text, bank_name)
    written = not options.dry_run and new_text != bank_text
    try:
        if written:
            bank_writer.write(options.bank, new_text, vocabulary)
        elif new_text != bank_text:
            bank_writer.check(new_text, vocabulary)
    except bank_writer.BankWriteError as exc:
        raise ImportFailed(f"{bank_name}: {exc}") from None
    text = summary(name, bank_name, columns, collected, the_plan, options, written)
    return Outcome(text, diff, written)


def _space(texts: Sequence[str], bank_texts: Sequence[str],
           words: Callable[[str], frozenset[str]], embed: Callable) -> Space:
    word_sets = [words(t) for t in texts]
    bank_words = [words(t) for t in bank_texts]
    return Space(embed(texts), word_sets, embed(bank_texts), bank_words,
                 Likeness([*word_sets, *bank_words]))


def summary(name: str, bank_name: str, columns: Columns, collected: Collected, the_plan: Plan,
            options: Options, written: bool) -> str:
    """What the import read, found and changed, in counts; never a customer's words."""
    lines = [f"questions --import {name}" + (" (dry run: nothing written)"
                                              if options.dry_run else "")]
    lines += [f"  {note}" for note in columns.notes]
    rows_with = len({r for rs in collected.rows for r in rs})
    lines.append(f"rows read: {collected.rows_read:,}; questions found: {collected.found:,} in "
                 f"{rows_with:,} rows ({len(collected.texts):,} distinct); groups: "
                 f"{the_plan.groups:,}")
    lines.append(f"matched bank entries updated: {len(the_plan.updates)}")
    lines += [f"  {u.id}  +{u.asked}" for u in the_plan.updates[:40]]
    if len(the_plan.updates) > 40:
        lines.append(f"  ... and {len(the_plan.updates) - 40} more (see the diff)")
    lines.append(f"new entries proposed: {len(the_plan.proposals)} (heard at least "
                 f"{options.min_asked} times)")
    lines += [f"  {p.id}  asked {p.asked}: {p.question}" for p in the_plan.proposals[:40]]
    if len(the_plan.proposals) > 40:
        lines.append(f"  ... and {len(the_plan.proposals) - 40} more (see the diff)")
    if the_plan.small_groups:
        lines.append(f"not proposed: {the_plan.small_groups:,} groups heard fewer than "
                     f"{options.min_asked} times ({the_plan.small_rows:,} rows)")
    if the_plan.unsafe_groups:
        lines.append(f"not proposed: {the_plan.unsafe_groups:,} groups whose every wording "
                     "holds personal data or a possible name")
    skipped = sum(collected.skipped.values())
    lines.append(f"rows skipped: {skipped:,}" + (": " + ", ".join(
        f"{n:,} {why}" for why, n in sorted(collected.skipped.items()) if n) if skipped else ""))
    dropped = {k: n for k, n in collected.dropped.items() if n}
    if dropped:
        lines.append("sentences skipped: " + ", ".join(
            f"{n:,} {why}" for why, n in sorted(dropped.items())))
    removed = [(what, collected.removed[k]) for k, what in personal_data.KINDS.items()
               if collected.removed[k] and k != "signature"]
    lines.append("personal data taken out of questions: " + (
        ", ".join(f"{n:,} {what}" for what, n in removed) if removed else "none found")
        + f"; signature blocks cut: {collected.removed['signature']:,}")
    if the_plan.undated:
        lines.append(f"dates not understood: {the_plan.undated:,} rows (their questions count, "
                     "without a date)")
    if options.dry_run:
        lines.append(f"{bank_name} is unchanged; run again without --dry-run to write it")
    elif written:
        lines.append(f"wrote {bank_name}")
    else:
        lines.append(f"{bank_name} needed no change")
    return "\n".join(lines)
