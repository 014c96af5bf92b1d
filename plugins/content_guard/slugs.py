"""Slugs too long for a file name, cut to a safe length: pure functions.

A slug becomes a file or folder name (posts/<slug>/index.html, category/<slug>/,
feeds/category/<slug>.atom.xml); a name holds at most 255 bytes on common file
systems, and Pelican stops the whole build with "File name too long" past that. A
slug over CONTENT_GUARD_MAX_SLUG_BYTES (200) is cut at the last hyphen that keeps it
within the limit, with a warning: the post is still built, at a URL that reads as
the start of its title, and the author learns how to choose a better one.
"""

from __future__ import annotations

from .limits import MAX_SLUG_BYTES


def cut_slug(slug: str, limit: int) -> str:
    """`slug` within `limit` UTF-8 bytes: cut after a whole word when one fits."""
    encoded = slug.encode("utf-8")
    if len(encoded) <= limit:
        return slug
    cut = encoded[:limit].decode("utf-8", errors="ignore")
    word_end = cut.rfind("-")
    if word_end >= len(cut) // 2:  # else one very long word: cut inside it
        cut = cut[:word_end]
    return cut.rstrip("-_") or cut


def long_slug_message(where: str, slug: str, cut: str, limit: int, kind: str,
                      written_at: str | None = None) -> str:
    """A slug that was cut: how long it was, what is used instead, and the fix."""
    used = (f"the post is written at {_shown(written_at)}" if written_at
            else f"its pages use the slug {_shown(cut)!r}")
    fix = ("add a shorter 'Slug: ...' line" if kind in ("title", "file name")
           else "shorten the Slug" if kind == "slug" else f"shorten the {kind} name")
    return (f"{where}: the slug it gives is {len(slug.encode('utf-8'))} bytes, over the "
            f"{limit} a file name can safely take ({MAX_SLUG_BYTES}); it is cut, and {used}; "
            f"{fix}")


def _shown(text: str, width: int = 80) -> str:
    """Long text in a message: its start and end, joined by an ellipsis."""
    return text if len(text) <= width else f"{text[:width - 20]}…{text[-19:]}"
