"""Incremental builds (fast_build): after any change, the output is a clean build's.

A copy of the site gets its own generated posts. Each round makes a random change (an
edit, a new post, a deletion, a rename, new tags), rebuilds as `invoke build` does
(a staging folder reusing the previous output's unchanged pages), and compares the
result, file by file and byte by byte, with a clean build of the same sources made
with nothing reused and its own cache. Then the same after a template, setting, bank
and registry change.
"""

from __future__ import annotations

import logging
import random
import re
import shutil
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from pathlib import Path

import pytest
from pelican.plugins.fast_build import rendering

from conftest import SITE_CONTENT, copy_site, soup
from customer_evidence.core.internals import forget_logged_warnings
from customer_evidence.tools.building import pelican_run, staged_build

WORDS = ("pump valve winter quote install lead score pipeline audit invoice retainer "
         "python cache deploy table survey ticket renewal churn onboarding").split()
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def post_text(rng: random.Random, number: int, title: str | None = None) -> str:
    sentences = [" ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "."
                 for _ in range(6)]
    tags = ", ".join(sorted(set(rng.sample(WORDS, rng.randint(1, 3)))))
    return (f"Title: {title or f'Post {number} about ' + rng.choice(WORDS)}\n"
            f"Date: 2025-{1 + number % 12:02d}-{1 + number % 27:02d} 09:00\n"
            f"Category: {rng.choice(['Guides', 'News', 'Engineering'])}\n"
            f"Tags: {tags}\n\n"
            f"{sentences[0]} {sentences[1]}\n\n## Details\n\n{sentences[2]}\n\n"
            f"```\nrun({number})\nprint('done')\n```\n\n"
            f"| a | b |\n|---|---|\n| {number} | {rng.choice(WORDS)} |\n\n"
            f"{sentences[3]} {sentences[4]}\n\n{sentences[5]}\n")


