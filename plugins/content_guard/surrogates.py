"""Lone surrogates: an escape (reST `unicode:: U+D800`, `&#xD800;`) that is no character.

No page or feed can be written with one (UTF-8 has no encoding for it), so a post that
holds one would stop the build. `repair` shows each as U+FFFD, the replacement
character, and says how many there were. Pure.
"""

from __future__ import annotations

import re

_LONE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def repair(text: str) -> tuple[str, int]:
    """`text` with every lone surrogate replaced by U+FFFD, and how many there were."""
    return _LONE.subn(REPLACEMENT, text)


def message(count: int, where: str) -> str:
    return (f"{count} lone surrogate(s) in {where} (an escape such as U+D800 that is no "
            "character, which no page or feed can hold), shown as \ufffd; write the "
            "character itself, or remove the escape")
