"""Calls to action: the block at the end of each article and in the footer.

The choice (category > stage > default) and the settings check are pure functions,
tested directly; the builds show what a reader sees: the block's text and link per
category, stage and default, the footer's on every page type, a form's markup, and a
bad entry reported by name with the rest of the site built.
"""

# ruff: noqa: F811  (the browser test takes the imported fixture `browser` by name)
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_browser import AXE, axe_violations, browser, require, serve, visit  # noqa: F401

from conftest import CONTENT, ROOT, build_site, build_with_log, findings_in, sample_posts, soup
from customer_evidence.core.calls_to_action import (
    DEFAULT_EMAIL_LABEL,
    check_calls_to_action,
    check_entry,
    check_footer,
    choose,
    drop_unknown_targets,
    site_path,
)
from customer_evidence.tools.audit import run_audit

PUBLISH_SITEURL = "https://blog.bridgewell.example"
LINK = {"heading": "Ask us", "text": "We reply.", "label": "Contact", "url": "/contact/"}
FORM = {"heading": "Monthly email", "text": "One a month.", "label": "Subscribe",
        "form_action": "https://news.example.com/subscribe"}
STAGES = ("awareness", "consideration", "decision", "retention")


def article_cta(page):
    return page.select_one('main section.cta[aria-labelledby="cta-article-heading"]')


def footer_cta(page):
    return page.select_one("footer.site-footer section.cta")


def heading_and_href(block) -> tuple[str, str]:
    return block.h2.get_text(strip=True), block.select_one("a.cta-link")["href"]


def articles_by_title(output: Path) -> dict[str, object]:
    pages = {}
    for path in [*output.glob("posts/*/index.html"), *output.glob("drafts/*/index.html")]:
        page = soup(path)
        pages[page.h1.get_text(strip=True)] = page
    return pages


# -- the pure parts -----------------------------------------------------------------

def test_a_link_and_a_form_are_cleaned():
    assert check_entry("X", LINK) == (LINK, [])
    cta, problems = check_entry("X", FORM)
    assert problems == [] and cta["form_action"] == FORM["form_action"]
    assert cta["email_label"] == DEFAULT_EMAIL_LABEL and "url" not in cta
    assert check_entry("X", {**LINK, "text": None})[0]["text"] == ""


@pytest.mark.parametrize(("entry", "says"), [
    ({**LINK, "colour": "red"}, "unknown key(s) 'colour'"),
    ({k: v for k, v in LINK.items() if k != "heading"}, "has no 'heading'"),
    ({**LINK, "label": " "}, "has no 'label'"),
    ({**LINK, "url": "javascript:alert(1)"}, "['url'] is 'javascript:alert(1)'"),
    ({**LINK, "url": "contact/"}, "starting with '/'"),
    ({**LINK, "url": "//evil.example/"}, "['url'] is '//evil.example/'"),
    ({**LINK, "form_action": "/subscribe"}, "not both"),
    ({"heading": "H", "label": "L"}, "not neither"),
    ({**FORM, "form_action": "ftp://x.example/"}, "['form_action'] is"),
    # a reader's email address is never posted in the clear (mixed content)
    ({**FORM, "form_action": "http://news.example.com/subscribe"},
     "['form_action'] is 'http://news.example.com/subscribe'"),
    # browsers read "/\\host" as "//host": another site
    ({**LINK, "url": "/\\evil.example/"}, "['url'] is '/\\\\evil.example/'"),
    ({**FORM, "form_action": "/\\evil.example/"}, "['form_action'] is"),
    ({**LINK, "heading": 3}, "['heading'] must be text"),
    ("Ask us", "must be a dict"),
])
def test_a_bad_entry_names_the_setting_and_key_and_is_left_out(entry, says):
    cta, problems = check_entry("CALLS_TO_ACTION['default']", entry)
    assert cta is None
    assert any(says in p and p.startswith("CALLS_TO_ACTION['default']") for p in problems), \
        problems
    assert all(p.endswith("this call to action is left out") for p in problems)


def test_the_table_is_checked_against_the_sites_categories_and_stages():
    table, problems = check_calls_to_action(
        {"default": LINK, "category": {"Cost and pricing": FORM, "cost and prcing": LINK},
         "stage": {"decision": LINK, "buying": LINK}, "tone": "warm"},
        {"Cost and pricing", "Problems"}, STAGES)
    assert table == {"default": LINK, "category": {"Cost and pricing": check_entry("", FORM)[0]},
                     "stage": {"decision": LINK}}
    assert any(p.startswith("CALLS_TO_ACTION['category']['cost and prcing']: no article is in that "
                            "category; did you mean 'Cost and pricing'?") for p in problems)
    assert any(p.startswith("CALLS_TO_ACTION['stage']['buying']: that is not a stage")
               for p in problems)
    assert any("unknown key 'tone'" in p for p in problems)
    # A category no article uses yet, and unlike any used one, is planned: kept quietly.
    table, problems = check_calls_to_action({"category": {"Servicing": LINK}},
                                            {"Cost and pricing"}, STAGES)
    assert table["category"] == {"Servicing": LINK} and problems == []
    # An audit of a few files does not know every category: names are not checked.
    table, problems = check_calls_to_action({"category": {"Costs": LINK}}, None, STAGES)
    assert table["category"] == {"Costs": LINK} and problems == []


