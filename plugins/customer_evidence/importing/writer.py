"""Writing imported drafts: all or nothing, never over a file, never twice.

- `Existing.scan()` reads the headers of the Markdown files already in the target
  folders: their names, their slugs and the `Imported-From` of earlier imports. A
  post whose origin is there was imported before (its file may since have been
  edited or renamed): it is skipped, so re-running an import changes nothing.
- `Staging` holds the drafts in a hidden folder beside the target until the whole
  import has succeeded; `commit()` then links each into place with os.link, which
  refuses a name that exists, so no file is ever overwritten, even one that appeared
  during the import. Any failure removes the staging folder: nothing half-written.
- `free_name()` picks a file name and slug no other file uses.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from customer_evidence.core.header import read_header

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
MAX_SLUG_BYTES = 150  # a file name is at most 255 bytes; room for "-12345.md" and more
# Names Windows will not create a file under, whatever the suffix.
RESERVED_NAMES = frozenset(("con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                            *(f"lpt{n}" for n in range(10))))


@dataclass
class Existing:
    """What the target folders hold already."""

    names: set[Path] = field(default_factory=set)
    slugs: set[str] = field(default_factory=set)
    origins: dict[str, Path] = field(default_factory=dict)
    tried: dict[str, int] = field(default_factory=dict)  # slug -> last number given

    @classmethod
    def scan(cls, folders: list[Path], slug_of) -> Existing:
        """Read every Markdown file's header under `folders` (the slug from its Slug
        field, else `slug_of(title)`)."""
        found = cls()
        for folder in _outermost(folders):
            if not folder.is_dir():
                continue
            for path in sorted(folder.rglob("*")):
                if path.is_symlink() and not path.exists():  # a name taken all the same
                    found.names.add(path)
                if path.suffix.lower() not in MARKDOWN_SUFFIXES or not path.is_file():
                    continue
                found.names.add(path)
                header = read_header(str(path))
                slug, title = header.find("slug"), header.find("title")
                if slug and slug.value:
                    found.slugs.add(slug.value)
                elif title and title.value:
                    found.slugs.add(slug_of(title.value))
                if origin := header.find("imported-from"):
                    found.origins.setdefault(origin.value, path)
        return found

    def free_name(self, folder: Path, slug: str) -> tuple[Path, str]:
        """`folder/<slug>.md`, or the first `<slug>-2`, `-3`... that no file or slug
        uses; the name and slug are then taken."""
        slug = file_slug(slug)
        number = self.tried.get(slug, 1)  # many posts with one slug: no rescan from -2
        candidate = slug if number == 1 else f"{slug}-{number}"
        while folder / f"{candidate}.md" in self.names or candidate in self.slugs:
            number += 1
            candidate = f"{slug}-{number}"
        self.tried[slug] = number
        path = folder / f"{candidate}.md"
        self.names.add(path)
        self.slugs.add(candidate)
        return path, candidate


def file_slug(slug: str) -> str:
    """A slug that is also a file name on every system: at most MAX_SLUG_BYTES of UTF-8
    (cut at a '-' when there is one), never a bare path part or a Windows device name."""
    slug = slug.replace("/", "-").replace("\\", "-").replace("\x00", "").strip(" .-")
    if len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        cut = slug.encode("utf-8")[:MAX_SLUG_BYTES].decode("utf-8", "ignore")
        slug = (cut.rsplit("-", 1)[0] if "-" in cut[20:] else cut).strip(" .-")
    if not slug:
        return "imported"
    return f"{slug}-post" if slug.split(".")[0].lower() in RESERVED_NAMES else slug


def _outermost(folders: list[Path]) -> list[Path]:
    """The folders not inside another of them: each file is read once."""
    resolved = [f.resolve() for f in folders]
    return [f for f in dict.fromkeys(resolved)
            if not any(o != f and o in f.parents for o in resolved)]


class Staging:
    """Drafts kept aside until the import has succeeded, then linked into place."""

    def __init__(self, near: Path) -> None:
        near.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=".import-", dir=near))
        self.files: dict[Path, Path] = {}  # final path -> staged path

    def write(self, final: Path, text: str) -> None:
        staged = self.files.get(final) or self.folder / f"{len(self.files)}.md"
        staged.write_text(text, encoding="utf-8", newline="\n")
        self.files[final] = staged

    def read(self, final: Path) -> str:
        return self.files[final].read_text(encoding="utf-8")

    def commit(self) -> list[Path]:
        """Put every staged draft in place; if one cannot be, take back the others."""
        done: list[Path] = []
        try:
            for final, staged in self.files.items():
                final.parent.mkdir(parents=True, exist_ok=True)
                _link_or_copy(staged, final)
                done.append(final)
        except BaseException:
            for path in done:
                path.unlink(missing_ok=True)
            raise
        finally:
            self.discard()
        return done

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _link_or_copy(staged: Path, final: Path) -> None:
    """Create `final` with the staged text; FileExistsError if it exists."""
    try:
        os.link(staged, final)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        with open(final, "x", encoding="utf-8", newline="\n") as f:
            f.write(staged.read_text(encoding="utf-8"))
