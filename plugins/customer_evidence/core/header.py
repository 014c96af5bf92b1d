"""Reading a Markdown file's metadata header, with the line of each field."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass

from customer_evidence.core.front_matter import FrontMatterError, split_front_matter

# The same shapes Python-Markdown's meta extension accepts, matched as it matches them
# (a line starting "---" opens the header; one starting "---" or "..." ends it), on
# lines whose tabs it has expanded.
_FIELD_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
_BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
_END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")
TAB_LENGTH = 4  # Python-Markdown's
_FRONT_MATTER_NAMES = {  # Pelican's name -> the Jekyll/Hugo names it is read from
    "modified": ("modified", "lastmod", "last_modified_at", "updated"),
    "summary": ("summary", "description", "excerpt"),
    "category": ("category", "categories"),
    "tags": ("tags", "categories"),
    "author": ("author", "authors"),
    "authors": ("authors", "author"),
    "question-id": ("question-id", "question_id"),
}
_MAX_FRONT_MATTER_LINES = 5000  # read no further looking for a closing fence


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
    front_matter: bool = False  # YAML/TOML front matter, whose Jekyll/Hugo names count too

    def find(self, key: str) -> HeaderLine | None:
        """The first field named `key` (case-insensitive), or in front matter the field
        Pelican's `key` is read from (`lastmod` for `modified`...)."""
        key = key.lower()
        names = _FRONT_MATTER_NAMES.get(key, (key,)) if self.front_matter else (key,)
        for name in names:
            if found := next((f for f in self.fields if f.key.lower() == name), None):
                return found
        return None


def parse_header(text: str, front_matter: bool = True) -> Header:
    """Read the metadata header at the top of a Markdown file: a Pelican header, or
    Jekyll/Hugo YAML/TOML front matter (each top-level key at its line)."""
    if front_matter and (found := _front_matter_header(text)) is not None:
        return found
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


def _front_matter_header(text: str) -> Header | None:
    """The fields of YAML/TOML front matter; None when there is none or it is unusable
    (the reader reports that)."""
    try:
        fm, _ = split_front_matter(text)
    except FrontMatterError:
        return None
    if fm is None:
        return None
    fields = []
    for key, line in sorted(fm.lines.items(), key=lambda item: item[1]):
        value = fm.data.get(key, "")
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        fields.append(HeaderLine(line, key, shown))
    return Header(tuple(fields), None, front_matter=True)


def body_start(text: str) -> int | None:
    """The line where the body starts after YAML/TOML front matter, if the text has it."""
    try:
        fm, _ = split_front_matter(text)
    except FrontMatterError:
        return None
    return fm.body_start if fm else None


def markdown_lines(text: str) -> list[str]:
    """The lines of a text as Python-Markdown (and editors) count them: split at line
    feeds and carriage returns only, not at U+0085, U+2028 or form feeds."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def read_header(path: str) -> Header:
    """The metadata header of a Markdown file on disk (read once while it is unchanged)."""
    stat = os.stat(path)
    return _read_header(path, stat.st_mtime_ns, stat.st_size)


# Every post of a large blog (4,000 and more): an autoreloading build reads each header
# again on every build, so a smaller cache, cycled through in order, would never hit.
@functools.lru_cache(maxsize=16_384)
def _read_header(path: str, mtime_ns: int, size: int) -> Header:
    """Reads up to the first blank line only (a Pelican header never goes past it), or to
    the closing fence of front matter."""
    head: list[str] = []
    with open(path, encoding="utf-8-sig", errors="replace") as f:
        for line in f:
            head.append(line)
            fence = head[0].rstrip() if head[0].rstrip() in ("---", "+++") else None
            if fence is None and not line.strip():
                break
            closes = (fence, "...") if fence == "---" else (fence,)
            if fence and len(head) > 1 and line.rstrip() in closes:
                break
            if fence and len(head) > _MAX_FRONT_MATTER_LINES:
                break
    return parse_header("".join(head))


def field_line(path: str, key: str) -> int | None:
    """The line of metadata field `key` in a file, if it is there."""
    field = read_header(path).find(key)
    return field.line if field else None


def text_line(path: str, text: str) -> int | None:
    """The first line after the metadata header that contains `text`."""
    with open(path, encoding="utf-8-sig", errors="replace") as f:
        whole = f.read()
    lines = markdown_lines(whole)
    start = body_start(whole)
    in_header = True
    for number, line in enumerate(lines, start=1):
        if start is not None:
            in_header = number < start
            if in_header:
                continue
        if in_header:
            in_header = bool(line.strip())
        elif text in line:
            return number
    return None
