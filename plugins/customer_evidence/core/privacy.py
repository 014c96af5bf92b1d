"""The source registry's private values, and finding them in any text. Pure.

What counts as a private value: every value under every entry's `private:` block, any
key (not only name, company, email and notes), including entries that the registry
loader rejects as invalid, since an invalid entry's secrets must be protected all the
same. Numbers and dates are compared as text; nested lists and mappings are flattened;
true/false are ignored. Values shorter than MIN_LENGTH (4) characters once compared
("Al", "UK", "42") are not searched for: they would match almost every page and drown
the real leaks (the registry loader reports each one: it stays private, unchecked).

What is searched for, for each value: the value; for an e-mail address, also its
spellings with "at" and "dot" (`zoe at firm dot com`, `zoe [at] firm [dot] com`); for a
value of more than NOTE_WINDOW (8) words (a note), also every run of NOTE_WINDOW
consecutive words of it holding at least NOTE_WINDOW_LONG_WORDS (3) words of
LONG_WORD (5) letters or more, so a note's distinctive sentence is caught while a
stock phrase ("at the end of the day we want to") is not.

How texts are compared (`normalise`, the same for the values and the texts):

- decoded: HTML entities (`&#65;nnika`, `Annika&nbsp;Holmgren`), percent-escapes
  (`mailto:zoe%40firm.example`) and JSON `\\u` escapes, nested up to DECODE_ROUNDS deep;
- NFKD: full-width and other compatibility forms (`Ｚｏｅ`) become plain letters, and
  accents are taken off (`Zoë`, as NFC or NFD, compares as `zoe`, as a slug writes it);
- look-alike letters of other scripts folded to the letter they look like (Cyrillic
  `о` in a Latin name; customer_evidence.core.lookalikes, from Unicode's confusables);
- zero-width characters and soft hyphens removed, typographic quotes and dashes plain;
- case-folded;
- the separators of slugs, URLs, paths and lists (`- _ / \\ , ; : ! ? ( ) [ ] { } " * |`)
  read as spaces, so `interview-with-zoe-hartmann` holds `Zoe Hartmann`;
- runs of whitespace made one space.

Every step is applied character by character to value and text alike, so a value
found in a text is found in its compared form too.

The customer_sources plugin checks each article and static file with PrivateMatcher;
the privacy scan (customer_evidence.tools.privacy_scan) checks every file of a built
site, and file_metadata reads what static files carry besides their content.
"""

from __future__ import annotations

import datetime
import functools
import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import ahocorasick

from customer_evidence.core.lookalikes import fold_table
from customer_evidence.core.memo import Memo, digest
from customer_evidence.core.registry import load_entries
from customer_evidence.core.registry_limits import Limits

MIN_LENGTH = 4
NOTE_WINDOW = 8  # words: a run this long of a longer value is a leak of it...
NOTE_WINDOW_LONG_WORDS = 3  # ...when at least this many of its words are long:
LONG_WORD = 5  # of this many characters or more
DECODE_ROUNDS = 3  # `&amp;#37;40` is an entity of a percent-escape of "@"

# Errors of load_entries that mean some entries (and their private values) were not read.
_UNREADABLE = {"registry-encoding", "registry-shape", "registry-syntax", "registry-value",
               "registry-too-large", "registry-aliases"}

# Typographic marks a template or Markdown extension may substitute for plain ones, and
# invisible characters that can sit inside a word without changing how it reads
# (direction marks and isolates too).
_PLAIN = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"),
    **dict.fromkeys("\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c"
                    "\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff", ""),
}
# Combining marks that accents are made of once decomposed (NFKD): taken off.
_ACCENTS = (range(0x300, 0x370), range(0x1AB0, 0x1B00), range(0x1DC0, 0x1E00),
            range(0x20D0, 0x2100), range(0xFE20, 0xFE30))
# What slugs, URLs, paths and lists put between words: read as spaces.
SEPARATORS = "-_/\\,;:!?()[]{}\"*|"
_ASCII_BYTES = bytes(range(128))
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_JSON_PAIR = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
# An entity not closed by ";" (`&copy2026`), which html.unescape decodes all the same.
_OPEN_ENTITY = re.compile(r"&(?:#[xX]?[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*)(?![0-9A-Za-z;])")
_EMAIL = re.compile(r"[^\s@<>()\[\]{}\"',;:]+@[^\s@<>()\[\]{}\"',;:]+")
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
    """Text as it is compared (see the module docstring), whitespace collapsed."""
    # str.split() splits on the same Unicode whitespace as \s (no-break space included),
    # about four times faster than a regex substitution.
    return " ".join(comparable(text).split())


