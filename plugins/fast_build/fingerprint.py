"""What a page's HTML depends on, as a digest: if the digest is unchanged, so is the page.

A page is rendered from the site-wide context (settings, every article's and page's
metadata and summary, the tag and category lists, what plugins added) and from the
objects the generator passed for that page alone (its article, the articles of one
list page). `Digester.shallow` digests a value as the site-wide context shows it: a
content object by its metadata and summary, not its body. `Digester.full` adds the
body of every content object it reaches directly, for the objects a page owns.

The digests err one way only: whatever could change a page changes its digest (an
unknown object is digested by its attributes; a set in a sorted order); a value that
changes on every run (an object shown by address) makes its pages render every time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import inspect
import sys
import types
from collections.abc import Mapping
from pathlib import Path

from pelican.contents import Content
from pelican.paginator import Page

# Attributes of a content object that are not what it shows: the shared context and
# settings (digested once, site-wide), its body (digested only where it is shown), and
# the structured-data plugin's token of the build that made its data (the data counts).
NOT_SHOWN = frozenset({"_context", "settings", "_content", "structured_data_build"})
LIBRARIES = ("pelican", "jinja2", "markupsafe", "markdown", "pygments")
SCALARS = (str, int, float, bool, type(None), bytes)


def combine(*parts: bytes) -> bytes:
    """One digest of several."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part)
    return digest.digest()


class Digester:
    """Digests values for one build, remembering each object's digest by identity.

    `summaries` maps a body's digest to its summary's digest, kept between builds so
    that a build does not cut every article's summary again to digest the site.
    """

    def __init__(self, summaries: dict[bytes, bytes] | None = None) -> None:
        self.summaries = summaries if summaries is not None else {}
        self._shallow: dict[int, bytes] = {}
        self._bodies: dict[int, bytes] = {}
        self._keep: list[object] = []  # keeps memoised objects alive, so ids stay theirs

    def shallow(self, value: object) -> bytes:
        return self._digest(value, set())

    def unordered(self, values) -> bytes:
        """A collection whose order is not shown (and may vary from run to run)."""
        return combine(b"S", *sorted(self.shallow(value) for value in values))

    def full(self, value: object) -> bytes:
        """Like shallow, plus the body of each content object `value` holds directly."""
        if isinstance(value, Content):
            return combine(self.shallow(value), self.body(value))
        if isinstance(value, (list, tuple)):
            return combine(b"L", *(self.full(item) for item in value))
        if isinstance(value, Mapping):
            return combine(b"D", *(self.shallow(k) + self.full(v) for k, v in value.items()))
        if hasattr(value, "object_list"):  # a Pelican paginator page
            return combine(self.shallow(value), self.full(list(value.object_list)))
        return self.shallow(value)

    def bodies(self):
        """The digests of the bodies digested so far."""
        return self._bodies.values()

    def body(self, content: Content) -> bytes:
        key = id(content)
        if key not in self._bodies:
            self._bodies[key] = combine(_text(getattr(content, "_content", "") or ""))
            self._keep.append(content)
        return self._bodies[key]

    def _summary(self, content: Content) -> bytes:
        """The digest of the summary lists show, cut from the body once per body."""
        if "summary" in getattr(content, "metadata", {}):
            return combine(_text(content.metadata["summary"]))
        body = self.body(content)
        if body not in self.summaries:
            self.summaries[body] = combine(_text(content.summary))
        return self.summaries[body]

    def _digest(self, value: object, visiting: set[int]) -> bytes:
        if type(value) is str:  # the commonest value, the quickest way
            return _scalar(b"s", value.encode("utf-8", "surrogatepass"))
        if isinstance(value, SCALARS):
            return _scalar(type(value).__name__[0].encode(), _text(value))
        if isinstance(value, (dt.datetime, dt.date, dt.time)):
            zone = repr(getattr(value, "tzinfo", ""))
            return _scalar(b"T", f"{value.isoformat()} {zone}".encode())
        key = id(value)
        if key in self._shallow:
            return self._shallow[key]
        if key in visiting:
            return b"cycle"
        visiting.add(key)
        try:
            digest = self._compound(value, visiting)
        finally:
            visiting.discard(key)
        self._shallow[key] = digest  # kept alive below, so no other object takes its id
        self._keep.append(value)
        return digest

    def _compound(self, value: object, visiting: set[int]) -> bytes:
        each = self._digest
        if isinstance(value, Mapping):  # in key order: plugins fill some in varying order
            return combine(b"D", *sorted(each(k, visiting) + each(v, visiting)
                                         for k, v in value.items()))
        if isinstance(value, (list, tuple)):
            return combine(b"L", *(each(item, visiting) for item in value))
        if isinstance(value, (set, frozenset)):
            return combine(b"S", *sorted(each(item, visiting) for item in value))
        if inspect.isroutine(value) or isinstance(value, (type, types.ModuleType)):
            owner = getattr(value, "__self__", None)  # a bound method: its object counts
            if owner is None or isinstance(owner, types.ModuleType):
                return combine(b"F", _name(value).encode())
            return combine(b"M", _name(value).encode(), each(owner, visiting))
        if isinstance(value, Page):  # all it shows follows from its paginator and number
            return combine(b"P", each(value.paginator, visiting), str(value.number).encode())
        if isinstance(value, Content):
            return combine(b"C", type(value).__name__.encode(), self._attrs(value, visiting),
                           self._summary(value) if _has_body(value) else b"")
        if hasattr(value, "__dict__"):
            return combine(b"O", _name(type(value)).encode(), self._attrs(value, visiting))
        text = repr(value)
        return combine(b"R", _name(type(value)).encode(),
                     b"" if " at 0x" in text else text.encode("utf-8", "surrogatepass"))


    def _attrs(self, value: object, visiting: set[int]) -> bytes:
        """An object's attributes, in the order they were set (another order digests
        differently, which costs a render, never a stale page)."""
        each = self._digest
        return combine(*(each(k, visiting) + each(v, visiting)
                         for k, v in vars(value).items() if k not in NOT_SHOWN))


