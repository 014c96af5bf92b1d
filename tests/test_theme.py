"""The theme as a reader meets it: head metadata, reading time, related articles,
the stylesheet's budget and contrast, and hostile text shown as text."""

from __future__ import annotations

import json
import math
import re
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from pelican.plugins.customer_questions.related import MAX_RELATED, related_lists
from pelican.settings import read_settings
from pelican.utils import slugify

from conftest import DATA, ROOT, build_site, read_meta, soup

CSS = ROOT / "theme" / "static" / "css" / "site.css"
HOSTILE = DATA / "hostile_site"
SLUG_SUBS = read_settings()["SLUG_REGEX_SUBSTITUTIONS"]
ARTICLE_BUDGET = 40 * 1024
CSS_BUDGET = 15 * 1024


# --- related articles: the pure function -------------------------------------

def post(name, days, question=None, topic=None, status="published"):
    """A stand-in article, `days` after a fixed day, answering a bank question."""
    q = {"id": question, "text": f"{question}?", "topic": topic} if question else None
    return SimpleNamespace(name=name, date=datetime(2026, 1, 1) + timedelta(days=days),
                           status=status, customer_question=q)


def names(articles) -> list[str]:
    return [a.name for a in articles]


def test_related_puts_the_same_question_first_then_the_same_topic_newest_first():
    me = post("me", 10, "q1", "cost")
    pool = [me, post("topic-old", 1, "q2", "cost"), post("same-old", 2, "q1", "cost"),
            post("topic-new", 9, "q3", "cost"), post("same-new", 5, "q1", "cost"),
            post("other-topic", 20, "q4", "problems")]
    [related] = related_lists([me], pool)
    assert names(related) == ["same-new", "same-old", "topic-new"]


def test_related_never_lists_drafts_the_article_itself_or_more_than_the_limit():
    me = post("me", 0, "q1", "cost")
    pool = [me, post("draft", 30, "q1", "cost", status="draft"),
            post("hidden", 31, "q1", "cost", status="hidden"),
            *(post(f"p{i}", i, "q2", "cost") for i in range(1, 6))]
    [related] = related_lists([me], pool)
    assert names(related) == ["p5", "p4", "p3"][:MAX_RELATED]


def test_related_is_empty_without_a_question_and_ignores_untagged_candidates():
    untagged = post("untagged", 3)
    pool = [untagged, post("a", 1, "q1", "cost"), post("b", 2)]
    assert related_lists([untagged, post("c", 4, "q9", "cost")], pool) == [[], pool[1:2]]


# --- the sample site --------------------------------------------------------

def article_page(site: Path, post) -> Path:
    slug = post.meta.get("slug") or slugify(post.title, regex_subs=SLUG_SUBS)
    return site / "posts" / slug / "index.html"


def test_each_article_shows_its_reading_time(dev_site, published):
    for p in published:
        html = soup(article_page(dev_site, p))
        words = len(re.findall(r"\w+", html.select_one(".entry-content").get_text(" ")))
        shown = html.select_one(".entry-header .reading-time").get_text()
        assert shown == f"{max(1, math.ceil(words / 230))} min read", p.path.name


def test_related_articles_list_those_answering_the_same_question_first(dev_site, published):
    by_question: dict[str, list] = {}
    for p in published:
        by_question.setdefault(p.meta.get("question-id"), []).append(p)
    shared = [group for qid, group in by_question.items() if qid and len(group) > 1]
    assert shared, "the sample content should have two articles on one question"
    for group in shared:
        for p in group:
            section = soup(article_page(dev_site, p)).find(
                "section", attrs={"aria-labelledby": "related-heading"})
            assert section is not None, f"{p.path.name}: no related articles"
            links = [a.get_text() for a in section.select("li > a")]
            others = sorted(o.title for o in group if o is not p)
            assert 1 <= len(links) <= 3
            assert sorted(links[: len(others)]) == others
            assert p.title not in links


