"""Content files no setting builds: a post saved in the wrong folder. Pure.

Pelican reads articles from ARTICLE_PATHS and pages from PAGE_PATHS (each minus
its *_EXCLUDES) and copies STATIC_PATHS as they are; a Markdown file saved
anywhere else under the content folder (`content/my-post.md`) is silently not
built. `unbuilt_files` finds those, `unbuilt_message` says where to move one.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path


def _under(relative: str, folders: Iterable[str]) -> bool:
    """Whether a path (relative to the content folder) is inside one of `folders`."""
    for folder in folders:
        folder = str(folder).strip("/")
        if folder in ("", ".") or relative == folder or relative.startswith(folder + "/"):
            return True
    return False


def is_built(relative: str, settings: dict) -> bool:
    """Whether some setting makes this file an article, a page or a static file."""
    if _under(relative, settings.get("STATIC_PATHS") or ()):
        return True
    for kind in ("ARTICLE", "PAGE"):
        if (_under(relative, settings.get(f"{kind}_PATHS") or ())
                and not _under(relative, settings.get(f"{kind}_EXCLUDES") or ())):
            return True
    return False


def unbuilt_files(content: Path, settings: dict, extensions: Collection[str]) -> list[str]:
    """Files under `content` with a reader's extension that nothing builds, relative
    and sorted. Hidden files and folders, and those IGNORE_FILES names, are left alone."""
    ignored = settings.get("IGNORE_FILES") or ()
    extensions = {e.lower().lstrip(".") for e in extensions}
    found = []
    for root, folders, files in os.walk(content, followlinks=False):
        folders[:] = [d for d in folders if not _ignored(d, ignored)]
        for name in files:
            suffix = name.rpartition(".")[2].lower()
            if "." not in name or suffix not in extensions or _ignored(name, ignored):
                continue
            relative = Path(root, name).relative_to(content).as_posix()
            if not is_built(relative, settings):
                found.append(relative)
    return sorted(found)


def _ignored(name: str, patterns: Sequence[str]) -> bool:
    """Hidden (an editor's lock or swap file, .git) or named by IGNORE_FILES."""
    return name.startswith(".") or any(fnmatch.fnmatch(name, p) for p in patterns)


def unbuilt_message(settings: dict) -> str:
    """Why such a file is not built, and where to move it."""
    content = Path(str(settings.get("PATH") or "content")).name
    articles = _folders(content, settings.get("ARTICLE_PATHS"))
    pages = _folders(content, settings.get("PAGE_PATHS"))
    return (f"not built: it is in none of ARTICLE_PATHS ({articles}) or PAGE_PATHS "
            f"({pages}); move it to {articles.split(', ')[0]} for a post or "
            f"{pages.split(', ')[0]} for a page, or list its folder in pelicanconf.py")


def _folders(content: str, paths) -> str:
    shown = [f"{content}/{str(p).strip('/')}/".replace("//", "/") for p in paths or ()]
    return ", ".join(shown) or "none"
