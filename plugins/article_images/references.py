"""Which file of the content folder an `Image:` value or an <img src> names. Pure.

The forms a Pelican author writes: `images/x.png` (relative to the content folder,
as STATIC_PATHS are), `/images/x.png` (the site-root URL it is published at),
`{static}/images/x.png` (Pelican's link to a static file; `{static}x.png` without the
slash is relative to the Markdown file's folder) and the older `|static|` spelling.
A URL with a scheme or a host (https://, //cdn...) names no file here.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit

_STATIC_PREFIXES = ("{static}", "|static|", "{attach}", "|attach|", "{filename}", "|filename|")
DECORATIVE = '""'  # the alt text written for an image that is decoration on purpose


def content_path(value: str, source_dir: str = "") -> str | None:
    """The path relative to the content folder that `value` names, or None when it is a
    URL elsewhere. `source_dir` is the Markdown file's folder, relative to the content
    folder, for `{static}` links without a leading slash."""
    value = value.strip()
    relative_to = ""
    for prefix in _STATIC_PREFIXES:
        if value.startswith(prefix):
            value = value[len(prefix):]
            relative_to = source_dir
            break
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        path, relative_to = path.lstrip("/"), ""
    joined = posixpath.normpath(posixpath.join(relative_to, path))
    if joined.startswith("../") or joined in ("..", "."):
        return None
    return joined


def in_folder(path: str, folder: str) -> bool:
    """Whether a content-relative path lies in `folder` (the images folder)."""
    folder = folder.strip("/")
    return path.startswith(folder + "/")


def alt_text(value: str | None) -> tuple[str | None, bool]:
    """An alt text as written, and whether it is decoration on purpose (`""`).

    None means no alt text was given."""
    if value is None:
        return None, False
    value = value.strip()
    if value in (DECORATIVE, "''"):
        return "", True
    return (value or None), False
