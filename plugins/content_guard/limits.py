"""What a content file must stay within before Markdown renders it: pure checks.

Each check finds the first place a file goes past a limit and says what to do; the
checked reader then leaves the file out with one error, and the rest of the site
builds. The limits are settings, with these defaults:

- CONTENT_GUARD_MAX_BYTES (10 MB): a bigger file is not read at all;
- CONTENT_GUARD_MAX_NESTING (50): blockquotes, list items and HTML elements inside
  one another. Python-Markdown recurses once per level and fails near 250 levels
  (RecursionError), or takes quadratic time; real posts rarely nest more than five;
- control characters (not a setting): U+0000 to U+001F other than tab, newline and
  carriage return, U+007F, U+FFFE and U+FFFF. XML 1.0 cannot carry them, so a feed
  holding one fails to write (feedgenerator's UnserializableContentError);
- CONTENT_GUARD_EARLIEST_YEAR (1990) and CONTENT_GUARD_YEARS_AHEAD (10): the years
  a Date or Modified may name.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

MAX_BYTES = "CONTENT_GUARD_MAX_BYTES"
MAX_NESTING = "CONTENT_GUARD_MAX_NESTING"
EARLIEST_YEAR = "CONTENT_GUARD_EARLIEST_YEAR"
YEARS_AHEAD = "CONTENT_GUARD_YEARS_AHEAD"
MAX_SLUG_BYTES = "CONTENT_GUARD_MAX_SLUG_BYTES"  # slugs.py

DEFAULTS = {MAX_BYTES: 10 * 1024 * 1024, MAX_NESTING: 50, EARLIEST_YEAR: 1990,
            YEARS_AHEAD: 10, MAX_SLUG_BYTES: 200}
# The whole numbers each setting may be. A slug goes into file names with up to
# about ten more characters ('.atom.xml'), and a file name holds 255 bytes.
_BOUNDS = {MAX_BYTES: (1, 2**40), MAX_NESTING: (1, 200), EARLIEST_YEAR: (1, 9999),
           YEARS_AHEAD: (0, 1000), MAX_SLUG_BYTES: (16, 240)}


def setting(settings: dict, name: str) -> int:
    """The limit the site set, or its default when the value is not allowed."""
    value = settings.get(name, DEFAULTS[name])
    return value if _allowed(name, value) else DEFAULTS[name]


def setting_problems(settings: dict) -> list[str]:
    """One message for each limit setting whose value is not allowed."""
    problems = []
    for name, default in DEFAULTS.items():
        value = settings.get(name, default)
        if not _allowed(name, value):
            low, high = _BOUNDS[name]
            problems.append(f"{name} is {value!r}; use a whole number from {low} to {high} "
                            f"(the default, {default}, is used)")
    return problems


def _allowed(name: str, value: object) -> bool:
    low, high = _BOUNDS[name]
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


# --- Size --------------------------------------------------------------------------

def too_large_message(size: int, limit: int) -> str:
    """A file over the hard size limit: how big, and what to do."""
    return (f"the file is {_megabytes(size)}, over the {_megabytes(limit)} a content "
            f"file may be ({MAX_BYTES}), so it is left out unread; split it into several "
            "articles, or move data out of it into a linked file")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


# --- Control characters ------------------------------------------------------------

# What XML 1.0 cannot carry (and DEL, a control character in no one's text).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_NAMES = {0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
          0x1B: "escape", 0x7F: "delete"}


@dataclass(frozen=True)
class Place:
    """Where in a text something was found: 1-based line and column."""

    line: int
    column: int


def control_character(text: str) -> tuple[Place, str, int] | None:
    """The first control character (where, which) and how many the text holds."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    start = found.start()
    place = Place(text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start))
    return place, found.group(), sum(1 for _ in _CONTROL.finditer(text))


def control_character_message(place: Place, char: str, count: int,
                              field: str | None = None) -> str:
    """A control character: where, which, and that deleting it is the fix."""
    name = _NAMES.get(ord(char))
    which = f"U+{ord(char):04X}" + (f" ({name})" if name else "")
    where = f"line {place.line}, column {place.column}" + (f" ({field})" if field else "")
    more = f" (the first of {count})" if count > 1 else ""
    return (f"{where}: control character {which}{more}, which feeds (XML) cannot carry, "
            "so the file is left out; delete it: it is invisible in "
            "most editors, and usually comes with text pasted from a PDF, a terminal or a "
            "word processor")


# --- Nesting -----------------------------------------------------------------------

