"""End to end: the sample content built with the development and publish settings."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from pelican.settings import read_settings
from pelican.utils import slugify

from conftest import DATA, ROOT, THEME_SCRIPTS, build_site, output_text, soup

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


SLUG_SUBS = read_settings()["SLUG_REGEX_SUBSTITUTIONS"]


def slug_of(post) -> str:
    """The slug Pelican gives an article: its Slug, else its slugified title."""
    return post.meta.get("slug") or slugify(post.title, regex_subs=SLUG_SUBS)


@pytest.fixture(scope="module")
def site_url() -> str:
    return read_settings(str(ROOT / "publishconf.py"))["SITEURL"]


def test_sample_content_has_at_least_twelve_published_articles(published, drafts):
    assert len(published) >= 12
    assert len(drafts) >= 1


@pytest.mark.parametrize("site", ["dev_site", "publish_site"])
def test_every_published_article_has_its_page_with_its_title(site, published, request):
    output = request.getfixturevalue(site)
    for post in published:
        page = output / "posts" / slug_of(post) / "index.html"
        assert page.is_file(), f"{post.path.name}: no page at {page}"
        html = soup(page)
        assert html.find("h1").get_text(" ", strip=True) == post.title
        assert post.title in html.title.get_text()


def test_index_is_paginated_and_lists_every_article(dev_site, published):
    pages = [dev_site / "index.html", *sorted((dev_site / "page").glob("*/index.html"))]
    assert len(pages) >= 2, "the index should span more than one page"
    listed = []
    for page in pages:
        html = soup(page)
        nav = html.find("nav", attrs={"aria-label": re.compile("pagination", re.I)})
        assert nav is not None, f"{page}: no labelled pagination"
        listed += [h.get_text(" ", strip=True) for h in html.select("main article h2")]
    assert sorted(listed) == sorted(p.title for p in published)


def test_draft_is_previewable_in_development_but_not_listed(dev_site, drafts):
    for draft in drafts:
        assert (dev_site / "drafts" / slug_of(draft) / "index.html").is_file()
        for listing in [dev_site / "index.html", dev_site / "archives" / "index.html"]:
            assert draft.title not in soup(listing).get_text()


def test_draft_appears_nowhere_in_the_publish_build(publish_site, drafts):
    assert not (publish_site / "drafts").exists()
    texts = output_text(publish_site)
    for draft in drafts:
        slug = slug_of(draft)
        for path, text in texts.items():
            assert draft.title not in text, f"draft title in {path}"
            assert f"/{slug}/" not in text, f"draft URL in {path}"


def test_atom_and_rss_feeds_list_the_published_articles_with_full_content(
    publish_site, published, site_url
):
    wanted = {f"{site_url}/posts/{slug_of(p)}/" for p in published}
    atom = etree.parse(str(publish_site / "feeds" / "all.atom.xml")).getroot()
    entries = atom.findall(f"{ATOM}entry")
    assert {e.find(f"{ATOM}link").get("href") for e in entries} == wanted
    for entry in entries:
        content = entry.find(f"{ATOM}content")
        assert content is not None and len(content.text) > 1500

    rss = etree.parse(str(publish_site / "feeds" / "all.rss.xml")).getroot()
    items = rss.findall("channel/item")
    assert {i.findtext("link") for i in items} == wanted
    for item in items:
        assert len(item.findtext("description")) > 1500, "RSS should carry full content"


def test_sitemap_lists_published_articles_and_not_the_draft(
        publish_site, published, drafts, site_url):
    sitemap = etree.parse(str(publish_site / "sitemap.xml")).getroot()
    locs = {u.findtext(f"{SITEMAP}loc") for u in sitemap.findall(f"{SITEMAP}url")}
    for post in published:
        assert f"{site_url}/posts/{slug_of(post)}/" in locs
    for draft in drafts:
        assert not any(slug_of(draft) in loc for loc in locs)
    assert all(loc.startswith(site_url + "/") for loc in locs)


def test_robots_txt_points_to_the_sitemap(publish_site, site_url):
    robots = (publish_site / "robots.txt").read_text().splitlines()
    assert robots[0] == "User-agent: *"
    assert f"Sitemap: {site_url}/sitemap.xml" in robots
    assert "<" not in "".join(robots)


def test_404_page_exists_and_links_home(publish_site, site_url):
    html = soup(publish_site / "404.html")
    assert "not found" in html.get_text(" ").lower()
    hrefs = {a["href"] for a in html.select("main a[href]")}
    assert f"{site_url}/" in hrefs


def test_about_and_contact_pages_are_in_the_navigation(dev_site):
    nav = soup(dev_site / "index.html").find("nav", attrs={"aria-label": "Main"})
    hrefs = {a["href"] for a in nav.find_all("a")}
    for slug in ("about", "contact"):
        assert f"/{slug}/" in hrefs
        assert (dev_site / slug / "index.html").is_file()


def test_category_tag_and_author_pages_exist(dev_site, published):
    for post in published:
        for kind in ("category", "author"):
            slug = slugify(post.meta[kind], regex_subs=SLUG_SUBS)
            assert (dev_site / kind / slug / "index.html").is_file()
        for tag in filter(None, (t.strip() for t in post.meta.get("tags", "").split(","))):
            assert (dev_site / "tag" / slugify(tag, regex_subs=SLUG_SUBS) / "index.html").is_file()
    for listing in ("archives", "categories", "tags", "authors"):
        assert (dev_site / listing / "index.html").is_file()


def internal_links(output: Path, site_url: str):
    """Yield (page, href, target path) for every link and asset inside the site."""
    for page in output.rglob("*.html"):
        for tag in soup(page).find_all(["a", "link", "img", "script"]):
            ref = tag.get("href") or tag.get("src")
            if not ref or ref.startswith(("mailto:", "#", "tel:")):
                continue
            if site_url and ref.startswith(site_url):
                ref = ref[len(site_url):] or "/"
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc:
                continue  # an external link
            base = "/" + page.relative_to(output).parent.as_posix() + "/"
            path = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
            target = output / path.lstrip("/")
            if ref.endswith("/") or target.is_dir():
                target = target / "index.html"
            yield page, ref, target


@pytest.mark.parametrize("site", ["dev_site", "publish_site"])
def test_no_broken_internal_links(site, request, site_url):
    output = request.getfixturevalue(site)
    base = site_url if site == "publish_site" else ""
    links = list(internal_links(output, base))
    broken = sorted({(str(p.relative_to(output)), ref) for p, ref, t in links if not t.is_file()})
    assert len(links) > 100
    assert broken == []


def test_metadata_is_shown_as_text_never_as_markup(tmp_path):
    output = build_site("pelicanconf.py", tmp_path / "output", DATA / "hostile_metadata")
    pages = list(output.rglob("*.html"))
    assert pages
    for page in pages:
        html = soup(page)
        for script in html.find_all("script"):
            if script.get("src"):  # the theme's own search scripts, nothing inline
                assert script["src"] in THEME_SCRIPTS and not script.string, f"{page}: {script}"
                continue
            assert script.get("type") == "application/ld+json", f"{page}: a script element"
            json.loads(script.string)
        assert not html.select("[onerror], [onmouseover]"), f"{page}: an event handler"
        assert html.find("b") is None, f"{page}: user markup"
        # The only images are the theme's logo: the metadata's <img> stayed text.
        assert [img.get("class") for img in html.find_all("img")] in ([], [["site-logo"]])
    article = soup(next(output.glob("posts/*/index.html")))
    assert article.find("h1").get_text() == 'Is <script>window.pwned=1</script> "safe" & sound?'
    description = article.find("meta", attrs={"name": "description"})["content"]
    assert "<script>alert(3)</script>" in description


def test_feeds_carry_the_summary_as_escaped_html(tmp_path):
    output = build_site("publishconf.py", tmp_path / "output", DATA / "hostile_metadata")
    atom = etree.parse(str(output / "feeds" / "all.atom.xml")).getroot()
    [entry] = atom.findall(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    as_html = BeautifulSoup(summary.text, "lxml")
    assert as_html.find("script") is None
    assert "<script>alert(3)</script>" in as_html.get_text()


def test_tags_index_lists_every_tag_with_its_article_count(dev_site, published):
    counts: dict[str, int] = {}
    for post in published:
        for tag in filter(None, (t.strip() for t in post.meta.get("tags", "").split(","))):
            counts[tag] = counts.get(tag, 0) + 1
    listed = {}
    for item in soup(dev_site / "tags" / "index.html").select("main li"):
        link = item.find("a")
        listed[link.get_text()] = int(item.find(class_="count").get_text().split()[0])
    assert listed == counts


def test_a_code_block_without_a_language_is_plain_text_and_one_with_is_highlighted(tmp_path):
    site = tmp_path / "blog-src" / "articles"
    site.mkdir(parents=True)
    code = "#!/usr/bin/env python\nimport os\nprint(os.getcwd())"  # Pygments would guess it
    (site / "code.md").write_text(
        "Title: Two code blocks\nDate: 2026-01-05\nSummary: Code.\n\nFirst:\n\n"
        f"```\n{code}\n```\n\nSecond:\n\n```python\n{code}\n```\n", encoding="utf-8")
    output = build_site("pelicanconf.py", tmp_path / "output", tmp_path / "blog-src")
    unlabelled, labelled = soup(output / "posts" / "two-code-blocks" / "index.html").select(
        ".entry-content .highlight pre")
    assert unlabelled.get_text().strip() == labelled.get_text().strip() == code
    assert not unlabelled.select("span[class]")  # no lexer guessed
    assert labelled.select("span.kn")  # Python's import keyword
