"""The site in a real browser: Playwright drives Debian's chromium against the built
site served on 127.0.0.1. Screenshots of every page at both widths go to artifacts/."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pelican.server import RootedHTTPServer
from playwright.sync_api import Browser, Page, Response, sync_playwright

from conftest import DATA, ROOT, THEME_SCRIPTS, build_site, read_meta, soup
from customer_evidence.tools.serving import SiteRequestHandler

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "artifacts"
WIDTHS = [375, 1280]
PAGES = ["home", "article", "questions", "question", "404", "page", "category", "tag", "author",
         "authors", "tags", "categories", "archives", "draft", "editorial"]
HOSTILE = DATA / "hostile_site"
# The theme's only script files: the site search's header box and search page.


def require(path: Path, what: str) -> None:
    """Fail the run, never skip, when a tool the browser tests need is missing."""
    if not path.is_file():
        pytest.fail(f"{what} is missing ({path}); `python3 bootstrap.py test` installs it "
                    "(as root), see README", pytrace=False)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1, on a free port, with its 404 page for unknown paths."""
    handler = type("Handler", (SiteRequestHandler,), {})  # base_path is per class
    server = RootedHTTPServer(str(site), ("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One chromium for the run: modules that import this fixture get their own copy of
    it, and a second sync_playwright() in the same run would fail, so they share it."""
    require(CHROMIUM, "Debian's chromium (apt-get install chromium)")
    if RUNNING:
        yield RUNNING[0]
        return
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        RUNNING.append(browser)
        try:
            yield browser
        finally:
            RUNNING.clear()
            browser.close()


RUNNING: list[Browser] = []  # the run's chromium, while the first browser fixture lives


@pytest.fixture(scope="session")
def site_url(dev_site) -> Iterator[str]:
    with serve(dev_site) as url:
        yield url


def has(page: Path, css_class: str) -> bool:
    return f'class="{css_class}"' in page.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def paths(dev_site) -> dict[str, str]:
    """URL path of each page under test: the article is the first with a customer
    quote and related articles, the question page the hub's first."""
    article = next(p for p in sorted(dev_site.glob("posts/*/index.html"))
                   if has(p, "quote-source") and has(p, "related"))
    question = soup(dev_site / "questions" / "index.html").select_one("main .question-list a")
    def first(pattern: str) -> str:
        """The URL path of the first page matching `pattern` (a glob of index.html files)."""
        return f"/{sorted(dev_site.glob(pattern))[0].parent.relative_to(dev_site).as_posix()}/"

    return {"home": "/", "article": f"/{article.parent.relative_to(dev_site).as_posix()}/",
            "questions": "/questions/", "question": question["href"],
            "404": "/no-such-page/here/", "page": "/about/",
            "category": first("category/*/index.html"), "tag": first("tag/*/index.html"),
            "author": first("author/*/index.html"), "authors": "/authors/", "tags": "/tags/",
            "categories": "/categories/", "archives": "/archives/",
            "draft": first("drafts/*/index.html"), "editorial": "/editorial/"}


@dataclass
class Visit:
    """A loaded page, with every URL it asked for and every console error."""

    page: Page
    response: Response
    requested: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def visit(browser: Browser, url: str, width: int, scheme: str = "light") -> Iterator[Visit]:
    """Open `url` in a fresh context `width` px wide; requests off 127.0.0.1 are blocked."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    found = Visit(page=None, response=None)

    def guard(route):
        parts = urlsplit(route.request.url)
        found.requested.append(route.request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname != "127.0.0.1":
            found.foreign.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and found.errors.append(
        f"{m.text} ({m.location.get('url')})"))
    page.on("pageerror", lambda exc: found.errors.append(str(exc)))
    found.page, found.response = page, page.goto(url, wait_until="load")
    try:
        yield found
    finally:
        context.close()


def console_errors(v: Visit) -> list[str]:
    """Console errors, less the one Chromium logs for the 404 page's own status."""
    own = f"404 (Not Found) ({v.page.url})"
    return [e for e in v.errors if not (v.response.status == 404 and e.endswith(own))]


def expected_status(name: str) -> int:
    return 404 if name == "404" else 200


def png_width(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[16:20], "big")  # IHDR width


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_the_screen_without_horizontal_scrolling(browser, site_url, paths, name, width):
    with visit(browser, site_url + paths[name], width) as v:
        assert v.response.status == expected_status(name)
        assert v.page.locator("main h1").count() == 1
        overflow = v.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / f"{name}-{width}.png"
        # Lazy images (author photos, list thumbnails) load once they are in view.
        v.page.evaluate("document.querySelectorAll('img[loading=lazy]')"
                        ".forEach(img => img.loading = 'eager')")
        v.page.wait_for_function("[...document.images].every(img => img.complete)")
        v.page.screenshot(path=str(shot), full_page=True)
        assert png_width(shot) == width


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_pages_load_only_from_127_0_0_1_with_a_clean_console(
        browser, site_url, paths, name, width):
    with visit(browser, site_url + paths[name], width) as v:
        v.page.wait_for_load_state("networkidle")
        assert v.page.evaluate("document.styleSheets.length") >= 1, "the stylesheet loaded"
        assert console_errors(v) == []
    assert any(url.endswith("/theme/css/site.css") for url in v.requested)
    assert v.foreign == []


def axe_violations(page: Page) -> list[str]:
    """axe-core's violations on the page, one line each: rule, impact, first targets."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at "
            f"{[n['target'] for n in v['nodes'][:3]]}" for v in results["violations"]]


@pytest.mark.parametrize(("width", "scheme"), [(375, "light"), (1280, "light"), (1280, "dark")])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_accessibility_violations(browser, site_url, paths, name, width, scheme):
    require(AXE, "axe-core (npm ci)")
    with visit(browser, site_url + paths[name], width, scheme) as v:
        assert axe_violations(v.page) == []
        assert console_errors(v) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(
        browser, site_url, paths, width):
    with visit(browser, site_url + paths["article"], width) as v:
        page = v.page
        page.keyboard.press("Tab")
        focused = page.evaluate("({cls: document.activeElement.className,"
                                " text: document.activeElement.textContent,"
                                " href: document.activeElement.getAttribute('href')})")
        assert focused == {"cls": "skip-link", "text": "Skip to main content", "href": "#main"}
        box = page.locator(".skip-link").bounding_box()
        assert box["y"] >= 0 and box["x"] >= 0, "the focused skip link is on screen"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('main') !== null"), \
            "the next tab stop after skipping is inside the main content"


# --- hostile text -----------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    site = build_site("pelicanconf.py", tmp_path_factory.mktemp("hostile") / "output", HOSTILE)
    with serve(site) as url:
        yield url, site


MOUSE_OVER_EVERYTHING = """
document.querySelectorAll("*").forEach(
  e => e.dispatchEvent(new MouseEvent("mouseover", {bubbles: true})))
"""


def test_hostile_text_runs_no_script_in_the_browser(browser, hostile_url):
    url, site = hostile_url
    title = read_meta(HOSTILE / "articles" / "hostile.md")["title"]
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 5
    titles = []
    for path in pages:
        rel = path.relative_to(site).as_posix().removesuffix("index.html")
        with visit(browser, f"{url}/{rel}", 1280) as v:
            page = v.page
            page.evaluate(MOUSE_OVER_EVERYTHING)  # would fire an injected onmouseover
            assert page.evaluate("typeof window.pwned") == "undefined", f"{rel}: a payload ran"
            assert page.locator('[href^="javascript:" i]').count() == 0, rel
            scripts = page.evaluate("[...document.scripts].map(s => [s.type, s.text, s.src])")
            for kind, text, src in scripts:
                if src and not text:  # the theme's own files, by path: the site search
                    assert urlsplit(src).path in THEME_SCRIPTS, f"{rel}: a script from {src}"
                    continue
                assert kind == "application/ld+json", f"{rel}: an executable script"
                assert isinstance(json.loads(text), dict)
            titles.append(page.locator("main h1").inner_text())
            assert console_errors(v) == []
            assert v.foreign == []
    assert title in titles, "the hostile title is shown as text"
