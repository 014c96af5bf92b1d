"""Read a Ghost export (the JSON file from Settings > Labs > Export) into SourcePost objects.

Both layouts are read: {"db": [{"meta": ..., "data": ...}]} (Ghost 1 onwards) and the
older top-level {"meta": ..., "data": ...}. The standard library cannot stream a JSON
document, so the file is read whole; files over MAX_GHOST_BYTES are refused.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .model import ImportFailed, Note, ReadStats, SourcePost

log = logging.getLogger(__name__)

MAX_GHOST_BYTES = 100 * 1024 * 1024
SNIFF_BYTES = 4096
EXPORT_AGAIN = "in Ghost use Settings > Labs (Migration) > Export content and import that file"
GHOST_URL_PLACEHOLDER = "__GHOST_URL__"
UNTITLED_SLUG = re.compile(r"^untitled(-\d+)?$")

__all__ = ["looks_like_ghost", "read_ghost"]


def looks_like_ghost(path: Path) -> bool:
    """Whether the file starts like a Ghost JSON export."""
    try:
        with open(path, "rb") as f:
            head = f.read(SNIFF_BYTES)
    except OSError:
        return False
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return False
    return b'"exported_on"' in head or (b'"db"' in head and b'"data"' in head)


def read_ghost(path: Path, stats: ReadStats | None = None) -> Iterator[SourcePost]:
    """Yield the posts and pages of a Ghost export, in the export's order.

    Raises ImportFailed for files over MAX_GHOST_BYTES, invalid JSON (with line and
    column) and JSON that is not a Ghost export. `stats` (optional) counts what was
    read and what was skipped, as for read_wordpress."""
    path = Path(path)
    stats = stats if stats is not None else ReadStats()
    for data in _databases(path, _load(path)):
        tables = _Tables(data)
        for index, raw in enumerate(_list(data, "posts")):
            if not isinstance(raw, dict):
                stats.skip("not a post object")
                continue
            kind = post_kind(raw)
            if kind is None:
                stats.skip(str(raw.get("type")))
                continue
            stats.read += 1
            yield _post(path, raw, index, kind, tables)


def _load(path: Path) -> Any:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportFailed(f"{path}: cannot be read ({error.strerror})") from None
    if size > MAX_GHOST_BYTES:
        raise ImportFailed(
            f"{path}: the file is {size / 2**20:.0f} MB, more than the "
            f"{MAX_GHOST_BYTES // 2**20} MB this importer reads: a JSON document cannot be "
            "streamed with Python's standard library, so it would be held in memory whole; "
            "export without the members/email data, or split the posts into smaller files"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(
            f"{path}: byte {error.start}: not UTF-8 text, so not a Ghost export; {EXPORT_AGAIN}"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(
            f"{path}: line {error.lineno}, column {error.colno}: invalid JSON ({error.msg}); "
            f"the file is damaged or incomplete; {EXPORT_AGAIN}"
        ) from None
    except RecursionError:
        raise ImportFailed(
            f"{path}: its JSON is nested too deeply to read (arrays or objects inside each "
            f"other thousands of times), so not a Ghost export as Ghost writes it; {EXPORT_AGAIN}"
        ) from None


def _databases(path: Path, document: Any) -> list[dict[str, Any]]:
    """The "data" objects of the export, whichever layout it has."""
    if isinstance(document, dict) and isinstance(document.get("db"), list):
        found = [db.get("data") for db in document["db"] if isinstance(db, dict)]
    elif isinstance(document, dict) and "data" in document:
        found = [document.get("data")]
    else:
        found = []
    found = [data for data in found if isinstance(data, dict)]
    if not found or not any("posts" in data for data in found):
        raise ImportFailed(
            f"{path}: valid JSON but not a Ghost export (no db[].data.posts or data.posts); "
            f"{EXPORT_AGAIN}"
        )
    return found


def _list(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name)
    return value if isinstance(value, list) else []


class _Tables:
    """The export's joins, indexed by post id: tags (primary first) and author names."""

    def __init__(self, data: dict[str, Any]) -> None:
        tag_names = {t.get("id"): t.get("name") for t in _list(data, "tags") if isinstance(t, dict)}
        user_names = {
            u.get("id"): u.get("name") or u.get("slug")
            for u in _list(data, "users")
            if isinstance(u, dict)
        }
        self.user_names = user_names
        self.tags = _joined(data, "posts_tags", "tag_id", tag_names)
        self.authors = _joined(data, "posts_authors", "author_id", user_names)


def _joined(
    data: dict[str, Any], table: str, key: str, names: dict[Any, Any]
) -> dict[Any, list[str]]:
    rows = [r for r in _list(data, table) if isinstance(r, dict)]
    rows.sort(key=lambda r: r.get("sort_order") or 0)  # stable: export order within a rank
    joined: dict[Any, list[str]] = {}
    for row in rows:
        name = names.get(row.get(key))
        if isinstance(name, str) and name.strip():
            joined.setdefault(row.get("post_id"), []).append(name.strip())
    return joined