@pytest.fixture
def site(tmp_path) -> Path:
    """A site copy with 30 generated posts and a settings file without site search."""
    repo = copy_site(tmp_path / "repo")
    articles = repo / SITE_CONTENT / "articles"
    shutil.rmtree(articles)
    articles.mkdir()
    rng = random.Random(17)
    for number in range(30):
        (articles / f"post-{number:02d}.md").write_text(post_text(rng, number))
    (repo / "testconf.py").write_text(
        "from pathlib import Path\n"
        "from pelican.settings import get_settings_from_file\n"
        "globals().update(get_settings_from_file(str(Path(__file__).with_name('pelicanconf.py'))))\n"
        "SITE_SEARCH = False  # Pagefind's own files differ from run to run\n"
        f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n")
    return repo


def build(site: Path) -> Path:
    output = site / "output"
    errors = staged_build(site / "testconf.py", output)
    assert not errors, errors
    return output


def clean_build(site: Path, where: Path) -> Path:
    shutil.rmtree(where, ignore_errors=True)
    errors = pelican_run(["-s", str(site / "testconf.py"), "-o", str(where / "out"), "-e",
                          "FAST_BUILD_INCREMENTAL=false", f'CACHE_PATH="{where / "cache"}"'])
    assert not errors, errors
    return where / "out"


def sitemap_entries(path: Path) -> dict[str, str | None]:
    """Each URL's lastmod; a list page's is the time of the build, so it is left out."""
    entries = {}
    for url in ET.parse(path).getroot().iter(f"{SITEMAP}url"):
        loc = url.findtext(f"{SITEMAP}loc")
        entries[loc] = url.findtext(f"{SITEMAP}lastmod") if "/posts/" in loc else None
    return entries


def assert_same_output(built: Path, clean: Path) -> None:
    files = {p.relative_to(built) for p in built.rglob("*") if p.is_file()}
    expected = {p.relative_to(clean) for p in clean.rglob("*") if p.is_file()}
    assert files == expected, (sorted(files - expected)[:5], sorted(expected - files)[:5])
    different = [str(name) for name in sorted(files) if name != Path("sitemap.xml")
                 and (built / name).read_bytes() != (clean / name).read_bytes()]
    assert different == []
    assert sitemap_entries(built / "sitemap.xml") == sitemap_entries(clean / "sitemap.xml")


def change_at_random(rng: random.Random, articles: Path, serial: list[int]) -> str:
    posts = sorted(articles.glob("*.md"))
    kind = rng.choice(["edit", "edit", "title", "add", "delete", "rename", "tags"])
    victim = rng.choice(posts)
    text = victim.read_text()
    if kind == "edit":  # a sentence past the summary, the most common change
        victim.write_text(f"{text}\nOne more line {serial[0]}.\n")
    elif kind == "title":
        victim.write_text(re.sub(r"^Title: .*$", f"Title: Renamed {serial[0]}", text,
                                 count=1, flags=re.M))
    elif kind == "add":
        (articles / f"new-{serial[0]:02d}.md").write_text(post_text(rng, 40 + serial[0]))
    elif kind == "delete" and len(posts) > 5:
        victim.unlink()
    elif kind == "rename":
        victim.rename(victim.with_name(f"moved-{serial[0]:02d}.md"))
    else:
        victim.write_text(re.sub(r"^Tags: .*$", f"Tags: {rng.choice(WORDS)}, fresh",
                                 text, count=1, flags=re.M))
    serial[0] += 1
    return f"{kind} {victim.name}"


def test_random_changes_build_what_a_clean_build_does(site, tmp_path):
    articles = site / SITE_CONTENT / "articles"
    build(site)
    rng, serial, counts = random.Random(4), [0], []
    for _ in range(7):
        change = change_at_random(rng, articles, serial)
        with writer_summaries() as lines:
            built = build(site)
        assert_same_output(built, clean_build(site, tmp_path / "clean"))
        counts.append((change, *map(int, re.findall(r"(\d+) of (\d+)", lines[0])[0])))
    assert any(rendered < pages for _, rendered, pages in counts), counts  # pages reused


def test_template_setting_bank_and_registry_changes_rebuild_what_they_change(site, tmp_path):
    build(site)
    base = site / "theme" / "templates" / "base.html"
    base.write_text(base.read_text().replace("</footer>", "<p>Made by hand</p></footer>", 1))
    built = build(site)
    assert "Made by hand" in soup(next(built.glob("posts/*/index.html"))).text
    assert_same_output(built, clean_build(site, tmp_path / "clean"))

    settings = site / "testconf.py"
    settings.write_text(settings.read_text() + "SITESUBTITLE = 'A subtitle set today'\n")
    assert_same_output(build(site), clean_build(site, tmp_path / "clean"))

    for name in ("questions.yml", "sources.yml"):
        data = site / SITE_CONTENT / name
        data.write_text(data.read_text() + "\n# edited\n")
        assert_same_output(build(site), clean_build(site, tmp_path / "clean"))


@contextmanager
def writer_summaries():
    """The writer's "N of M pages rendered" lines logged meanwhile."""
    forget_logged_warnings()  # Pelican logs a message it logged before only once
    lines: list[str] = []
    handler = logging.Handler(level=logging.INFO)
    handler.emit = lambda record: lines.append(record.getMessage())
    logger = logging.getLogger("pelican.plugins.fast_build.writer")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def test_an_edit_rewrites_its_pages_and_reuses_the_others(site):
    output = build(site)
    pages = {p: p.stat().st_ino for p in output.rglob("*.html")}
    edited = site / SITE_CONTENT / "articles" / "post-05.md"
    edited.write_text(edited.read_text() + "\nA new fact, past the summary.\n")
    with writer_summaries() as lines:
        output = build(site)
    rewritten = {p.relative_to(output).as_posix() for p in output.rglob("*.html")
                 if pages.get(p) != p.stat().st_ino}
    showing = {p for p in rewritten if "A new fact" in (output / p).read_text()}
    assert any(p.startswith("posts/") for p in showing), sorted(rewritten)
    assert 1 <= len(rewritten) < len(pages) / 4, sorted(rewritten)
    [summary] = lines
    assert re.match(rf"fast_build: {len(rewritten)} of \d+ pages rendered", summary), summary


def test_pages_rendered_on_workers_are_the_pages_rendered_here(site, tmp_path, monkeypatch):
    monkeypatch.setattr(rendering, "MIN_PAGES_PER_WORKER", 8)  # a small site shares too
    one = tmp_path / "one"
    two = tmp_path / "two"
    for where, workers in ((one, 1), (two, 2)):
        with writer_summaries() as lines:
            errors = pelican_run(["-s", str(site / "testconf.py"), "-o", str(where), "-e",
                                  f"FAST_BUILD_WORKERS={workers}", "FAST_BUILD_INCREMENTAL=false",
                                  f'CACHE_PATH="{tmp_path / f"cache-{workers}"}"'])
        assert not errors, errors
        assert f"({workers} process(es))" in lines[0]
    assert_same_output(two, one)


def test_the_fast_writer_writes_what_pelicans_own_writer_writes(site, tmp_path):
    """Pagination, overrides and the pages' variables are Pelican's, page for page."""
    (site / "pelicans_writer.py").write_text(
        (site / "testconf.py").read_text()
        + "PLUGINS = [p for p in PLUGINS if p != 'pelican.plugins.fast_build']\n")
    outputs = {}
    for name in ("testconf.py", "pelicans_writer.py"):
        outputs[name] = tmp_path / name
        errors = pelican_run(["-s", str(site / name), "-o", str(outputs[name]), "-e",
                              f'CACHE_PATH="{tmp_path / f"cache-{name}"}"'])
        assert not errors, errors
    assert_same_output(outputs["testconf.py"], outputs["pelicans_writer.py"])
    assert list(outputs["testconf.py"].rglob("page/2/index.html"))  # lists were paginated