def comparable(text: str) -> str:
    """normalise() but for the whitespace, which is left as it is."""
    return _folded_form(decoded(text))


def _folded_form(text: str) -> str:
    """comparable() but for the decoding."""
    if not text.isascii():
        text = _folded(unicodedata.normalize("NFKD", text))
    text = text.casefold()
    for separator in SEPARATORS:
        if separator in text:
            text = text.replace(separator, " ")
    return text


def decoded(text: str) -> str:
    """HTML entities, percent-escapes and JSON \\u escapes decoded, to DECODE_ROUNDS deep."""
    for _ in range(DECODE_ROUNDS):
        before = text
        if "&" in text:
            text = html.unescape(text)
        if "%" in text and _PERCENT.search(text):
            text = _unpercent(text)
        if "\\u" in text:
            text = _JSON_PAIR.sub(_json_pair, text)
            text = _JSON_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)
        if text == before:
            break
    return text


def _may_eat_plain_text(text: str) -> bool:
    """Whether decoding `text` may take characters of a value written plainly beside an
    escape: after a percent- or JSON escape (`%0000`) or an entity not closed by `;`. An
    entity closed by `;` takes only its own characters, and no value starts with `;`."""
    return (("%" in text and _PERCENT.search(text) is not None)
            or ("\\u" in text and _JSON_ESCAPE.search(text) is not None)
            or ("&" in text and _OPEN_ENTITY.search(text) is not None))


def _unpercent(text: str) -> str:
    """Percent-escapes decoded as UTF-8 (a byte that is not UTF-8 becomes U+FFFD)."""
    parts = _PERCENT.split(text)
    escapes = _PERCENT.findall(text)
    out, run = [parts[0]], bytearray()
    for escape, after in zip(escapes, parts[1:], strict=True):
        run.append(int(escape[1:], 16))
        if after:
            out.append(run.decode("utf-8", "replace") + after)
            run = bytearray()
    out.append(run.decode("utf-8", "replace"))
    return "".join(out)


def _json_pair(match: re.Match) -> str:
    high, low = int(match[1], 16), int(match[2], 16)
    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


@functools.cache
def _fold_map() -> dict[str, str]:
    """{character: what it is compared as} for every non-ASCII character that changes."""
    table = {chr(code): folded for code, folded in fold_table().items()}
    table.update({chr(code): "" for span in _ACCENTS for code in span})
    table.update(_PLAIN)

    def settled(text: str) -> str:  # what `text` folds to once nothing folds further
        for _ in range(4):
            again = "".join(table.get(c, c)
                            for c in unicodedata.normalize("NFKD", text)).casefold()
            if again == text:
                break
            text = again
        return text

    return {char: settled(folded) for char, folded in table.items()}


def _folded(text: str) -> str:
    """Decomposed text with each non-ASCII character folded (_fold_map); ASCII as it is."""
    # Only the characters present are replaced, one str.replace each: on a page that is
    # mostly ASCII, several times faster than str.translate or a regex substitution.
    # UTF-8 never puts an ASCII byte inside a longer character, so deleting the ASCII
    # bytes leaves exactly the non-ASCII characters.
    present = set(text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
                  .decode("utf-8", "surrogatepass"))
    table = _fold_map()
    for char in present:
        folded = table.get(char)
        if folded is not None:
            text = text.replace(char, folded)
    return text


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


def search_keys(value: str) -> set[str]:
    """The compared forms a value is searched for (see the module docstring); none if short."""
    key = normalise(value)
    if len(key) < MIN_LENGTH:
        return set()
    keys = {key}
    if "@" in value:
        keys.update(normalise(spelling) for spelling in _email_spellings(value))
    words = key.split()
    for start in range(len(words) - NOTE_WINDOW + 1 if len(words) > NOTE_WINDOW else 0):
        window = words[start:start + NOTE_WINDOW]
        if sum(len(w.strip(".'")) >= LONG_WORD for w in window) >= NOTE_WINDOW_LONG_WORDS:
            keys.add(" ".join(window).strip(".'"))
    return keys