def test_article_head_has_description_canonical_open_graph_and_twitter_tags(
        publish_site, published):
    site_url = read_settings(str(ROOT / "publishconf.py"))["SITEURL"]
    for p in published:
        head = soup(article_page(publish_site, p)).head
        folder = article_page(publish_site, p).parent.relative_to(publish_site)
        url = f"{site_url}/{folder.as_posix()}/"

        def meta(attr, name, head=head):
            tag = head.find("meta", attrs={attr: name})
            assert tag is not None, f"{head.title.string}: no <meta {attr}={name}>"
            return tag["content"]

        assert head.find("link", rel="canonical")["href"] == url
        assert meta("property", "og:url") == url
        assert meta("name", "description") == p.meta["summary"]
        assert meta("property", "og:description") == p.meta["summary"]
        assert meta("property", "og:title") == p.title == meta("name", "twitter:title")
        assert meta("property", "og:type") == "article"
        assert meta("name", "twitter:card") in {"summary", "summary_large_image"}
        assert meta("property", "article:published_time").startswith(p.meta["date"][:10])
        feeds = {link["type"]: link["href"] for link in head.find_all("link", rel="alternate")}
        for kind in ("application/atom+xml", "application/rss+xml"):
            assert feeds[kind].startswith(site_url + "/")
            assert (publish_site / feeds[kind][len(site_url) + 1:]).is_file()


def test_article_pages_and_the_stylesheet_keep_within_their_budget(publish_site, published):
    sizes = {p.path.name: article_page(publish_site, p).stat().st_size for p in published}
    largest = max(sizes, key=sizes.get)
    assert sizes[largest] <= ARTICLE_BUDGET, f"{largest}: {sizes[largest]} bytes of HTML"
    stylesheets = list(publish_site.glob("theme/css/*.css"))
    assert [s.name for s in stylesheets] == ["site.css"]
    assert stylesheets[0].stat().st_size <= CSS_BUDGET


def test_no_page_needs_a_script_or_anything_from_another_host(publish_site):
    site_url = read_settings(str(ROOT / "publishconf.py"))["SITEURL"]
    for page in publish_site.rglob("*.html"):
        html = soup(page)
        search = {f"{site_url}/theme/js/{name}" for name in ("search-box.js", "search.js")}
        kinds = {s.get("type") for s in html.find_all("script")  # but the site search's files
                 if not (s.get("src") in search and not s.string)}
        assert kinds <= {"application/ld+json"}, page
        for tag in html.find_all(["link", "img", "iframe", "source"]):
            ref = tag.get("src") or tag.get("href") or ""
            assert not re.match(r"(https?:)?//", ref) or ref.startswith(site_url), (page, ref)


# --- the stylesheet -----------------------------------------------------------

def custom_properties(block: str) -> dict[str, str]:
    return dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", block))


def theme_colours() -> dict[str, dict[str, str]]:
    """The light, dark and print palettes: :root's custom properties in each."""
    css = CSS.read_text(encoding="utf-8")
    light = custom_properties(re.search(r"^:root\s*{(.*?)}", css, re.S | re.M).group(1))
    dark_block = re.search(r"prefers-color-scheme:\s*dark\)\s*{\s*:root\s*{(.*?)}", css, re.S)
    print_block = re.search(r"@media print\s*{\s*:root\s*{(.*?)}", css, re.S)
    assert dark_block and print_block, "light, dark and print palettes expected"
    return {"light": light,
            "dark": {**light, **custom_properties(dark_block.group(1))},
            "print": {**light, **custom_properties(print_block.group(1))}}


