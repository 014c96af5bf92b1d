"""Write an import's changes into the question bank, keeping everything else as it was.

`apply()` reads the bank with ruamel.yaml in round-trip mode, which knows the
line and column of every key and value, and edits only those: the number after
`asked:`, the end of `heard_in`, the date after `last_heard:`, a line for a key
the entry lacks. Every other byte (comments, blank lines, order, quoting, the
indentation of each list) stays as the author left it. New entries are appended
as ruamel dumps them, each under a comment. The result is parsed again and must
hold exactly the intended data, else BankWriteError and nothing is written.
`write()` replaces the file atomically (a temporary file, then os.replace).
"""

from __future__ import annotations

import datetime
import difflib
import io
import json
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from customer_evidence.core.question_bank import FIELDS, load_bank
from customer_evidence.core.registry import SafeLoader
from customer_evidence.core.vocabulary import Vocabulary

NEW_BANK_HEADER = ("# The question bank: what customers ask, one entry per question.\n"
                   "# Fields: id, question, topic, stage, asked, heard_in, last_heard "
                   "(see README, \"The question bank\").\n")
_INTEGER = re.compile(r"[+]?\d[\d_]*")
_PLAIN_ITEM = re.compile(r"[a-z0-9][a-z0-9-]*")
_YAML_WORDS = frozenset("y n yes no on off true false null".split())


class BankWriteError(Exception):
    """The bank cannot be changed safely; nothing was written."""


@dataclass(frozen=True)
class Update:
    """What an import adds to an existing entry."""

    id: str
    asked: int                       # added to `asked`
    heard_in: tuple[str, ...]        # channels heard, added to `heard_in` when new
    last_heard: datetime.date | None  # kept when newer than the entry's


@dataclass(frozen=True)
class NewEntry:
    """An entry an import proposes."""

    id: str
    question: str
    topic: str
    stage: str
    asked: int
    heard_in: tuple[str, ...]
    last_heard: datetime.date | None

    def as_data(self) -> dict:
        data = {"id": self.id, "question": self.question, "topic": self.topic,
                "stage": self.stage, "asked": self.asked, "heard_in": list(self.heard_in)}
        if self.last_heard:
            data["last_heard"] = self.last_heard
        return data


def merged(current: dict, update: Update) -> dict:
    """The fields an update changes in an entry (as plain data), and their new values."""
    values = {"asked": int(current.get("asked") or 0) + update.asked}
    heard = current.get("heard_in", [])
    heard = [heard] if isinstance(heard, str) else list(heard or [])
    fresh = [c for c in update.heard_in if c not in heard]
    if fresh:
        values["heard_in"] = heard + fresh
    last = current.get("last_heard")
    if isinstance(last, str):
        last = datetime.date.fromisoformat(last.strip())
    if isinstance(last, datetime.datetime):
        last = last.date()
    if update.last_heard and (last is None or update.last_heard > last):
        values["last_heard"] = update.last_heard
    return values


def apply(text: str, updates: Sequence[Update], entries: Sequence[NewEntry],
          comment: str) -> str:
    """The bank's text with the updates made and the new entries appended."""
    if not updates and not entries:
        return text
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    newline = "\r\n" if "\r\n" in text else "\n"
    body = text[len(bom):].replace("\r\n", "\n")
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        tree = YAML(typ="rt").load(body)
        expected = yaml.load(body, Loader=SafeLoader) or []
    except (YAMLError, yaml.YAMLError) as exc:
        raise BankWriteError(f"cannot be read as YAML ({exc})") from None
    tree = tree if tree is not None else []
    if not isinstance(tree, list) or not isinstance(expected, list):
        raise BankWriteError("is not a YAML list of entries")
    lines = body.split("\n")
    index: dict[str, int] = {}
    for i, entry in enumerate(tree):
        if isinstance(entry, dict) and "id" in entry:
            index.setdefault(str(entry["id"]), i)
    edits = _Edits()
    for update in updates:
        if update.id not in index:
            raise BankWriteError(f"has no entry {update.id!r} any more; run the import again")
        i = index[update.id]
        values = merged(expected[i], update)
        _edit_entry(lines, tree, i, values, edits)
        expected[i].update(values)
    body = edits.apply(lines)
    if entries:
        body = _append(body, tree, entries, comment)
        expected += [e.as_data() for e in entries]
    try:
        result = yaml.load(body, Loader=SafeLoader)
    except yaml.YAMLError:
        result = None
    if result != expected:
        raise BankWriteError("its layout could not be edited in place (an entry written in a "
                             "way the import does not know); nothing was written. Put each "
                             "entry's asked, heard_in and last_heard on lines of their own "
                             "and run the import again")
    return bom + body.replace("\n", newline)


