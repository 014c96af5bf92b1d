"""What every importer hands on: posts read from an export, and why one could not be.

Each format's reader (wordpress.py, ghost.py, medium.py, markdown_sites.py, plain.py)
turns its source into SourcePost objects and nothing else: it never writes a file.
pipeline.py converts their HTML, repairs their text, infers their question and
renders them; writer.py writes them, all or nothing.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

KINDS = ("article", "page")
STATUSES = ("published", "draft")
BODY_FORMATS = ("html", "markdown", "text")


class ImportFailed(Exception):
    """The source cannot be imported at all: one line naming the file (and line or
    item) and what to do. Nothing has been written when this is raised."""


@dataclass(frozen=True)
class Note:
    """Something the editor should know about one post: a part not converted, a
    guess to review. `line` is the line in the post's body when known."""

    message: str
    line: int | None = None
    level: str = "warning"  # "warning" (review it) or "info"


@dataclass
class SourcePost:
    """One post or page as its source had it, before conversion and repair.

    `origin` identifies the post within its source for good ("wordpress:blog.xml#42"):
    the writer records it in the file (Imported-From) so that a second import of the
    same source recognises the post even if its file was renamed or edited.
    `source` is what messages show ("blog.xml, item 42 (line 1180)").
    """

    origin: str
    source: str
    format: str  # "wordpress", "ghost", "medium", "jekyll", "hugo", "plain"
    title: str
    body: str
    body_format: str = "html"  # one of BODY_FORMATS
    kind: str = "article"
    status: str = "published"  # at the source; every import is written as a draft
    date: datetime.datetime | None = None
    modified: datetime.datetime | None = None
    slug: str | None = None
    old_url: str | None = None  # the post's address on the old site, for redirects
    redirect_from: list[str] = field(default_factory=list)  # its older addresses (aliases)
    authors: list[str] = field(default_factory=list)
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    summary: str | None = None
    lang: str | None = None
    notes: list[Note] = field(default_factory=list)



@dataclass
class ReadStats:
    """What a reader saw, for the import's report: readers take one as their optional
    `stats` argument. `read` counts the posts and pages yielded; `skipped` the items
    passed over, by kind ("attachment", "nav_menu_item", "section page", "trash"...)."""

    read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def skip(self, kind: str, count: int = 1) -> None:
        self.skipped[kind] += count