def luminance(colour: str) -> float:
    """WCAG relative luminance of #rgb or #rrggbb."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark", "print"])
def test_text_colours_contrast_at_least_4_5_to_1_with_every_background(scheme):
    colours = theme_colours()[scheme]
    for fg in ("--text", "--muted", "--link", "--link-visited"):
        for bg in ("--bg", "--surface", "--code-bg"):
            ratio = contrast(colours[fg].strip(), colours[bg].strip())
            assert ratio >= 4.5, f"{scheme}: {fg} on {bg} is {ratio:.2f}:1"


def test_the_stylesheet_is_self_contained_with_a_readable_measure():
    css = CSS.read_text(encoding="utf-8")
    assert "@import" not in css and "@font-face" not in css
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css)
    measure = custom_properties(css)["--measure"]
    assert re.fullmatch(r"(6\d|7[0-5])ch", measure.strip()), measure


# --- hostile text ---------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return build_site("pelicanconf.py", tmp_path_factory.mktemp("hostile") / "output", HOSTILE)


def hostile_texts() -> dict[str, str]:
    """The payloads as written in the hostile site's files."""
    meta = read_meta(HOSTILE / "articles" / "hostile.md")
    sources = (HOSTILE / "sources.yml").read_text(encoding="utf-8")
    questions = (HOSTILE / "questions.yml").read_text(encoding="utf-8")
    yaml_text = r"'((?:[^']|'')*)'"
    return {
        "title": meta["title"],
        "summary": meta["summary"],
        "tags": [t.strip() for t in meta["tags"].split(",")],
        "attribution": re.search(r"attribution: " + yaml_text, sources).group(1),
        "question": re.search(r"question: " + yaml_text, questions).group(1),
    }


def test_hostile_metadata_is_shown_as_text_on_the_article(hostile):
    text = hostile_texts()
    [page] = [p for p in hostile.glob("posts/*/index.html")
              if soup(p).h1.get_text() == text["title"]]
    html = soup(page)
    assert html.title.get_text().startswith(text["title"])
    assert html.find("meta", attrs={"name": "description"})["content"] == text["summary"]
    assert html.find("meta", attrs={"property": "og:title"})["content"] == text["title"]
    assert html.select_one(".answers a").get_text() == text["question"]
    assert [a.get_text() for a in html.select(".tags a")] == text["tags"]
    assert html.select_one("blockquote .quote-source cite").get_text() == text["attribution"]
    assert html.select_one(".customer-sources li a").get_text() == text["attribution"]


def test_hostile_text_never_becomes_markup_and_every_json_ld_parses(hostile):
    text = hostile_texts()
    pages = list(hostile.rglob("*.html"))
    assert len(pages) > 5
    blocks = 0
    for page in pages:
        html = soup(page)
        for script in html.find_all("script"):
            if script.get("src") in ("/theme/js/search-box.js", "/theme/js/search.js"):
                assert not script.string  # the site search's own files, nothing inline
                continue
            assert script.get("type") == "application/ld+json", f"{page}: a script element"
            data = json.loads(script.string)
            if data.get("@type") != "BlogPosting":
                continue  # breadcrumbs and list pages: tests/test_structured_data.py
            blocks += 1
            if data["headline"] == text["title"]:
                assert data["about"]["name"] == text["question"]
                assert data["citation"][0]["name"] == text["attribution"]
        attrs = {name for tag in html.find_all(True) for name in tag.attrs}
        assert not {a for a in attrs if a.startswith("on")}, f"{page}: an event handler"
        assert not html.select('[href^="javascript:" i], [src^="javascript:" i]'), page
        assert "window.pwned" not in " ".join(a.get("href", "") for a in html.find_all("a"))
    assert blocks == 2


# --- issue 15: the listed defects -------------------------------------------------

def squashed(text: str) -> str:
    """Text with its runs of whitespace made single spaces."""
    return " ".join(text.split())


def same_words(a: str, b: str) -> bool:
    """Equal after folding case and spacing and dropping end punctuation."""
    return squashed(a).casefold().rstrip("?!.…:; ") == squashed(b).casefold().rstrip("?!.…:; ")


