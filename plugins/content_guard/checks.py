"""Pure checks behind content_guard: messages for unusable files, output collisions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from customer_evidence.core.header import Header, parse_header

DATE_FIELDS = ("date", "modified")
STATUSES = ("published", "draft", "hidden", "skip")
_LINE = re.compile(r"\bline (\d+)\b")
DATE_HINT = "write it as YYYY-MM-DD or 'YYYY-MM-DD HH:MM', e.g. 2026-03-02"


def missing_title_message(text: str) -> str:
    """Explain why a file has no title and what to write instead."""
    if not text.strip():
        return "the file is empty; start it with a 'Title: ...' line, or delete it"
    header = parse_header(text)
    if header.stopped_at and not header.fields:
        number, line = header.stopped_at
        return (
            f"line {number}: {line.strip()[:60]!r} is not a 'Key: value' metadata "
            "line, so the file has no Title; start the file with 'Title: ...'"
        )
    if header.stopped_at:
        number, line = header.stopped_at
        return (
            f"no Title in the metadata header, which ends at line {number} "
            f"({line.strip()[:60]!r} is not a 'Key: value' line); "
            "add 'Title: ...' to the header"
        )
    return "no Title in the metadata header; add a 'Title: ...' line at the top"


def bad_date_message(header: Header, is_valid_date: Callable[[str], bool]) -> str | None:
    """Name the date field that does not parse, with its line; None if all parse."""
    for name in DATE_FIELDS:
        field = header.find(name)
        if field and not is_valid_date(field.value):
            return (
                f"line {field.line}, {field.key}: {field.value!r} is not a date; "
                f"{DATE_HINT}"
            )
    return None


def bad_status_message(header: Header, status: str) -> str:
    """Explain an unknown Status value."""
    field = header.find("status")
    where = f"line {field.line}, Status" if field else "Status"
    return (
        f"{where}: {status!r} is not a known status; "
        f"use one of {', '.join(STATUSES)}"
    )


def message_line(message: str) -> int | None:
    """The line number a message above names ("line 4, Date: ..."), if any."""
    found = _LINE.search(message)
    return int(found.group(1)) if found else None


def large_file_message(size: int, limit: int) -> str:
    """A Markdown file bigger than `limit` bytes: how big, and what to do."""
    return (f"the file is {size / 1024 / 1024:.1f} MB, over the {limit // 1024 // 1024} MB "
            "expected of an article: it is slow to build and to read; split it into "
            "several articles, or move data out of it into a linked file")


def collision_message(kept: str, dropped: str, save_as: str) -> str:
    """Two files writing one output file: which is left out, and the fix."""
    return (f"{kept} and {dropped} both write {save_as}; {dropped} is left out. "
            "Give one of them its own 'Slug: ...' line.")


@dataclass(frozen=True)
class Collision:
    """Two content files that would write the same output file."""

    save_as: str
    kept: str
    dropped: str


def find_collisions(items: Iterable[Any]) -> list[Collision]:
    """Pair every item with an earlier one (by source path) writing the same file."""
    first_by_path: dict[str, Any] = {}
    collisions = []
    for item in sorted(items, key=lambda i: i.source_path):
        save_as = getattr(item, "save_as", "")
        if not save_as:
            continue
        if save_as in first_by_path:
            kept = first_by_path[save_as]
            collisions.append(Collision(save_as, kept.source_path, item.source_path))
        else:
            first_by_path[save_as] = item
    return collisions


def without(items: Sequence[Any], dropped_paths: set[str]) -> list[Any]:
    """The items whose source path is not in `dropped_paths`, order kept."""
    return [i for i in items if i.source_path not in dropped_paths]
