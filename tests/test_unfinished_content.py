"""Unfinished content is a finding: placeholders `invoke new` left, files nothing builds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import SITE_CONTENT, build_with_log, findings_in, run_invoke, soup
from customer_evidence.core.placeholders import is_placeholder, placeholder_lines
from customer_evidence.tools.audit import run_audit

UNFINISHED = """\
Title: How long does onboarding take?
Date: 2026-03-02
Status: {status}
Sources: {source}
Summary: TODO: one or two plain sentences that answer the question.

TODO: answer the question in this first paragraph, plainly.

> TODO: what the customer said, word for word.
>
> — source: {source}

Some real text about TODO lists, and a TODO: in the middle of a line.

```python
# TODO: a comment in a code sample is not a placeholder
```

    TODO: nor is an indented code block

TODO: what the reader should do next.
"""
PLACEHOLDER_LINES = [5, 7, 9, 21]


def public_source(repo: Path) -> str:
    from customer_evidence.core.source_registry import load_registry

    registry, _ = load_registry(repo / SITE_CONTENT / "sources.yml")
    return next(s.id for s in registry.sources.values() if s.consent == "public")


def write_unfinished(repo: Path, status: str, with_sources: bool = True) -> Path:
    source = public_source(repo)
    text = UNFINISHED.format(status=status, source=source)
    if not with_sources:
        text = text.replace(f"Sources: {source}\n", "")
    path = repo / SITE_CONTENT / "articles" / "onboarding-time.md"
    path.write_text(text, encoding="utf-8")
    return path


def placeholder_findings(text: str, level: str) -> list[int]:
    """The lines of onboarding-time.md that the output names as placeholders at `level`."""
    pattern = rf"^{level}: {SITE_CONTENT}/articles/onboarding-time\.md:(\d+): placeholder: "
    return [int(m) for m in re.findall(pattern, text, re.MULTILINE)]


@pytest.mark.parametrize(("line", "expected"), [
    ("TODO: answer the question", True),
    ("> TODO: what the customer said", True),
    ("- TODO: a list item", True),
    ("*TODO:* emphasised", True),
    ("TODO", True),
    ("TODOs are how teams plan", False),
    ("We have nothing TODO: here", False),
    ("Todo: lower case is ordinary prose", False),
])
def test_what_counts_as_a_placeholder(line, expected):
    assert is_placeholder(line) is expected


def test_placeholder_lines_skip_code_and_name_metadata_lines():
    text = UNFINISHED.format(status="published", source="s")
    assert [n for n, _ in placeholder_lines(text)] == PLACEHOLDER_LINES


def test_placeholders_warn_while_developing_and_stop_a_publish(repo, tmp_path):
    write_unfinished(repo, "published")
    build = run_invoke(repo, "build")
    assert build.returncode == 0, build.stderr
    assert placeholder_findings(build.stderr, "warning") == PLACEHOLDER_LINES

    target = tmp_path / "webroot"
    target.mkdir()
    publish = run_invoke(repo, "publish", PUBLISH_TARGET=f"{target}/")
    assert publish.returncode != 0
    assert placeholder_findings(publish.stderr, "error") == PLACEHOLDER_LINES
    assert list(target.iterdir()) == [], "nothing may be uploaded with a placeholder in a post"


def test_a_draft_with_placeholders_does_not_stop_a_publish_and_is_not_shipped(repo, tmp_path):
    write_unfinished(repo, "draft")
    target = tmp_path / "webroot"
    target.mkdir()
    publish = run_invoke(repo, "publish", PUBLISH_TARGET=f"{target}/")
    assert publish.returncode == 0, publish.stderr
    assert placeholder_findings(publish.stderr, "warning") == PLACEHOLDER_LINES
    assert (target / "index.html").is_file()
    shipped = [p for p in target.rglob("*.html")
               if "How long does onboarding take" in p.read_text(encoding="utf-8")]
    assert shipped == []


def test_the_strict_audit_fails_on_a_draft_from_invoke_new(repo):
    made = run_invoke(repo, "new", "How long does onboarding take?")
    assert made.returncode == 0, made.stderr
    audit = run_invoke(repo, "audit", "--strict", "--format", "json")
    assert audit.returncode == 1
    findings = json.loads(audit.stdout)["findings"]
    lines = [f["line"] for f in findings if f["rule"] == "placeholder"
             and f["file"].endswith("how-long-does-onboarding-take.md")]
    assert len(lines) >= 3 and all(isinstance(n, int) for n in lines)


def test_a_placeholder_quote_cites_no_one_and_shows_no_attribution(repo, tmp_path):
    write_unfinished(repo, "published", with_sources=False)
    output, records = build_with_log("pelicanconf.py", tmp_path / "out", repo / SITE_CONTENT)
    page = soup(output / "posts" / "how-long-does-onboarding-take" / "index.html")
    quote = page.find("blockquote")
    assert quote is not None and "TODO" in quote.get_text()
    assert quote.find("footer") is None and page.select(".quote-source") == []
    assert any(f.startswith("warning: ") and "onboarding-time.md: missing-source:" in f
               for f in findings_in(records))


def test_a_post_outside_the_article_and_page_folders_is_named_with_where_to_move_it(repo):
    stray = repo / SITE_CONTENT / "my-post.md"
    stray.write_text("Title: My post\nDate: 2026-03-02\n\nHello.\n", encoding="utf-8")
    (repo / SITE_CONTENT / "notes").mkdir()
    (repo / SITE_CONTENT / "notes" / "plan.rst").write_text("Plan\n####\n", encoding="utf-8")
    (repo / SITE_CONTENT / "images").mkdir(exist_ok=True)
    (repo / SITE_CONTENT / "images" / "embed.html").write_text("<p>copied as is</p>")
    (repo / SITE_CONTENT / "notes" / "list.txt").write_text("not a content file")
    (repo / SITE_CONTENT / ".#my-post.md").write_text("an editor's lock file")

    build = run_invoke(repo, "build")
    assert build.returncode == 0, build.stderr
    unbuilt = re.findall(r"^warning: (\S+): unbuilt-file: (.*)$", build.stderr, re.MULTILINE)
    assert [name for name, _ in unbuilt] == [f"{SITE_CONTENT}/my-post.md",
                                             f"{SITE_CONTENT}/notes/plan.rst"]
    assert all(f"{SITE_CONTENT}/articles/" in message and f"{SITE_CONTENT}/pages/" in message
               for _, message in unbuilt)
    assert (repo / "output" / "index.html").is_file()


def test_the_audit_names_unbuilt_files_and_the_changed_audit_only_changed_ones(repo, monkeypatch):
    (repo / SITE_CONTENT / "my-post.md").write_text("Title: Mine\nDate: 2026-03-02\n\nHi.\n")
    (repo / SITE_CONTENT / "other.md").write_text("Title: Other\nDate: 2026-03-02\n\nHi.\n")
    monkeypatch.chdir(repo)
    whole = run_audit(repo / "pelicanconf.py", cache=False)
    assert sorted(f.file for f in whole.findings if f.rule == "unbuilt-file") == [
        f"{SITE_CONTENT}/my-post.md", f"{SITE_CONTENT}/other.md"]
    changed = run_audit(repo / "pelicanconf.py", only=[repo / SITE_CONTENT / "my-post.md"],
                        cache=False)
    unbuilt = [f.file for f in changed.findings if f.rule == "unbuilt-file"]
    assert unbuilt == [f"{SITE_CONTENT}/my-post.md"]
    # Narrowing the audit to one file must not make every other file look unbuilt.
    article = next((repo / SITE_CONTENT / "articles").glob("*.md"))
    one = run_audit(repo / "pelicanconf.py", only=[article], cache=False)
    assert [f for f in one.findings if f.rule == "unbuilt-file"] == []


def test_invoke_new_drafts_are_found_by_the_same_rule_it_writes_for(repo):
    made = run_invoke(repo, "new", "What does onboarding cost?")
    assert made.returncode == 0, made.stderr
    path = next((repo / SITE_CONTENT / "articles").glob("what-does-onboarding-cost*.md"))
    lines = placeholder_lines(path.read_text(encoding="utf-8"))
    assert lines and all("TODO" in text for _, text in lines)
    every_todo_line = [line for line in path.read_text(encoding="utf-8").splitlines()
                       if "TODO" in line]
    assert len(lines) == len(every_todo_line)