def list_pages(site: Path) -> list[Path]:
    return [site / "index.html", *sorted(site.glob("page/*/index.html"))]


def test_answers_lines_keep_the_space_after_their_label(dev_site, published):
    shown = 0
    for path in list_pages(dev_site):
        for line in soup(path).select("article.summary .answers"):
            shown += 1
            assert squashed(line.get_text()) == f"Answers: {squashed(line.a.get_text())}", path
    for p in published:
        line = soup(article_page(dev_site, p)).select_one(".entry-header .answers")
        if line is not None:
            shown += 1
            whole = squashed(line.get_text())
            line.select_one(".answers-label").extract()
            assert whole == f"This article answers: {squashed(line.get_text())}", p.path.name
    assert shown > 5
    for path in dev_site.glob("posts/*/index.html"):
        for item in soup(path).select(".related li:has(.related-question)"):
            question = squashed(item.select_one(".related-question").get_text())
            assert squashed(item.get_text()) == f"{squashed(item.a.get_text())} {question}"


def test_list_items_leave_out_an_answers_line_that_repeats_the_headline(dev_site):
    left_out = kept = 0
    for path in list_pages(dev_site):
        for item in soup(path).select("article.summary"):
            title = item.h2.get_text()
            article = dev_site / item.h2.a["href"].strip("/") / "index.html"
            own = soup(article).select_one(".entry-header .answers")
            if own is None:
                assert item.select_one(".answers") is None, title
                continue
            question = squashed(own.get_text()).removeprefix("This article answers: ")
            line = item.select_one(".answers")
            if same_words(question, title):
                left_out += 1
                assert line is None, f"{title}: the Answers line repeats the headline"
            else:
                kept += 1
                assert line is not None and squashed(line.get_text()) == f"Answers: {question}"
    assert left_out and kept, "the sample has list items of both kinds"


def test_the_published_hub_uses_reader_wording_for_questions_outside_the_bank(publish_site):
    hub = soup(publish_site / "questions" / "index.html")
    headings = [squashed(h.get_text()) for h in hub.select("main .question-group h2")]
    assert "Other questions we answer" in headings
    assert "question bank" not in squashed(hub.select_one("main").get_text()).lower()


def test_a_draft_preview_is_dated_as_a_draft_never_as_published(dev_site, drafts, published):
    pages = sorted(dev_site.glob("drafts/*/index.html"))
    assert len(pages) == len(drafts) > 0
    for path in pages:
        header = soup(path).select_one(".entry-header")
        assert header.select_one(".notice") is not None
        meta = squashed(header.select_one(".meta").get_text())
        assert meta.startswith("Draft dated "), meta
        assert "Published" not in squashed(header.get_text()), path
    meta = soup(article_page(dev_site, published[0])).select_one(".entry-header .meta")
    assert squashed(meta.get_text()).startswith("Published ")


def test_the_main_nav_keeps_the_categories_one_step_away_in_a_disclosure(dev_site):
    home = soup(dev_site / "index.html").select_one("nav.site-nav")
    top = [squashed(li.get_text()) for li in home.select(":scope > ul > li")]
    assert {"Home", "Questions", "Archives"} <= set(top) and len(top) <= 7, top
    topics = home.select_one(":scope > ul > li > details")
    assert squashed(topics.summary.get_text()) == "Topics" and not topics.has_attr("open")
    assert topics.summary.get("aria-current") is None
    categories = sorted(dev_site.glob("category/*/index.html"))
    assert len(topics.select("ul a")) == len(categories) >= 2
    for path in categories:
        nav = soup(path).select_one("nav.site-nav")
        assert nav.select_one("summary")["aria-current"] == "true", path
        current = nav.select("[aria-current]")
        assert [c.name for c in current] == ["summary", "a"]
        assert current[1]["href"] == f"/{path.parent.relative_to(dev_site).as_posix()}/"
        assert current[1]["aria-current"] == "page" and current[1].find_parent("details")
