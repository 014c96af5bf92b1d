"""Tag, category and author pages queued in time linear in the articles.

Pelican 4.12 gives each of these pages its articles in date order with
`[a for a in self.dates if a in articles]`: every tag walks every article, so 10,000
tags on 4,000 posts cost 40 million steps (1.5 s) on every build, and a hundredfold at
40,000 posts. Here each article's place in `dates` is looked up once, and a page's
list is its own articles sorted by that place: the same list, the same write call.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from pelican.writers import FileOverwriteFailedError

logger = logging.getLogger(__name__)

#: The generator's method, the template (also the keyword the page gets its key as)
#: and where the generator keeps the (key, articles) pairs.
LIST_PAGES = (("generate_tags", "tag", "tags"),
              ("generate_categories", "category", "categories"),
              ("generate_authors", "author", "authors"))


def in_date_order(members: Iterable[Any], dates: Sequence[Any],
                  position: dict[int, int]) -> list[Any]:
    """The members that are in `dates`, each once, in `dates`' order.

    `position` maps id(article) to its index in `dates`. Articles are compared by
    identity, as Pelican's `in` does (its Content objects define no equality).
    """
    places = {position[id(article)] for article in members if id(article) in position}
    return [dates[place] for place in sorted(places)]


def _pairs(generator: Any, attribute: str) -> Iterable[tuple[Any, list]]:
    groups = getattr(generator, attribute)
    return groups.items() if isinstance(groups, dict) else groups


def write_list_pages(generator: Any, kind: str, attribute: str, write: Any) -> None:
    """One page per tag, category or author, as Pelican writes them."""
    template = generator.get_template(kind)
    position = {id(article): index for index, article in enumerate(generator.dates)}
    for key, articles in _pairs(generator, attribute):
        try:
            write(key.save_as, template, generator.context, url=key.url, **{kind: key},
                  articles=articles,
                  dates=in_date_order(articles, generator.dates, position),
                  template_name=kind, blog=True, page_name=key.page_name,
                  all_articles=generator.articles)
        except FileOverwriteFailedError:
            if key.slug:
                logger.error('Failed to write %s page for "%s".', kind.capitalize(), key)
                raise
            logger.info('%s "%s" has an invalid slug; skipping writing %s page...',
                        kind.capitalize(), key, kind,
                        extra={"limit_msg": f"Further {attribute} with invalid slugs."})


def linear_list_pages(generator: Any) -> None:
    """article_generator_init: this generator's tag, category and author pages
    queued by write_list_pages instead of Pelican's quadratic loops."""
    for method, kind, attribute in LIST_PAGES:
        setattr(generator, method, partial(write_list_pages, generator, kind, attribute))