class _Edits:
    """Replacements within lines and lines inserted after a line, applied bottom up."""

    def __init__(self) -> None:
        self.replace: dict[int, list[tuple[int, int, str]]] = {}
        self.insert: dict[int, list[str]] = {}

    def put(self, line: int, start: int, end: int, text: str) -> None:
        self.replace.setdefault(line, []).append((start, end, text))

    def add_line(self, after: int, text: str) -> None:
        self.insert.setdefault(after, []).append(text)

    def apply(self, lines: list[str]) -> str:
        lines = list(lines)
        for number in sorted({*self.replace, *self.insert}, reverse=True):
            for start, end, text in sorted(self.replace.get(number, []), reverse=True):
                lines[number] = lines[number][:start] + text + lines[number][end:]
            lines[number + 1:number + 1] = self.insert.get(number, [])
        return "\n".join(lines)


def _edit_entry(lines: list[str], tree: list, i: int, values: dict, edits: _Edits) -> None:
    entry = tree[i]
    keys = list(entry)
    indent = " " * entry.lc.key(keys[0])[1]
    following = tree.lc.item(i + 1)[0] if i + 1 < len(tree) else len(lines)
    missing = []
    for key in FIELDS:
        if key not in values:
            continue
        if key not in entry:
            missing.append(key)
            continue
        line, col = entry.lc.value(key)
        value = entry[key]
        if key == "heard_in":
            _extend_list(lines, entry, values[key][len(_as_list(value)):], edits)
        elif key == "asked":
            found = _INTEGER.match(lines[line], col)
            if not found:
                raise BankWriteError(f"entry {entry['id']!r} (line {line + 1}): its asked is "
                                     "not a plain number; write it as one")
            edits.put(line, col, found.end(), str(values[key]))
        else:
            edits.put(line, col, _scalar_end(lines[line], col), _format(values[key]))
    for key in missing:
        before = [k for k in FIELDS[:FIELDS.index(key)] if k in entry] or keys[:1]
        anchor = _value_end(lines, entry, before[-1], following)
        edits.add_line(anchor, f"{indent}{key}: {_format(values[key])}")


def _extend_list(lines: list[str], entry, fresh: list[str], edits: _Edits) -> None:
    """Add items to an entry's heard_in: flow `[a, b]`, a block list, or one scalar."""
    value = entry["heard_in"]
    line, col = entry.lc.value("heard_in")
    items = [_format(c) for c in fresh]
    if isinstance(value, str):
        end = _scalar_end(lines[line], col)
        edits.put(line, col, end, f"[{lines[line][col:end]}, {', '.join(items)}]")
    elif value.fa.flow_style() or not value:  # `[a, b]`, or `[]`
        end_line, end_col = _closing_bracket(lines, line, col)
        text = lines[end_line][:end_col]
        at = len(text.rstrip())
        prefix = "" if text.rstrip().endswith("[") else ", "
        edits.put(end_line, at, at, prefix + ", ".join(items))
    else:
        last_line, item_col = value.lc.item(len(value) - 1)
        lead = lines[last_line][:item_col]  # "    - "
        for item in items:
            edits.add_line(last_line, lead + item)


def _as_list(value) -> list:
    return [value] if isinstance(value, str) else list(value or [])


def _closing_bracket(lines: list[str], line: int, col: int) -> tuple[int, int]:
    """Where the `]` closing the flow list opened at (line, col) is."""
    depth, quote = 0, ""
    for number in range(line, len(lines)):
        text = lines[number]
        for position in range(col if number == line else 0, len(text)):
            char = text[position]
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char == "#" and (position == 0 or text[position - 1] in " \t"):
                break
            elif char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
                if depth == 0:
                    return number, position
    raise BankWriteError(f"the list on line {line + 1} has no closing ']'")


