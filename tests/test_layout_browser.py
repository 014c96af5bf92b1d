"""Layout in a real browser (issue 15): the main navigation's rows and its Topics
disclosure, the header's height on a phone, and the editorial report's table, charts
and tabs. Reuses test_browser's browser, server, page list and axe helpers."""

from __future__ import annotations

import pytest
import test_browser
from test_browser import AXE, axe_violations, console_errors, require, visit

# test_browser's fixtures: the browser, the served development build, the page paths
browser, site_url, paths = test_browser.browser, test_browser.site_url, test_browser.paths

# At 375 px the navigation takes two rows (64 px; the ten flat items took four, about
# 150 px) and the whole site header, which also holds the logo and name, the two-line
# subtitle and the search box, about 250 px: 260 px is under a third of an 800 px-tall
# phone screen, so the first screen still shows the page's heading and first lines.
# With the flat navigation the same header would be about 340 px.
NAV_BUDGET_375 = 72
HEADER_BUDGET_375 = 260
NAV_PAGES = ["home", "article", "page", "category", "questions", "editorial"]
ROW_TOPS = "[...document.querySelectorAll('.site-nav > ul > li')]" \
           ".map(li => Math.round(li.getBoundingClientRect().top))"
CATEGORY_LINKS = ".nav-topics ul a"


@pytest.mark.parametrize("name", NAV_PAGES)
def test_the_main_nav_sits_in_one_row_at_1280_px(browser, site_url, paths, name):
    with visit(browser, site_url + paths[name], 1280) as v:
        tops = v.page.evaluate(ROW_TOPS)
        assert len(tops) >= 4 and len(set(tops)) == 1, f"{name}: nav rows at {tops}"


@pytest.mark.parametrize("name", NAV_PAGES)
def test_the_site_header_keeps_within_its_budget_at_375_px(browser, site_url, paths, name):
    with visit(browser, site_url + paths[name], 375) as v:
        height = v.page.evaluate("document.querySelector('.site-header').offsetHeight")
        assert height <= HEADER_BUDGET_375, f"{name}: the header is {height}px tall"
        assert len(set(v.page.evaluate(ROW_TOPS))) <= 2
        nav = v.page.evaluate("document.querySelector('.site-nav').offsetHeight")
        assert nav <= NAV_BUDGET_375, f"{name}: the navigation is {nav}px tall"
        assert v.page.locator(CATEGORY_LINKS).first.is_hidden(), "categories start folded"


@pytest.mark.parametrize("width", [375, 1280])
def test_the_topics_disclosure_opens_with_the_keyboard_and_without_javascript(
        browser, site_url, paths, width):
    context = browser.new_context(viewport={"width": width, "height": 800},
                                  java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + paths["home"])
        links = page.locator(CATEGORY_LINKS)
        assert links.count() >= 2 and all(links.nth(i).is_hidden() for i in range(links.count()))
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.tagName") == "SUMMARY":
                break
        assert page.evaluate("document.activeElement.closest('.site-nav .nav-topics')"
                             " !== null"), "Tab reaches the Topics summary"
        page.keyboard.press("Enter")
        assert page.evaluate("document.querySelector('.nav-topics details').open")
        for i in range(links.count()):
            box = links.nth(i).bounding_box()
            assert links.nth(i).is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= width
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('.nav-topics ul') !== null"), \
            "the next tab stop is the first category"
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
    finally:
        context.close()


@pytest.mark.parametrize(("width", "scheme"), [(375, "light"), (1280, "light"), (1280, "dark")])
def test_the_open_disclosure_on_a_category_page_is_axe_clean(
        browser, site_url, paths, width, scheme):
    require(AXE, "axe-core (npm ci)")
    with visit(browser, site_url + paths["category"], width, scheme) as v:
        summary = v.page.locator(".nav-topics summary")
        assert summary.get_attribute("aria-current") == "true"
        summary.click()
        current = v.page.locator(f"{CATEGORY_LINKS}[aria-current='page']")
        assert current.count() == 1 and current.is_visible()
        assert axe_violations(v.page) == []
        assert console_errors(v) == []


# --- the editorial report -------------------------------------------------------------

def test_the_report_sources_table_fits_at_1280_px_with_dates_on_one_line(
        browser, site_url, paths):
    with visit(browser, site_url + paths["editorial"], 1280) as v:
        table = v.page.evaluate("""(() => { const t = document.querySelector('.source-usage');
            return {scroll: t.scrollWidth, client: t.clientWidth,
                    room: t.parentElement.clientWidth, rows: t.tBodies[0].rows.length}; })()""")
        assert table["rows"] >= 2
        assert table["scroll"] <= table["client"] <= table["room"], table
        lines = v.page.evaluate("[...document.querySelectorAll('.source-usage td time')]"
                                ".map(t => t.getClientRects().length)")
        assert lines and set(lines) == {1}, "every date on one line"


CHART_TEXT_OUTSIDE = """[...document.querySelectorAll('.chart-svg')].map(svg => {
  const box = svg.getBoundingClientRect(), holder = svg.parentElement;
  const out = [...svg.querySelectorAll('text')].filter(t => {
    const b = t.getBoundingClientRect();
    return b.left < box.left - 0.5 || b.right > box.right + 0.5
        || b.top < box.top - 0.5 || b.bottom > box.bottom + 0.5;
  }).map(t => t.textContent);
  return {id: svg.getAttribute('aria-labelledby'), texts: svg.querySelectorAll('text').length,
          out, hidden: holder.scrollWidth - holder.clientWidth};
})"""


@pytest.mark.parametrize("width", [375, 1280])
def test_every_report_chart_label_is_inside_its_chart_and_on_screen(
        browser, site_url, paths, width):
    with visit(browser, site_url + paths["editorial"], width) as v:
        charts = v.page.evaluate(CHART_TEXT_OUTSIDE)
        assert len(charts) >= 3
        for chart in charts:
            assert chart["texts"] > 0
            assert chart["out"] == [], f"{chart['id']}: labels cut off at {width}px"
            assert chart["hidden"] <= 0, f"{chart['id']}: scrolled out of view at {width}px"


@pytest.mark.parametrize("width", [375, 1280])
def test_the_report_tabs_share_one_top_offset(browser, site_url, paths, width):
    with visit(browser, site_url + paths["editorial"], width) as v:
        tops = v.page.evaluate("[...document.querySelectorAll('.report-nav li')]"
                               ".map(li => li.getBoundingClientRect().top)")
        assert len(tops) >= 4
        first_row = [t for t in tops if t < min(tops) + 10]
        assert len(first_row) >= 2 and max(first_row) - min(first_row) < 1, f"tab tops {tops}"
        if width == 1280:
            assert max(tops) - min(tops) < 1, f"one row of tabs at 1280px: {tops}"
