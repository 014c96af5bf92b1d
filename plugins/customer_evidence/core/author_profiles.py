"""The authors file, content/authors.yml: who writes the blog, validated on load.

One entry per author, named exactly as posts name them in `Author:` / `Authors:`,
with a role, a short bio, a photo (a file under a static folder such as
content/images/) and optional links: `url` (the person's own page) and `same_as`
(profiles elsewhere). Read bounded, like the question bank and the source registry
(customer_evidence.core.registry). Only these fields are ever published: any other
is warned about and dropped. A bad photo or link is reported and left out; the
author is still shown.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from customer_evidence.core.findings import Finding, display_path
from customer_evidence.core.registry import Entry, load_entries
from customer_evidence.core.registry_limits import Limits

FIELDS = ("name", "role", "bio", "photo", "url", "same_as")
URL_SCHEMES = ("https://", "http://")
# What browsers show and Pillow reads the size of.
PHOTO_FORMATS = ("PNG", "JPEG", "WEBP", "GIF", "AVIF")


@dataclass(frozen=True)
class Photo:
    """A photo file, as the site publishes it: its path in the content folder and size."""

    path: str  # relative to the content folder, with "/"
    width: int
    height: int


@dataclass(frozen=True)
class Profile:
    """One author's public profile."""

    name: str
    line: int
    role: str = ""
    bio: str = ""
    photo: Photo | None = None
    url: str | None = None
    same_as: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profiles:
    """The valid profiles of the authors file, by name as written, in file order."""

    profiles: dict[str, Profile] = field(default_factory=dict)
    path: str = ""

    def get(self, name: str) -> Profile | None:
        """The profile of the author a post names `name` (case and spacing aside)."""
        return self.profiles.get(name) or self._by_key().get(name_key(name))

    def _by_key(self) -> dict[str, Profile]:
        return {name_key(p.name): p for p in self.profiles.values()}


def name_key(name: str) -> str:
    """An author's name compared as people read it: case and spacing ignored."""
    return " ".join(str(name).split()).casefold()


@dataclass(frozen=True)
class ContentFolder:
    """What a photo is checked against: the content folder and its static folders."""

    content: Path
    static_paths: tuple[str, ...] = ("images",)


def load_profiles(path: Path, site: ContentFolder,
                  limits: Limits | None = None) -> tuple[Profiles, list[Finding]]:
    """Load and validate the authors file; invalid entries are left out and reported.

    No file gives no profiles and no findings: a team may have none.
    """
    name = display_path(str(path))
    entries, findings = load_entries(path, "authors file", limits, key="name")
    profiles: dict[str, Profile] = {}
    seen: dict[str, Profile] = {}
    for entry in entries:
        profile, problems = _validate(entry, name, site)
        findings += problems
        if profile is None:
            continue
        earlier = seen.get(name_key(profile.name))
        if earlier:
            findings.append(Finding(
                "error", "authors-duplicate-name", name, entry.line_of("name"),
                f"author {profile.name!r} is already listed at line {earlier.line}; keep one "
                "entry per author (this one is ignored)"))
            continue
        seen[name_key(profile.name)] = profiles[profile.name] = profile
    return Profiles(profiles, name), findings


def _validate(entry: Entry, name: str,
              site: ContentFolder) -> tuple[Profile | None, list[Finding]]:
    data, problems = entry.data, []

    def problem(rule: str, key: str, message: str, level: str = "error") -> None:
        problems.append(Finding(level, rule, name, entry.line_of(key), message))

    author = data.get("name")
    if not isinstance(author, str) or not " ".join(author.split()):
        problem("authors-missing-name", "name",
                "this author has no name; add 'name: ...', written exactly as posts write it "
                "in 'Author:' (the entry is ignored)")
        return None, problems
    author = " ".join(author.split())
    label = f"author {author!r}"
    texts = {}
    for key in ("role", "bio"):
        value = data.get(key)
        if value is None:
            texts[key] = ""
        elif isinstance(value, str):
            texts[key] = " ".join(value.split())
        else:
            texts[key] = ""
            problem("authors-bad-text", key,
                    f"{label}: {key} must be plain text, one short line (a role) or a "
                    f"sentence or three (a bio); put it in quotes after '{key}:' (left out)")
    photo = _photo(data.get("photo"), site, label, lambda m: problem("authors-bad-photo",
                                                                      "photo", m))
    url = _url(data.get("url"), label, "url", lambda m: problem("authors-bad-url", "url", m))
    same_as = _same_as(data.get("same_as"), label,
                       lambda m: problem("authors-bad-url", "same_as", m))
    for key in data:
        if key not in FIELDS:
            close = difflib.get_close_matches(str(key), FIELDS, n=1)
            hint = (f"; did you mean {close[0]!r}?" if close
                    else f"; fields are {', '.join(FIELDS)}")
            problem("authors-unknown-field", str(key),
                    f"{label}: unknown field {key!r}, left out (never published){hint}",
                    level="warning")
    return Profile(author, entry.line, texts["role"], texts["bio"], photo, url,
                   same_as), problems


