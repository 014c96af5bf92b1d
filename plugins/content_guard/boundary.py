"""The content folder is a boundary: pure decisions, and the messages that explain them.

Nothing outside the content folder (its resolved real path) is read, and nothing is
written outside the output folder: a link that leads out, a path with '..' or an
absolute path in a post's metadata, a template name that is not the theme's. The
walking is in links.py, the site's own outputs in outputs.py, the signal handlers in
boundary_guard.py.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Iterable

# Metadata fields whose value becomes a path or a URL of the site.
PATH_FIELDS = ("save_as", "url", "slug", "lang")
_DRIVE = re.compile(r"^[A-Za-z]:")
_EXAMPLES = {"save_as": "a path inside the site, such as 'offers/spring/index.html'",
             "url": "a path inside the site, such as 'offers/spring/'",
             "slug": "a slug such as 'spring-offer'", "lang": "a language code such as 'de'"}
FIELD_NAMES = {"save_as": "Save_as", "url": "URL", "slug": "Slug", "lang": "Lang",
               "template": "Template", "title": "Title"}


def inside(path: str, root: str) -> bool:
    """Whether a resolved path is `root` or under it (both real paths)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def link_problem(target: str, holder: str, root: str, folder: bool) -> str | None:
    """What is wrong with a link to `target` in the folder `holder` (all real paths).

    "outside": it leads out of the content folder `root`; "loop": a folder link to a
    folder that holds it, which a walk would follow round and round; else None.
    """
    if not inside(target, root):
        return "outside"
    if folder and inside(holder, target):
        return "loop"
    return None


def climbs(value: object) -> bool:
    """Whether a path or URL climbs out: '..' as one of its parts."""
    return ".." in str(value).replace("\\", "/").split("/")


def unsafe_path(value: object) -> bool:
    """Whether a path climbs out ('..'), starts at a root (/, \\, C:) or holds a NUL,
    which no file name may."""
    text = str(value).replace("\\", "/")
    return text.startswith("/") or bool(_DRIVE.match(text)) or "\0" in text or climbs(text)


def unsafe_field(field: str, value: object) -> bool:
    """Whether a path field's value leads out of the site. A URL may start with '/'
    (it is a link, not a file), but not climb."""
    if field == "url":
        return climbs(value) or "\0" in str(value)
    return unsafe_path(value)


def normal_output(save_as: str) -> str:
    """An output path as the writer resolves it: 'a/./b.html' is 'a/b.html'."""
    return posixpath.normpath(str(save_as).replace("\\", "/")).removeprefix("./")


def escapes(save_as: str) -> bool:
    """Whether an output path, resolved, lands outside the output folder."""
    normal = normal_output(save_as)
    return unsafe_path(normal) or normal == "."


def where(line: int | None, field: str) -> str:
    """'line 4, Save_as' or 'Save_as' when the line is unknown."""
    name = FIELD_NAMES.get(field, field)
    return f"line {line}, {name}" if line else name


# --- Messages ---------------------------------------------------------------------------

def outside_message(target: str, folder: bool) -> str:
    """A link out of the content folder: what happens to it, and what to do."""
    what = "a folder" if folder else "a file"
    left = "nothing in it is built or copied" if folder else "it is left out"
    return (f"a link to {what} outside the content folder ({target}): {left}, and "
            "nothing is read from there. Copy what belongs on the site into the content "
            "folder, or delete the link")


def loop_message(target: str) -> str:
    """A folder link that points back at a folder holding it."""
    return (f"a link to {target}, a folder that holds the link itself: it is not followed "
            "(it would repeat every file in it). Delete the link")


def static_link_message(link: str, target: str) -> str:
    """A {static} or {attach} link that leads out of the content folder."""
    return (f"links {link!r}, which leads to {target}, outside the content folder: it is "
            "not copied to the site. Copy the file into the content folder (content/images/, "
            "say) and link it from there")


def unsafe_field_message(line: int | None, field: str, value: str) -> str:
    """'..' or an absolute path in a path field: the file is left out."""
    example = _EXAMPLES.get(field, "a path inside the site without '..'")
    return (f"{where(line, field)}: {value!r} leads outside the site ('..' or an "
            f"absolute path); the file is left out. Write {example}, or remove the line")


def unsafe_output_message(save_as: str, source: str) -> str:
    """An output path (from a setting or a slug) that lands outside the output folder."""
    return (f"it would be written to {save_as!r}, outside the output folder ({source}); "
            "the file is left out. Give it a 'Slug: ...' without '/' or '..'")


def unsafe_setting_message(key: str, value: str, replacement: str) -> str:
    """An output setting with '..' or an absolute path: what it is turned into."""
    now = f"set to {replacement!r}" if replacement else "turned off"
    return (f"setting {key} is {value!r}, which leads outside the output folder ('..' or "
            f"an absolute path): it is {now} for this build. Write a path inside the "
            "output folder in the settings file")


def reserved_message(line: int | None, field: str, save_as: str, owner: str,
                     explicit: bool) -> str:
    """A file whose output is one of the site's own pages, or another file's."""
    if explicit:
        return (f"{where(line, field)}: {save_as!r} would write over {owner}; the file is "
                "left out. Remove the Save_as line, or give it a path of its own")
    return (f"{where(line, field)}: its page {save_as!r} would write over {owner}; the file "
            "is left out. Give it its own 'Slug: ...' line")


def template_message(line: int | None, name: str, default: str, unsafe: bool,
                     known: Iterable[str]) -> str:
    """A Template that cannot be used: built with the default template instead."""
    if unsafe:
        why = "leads outside the theme ('..' or an absolute path)"
    else:
        why = "is not a template of the theme"
    names = ", ".join(sorted(known)[:12])
    choose = f"; the theme has {names}" if names else ""
    return (f"{where(line, 'template')}: {name!r} {why}; the file is built with the "
            f"default {default!r} template. Remove the line, or name one of the theme's "
            f"templates (without .html){choose}")


def template_verdict(name: str, default: str, exists: Callable[[str], bool]) -> str | None:
    """The rule a Template value breaks, if any: unsafe-path or unknown-template."""
    if not name or name == default:
        return None
    if unsafe_path(name):
        return "unsafe-path"
    return None if exists(name) else "unknown-template"
