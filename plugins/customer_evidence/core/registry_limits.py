"""How much of a YAML registry is read: its size, its aliases, its nesting. Pure.

The question bank and the source registry are small files people write by hand. A
file far larger than that, or one whose aliases (`*name`) repeat an anchored block
(`&name`) inside other repeated blocks (a "billion laughs" file: a few lines that
expand to billions of values), would hang the build or exhaust its memory, so
customer_evidence.core.registry refuses it whole, with one error naming the file
and the setting, before building anything from it:

- CUSTOMER_EVIDENCE_REGISTRY_MAX_BYTES (default 5 MB): a larger file is not read.
- CUSTOMER_EVIDENCE_REGISTRY_MAX_ALIASES (default 100): at most this many aliases,
  counted as the file expands, so an alias inside a block that is repeated counts
  once for every repetition; an alias inside the block it names (a loop) is refused
  at any count.
- MAX_DEPTH (32, not a setting): lists and mappings nested deeper than this are
  refused; an entry needs three levels, and the YAML library recurses per level.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import yaml

MAX_BYTES_KEY = "CUSTOMER_EVIDENCE_REGISTRY_MAX_BYTES"
MAX_ALIASES_KEY = "CUSTOMER_EVIDENCE_REGISTRY_MAX_ALIASES"
DEFAULTS = {MAX_BYTES_KEY: 5 * 1024 * 1024, MAX_ALIASES_KEY: 100}
MAX_DEPTH = 32

_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


@dataclass(frozen=True)
class Limits:
    """The bounds a registry file must keep to be read."""

    max_bytes: int = DEFAULTS[MAX_BYTES_KEY]
    max_aliases: int = DEFAULTS[MAX_ALIASES_KEY]


def limits_of(settings: dict | None) -> Limits:
    """The site's limits, defaults for those it does not set; ValueError naming a bad one."""
    settings = settings or {}
    values = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    for key, least in ((MAX_BYTES_KEY, 1), (MAX_ALIASES_KEY, 0)):
        value = values[key]
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            default = DEFAULTS[key]
            shown = f"{default} bytes, {_amount(default)}" if key == MAX_BYTES_KEY else default
            raise ValueError(f"{key} must be a whole number, {least} or more (default "
                             f"{shown}), not {value!r}")
    return Limits(values[MAX_BYTES_KEY], values[MAX_ALIASES_KEY])


@dataclass(frozen=True)
class Refusal:
    """Why a registry file is not read: the rule, the line (if known) and what to do."""

    rule: str
    line: int | None
    message: str


def size_refusal(size: int, limits: Limits) -> Refusal | None:
    """A refusal for a file of `size` bytes over the limit; None when it fits."""
    if size <= limits.max_bytes:
        return None
    return Refusal("registry-too-large", None,
                   f"the file is {_amount(size)}, over the {_amount(limits.max_bytes)} a "
                   f"registry may be ({MAX_BYTES_KEY}), so it was not read; move long "
                   "notes out of it, or raise the setting if the file is meant to be this big")


def event_refusal(events: Iterable[yaml.Event], limits: Limits) -> Refusal | None:
    """Too many aliases, or nesting too deep, in a file's YAML events; None when within.

    Reads the events only until a bound is crossed: the parser itself neither
    expands aliases nor recurses, so this pass is safe on any file.
    """
    aliases = depth = 0
    for event in events:
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > limits.max_aliases:
                return alias_refusal(_line(event), limits)
        elif isinstance(event, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                return Refusal("registry-shape", _line(event),
                               f"lists and mappings are nested more than {MAX_DEPTH} levels "
                               "deep here, so the file was not read; an entry is 'key: "
                               "value' lines, short lists and one 'private:' block")
        elif isinstance(event, _CLOSE):
            depth -= 1
    return None


def expansion_refusal(root: yaml.Node, limits: Limits) -> Refusal | None:
    """Too many aliases once the file is expanded, or an alias loop; None when within.

    Counted on the composed nodes, where an alias is the anchored node itself: each
    node's count is worked out once, so this is linear in the file, whatever the
    expansion would be.
    """
    counter = _AliasCounter(limits.max_aliases)
    counter.defined.add(id(root))
    counter.open.add(id(root))
    total = 0
    for entry in _children(root):  # entry by entry, to name the line
        try:
            total += counter.use(entry)
        except _Loop:
            return Refusal("registry-aliases", _line(entry),
                           "an alias (*name) inside the block it names repeats it "
                           "endlessly, so the file was not read; write the values out "
                           "instead of repeating them with an alias")
        if total > limits.max_aliases:
            return alias_refusal(_line(entry), limits)
    return None


def alias_refusal(line: int | None, limits: Limits) -> Refusal:
    """The refusal for more aliases than the limit."""
    return Refusal("registry-aliases", line,
                   f"more than {limits.max_aliases} YAML aliases (*name) once the file is "
                   "expanded (an alias inside a repeated block counts at every repetition), "
                   "so it was not read; write the values out instead of repeating them with "
                   f"aliases, or raise {MAX_ALIASES_KEY}")


class _Loop(Exception):
    """An alias inside the node it refers to."""


class _AliasCounter:
    """Alias uses inside each node as if expanded, each node counted once (memoised).

    A node met for the first time in document order is its definition; meeting it
    again is an alias. Recursion follows nesting only (bounded by MAX_DEPTH), since
    an alias's node is either finished (memoised) or an ancestor (a loop).
    """

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.defined: set[int] = set()
        self.counts: dict[int, int] = {}
        self.open: set[int] = set()

    def use(self, child: yaml.Node) -> int:
        """The alias uses a reference to `child` adds: its own (if an alias) and inside."""
        if id(child) in self.defined:
            return 1 + self.uses(child)
        self.defined.add(id(child))
        return self.uses(child)

    def uses(self, node: yaml.Node) -> int:
        """The alias uses inside `node`, expanded, at most the cap plus one."""
        key = id(node)
        if key in self.counts:
            return self.counts[key]
        if key in self.open:
            raise _Loop
        self.open.add(key)
        total = 0
        for child in _children(node):
            total += self.use(child)
            if total > self.cap:
                break
        self.open.discard(key)
        self.counts[key] = total = min(total, self.cap + 1)
        return total


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _line(item) -> int | None:
    mark = getattr(item, "start_mark", None)
    return mark.line + 1 if mark is not None else None


def _amount(size: int) -> str:
    """A byte count as people read it: '5 MB', '48.7 MB', '900 bytes'."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{size / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{size} bytes"
