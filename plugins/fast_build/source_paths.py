"""A content object's path relative to the content folder, worked out once per path.

Pelican 4.12 recomputes it (`os.path.relpath` of two `abspath`s) every time a URL or
a save_as is asked for, through `url_format`; themes and plugins ask about 25 times
per article, so at 4,000 posts it is 100,000 relpath calls per build (about a second).
The answer depends only on the two paths (and, for a relative content folder, on the
working directory), so it is remembered by them; Pelican's own method computes it.
"""

from __future__ import annotations

import os
from typing import Any

from pelican.contents import Content

_MISSING = object()


def install() -> None:
    """Wrap Content.get_relative_source_path once per process."""
    method = Content.get_relative_source_path
    if getattr(method, "remembers_paths", False):
        return
    known: dict[tuple, Any] = {}

    def get_relative_source_path(self, source_path=None):
        path = source_path or self.source_path
        base = self.settings["PATH"]
        if path is None or not isinstance(path, str) or not isinstance(base, str):
            return method(self, source_path)
        key = (path, base, None if os.path.isabs(base) else os.getcwd())
        found = known.get(key, _MISSING)
        if found is _MISSING:
            found = known[key] = method(self, source_path)
        return found

    get_relative_source_path.remembers_paths = True
    get_relative_source_path.__wrapped__ = method
    get_relative_source_path.__doc__ = method.__doc__
    Content.get_relative_source_path = get_relative_source_path