def _url(value: Any, label: str, key: str, report) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, str) and value.strip().startswith(URL_SCHEMES) \
            and not any(ch.isspace() for ch in value.strip()):
        return value.strip()
    report(f"{label}: {key} {value!r} is not a web address; write the full address starting "
           "with https:// (or http://), or leave it out (left out)")
    return None


def _same_as(value: Any, label: str, report) -> tuple[str, ...]:
    if value in (None, "", []):
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        report(f"{label}: same_as must be a list of profile addresses, e.g. "
               "[https://www.linkedin.com/in/...] (left out)")
        return ()
    found = (_url(item, label, "same_as", report) for item in value)
    return tuple(dict.fromkeys(url for url in found if url))


def _photo(value: Any, site: ContentFolder, label: str, report) -> Photo | None:
    """The photo at `value` (relative to the content folder), or None, reported."""
    if value in (None, ""):
        return None
    folders = ", ".join(f"content/{p}/" for p in site.static_paths) or "a static folder"
    if not isinstance(value, str):
        report(f"{label}: photo must be a file name such as 'images/jane-doe.png' (left out)")
        return None
    relative = PurePosixPath(value.strip().replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        report(f"{label}: photo {value!r} must be a path inside the content folder, such as "
               "'images/jane-doe.png', without '..' (left out)")
        return None
    content = site.content.resolve()
    file = (content / relative).resolve()
    if not file.is_relative_to(content):
        report(f"{label}: photo {value!r} leads outside the content folder; copy the file "
               "into it (left out)")
        return None
    if not file.is_file():
        report(f"{label}: photo {value!r} is not a file in the content folder; add it, or "
               "fix the name (left out)")
        return None
    published = file.relative_to(content).as_posix()
    if not any(PurePosixPath(published).is_relative_to(p.strip("/"))
               for p in site.static_paths):
        report(f"{label}: photo {value!r} is not in a folder the site publishes; move it "
               f"into {folders} (left out)")
        return None
    size = image_size(file)
    if size is None:
        report(f"{label}: photo {value!r} is not an image a browser shows (PNG, JPEG, WebP, "
               "GIF or AVIF) or cannot be read; save it again in one of those (left out)")
        return None
    return Photo(published, *size)


def image_size(path: Path) -> tuple[int, int] | None:
    """An image's width and height from its header (Pillow), or None when it is none."""
    from PIL import Image  # only when there is a photo to read

    try:
        with Image.open(path, formats=PHOTO_FORMATS) as image:
            width, height = image.size
    except Exception:  # Pillow raises many kinds for a file it cannot read
        return None
    return (width, height) if width > 0 and height > 0 else None


def public(profile: Profile, static_url: str = "{path}", page_url: str | None = None) -> dict:
    """What templates and structured data may show of a profile: its documented fields.

    `static_url` is Pelican's STATIC_URL; `page_url` the author's page (site-relative),
    when the site has one.
    """
    photo = profile.photo
    return {
        "name": profile.name,
        "role": profile.role,
        "bio": profile.bio,
        "photo": {"url": static_url.format(path=photo.path), "width": photo.width,
                  "height": photo.height} if photo else None,
        "url": profile.url,
        "same_as": list(profile.same_as),
        "page_url": page_url,
    }
