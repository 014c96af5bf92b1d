"""Reads a Medium export: its zip, the unzipped folder, or one post's .html file.

Medium's export holds one HTML file per post under `posts/` (drafts named `draft_*`)
next to folders of other things (profile, claps, bookmarks...), which are counted and
passed over. The zip is read in memory only, after checking every member's declared
size and the total against limits; members whose names are absolute or climb out with
`..` are never read. Nothing is written.
"""

from __future__ import annotations

import datetime
import logging
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from bs4 import BeautifulSoup, Tag

from customer_evidence.importing.model import ImportFailed, Note, ReadStats, SourcePost

logger = logging.getLogger(__name__)

MAX_MEMBER_BYTES = 20 * 1024 * 1024  # one post's HTML, uncompressed
MAX_TOTAL_BYTES = 500 * 1024 * 1024  # all members, uncompressed
MAX_MEMBERS = 100_000
MAX_RATIO = 200  # uncompressed / compressed size of one member above which it is a bomb
_HEX_ID_RE = re.compile(r"-[0-9a-f]{8,16}$")
_DATE_PREFIX_RE = re.compile(r"^\d{4}-\d{2}-\d{2}_")
_MEDIUM_MARKERS = ('data-field="body"', "graf--", 'class="p-name"')


def looks_like_medium(path: Path) -> bool:
    """A Medium export zip, its unzipped folder, or one of its posts' HTML files."""
    try:
        if path.is_dir():
            posts = path / "posts"
            return posts.is_dir() and any(_is_medium_html(p) for p in sorted(
                posts.glob("*.html"))[:5])
        if path.suffix.lower() == ".zip" and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                return any(_post_name(n) for n in archive.namelist())
        if path.suffix.lower() in (".html", ".htm"):
            return _is_medium_html(path)
    except (OSError, zipfile.BadZipFile):
        return False
    return False


