"""Malformed content files: what the checked reader refuses, and what it repairs.

The decisions are in limits.py, fields.py and slugs.py; this module applies them.

- refusal_before_reading: a file over CONTENT_GUARD_MAX_BYTES (file-too-large), with a
  control character (control-character), or nested deeper than
  CONTENT_GUARD_MAX_NESTING (too-deeply-nested): (rule, message), and the checked
  reader leaves the file out before Markdown renders it.
- unrenderable: what is said of a file Markdown still gives up on (RecursionError).
- refusal_after_reading: a blank Title (missing-title), a Date or Modified outside
  the years allowed (date-out-of-range).
- one_value_each: a field Pelican reads once, given twice, keeps its first value.
- flag_malformed_metadata (content_object_init, so cached files are reported too):
  the duplicate-field warning naming the lines, and slugs too long for a file name
  cut, with a long-slug warning.
- quiet_pelican_duplicates: Pelican's own "Duplicate definition" warning is dropped,
  as duplicate-field says it with both lines.
"""

from __future__ import annotations

import datetime
import logging
import os
import re

from pelican.contents import Static
from pelican.readers import MarkdownReader

from customer_evidence.core.findings import Finding, display_path, log_findings, record
from customer_evidence.core.header import read_header
from customer_evidence.core.internals import context_of

from .fields import (
    LISTED_BY_PELICAN,
    blank_title_message,
    first_values,
    is_blank,
    repeated_fields,
    repeated_message,
)
from .limits import (
    MAX_BYTES,
    MAX_NESTING,
    MAX_SLUG_BYTES,
    control_character,
    control_character_message,
    date_range,
    in_range,
    out_of_range_message,
    setting,
    setting_problems,
    too_deep,
    too_deep_message,
    too_large_message,
)
from .slugs import cut_slug, long_slug_message

logger = logging.getLogger(__name__)

_PELICAN_DUPLICATE = "Duplicate definition of `%s` for %s. Using first one."
_FIELD = re.compile(r"[ ]{0,3}([A-Za-z0-9_-]+):")


def refusal_before_reading(path: str, settings: dict) -> tuple[str, str] | None:
    """(rule, message) when the file must not reach Markdown; None when it may."""
    size = os.path.getsize(path)
    limit = setting(settings, MAX_BYTES)
    if size > limit:
        return "file-too-large", too_large_message(size, limit)
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None  # the reader says not-utf8, with the byte offset
    if found := control_character(text):
        place, char, count = found
        return "control-character", control_character_message(
            place, char, count, _header_key(text, place.line))
    depth = setting(settings, MAX_NESTING)
    if place := too_deep(text, depth):
        return "too-deeply-nested", too_deep_message(place, depth)
    return None


def unrenderable() -> tuple[str, str]:
    """(rule, message) for a file Markdown gave up on (RecursionError)."""
    return "too-deeply-nested", too_deep_message(None, 0)


def refusal_after_reading(path: str, metadata: dict, settings: dict,
                          today: datetime.date | None = None) -> tuple[str, str] | None:
    """(rule, message) when what the file says makes it unusable; None when usable."""
    if "title" in metadata and is_blank(metadata["title"]):
        return "missing-title", blank_title_message(read_header(path).find("title"))
    first, last = date_range(settings, today or datetime.date.today())
    for name in ("date", "modified"):
        value = metadata.get(name)
        if isinstance(value, datetime.date) and not in_range(value, first, last):
            field = read_header(path).find(name)
            where = f"line {field.line}, {field.key}" if field else name.capitalize()
            written = field.value if field else value.isoformat()
            return "date-out-of-range", out_of_range_message(where, written, first, last)
    return None


def one_value_each(path: str, metadata: dict, settings: dict) -> dict:
    """The metadata with the first value of each field given on several lines."""
    if not any(isinstance(metadata.get(name), list) for name in LISTED_BY_PELICAN):
        return metadata
    repeated = repeated_fields(read_header(path), settings.get("FORMATTED_FIELDS", ()))
    return first_values(metadata, [lines[0].key for lines in repeated])


