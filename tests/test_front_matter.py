"""Jekyll/Hugo front matter (YAML between ---, TOML between +++): parsed, mapped onto
Pelican's fields, built, and its mistakes reported with their lines."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, build_site, soup
from customer_evidence.core.front_matter import (
    FrontMatterError,
    pelican_metadata,
    split_front_matter,
)
from customer_evidence.core.header import parse_header
from customer_evidence.tools.audit import run_audit

ROOT = Path(__file__).resolve().parent.parent

JEKYLL = """---
layout: post
title: "Onboarding: what the first week looks like"
date: 2025-06-03 09:30:00 +0100
categories: [Guides, onboarding]
tags:
  - handover
  - first-week
author: Hannah Lindqvist
sources:
  - interview-2026-02-logistics
description: What a new client sees in the first five working days.
permalink: /2025/06/03/first-week-onboarding/
---
Monday starts with a call. By Friday the shared plan is signed off.
"""

HUGO = """+++
title = "Pricing pages that answer the question"
date = 2025-07-14T08:00:00Z
tags = ["pricing", "web"]
authors = ["Marcus Bell"]
draft = false
aliases = ["/old/pricing/"]

[params]
cover = "x.png"
+++
Put the price where the buyer looks for it.
"""

DRAFT = """---
title: Not ready yet
date: 2025-08-01
draft: true
---
Half a thought.
"""

PELICAN_FENCED = """---
Title: Fenced the Pelican way
Date: 2025-05-05
Summary: Why: because the meta extension allows it
---
Plain body.
"""


# --- split_front_matter and pelican_metadata ------------------------------------------

def test_yaml_front_matter_gives_data_key_lines_and_body():
    fm, body = split_front_matter(JEKYLL)
    assert fm.syntax == "yaml"
    assert fm.lines["title"] == 3 and fm.lines["tags"] == 6 and fm.lines["sources"] == 10
    assert fm.body_start == 15
    assert body.startswith("Monday starts")
    assert fm.data["tags"] == ["handover", "first-week"]


def test_jekyll_names_become_pelicans():
    fm, _ = split_front_matter(JEKYLL)
    meta = pelican_metadata(fm)
    assert meta["title"] == "Onboarding: what the first week looks like"
    assert meta["category"] == "Guides"
    assert meta["tags"] == ["handover", "first-week", "onboarding"]  # further categories
    assert meta["authors"] == ["Hannah Lindqvist"]
    assert meta["sources"] == ["interview-2026-02-logistics"]
    assert meta["summary"].startswith("What a new client sees")
    assert meta["slug"] == "first-week-onboarding"
    assert "layout" not in meta and "status" not in meta


def test_toml_front_matter_with_typed_dates_and_tables():
    fm, body = split_front_matter(HUGO)
    assert fm.syntax == "toml"
    assert fm.lines == {"title": 2, "date": 3, "tags": 4, "authors": 5, "draft": 6,
                        "aliases": 7, "params": 9}
    assert isinstance(fm.data["date"], datetime.datetime)
    meta = pelican_metadata(fm)
    assert meta["date"] == "2025-07-14T08:00:00+00:00"
    assert meta["redirect_from"] == ["/old/pricing/"]
    assert "status" not in meta and "params" not in meta
    assert body.strip() == "Put the price where the buyer looks for it."


@pytest.mark.parametrize("text", [DRAFT, "---\ntitle: X\npublished: false\n---\n"])
def test_draft_true_or_published_false_is_a_draft(text):
    fm, _ = split_front_matter(text)
    assert pelican_metadata(fm)["status"] == "draft"


def test_an_explicit_status_wins_over_draft():
    fm, _ = split_front_matter("---\ntitle: X\ndraft: true\nstatus: hidden\n---\n")
    assert pelican_metadata(fm)["status"] == "hidden"


def test_lastmod_and_question_id_and_dates_as_iso():
    fm, _ = split_front_matter(
        "---\ntitle: X\ndate: 2025-01-02\nlastmod: 2025-02-03T04:05:06Z\n"
        "question_id: workshop-cost\n---\n")
    meta = pelican_metadata(fm)
    assert meta["date"] == "2025-01-02"
    assert meta["modified"] == "2025-02-03T04:05:06+00:00"
    assert meta["question-id"] == "workshop-cost"


@pytest.mark.parametrize("text", [
    "No header at all.\n",
    "Title: Plain Pelican\nDate: 2025-01-01\n\nBody\n",
    PELICAN_FENCED,
    "---\nTitle: Issue #5 and yes\nTags: a, b\n---\nBody\n",
])
def test_files_without_front_matter_are_left_as_they_are(text):
    assert split_front_matter(text) == (None, text)


@pytest.mark.parametrize(("text", "line", "words"), [
    ("---\nlayout: post\ntitle: Broken\ntags:\n  - one\n - two\n---\n", 6, "not valid YAML"),
    ("---\ntitle: X\n  - x: y: z\n---\n", 3, "not valid YAML"),
    ('+++\ntitle = "T"\ndate = nope\n+++\n', 3, "not valid TOML"),
    ('+++\ntitle = "T"\n', 1, "never closed"),
    ("---\nlayout: post\ntitle: X\ntags:\n  - a\n\nBody\n", 1, "never closed"),
    ("---\ntitle: X\nquestion: [one, two]\n---\n", 3, "'question' is a list"),
    ("---\nlayout: post\ntitle:\n  en: Hello\n---\n", 3, "'title' is a mapping"),
])
def test_unusable_front_matter_names_its_line(text, line, words):
    with pytest.raises(FrontMatterError) as raised:
        fm, _ = split_front_matter(text)
        pelican_metadata(fm)
    assert raised.value.line == line
    assert words in raised.value.message


def test_parse_header_gives_front_matter_keys_their_lines():
    header = parse_header(JEKYLL)
    assert header.find("title").line == 3
    assert header.find("sources").line == 10
    assert header.find("summary").key == "description"  # the field summary is read from
    assert parse_header(PELICAN_FENCED).find("summary").value == (
        "Why: because the meta extension allows it")


PIECES = ("---", "+++", "...", "title: ", "date: ", "tags:", "  - ", "- ", "draft: true",
          "question: ", "[a, b", "]", "{x: 1}", "'", '"', ": ", "# c", "2025-13-45",
          "2025-01-02T03:04:05Z", 'title = "T"', "[params]", "=", "\t", "\ufeff", "Title: X",
          "&a", "*a", "!!binary", "\r\n", "\r", "\n", "\n", "\n")


@settings(max_examples=400, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=30), st.text(max_size=20))
def test_any_fenced_text_gives_front_matter_or_a_line_or_nothing(pieces, extra):
    text = "".join(pieces) + extra
    try:
        fm, body = split_front_matter(text)
        meta = pelican_metadata(fm) if fm else {}
    except FrontMatterError as error:
        assert 1 <= error.line <= text.count("\n") + text.count("\r") + 1
        assert "\n" not in error.message
        return
    if fm is None:
        assert body == text
        return
    assert all(2 <= line < fm.body_start for line in fm.lines.values())
    assert all(isinstance(v, str) or all(isinstance(i, str) for i in v) for v in meta.values())


# --- Site builds ----------------------------------------------------------------------

def _site(root: Path, posts: dict[str, str]) -> Path:
    site = root / "blog-src"
    (site / "articles").mkdir(parents=True)
    (site / "pages").mkdir()
    for name in ("sources.yml", "questions.yml", "authors.yml"):
        shutil.copy(DATA / "sample_site" / name, site / name)
    for name, text in posts.items():
        (site / "articles" / name).write_text(text, encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("front-matter")
    site = _site(root, {"jekyll.md": JEKYLL, "hugo.md": HUGO, "draft.md": DRAFT,
                        "fenced.md": PELICAN_FENCED})
    return build_site("pelicanconf.py", root / "output", site)


def test_a_jekyll_post_builds_with_its_title_date_tags_and_source(built):
    page = soup(built / "posts" / "first-week-onboarding" / "index.html")
    assert page.h1.get_text() == "Onboarding: what the first week looks like"
    assert page.find("time")["datetime"] == "2025-06-03T09:30:00+01:00"
    tags = [a.get_text() for a in page.select('a[href*="/tag/"]')]
    assert tags == ["handover", "first-week", "onboarding"]
    sources = page.select_one(".customer-sources").get_text(" ", strip=True)
    assert "Operations director, mid-size logistics firm" in sources
    assert "Monday starts with a call" in page.get_text()
    tag_page = soup(built / "tag" / "handover" / "index.html")
    assert "Onboarding: what the first week looks like" in tag_page.get_text()


def test_a_hugo_post_builds_with_its_toml_fields(built):
    page = soup(built / "posts" / "pricing-pages-that-answer-the-question" / "index.html")
    assert page.h1.get_text() == "Pricing pages that answer the question"
    assert page.find("time")["datetime"].startswith("2025-07-14T")
    assert "Marcus Bell" in [a.get_text() for a in page.select('a[href*="/author/"]')]
    assert (built / "tag" / "pricing" / "index.html").is_file()


def test_a_draft_is_not_published(built):
    assert not (built / "posts" / "not-ready-yet").exists()
    assert (built / "drafts" / "not-ready-yet" / "index.html").is_file()
    assert "Not ready yet" not in soup(built / "index.html").get_text()


def test_a_pelican_header_between_dashes_builds_as_before(built):
    page = soup(built / "posts" / "fenced-the-pelican-way" / "index.html")
    assert page.h1.get_text() == "Fenced the Pelican way"
    assert page.find("meta", attrs={"name": "description"})["content"] == (
        "Why: because the meta extension allows it")


# --- The audit ------------------------------------------------------------------------

def test_the_audit_names_the_line_of_bad_front_matter_warm_or_cold(tmp_path):
    site = _site(tmp_path, {
        "good.md": JEKYLL,
        "bad-date.md": "---\nlayout: post\ntitle: Bad date\ndate: 2025-02-30\n---\nText.\n",
        "bad-yaml.md": "---\nlayout: post\ntitle: Broken\ntags:\n  - one\n - two\n---\nx\n",
        "bad-question.md": "---\ntitle: Two questions\nquestion:\n  - one?\n  - two?\n---\nx\n",
        "unknown-ids.md": "---\ntitle: Unknown ids\ndate: 2025-03-03\nauthor: Hannah Lindqvist\n"
                          "sources:\n  - no-such-source\nquestion_id: no-such-question\n---\nx\n",
    })

    def audit():
        result = run_audit(ROOT / "pelicanconf.py", overrides={
            "PATH": str(site), "CACHE_PATH": str(tmp_path / "cache")})
        return {(f.file.rsplit("/", 1)[-1], f.rule, f.line) for f in result.findings
                if f.level == "error" and f.file.endswith(".md")}

    expected = {("bad-date.md", "bad-date", 4), ("bad-yaml.md", "bad-front-matter", 6),
                ("bad-question.md", "bad-front-matter", 3),
                ("unknown-ids.md", "unknown-source-id", 5),
                ("unknown-ids.md", "unknown-question-id", 7)}
    assert audit() == expected
    assert audit() == expected  # from the warm reader cache: the same findings
