"""Where the files `invoke audit --changed` does not read would be written.

The audit of changed files reads only those. A changed file that takes the output
path of an unchanged one (the same Slug, say) must still be a slug-collision, as in
the build and so at the publish gate: the pre-commit hook runs this audit. The
unchanged Markdown files are not rendered: the reader cache gives their metadata if
it has them, else their header alone does (Title, Slug, Date, Category, Lang,
Status, Save_as: what an output path is made of), read as Pelican reads it, into
content objects no plugin sees. reST and HTML files are not read this way.

They are made once per generator (the collision check and the link check both use
them), the files' categories, tags and authors shared by name so that each slug is
worked out once, and plain dates read without dateutil: on a site of 4,000 posts
that is most of the --changed audit's own work.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pelican import readers as pelican_readers
from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator
from pelican.readers import (
    METADATA_PROCESSORS,
    BaseReader,
    MarkdownReader,
    default_metadata,
    parse_path_metadata,
    path_metadata,
)
from pelican.urlwrappers import URLWrapper
from pelican.utils import SafeDatetime, file_suffix

from customer_evidence.core.findings import AUDIT_SCOPE
from customer_evidence.core.forked import in_two
from customer_evidence.core.header import read_header
from customer_evidence.core.internals import kept_metadata

from .checks import Collision
from .malformed import shorten_slugs

_MEMO = "_content_guard_unread_items"  # on the generator: (scope, items)
# Pelican's own Date and Modified processors (a plugin may have put others in)
_DATES = {key: METADATA_PROCESSORS[key] for key in ("date", "modified")
          if getattr(METADATA_PROCESSORS.get(key), "__code__", None) is not None
          and METADATA_PROCESSORS[key].__code__.co_filename == pelican_readers.__file__}
_PLAIN_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?")


@dataclass(frozen=True)
class Unread:
    """Where one file the audit does not read would be written."""

    source_path: str
    relative_source_path: str
    save_as: str
    listed: tuple[str, ...]  # its category, tag and author pages, when it is published


def unread_items(generator: Any) -> list[Unread]:
    """The site's files this audit does not read, with their outputs (none in a build).

    Worked out once per generator: the collision check and the link check both ask.
    """
    scope = generator.settings.get(AUDIT_SCOPE)
    if not scope:
        return []
    known = getattr(generator, _MEMO, None)
    if known is not None and known[0] is scope:
        return known[1]
    kind, content_class = (("ARTICLE", Article) if isinstance(generator, ArticlesGenerator)
                           else ("PAGE", Page))
    folders = scope["paths"].get(f"{kind}_PATHS") or []
    files = generator.get_files(folders, exclude=generator.settings.get(f"{kind}_EXCLUDES", []))
    names = sorted(set(files) - set(scope["files"]))
    with signals.content_object_init.muted():  # no plugin checks what is not audited
        items = in_two(names, lambda part: _outputs(generator, part, content_class),
                       PARALLEL_FROM)
    setattr(generator, _MEMO, (scope, items))
    return items


def _outputs(generator: Any, names: Sequence[str], content_class: type) -> list[Unread]:
    shared: dict = {}  # one category, tag or author object per name: its slug made once
    found = []
    for relative in names:
        item = _from_header(generator, relative, content_class, shared)
        if item is None:
            continue
        listed = [getattr(item, "category", None), *(getattr(item, "tags", None) or ()),
                  *(getattr(item, "authors", None) or ())] if item.status == "published" else []
        found.append(Unread(item.source_path, item.relative_source_path, item.save_as,
                            tuple(w.save_as for w in listed if w is not None)))
    return found


# From this many files the second half is worked out in a forked process meanwhile.
PARALLEL_FROM = 200


def _from_header(generator: Any, relative: str, content_class: type,
                 shared: dict | None = None) -> Any | None:
    settings = generator.settings
    path = os.path.abspath(os.path.join(generator.path, relative))
    reader = generator.readers.readers.get(file_suffix(path))
    if not isinstance(reader, MarkdownReader):
        return None
    process = reader.process_metadata
    try:
        metadata = kept_metadata(default_metadata(settings=settings, process=process))
        metadata.update(path_metadata(full_path=path, source_path=relative, settings=settings))
        metadata.update(kept_metadata(parse_path_metadata(source_path=relative,
                                                          settings=settings, process=process)))
        cached = _cached(generator.readers, path)
        if cached is not None:
            metadata.update(cached[1])
        else:
            own: dict = {}
            try:
                fields = read_header(path).fields
            except OSError:  # what Pelican's cache says of it, as when it is asked first
                generator.readers.get_cached_data(path, None)
                raise
            for field in fields:
                own.setdefault(field.key.lower(), field.value)
            metadata.update(kept_metadata({k: _processed(reader, k, v)
                                           for k, v in own.items()}))
        if metadata.get("status") == "skip":
            return None
        if shared is not None:
            _share_wrappers(metadata, shared)
        item = content_class(content="", metadata=metadata, settings=settings,
                             source_path=path, context=generator.context)
        shorten_slugs(item)  # as content_guard does to every file it reads
        return item
    except Exception:  # a file Pelican cannot read is reported when it is audited itself
        return None


def _cached(readers: Any, path: str) -> Any | None:
    """readers.get_cached_data(path): without hashing the file when the cache has no
    entry for it (the --changed audit's cache holds only the files it read)."""
    entries = getattr(readers, "_cache", None)
    if (isinstance(entries, dict) and path not in entries
            and getattr(readers, "_filestamp_func", None) is not None):
        return None  # the stamp it would take only tells an entry from a changed file
    return readers.get_cached_data(path, None)


def _processed(reader: Any, key: str, value: Any) -> Any:
    """reader.process_metadata(key, value); a plain 'YYYY-MM-DD[ HH:MM[:SS]]' Date or
    Modified without dateutil, which gives the same datetime far more slowly."""
    if isinstance(value, str) and _pelican_processing(reader, key):
        found = _PLAIN_DATE.fullmatch(value)
        if found:
            try:
                return SafeDatetime(*(int(part or 0) for part in found.groups()))
            except ValueError:  # no such day: Pelican's own reading says so
                pass
    return reader.process_metadata(key, value)


def _pelican_processing(reader: Any, key: str) -> bool:
    """Whether the reader processes `key` as Pelican 4.12 does (no plugin replaced it)."""
    return (type(reader).process_metadata is BaseReader.process_metadata
            and key in _DATES and METADATA_PROCESSORS.get(key) is _DATES[key])


def _share_wrappers(metadata: dict, shared: dict) -> None:
    """The same category, tag or author object for the same name, across the unread
    files: each slug is worked out once, not once per file."""
    for key in ("category", "author", "authors", "tags"):
        value = metadata.get(key)
        if isinstance(value, URLWrapper):
            metadata[key] = shared.setdefault((type(value), value.name, id(value.settings)),
                                              value)
        elif isinstance(value, list) and all(isinstance(w, URLWrapper) for w in value):
            metadata[key] = [shared.setdefault((type(w), w.name, id(w.settings)), w)
                             for w in value]


def about_read(collisions: Iterable[Collision], unread: Sequence[Any]) -> list[Collision]:
    """The collisions in which at least one file was read (all of them in a build)."""
    unread_paths = {item.source_path for item in unread}
    return [c for c in collisions
            if c.kept not in unread_paths or c.dropped not in unread_paths]
