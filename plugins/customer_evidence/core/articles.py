"""The articles of a build: one definition for every plugin and the report.

Every article Pelican read, whatever its status (published, hidden, draft), with
its translations, sorted by source path. Checks run on all of them (a draft's
problems are worth knowing before it is published); what a reader sees comes from
`published`.
"""

from __future__ import annotations

import uuid
import weakref
from itertools import chain
from typing import Any

# The ArticlesGenerator lists that hold articles, translations included.
ARTICLE_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations",
                 "drafts", "drafts_translations")
# The PagesGenerator's.
PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages",
              "draft_translations")
# The context's: originals only, their translations on `.translations`.
_CONTEXT_LISTS = ("articles", "drafts", "hidden_articles")
BUILD_KEY = "editorial_build"  # context: a token of this build (fast_build ignores it)
# address()'s results: article -> (what they were worked out for, url, save_as).
_ADDRESSES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def all_articles(generator: Any) -> list:
    """Every article of the ArticlesGenerator, any status, translations included."""
    return _sorted(chain.from_iterable(getattr(generator, name, ()) for name in ARTICLE_LISTS))


def published(generator: Any) -> list:
    """The articles readers see listed: published ones and their translations."""
    return list(chain(generator.articles, generator.translations))


def all_articles_in(context: dict) -> list:
    """all_articles, from a finished build's context (for later generators)."""
    originals = chain.from_iterable(context.get(name, ()) for name in _CONTEXT_LISTS)
    return _sorted(a for original in originals for a in (original, *original.translations))


def _sorted(items) -> list:
    unique = {id(item): item for item in items}  # one object in two lists counts once
    return sorted(unique.values(), key=lambda a: a.source_path)


def build_token(context: dict) -> str:
    """A token of this build, the same for every plugin that asks in it."""
    return context.setdefault(BUILD_KEY, uuid.uuid4().hex)


def address(content: Any, context: dict) -> tuple[str, str]:
    """An article's or page's (url, save_as) in this build, worked out once.

    Pelican works both out afresh, from the metadata and the source path, on every
    `.url` and `.save_as`; they change only with the build, the slug, the status or
    the language, so the plugins share one answer per build.
    """
    key = (build_token(context), getattr(content, "slug", None),
           getattr(content, "status", None), getattr(content, "lang", None))
    known = _ADDRESSES.get(content)
    if known is None or known[0] != key:
        known = (key, getattr(content, "url", ""), getattr(content, "save_as", ""))
        _ADDRESSES[content] = known
    return known[1], known[2]
