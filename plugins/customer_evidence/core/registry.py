"""Load a YAML registry (a list of mappings) keeping each entry's line numbers.

Bounded (customer_evidence.core.registry_limits): a file over the size limit, with
too many aliases or nested too deep is refused whole, with one error, before
anything is built from it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from customer_evidence.core.findings import Finding, display_path
from customer_evidence.core.registry_limits import (
    Limits,
    Refusal,
    event_refusal,
    expansion_refusal,
    size_refusal,
)

# libyaml's loader when PyYAML was built with it (the PyPI wheels are): same
# results and marks, several times faster.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Entry:
    """One mapping of a registry file, with the line it starts on and each key's line."""

    line: int
    data: dict[str, Any]
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        """The line of `key`, or of the entry when the key is missing."""
        return self.key_lines.get(key, self.line)


def load_entries(path: Path, what: str, limits: Limits | None = None,
                 key: str = "id") -> tuple[list[Entry], list[Finding]]:
    """Read `path` as a YAML list of mappings; errors name the file, line and fix.

    A missing file gives no entries and no findings: registries are optional. A file
    beyond `limits` (the defaults when None) gives no entries and one error. `key`
    is the field each entry starts with, for the messages.
    """
    if not path.is_file():
        return [], []
    limits = limits or Limits()
    name = display_path(str(path))

    def refused(refusal: Refusal) -> tuple[list[Entry], list[Finding]]:
        return [], [Finding("error", refusal.rule, name, refusal.line,
                            f"{refusal.message}. No {what} entries were loaded.")]

    too_large = size_refusal(path.stat().st_size, limits)
    if too_large:
        return refused(too_large)
    with path.open("rb") as f:  # never more than the limit, even if the file grew since
        raw = f.read(limits.max_bytes + 1)
    too_large = size_refusal(len(raw), limits)
    if too_large:
        return refused(too_large)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [], [Finding("error", "registry-encoding", name, None,
                            f"not valid UTF-8 (byte offset {exc.start}); re-save it as UTF-8")]
    loader = SafeLoader(text)
    try:
        # The events first: the parser neither expands aliases nor recurses, unlike
        # the composer (which would crash on deep nesting) and what reads its nodes.
        refusal = event_refusal(yaml.parse(text, Loader=SafeLoader), limits)
        if refusal:
            return refused(refusal)
        root = loader.get_single_node()
        if root is None:
            return [], []
        refusal = expansion_refusal(root, limits)
        if refusal:
            return refused(refusal)
        if not isinstance(root, yaml.SequenceNode):
            return [], [Finding("error", "registry-shape", name, root.start_mark.line + 1,
                                f"the {what} must be a YAML list of entries, each starting "
                                f"with '- {key}: ...'")]
        entries, findings = [], []
        for node in root.value:
            line = node.start_mark.line + 1
            if not isinstance(node, yaml.MappingNode):
                findings.append(Finding("error", "registry-shape", name, line,
                                        f"this {what} entry is not a mapping; write it as "
                                        f"'- {key}: ...' followed by 'key: value' lines"))
                continue
            try:
                data = loader.construct_mapping(node, deep=True)
            except (ValueError, yaml.constructor.ConstructorError) as exc:  # e.g. 2026-02-30
                findings.append(Finding("error", "registry-value", name, line,
                                        f"a value in this {what} entry cannot be read ({exc}); "
                                        "check that dates are real dates (YYYY-MM-DD)"))
                continue
            key_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value
                         if isinstance(k, yaml.ScalarNode)}
            entries.append(Entry(line, data, key_lines))
        return entries, findings
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        return [], [Finding("error", "registry-syntax", name, mark.line + 1 if mark else None,
                            f"YAML syntax error ({problem}); fix the indentation or quoting "
                            f"there. No {what} entries were loaded.")]
    finally:
        loader.dispose()


def unique_by_id(
    entries: list[Entry],
    name: str,
    validate: Callable[[Entry, str], tuple[Any, list[Finding]]],
    duplicate_rule: str,
    noun: str,
) -> tuple[dict[str, Any], list[Finding]]:
    """Validate each entry; keep the first of each id and report the later ones."""
    items: dict[str, Any] = {}
    findings: list[Finding] = []
    for entry in entries:
        item, problems = validate(entry, name)
        findings += problems
        if item is None:
            continue
        if item.id in items:
            findings.append(Finding(
                "error", duplicate_rule, name, entry.line_of("id"),
                f"id {item.id!r} is already used by the {noun} at line {items[item.id].line}; "
                f"give this {noun} its own id (the second entry is ignored)"))
            continue
        items[item.id] = item
    return items, findings


def close_ids(wanted: str, ids: Iterable[str], n: int = 3) -> list[str]:
    """Registered ids that look like a mistyped `wanted`, closest first.

    difflib is slow enough to matter over a blog full of typos, so it only ranks
    the ten ids sharing the most three-letter pieces with `wanted`.
    """
    pieces = _trigrams(wanted)
    near = sorted(ids, key=lambda i: -len(pieces & _trigrams(i)))[:10]
    return difflib.get_close_matches(wanted, near, n=n, cutoff=0.6)


def _trigrams(text: str) -> set[str]:
    return {text[i:i + 3] for i in range(len(text) - 2)}
