"""Structured data for the hubs: breadcrumbs on articles and question pages, a
CollectionPage with an ItemList on the question hub and the list pages, and every
JSON-LD block of both builds parsing and passing the schema check (schema_check.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from schema_check import check

from conftest import build_site, soup
from customer_evidence.core.hub_structured_data import (
    breadcrumb_list,
    collection_page,
    page_url,
)

PUBLISH_SITEURL = "https://blog.bridgewell.example"


def json_ld(page) -> list:
    """Every JSON-LD block of a parsed page, parsed."""
    return [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]


def of_type(page, kind: str) -> list[dict]:
    return [b for b in json_ld(page) if b.get("@type") == kind]


def html_files(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*.html") if "pagefind" not in p.parts)


def article_pages(output: Path) -> list[Path]:
    return sorted(output.glob("posts/*/index.html"))


def visible_crumbs(page) -> list[tuple[str, str]]:
    nav = page.select_one('nav[aria-label="Breadcrumb"]')
    assert nav is not None, "no visible breadcrumbs"
    return [(a.get_text(strip=True), a["href"]) for a in nav.select("ol > li > a")]


def ld_crumbs(page) -> list[tuple[str, str]]:
    (trail,) = of_type(page, "BreadcrumbList")
    return [(e["name"], e["item"]) for e in trail["itemListElement"]]


def list_items(page) -> list[tuple[str, str]]:
    (collection,) = of_type(page, "CollectionPage")
    return [(e["name"], e["url"]) for e in collection["mainEntity"]["itemListElement"]]


# -- the schema check over every page of both builds ---------------------------------

@pytest.mark.parametrize("build", ["dev", "publish"])
def test_every_json_ld_block_parses_and_passes_the_schema_check(build, dev_site, publish_site):
    output = dev_site if build == "dev" else publish_site
    problems, blocks = [], 0
    for path in html_files(output):
        for data in json_ld(soup(path)):
            blocks += 1
            problems += [f"{path.relative_to(output)}: {p}"
                         for p in check(data, absolute=build == "publish")]
    assert blocks > 30  # articles, question pages, the hub and the list pages
    assert problems == []


def test_the_schema_check_finds_what_search_engines_reject():
    good = breadcrumb_list([("Home", ""), ("Post", "posts/x/")], PUBLISH_SITEURL)
    assert check(good, absolute=True) == []
    relative = breadcrumb_list([("Home", ""), ("Post", "posts/x/")], "")
    assert any("not an absolute http(s) URL" in p for p in check(relative, absolute=True))
    assert check(relative, absolute=False) == []
    gap = json.loads(json.dumps(good))
    gap["itemListElement"][1]["position"] = 3
    assert any("positions are [1, 3]" in p for p in check(gap, absolute=True))
    nameless = collection_page("", "x/index.html", [("", "posts/x/")], PUBLISH_SITEURL)
    found = check(nameless, absolute=True)
    assert any("CollectionPage needs a non-empty 'name'" in p for p in found)
    assert any("ListItem needs a non-empty 'name'" in p for p in found)
    assert check({**good, "@context": "http://schema.org"}, absolute=True)
    assert check({**good, "@type": "Recipe"}, absolute=True)
    assert check({"@context": "https://schema.org", "@type": "BlogPosting", "headline": "x",
                  "url": "/x/", "datePublished": "last week"}, absolute=False)


# -- breadcrumbs --------------------------------------------------------------------

def test_articles_have_breadcrumbs_home_category_article_matching_the_visible_trail(
        dev_site):
    pages = article_pages(dev_site)
    assert len(pages) >= 10
    for path in pages:
        page = soup(path)
        crumbs = visible_crumbs(page)
        category = page.select_one('.entry-header .meta a[href^="/category/"]')
        title = page.select_one("h1").get_text(strip=True)
        assert crumbs == [("Home", "/"), (category.get_text(strip=True), category["href"]),
                          (title, "/" + path.parent.relative_to(dev_site).as_posix() + "/")]
        assert ld_crumbs(page) == crumbs
        links = page.select('nav[aria-label="Breadcrumb"] a')
        assert [a.get("aria-current") for a in links] == [None, None, "page"]


def test_a_draft_preview_has_a_trail_without_its_unpublished_category(dev_site):
    (path, *_) = sorted(dev_site.glob("drafts/*/index.html"))
    page = soup(path)
    crumbs = visible_crumbs(page)
    assert [name for name, _ in crumbs] == ["Home", page.select_one("h1").get_text(strip=True)]
    assert ld_crumbs(page) == crumbs


def test_question_pages_have_breadcrumbs_home_questions_question(dev_site):
    pages = sorted(p for p in dev_site.glob("questions/*/index.html"))
    assert len(pages) >= 5
    for path in pages:
        page = soup(path)
        question = page.select_one("h1").get_text(strip=True)
        url = "/" + path.parent.relative_to(dev_site).as_posix() + "/"
        assert visible_crumbs(page) == [("Home", "/"), ("Questions", "/questions/"),
                                        (question, url)]
        assert ld_crumbs(page) == visible_crumbs(page)


def test_publish_breadcrumbs_are_absolute(publish_site):
    page = soup(next(iter(article_pages(publish_site))))
    assert all(url.startswith(PUBLISH_SITEURL + "/") for _, url in ld_crumbs(page))
    assert ld_crumbs(page) == visible_crumbs(page)


def test_the_article_keeps_its_blog_posting(dev_site):
    for path in article_pages(dev_site):
        (posting,) = of_type(soup(path), "BlogPosting")
        assert posting["headline"] == soup(path).select_one("h1").get_text(strip=True)
        assert posting.get("about", {"@type": "Question"})["@type"] == "Question"


# -- collection pages ---------------------------------------------------------------

def summary_links(page) -> list[tuple[str, str]]:
    return [(a.get_text(strip=True), a["href"]) for a in page.select("article.summary h2 a")]


def test_list_pages_are_collection_pages_of_the_articles_they_show(dev_site):
    lists = [dev_site / "index.html", *dev_site.glob("page/*/index.html"),
             *dev_site.glob("category/*/index.html"), *dev_site.glob("tag/*/index.html")]
    assert len(lists) >= 8
    assert (dev_site / "page/2/index.html").exists()  # paginated: page 2 lists its own
    for path in lists:
        page = soup(path)
        assert list_items(page) == summary_links(page), path
        (collection,) = of_type(page, "CollectionPage")
        url = "/" + path.parent.relative_to(dev_site).as_posix() + "/"
        assert collection["url"] == url.replace("/./", "/")
        assert collection["name"] == page.title.get_text()
    first, second = soup(dev_site / "index.html"), soup(dev_site / "page/2/index.html")
    assert not set(list_items(first)) & set(list_items(second))


def test_the_archives_list_every_article_in_the_order_shown(dev_site):
    page = soup(dev_site / "archives/index.html")
    shown = [(a.get_text(strip=True), a["href"]) for a in page.select(".archive-list a")]
    assert len(shown) >= 10
    assert list_items(page) == shown


def test_the_question_hub_lists_the_questions_with_a_page(dev_site, publish_site):
    for output in (dev_site, publish_site):
        page = soup(output / "questions/index.html")
        shown = [(a.get_text(strip=True), a["href"]) for a in page.select(".question-list a")]
        assert len(shown) >= 5
        assert list_items(page) == shown  # unanswered questions have no page, nor an item
    assert all(url.startswith(PUBLISH_SITEURL + "/")
               for _, url in list_items(soup(publish_site / "questions/index.html")))


def test_page_url_drops_index_html():
    assert page_url("category/x/index.html") == "category/x/"
    assert page_url("index.html") == ""
    assert page_url("feed.xml") == "feed.xml"


# -- hostile text ---------------------------------------------------------------------

HOSTILE = "Costs </script><script>alert(1)</script> & \"quotes\""


def strings(data) -> list[str]:
    """Every string value in parsed JSON."""
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings(value)]
    return [data] if isinstance(data, str) else []


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("hostile") / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "hostile.md").write_text(
        f"Title: {HOSTILE}\nDate: 2026-01-05\nCategory: {HOSTILE}\n"
        f"Question: {HOSTILE}?\nSource-Exempt: a test\n\nBody text.\n", encoding="utf-8")
    return build_site("pelicanconf.py", content.parent / "output", content,
                      CALLS_TO_ACTION={}, FOOTER_CALL_TO_ACTION=None)


def test_hostile_titles_and_categories_stay_text_in_json_ld_and_crumbs(hostile_site):
    pages = [*hostile_site.glob("posts/*/index.html"), *hostile_site.glob("category/*/index.html"),
             *hostile_site.glob("questions/*/index.html"), hostile_site / "index.html"]
    assert len(pages) >= 4
    for path in pages:
        page = soup(path)
        assert not [s for s in page.find_all("script") if "alert(1)" in (s.string or "")
                    and s.get("type") != "application/ld+json"]
        assert "<script>alert" not in path.read_text(encoding="utf-8")
        blocks = json_ld(page)
        assert blocks and any(HOSTILE in text for b in blocks for text in strings(b))
        assert all(check(b, absolute=False) == [] for b in blocks)
    (article,) = hostile_site.glob("posts/*/index.html")
    page = soup(article)
    assert [name for name, _ in visible_crumbs(page)] == ["Home", HOSTILE, HOSTILE]
    assert ld_crumbs(page) == visible_crumbs(page)
