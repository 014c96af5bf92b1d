"""Site search in a real browser: the header box on any page submits to the search page,
which finds posts with Pagefind, filters them, works from the keyboard, stays axe-clean
and asks nothing of any host but 127.0.0.1; without JavaScript the header links to the
question hub. Screenshots: artifacts/search-375.png and artifacts/search-1280.png."""

# ruff: noqa: F811  (test functions take the imported fixtures `browser`, `site_url` by name)
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from test_browser import (  # noqa: F401  (fixtures, used by name)
    ARTIFACTS,
    AXE,
    HOSTILE,
    axe_violations,
    browser,
    console_errors,
    png_width,
    require,
    serve,
    site_url,
    visit,
)

from conftest import build_site, soup

RESULT_LINKS = "#search-results .search-result h2 a"


@pytest.fixture(scope="module")
def target(dev_site) -> dict[str, str]:
    """A post to look for: the first with a category and a question worded otherwise
    than its title, a word of its title to type, its question and category."""
    for page in sorted(dev_site.glob("posts/*/index.html")):
        article = soup(page).select_one("main article.entry[data-search-question]")
        if article is None or not article.get("data-search-category"):
            continue
        title = article.select_one("h1").get_text(strip=True)
        if squashed(title) == squashed(article["data-search-question"]):
            continue
        word = max(re.findall(r"[A-Za-z]{5,}", title), key=len)
        return {"url": "/" + page.parent.relative_to(dev_site).as_posix() + "/",
                "title": title, "word": word, "question": article["data-search-question"],
                "category": article["data-search-category"]}
    pytest.fail("the sample has no post with a question and a category")


def squashed(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def results(page: Page) -> list[dict[str, str]]:
    """The results shown: each one's link, heading and question line."""
    return page.eval_on_selector_all("#search-results .search-result", """items => items.map(
        li => ({href: li.querySelector("h2 a").getAttribute("href"),
                title: li.querySelector("h2 a").textContent,
                question: (li.querySelector(".answers") || {}).textContent || ""}))""")


def search_from_the_header(page: Page, word: str) -> None:
    box = page.locator("header .site-search input[type=search]")
    expect(box).to_be_visible()
    expect(page.locator("header .site-search-link")).to_be_hidden()
    box.fill(word)
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    expect(page.locator("#search-status")).to_contain_text("for “")


def test_typing_a_query_in_the_header_finds_the_post_with_its_question(
        browser, site_url, target):
    with visit(browser, site_url + "/", 1280) as v:
        search_from_the_header(v.page, target["word"])
        found = results(v.page)
        match = [r for r in found if r["href"] == target["url"]]
        assert match, f"{target['url']} among {[r['href'] for r in found]}"
        assert match[0]["title"] == target["title"]
        assert target["question"] in match[0]["question"]
        for shown in found:  # a question worded as the heading is not said twice
            assert squashed(shown["question"].removeprefix("Answers: ")) != \
                squashed(shown["title"]), shown
        status = v.page.locator("#search-status")
        assert status.get_attribute("role") == "status"
        expect(status).to_have_text(re.compile(
            rf"^{len(found)} results? for “{re.escape(target['word'])}”"))
        excerpts = v.page.locator("#search-results .search-excerpt mark")
        assert excerpts.count() >= 1, "the excerpt highlights the match"
        assert console_errors(v) == [] and v.foreign == []


def test_a_category_filter_narrows_the_results(browser, site_url, target):
    with visit(browser, site_url + "/search/", 1280) as v:
        page = v.page
        page.locator("#search-q").fill("the")
        page.locator("#search-q").press("Enter")
        expect(page.locator("#search-status")).to_contain_text("for “the”")
        every = results(page)
        page.select_option("#search-category", target["category"])
        expect(page.locator("#search-status")).to_contain_text(f"in {target['category']}")
        narrowed = results(page)
        assert 0 < len(narrowed) < len(every)
        assert {r["href"] for r in narrowed} <= {r["href"] for r in every}
        assert f"category={target['category'].replace(' ', '+')}" in page.url
        # the stage filter lists the stages the index knows, with counts
        stages = page.eval_on_selector_all("#search-stage option", "os => os.map(o => o.value)")
        assert stages[0] == "" and len(stages) > 1
        assert console_errors(v) == []


def test_the_search_works_from_the_keyboard_alone(browser, site_url, target):
    with visit(browser, site_url + "/", 1280) as v:
        page = v.page
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "site-search-q":
                break
        else:
            pytest.fail("the header's search box is never reached with Tab")
        page.keyboard.type(target["word"])
        page.keyboard.press("Enter")
        page.wait_for_url("**/search/?q=*")
        expect(page.locator(RESULT_LINKS).first).to_be_visible()
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.getAttribute('href')") == target["url"]:
                break
        else:
            pytest.fail("the result is never reached with Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", "the focused result shows its focus"
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{target['url']}")
        assert page.locator("main h1").inner_text() == target["title"]


@pytest.mark.parametrize(("width", "scheme"), [(375, "light"), (1280, "light"), (1280, "dark")])
def test_the_results_page_has_no_axe_violations_and_fits_the_screen(
        browser, site_url, target, width, scheme):
    require(AXE, "axe-core (npm ci)")
    with visit(browser, f"{site_url}/search/?q={target['word']}", width, scheme) as v:
        page = v.page
        expect(page.locator(RESULT_LINKS).first).to_be_visible()
        assert axe_violations(page) == []
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the results scroll sideways by {overflow}px"
        if scheme == "light":
            ARTIFACTS.mkdir(exist_ok=True)
            shot = ARTIFACTS / f"search-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert png_width(shot) == width
        assert console_errors(v) == [] and v.foreign == []


@pytest.mark.parametrize(("width", "scheme"), [(375, "light"), (1280, "dark")])
def test_the_header_box_has_no_axe_violations(browser, site_url, width, scheme):
    require(AXE, "axe-core (npm ci)")
    with visit(browser, site_url + "/", width, scheme) as v:
        expect(v.page.locator("header .site-search input")).to_be_visible()
        assert axe_violations(v.page) == []


def test_search_files_load_only_on_the_search_page_and_only_from_the_site(
        browser, site_url, target):
    with visit(browser, site_url + "/", 1280) as v:
        v.page.wait_for_load_state("networkidle")
        on_home = [u for u in v.requested if "/pagefind/" in u]
    assert on_home == [], "no Pagefind file loads on an ordinary page"
    with visit(browser, f"{site_url}/search/?q={target['word']}", 1280) as v:
        expect(v.page.locator(RESULT_LINKS).first).to_be_visible()
        v.page.wait_for_load_state("networkidle")
        paths = [urlsplit(u).path for u in v.requested]
        assert v.foreign == []
        assert {urlsplit(u).hostname for u in v.requested} == {"127.0.0.1"}
    assert "/pagefind/pagefind.js" in paths
    assert any(p.startswith("/pagefind/fragment/") for p in paths)
    assert any(p.endswith(".pagefind") for p in paths), "the wasm, from the site itself"


def test_the_publish_build_searches_too_with_its_absolute_urls(browser, tmp_path, target):
    output = tmp_path / "output"
    output.mkdir()
    with serve(output) as url:  # serving first: the build's SITEURL is the server's
        build_site("publishconf.py", output, SITEURL=url)
        with visit(browser, f"{url}/search/?q={target['word']}", 1280) as v:
            expect(v.page.locator(RESULT_LINKS).first).to_be_visible()
            assert target["url"] in [r["href"] for r in results(v.page)]
            v.page.wait_for_load_state("networkidle")
            assert v.foreign == [] and console_errors(v) == []
            assert f"{url}/pagefind/pagefind.js" in v.requested


@contextmanager
def without_javascript(browser: Browser, url: str) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375,
                                                                       "height": 800})
    try:
        page = context.new_page()
        page.goto(url)
        yield page
    finally:
        context.close()


