"""schema.org data for the site's hubs: breadcrumbs, and the lists of list pages.

- BreadcrumbList: Home > category > article, Home > Questions > a question.
- CollectionPage with an ItemList: the home page, category, tag and author pages
  (the articles of that page of the list), the archives and the question hub.

Crumbs and items are (name, site-relative URL) pairs; URLs become absolute with
SITEURL (root-relative while SITEURL is ""). The theme serialises the dicts with
|tojson, which escapes what could close the <script> element.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from customer_evidence.core.structured_data import absolute_url

CONTEXT = "https://schema.org"
HOME = "Home"
Link = tuple[str, str]


def page_url(output_file: str) -> str:
    """The URL a page is served at: "category/x/index.html" -> "category/x/"."""
    return output_file[: -len("index.html")] if output_file.endswith("index.html") \
        else output_file


def breadcrumb_list(crumbs: Sequence[Link], siteurl: str) -> dict | None:
    """A BreadcrumbList of the crumbs, positions 1..n; None for no crumbs."""
    if not crumbs:
        return None
    return {"@context": CONTEXT, "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": n, "name": name, "item": absolute_url(siteurl, url)}
        for n, (name, url) in enumerate(crumbs, start=1)]}


def item_list(items: Iterable[Link], siteurl: str) -> dict:
    """An ItemList of links, positions 1..n in the order shown."""
    elements = [{"@type": "ListItem", "position": n, "url": absolute_url(siteurl, url),
                 "name": name} for n, (name, url) in enumerate(items, start=1)]
    return {"@type": "ItemList", "numberOfItems": len(elements), "itemListElement": elements}


def collection_page(name: str, url: str, items: Iterable[Link], siteurl: str) -> dict:
    """A CollectionPage (a list page) whose main entity is the list it shows."""
    return {"@context": CONTEXT, "@type": "CollectionPage", "name": name.strip(),
            "url": absolute_url(siteurl, page_url(url)),
            "mainEntity": item_list(items, siteurl)}


def article_links(articles: Iterable[Any]) -> list[Link]:
    """(title, URL) of each article, as a list page shows them."""
    return [(a.title, a.url) for a in articles]


def question_links(groups: Iterable[dict]) -> list[Link]:
    """(text, URL) of each question with a page, in the hub's order."""
    return [(q["text"], q["url"]) for group in groups for topic in group["topics"]
            for q in topic["questions"] if q["answered"] and q["url"]]


def article_crumbs(article: Any) -> list[Link]:
    """Home > category > article; a draft's or hidden article's category may have no
    page, so only a published article names it."""
    crumbs = [(HOME, "")]
    category = getattr(article, "category", None)
    if category and article.status == "published":
        crumbs.append((category.name, category.url))
    return [*crumbs, (article.title, article.url)]


def question_crumbs(question: dict, hub_url: str, hub_name: str = "Questions") -> list[Link]:
    """Home > Questions > the question."""
    return [(HOME, ""), (hub_name, hub_url), (question["text"], question["url"])]


class HubData:
    """What the templates call, as the Jinja global `hub_data`, with this build's SITEURL."""

    def __init__(self, siteurl: str) -> None:
        self.siteurl = siteurl

    def breadcrumbs(self, crumbs: Sequence[Link]) -> dict | None:
        return breadcrumb_list(crumbs, self.siteurl)

    def collection(self, name: str, url: str, items: Iterable[Link]) -> dict:
        return collection_page(name, url, items, self.siteurl)

    article_links = staticmethod(article_links)
    question_links = staticmethod(question_links)
    article_crumbs = staticmethod(article_crumbs)
    question_crumbs = staticmethod(question_crumbs)
