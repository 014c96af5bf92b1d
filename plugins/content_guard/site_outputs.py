"""What a build writes, worked out from the generators' contexts: no output file read.

`site_of()` gathers, once the static generator has listed its files (before any
page is written, and in `invoke audit`, which writes none), every file the build
will write and, for articles and pages, the ids their HTML offers: articles,
pages and drafts (where this build writes them), category, tag and author pages,
period archives, direct templates and TEMPLATE_PAGES, each with its pagination
pages, feeds, static files and the theme's, the question hub and question pages
(customer_questions), the editorial report and the sitemap when their plugins
run. Anything else a plugin writes can be named in CONTENT_GUARD_LINK_SERVED
(URL prefixes served as they are, not checked), as the search bundle is.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from itertools import chain
from typing import Any

from pelican.paginator import Paginator
from pelican.urlwrappers import Author, Category, Tag

from customer_evidence.core import context as keys
from customer_evidence.core.articles import all_articles_in
from customer_evidence.core.findings import AUDIT_SCOPE
from customer_evidence.core.internals import raw_html
from customer_evidence.core.questions_settings import settings_of as questions_settings
from customer_evidence.core.site_links import address_of

from .internal_links import Site, ids_in

SERVED = "CONTENT_GUARD_LINK_SERVED"
_PAGE_LISTS = ("pages", "hidden_pages", "draft_pages")
_FEEDS = ("FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS")
_SLUG_FEEDS = ("CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS", "TAG_FEED_ATOM", "TAG_FEED_RSS",
               "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS")
_LANG_FEEDS = ("TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS")
_NAMED = {"tag": Tag, "category": Category, "author": Author}


def contents_of(context: dict) -> list:
    """Every article and page of the build, any status, translations included."""
    pages = chain.from_iterable(context.get(name, ()) for name in _PAGE_LISTS)
    return [*all_articles_in(context), *(p for page in pages for p in (page, *page.translations))]


def site_of(context: dict, settings: dict, staticfiles: Iterable, theme: str,
            contents: Iterable[tuple[Any, str]],
            unread: Iterable[tuple[str, str, tuple]] = ()) -> Site:
    """The Site the link check decides against. `contents`: each article and page with
    its save_as ('' when not written). `unread`: (source, output, list pages)
    of the files `invoke audit --changed` does not read; their pages exist, their ids
    are unknown, and so are the question pages (served as they are)."""
    outputs: dict[str, frozenset[str] | None] = {}
    sources: dict[str, str] = {}
    for item, save_as in contents:
        save_as = _clean(save_as)
        sources[item.get_relative_source_path()] = save_as
        if save_as:
            outputs[save_as] = ids_in(raw_html(item) or "")
    for source, save_as, listed in unread:
        sources.setdefault(source, _clean(save_as))
        for name in (save_as, *listed):
            if name:
                outputs.setdefault(_clean(name), None)
    for static in staticfiles:
        sources[static.get_relative_source_path()] = _clean(static.save_as)
        outputs.setdefault(_clean(static.save_as), None)
    for name in chain(_listings(context, settings), _feeds(context, settings),
                      _theme_files(theme, settings), _plugin_files(context, settings)):
        if name:
            outputs.setdefault(_clean(name), None)
    served = [str(p).lstrip("/") for p in settings.get(SERVED) or ()]
    if settings.get(AUDIT_SCOPE) and context.get(keys.QUESTIONS_HUB) is not None:
        pattern = questions_settings(settings)["CUSTOMER_QUESTIONS_URL"]
        served.append(pattern.split("{", 1)[0].lstrip("/"))
    if settings.get("SITE_SEARCH"):
        served.append(str(settings.get("SITE_SEARCH_BUNDLE") or "pagefind").strip("/") + "/")
    return Site(
        outputs=outputs, sources=sources, named_url=lambda what, name: _named(what, name,
                                                                              settings),
        intrasite=settings.get("INTRASITE_LINK_REGEX") or r"[{|](?P<what>.*?)[|}]",
        address=address_of(settings.get("SITEURL") or ""), shared_ids=theme_ids(theme),
        served=tuple(served),
    )


def theme_ids(theme: str) -> frozenset[str]:
    """The ids the theme's templates write as they are (not made from a variable)."""
    found: set[str] = set()
    for folder, _, names in os.walk(os.path.join(theme, "templates")):
        for name in names:
            if name.endswith((".html", ".xml", ".j2", ".jinja")):
                with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                    found |= {i for i in ids_in(f.read()) if "{" not in i}
    return frozenset(found)


