"""Jekyll/Hugo front matter: a YAML (`---`) or TOML (`+++`) block opening a Markdown file.

`split_front_matter` finds and parses the block (with each top-level key's line) and
`pelican_metadata` maps Jekyll/Hugo field names onto Pelican's. A `---` block that
Python-Markdown's meta extension reads as a plain Pelican header (`Title: X`) is left
alone, so such files build exactly as before.
"""

from __future__ import annotations

import datetime
import logging
import re
import tomllib
from dataclasses import dataclass
from typing import Any

import yaml

logger = logging.getLogger(__name__)

_YAML_OPEN = "---"
_YAML_CLOSE = ("---", "...")
_TOML_FENCE = "+++"
_TOML_NAME = r"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[A-Za-z0-9_-]+))"""
_TOML_KEY_RE = re.compile(r"^\s*" + _TOML_NAME)
_TOML_TABLE_RE = re.compile(r"^\s*\[\[?\s*" + _TOML_NAME)
_TOML_LINE_RE = re.compile(r"at line (\d+)")
# Keys only Jekyll or Hugo give a meaning to; their presence says "this is front matter".
_FOREIGN_KEYS = frozenset({
    "layout", "permalink", "published", "draft", "categories", "description", "excerpt",
    "lastmod", "last_modified_at", "updated", "aliases", "redirect_from", "weight", "menu",
    "menus", "type", "comments", "url", "markup", "outputs", "sitemap", "build", "cascade",
    "headless", "linktitle", "toc", "share", "sharing",
})
# Dropped by `pelican_metadata`: no meaning in this site.
_DROPPED = frozenset({
    "layout", "comments", "weight", "menu", "menus", "type", "markup", "outputs", "sitemap",
    "build", "cascade", "headless", "linktitle", "toc", "share", "sharing",
})
_SINGLE = {  # Pelican name <- Jekyll/Hugo names, first present wins
    "title": ("title",),
    "date": ("date",),
    "modified": ("modified", "lastmod", "last_modified_at", "updated"),
    "summary": ("summary", "description", "excerpt"),
    "lang": ("lang",),
    "question": ("question",),
    "question-id": ("question-id", "question_id"),
    "status": ("status",),
    "slug": ("slug",),
}


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, keeping a date it cannot construct (2026-13-45) as written, so
    that the reader reports it as a bad date on its line."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


@dataclass(frozen=True)
class FrontMatter:
    """A parsed front matter block."""

    syntax: str  # "yaml" or "toml"
    data: dict[str, Any]  # as parsed
    lines: dict[str, int]  # each top-level key (as written) -> its 1-based line in the file
    body_start: int  # 1-based line where the body starts (after the closing fence)

    def line_of(self, key: str) -> int:
        """The line of top-level `key` (case-insensitive); the opening fence if absent."""
        key = key.lower()
        return next((n for k, n in self.lines.items() if k.lower() == key), 1)


class FrontMatterError(ValueError):
    """Front matter that cannot be used: `.line` (1-based, in the file) and `.message`."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def split_front_matter(text: str) -> tuple[FrontMatter | None, str]:
    """The front matter of a Markdown text and its body; (None, text) when there is none.

    Raises FrontMatterError for a fenced block that is neither valid front matter nor a
    header Python-Markdown's meta extension would read.
    """
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = lines[0].rstrip() if lines else ""
    if first not in (_YAML_OPEN, _TOML_FENCE):
        return None, text
    closers = _YAML_CLOSE if first == _YAML_OPEN else (_TOML_FENCE,)
    close = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in closers),
                 None)
    if close is None:
        if first == _TOML_FENCE:
            raise FrontMatterError(1, "TOML front matter opened by +++ is never closed; "
                                      "add a line +++ after its last field")
        if _unclosed_yaml(lines):
            raise FrontMatterError(1, "YAML front matter opened by --- is never closed; add "
                                      "a line --- after its last field")
        return None, text  # a Pelican header (or a rule) that Markdown reads as before
    block = "\n".join(lines[1:close])
    body = "\n".join(lines[close + 1:])
    if first == _TOML_FENCE:
        data = _parse_toml(block)
        return FrontMatter("toml", data, _toml_lines(lines[1:close]), close + 2), body
    parsed = _parse_yaml(block)
    if _is_pelican_header(lines, close, parsed):
        return None, text
    if isinstance(parsed, FrontMatterError):
        raise parsed
    data, key_lines = parsed
    return FrontMatter("yaml", data, key_lines, close + 2), body


def _parse_yaml(block: str) -> tuple[dict[str, Any], dict[str, int]] | FrontMatterError:
    """The mapping and its keys' lines, or the error to raise (lines counted in the file)."""
    try:
        node = yaml.compose(block, Loader=_Loader)
        data = yaml.load(block, Loader=_Loader) if node is not None else {}  # noqa: S506
    except RecursionError:
        return FrontMatterError(2, "YAML front matter is nested too deeply; write plain "
                                   "`key: value` fields")
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else 1
        what = (error.problem or "invalid YAML").strip()
        return FrontMatterError(line, f"YAML front matter is not valid YAML ({what}); fix this "
                                      "line (quote a value that contains ': ' or starts with "
                                      "a special character)")
    except yaml.YAMLError as error:
        return FrontMatterError(1, f"YAML front matter is not valid YAML ({error}); fix it")
    if not isinstance(data, dict):
        kind = type(data).__name__
        return FrontMatterError(2, f"YAML front matter is a {kind}, not a set of `key: value` "
                                   "fields; write one field per line")
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2  # the one used
    return {str(k): v for k, v in data.items()}, key_lines