# One container marker at the start of a line (after the markers before it): a
# blockquote's '>', or a list item's bullet or number, with the indentation before it.
_MARKER = re.compile(r"([ \t]*)(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?")
_MARKER_STARTS = frozenset(" \t>*+-0123456789")
_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_COMMENT = re.compile(r"<!--.*?-->")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*?(/?)>")
# The HTML (and SVG, MathML) elements that hold others and are closed explicitly;
# void elements, those the next of their kind closes (p, li, td...) and words in
# angle brackets that are no element ('<id>', '<name>') count no depth. Custom
# elements (a hyphen in the name) do.
_NESTING_TAGS = frozenset("""
    a abbr address article aside audio b bdi bdo blockquote body button canvas cite code
    data datalist del details dfn dialog div dl em fieldset figcaption figure footer form
    h1 h2 h3 h4 h5 h6 head header hgroup html i iframe ins kbd label legend main map mark
    menu meter nav noscript object ol output picture pre progress q ruby s samp script
    search section select slot small span strong style sub summary sup table template
    textarea time title u ul var video svg g defs symbol clippath mask pattern
    foreignobject lineargradient radialgradient text tspan math mrow mfrac msqrt mroot
    mtable mtr mtd font center big strike tt nobr marquee
""".split())


def too_deep(text: str, limit: int) -> Place | None:
    """The first line nested more than `limit` levels deep, if any.

    A line's depth is the HTML elements open around it plus its own blockquote and
    list markers, each indentation of four columns before a marker counting as one
    level (a nested list item). Fenced code blocks, code spans and HTML comments
    do not count. It stops at the first line over the limit, so a file that is one
    long line of markers costs no more than reading it.
    """
    open_tags: list[str] = []
    fence: str | None = None
    in_comment = False
    for number, line in enumerate(text.split("\n"), start=1):
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        if found := _FENCE.match(line):
            fence = found.group(1)
            continue
        depth = _markers(line, limit) if line[:1] in _MARKER_STARTS else 0
        if "<" in line or in_comment:
            line, in_comment = _without_comments(_CODE_SPAN.sub("", line), in_comment)
            depth += _html_depth(line, open_tags, limit - depth)
        else:
            depth += len(open_tags)
        if depth > limit:
            return Place(number, 1)
    return None


def _markers(line: str, limit: int) -> int:
    depth, position = 0, 0
    while depth <= limit and (found := _MARKER.match(line, position)):
        depth += 1 + len(found.group(1).expandtabs(4)) // 4
        position = found.end()
    return depth


def _without_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    if in_comment:
        end = line.find("-->")
        if end < 0:
            return "", True
        line = line[end + 3:]
    line = _COMMENT.sub("", line)
    start = line.find("<!--")
    return (line, False) if start < 0 else (line[:start], True)


def _html_depth(line: str, open_tags: list[str], room: int) -> int:
    """The most HTML elements open at once in `line` (beyond none); updates open_tags."""
    deepest = len(open_tags)
    for found in _TAG.finditer(line):
        closing, name, self_closing = found.group(1), found.group(2).lower(), found.group(3)
        if self_closing or not (name in _NESTING_TAGS or "-" in name):
            continue
        if not closing:
            open_tags.append(name)
            deepest = max(deepest, len(open_tags))
            if deepest > room:
                break
        elif name in open_tags:  # close it, and what was left open inside it
            del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name):]
    return deepest


def too_deep_message(place: Place | None, limit: int) -> str:
    """Nesting past the limit (or past what Markdown can render): the fix."""
    where = (f"line {place.line}: blockquotes, lists or HTML elements nested more than "
             f"{limit} levels deep ({MAX_NESTING}), so the file is left out before it is "
             "rendered" if place else
             "the Markdown is nested too deeply to render (emphasis, links or brackets "
             "inside one another), so the file is left out")
    return f"{where}; flatten the nesting, or put a sample in a ``` code block"


# --- Dates -------------------------------------------------------------------------

def date_range(settings: dict, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day a post may be dated."""
    last = min(today.year + setting(settings, YEARS_AHEAD), 9999)
    return datetime.date(setting(settings, EARLIEST_YEAR), 1, 1), datetime.date(last, 12, 31)


def in_range(value: datetime.date, first: datetime.date, last: datetime.date) -> bool:
    """Whether a date (or datetime) falls between first and last, both included."""
    day = value.date() if isinstance(value, datetime.datetime) else value
    return first <= day <= last


def out_of_range_message(where: str, value: str, first: datetime.date,
                         last: datetime.date) -> str:
    """A Date or Modified outside the range: the range, and that the year is wrong."""
    return (f"{where}: {value!r} is not between {first.year} and {last.year} "
            f"({EARLIEST_YEAR}, {YEARS_AHEAD} years ahead), so the file is left out; "
            "check the year")
