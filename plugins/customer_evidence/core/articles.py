"""The articles of a build: one definition for every plugin and the report.

Every article Pelican read, whatever its status (published, hidden, draft), with
its translations, sorted by source path. Checks run on all of them (a draft's
problems are worth knowing before it is published); what a reader sees comes from
`published`.
"""

from __future__ import annotations

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
