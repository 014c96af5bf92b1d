"""Results of pure functions of text, remembered per process by a digest of the text.

An autoreloading build (`invoke livereload`, `regenerate`) runs every plugin again on
every article after a one-post edit, though only that post's text changed. A function
whose result depends only on its text arguments can keep its results for the process,
keyed by a digest of those arguments (16 bytes, so the texts themselves are not held):
a changed text has another digest, so it is worked out afresh. A memo forgets
everything once it holds `size` results, which bounds its memory.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def digest(*parts: str) -> bytes:
    """A digest of several texts, told apart however they are split."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


class Memo:
    """A bounded map from a digest of texts to a result, for one pure function."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._results: dict[bytes, object] = {}

    def get(self, key: bytes, compute: Callable[[], T]) -> T:
        """The result remembered for `key`, else compute()'s, remembered."""
        try:
            return self._results[key]  # type: ignore[return-value]
        except KeyError:
            pass
        result = compute()
        if len(self._results) >= self.size:
            self._results.clear()
        self._results[key] = result
        return result

    def known(self, key: bytes) -> object | None:
        """The result remembered for `key`, else None."""
        return self._results.get(key)

    def clear(self) -> None:
        self._results.clear()


def memoised(size: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Remember a pure function of str arguments by their digest (results kept as they
    are: the function must return something its callers do not change)."""
    def decorate(function: Callable[..., T]) -> Callable[..., T]:
        memo = Memo(size)

        @functools.wraps(function)
        def wrapper(*texts: str) -> T:
            return memo.get(digest(*texts), lambda: function(*texts))

        wrapper.memo = memo  # type: ignore[attr-defined]
        return wrapper
    return decorate
