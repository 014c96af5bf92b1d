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


@dataclass
class Existing:
    """What the target folders hold already."""

    names: set[Path] = field(default_factory=set)
    slugs: set[str] = field(default_factory=set)
    origins: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def scan(cls, folders: list[Path], slug_of) -> Existing:
        """Read every Markdown file's header under `folders` (the slug from its Slug
        field, else `slug_of(title)`)."""
        found = cls()
        for folder in folders:
            if not folder.is_dir():
                continue
            for path in sorted(folder.rglob("*")):
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
        candidate, number = slug, 1
        while folder / f"{candidate}.md" in self.names or candidate in self.slugs:
            number += 1
            candidate = f"{slug}-{number}"
        path = folder / f"{candidate}.md"
        self.names.add(path)
        self.slugs.add(candidate)
        return path, candidate


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