def _header_key(text: str, number: int) -> str | None:
    """The metadata field on line `number`, if that line is in the header."""
    lines = text.split("\n", number)[:number]
    if len(lines) < number or any(not line.strip() for line in lines):
        return None
    found = _FIELD.match(lines[-1].lstrip("\ufeff"))
    return found.group(1) if found else None


# --- Signal handlers ------------------------------------------------------------------

def check_limit_settings(pelican) -> None:
    """An error for each limit setting with a value it cannot have (its default is used)."""
    for problem in setting_problems(pelican.settings):
        logger.error("%s", problem)


def quiet_pelican_duplicates(pelican) -> None:
    """Drop Pelican's 'Duplicate definition' warning: duplicate-field names both lines."""
    readers_logger = logging.getLogger("pelican.readers")
    if _DUPLICATE_FILTER not in readers_logger.filters:
        readers_logger.addFilter(_DUPLICATE_FILTER)


class _DuplicateFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != _PELICAN_DUPLICATE


_DUPLICATE_FILTER = _DuplicateFilter()


def flag_malformed_metadata(content) -> None:
    """Warn of fields given twice, and cut slugs too long for a file name."""
    path = getattr(content, "source_path", None)
    if isinstance(content, Static) or not path or not os.path.isfile(path):
        return  # a static file is written under its own name, which exists
    findings = [*_repeated_field_findings(path, content.settings), *shorten_slugs(content)]
    if findings:
        log_findings(findings)
        context = context_of(content)
        if context is not None:
            record(context, findings)


def _repeated_field_findings(path: str, settings: dict) -> list[Finding]:
    if not _is_markdown(path):
        return []
    repeated = repeated_fields(read_header(path), settings.get("FORMATTED_FIELDS", ()))
    return [Finding("warning", "duplicate-field", display_path(path), lines[1].line,
                    repeated_message(lines)) for lines in repeated]


def _is_markdown(path: str) -> bool:
    return os.path.splitext(path)[1].lstrip(".") in MarkdownReader.file_extensions


def shorten_slugs(content) -> list[Finding]:
    """Cut the content's slugs that are too long for a file name; a finding for each.

    The content object gets new category, tag and author objects with the cut
    slug; the ones in its metadata (which Pelican's reader cache keeps) are left
    as they are, so the next build finds and reports the same.
    """
    limit = setting(content.settings, MAX_SLUG_BYTES)
    path = content.source_path
    header = read_header(path) if _is_markdown(path) else None
    findings = []

    def report(key: str, kind: str, slug: str, used: str, written_at: str | None = None):
        field = header and (header.find(key) or header.find(f"{key}s"))
        where = f"line {field.line}, {field.key}" if field else f"the {kind}"
        findings.append(Finding("warning", "long-slug", display_path(path),
                                field.line if field else None,
                                long_slug_message(where, slug, used, limit, kind, written_at)))

    slug = getattr(content, "slug", None)
    if _too_long(slug, limit) and not hasattr(content, "override_save_as"):
        content.slug = cut_slug(slug, limit)
        kind = ("slug" if "slug" in content.metadata else
                "title" if content.settings.get("SLUGIFY_SOURCE") == "title" else "file name")
        report(kind, kind, slug, content.slug, content.save_as)
    replaced = {}  # id of a category, tag or author -> its copy with the slug cut
    for attribute, kind in (("category", "category"), ("author", "author"),
                            ("authors", "author"), ("tags", "tag")):
        value = getattr(content, attribute, None)
        wrappers = value if isinstance(value, list) else [value]
        for w in wrappers:
            if id(w) not in replaced and _too_long(getattr(w, "slug", None), limit):
                replaced[id(w)] = _with_slug(w, limit)
                report("tags" if kind == "tag" else kind, kind, w.slug, replaced[id(w)].slug)
        if any(id(w) in replaced for w in wrappers):
            new = [replaced.get(id(w), w) for w in wrappers]
            setattr(content, attribute, new if isinstance(value, list) else new[0])
    return findings


def _too_long(slug: object, limit: int) -> bool:
    return isinstance(slug, str) and len(slug.encode("utf-8")) > limit


def _with_slug(wrapper, limit: int):
    """A copy of a category, tag or author with its slug cut."""
    copy = type(wrapper)(wrapper.name, wrapper.settings)
    copy.slug = cut_slug(wrapper.slug, limit)
    return copy