def test_without_javascript_the_header_links_to_the_question_hub(browser, site_url):
    with without_javascript(browser, site_url + "/") as page:
        link = page.locator("header .site-search-link")
        expect(link).to_be_visible()
        expect(page.locator("header .site-search form")).to_be_hidden()
        link.click()
        page.wait_for_url("**/questions/")
        assert page.locator("main h1").count() == 1


def test_without_javascript_the_search_page_offers_the_hub(browser, site_url):
    with without_javascript(browser, site_url + "/search/?q=price") as page:
        expect(page.locator("#search-form")).to_be_hidden()
        fallback = page.locator("#search-fallback")
        expect(fallback).to_be_visible()
        assert fallback.locator("a").first.get_attribute("href") == "/questions/"


# --- hostile text in the index ------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_search(tmp_path_factory) -> Iterator[str]:
    site = build_site("pelicanconf.py", tmp_path_factory.mktemp("hostile-search") / "output",
                      HOSTILE)
    with serve(site) as url:
        yield url


def test_hostile_titles_and_excerpts_show_as_text_and_run_nothing(browser, hostile_search):
    with visit(browser, hostile_search + "/search/?q=sound", 1280) as v:
        page = v.page
        expect(page.locator(RESULT_LINKS).first).to_be_visible()
        titles = page.eval_on_selector_all(RESULT_LINKS, "as => as.map(a => a.textContent)")
        assert any("<script>window.pwned" in t for t in titles), titles
        tags = page.eval_on_selector_all("#search-results *", "es => es.map(e => e.localName)")
        assert set(tags) <= {"li", "h2", "a", "p", "span", "mark"}, tags
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert console_errors(v) == [] and v.foreign == []


def test_the_bytes_a_search_fetches(browser, site_url, target, dev_site):
    """Not a budget: the measure the report quotes, and a bound that would catch the
    default UI (hundreds of KB) being loaded by mistake."""
    with visit(browser, f"{site_url}/search/?q={target['word']}", 1280) as v:
        expect(v.page.locator(RESULT_LINKS).first).to_be_visible()
        v.page.wait_for_load_state("networkidle")
        sizes = {}
        for url in v.requested:
            path = urlsplit(url).path
            local = dev_site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
            if local.is_file():
                sizes[path] = local.stat().st_size
    total = sum(sizes.values())
    (ARTIFACTS / "search-bytes.json").write_text(
        json.dumps({"total": total, "files": sizes}, indent=1), encoding="utf-8")
    assert not any("pagefind-ui" in p or "component-ui" in p for p in sizes)
    assert total < 400_000, sizes

