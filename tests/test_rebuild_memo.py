"""An autoreloading build (livereload, regenerate) remembers per-post results for the
process (customer_evidence/core/memo.py): a post edited between two builds of one
process gets fresh findings and a fresh page, never the remembered ones."""

from __future__ import annotations

import shutil

from conftest import CONTENT, THEME_SCRIPTS, build_with_log, findings_in, soup

PROBE = """\
Title: A post edited between builds
Date: 2026-01-07
Category: Cost and pricing
Question: Does a second build see the edit?
Source-Exempt: a test of the rebuild

An opening paragraph that says nothing in particular.
"""
ACTIVE = "\n<script>alert(1)</script>\n"
LINK = "\nSee [the old page](/no-such-page/) too.\n"
LEAK = "\nWe spoke to Annika Holmgren about it.\n"  # a private name in sources.yml
OLD_OPENING = "Twice a year we invite clients to spend an afternoon with us and with each other."
NEW_OPENING = "Our clients met in Leeds this spring to compare how their teams work."
# No Summary: list pages show its first words, the link among them (see test_links.py).
SUMMARY_POST = """\
Title: A post listed with its links
Date: 2026-01-06
Category: Cost and pricing
Question: Do the links of a summary still work?
Source-Exempt: a test of the link check

Read the [workshop post](../how-much-does-a-sales-and-marketing-alignment-workshop-cost/) first.
"""


def _of(findings: list[str], name: str, rule: str) -> list[str]:
    return [f for f in findings if name in f.split(": ", 2)[1] and f": {rule}:" in f]


def test_a_post_edited_between_builds_of_one_process_gets_fresh_findings(tmp_path):
    content = tmp_path / "posts_folder"
    shutil.copytree(CONTENT, content)
    probe = content / "articles" / "memo-probe.md"
    probe.write_text(PROBE, encoding="utf-8")
    _, records = build_with_log("pelicanconf.py", tmp_path / "first", content)
    before = findings_in(records)
    assert not _of(before, "memo-probe.md", "active-content")
    assert not _of(before, "memo-probe.md", "private-leak")
    assert not _of(before, "memo-probe.md", "broken-link")
    assert any(OLD_OPENING in f for f in _of(before, "spring-round-table-notes.md", "no-question"))

    probe.write_text(PROBE + ACTIVE + LEAK + LINK, encoding="utf-8")
    notes = content / "articles" / "spring-round-table-notes.md"
    notes.write_text(notes.read_text(encoding="utf-8").replace(OLD_OPENING, NEW_OPENING),
                     encoding="utf-8")
    output, records = build_with_log("pelicanconf.py", tmp_path / "second", content)
    after = findings_in(records)

    assert len(_of(after, "memo-probe.md", "active-content")) == 1
    assert len(_of(after, "memo-probe.md", "private-leak")) == 1
    assert len(_of(after, "memo-probe.md", "broken-link")) == 1
    assert not any(OLD_OPENING in f for f in after)  # the suggestion reads the new text
    page = soup(output / "posts" / "a-post-edited-between-builds" / "index.html")
    scripts = page.find_all("script")
    assert {s["src"] for s in scripts if s.get("src")} <= THEME_SCRIPTS
    assert {s.get("type") for s in scripts if not s.get("src")} == {"application/ld+json"}
    assert "We spoke to" in page.find("main").get_text(" ", strip=True)

    probe.write_text(PROBE, encoding="utf-8")  # and back: the findings go again
    _, records = build_with_log("pelicanconf.py", tmp_path / "third", content)
    again = findings_in(records)
    assert not _of(again, "memo-probe.md", "active-content")
    assert not _of(again, "memo-probe.md", "private-leak")
    assert not _of(again, "memo-probe.md", "broken-link")


def test_a_summary_cut_another_way_is_checked_afresh(tmp_path):
    content = tmp_path / "posts_folder"
    shutil.copytree(CONTENT, content)
    (content / "articles" / "links-summary.md").write_text(SUMMARY_POST, encoding="utf-8")
    _, records = build_with_log("pelicanconf.py", tmp_path / "first", content)
    broken = _of(findings_in(records), "links-summary.md", "broken-link")
    assert len(broken) == 1 and "in the post's summary" in broken[0]
    # The same HTML, cut before the link: the summary's link is gone from list pages.
    _, records = build_with_log("pelicanconf.py", tmp_path / "second", content,
                                SUMMARY_MAX_LENGTH=2)
    assert not _of(findings_in(records), "links-summary.md", "broken-link")
