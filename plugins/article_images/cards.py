"""The og:image card of an article without an image of its own: 1200×630 PNG, made
with Pillow, showing the question the article answers (or its title) and the site name.

Pillow's bundled font (Aileron, FreeType) is used: no web font, no system font, the same
card on every machine. It has ASCII letters only, so a character it lacks is written
as its closest ASCII (é as e, — as -) when it is Latin or punctuation, else left out;
a text mostly left out (Chinese, Japanese, emoji...) gives way to the title, or to
the site name alone, rather than a row of empty boxes. og:image:alt carries the
whole text. Cards are cached by a hash of their inputs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from unidecode import unidecode

from customer_evidence.core.forked import each_forked

from . import png
from .variants import _write_atomic

WIDTH, HEIGHT = 1200, 630
VERSION = "2"  # bump when the layout or the encoding changes: new cache keys (2: png.encode)
MARGIN = 80
SIZES = (72, 64, 56, 48, 40)  # the question's type size, largest that fits
LINE = 1.22  # line height, in type sizes
TEXT_TOP, TEXT_BOTTOM = 110, HEIGHT - 150  # the question's box
SITE_SIZE = 36
KEPT = 0.5  # a text whose letters the font mostly lacks is not shown


@functools.lru_cache(maxsize=16)
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


@functools.lru_cache(maxsize=4096)
def has_glyph(char: str) -> bool:
    """Whether the bundled font draws `char` (not its empty-box glyph)."""
    probe = font(40)
    return _signature(probe, char) != _signature(probe, "\U0010fffd")


def _signature(face: ImageFont.FreeTypeFont, char: str) -> tuple:
    mask = face.getmask(char)
    return mask.size, bytes(mask)


def drawable(text: str) -> tuple[str, float]:
    """The text as the font can draw it, and the share of its letters kept."""
    out, letters, kept = [], 0, 0
    for char in text:
        if char.isspace():
            out.append(" ")
            continue
        letters += 1
        if has_glyph(char):
            out.append(char)
            kept += 1
            continue
        stand_in = _ascii(char)
        if stand_in:
            out.append(stand_in)
            kept += 1
    return " ".join("".join(out).split()), (kept / letters if letters else 0.0)


def _ascii(char: str) -> str:
    """The ASCII a Latin letter, a digit or a punctuation mark is written as, if drawable."""
    category = unicodedata.category(char)
    latin = "LATIN" in unicodedata.name(char, "")
    if not (latin or category[0] in "PNS" and not _is_emoji(char)):
        return ""
    stand_in = unidecode(char).strip()
    return stand_in if stand_in and all(has_glyph(c) for c in stand_in) else ""


def _is_emoji(char: str) -> bool:
    return ord(char) >= 0x1F000 or 0x2600 <= ord(char) <= 0x27BF


def card_text(question: str | None, title: str) -> str:
    """What the card shows: the question, else the title; '' when neither is drawable."""
    for text in (question, title):
        if text:
            shown, share = drawable(text)
            if shown and share >= KEPT:
                return shown
    return ""


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines of `text` no wider than `width`; a word too long for a line is split."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while face.getlength(word) > width:  # one long word: break it where it must
            cut = _fit(word, face, width - face.getlength(line + " ") if line else width)
            if cut == 0 and not line:
                cut = 1  # not even one character fits: never loop
            if cut == 0:
                lines.append(line)
                line = ""
                continue
            lines.append((line + " " if line else "") + word[:cut])
            line, word = "", word[cut:]
        candidate = f"{line} {word}" if line else word
        if face.getlength(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return [x for x in lines if x]


def _fit(word: str, face: ImageFont.FreeTypeFont, width: float) -> int:
    """How many first characters of `word` fit in `width`."""
    count = 0
    while count < len(word) and face.getlength(word[:count + 1]) <= width:
        count += 1
    return count


def layout(text: str) -> tuple[int, list[str]]:
    """The type size and lines of the card's text, cut with an ellipsis if it is long."""
    width = WIDTH - 2 * MARGIN
    for size in SIZES:
        lines = wrap(text, font(size), width)
        if len(lines) <= _max_lines(size):
            return size, lines
    size = SIZES[-1]
    lines = wrap(text, font(size), width)[:_max_lines(size)]
    last = lines[-1]
    while last and font(size).getlength(last + "…") > width:
        last = last[:-1].rstrip()
    lines[-1] = last + "…"
    return size, lines


