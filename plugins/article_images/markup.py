"""Finding the <img> elements of an article's HTML and writing responsive ones. Pure."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

# An <img> start tag; quoted attribute values may hold ">".
_IMG_RE = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
# The first attributes, in this order; any others the author wrote follow as they were.
_ORDER = ("src", "srcset", "sizes", "width", "height", "alt", "loading", "decoding")


@dataclass(frozen=True)
class ImgTag:
    """One <img> of a fragment: where it is and its attributes as written (decoded)."""

    start: int
    end: int
    attrs: tuple[tuple[str, str | None], ...]

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)

    def has(self, name: str) -> bool:
        return any(key == name for key, _ in self.attrs)


class _Attrs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.attrs = attrs

    handle_startendtag = handle_starttag


def img_tags(fragment: str) -> Iterator[ImgTag]:
    """Every <img> start tag of an HTML fragment, in order."""
    if "<img" not in fragment and "<IMG" not in fragment:
        return
    for match in _IMG_RE.finditer(fragment):
        parser = _Attrs()
        parser.feed(match.group(0))
        parser.close()
        yield ImgTag(match.start(), match.end(), tuple(parser.attrs))


def srcset(candidates: Sequence[tuple[str, int]]) -> str:
    """`url 480w, url 800w` for (url, width) pairs."""
    return ", ".join(f"{url} {width}w" for url, width in candidates)


def img(attrs: dict[str, str | None]) -> str:
    """An <img> element with these attributes, values escaped; None leaves one out."""
    names = [n for n in _ORDER if n in attrs] + [n for n in attrs if n not in _ORDER]
    parts = []
    for name in names:
        value = attrs[name]
        if value is None:
            continue
        parts.append(f'{name}="{html.escape(str(value), quote=True)}"')
    return "<img " + " ".join(parts) + ">"


def replace_tags(fragment: str, replacements: Sequence[tuple[ImgTag, str]]) -> str:
    """The fragment with each tag replaced by its new markup."""
    out, last = [], 0
    for tag, markup in sorted(replacements, key=lambda pair: pair[0].start):
        out += [fragment[last:tag.start], markup]
        last = tag.end
    out.append(fragment[last:])
    return "".join(out)
