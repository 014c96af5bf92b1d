"""Reads plain files: a folder (recursively, in sorted order) or one file of text, HTML or
Markdown.

.txt: the first non-empty line is the title, the rest the body. .html/.htm: the title
from <title> or the first <h1>, the body from <article>, <main> or <body> (that h1 taken
out). .md/.markdown: a Pelican `Key: value` header, Jekyll/Hugo front matter, or a first
`# Title` line, else the file name. Files are decoded as UTF-8 (BOM or not), else as
cp1252 with a note. Other files are counted in `stats` and passed over. Nothing is written.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from customer_evidence.core.header import parse_header
from customer_evidence.importing.model import ImportFailed, Note, ReadStats, SourcePost

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")
MAX_FILE_BYTES = 20 * 1024 * 1024
_ATX_TITLE_RE = re.compile(r"^#\s+(?P<title>.+?)\s*#*\s*$")
_PELICAN_LIST_FIELDS = ("tags", "authors")


def read_plain(path: Path, stats: ReadStats | None = None) -> Iterator[SourcePost]:
    """The posts of a folder (its files recursively, sorted) or of one file."""
    stats = stats if stats is not None else ReadStats()
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            if any(part.startswith(".") for part in file.relative_to(path).parts):
                stats.skip("hidden file")
                continue
            post = _read_file(file, file.relative_to(path).as_posix(), stats)
            if post is not None:
                yield post
    elif path.is_file():
        if path.suffix.lower() not in TEXT_SUFFIXES + HTML_SUFFIXES + MARKDOWN_SUFFIXES:
            raise ImportFailed(f"{path}: {path.suffix or 'a file without suffix'} is not a "
                               "format this import reads; give .txt, .html or .md files")
        post = _read_file(path, path.name, stats)
        if post is not None:
            yield post
    else:
        raise ImportFailed(f"{path}: no such file or folder")


def _read_file(file: Path, name: str, stats: ReadStats) -> SourcePost | None:
    suffix = file.suffix.lower()
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES + MARKDOWN_SUFFIXES:
        logger.info("%s: not a text, HTML or Markdown file; passed over", file)
        stats.skip(f"not a post ({suffix or 'no suffix'})")
        return None
    try:
        data = file.read_bytes() if file.stat().st_size <= MAX_FILE_BYTES else None
    except OSError as error:
        raise ImportFailed(f"{file}: cannot be read ({error.strerror})") from error
    if data is None:
        stats.skip("file too large")
        logger.warning("%s: larger than %d bytes; passed over", file, MAX_FILE_BYTES)
        return None
    if b"\x00" in data[:8192]:
        stats.skip("binary file")
        logger.warning("%s: a binary file, not text; passed over", file)
        return None
    text, notes = decode(data)
    if suffix in HTML_SUFFIXES:
        return _html_post(file, name, text, notes)
    if suffix in MARKDOWN_SUFFIXES:
        return _markdown_post(file, name, text, notes)
    return _text_post(file, name, text, notes)


def decode(data: bytes) -> tuple[str, list[Note]]:
    """A file's text: UTF-8 (with or without BOM), else cp1252 (latin-1 for its five
    unassigned bytes) with a note saying so."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text, [Note(f"not UTF-8 (first bad byte on line {line}); read as Windows-1252: "
                       "check its accented letters and quotes", line=line)]


def _base(file: Path, name: str, title: str, body: str, body_format: str,
          notes: list[Note]) -> SourcePost:
    return SourcePost(origin=f"plain:{name}", source=name, format="plain", title=title,
                      body=body, body_format=body_format, notes=notes,
                      slug=None)


def _text_post(file: Path, name: str, text: str, notes: list[Note]) -> SourcePost:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        notes.append(Note("the file is empty; the file name was used as title"))
        return _base(file, name, file.stem, "", "text", notes)
    body = "\n".join(lines[first + 1:]).strip("\n")
    return _base(file, name, lines[first].strip(), body, "text", notes)


def _html_post(file: Path, name: str, text: str, notes: list[Note]) -> SourcePost:
    soup = BeautifulSoup(text, "lxml")
    root = soup.find("article") or soup.find("main") or soup.body or soup
    h1 = root.find("h1") if isinstance(root, Tag) else None
    head_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    title = head_title or (h1.get_text(" ", strip=True) if isinstance(h1, Tag) else "")
    if isinstance(h1, Tag):
        h1.decompose()
    if not title:
        title = file.stem
        notes.append(Note("no <title> or <h1>; the file name was used as title"))
    lang = soup.html.get("lang") if soup.html else None
    post = _base(file, name, title, root.decode_contents().strip(), "html", notes)
    post.lang = lang if isinstance(lang, str) and lang.strip() else None
    return post


def _markdown_post(file: Path, name: str, text: str, notes: list[Note]) -> SourcePost:
    text = text.lstrip("\ufeff")
    if text.startswith(("---", "+++")):
        from customer_evidence.importing.markdown_sites import front_matter_post
        post = front_matter_post(file, text, "plain", f"plain:{name}", name, notes)
        if post is not None:
            return post
    header = parse_header(text, front_matter=False)
    if header.fields and header.fields[0].line <= 2:
        return _pelican_post(file, name, text, header, notes)
    lines = text.replace("\r\n", "\n").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and (match := _ATX_TITLE_RE.match(lines[first])):
        body = "\n".join(lines[first + 1:]).strip("\n")
        return _base(file, name, match["title"], body, "markdown", notes)
    return _base(file, name, file.stem, text.strip("\n"), "markdown", notes)


def _pelican_post(file: Path, name: str, text: str, header, notes: list[Note]) -> SourcePost:
    lines = text.replace("\r\n", "\n").split("\n")
    end = max(f.line for f in header.fields)
    body = "\n".join(lines[end:]).lstrip("\n")
    if body.startswith(("---", "...")):
        body = body.split("\n", 1)[1] if "\n" in body else ""
    values = {f.key.lower(): f.value for f in header.fields}
    post = _base(file, name, values.get("title") or file.stem, body.strip("\n"), "markdown",
                 notes)
    post.date = parse_date(values.get("date"), notes, header.find("date"))
    post.modified = parse_date(values.get("modified"), notes, header.find("modified"))
    post.slug = values.get("slug") or None
    post.category = values.get("category") or None
    post.tags = split_list(values.get("tags"))
    post.authors = split_list(values.get("authors") or values.get("author"))
    post.summary = values.get("summary") or None
    post.lang = values.get("lang") or None
    if values.get("status", "").lower() == "draft":
        post.status = "draft"
    if values.get("save_as") or values.get("url"):
        post.old_url = "/" + (values.get("url") or values.get("save_as", "")).lstrip("/")
    return post


def split_list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


_SPACE_OFFSET_RE = re.compile(r"\s+([+-]\d{2}:?\d{2}|Z)$")


def parse_date(value: object, notes: list[Note], where=None) -> datetime.datetime | None:
    """A date as Jekyll, Hugo or Pelican write it (`2019-03-04`, `2019-03-04 10:00:00
    +0100`, ISO 8601); None with a note when it cannot be read."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day)
    text = _SPACE_OFFSET_RE.sub(r"\1", str(value).strip())
    for candidate in (text, text.replace("/", "-")):
        try:
            return datetime.datetime.fromisoformat(candidate)
        except ValueError:
            continue
    line = getattr(where, "line", where if isinstance(where, int) else None)
    notes.append(Note(f"date {value!r} not understood; set Date: by hand", line=line))
    return None