def post_kind(raw: dict[str, Any]) -> str | None:
    """The post's kind ("article" or "page"), or None for a type not read."""
    post_type = raw.get("type")
    if post_type is None:
        return "page" if raw.get("page") in (True, 1) else "article"
    return {"post": "article", "page": "page"}.get(post_type)


def map_status(status: Any) -> tuple[str, str | None]:
    """Ghost's status as ("published" | "draft", a note or None)."""
    if status == "published":
        return "published", None
    if status == "scheduled":
        return "draft", "was scheduled on Ghost but not yet published"
    if status == "sent":
        return "draft", "was sent as an email newsletter only, never published on the site"
    return "draft", None


def parse_ghost_date(value: Any) -> datetime.datetime | None:
    """Ghost's dates ("2023-05-01T09:00:00.000Z", or milliseconds in old exports) in UTC."""
    if value is None or value == "":
        return None
    try:  # a date past the calendar's ends (year 0, 10000) is no date
        if isinstance(value, int | float) and not isinstance(value, bool):
            return datetime.datetime.fromtimestamp(value / 1000, tz=datetime.UTC)
        if not isinstance(value, str):
            return None
        parsed = datetime.datetime.fromisoformat(value.strip().replace(" ", "T"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=datetime.UTC)
        return parsed.astimezone(datetime.UTC)
    except (ValueError, OverflowError, OSError):
        return None


def public_tags(names: list[str]) -> list[str]:
    """Tags without Ghost's internal ones (#name), duplicates removed, order kept."""
    seen: list[str] = []
    for name in names:
        if not name.startswith("#") and name not in seen:
            seen.append(name)
    return seen


def _primary_language(value: str) -> str | None:
    return re.split(r"[-_]", value)[0].lower() or None


def _text(raw: dict[str, Any], name: str) -> str:
    value = raw.get(name)
    return value.strip() if isinstance(value, str) else ""


def _post(path: Path, raw: dict[str, Any], index: int, kind: str, tables: _Tables) -> SourcePost:
    post_id = raw.get("id", index)
    notes: list[Note] = []
    status, status_note = map_status(raw.get("status"))
    slug = _text(raw, "slug") or None
    if slug and status == "draft" and UNTITLED_SLUG.match(slug):
        slug = None  # Ghost's stand-in for a draft never given a title
    if status_note:
        notes.append(Note(status_note, level="info"))
    if raw.get("visibility") not in (None, "public"):
        notes.append(Note(f"was for members only on Ghost (visibility {raw['visibility']!r})"))

    body, body_format = raw.get("html"), "html"
    if not isinstance(body, str) or not body.strip():
        body, body_format = _text(raw, "plaintext"), "text"
        if body:
            notes.append(Note("Ghost kept no HTML for this post; its plain text was imported"))
        else:
            editor = next((name for name in ("lexical", "mobiledoc") if raw.get(name)), None)
            what = f"only {editor} (Ghost's editor format)" if editor else "no body"
            notes.append(
                Note(
                    f"the post has {what} in the export, no HTML or text; the body "
                    "is empty: open the post in Ghost and export again, or copy it"
                )
            )
            body = ""
    if GHOST_URL_PLACEHOLDER in body:
        notes.append(
            Note(
                f"links and images start with {GHOST_URL_PLACEHOLDER} (Ghost's stand-in "
                "for the old site's address); images must be copied from the old site"
            )
        )
    if _text(raw, "feature_image"):
        notes.append(Note(f"had a feature image, not carried over: {raw['feature_image']}"))

    tags = public_tags(tables.tags.get(post_id, []))
    authors = tables.authors.get(post_id) or []
    if not authors and raw.get("author_id") in tables.user_names:
        authors = [tables.user_names[raw["author_id"]]]
    published = parse_ghost_date(raw.get("published_at"))
    return SourcePost(
        origin=f"ghost:{path.name}#{post_id}",
        source=f"{path.name}, post {post_id}" + (f" ({slug})" if slug else ""),
        format="ghost",
        title=_text(raw, "title"),
        body=body,
        body_format=body_format,
        kind=kind,
        status=status,
        date=published or parse_ghost_date(raw.get("created_at")),
        modified=parse_ghost_date(raw.get("updated_at")),
        slug=slug,
        old_url=f"/{slug}/" if slug and status == "published" else None,
        authors=[str(a) for a in authors],
        category=tags[0] if tags else None,
        tags=tags[1:],
        summary=_text(raw, "custom_excerpt") or None,
        lang=_primary_language(_text(raw, "locale") or _text(raw, "language")),
        notes=notes,
    )
