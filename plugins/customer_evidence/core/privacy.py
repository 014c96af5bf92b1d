"""The source registry's private values, and finding them in any text. Pure.

What counts as a private value: every value under every entry's `private:` block, any
key (not only name, company, email and notes), including entries that the registry
loader rejects as invalid, since an invalid entry's secrets must be protected all the
same. Numbers and dates are compared as text; nested lists and mappings are flattened;
true/false are ignored. Notes are free text and are matched as a whole note. Values
shorter than MIN_LENGTH (4) characters after trimming are skipped: "Al", "UK" or "42"
would match almost every page and drown the real leaks.

How texts are compared: HTML-unescaped (so `&#65;nnika` and `Annika&nbsp;Holmgren` are
caught), zero-width characters and soft hyphens removed, typographic quotes and dashes
made plain, runs of whitespace made one space, ignoring case (casefold).

The customer_sources plugin checks each article with PrivateMatcher; the privacy
scan (customer_evidence.tools.privacy_scan) checks every file of a built site.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import ahocorasick

from customer_evidence.core.registry import load_entries
from customer_evidence.core.registry_limits import Limits

MIN_LENGTH = 4

# Errors of load_entries that mean some entries (and their private values) were not read.
_UNREADABLE = {"registry-encoding", "registry-shape", "registry-syntax", "registry-value",
               "registry-too-large", "registry-aliases"}

# Typographic marks a template or Markdown extension may substitute for plain ones, and
# invisible characters that can sit inside a word without changing how it reads.
_PLAIN = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"),
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
}
# Every character str.split() splits on (str.isspace(); a test checks the list).
ASCII_SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
OTHER_SPACES = ("\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                "\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_NO_ASCII_SPACES = dict.fromkeys(map(ord, ASCII_SPACES))
_ASCII_SPACE_BYTES = ASCII_SPACES.encode()


class RegistryError(Exception):
    """The registry is missing or cannot be read completely; its secrets cannot all be known."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


def normalise(text: str) -> str:
    """Text as it is compared: typographic marks plain, whitespace collapsed, casefolded."""
    # str.split() splits on the same Unicode whitespace as \s (no-break space included),
    # about four times faster than a regex substitution.
    return " ".join(_fold(text).split())


def _fold(text: str) -> str:
    """Typographic marks plain and invisible characters gone, casefolded; spaces as they are."""
    if not text.isascii():
        # One str.replace per mark present: a few times faster than a regex substitution
        # or str.translate on text that is mostly ASCII.
        for mark, plain in _PLAIN.items():
            if mark in text:
                text = text.replace(mark, plain)
    return text.casefold()


def _without_spaces(text: str) -> str:
    """Text with every whitespace character removed (each one str.split() splits on)."""
    if text.isascii():
        return text.translate(_NO_ASCII_SPACES)
    for space in OTHER_SPACES:
        if space in text:
            text = text.replace(space, " ")
    # UTF-8 never puts an ASCII byte inside a longer character, and bytes.translate
    # deletes in C where str.translate goes character by character. surrogatepass:
    # a lone surrogate (an escape in reStructuredText can make one) passes through.
    return (text.encode("utf-8", "surrogatepass").translate(None, _ASCII_SPACE_BYTES)
            .decode("utf-8", "surrogatepass"))


def private_values(registry_path: Path,
                   limits: Limits | None = None) -> list[tuple[str, str, str]]:
    """(source id, field, value) for every private value in the registry file.

    Read from the raw YAML entries, so entries the registry loader rejects are
    included. Values are strings; empty ones and ones shorter than MIN_LENGTH
    characters (after trimming and collapsing whitespace) are skipped.

    Raises RegistryError if the file is missing or some of it cannot be read (a file
    beyond `limits` is not read at all): a scan that silently knows fewer secrets than
    exist would pass a leaking site.
    """
    registry_path = Path(registry_path)
    if not registry_path.is_file():
        raise RegistryError(f"{registry_path}: no such registry file")
    entries, findings = load_entries(registry_path, "source registry", limits)
    return private_values_in(entries, findings, registry_path)


def private_values_in(entries: Sequence[Any], findings: Sequence[Any],
                      registry_path: Path) -> list[tuple[str, str, str]]:
    """private_values() for entries already read, with the findings of that read."""
    broken = [f for f in findings if f.level == "error" and f.rule in _UNREADABLE]
    if broken:
        # Only where and which rule: a message could quote the file's text.
        raise RegistryError(
            f"{registry_path}: cannot be read completely, so not every private value is "
            "known; fix the lines below first (the build logs what is wrong with each)",
            [f"{f.file}:{f.line}: {f.rule}" if f.line else f"{f.file}: {f.rule}"
             for f in broken])
    values: list[tuple[str, str, str]] = []
    for entry in entries:
        if "private" not in entry.data:
            continue
        source_id = str(entry.data.get("id") or "").strip() or f"(entry at line {entry.line})"
        for field, value in _flatten("private", entry.data["private"]):
            text = value.strip()
            if len(normalise(text).strip()) >= MIN_LENGTH:
                values.append((source_id, field, text))
    return values


def _flatten(field: str, value: Any) -> Iterable[tuple[str, str]]:
    """(field, text) for a private block or value; nested keys become `key.sub`."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(str(key) if field == "private" else f"{field}.{key}", item)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _flatten(field, item)
    elif isinstance(value, (datetime.date, datetime.datetime)):
        yield field, value.isoformat()
    else:
        yield field, str(value)


class PrivateMatcher:
    """Every private value in one Aho-Corasick automaton, mapping matches back to owners.

    One pass over a text finds every value in it, overlapping ones and ones inside
    others (a company named in a note) included. pyahocorasick does that pass in C:
    on the bench corpus it is ten times faster than the best regex alternation of
    the same values (a trie), which Python's engine retries at every position.

    Most texts hold no private value, and collapsing their whitespace costs more than
    the search. So present() first looks for the values with every space removed in the
    text with every space removed: whatever the whitespace, a value in the collapsed
    text is in that one too, so only a text passing this test is collapsed and searched.
    """

    def __init__(self, values: Iterable[tuple[str, str, str]]) -> None:
        owners: dict[str, set[tuple[str, str]]] = {}
        for source_id, field, value in values:
            key = normalise(str(value)).strip()
            if len(key) >= MIN_LENGTH:
                owners.setdefault(key, set()).add((str(source_id), str(field)))
        self.owners = owners
        self.angled = any("<" in key or ">" in key for key in owners)
        self._automaton = ahocorasick.Automaton()
        self._spaceless = ahocorasick.Automaton()
        for key in owners:
            self._automaton.add_word(key, key)
            self._spaceless.add_word(key.replace(" ", ""), True)
        if owners:
            self._automaton.make_automaton()
            self._spaceless.make_automaton()

    def found(self, text: str) -> set[str]:
        """The normalised values present in normalised `text`, overlapping ones included."""
        if not self.owners:
            return set()
        return {key for _, key in self._automaton.iter(text)}

    def present(self, text: str) -> set[str]:
        """found() for text not yet normalised."""
        if not self.owners:
            return set()
        folded = _fold(text)
        if next(self._spaceless.iter(_without_spaces(folded)), None) is None:
            return set()
        return self.found(" ".join(folded.split()))

    def owners_in(self, text: str) -> list[tuple[str, str]]:
        """(source id, field) of every private value in a text, HTML entities decoded."""
        found = self.present(html.unescape(text))
        return sorted({owner for key in found for owner in self.owners[key]})