def _is_pelican_header(lines: list[str], close: int, parsed: object) -> bool:
    """Whether Python-Markdown's meta extension reads the fenced block as a plain header
    and nothing in it needs YAML (lists, quoting, Jekyll/Hugo-only fields)."""
    from customer_evidence.core.header import parse_header  # header imports this module

    header = parse_header("\n".join(lines[: close + 1]), front_matter=False)
    if header.stopped_at is not None:
        return False
    if isinstance(parsed, FrontMatterError):  # unless it names Jekyll/Hugo-only fields
        return not any(f.key.lower() in _FOREIGN_KEYS for f in header.fields)
    data, _ = parsed
    if any(str(k).lower() in _FOREIGN_KEYS for k in data):
        return False
    if any(isinstance(v, list | dict) for v in data.values()):
        return False
    return not any(f.value[:1] in ("'", '"') for f in header.fields)


def _unclosed_yaml(lines: list[str]) -> bool:
    """Whether an unclosed --- block names Jekyll/Hugo-only fields in lines Markdown's
    meta extension would not read as a header."""
    from customer_evidence.core.header import parse_header

    head = "\n".join(lines[:200])
    header = parse_header(head, front_matter=False)
    return header.stopped_at is not None and any(
        f.key.lower() in _FOREIGN_KEYS for f in header.fields)


def _parse_toml(block: str) -> dict[str, Any]:
    try:
        return tomllib.loads(block)
    except RecursionError:
        raise FrontMatterError(2, "TOML front matter is nested too deeply; write plain "
                                  "`key = value` fields") from None
    except tomllib.TOMLDecodeError as error:
        found = getattr(error, "lineno", None) or _toml_error_line(str(error))
        line = found + 1 if found else 1
        what = str(error).split(" (at ")[0]
        raise FrontMatterError(line, f"TOML front matter is not valid TOML ({what}); fix this "
                                     'line (strings need quotes: title = "My post")') from None


def _toml_error_line(message: str) -> int | None:
    match = _TOML_LINE_RE.search(message)
    return int(match.group(1)) if match else None


def _toml_lines(block_lines: list[str]) -> dict[str, int]:
    """Top-level TOML keys (before the first table) and table names, with their lines."""
    found: dict[str, int] = {}
    in_table = False
    for number, line in enumerate(block_lines, start=2):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if match := _TOML_TABLE_RE.match(line):
            in_table = True
        elif in_table or "=" not in line or not (match := _TOML_KEY_RE.match(line)):
            continue
        key = match["dq"] if match["dq"] is not None else match["sq"] or match["bare"]
        found.setdefault(key, number)
    return found


