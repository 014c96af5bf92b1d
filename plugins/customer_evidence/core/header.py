"""Reading a Markdown file's metadata header, with the line of each field."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass

# The same shapes Python-Markdown's meta extension accepts, matched as it matches them
# (a line starting "---" opens the header; one starting "---" or "..." ends it), on
# lines whose tabs it has expanded.
_FIELD_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
_BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
_END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")
TAB_LENGTH = 4  # Python-Markdown's


@dataclass(frozen=True)
class HeaderLine:
    """One `Key: value` line of a Markdown metadata header."""

    line: int
    key: str
    value: str


@dataclass(frozen=True)
class Header:
    """The parsed metadata header and the first line that ended it, if not blank."""

    fields: tuple[HeaderLine, ...]
    stopped_at: tuple[int, str] | None

    def find(self, key: str) -> HeaderLine | None:
        """The first field named `key` (case-insensitive)."""
        key = key.lower()
        return next((f for f in self.fields if f.key.lower() == key), None)


def parse_header(text: str) -> Header:
    """Read the metadata header at the top of a Markdown file."""
    fields: list[HeaderLine] = []
    lines = markdown_lines(text.lstrip("\ufeff"))
    start = 1 if lines and _BEGIN_RE.match(lines[0]) else 0
    for number, line in enumerate(lines[start:], start=start + 1):
        expanded = line.expandtabs(TAB_LENGTH)
        if not expanded.strip() or _END_RE.match(expanded):
            return Header(tuple(fields), None)
        if match := _FIELD_RE.match(expanded):
            fields.append(HeaderLine(number, match["key"], match["value"].strip()))
        elif not (fields and _MORE_RE.match(expanded)):
            return Header(tuple(fields), (number, line))
    return Header(tuple(fields), None)


def markdown_lines(text: str) -> list[str]:
    """The lines of a text as Python-Markdown (and editors) count them: split at line
    feeds and carriage returns only, not at U+0085, U+2028 or form feeds."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def read_header(path: str) -> Header:
    """The metadata header of a Markdown file on disk (read once while it is unchanged)."""
    stat = os.stat(path)
    return _read_header(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=512)
def _read_header(path: str, mtime_ns: int, size: int) -> Header:
    """Reads up to the first blank line only: a header never goes past it."""
    head = []
    with open(path, encoding="utf-8-sig", errors="replace") as f:
        for line in f:
            head.append(line)
            if not line.strip():
                break
    return parse_header("".join(head))


def field_line(path: str, key: str) -> int | None:
    """The line of metadata field `key` in a file, if it is there."""
    field = read_header(path).find(key)
    return field.line if field else None


def text_line(path: str, text: str) -> int | None:
    """The first line after the metadata header that contains `text`."""
    with open(path, encoding="utf-8-sig", errors="replace") as f:
        lines = markdown_lines(f.read())
    in_header = True
    for number, line in enumerate(lines, start=1):
        if in_header:
            in_header = bool(line.strip())
        elif text in line:
            return number
    return None
