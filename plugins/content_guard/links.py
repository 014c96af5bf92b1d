"""Links under the content folder that lead out of it, or round in a loop.

Pelican walks ARTICLE_PATHS, PAGE_PATHS and STATIC_PATHS following links
(`os.walk(followlinks=True)`), so a link in content/ to /etc, to the repository's
.git or to a folder that holds it would be read, copied or walked for ever. `walk`
walks the same way and reports each such link instead of following it; links that
stay inside the content folder are followed as Pelican follows them.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .boundary import inside, link_problem


@dataclass(frozen=True)
class Crossing:
    """A link Pelican must not follow: where it is, where it leads, and why."""

    relative: str  # the link, relative to the content folder, as Pelican names it
    target: str  # where it leads, resolved
    problem: str  # "outside" or "loop" (boundary.link_problem)
    folder: bool


def walk(base: str, paths: Iterable[str], exclude: Sequence[str] = (),
         ignores: Sequence[str] = ()) -> tuple[list[str], list[Crossing]]:
    """The files under `paths` (relative to the content folder `base`) a walk that
    follows only safe links finds, and the links it did not follow.

    `exclude` (folders relative to `base`) and `ignores` (IGNORE_FILES patterns) are
    left out as Pelican's get_files leaves them out.
    """
    root = os.path.realpath(base)
    excluded = {os.path.join(base, e) for e in exclude}
    files: list[str] = []
    crossings: list[Crossing] = []
    for path in paths:
        top = os.path.join(base, path) if path else base
        if not os.path.lexists(top):
            continue
        target = os.path.realpath(top)
        if not inside(target, root):
            crossings.append(Crossing(_relative(top, base), target, "outside",
                                      os.path.isdir(top)))
            continue
        if not os.path.isdir(top):
            files.append(_relative(top, base))
            continue
        for dirpath, dirs, names in os.walk(top, topdown=True, followlinks=True):
            holder = os.path.realpath(dirpath)
            for name in list(dirs):
                full = os.path.join(dirpath, name)
                if full in excluded or _ignored(name, ignores):
                    dirs.remove(name)
                    continue
                crossing = _crossing(full, base, holder, root, folder=True)
                if crossing:
                    dirs.remove(name)
                    crossings.append(crossing)
            for name in names:
                full = os.path.join(dirpath, name)
                if _ignored(name, ignores):
                    continue
                crossing = _crossing(full, base, holder, root, folder=False)
                if crossing:
                    crossings.append(crossing)
                else:
                    files.append(_relative(full, base))
    return sorted(files), crossings


def outside_files(base: str, files: Iterable[str]) -> list[Crossing]:
    """The files (relative to `base`) whose real path is outside the content folder."""
    root = os.path.realpath(base)
    found = []
    for relative in files:
        target = os.path.realpath(os.path.join(base, relative))
        if not inside(target, root):
            found.append(Crossing(relative, target, "outside", False))
    return found


def _crossing(full: str, base: str, holder: str, root: str, folder: bool) -> Crossing | None:
    if not os.path.islink(full):
        return None
    target = os.path.realpath(full)
    problem = link_problem(target, holder, root, folder)
    return Crossing(_relative(full, base), target, problem, folder) if problem else None


def _relative(path: str, base: str) -> str:
    return os.path.relpath(path, base)


def _ignored(name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(name, p) for p in patterns)
