"""Placeholders: the "TODO:" lines `invoke new` writes for an author to replace. Pure.

A placeholder is a line of prose (or a metadata value) that starts with "TODO:"
or is just "TODO", after any blockquote or list marker: what the skeleton draft
says where the answer, the customer quote and the next step go. content_guard
makes each one a finding naming its line; customer_sources never takes a
placeholder quote for a customer's words. Lines in fenced or indented code are
not prose, so a post about code may show a TODO comment.
"""

from __future__ import annotations

import re

MARKER = "TODO"
# Blockquote and list markers, and emphasis, before the marker: "> TODO:", "- TODO:", "*TODO:*".
_LEAD = re.compile(r"^(?:\s*(?:>|[-*+]|\d+[.)])\s*)*[*_]*")
_PLACEHOLDER = re.compile(rf"{MARKER}(?::|\s*$)")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def is_placeholder(text: str) -> bool:
    """Whether a line of text (or a metadata value) is a placeholder."""
    return bool(_PLACEHOLDER.match(_LEAD.sub("", text.strip(), count=1)))


def placeholder_lines(source: str) -> list[tuple[int, str]]:
    """The placeholder lines of a content file's source: (line number from 1, line)."""
    found: list[tuple[int, str]] = []
    fence = ""
    in_header = True
    for number, line in enumerate(source.splitlines(), start=1):
        if in_header:
            if not line.strip():
                in_header = False
            elif is_placeholder(line.partition(":")[2]):  # "Summary: TODO: ..."
                found.append((number, line.strip()))
            continue
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
        elif not line.startswith(("    ", "\t")) and is_placeholder(line):
            found.append((number, line.strip()))
    return found


def placeholder_message(line: str) -> str:
    """What to tell the author about one placeholder line."""
    shown = line if len(line) <= 60 else line[:57] + "..."
    return (f"{shown!r} is a placeholder, not yet the real text; write what it asks for, "
            "or delete the line")