def _is_medium_html(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(200_000).decode("utf-8", "replace")
    except OSError:
        return False
    return all(marker in head for marker in _MEDIUM_MARKERS)


def read_medium(path: Path, stats: ReadStats | None = None) -> Iterator[SourcePost]:
    """The posts of a Medium export (zip, folder or one post's HTML), drafts included.

    ImportFailed for a file that is not a zip, a damaged zip, or one too large to read
    safely (a zip bomb); `stats` (optional) counts what was passed over.
    """
    stats = stats if stats is not None else ReadStats()
    if path.is_dir():
        yield from _read_folder(path, stats)
    elif path.suffix.lower() in (".html", ".htm"):
        yield _parse_post(path.name, _read_bytes(path), path.name)
    else:
        yield from _read_zip(path, stats)


def _read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_MEMBER_BYTES:
            raise ImportFailed(f"{path}: {path.stat().st_size} bytes is more than a Medium post "
                               f"can be ({MAX_MEMBER_BYTES}); check that this is a Medium post")
        return path.read_bytes()
    except OSError as error:
        raise ImportFailed(f"{path}: cannot be read ({error.strerror})") from error


def _read_folder(folder: Path, stats: ReadStats) -> Iterator[SourcePost]:
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = file.relative_to(folder).as_posix()
        if not _post_name(relative):
            stats.skip(_skip_kind(relative))
            continue
        yield _parse_post(file.name, _read_bytes(file), f"{folder.name}/{relative}")


def _post_name(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return len(parts) == 2 and parts[0] == "posts" and parts[1].lower().endswith(".html")


def _skip_kind(name: str) -> str:
    parts = PurePosixPath(name).parts
    return f"{parts[0]}/ (not posts)" if len(parts) > 1 else "file outside posts/"


def unsafe_member(name: str) -> bool:
    """A zip member name that could lead outside a folder if it were ever extracted."""
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    return ".." in re.split(r"[\\/]", name)


def _read_zip(path: Path, stats: ReadStats) -> Iterator[SourcePost]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise ImportFailed(f"{path}: not a zip file, or a damaged one ({error}); give the zip "
                           "Medium sent (Settings > Download your information)") from error
    except OSError as error:
        raise ImportFailed(f"{path}: cannot be read ({error.strerror})") from error
    with archive:
        members = _checked_members(path, archive, stats)
        for info in members:
            try:
                with archive.open(info) as member:
                    data = member.read(MAX_MEMBER_BYTES + 1)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
                raise ImportFailed(f"{path}: member {info.filename} is damaged ({error}); "
                                   "download the export again") from error
            if len(data) > MAX_MEMBER_BYTES:
                raise ImportFailed(f"{path}: member {info.filename} is larger than it says; "
                                   "this zip is refused (a zip bomb?)")
            yield _parse_post(PurePosixPath(info.filename).name, data,
                              f"{path.name}: {info.filename}")


def _checked_members(path: Path, archive: zipfile.ZipFile,
                     stats: ReadStats) -> list[zipfile.ZipInfo]:
    """The post members to read, after refusing a zip too large to read safely."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ImportFailed(f"{path}: {len(infos)} files in the zip, more than {MAX_MEMBERS}; "
                           "this is not a Medium export as Medium makes them")
    total = 0
    posts = []
    for info in infos:
        if info.is_dir():
            continue
        if unsafe_member(info.filename):
            logger.warning("%s: member %r has an unsafe path; ignored", path, info.filename)
            stats.skip("unsafe path in zip (ignored)")
            continue
        if not _post_name(info.filename):
            stats.skip(_skip_kind(info.filename))
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or (info.file_size > 1_000_000
                                                 and ratio > MAX_RATIO):
            raise ImportFailed(f"{path}: member {info.filename} would unpack to "
                               f"{info.file_size} bytes; this zip is refused (a zip bomb?)")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise ImportFailed(f"{path}: its posts would unpack to more than "
                               f"{MAX_TOTAL_BYTES} bytes; this zip is refused (a zip bomb?)")
        posts.append(info)
    return sorted(posts, key=lambda i: i.filename)


def _parse_post(filename: str, data: bytes, source: str) -> SourcePost:
    """One Medium post file as a SourcePost (its body the HTML of the body section)."""
    soup = BeautifulSoup(data, "lxml", from_encoding="utf-8")
    notes: list[Note] = []
    title_tag = soup.select_one("h1.p-name") or soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else ""
    body_tag = soup.select_one('section[data-field="body"]') or soup.body
    if body_tag is None:
        raise ImportFailed(f"{source}: no post body in this file; is it a Medium post?")
    _drop_repeated_title(body_tag, title)
    if not title:
        title = Path(filename).stem
        notes.append(Note("no title in the Medium file; the file name was used"))
    subtitle = soup.select_one('section[data-field="subtitle"]')
    author = soup.select_one("a.p-author")
    canonical = soup.select_one("a.p-canonical")
    old_url = canonical.get("href") if isinstance(canonical, Tag) else None
    old_url = old_url if isinstance(old_url, str) and old_url.strip() else None
    draft = filename.lower().startswith("draft_")
    return SourcePost(
        origin=f"medium:{filename}",
        source=source,
        format="medium",
        title=title,
        body=body_tag.decode_contents().strip(),
        body_format="html",
        status="draft" if draft else "published",
        date=_published(soup, notes),
        slug=medium_slug(old_url, filename),
        old_url=old_url,
        authors=[author.get_text(" ", strip=True)] if author and author.get_text(strip=True)
        else [],
        summary=subtitle.get_text(" ", strip=True) or None if subtitle else None,
        notes=notes,
    )


def _drop_repeated_title(body: Tag, title: str) -> None:
    """Medium repeats the title as the body's first h3/h4.graf--title; drop it. When the
    first sentence is glued to it ("TitleFirst sentence."), keep that sentence."""
    first = body.find(["h3", "h4"], class_="graf--title")
    if not isinstance(first, Tag) or not title:
        return
    text = " ".join(first.get_text(" ", strip=True).split())
    if _same(text, title):
        first.decompose()
    elif text.casefold().startswith(" ".join(title.split()).casefold()):
        rest = text[len(" ".join(title.split())):].strip()
        paragraph = BeautifulSoup("", "lxml").new_tag("p")
        paragraph.string = rest
        first.replace_with(paragraph)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _published(soup: BeautifulSoup, notes: list[Note]) -> datetime.datetime | None:
    time = soup.select_one("time.dt-published")
    value = time.get("datetime") if isinstance(time, Tag) else None
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        notes.append(Note(f"publication date {value!r} not understood; set Date: by hand"))
        return None


def medium_slug(canonical: str | None, filename: str) -> str | None:
    """Medium's slug without its trailing hex id, from the canonical URL or else the
    file name (`2019-03-04_My-Post-1a2b3c4d5e6f.html`, `draft_My-Post-1a2b3c.html`)."""
    if canonical:
        last = canonical.split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[-1]
    else:
        last = _DATE_PREFIX_RE.sub("", Path(filename).stem.removeprefix("draft_"))
    slug = _HEX_ID_RE.sub("", last).strip("-").lower()
    return slug or None