def test_no_settings_no_calls_to_action():
    assert check_calls_to_action({}, set(), STAGES) == (
        {"default": None, "category": {}, "stage": {}}, [])
    assert check_calls_to_action(None, set(), STAGES)[1] == []
    assert check_footer(None) == (None, [])
    assert check_calls_to_action(["x"], set(), STAGES)[1][0].startswith(
        "CALLS_TO_ACTION must be a dict")


def test_category_beats_stage_beats_default():
    c, s, d = {"heading": "c"}, {"heading": "s"}, {"heading": "d"}
    table = {"default": d, "category": {"Cost": c}, "stage": {"decision": s}}
    assert choose(table, "Cost", "decision") is c
    assert choose(table, "Problems", "decision") is s
    assert choose(table, "Problems", "awareness") is d
    assert choose(table, None, None) is d
    assert choose({"default": None, "category": {}, "stage": {}}, "Cost", "decision") is None


# -- the sample settings (pelicanconf.py) --------------------------------------------

def test_each_article_ends_with_its_categorys_call_to_action_or_the_default(dev_site):
    pages = articles_by_title(dev_site)
    categories = {p.title: p.meta.get("category") for p in sample_posts()}
    assert len(pages) == len(categories)
    for title, page in pages.items():
        block = article_cta(page)
        assert block is not None, title
        expected = ("Get a fixed-price quote" if categories[title] == "Cost and pricing"
                    else "Ask us your question")
        assert heading_and_href(block) == (expected, "/contact/"), title
        # after the content and the customer sources, before the related articles
        for before in page.select("main .entry-content, main .customer-sources"):
            assert block in before.find_all_next("section"), title
        for after in page.select("main .related"):
            assert after in block.find_all_next("section"), title


def test_publish_links_are_prefixed_with_siteurl(publish_site):
    page = soup(next(publish_site.glob("posts/*/index.html")))
    assert heading_and_href(article_cta(page))[1] == PUBLISH_SITEURL + "/contact/"
    assert footer_cta(page).select_one("a")["href"] == PUBLISH_SITEURL + "/contact/"


def page_types(output: Path) -> dict[str, Path]:
    """One page of every type the site writes."""
    found = {
        "home": output / "index.html", "page 2": output / "page/2/index.html",
        "article": next(output.glob("posts/*/index.html")),
        "page": output / "about/index.html",
        "category": next(output.glob("category/*/index.html")),
        "tag": next(output.glob("tag/*/index.html")),
        "author": next(output.glob("author/*/index.html")),
        "archives": output / "archives/index.html", "tags": output / "tags/index.html",
        "categories": output / "categories/index.html",
        "authors": output / "authors/index.html",
        "question hub": output / "questions/index.html",
        "question": next(output.glob("questions/*/index.html")),
        "404": output / "404.html",
    }
    if (output / "search/index.html").exists():
        found["search"] = output / "search/index.html"
    if any(output.glob("drafts/*/index.html")):
        found["draft"] = next(output.glob("drafts/*/index.html"))
    return found


@pytest.mark.parametrize("build", ["dev", "publish"])
def test_the_footer_has_its_call_to_action_on_every_page_type(build, dev_site, publish_site):
    output = dev_site if build == "dev" else publish_site
    siteurl = "" if build == "dev" else PUBLISH_SITEURL
    types = page_types(output)
    assert len(types) >= 14
    for name, path in types.items():
        block = footer_cta(soup(path))
        assert block is not None, name
        assert heading_and_href(block) == ("Have a question we have not answered?",
                                           siteurl + "/contact/"), name
    # Not on the page it links to, nor in the editorial report.
    assert footer_cta(soup(output / "contact/index.html")) is None
    if build == "dev":
        assert footer_cta(soup(output / "editorial/index.html")) is None
        assert not soup(output / "editorial/index.html").select(".cta")


def test_a_draft_preview_shows_its_call_to_action(dev_site, drafts):
    pages = articles_by_title(dev_site)
    for draft in drafts:
        assert article_cta(pages[draft.title]) is not None, draft.title