def _email_spellings(value: str) -> set[str]:
    """`value` with each e-mail address in it spelled out with "at" and "dot", and mixed."""
    spellings = set()
    for match in _EMAIL.finditer(value):
        address = match[0].rstrip(".")
        local, domain = address.split("@", 1)
        for at in ("@", " at "):
            for name in {local, local.replace(".", " dot ")}:
                for host in {domain, domain.replace(".", " dot ")}:
                    spelled = name + at + host
                    if spelled != address:
                        spellings.add(value.replace(address, spelled))
    return spellings


def markup_text(text: str) -> str:
    """Markup as one text: the text between tags joined up, then every tag on its own.

    The joined text catches a value split by inline markup (`Annika <em>Holmgren</em>`);
    the tags keep values in attributes (an href, an alt text). Any stretch of the text
    free of < and > lies whole in one of the two, so a value without < or > found in
    the raw text is found here too: one pass instead of searching the text twice.
    """
    parts = _TAG.split(text)
    return "".join(parts[::2]) + "\n" + "\n".join(parts[1::2])


_TAG = re.compile(r"(<[^<>]*>)")  # captured: re.split gives text, tag, text, tag, ...


_OWNERS_IN = Memo(50_000)  # PrivateMatcher.owners_in()'s results, for the process


class PrivateMatcher:
    """Every private value in one Aho-Corasick automaton, mapping matches back to owners.

    One pass over a text finds every value in it, overlapping ones and ones inside
    others (a company named in a note) included, and every other form of the values
    (search_keys: e-mail spellings, a note's runs of words) in the same pass.
    pyahocorasick does that pass in C: on the bench corpus it is ten times faster than
    the best regex alternation of the same values (a trie), which Python's engine
    retries at every position.

    Most texts hold no private value, and collapsing their whitespace costs more than
    the search. So present() first looks for the values with every space removed in the
    text with every space removed: whatever the whitespace, a value in the collapsed
    text is in that one too, so only a text passing this test is collapsed and searched.
    """

    def __init__(self, values: Iterable[tuple[str, str, str]]) -> None:
        owners: dict[str, set[tuple[str, str]]] = {}
        for source_id, field, value in values:
            for key in search_keys(str(value)):
                owners.setdefault(key, set()).add((str(source_id), str(field)))
        self.owners = owners
        # What owners_in() depends on, for its memo: the keys and their owners.
        self.fingerprint = digest(*(f"{key}\0{sorted(owners[key])!r}"
                                     for key in sorted(owners)))
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
        """The search keys present in normalised `text`, overlapping ones included."""
        if not self.owners:
            return set()
        return {key for _, key in self._automaton.iter(text)}

    def present(self, text: str) -> set[str]:
        """found() for text not yet normalised; and for it as written too when decoding
        may take characters of a value written out plainly (_may_eat_plain_text)."""
        if not self.owners:
            return set()
        plain = decoded(text)
        found: set[str] = set()
        both = plain != text and _may_eat_plain_text(text)
        for form in (plain, text) if both else (plain,):
            folded = _folded_form(form)
            if next(self._spaceless.iter(_without_spaces(folded)), None) is not None:
                found |= self.found(" ".join(folded.split()))
        return found

    def owners_in(self, text: str, markup: bool = False) -> list[tuple[str, str]]:
        """(source id, field) of every private value in a text, however it is encoded.

        With `markup`, the text is HTML or XML: a value split by tags is found too
        (markup_text). Remembered per process by the values and the text's digest: an
        autoreloading build searches again only the posts an edit changed.
        """
        if not self.owners:
            return []
        key = self.fingerprint + digest("1" if markup else "", text)
        return list(_OWNERS_IN.get(key, lambda: self._owners_in(text, markup)))

    def _owners_in(self, text: str, markup: bool) -> tuple[tuple[str, str], ...]:
        if markup and "<" in text:
            found = self.present(markup_text(text))
            if self.angled:  # a value holding < or > may straddle a "tag": raw text too
                found |= self.present(text)
        else:
            found = self.present(text)
        return tuple(sorted({owner for key in found for owner in self.owners[key]}))
