"""Where the files `invoke audit --changed` does not read would be written.

The audit of changed files reads only those. A changed file that takes the output
path of an unchanged one (the same Slug, say) must still be a slug-collision, as in
the build and so at the publish gate: the pre-commit hook runs this audit. The
unchanged Markdown files are not rendered: the reader cache gives their metadata if
it has them, else their header alone does (Title, Slug, Date, Category, Lang,
Status, Save_as: what an output path is made of), read as Pelican reads it, into
content objects no plugin sees. reST and HTML files are not read this way.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator
from pelican.readers import MarkdownReader, default_metadata, parse_path_metadata, path_metadata
from pelican.utils import file_suffix

from customer_evidence.core.findings import AUDIT_SCOPE
from customer_evidence.core.header import read_header
from customer_evidence.core.internals import kept_metadata

from .checks import Collision
from .malformed import shorten_slugs


def unread_items(generator: Any) -> list:
    """Content objects for the site's files this audit does not read (none in a build)."""
    scope = generator.settings.get(AUDIT_SCOPE)
    if not scope:
        return []
    kind, content_class = (("ARTICLE", Article) if isinstance(generator, ArticlesGenerator)
                           else ("PAGE", Page))
    folders = scope["paths"].get(f"{kind}_PATHS") or []
    files = generator.get_files(folders, exclude=generator.settings.get(f"{kind}_EXCLUDES", []))
    items = []
    with signals.content_object_init.muted():  # no plugin checks what is not audited
        for relative in sorted(set(files) - set(scope["files"])):
            item = _from_header(generator, relative, content_class)
            if item is not None:
                items.append(item)
    return items


def _from_header(generator: Any, relative: str, content_class: type) -> Any | None:
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
        cached = generator.readers.get_cached_data(path, None)
        if cached is not None:
            metadata.update(cached[1])
        else:
            own: dict = {}
            for field in read_header(path).fields:
                own.setdefault(field.key.lower(), field.value)
            metadata.update(kept_metadata({k: process(k, v) for k, v in own.items()}))
        if metadata.get("status") == "skip":
            return None
        item = content_class(content="", metadata=metadata, settings=settings,
                             source_path=path, context=generator.context)
        shorten_slugs(item)  # as content_guard does to every file it reads
        return item
    except Exception:  # a file Pelican cannot read is reported when it is audited itself
        return None


def about_read(collisions: Iterable[Collision], unread: Sequence[Any]) -> list[Collision]:
    """The collisions in which at least one file was read (all of them in a build)."""
    unread_paths = {item.source_path for item in unread}
    return [c for c in collisions
            if c.kept not in unread_paths or c.dropped not in unread_paths]