# -- other settings -----------------------------------------------------------------

def stage_of_posts() -> dict[str, str]:
    """The bank stage of each sample post that names its Question-Id."""
    bank = yaml.safe_load((CONTENT / "questions.yml").read_text(encoding="utf-8"))
    stages = {q["id"]: q["stage"] for q in bank}
    return {p.title: stages[p.meta["question-id"]] for p in sample_posts()
            if p.meta.get("question-id") in stages}


HOSTILE = "<script>alert('cta')</script> & \"more\""


@pytest.fixture(scope="module")
def configured_site(tmp_path_factory) -> Path:
    """Per-stage CTAs, a category one, a hostile default and a newsletter form."""
    return build_site(
        "pelicanconf.py", tmp_path_factory.mktemp("cta") / "output",
        CALLS_TO_ACTION={
            "default": {"heading": HOSTILE, "text": HOSTILE, "label": HOSTILE,
                        "url": "/contact/?from=<b>&x=\"1\""},
            "category": {"Cost and pricing": {**LINK, "heading": "By category"}},
            "stage": {stage: {**LINK, "heading": f"Stage {stage}",
                              "url": f"/contact/?stage={stage}"} for stage in STAGES},
        },
        FOOTER_CALL_TO_ACTION={**FORM, "email_label": "Work email"})


def test_an_article_gets_its_stages_call_to_action_unless_its_category_has_one(
        configured_site):
    pages = articles_by_title(configured_site)
    categories = {p.title: p.meta.get("category") for p in sample_posts()}
    checked = 0
    for title, stage in stage_of_posts().items():
        heading, href = heading_and_href(article_cta(pages[title]))
        if categories[title] == "Cost and pricing":
            assert (heading, href) == ("By category", "/contact/"), title
        else:
            assert (heading, href) == (f"Stage {stage}", f"/contact/?stage={stage}"), title
            checked += 1
    assert checked >= 5


def test_a_newsletter_form_is_plain_labelled_html(configured_site):
    for path in page_types(configured_site).values():
        page = soup(path)
        block = footer_cta(page)
        form = block.select_one("form")
        assert (form["method"], form["action"]) == ("post", FORM["form_action"])
        field = form.select_one("input")
        label = form.select_one("label")
        assert label["for"] == field["id"] and label.get_text(strip=True) == "Work email"
        assert (field["type"], field["name"], field["autocomplete"]) == (
            "email", "email", "email")
        assert field.has_attr("required")
        button = form.select_one("button")
        assert (button["type"], button.get_text(strip=True)) == ("submit", "Subscribe")
        assert len(page.select(f'[id="{field["id"]}"]')) == 1
        assert not block.select("script")


def test_hostile_text_in_a_call_to_action_stays_text(configured_site):
    defaults = [p for p in configured_site.glob("posts/*/index.html")
                if not article_cta(soup(p)).h2.get_text().startswith(("Stage", "By category"))]
    assert defaults  # the posts whose question is in no stage of the bank
    path = defaults[0]
    block = article_cta(soup(path))
    assert block.h2.get_text(strip=True) == HOSTILE
    assert block.select_one("a").get_text(strip=True) == HOSTILE
    assert block.select_one("a")["href"] == "/contact/?from=<b>&x=\"1\""
    assert not block.select("script, b")
    assert "<script>alert('cta')" not in path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bad_settings_build(tmp_path_factory) -> tuple[Path, list[str]]:
    output, records = build_with_log(
        "pelicanconf.py", tmp_path_factory.mktemp("bad-cta") / "output", CONTENT,
        CALLS_TO_ACTION={
            "default": {**LINK, "url": "javascript:alert(1)"},
            "category": {"Cost and pricng": LINK, "Problems": {"label": "x", "url": "/x/"}},
            "stage": {"decision": {**LINK, "heading": "Decide", "colour": "red"},
                      "awareness": {**FORM, "form_action": "http://news.example.com/s"},
                      "consideration": {**LINK, "url": "/\\evil.example/"}},
        },
        FOOTER_CALL_TO_ACTION={"heading": "Footer", "label": "Go", "url": "www.example.com"})
    return output, findings_in(records)


def test_bad_settings_are_findings_naming_the_setting_and_key(bad_settings_build):
    _, findings = bad_settings_build
    bad = [f for f in findings if ": bad-call-to-action: " in f]
    assert all(f.startswith("warning: pelicanconf.py: bad-call-to-action: ") for f in bad)
    for says in ("CALLS_TO_ACTION['default']['url'] is 'javascript:alert(1)'",
                 "CALLS_TO_ACTION['category']['Cost and pricng']: no article is in that "
                 "category",
                 "CALLS_TO_ACTION['category']['Problems'] has no 'heading'",
                 "CALLS_TO_ACTION['stage']['decision']: unknown key(s) 'colour'",
                 "FOOTER_CALL_TO_ACTION['url'] is 'www.example.com'",
                 "CALLS_TO_ACTION['stage']['awareness']['form_action'] is "
                 "'http://news.example.com/s'",
                 "CALLS_TO_ACTION['stage']['consideration']['url'] is "
                 "'/\\\\evil.example/'"):
        assert any(says in f for f in bad), (says, bad)


