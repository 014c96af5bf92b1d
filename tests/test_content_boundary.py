"""The content folder is a boundary: nothing outside it is read or published, nothing is
written outside the output folder, and no post writes over the site's own pages.

Each bad file gets one finding naming it (and the line or field) and the fix; the rest
of the site builds. The sites are built in tmp_path, their links made here.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pelican.plugins.content_guard.boundary import (
    escapes,
    link_problem,
    template_verdict,
    unsafe_field,
    unsafe_path,
)
from pelican.plugins.content_guard.links import walk
from pelican.plugins.content_guard.outputs import (
    natural_output,
    reserved_by,
    reserved_outputs,
    unsafe_output_settings,
)
from pelican.settings import read_settings

from conftest import CONTENT, ROOT, build_with_log, run_invoke, soup
from customer_evidence.tools.audit import run_audit

WORKSHOP = "how-much-does-a-sales-and-marketing-alignment-workshop-cost"
BOUNDARY_RULES = {"outside-content", "link-loop", "unsafe-path", "unknown-template",
                  "reserved-output", "slug-collision"}
SECRET = "SECRET-FROM-OUTSIDE-CONTENT"
ATOM = "{http://www.w3.org/2005/Atom}"

# article name -> Save_as it tries; the page it would have replaced must be the real one.
RESERVED = {
    "home": "index.html",
    "about": "about/index.html",
    "feed": "feeds/all.atom.xml",
    "sitemap": "sitemap.xml",
    "robots": "robots.txt",
    "not-found": "404.html",
    "archives": "archives/index.html",
    "hub": "questions/index.html",
    "report": "editorial/index.html",
    "tag": "tag/pricing/index.html",
    "category": "category/cost-and-pricing/index.html",
    "author": "author/priya-raman/index.html",
    "other-post": f"posts/{WORKSHOP}/index.html",
    "second-page": "page/2/index.html",
    "stylesheet": "theme/css/site.css",
    "dot-home": "./index.html",
}
UNSAFE = {  # article name -> (field, value)
    "save-as-up": ("Save_as", "../../outside.html"),
    "save-as-root": ("Save_as", "/tmp/outside-absolute.html"),
    "slug-up": ("Slug", "../../slug-outside"),
    "url-up": ("URL", "../../url-outside/"),
    "lang-up": ("Lang", "../../lang-outside"),
}


def post(folder: Path, name: str, *header: str, title: str | None = None) -> Path:
    """A published article that needs no source, with a body only it contains."""
    path = folder / f"{name}.md"
    path.write_text(f"Title: {title or 'Boundary ' + name}\nDate: 2026-03-01\n"
                    "Source-Exempt: boundary test\n" + "".join(f"{h}\n" for h in header)
                    + f"\nBODY-OF-{name.upper()}.\n", encoding="utf-8")
    return path


def small_site(tmp_path: Path) -> Path:
    """One real article (tags pricing, author Priya Raman), the About page, the bank and
    the registry, and a folder of secrets beside the content folder."""
    content = tmp_path / "site" / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "images").mkdir()
    for name in ("questions.yml", "sources.yml", "articles/workshop-cost.md", "pages/about.md"):
        shutil.copy(CONTENT / name, content / name)
    (content / "images" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(f"Title: Outside\nDate: 2026-03-01\n\n{SECRET}\n")
    (outside / "secret.txt").write_text(SECRET)
    return content


def hostile_site(tmp_path: Path) -> Path:
    """The small site, with every case of this file in it."""
    content = small_site(tmp_path)
    outside = tmp_path / "outside"
    articles, images = content / "articles", content / "images"
    # Links out of the content folder, and links that stay inside it.
    (images / "passwd").symlink_to("/etc/passwd")
    (images / "config").symlink_to(ROOT / ".git" / "config")
    (images / "secret.txt").symlink_to(outside / "secret.txt")
    (images / "logo-link.svg").symlink_to("logo.svg")
    (articles / "x.md").symlink_to(outside / "secret.md")
    (articles / "outdir").symlink_to(outside)
    (articles / "loop").symlink_to(".")
    guides = content / "guides"
    guides.mkdir()
    post(guides, "linked-guide")
    (articles / "guides").symlink_to("../guides")
    post(articles, "static-up", "", title="Boundary static-up")
    (articles / "static-up.md").write_text(
        "Title: Boundary static-up\nDate: 2026-03-01\nSource-Exempt: boundary test\n\n"
        "A picture:\n\n![secret]({static}../../../outside/secret.txt)\n", encoding="utf-8")
    for name, save_as in RESERVED.items():
        post(articles, name, f"Save_as: {save_as}")
    for name, (field, value) in UNSAFE.items():
        post(articles, name, f"{field}: {value}")
    post(articles, "url-root", "URL: /offers/root/")  # a link from the root: fine
    post(articles, "template-up", "Template: ../../../../etc/passwd")
    post(articles, "template-missing", "Template: nonexistent")
    (content / "pages" / "questions.md").write_text(
        "Title: Questions\n\nBODY-OF-QUESTIONS-PAGE.\n", encoding="utf-8")
    return content


def findings_of(records: list[logging.LogRecord]) -> list:
    """Every finding logged: the plugins' own lines and Pelican's 'Could not process'."""
    return [r.finding for r in records if getattr(r, "finding", None) is not None]


def about(findings: list, path: Path) -> list:
    return [f for f in findings if f.file == str(path) and f.rule in BOUNDARY_RULES]


def every_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def publish(tmp_path_factory):
    """The hostile site built with publishconf.py: (tmp folder, output, findings, records)."""
    tmp = tmp_path_factory.mktemp("boundary")
    content = hostile_site(tmp)
    output, records = build_with_log("publishconf.py", tmp / "output", content)
    return tmp, output, findings_of(records), records


# --- Links out of the content folder ----------------------------------------------------

@pytest.mark.parametrize("link, target", [
    ("images/passwd", "/etc/passwd"),
    ("images/config", str(ROOT / ".git" / "config")),
    ("images/secret.txt", "outside/secret.txt"),
    ("articles/x.md", "outside/secret.md"),
    ("articles/outdir", "outside"),
])
def test_a_link_out_of_the_content_folder_is_left_out_with_one_error(publish, link, target):
    tmp, output, findings, _ = publish
    [finding] = about(findings, tmp / "site" / "content" / link)
    assert (finding.level, finding.rule) == ("error", "outside-content")
    where = target if target.startswith("/") else str(tmp / target)
    assert where in finding.message and "delete the link" in finding.message
    assert SECRET not in finding.message and "root:" not in finding.message
    assert not (output / link).exists()


def test_nothing_outside_the_content_folder_reaches_the_site(publish):
    _, output, _, _ = publish
    text = every_text(output)
    assert "root:x:0:0" not in text  # /etc/passwd
    assert "repositoryformatversion" not in text  # the repository's .git/config
    assert SECRET not in text
    assert not (output / "posts" / "outside").exists()


def test_a_url_from_the_root_is_kept(publish):
    tmp, output, findings, _ = publish
    assert about(findings, tmp / "site" / "content" / "articles" / "url-root.md") == []
    page = soup(output / "posts" / "boundary-url-root" / "index.html")
    assert page.find("h1").get_text(strip=True) == "Boundary url-root"


def test_links_that_stay_inside_the_content_folder_keep_working(publish):
    tmp, output, findings, _ = publish
    assert (output / "images" / "logo-link.svg").read_text().startswith("<svg")
    page = soup(output / "posts" / "boundary-linked-guide" / "index.html")
    assert page.find("h1").get_text(strip=True) == "Boundary linked-guide"
    assert about(findings, tmp / "site" / "content" / "articles" / "guides") == []


def test_a_folder_link_round_in_a_loop_is_not_followed(publish):
    tmp, output, findings, _ = publish
    [finding] = about(findings, tmp / "site" / "content" / "articles" / "loop")
    assert (finding.level, finding.rule) == ("warning", "link-loop")
    workshop = [f for f in findings if f.rule == "slug-collision"]
    assert workshop == []  # the loop would have read every article 40 times
    assert soup(output / "posts" / WORKSHOP / "index.html").find("h1")


def test_a_static_link_out_of_the_content_folder_is_neither_read_nor_written(publish):
    tmp, output, findings, _ = publish
    source = tmp / "site" / "content" / "articles" / "static-up.md"
    [finding] = about(findings, source)
    assert (finding.rule, finding.line) == ("outside-content", 7)
    assert str(tmp / "outside" / "secret.txt") in finding.message
    # Pelican would copy it to output/../../outside/secret.txt
    # (cache/ is the CACHE_PATH the tests give Pelican, beside the output)
    assert sorted(p.name for p in tmp.iterdir()) == ["cache", "output", "outside", "site"]
    assert sorted(p.name for p in (tmp / "outside").iterdir()) == ["secret.md", "secret.txt"]
    page = soup(output / "posts" / "boundary-static-up" / "index.html")
    assert page.find("h1").get_text(strip=True) == "Boundary static-up"


# --- '..' and absolute paths in metadata -------------------------------------------------

@pytest.mark.parametrize("name", sorted(UNSAFE))
def test_dot_dot_or_an_absolute_path_in_a_path_field_leaves_the_post_out(publish, name):
    tmp, output, findings, records = publish
    field, value = UNSAFE[name]
    [finding] = about(findings, tmp / "site" / "content" / "articles" / f"{name}.md")
    assert (finding.level, finding.rule, finding.line) == ("error", "unsafe-path", 4)
    assert finding.message.startswith(f"line 4, {field}: {value!r} leads outside the site")
    assert f"BODY-OF-{name.upper()}" not in every_text(output)
    assert not any(p.name.startswith(("outside", "slug-outside", "url-outside", "lang-out"))
                   for p in tmp.parent.iterdir())
    assert not Path("/tmp/outside-absolute.html").exists()
    assert [r for r in records if r.exc_info] == []


@pytest.mark.parametrize("name, rule", [("template-up", "unsafe-path"),
                                        ("template-missing", "unknown-template")])
def test_an_unusable_template_builds_the_post_with_the_default_one(publish, name, rule):
    tmp, output, findings, records = publish
    [finding] = about(findings, tmp / "site" / "content" / "articles" / f"{name}.md")
    assert (finding.level, finding.rule, finding.line) == ("error", rule, 4)
    assert "Template" in finding.message and "default 'article' template" in finding.message
    page = soup(output / "posts" / f"boundary-{name}" / "index.html")
    assert page.select_one("article.entry h1").get_text(strip=True) == f"Boundary {name}"
    assert "root:x" not in str(page)


def test_the_unknown_template_message_lists_the_themes_templates(publish):
    tmp, _, findings, _ = publish
    [finding] = about(findings, tmp / "site" / "content" / "articles" / "template-missing.md")
    assert "'nonexistent' is not a template of the theme" in finding.message
    assert "article, author" in finding.message


# --- The site's own outputs ----------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(RESERVED))
def test_a_post_that_would_write_over_a_site_page_is_left_out(publish, name):
    tmp, output, findings, _ = publish
    [finding] = about(findings, tmp / "site" / "content" / "articles" / f"{name}.md")
    assert (finding.level, finding.rule, finding.line) == ("error", "reserved-output", 4)
    assert f"Save_as: {RESERVED[name]!r} would write over" in finding.message
    assert "Remove the Save_as line" in finding.message
    assert f"BODY-OF-{name.upper()}" not in every_text(output)


def test_the_sites_own_pages_are_the_real_ones(publish):
    _, output, _, _ = publish
    home = soup(output / "index.html")
    assert home.find("h1").get_text(strip=True) == "Latest articles"
    assert "How much does a sales and marketing alignment workshop cost?" in home.get_text()
    assert soup(output / "about" / "index.html").find("h1").get_text() == "About Bridgewell"
    assert soup(output / "404.html").find("h1").get_text() == "Page not found"
    assert soup(output / "archives" / "index.html").find("h1").get_text() == "Archives"
    assert soup(output / "questions" / "index.html").find("h1").get_text() == (
        "Customer questions")
    for listing, heading in [("tag/pricing", "Tagpricing"),
                             ("category/cost-and-pricing", "CategoryCost and pricing"),
                             ("author/priya-raman", "AuthorPriya Raman")]:
        assert soup(output / listing / "index.html").find("h1").get_text(strip=True) == heading
    workshop = soup(output / "posts" / WORKSHOP / "index.html")
    assert workshop.find("h1").get_text().startswith("How much does a sales")
    assert (output / "robots.txt").read_text().startswith("User-agent: *")
    assert (output / "theme" / "css" / "site.css").read_text().strip().startswith("/*")
    assert not (output / "page" / "2").exists() and not (output / "editorial").exists()


def test_the_feed_and_the_sitemap_are_the_real_ones(publish):
    _, output, _, _ = publish
    feed = ET.parse(output / "feeds" / "all.atom.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert "How much does a sales and marketing alignment workshop cost?" in titles
    assert not any(t.startswith("Boundary ") and t[9:] in RESERVED for t in titles)
    sitemap = ET.parse(output / "sitemap.xml").getroot()
    assert sitemap.tag.endswith("urlset")


def test_a_page_whose_slug_is_a_site_page_is_left_out(publish):
    tmp, output, findings, _ = publish
    [finding] = about(findings, tmp / "site" / "content" / "pages" / "questions.md")
    assert (finding.rule, finding.line) == ("reserved-output", 1)
    assert "'questions/index.html' would write over the question hub" in finding.message
    assert "Slug: ..." in finding.message
    assert "BODY-OF-QUESTIONS-PAGE" not in every_text(output)


def test_each_bad_file_gets_one_finding_and_no_traceback(publish):
    tmp, _, findings, records = publish
    mine = [f for f in findings if f.rule in BOUNDARY_RULES]
    files = [f.file for f in mine]
    assert len(files) == len(set(files))
    assert len(mine) == 5 + 1 + 1 + len(UNSAFE) + 2 + len(RESERVED) + 1
    assert [r.getMessage() for r in records if r.exc_info] == []
    pelican_lines = [r.getMessage() for r in records if r.name.startswith("pelican")
                     and r.levelno >= logging.ERROR and not hasattr(r, "finding")]
    assert pelican_lines == []  # every error is one of the findings


def test_the_audit_reports_the_same_boundary_findings(publish, tmp_path):
    tmp, _, findings, _ = publish
    audit = run_audit(ROOT / "publishconf.py", overrides={
        "PATH": str(tmp / "site" / "content"), "CACHE_PATH": str(tmp_path / "cache")})
    assert sorted({f for f in audit.findings if f.rule in BOUNDARY_RULES}, key=repr) == sorted(
        {f for f in findings if f.rule in BOUNDARY_RULES}, key=repr)
    assert "articles/x.md" not in audit.files


def test_invoke_audit_names_the_links_and_the_reserved_outputs(repo):
    images = repo / "content" / "images"
    images.mkdir(exist_ok=True)  # the copy may have images of its own
    (images / "passwd").symlink_to("/etc/passwd")
    home = post(repo / "content" / "articles", "home", "Save_as: index.html")
    audit = run_invoke(repo, "audit", "--format", "json")
    assert audit.returncode == 1, audit.stderr
    errors = [(f["rule"], f["file"], f["line"])
              for f in json.loads(audit.stdout)["findings"] if f["level"] == "error"]
    assert errors == [("reserved-output", home.relative_to(repo).as_posix(), 4),
                      ("outside-content", (images / "passwd").relative_to(repo).as_posix(), None)]
    assert "root:x" not in audit.stdout and "Traceback" not in audit.stderr


# --- Smaller builds: settings, reST, drafts, a page over an article --------------------

def test_an_output_setting_leading_outside_is_turned_off(tmp_path):
    content = small_site(tmp_path)
    output, records = build_with_log("publishconf.py", tmp_path / "output", content,
                                     FEED_ALL_RSS="../../feed-outside.xml")
    [finding] = [f for f in findings_of(records) if f.rule == "unsafe-path"]
    assert finding.file == "" and "setting FEED_ALL_RSS" in finding.message
    assert "turned off" in finding.message
    assert not list(tmp_path.rglob("feed-outside.xml"))
    assert ET.parse(output / "feeds" / "all.atom.xml").getroot().tag == f"{ATOM}feed"
    assert soup(output / "index.html").find("h1").get_text() == "Latest articles"


def test_a_restructuredtext_include_of_another_file_is_refused(tmp_path):
    content = small_site(tmp_path)
    (content / "articles" / "included.rst").write_text(
        "Included\n########\n\n:date: 2026-03-01\n:source-exempt: test\n\n"
        f".. include:: {tmp_path / 'outside' / 'secret.txt'}\n", encoding="utf-8")
    output, records = build_with_log("publishconf.py", tmp_path / "output", content)
    [error] = [r.getMessage() for r in records if "included.rst" in r.getMessage()]
    assert "included.rst:7" in error and '"include" directive disabled' in error
    assert SECRET not in every_text(output)
    assert soup(output / "posts" / WORKSHOP / "index.html").find("h1")


def test_a_drafts_save_as_is_not_published(tmp_path):
    content = small_site(tmp_path)
    post(content / "articles", "plans", "Status: draft", "Save_as: plans.html")
    published, _ = build_with_log("publishconf.py", tmp_path / "publish", content)
    assert not (published / "plans.html").exists()
    assert "BODY-OF-PLANS" not in every_text(published)
    developed, _ = build_with_log("pelicanconf.py", tmp_path / "dev", content)
    assert soup(developed / "plans.html").find("h1").get_text() == "Boundary plans"


def test_a_page_that_would_write_an_articles_page_is_left_out(tmp_path):
    content = small_site(tmp_path)
    (content / "pages" / "clash.md").write_text(
        f"Title: Clash\nSave_as: {WORKSHOP}/index.html\n\nBODY-OF-CLASH.\n")
    post(content / "articles", "about-post", "Slug: about", title="About post")
    output, records = build_with_log(
        "pelicanconf.py", tmp_path / "output", content,
        ARTICLE_SAVE_AS="{slug}/index.html", ARTICLE_URL="{slug}/")
    findings = findings_of(records)
    [clash] = about(findings, content / "pages" / "clash.md")
    assert (clash.rule, clash.line) == ("reserved-output", 2)
    assert "articles/workshop-cost.md" in clash.message
    [page] = about(findings, content / "pages" / "about.md")  # both are at about/
    assert page.rule == "slug-collision" and "about-post.md" in page.message
    assert soup(output / "about" / "index.html").find("h1").get_text() == "About post"
    assert soup(output / WORKSHOP / "index.html").find("h1").get_text().startswith("How much")
    assert [r for r in records if r.exc_info] == []


# --- The pure parts --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def publish_settings():
    return read_settings(str(ROOT / "publishconf.py"))


@pytest.fixture(scope="module")
def dev_settings():
    return read_settings(str(ROOT / "pelicanconf.py"))


@pytest.mark.parametrize("save_as, setting", [
    ("index.html", "INDEX_SAVE_AS"),
    ("page/3/index.html", "INDEX_SAVE_AS, PAGINATION_PATTERNS"),
    ("tag/anything/index.html", "TAG_SAVE_AS"),
    ("tag/anything/page/2/index.html", "TAG_SAVE_AS, PAGINATION_PATTERNS"),
    ("category/x/index.html", "CATEGORY_SAVE_AS"),
    ("author/x/index.html", "AUTHOR_SAVE_AS"),
    ("tags/index.html", "TAGS_SAVE_AS"),
    ("archives/index.html", "ARCHIVES_SAVE_AS"),
    ("404.html", "404_SAVE_AS"),
    ("robots.txt", "ROBOTS_SAVE_AS"),
    ("feeds/all.rss.xml", "FEED_ALL_RSS"),
    ("feeds/category/pricing.atom.xml", "CATEGORY_FEED_ATOM"),
    ("questions/index.html", "CUSTOMER_QUESTIONS_HUB_SAVE_AS"),
    ("questions/some-question/index.html", "CUSTOMER_QUESTIONS_SAVE_AS"),
    ("editorial/report.json", "EDITORIAL_REPORT_JSON_SAVE_AS"),
    ("theme/css/site.css", "THEME_STATIC_DIR"),
    ("sitemap.xml", None),
    ("CNAME", None),
])
def test_the_reserved_outputs_come_from_the_settings(publish_settings, save_as, setting):
    owner = reserved_by(save_as, reserved_outputs(publish_settings))
    assert owner is not None
    assert setting is None or f"({setting})" in owner.what


@pytest.mark.parametrize("save_as", ["posts/x/index.html", "about/index.html",
                                     "images/logo.svg", "drafts/x/index.html", "index.htm"])
def test_articles_pages_and_static_files_are_not_reserved(publish_settings, save_as):
    assert reserved_by(save_as, reserved_outputs(publish_settings)) is None


def test_a_development_build_reserves_what_publishing_writes_by_default(dev_settings):
    reserved = reserved_outputs(dev_settings)  # feeds off, editorial report on
    assert reserved_by("feeds/all.atom.xml", reserved).what == "a feed (FEED_ALL_ATOM)"
    assert reserved_by("editorial/index.html", reserved)
    assert reserved_by("robots.txt", reserved).what == "robots.txt"
    off = reserved_outputs({**dev_settings, "EDITORIAL_REPORT_SAVE_AS": ""})
    assert reserved_by("editorial/index.html", off)  # the default stays reserved


def test_a_plugins_outputs_are_reserved_only_where_it_is_loaded(dev_settings):
    foreign = reserved_outputs({**dev_settings, "PLUGINS": ["customer_sources"],
                                "DIRECT_TEMPLATES": ["index"]})
    assert reserved_by("questions/index.html", foreign) is None
    assert reserved_by("editorial/index.html", foreign) is None
    assert reserved_by("404.html", foreign) is None  # a site may build it from a page
    assert reserved_by("index.html", foreign) and reserved_by("sitemap.xml", foreign)


def test_natural_output_predicts_where_pelican_writes(publish_settings):
    predict = lambda kind, **fields: natural_output(  # noqa: E731
        kind, fields, "pages/x.md", publish_settings)
    assert predict("page", title="About Bridgewell") == "about-bridgewell/index.html"
    assert predict("page", title="About", slug="about") == "about/index.html"
    assert predict("article", title="Hello world") == "posts/hello-world/index.html"
    assert predict("article", title="Hallo", lang="de") == "posts/hallo/de/index.html"
    assert predict("article", title="Plans", status="draft") is None  # DRAFT_SAVE_AS ""
    assert predict("article", title="X", save_as="x.html") is None
    assert predict("page", title="X", status="skip") is None


def test_unsafe_output_settings_are_named_with_what_replaces_them(publish_settings):
    settings = {**publish_settings, "FEED_ALL_ATOM": "../feed.xml",
                "TAG_SAVE_AS": "/srv/tags/{slug}.html", "THEME_STATIC_DIR": "../theme",
                "TEMPLATE_PAGES": {"a.html": "a.html", "b.html": "../b.html"}}
    assert unsafe_output_settings(settings) == [
        ("FEED_ALL_ATOM", "../feed.xml", None),
        ("TAG_SAVE_AS", "/srv/tags/{slug}.html", ""),
        ("TEMPLATE_PAGES", {"b.html": "../b.html"}, {"a.html": "a.html"}),
        ("THEME_STATIC_DIR", "../theme", "theme"),
    ]
    assert unsafe_output_settings(publish_settings) == []


@pytest.mark.parametrize("value, unsafe", [
    ("../x.html", True), ("a/../../x", True), ("/etc/passwd", True), ("C:/x", True),
    ("..\\x", True), ("a\0b", True), ("posts/x/index.html", False), ("a..b/c", False),
    ("https://example.com/x", False), ("", False),
])
def test_unsafe_path(value, unsafe):
    assert unsafe_path(value) is unsafe


def test_a_url_may_start_at_the_root_but_not_climb():
    assert not unsafe_field("url", "/offers/spring/")
    assert unsafe_field("url", "offers/../../x/") and unsafe_field("save_as", "/x.html")
    assert unsafe_field("slug", "../x") and not unsafe_field("slug", "spring-offer")


def test_escapes_resolves_the_path_first():
    assert escapes("posts/../../x.html") and escapes(".") and escapes("/x")
    assert not escapes("posts/../x.html") and not escapes("./index.html")


def test_link_problem_tells_outside_from_loops():
    root = "/site/content"
    assert link_problem("/etc", "/site/content/images", root, folder=True) == "outside"
    assert link_problem("/site/content-old/x", "/site/content", root, folder=False) == "outside"
    assert link_problem("/site/content", "/site/content/articles", root, folder=True) == "loop"
    assert link_problem("/site/content/guides", "/site/content/articles", root, True) is None


def test_template_verdict():
    exists = {"article", "page", "landing"}.__contains__
    assert template_verdict("article", "article", exists) is None
    assert template_verdict("landing", "article", exists) is None
    assert template_verdict("../../etc/passwd", "article", exists) == "unsafe-path"
    assert template_verdict("nonexistent", "article", exists) == "unknown-template"


def test_walk_follows_links_inside_and_reports_the_others(tmp_path):
    content = tmp_path / "content"
    (content / "articles" / "sub").mkdir(parents=True)
    (content / "shared").mkdir()
    (content / "articles" / "a.md").write_text("a")
    (content / "shared" / "b.md").write_text("b")
    (content / "articles" / "shared").symlink_to("../shared")
    (content / "articles" / "etc").symlink_to("/etc")
    (content / "articles" / "sub" / "up").symlink_to("..")
    (content / "articles" / "passwd.md").symlink_to("/etc/passwd")
    (content / "articles" / "skip").mkdir()
    (content / "articles" / "skip" / "c.md").write_text("c")
    files, crossings = walk(str(content), ["articles"], exclude=["articles/skip"])
    assert files == ["articles/a.md", "articles/shared/b.md"]
    assert sorted((c.relative, c.problem, c.folder) for c in crossings) == [
        ("articles/etc", "outside", True),
        ("articles/passwd.md", "outside", False),
        ("articles/sub/up", "loop", True),
    ]
    assert {c.target for c in crossings} >= {os.path.realpath("/etc")}