def _listings(context: dict, settings: dict) -> Iterable[str]:
    """The list pages: direct templates, period archives, categories, tags, authors,
    template pages, each with the pages its pagination adds."""
    articles = context.get("articles", [])
    for template in settings.get("DIRECT_TEMPLATES", ()):
        save_as = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        url = settings.get(f"{template.upper()}_URL", f"{template}.html")
        if save_as:
            yield from _paginated(template, save_as, url, articles, settings)
    for archives in (context.get("period_archives") or {}).values():
        for archive in archives:
            yield from _paginated("period_archives", archive["save_as"], archive["url"],
                                  archive["articles"], settings)
    for template, key in (("category", "categories"), ("tag", "tags"), ("author", "authors")):
        for wrapper, listed in context.get(key) or ():
            yield from _paginated(template, wrapper.save_as, wrapper.url, listed, settings)
    yield from (settings.get("TEMPLATE_PAGES") or {}).values()


def _paginated(template: str, save_as: str, url: str, articles: list,
               settings: dict) -> Iterable[str]:
    """The files one list template writes: one, or one per page of its pagination."""
    paginated = settings.get("PAGINATED_TEMPLATES") or {}
    if template not in paginated or not articles:
        yield save_as
        return
    per_page = paginated[template] or settings.get("DEFAULT_PAGINATION")
    paginator = Paginator(save_as, url, articles, settings, per_page)
    yield from (paginator.page(n).save_as for n in range(1, paginator.num_pages + 1))


def _feeds(context: dict, settings: dict) -> Iterable[str]:
    yield from (settings.get(name) or "" for name in _FEEDS)
    wrappers = {"CATEGORY": context.get("categories"), "TAG": context.get("tags"),
                "AUTHOR": context.get("authors")}
    for name in _SLUG_FEEDS:
        pattern = settings.get(name)
        if pattern:
            kind = name.split("_", 1)[0]
            yield from (pattern.format(slug=w.slug) for w, _ in wrappers[kind] or ())
    langs = {a.lang for a in all_articles_in(context)}
    for name in _LANG_FEEDS:
        if settings.get(name):
            yield from (settings[name].format(lang=lang) for lang in langs)


def _theme_files(theme: str, settings: dict) -> Iterable[str]:
    """The theme's static files, where Pelican copies them (THEME_STATIC_DIR)."""
    target = settings.get("THEME_STATIC_DIR", "theme")
    for path in settings.get("THEME_STATIC_PATHS", ["static"]):
        top = os.path.join(theme, path)
        for folder, _, names in os.walk(top):
            for name in names:
                relative = os.path.relpath(os.path.join(folder, name), top)
                yield f"{target}/{relative}".replace(os.sep, "/")


def _plugin_files(context: dict, settings: dict) -> Iterable[str]:
    """The files this project's plugins (and pelican-sitemap) write."""
    plugins = [str(p).rsplit(".", 1)[-1] for p in settings.get("PLUGINS") or ()]
    hub = context.get(keys.QUESTIONS_HUB)
    if hub is not None:
        config = questions_settings(settings)
        yield config["CUSTOMER_QUESTIONS_HUB_SAVE_AS"]
        yield config["CUSTOMER_QUESTIONS_COVERAGE_SAVE_AS"]
        for group in (context.get(keys.QUESTION_PAGES) or {}).values():
            yield config["CUSTOMER_QUESTIONS_SAVE_AS"].format(slug=group["slug"])
    if "editorial_report" in plugins:
        yield settings.get("EDITORIAL_REPORT_SAVE_AS", "editorial/index.html")
        yield settings.get("EDITORIAL_REPORT_JSON_SAVE_AS", "editorial/report.json")
    if "sitemap" in plugins:
        yield f"sitemap.{(settings.get('SITEMAP') or {}).get('format', 'xml')}"


def _named(what: str, name: str, settings: dict) -> str | None:
    if what == "index":
        return settings.get("INDEX_SAVE_AS") or "index.html"
    return _NAMED[what](name, settings).url if name else None


def _clean(save_as: Any) -> str:
    return str(save_as or "").replace(os.sep, "/").lstrip("/")