def pelican_metadata(fm: FrontMatter) -> dict[str, str | list[str]]:
    """Pelican's metadata names and raw values from Jekyll/Hugo front matter.

    `categories` gives the category (its first item); the rest become tags. Raises
    FrontMatterError (with the field's line) for a list or mapping where one value is wanted.
    """
    fields = {}
    for key, value in fm.data.items():
        fields.setdefault(key.lower(), (key, value))
    out: dict[str, str | list[str]] = {}
    for name, sources in _SINGLE.items():
        for source in sources:
            if source in fields and fields[source][1] is not None:
                out[name] = _single(fm, *fields[source])
                break
    if "slug" not in out:
        for source in ("permalink", "url"):
            if source in fields and (slug := _path_slug(_single(fm, *fields[source]))):
                out["slug"] = slug
                break
    category, extra_tags = _category(fm, fields)
    if category:
        out["category"] = category
    tags = _list(fm, *fields["tags"]) if "tags" in fields else []
    if tags or extra_tags:
        out["tags"] = list(dict.fromkeys([*tags, *extra_tags]))
    authors = _authors(fm, fields)
    if authors:
        out["authors"] = authors
    if "sources" in fields:
        out["sources"] = _list(fm, *fields["sources"])
    redirects = [r for k in ("aliases", "redirect_from") if k in fields
                 for r in _list(fm, *fields[k])]
    if redirects:
        out["redirect_from"] = redirects
    if "status" not in out and (_false(fields.get("published")) or _true(fields.get("draft"))):
        out["status"] = "draft"
    used = {s for group in _SINGLE.values() for s in group} | _DROPPED | {
        "permalink", "url", "category", "categories", "tags", "author", "authors", "sources",
        "aliases", "redirect_from", "published", "draft"}
    for name, (key, value) in fields.items():
        if name in used or value is None:
            continue
        if isinstance(value, dict):
            logger.debug("front matter field %r is a table; not used", key)
            continue
        out[name] = ", ".join(_text(v) for v in value) if isinstance(value, list) else _text(
            value)
    return out


def _text(value: Any) -> str:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _single(fm: FrontMatter, key: str, value: Any) -> str:
    if isinstance(value, list | dict):
        kind = "a list" if isinstance(value, list) else "a mapping"
        raise FrontMatterError(fm.line_of(key), f"front matter field {key!r} is {kind}, but it "
                                                "takes one value; write it as a single string")
    return _text(value)


def _list(fm: FrontMatter, key: str, value: Any) -> list[str]:
    """A list field's items (a string stays one item for Pelican to split at commas)."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    if any(isinstance(i, list | dict) for i in items):
        raise FrontMatterError(fm.line_of(key), f"front matter field {key!r} holds a nested "
                                                "list or mapping; give a list of plain strings")
    if isinstance(value, str):
        return [s.strip() for s in value.split(",") if s.strip()]
    return [_text(i).strip() for i in items if _text(i).strip()]


def _category(fm: FrontMatter, fields: dict[str, tuple[str, Any]]) -> tuple[str, list[str]]:
    """The category and any further categories (which become tags)."""
    if "category" in fields and fields["category"][1] is not None:
        key, value = fields["category"]
        if not isinstance(value, list):
            return _single(fm, key, value), []
        items = _list(fm, key, value)
    elif "categories" in fields:
        key, value = fields["categories"]
        # Jekyll splits a string of categories at spaces.
        items = value.split() if isinstance(value, str) else _list(fm, key, value)
    else:
        return "", []
    return (items[0], items[1:]) if items else ("", [])


def _authors(fm: FrontMatter, fields: dict[str, tuple[str, Any]]) -> list[str]:
    names: list[str] = []
    for name in ("authors", "author"):
        if name not in fields or fields[name][1] is None:
            continue
        key, value = fields[name]
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                item = item["name"]  # Hugo themes' {name: ..., email: ...}
            if isinstance(item, list | dict):
                raise FrontMatterError(fm.line_of(key), f"front matter field {key!r}: each "
                                                        "author must be a name (a string)")
            split = _text(item).split(",") if name == "authors" else [_text(item)]
            names.extend(s.strip() for s in split if s.strip())
    return list(dict.fromkeys(names))


def _path_slug(path: str) -> str:
    segments = [s for s in path.split("?")[0].split("/") if s]
    if not segments or ":" in segments[-1]:
        return ""
    last = segments[-1]
    return last.removesuffix(".html") if last != "index.html" or len(segments) < 2 else (
        segments[-2])


def _true(field: tuple[str, Any] | None) -> bool:
    return field is not None and str(field[1]).strip().lower() in ("true", "yes", "1")


def _false(field: tuple[str, Any] | None) -> bool:
    return field is not None and str(field[1]).strip().lower() in ("false", "no", "0")
