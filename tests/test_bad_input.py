"""Broken articles give one clear error line each; the rest of the site builds."""

from __future__ import annotations

import logging
import shutil

import pytest

from conftest import DATA, build_with_log, soup

# file name -> words the single error line about it must contain
EXPECTED = {
    "no-title.md": ["no Title", "Title: ..."],
    "bad-date.md": ["line 2", "Date", "2026-13-45", "YYYY-MM-DD"],
    "broken-header.md": ["line 1", "Title How we forgot the colon", "Key: value"],
    "unknown-status.md": ["line 3", "almost-ready", "published, draft, hidden"],
    "empty.md": ["empty"],
    "latin-1.md": ["UTF-8", "byte offset 10"],
}


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory):
    """Build tests/data/bad_input plus a Latin-1 file; keep the log records."""
    content = tmp_path_factory.mktemp("bad_input") / "content"
    shutil.copytree(DATA / "bad_input", content)
    (content / "articles" / "latin-1.md").write_bytes(
        "Title: Caf\u00e9 prices\nDate: 2026-02-08\n\nCaf\u00e9 au lait.\n".encode("latin-1")
    )
    return build_with_log("pelicanconf.py", content.parent / "output", content)


def errors(records):
    return [r for r in records if r.levelno >= logging.ERROR]


def test_the_good_articles_are_still_built(broken_build):
    output, _ = broken_build
    for slug, title in [
        ("a-good-article-that-still-gets-built", "A good article that still gets built"),
        ("another-good-article", "Another good article"),
        ("two-articles-one-slug", "Two articles, one slug"),
    ]:
        page = output / "posts" / slug / "index.html"
        assert soup(page).find("h1").get_text(strip=True) == title


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_broken_file_gets_one_error_line_naming_it_and_the_fix(broken_build, name):
    _, records = broken_build
    about = [r.getMessage() for r in errors(records) if name in r.getMessage()]
    assert len(about) == 1, about
    message = about[0]
    assert "\n" not in message
    for words in EXPECTED[name]:
        assert words in message


def test_two_articles_with_one_slug_give_an_error_naming_both(broken_build):
    output, records = broken_build
    about = [
        r.getMessage()
        for r in errors(records)
        if "same-slug-first.md" in r.getMessage() and "same-slug-second.md" in r.getMessage()
    ]
    assert len(about) == 1
    assert "Slug:" in about[0]
    page = soup(output / "posts" / "two-articles-one-slug" / "index.html")
    assert page.find("h1").get_text(strip=True) == "Two articles, one slug"


def test_no_traceback_is_logged(broken_build):
    _, records = broken_build
    assert [r.getMessage() for r in records if r.exc_info] == []
    assert len(errors(records)) == len(EXPECTED) + 1
