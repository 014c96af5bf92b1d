"""Site search: the site_search plugin runs Pagefind over every build; the index holds
the published articles and pages only, with their category, buying stage and question;
the privacy scan reads the index too."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
import yaml
from pelican.plugins.site_search import pagefind_run, site_search

from conftest import CONTENT, build_site, build_with_log, run_invoke, soup
from customer_evidence.core import file_metadata
from customer_evidence.core.findings import FINDINGS_ONLY
from customer_evidence.core.privacy import private_values
from customer_evidence.core.vocabulary import vocabulary_of
from customer_evidence.tools.privacy_scan import scan, scan_report

SIGNATURE = b"pagefind_dcd"


def fragments(site: Path) -> list[dict]:
    """Every page record of a built site's Pagefind index, as Pagefind's JS reads it:
    gzip, then the signature, then JSON."""
    records = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        records.append(json.loads(data[len(SIGNATURE):]))
    return records


def indexed_urls(site: Path) -> set[str]:
    return {record["url"] for record in fragments(site)}


def page_url(site: Path, page: Path) -> str:
    """The URL Pagefind gives a built page: its folder, from the site root."""
    return "/" + page.parent.relative_to(site).as_posix() + "/"


def entry_pages(site: Path, folder: str) -> dict[str, Path]:
    """URL -> built page of every article (folder "posts") or page (their own folders)."""
    if folder == "posts":
        found = site.glob("posts/*/index.html")
    else:
        found = (p for p in site.glob("*/index.html")
                 if soup(p).select_one("main article.entry") is not None)
    return {page_url(site, p): p for p in found}


@pytest.fixture(scope="module")
def published_urls(publish_site) -> set[str]:
    """What a reader can reach: every built article and page of the publish build."""
    return set(entry_pages(publish_site, "posts")) | set(entry_pages(publish_site, "pages"))


# --- the index ------------------------------------------------------------------------

@pytest.mark.parametrize("build", ["dev_site", "publish_site"])
def test_both_builds_write_a_search_index_of_the_articles_and_pages(request, build):
    site = request.getfixturevalue(build)
    for name in ("pagefind.js", "pagefind-entry.json"):
        assert (site / "pagefind" / name).is_file(), f"{build}: pagefind/{name}"
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == "1.5.2"
    posts = set(entry_pages(site, "posts"))
    assert posts and posts <= indexed_urls(site)
    # Pagefind's own ready-made interfaces are not published: the theme has its own.
    assert not list((site / "pagefind").glob("pagefind*ui*")), f"{build}: unused UI files"
    assert not (site / "pagefind" / "pagefind-highlight.js").exists()


def test_invoke_build_and_preview_index_the_site_and_preview_scans_the_index(repo):
    built = run_invoke(repo, "build")
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    assert (repo / "output" / "pagefind" / "pagefind.js").is_file()
    preview = run_invoke(repo, "preview")
    assert preview.returncode == 0, preview.stdout[-2000:] + preview.stderr[-2000:]
    assert indexed_urls(repo / "output-publish") == indexed_urls(repo / "output")
    assert "privacy scan: no private source details" in preview.stdout + preview.stderr


def test_the_index_holds_exactly_the_published_articles_and_pages(publish_site, published_urls):
    assert indexed_urls(publish_site) == published_urls


def test_drafts_the_report_the_404_page_and_list_pages_are_never_indexed(dev_site):
    drafts = {page_url(dev_site, p) for p in dev_site.glob("drafts/**/index.html")}
    assert drafts, "the sample's drafts are built in development"
    assert (dev_site / "editorial" / "index.html").is_file()
    urls = indexed_urls(dev_site)
    assert not urls & drafts
    unwanted = ("/drafts/", "/editorial/", "/404", "/category/", "/tag/", "/author/",
                "/questions/", "/archives/", "/search/", "/page/")
    assert [u for u in urls if u == "/" or u.startswith(unwanted)] == []
    assert urls == set(entry_pages(dev_site, "posts")) | set(entry_pages(dev_site, "pages"))
    for draft in dev_site.glob("drafts/**/index.html"):
        assert "data-pagefind-body" not in draft.read_text(encoding="utf-8")


def test_each_post_is_filtered_by_its_category_and_stage_and_shows_its_question(publish_site):
    records = {r["url"]: r for r in fragments(publish_site)}
    staged = 0
    for url, page in entry_pages(publish_site, "posts").items():
        html = soup(page)
        category = html.select_one("main .meta a[rel~='tag'], main .meta a[href*='/category/']")
        answers = html.select_one("main .entry-header .answers")
        record = records[url]
        assert record["meta"]["title"] == html.select_one("main h1").get_text(strip=True)
        if category is not None:
            assert record["filters"]["category"] == [category.get_text(strip=True)]
        if answers is not None:
            question = answers.get_text(" ", strip=True).split(":", 1)[1].strip()
            assert record["meta"]["question"] == question
        else:
            assert "question" not in record["meta"]
        article = html.select_one("main article.entry")
        if article.get("data-search-stage"):
            staged += 1
            assert record["filters"]["stage"] == [article["data-search-stage"]]
    assert staged, "some sample post answers a bank question with a stage"


def test_the_stage_filter_is_the_label_of_the_stage_of_the_posts_bank_question(publish_site):
    bank = yaml.safe_load((CONTENT / "questions.yml").read_text(encoding="utf-8"))
    stage_of = {entry["question"]: entry["stage"] for entry in bank}
    labels = vocabulary_of({}).labels()["stages"]
    checked = 0
    for record in fragments(publish_site):
        question = record["meta"].get("question")
        if question in stage_of:
            checked += 1
            assert record["filters"]["stage"] == [labels[stage_of[question]]], record["url"]
    assert checked


def test_pages_have_no_category_filter(publish_site):
    pages = set(entry_pages(publish_site, "pages"))
    assert pages
    for record in fragments(publish_site):
        if record["url"] in pages:
            assert "category" not in record["filters"]


def test_the_indexed_text_leaves_out_the_byline_and_the_question_line(publish_site):
    for record in fragments(publish_site):
        assert "min read" not in record["content"]
        assert "This article answers" not in record["content"]
    assert any("question" in record["meta"] for record in fragments(publish_site))


def test_a_rebuild_replaces_the_index_instead_of_piling_up_fragments(tmp_path):
    output = tmp_path / "output"
    build_site("pelicanconf.py", output)
    first = sorted(p.name for p in (output / "pagefind" / "fragment").iterdir())
    build_site("pelicanconf.py", output)
    assert sorted(p.name for p in (output / "pagefind" / "fragment").iterdir()) == first


# --- the pages --------------------------------------------------------------------------

def test_the_search_page_exists_with_its_form_labels_and_a_no_script_fallback(dev_site):
    page = soup(dev_site / "search" / "index.html")
    assert page.select_one("meta[name=robots]")["content"] == "noindex"
    form = page.select_one("main form#search-form[role=search]")
    assert form["data-bundle"] == "/pagefind/"
    for control in form.select("input, select"):
        assert page.select_one(f"label[for={control['id']}]"), control["id"]
    assert page.select_one("#search-status")["aria-live"] == "polite"
    fallback = page.select_one("#search-fallback a")
    assert fallback["href"] == "/questions/"
    scripts = [s["src"] for s in page.select("script[src]")]
    assert "/theme/js/search.js" in scripts


def test_every_page_links_to_the_hub_and_carries_only_the_tiny_search_box_script(dev_site):
    for path in [dev_site / "index.html", *dev_site.glob("posts/*/index.html")]:
        html = soup(path)
        box = html.select_one("header .site-search")
        assert box.select_one("a.site-search-link")["href"] == "/questions/"
        form = box.select_one("form[role=search]")
        assert form.has_attr("hidden") and form["action"] == "/search/"
        assert html.select_one(f"label[for={form.select_one('input')['id']}]")
        scripts = html.select("script[src]")
        assert [s["src"] for s in scripts] == ["/theme/js/search-box.js"]
        assert scripts[0].has_attr("defer")
        assert "pagefind" not in path.read_text(encoding="utf-8").replace(
            "data-pagefind-", "")


def test_the_box_script_stays_small(dev_site):
    assert (dev_site / "theme" / "js" / "search-box.js").stat().st_size < 1024


def test_the_search_page_is_not_in_the_sitemap(publish_site):
    assert "/search/" not in (publish_site / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("autoescape", [True, False])
def test_hostile_category_and_question_stay_text_in_the_index_attributes(tmp_path, autoescape):
    """The theme escapes what it writes itself (partials/macros.html), so a site whose
    Jinja environment does not autoescape is as safe as this one."""
    question = 'Is "this" <b>safe</b>? "><img src=x onerror=alert(1)>'
    category = 'A "b" <i>c</i> & d'
    posts = tmp_path / "content" / "articles"
    posts.mkdir(parents=True)
    (posts / "x.md").write_text(
        f"Title: Hostile search\nDate: 2026-03-01\nCategory: {category}\n"
        f"Question: {question}\nSource-Exempt: a test post\n\nText.\n", encoding="utf-8")
    output = build_site("pelicanconf.py", tmp_path / "output", tmp_path / "content",
                        SITE_SEARCH=False, JINJA_ENVIRONMENT={
                            "trim_blocks": True, "lstrip_blocks": True,
                            "autoescape": autoescape})
    page = soup(output / "posts" / "hostile-search" / "index.html")
    [body] = page.select("[data-pagefind-body]")
    assert body["data-search-question"] == question
    assert body["data-search-category"] == category
    assert not page.select("img[onerror], main b, main i")


# --- off, missing, the audit -----------------------------------------------------------

def test_a_site_with_search_off_has_no_index_and_no_form(tmp_path):
    output = build_site("pelicanconf.py", tmp_path / "output", SITE_SEARCH=False)
    assert not (output / "pagefind").exists()
    box = soup(output / "index.html").select_one("header .site-search")
    assert box.select_one("a.site-search-link") and box.select_one("form") is None


def test_a_missing_binary_is_a_warning_naming_the_package_and_the_site_still_builds(
        tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-pagefind-here"))
    output, records = build_with_log("pelicanconf.py", tmp_path / "output", CONTENT)
    warnings = [r.getMessage() for r in records
                if r.levelname == "WARNING" and "site search" in r.getMessage()]
    assert len(warnings) == 1 and "pip install 'pagefind[bin]==1.5.2'" in warnings[0]
    assert (output / "index.html").is_file() and not (output / "pagefind").exists()
    box = soup(output / "index.html").select_one("header .site-search")
    assert box.select_one("a.site-search-link")["href"] == "/questions/"
    assert box.select_one("form") is None  # the box stays the hub link


def test_a_binary_that_fails_is_a_warning_and_the_site_still_builds(tmp_path, monkeypatch):
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'broken on purpose' >&2\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(broken))
    output, records = build_with_log("pelicanconf.py", tmp_path / "output", CONTENT)
    warnings = [r.getMessage() for r in records if r.levelname == "WARNING"
                and r.getMessage().startswith("site search:")]
    assert warnings == ["site search: Pagefind failed (broken on purpose); "
                        "the site has no search index"]
    assert (output / "index.html").is_file()


def test_the_audit_builds_no_index(tmp_path):
    assert not site_search.wanted({FINDINGS_ONLY: True})
    assert site_search.wanted({})
    output = build_site("pelicanconf.py", tmp_path / "output", **{FINDINGS_ONLY: True})
    assert not (output / "pagefind").exists()


@pytest.mark.parametrize(("value", "expected"), [
    ("pagefind", "pagefind"), ("search/index", "search/index"), ("x/", "x"),
    ("", None), ("/abs", None), ("../up", None), ("a/../b", None), (".", None)])
def test_the_bundle_setting_must_name_a_folder_under_the_output(value, expected):
    assert pagefind_run.bundle_name(value) == expected


def test_an_earlier_bundle_is_cleared_but_nothing_else_of_the_site(tmp_path):
    bundle = tmp_path / "pagefind"
    (bundle / "fragment").mkdir(parents=True)
    (bundle / "fragment" / "en_old.pf_fragment").write_bytes(b"")
    for name in ("pagefind.js", "pagefind-entry.json", "pagefind.en_1.pf_meta",
                 "wasm.en.pagefind"):
        (bundle / name).write_text("", encoding="utf-8")
    (bundle / "index.html").write_text("a page with Slug: pagefind", encoding="utf-8")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.png").write_bytes(b"")
    pagefind_run.clear_bundle(bundle)
    assert [p.name for p in bundle.iterdir()] == ["index.html"]
    assert not pagefind_run.is_bundle(tmp_path / "images")
    pagefind_run.clear_bundle(tmp_path / "images")
    assert (tmp_path / "images" / "a.png").is_file()


def test_a_page_whose_slug_takes_the_bundle_folder_is_left_out_with_its_line(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "pages" / "taken.md").write_text(
        "Title: Our index\nSlug: pagefind\n\nA page in the bundle's folder.\n",
        encoding="utf-8")
    output, records = build_with_log("pelicanconf.py", tmp_path / "output", content)
    errors = [r.getMessage() for r in records if r.levelname == "ERROR"]
    assert any("taken.md: line 2" in e and "the search index (SITE_SEARCH_BUNDLE)" in e
               for e in errors), errors
    assert not (output / "pagefind" / "index.html").exists()
    assert (output / "pagefind" / "pagefind.js").is_file()


# --- privacy ----------------------------------------------------------------------------

def test_the_privacy_scan_reads_the_index_files_and_finds_nothing_in_the_sample(publish_site):
    skipped: list[tuple[str, str]] = []
    assert scan(publish_site, private_values(CONTENT / "sources.yml"), skipped) == []
    assert [f for f, _ in skipped if f.startswith("pagefind/")] == [], "every file is read"
    fragment = next((publish_site / "pagefind" / "fragment").iterdir())
    text = file_metadata.read_file(fragment)
    assert text.parts and '"url":' in text.parts[0][1]


def test_a_private_value_planted_in_a_page_is_caught_inside_the_index_too(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    source_id, field, name = next(
        v for v in private_values(content / "sources.yml") if v[1] == "name")
    about = content / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8")
                     + f"\n\nWe owe a lot to {name} for this.\n", encoding="utf-8")
    output = build_site("pelicanconf.py", tmp_path / "output", content)
    record = next(r for r in fragments(output) if r["url"] == "/about/")
    assert name in record["content"]
    leaks = scan_report(output, private_values(content / "sources.yml")).leaks
    in_index = [leak.file for leak in leaks if leak.file.startswith("pagefind/")]
    assert any(f.startswith("pagefind/fragment/") for f in in_index), leaks
    assert {(leak.source_id, leak.field) for leak in leaks} == {(source_id, field)}


def test_gzip_files_are_unpacked_for_the_scan_and_a_bad_one_is_unreadable():
    packed = gzip.compress(SIGNATURE + b'{"content":"Annika Holmgren"}')
    assert file_metadata.file_text(packed).parts[0][1] == '{"content":"Annika Holmgren"}'
    assert file_metadata.file_text(gzip.compress(b"plain <b>text</b>")).parts[0][1] \
        == "plain <b>text</b>"
    assert file_metadata.file_text(packed[:-8]).unreadable
    assert file_metadata.file_text(gzip.compress(packed)).unreadable  # nested
    wasm = file_metadata.file_text(gzip.compress(SIGNATURE + b"\0asm\1\0\0\0Annika"))
    assert not wasm.skipped and "Annika" in wasm.parts[0][1]  # even Pagefind's own code
    bomb = gzip.compress(b"x" * (file_metadata.MAX_UNPACKED + 1))
    assert "unpacks to more than" in file_metadata.file_text(bomb).unreadable


def test_a_background_index_arrives_whole_after_the_build_and_follows_each_edit(tmp_path):
    """regenerate and livereload: the pages are written first, the index follows."""
    from pelican.plugins.site_search import background

    content = tmp_path / "posts_folder"
    shutil.copytree(CONTENT, content)
    output = tmp_path / "output"
    seen = []
    for round_ in range(2):
        build_site("pelicanconf.py", output, content, SITE_SEARCH_BACKGROUND=True)
        background.RUNNER.wait(120)
        assert indexed_urls(output) >= set(entry_pages(output, "posts")), round_
        assert sorted(p.name for p in output.glob("pagefind*")) == ["pagefind"]
        seen.append(any("Zanzibarite" in record["content"] for record in fragments(output)))
        post = next(p for p in sorted(content.glob("articles/*.md"))
                    if "Status: draft" not in p.read_text(encoding="utf-8"))
        post.write_text(post.read_text(encoding="utf-8") + "\nZanzibarite appears.\n",
                        encoding="utf-8")
    assert seen == [False, True]
