"""The hostile corpus: every bad file at once, and the rest of the site stays whole.

tests/data/hostile_corpus/content holds three good posts, a page, a bank and a registry
beside one file per hostile case (encoding, size, metadata, injection, registry,
filesystem, privacy; make_corpus.py writes them). This test adds the cases a repository
should not hold (symlinks out of the content folder, files of many megabytes, 5,000 nested lists),
builds everything together with the `pelican` command under a time and memory cap, in
development and production, and checks the site a reader gets.
"""

from __future__ import annotations

import importlib.util
import os
import resource
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import DATA, ROOT, SITE_CONTENT, soup

_SPEC = importlib.util.spec_from_file_location("make_corpus",
                                               DATA / "hostile_corpus" / "make_corpus.py")
make_corpus = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(make_corpus)

CAP_SECONDS = 300
CAP_BYTES = 3 * 1024**3
SECRET = "root:x:0:0:hostile-corpus-secret"


def capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))


def runtime_cases(content: Path, outside: Path) -> list[str]:
    """The cases made at run time; their paths relative to the content folder's articles/."""
    outside.mkdir()
    (outside / "passwd").write_text(SECRET + "\n")
    (outside / "article.md").write_text(make_corpus.post("From outside content"))
    articles = content / "articles"
    (content / "images" / "passwd").symlink_to(outside / "passwd")
    (articles / "filesystem-symlink-out.md").symlink_to(outside / "article.md")
    (articles / "size-2mb.md").write_text(make_corpus.post("Two megabytes", "word " * 420_000))
    (articles / "size-12mb.md").write_text(make_corpus.post("Twelve MB", "word " * 2_520_000))
    nested = "\n".join("  " * depth + "- level" for depth in range(5000))
    (articles / "size-nested-lists.md").write_text(make_corpus.post("Deep lists", nested))
    (content / ".hidden-draft.md").write_text(make_corpus.post("Hidden"))
    return ["filesystem-symlink-out.md", "size-12mb.md", "size-nested-lists.md"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The corpus copied with the site's settings and theme, plus the run-time cases."""
    site = tmp_path_factory.mktemp("hostile")
    shutil.copytree(DATA / "hostile_corpus" / SITE_CONTENT, site / SITE_CONTENT, symlinks=True)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, site / name)
    shutil.copytree(ROOT / "theme", site / "theme")
    made = runtime_cases(site / SITE_CONTENT, site / "outside")
    return site, made


def build(site: Path, settings: str, output: str) -> subprocess.CompletedProcess:
    pelican = Path(sys.executable).with_name("pelican")
    wide = {**os.environ, "COLUMNS": "1000"}  # Pelican's log lines unwrapped, file names whole
    return subprocess.run(
        [str(pelican), SITE_CONTENT, "-s", settings, "-o", output], cwd=site, env=wide,
        capture_output=True, text=True, timeout=CAP_SECONDS, preexec_fn=capped)


@pytest.fixture(scope="module")
def dev(corpus):
    site, made = corpus
    return site, made, build(site, "pelicanconf.py", "out-dev")


@pytest.fixture(scope="module")
def publish(corpus):
    site, made = corpus
    return site, made, build(site, "publishconf.py", "out-publish")


def test_the_build_finishes_without_a_traceback(dev, publish):
    for _, _, run in (dev, publish):
        said = run.stdout + run.stderr
        assert "Traceback" not in said, said[-3000:]
        assert run.returncode == 0, said[-3000:]


def test_the_good_posts_the_home_page_and_the_about_page_are_whole(dev):
    site, _, _ = dev
    output = site / "out-dev"
    for slug, title in make_corpus.GOOD_TITLES.items():
        page = soup(output / "posts" / slug / "index.html")
        assert page.find("h1").get_text(strip=True) == title
    # The home page and its later pages list every good post: none was replaced.
    listing = [output / "index.html", *sorted(output.glob("page/*/index.html"))]
    linked = {a.get_text(strip=True) for page in listing for a in soup(page).select("main a")}
    assert set(make_corpus.GOOD_TITLES.values()) <= linked, "the home page was replaced"
    assert "Over the home page" not in soup(output / "index.html").get_text()
    about = soup(output / "about" / "index.html")
    assert "kiln engineering firm" in about.get_text()


def test_feeds_and_sitemap_are_valid_xml_and_carry_no_script(publish):
    site, _, _ = publish
    output = site / "out-publish"
    for name in ("feeds/all.atom.xml", "feeds/all.rss.xml", "sitemap.xml"):
        tree = ET.fromstring((output / name).read_text(encoding="utf-8"))  # raises if broken
        if not name.startswith("feeds/"):
            continue
        # The entries' HTML (Atom content and summary, RSS description), parsed as a
        # reader's feed client parses it.
        bodies = [e.text or "" for e in tree.iter()
                  if e.tag.rsplit("}", 1)[-1] in ("content", "summary", "description")]
        assert bodies, f"{name} has no entries"
        for body in bodies:
            fragment = BeautifulSoup(body, "lxml")
            assert not fragment.find(["script", "iframe", "object", "embed"]), name
            for tag in fragment.find_all(True):
                assert not any(a.lower().startswith("on") for a in tag.attrs), (name, tag)
                for attr in ("href", "src"):
                    value = str(tag.get(attr, "")).strip().lower()
                    assert not value.startswith(("javascript:", "vbscript:", "data:")), name


def test_nothing_from_outside_content_is_published_or_written(dev, publish):
    site = dev[0]
    for output in (site / "out-dev", site / "out-publish"):
        for path in output.rglob("*"):
            if path.is_file():
                text = path.read_bytes()
                assert SECRET.encode() not in text, f"{path} holds a file from outside"
                assert b"From outside content" not in text, f"{path} built an outside article"
    assert not (site / "outside.html").exists() and not (site.parent / "outside.html").exists()


def test_every_hostile_file_is_named_by_a_finding(dev):
    _, made, run = dev
    said = run.stdout + run.stderr  # Pelican logs to stdout, the findings go to stderr
    hostile = [n for n in make_corpus.hostile_files() if n not in make_corpus.BUILDS]
    unnamed = [name for name in [*hostile, *made] if name not in said]
    assert unnamed == [], f"no finding names {unnamed}"
    assert "stray-post.md" in said


def test_the_privacy_scan_names_the_leaks_the_pdf_metadata_included(publish):
    site, _, _ = publish
    scan = subprocess.run(
        [sys.executable, "-m", "customer_evidence.tools.privacy_scan", "out-publish",
         "--registry", f"{SITE_CONTENT}/sources.yml"], cwd=site, capture_output=True, text=True,
        timeout=CAP_SECONDS)
    assert scan.returncode == 1, scan.stdout + scan.stderr
    said = scan.stdout + scan.stderr
    assert "brochure.pdf" in said
    for value in (make_corpus.NAME, make_corpus.EMAIL, make_corpus.COMPANY):
        assert value not in said, "the scan must never print a private value"


def test_the_publish_build_refuses_every_private_detail(publish):
    _, _, run = publish
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    errors += [line for line in run.stdout.splitlines() if "ERROR" in line]
    leaking = [n for n in make_corpus.hostile_files() if n.startswith("privacy-")]
    unflagged = [n for n in leaking if not any(n in line for line in errors)]
    assert unflagged == [], f"no error names {unflagged}"
