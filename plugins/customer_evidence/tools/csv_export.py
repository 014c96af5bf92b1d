"""Reading a CSV export for `invoke questions --import`, and which column is which.

`read_export()` gives the header, delimiter and rows of a help-desk, CRM, call-note,
web-form or question-research export, or an ImportFailed naming the file, row, line and
column and what to do (encoding, size, shape). `resolve_columns()` chooses the columns
that hold the text, date, channel and personal values: by their header, or as the
options say.
"""

from __future__ import annotations

import codecs
import csv
import itertools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from customer_evidence.core.findings import display_path
from customer_evidence.tools import personal_data

CELL_LIMIT = 100 * 1024          # bytes in one cell

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


class ImportFailed(Exception):
    """The export or the bank cannot be imported; the message says where and what to do."""


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
                               f"{delimiter_name(reader.dialect.delimiter)} in it? Quote it "
                               "and export again")
        for index, cell in enumerate(cells):
            if len(cell) > CELL_LIMIT // 4 and len(cell.encode("utf-8")) > CELL_LIMIT:
                raise ImportFailed(f"{name}, row {number} (line {line}), column "
                                   f"{header[index] if index < len(header) else index + 1!r}: "
                                   f"the cell is over {CELL_LIMIT // 1024} KB; shorten or "
                                   "remove it and export again")
        yield Row(number, line, cells + [""] * (len(header) - len(cells)))


def delimiter_name(delimiter: str) -> str:
    """How a message names a delimiter: "comma", "semicolon", "tab" or "bar"."""
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