def _scalar_end(text: str, col: int) -> int:
    """Where the one-line scalar starting at `col` ends (a comment is not part of it)."""
    if col < len(text) and text[col] in "'\"":
        quote, position = text[col], col + 1
        while position < len(text):
            if text[position] == quote:
                if quote == "'" and text[position + 1:position + 2] == "'":
                    position += 2
                    continue
                return position + 1
            position += 2 if quote == '"' and text[position] == "\\" else 1
        return len(text)
    comment = re.search(r"\s#", text[col:])
    return col + len(text[col:comment.start() + col if comment else None].rstrip())


def _value_end(lines: list[str], entry, key: str, following: int) -> int:
    """The last line of `key`'s value: before the next key, blank lines and comments."""
    keys = list(entry)
    start = entry.lc.key(key)[0]
    position = keys.index(key)
    end = entry.lc.key(keys[position + 1])[0] if position + 1 < len(keys) else following
    end -= 1
    while end > start and (not lines[end].strip() or lines[end].lstrip().startswith("#")):
        end -= 1
    return end


def _format(value) -> str:
    """A value as the bank writes it: a date, a number, a list or a plain word."""
    if isinstance(value, list):
        return "[" + ", ".join(_format(v) for v in value) + "]"
    if isinstance(value, datetime.date | int):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    if _PLAIN_ITEM.fullmatch(value) and value not in _YAML_WORDS and not value.isdigit():
        return value
    return json.dumps(value, ensure_ascii=False)


def _append(body: str, tree: list, entries: Sequence[NewEntry], comment: str) -> str:
    """The body with the new entries at the end, each under the comment."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    dash, key = _list_layout(body, tree)
    dumper = YAML(typ="rt")
    dumper.width = 4096
    dumper.indent(mapping=2, sequence=key, offset=dash)
    items = CommentedSeq()
    for entry in entries:
        data = CommentedMap(entry.as_data())
        heard = CommentedSeq(data["heard_in"])
        heard.fa.set_flow_style()
        data["heard_in"] = heard
        items.append(data)
    out = io.StringIO()
    dumper.dump(items, out)  # one dump: each entry starts with the line "- id: ..."
    start = " " * dash + "- id:"
    dumped = out.getvalue().split("\n" + start)
    chunks = [f"{' ' * dash}# {comment}\n{chunk if n == 0 else start + chunk}\n"
              for n, chunk in enumerate(dumped)]
    chunks[-1] = chunks[-1][:-1]
    if not tree:
        kept = [line for line in body.split("\n")
                if not line.strip() or line.lstrip().startswith("#")]
        body = "\n".join(kept).strip("\n")
        body = (body + "\n") if body else NEW_BANK_HEADER
    else:
        body = body.rstrip("\n") + "\n"
    return body + "".join("\n" + chunk for chunk in chunks)


def _list_layout(body: str, tree: list) -> tuple[int, int]:
    """The columns of an entry's dash and of its keys in this file (0 and 2 by default)."""
    if not tree:
        return 0, 2
    line, key = tree.lc.item(0)
    dash = body.split("\n")[line].rfind("-", 0, key)
    return (dash, key) if dash >= 0 and key >= dash + 2 else (0, 2)


def diff(old: str, new: str, name: str) -> str:
    """The change as a unified diff of the bank file."""
    before, after = (name, name) if os.path.isabs(name) else (f"a/{name}", f"b/{name}")
    return "".join(difflib.unified_diff(old.splitlines(keepends=True),
                                        new.splitlines(keepends=True), before, after))


def write(path: Path, text: str, vocabulary: Vocabulary | None = None) -> None:
    """Replace the bank with `text` atomically, after checking that it loads without error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                             suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        _check(Path(temporary), vocabulary)
        os.chmod(temporary, path.stat().st_mode & 0o7777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check(text: str, vocabulary: Vocabulary | None = None) -> None:
    """BankWriteError when the bank would have errors with this text (a dry run's check)."""
    with tempfile.TemporaryDirectory(prefix="bank-check-") as folder:
        path = Path(folder) / "questions.yml"
        path.write_text(text, encoding="utf-8", newline="")
        _check(path, vocabulary)


def _check(path: Path, vocabulary: Vocabulary | None) -> None:
    errors = [f for f in load_bank(path, vocabulary)[1] if f.level == "error"]
    if errors:
        raise BankWriteError("the new bank would have errors, so nothing was written: "
                             + "; ".join(f"line {f.line}: {f.message}" for f in errors[:5]))