def _scalar(kind: bytes, data: bytes) -> bytes:
    """A value's own bytes, tagged and length-prefixed, so that encodings put side by
    side never read as another's; long ones are hashed down."""
    if len(data) > 48:
        return b"#" + combine(kind, data)
    return kind + len(data).to_bytes(1, "big") + data


def _has_body(content: Content) -> bool:
    return isinstance(getattr(content, "_content", None), str)


def _text(value: object) -> bytes:
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", "surrogatepass")


def _name(value: object) -> str:
    qualname = getattr(value, "__qualname__", None) or getattr(value, "__name__", "")
    return f"{getattr(value, '__module__', '')}.{qualname}"


def templates_digest(environment) -> bytes:
    """Every template the environment can load, by name and source, and its globals."""
    parts = []
    loader = environment.loader
    for name in sorted(environment.list_templates()):
        try:
            source, _, _ = loader.get_source(environment, name)
        except Exception:  # a loader that lists what it cannot load: digest the name
            source = ""
        parts.append(combine(name.encode(), _text(source)))
    digester = Digester()
    parts.append(digester.shallow({k: v for k, v in environment.globals.items()}))
    parts.append(digester.shallow(sorted(environment.filters)))
    parts.append(digester.shallow(sorted(environment.tests)))
    return combine(*parts)


def code_digest(plugins=()) -> bytes:
    """The code that renders pages: the libraries' versions and the plugins' sources.

    Every Python file of each plugin's package counts (and of the customer_evidence
    code they share), loaded yet or not, so the digest is the same in every process.
    """
    parts = [importlib.metadata.version(name).encode() for name in LIBRARIES]
    names = [getattr(plugin, "__name__", plugin) for plugin in plugins]
    for name in sorted({*names, "customer_evidence"}):
        module = sys.modules.get(name)
        for folder in sorted(getattr(module, "__path__", None) or []):
            for source in sorted(Path(folder).rglob("*.py")):
                parts.append(combine(str(source).encode(), source.read_bytes()))
    return combine(*parts)
