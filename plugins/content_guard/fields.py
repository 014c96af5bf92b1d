"""Metadata fields given more than once, and a Title with nothing in it: pure checks.

Python-Markdown's meta extension gathers a repeated `Key:` line into a list. Pelican
keeps the first value of some fields (Date, Slug, Category, Status...) with a
warning of its own, but hands a repeated Title or Summary on as a list, which stops
the build ("'list' object has no attribute 'lower'"). content_guard uses the first
value of every field either reads once, and reports both lines.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from customer_evidence.core.header import Header, HeaderLine

# The fields Pelican keeps the first value of (its DUPLICATES_DEFINITIONS_ALLOWED).
PELICAN_KEEPS_FIRST = frozenset({"tags", "date", "modified", "status", "category", "author",
                                 "save_as", "url", "authors", "slug"})
# The other fields Pelican and these plugins read as one value (Sources may be a
# list: customer_sources cites each id of every line).
LISTED_BY_PELICAN = frozenset({"title", "summary", "lang", "translation", "template",
                               "question", "question-id", "source-exempt"})
SINGLE_FIELDS = PELICAN_KEEPS_FIRST | LISTED_BY_PELICAN


def repeated_fields(header: Header, formatted: Iterable[str] = ()) -> list[list[HeaderLine]]:
    """The lines of each single-valued field given more than once, in header order.

    FORMATTED_FIELDS are left alone: Pelican joins their lines as Markdown.
    """
    skip = {name.lower() for name in formatted}
    lines: dict[str, list[HeaderLine]] = {}
    for field in header.fields:
        key = field.key.lower()
        if key in SINGLE_FIELDS and key not in skip:
            lines.setdefault(key, []).append(field)
    return [found for found in lines.values() if len(found) > 1]


def repeated_message(lines: list[HeaderLine]) -> str:
    """A field given on several lines: which lines, the value used, and the fix."""
    numbers = [str(f.line) for f in lines]
    both = "both give" if len(lines) == 2 else "all give"
    first = lines[0].value
    shown = first if len(first) <= 60 else first[:59] + "…"
    return (f"lines {', '.join(numbers[:-1])} and {numbers[-1]} {both} {lines[0].key}; "
            f"the first ({shown!r}) is used: delete the line you do not mean")


def first_values(metadata: dict, repeated: Iterable[str]) -> dict:
    """The metadata with one value for each field Pelican left as a list.

    A field in `repeated` (given on several lines) keeps its first value; any other
    list is one value written over several lines (indented continuations), joined.
    """
    repeated = {name.lower() for name in repeated}
    fixed = dict(metadata)
    for name in LISTED_BY_PELICAN:
        value = fixed.get(name)
        if isinstance(value, list) and value:
            fixed[name] = value[0] if name in repeated else " ".join(map(str, value))
    return fixed


def is_blank(text: object) -> bool:
    """Whether text shows nothing: empty, spaces, or invisible characters only."""
    return all(c.isspace() or unicodedata.category(c) in ("Cf", "Zs") for c in str(text))


def blank_title_message(title: HeaderLine | None) -> str:
    """A Title line with no text after the colon."""
    where = f"line {title.line}, {title.key}" if title else "Title"
    return f"{where} is blank, so the post has no headline; write it after 'Title:'"