def _max_lines(size: int) -> int:
    return max(1, int((TEXT_BOTTOM - TEXT_TOP) // (size * LINE)))


def draw_card(text: str, site: str, colours: tuple[str, str, str]) -> Image.Image:
    """The card: the text large, the site name and a mark at the foot."""
    background, ink, accent = colours
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 14), fill=accent)
    site_shown, _ = drawable(site)
    if text:
        size, lines = layout(text)
        y = TEXT_TOP
        for line in lines:
            draw.text((MARGIN, y), line, font=font(size), fill=ink)
            y += round(size * LINE)
    elif site_shown:  # nothing drawable but the name: the name, large
        draw.text((MARGIN, TEXT_TOP), site_shown, font=font(SIZES[0]), fill=ink)
    top = HEIGHT - 110
    _mark(draw, MARGIN, top, 56, accent, background)
    if site_shown:
        draw.text((MARGIN + 76, top + 28), site_shown, font=font(SITE_SIZE), fill=accent,
                  anchor="lm")
    return image


def _mark(draw: ImageDraw.ImageDraw, x: int, y: int, size: int, fill: str, line: str) -> None:
    """The site's mark (theme/static/logo.svg): a bridge in a rounded square."""
    draw.rounded_rectangle((x, y, x + size, y + size), radius=size // 5, fill=fill)
    unit = size / 32
    width = max(2, round(2.5 * unit))
    deck = y + 21 * unit
    draw.line((x + 5 * unit, deck, x + 27 * unit, deck), fill=line, width=width)
    draw.arc((x + 8 * unit, y + 12 * unit, x + 24 * unit, y + 30 * unit), 180, 360,
             fill=line, width=width)
    for post in (12, 20):
        draw.line((x + post * unit, y + 16 * unit, x + post * unit, deck), fill=line,
                  width=width)


def card_key(question: str | None, title: str, site: str, colours) -> str:
    """The cache key of a card: a hash of everything it is drawn from."""
    inputs = json.dumps([VERSION, question or "", title, site, list(colours)])
    return hashlib.sha256(inputs.encode("utf-8")).hexdigest()


# Where each card drawn so far is cached, for the process, by what it is drawn from:
# an autoreloading build does not hash an unchanged article's card inputs again.
_KNOWN: dict[tuple, Path] = {}
_KNOWN_MAX = 50_000


def _known(question: str | None, title: str, site: str, colours, cache: Path) -> Path | None:
    """The cached card of these inputs, if one was drawn and is still there."""
    path = _KNOWN.get((question, title, site, tuple(colours), cache))
    return path if path is not None and os.path.exists(path) else None


def draw_missing(cards: Iterable[tuple], site: str, colours, cache: Path) -> None:
    """Draw into `cache`, on forked workers, the cards of (question, title) not there yet.

    A cold build draws every article's card (7 ms each); a card a worker did not
    draw is drawn later by `cached_card`, as before.
    """
    missing = sorted({(q, t) for q, t in cards if _known(q, t, site, colours, cache) is None
                      and not card_file(cache, card_key(q, t, site, colours)).exists()},
                     key=lambda card: (card[0] or "", card[1]))
    each_forked(missing, lambda card: cached_card(card[0], card[1], site, colours, cache))


def card_file(cache: Path, key: str) -> Path:
    return cache / key[:2] / f"{key}.png"


def cached_card(question: str | None, title: str, site: str, colours, cache: Path) -> Path:
    """The card's PNG in `cache`, drawn the first time its inputs are seen."""
    known = _known(question, title, site, colours, cache)
    if known is not None:
        return known
    path = card_file(cache, card_key(question, title, site, colours))
    if not path.exists():
        # png.encode: unfiltered rows at zlib level 3, half the time of Pillow's level 6
        _write_atomic(path, png.encode(draw_card(card_text(question, title), site,
                                                 tuple(colours))))
    if len(_KNOWN) >= _KNOWN_MAX:
        _KNOWN.clear()
    _KNOWN[(question, title, site, tuple(colours), cache)] = path
    return path