def test_with_bad_settings_the_site_still_builds_without_those_blocks(bad_settings_build):
    output, _ = bad_settings_build
    pages = articles_by_title(output)
    assert len(pages) == len(sample_posts())
    for page in pages.values():
        assert article_cta(page) is None and footer_cta(page) is None
        assert not page.select('form[action^="http:"], a[href*="\\\\"]')
    assert (output / "questions/index.html").exists() and (output / "index.html").exists()


def test_no_settings_no_blocks(tmp_path):
    output = build_site("pelicanconf.py", tmp_path / "output",
                        CALLS_TO_ACTION={}, FOOTER_CALL_TO_ACTION=None)
    pages = list(output.rglob("*.html"))
    assert len(pages) > 20
    assert not [p for p in pages if soup(p).select(".cta")]


def test_a_link_to_no_page_of_the_site_is_left_out():
    table = {"default": LINK, "category": {"Cost": {**LINK, "url": "/contcat/"}},
             "stage": {"decision": {**LINK, "url": "https://elsewhere.example/"}}}
    clean, footer, problems = drop_unknown_targets(
        table, {**FORM, "form_action": "/subscribe?list=1"}, {"", "contact", "posts/x"})
    assert clean == {"default": LINK, "category": {}, "stage": table["stage"]}
    assert footer is None
    assert [p.split(" is ")[0] for p in problems] == [
        "CALLS_TO_ACTION['category']['Cost']['url']", "FOOTER_CALL_TO_ACTION['form_action']"]
    assert site_path("/posts/x/index.html?a=1#top") == "posts/x"
    assert site_path("https://example.com/contact/") is None


FORK_POST = """\
Title: How long does a boiler service take?
Date: 2026-04-01
Category: Servicing
Source-Exempt: our own opening post

About an hour for most homes.
"""


def test_a_fork_without_a_contact_page_gets_warnings_not_broken_links(tmp_path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "boiler.md").write_text(FORK_POST, encoding="utf-8")
    output, records = build_with_log("publishconf.py", tmp_path / "output", content)
    bad = [f for f in findings_in(records) if ": bad-call-to-action: " in f]
    assert any("CALLS_TO_ACTION['default']['url'] is '/contact/', which is no page" in f
               for f in bad), bad
    assert any("FOOTER_CALL_TO_ACTION['url'] is '/contact/'" in f for f in bad)
    # The sample's "Cost and pricing" CTA waits quietly for a post in that category.
    assert not any("no article is in that category" in f for f in bad), bad
    page = soup(next(output.glob("posts/*/index.html")))
    assert article_cta(page) is None and footer_cta(page) is None



def test_the_audit_reports_a_bad_call_to_action_as_the_build_does(tmp_path):
    audit = run_audit(ROOT / "pelicanconf.py", overrides={
        "PATH": str(CONTENT), "CACHE_PATH": str(tmp_path / "cache"),
        "CALLS_TO_ACTION": {"default": {**LINK, "url": "/contcat/"}}})
    bad = [f for f in audit.findings if f.rule == "bad-call-to-action"]
    assert [(f.level, f.file) for f in bad] == [("warning", "pelicanconf.py")]
    assert bad[0].message.startswith(
        "CALLS_TO_ACTION['default']['url'] is '/contcat/', which is no page of this site")

# -- in the browser: the form and the link are accessible, at both widths and in dark mode

@pytest.mark.parametrize(("width", "scheme"), [(375, "light"), (1280, "light"), (1280, "dark")])
def test_the_blocks_and_the_form_are_axe_clean(browser, configured_site, width, scheme):
    require(AXE, "axe-core (npm ci)")
    article = next(configured_site.glob("posts/*/index.html")).parent.relative_to(configured_site)
    with serve(configured_site) as url, visit(browser, f"{url}/{article.as_posix()}/", width,
                                              scheme) as v:
        assert v.page.locator("section.cta").count() == 2  # the article's, the footer's form
        assert axe_violations(v.page) == []
        field = v.page.get_by_label("Work email")
        field.focus()
        assert v.page.evaluate("document.activeElement.type") == "email"
        assert v.page.evaluate("document.documentElement.scrollWidth") <= width
