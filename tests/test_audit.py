"""`invoke audit`: the build's findings, without the build; its formats, exit codes and modes."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from benchmarks import corpus
from conftest import CONTENT, ROOT, build_site, run_invoke
from customer_evidence.core.findings import Finding, FindingCollector
from customer_evidence.tools.audit import Audit, AuditError, changed_files, run_audit, split_by_kind
from customer_evidence.tools.audit_output import SCHEMA, as_github, as_json, as_text

GITHUB_LINE = re.compile(
    r"^::(?P<level>error|warning|notice) (?:file=(?P<file>[^,:]+)(?:,line=(?P<line>\d+))?,)?"
    r"title=(?P<title>[^,:]+)::(?P<message>.+)$"
)


def build_findings(content: Path, output: Path) -> list[Finding]:
    """The findings a development build logs, collected as records."""
    collector = FindingCollector()
    loggers = [logging.getLogger(), logging.getLogger("editorial")]
    for logger in loggers:
        logger.addHandler(collector)
    try:
        build_site("pelicanconf.py", output, content)
    finally:
        for logger in loggers:
            logger.removeHandler(collector)
    return sorted(set(f for f in collector.findings if f.rule != "pelican"), key=repr)


def audit_of(content: Path, cache_path: Path, **kwargs) -> Audit:
    return run_audit(ROOT / "pelicanconf.py",
                     overrides={"PATH": str(content), "CACHE_PATH": str(cache_path)}, **kwargs)


def plugin_findings(audit: Audit) -> list[Finding]:
    return sorted(set(f for f in audit.findings if f.rule != "pelican"), key=repr)


@pytest.fixture(scope="module")
def bench_content(tmp_path_factory) -> Path:
    """A generated corpus big enough for the audit to read it in worker processes."""
    folder = tmp_path_factory.mktemp("corpus") / "content"
    corpus.generate(folder, articles=160, questions=200, sources=150)
    return folder


def test_the_audit_reports_exactly_what_the_build_logs_on_the_sample(tmp_path):
    built = build_findings(CONTENT, tmp_path / "output")
    audited = audit_of(CONTENT, tmp_path / "cache")
    assert plugin_findings(audited) == built
    rules = {f.rule for f in built}
    assert {"missing-source", "no-question", "source-exempt", "competing-articles"} <= rules
    assert not (tmp_path / "output-audit").exists()


def test_the_audit_reports_exactly_what_the_build_logs_on_a_generated_corpus(
        bench_content, tmp_path):
    built = build_findings(bench_content, tmp_path / "output")
    cold = audit_of(bench_content, tmp_path / "cache")  # read in worker processes
    warm = audit_of(bench_content, tmp_path / "cache")  # read from the audit's cache
    single = audit_of(bench_content, tmp_path / "nocache", cache=False, jobs=1)
    assert len(built) > 150
    assert {"error", "warning", "info"} == {f.level for f in built}
    assert plugin_findings(cold) == built
    assert plugin_findings(warm) == built
    assert plugin_findings(single) == built
    assert len(cold.files) == 161  # 160 articles and the about page
    assert any((tmp_path / "cache" / "readers").rglob("ArticlesGenerator-Readers"))
    assert not (tmp_path / "nocache").exists()


def test_a_changed_article_is_read_again_from_a_warm_cache(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    audit_of(content, tmp_path / "cache")
    post = content / "articles" / "workshop-cost.md"
    post.write_text(post.read_text(encoding="utf-8").replace(
        "Question-Id: workshop-cost", "Question-Id: workshop-costs"), encoding="utf-8")
    os.utime(post, (post.stat().st_atime, post.stat().st_mtime + 5))
    again = audit_of(content, tmp_path / "cache")
    unknown, = [f for f in again.findings if f.rule == "unknown-question-id"]
    assert unknown.file.endswith("workshop-cost.md") and unknown.level == "error"
    assert "'workshop-costs'" in unknown.message


def test_only_the_given_files_are_audited_but_the_registries_are_checked_whole(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    registry = content / "sources.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + "\n- id: broken\n  kind: rumour\n",
                        encoding="utf-8")
    one = content / "articles" / "sales-content-library-review.md"
    audit = audit_of(content, tmp_path / "cache", only=[one])
    files = {f.file for f in audit.findings}
    assert audit.files == ["articles/sales-content-library-review.md"]
    assert files == {str(registry), str(one)}
    assert {f.rule for f in audit.findings if f.file == str(one)} == {"missing-source"}
    assert any(f.level == "error" and "rumour" in f.message for f in audit.findings)


def test_split_by_kind_sorts_changed_files_into_articles_and_pages(tmp_path):
    settings = {"PATH": str(CONTENT), "ARTICLE_PATHS": ["articles"], "PAGE_PATHS": ["pages"]}
    articles, pages = split_by_kind(
        [CONTENT / "articles" / "workshop-cost.md", CONTENT / "pages" / "about.md",
         CONTENT / "sources.yml", ROOT / "README.md", tmp_path / "elsewhere.md"], settings)
    assert (articles, pages) == (["articles/workshop-cost.md"], ["pages/about.md"])


def test_split_by_kind_follows_links_into_the_content_folder_as_resolve_does(tmp_path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    post = content / "articles" / "post.md"
    post.write_text("Title: A\n", encoding="utf-8")
    (content / "pages" / "about.md").write_text("Title: B\n", encoding="utf-8")
    (tmp_path / "via").symlink_to(content / "articles")  # a folder linking into content/
    (tmp_path / "notes.txt").symlink_to(post)  # a file linking to a post
    built = tmp_path / "output" / "posts" / "a"  # untracked output, as git lists it
    built.mkdir(parents=True)
    (built / "index.html").write_text("", encoding="utf-8")
    settings = {"PATH": str(content), "ARTICLE_PATHS": ["articles"], "PAGE_PATHS": ["pages"]}
    articles, pages = split_by_kind(
        [tmp_path / "via" / "post.md", tmp_path / "notes.txt", built / "index.html",
         f"{content}/pages/./about.md", content / "articles" / ".." / "pages" / "about.md",
         tmp_path / "via" / "new.md"], settings)
    assert articles == ["articles/post.md", "articles/post.md", "articles/new.md"]
    assert pages == ["pages/about.md", "pages/about.md"]


def test_a_changed_post_collides_with_an_unchanged_one_by_the_date_its_output_path_uses(
        tmp_path):
    articles = tmp_path / "content" / "articles"
    articles.mkdir(parents=True)
    (articles / "a-old.md").write_text("Title: Old\nDate: 2023-05-01 10:00\nSlug: same\n\n"
                                       "Text.\n", encoding="utf-8")
    (articles / "b-older.md").write_text("Title: Older\nDate: 2022-01-01\nSlug: same\n\n"
                                         "Text.\n", encoding="utf-8")
    new = articles / "c-new.md"
    new.write_text("Title: New\nDate: 2023-12-31\nSlug: same\n\nText.\n", encoding="utf-8")
    audit = run_audit(ROOT / "pelicanconf.py", only=[new], overrides={
        "PATH": str(tmp_path / "content"), "CACHE_PATH": str(tmp_path / "cache"),
        "ARTICLE_SAVE_AS": "{date:%Y}/{slug}/index.html", "ARTICLE_URL": "{date:%Y}/{slug}/"})
    collisions = [f for f in audit.findings if f.rule == "slug-collision"]
    # the unchanged post of the same year writes 2023/same/; the other year's does not
    assert len(collisions) == 1 and collisions[0].file.endswith("c-new.md")
    assert "a-old.md" in collisions[0].message and "2023/same/index.html" in collisions[0].message
    assert "b-older.md" not in collisions[0].message


def test_changed_files_lists_edited_and_untracked_files_since_a_commit(tmp_path):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty",
        "-m", "empty")
    (tmp_path / "kept.md").write_text("a\n")
    git("add", "kept.md")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one")
    (tmp_path / "kept.md").write_text("b\n")
    (tmp_path / "new.md").write_text("c\n")
    found = {p.name for p in changed_files("HEAD", tmp_path)}
    assert found == {"kept.md", "new.md"}
    assert {p.name for p in changed_files("HEAD~1", tmp_path)} == {"kept.md", "new.md"}
    with pytest.raises(AuditError, match="no-such-commit"):
        changed_files("no-such-commit", tmp_path)


def test_a_missing_content_folder_is_an_error_that_says_so(tmp_path):
    with pytest.raises(AuditError, match="content folder .*missing.* not found"):
        audit_of(tmp_path / "missing", tmp_path / "cache")


def test_bad_files_each_get_one_clear_finding_and_the_rest_is_still_audited(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    articles = content / "articles"
    (articles / "latin1.md").write_bytes("Title: Caf\xe9\nDate: 2026-01-01\n\nText.\n"
                                         .encode("latin-1"))
    (articles / "empty.md").write_text("")
    body = (articles / "workshop-cost.md").read_text(encoding="utf-8").split("\n\n", 1)[1]
    (articles / "huge.md").write_text("Title: Huge\nDate: 2026-01-01\nSource-Exempt: test\n\n"
                                      + body * (5_000_000 // len(body)), encoding="utf-8")
    questions = content / "questions.yml"
    questions.write_text(questions.read_text(encoding="utf-8") + "\n- id: [unclosed\n",
                         encoding="utf-8")
    audit_of(content, tmp_path / "cache")
    audit = audit_of(content, tmp_path / "cache")  # warm: the big file comes from the cache
    by_file = {}
    for f in audit.findings:
        by_file.setdefault(Path(f.file).name, []).append(f)
    latin1, = by_file["latin1.md"]
    assert (latin1.level, latin1.rule) == ("error", "not-utf8")
    assert "byte offset 10" in latin1.message
    empty, = by_file["empty.md"]
    assert empty.rule == "missing-title" and "empty" in empty.message
    huge = [f for f in by_file["huge.md"] if f.rule == "large-file"]
    assert huge and "4.8 MB" in huge[0].message
    syntax = [f for f in by_file["questions.yml"] if f.level == "error"]
    assert syntax and syntax[0].line is not None and syntax[0].line > 100
    # every other article was still audited
    assert "spring-round-table-notes.md" in by_file
    assert "sales-content-library-review.md" in by_file


def test_json_output_follows_the_documented_schema(tmp_path):
    audit = audit_of(CONTENT, tmp_path / "cache")
    data = json.loads(as_json(audit))
    assert data["schema"] == SCHEMA
    assert set(data) == {"schema", "summary", "seconds", "findings"}
    summary = data["summary"]
    for level in ("error", "warning", "info"):
        assert summary[level] == sum(1 for f in data["findings"] if f["level"] == level)
    assert summary["files_read"] == len(audit.files) == 18
    assert summary["files_with_findings"] == len({f["file"] for f in data["findings"]})
    for finding in data["findings"]:
        assert set(finding) == {"level", "rule", "file", "line", "message"}
        assert finding["line"] is None or isinstance(finding["line"], int)
    assert data["findings"] == [f.as_dict() for f in audit.findings]


def test_github_output_is_one_annotation_per_finding_on_its_file_and_line(tmp_path):
    audit = audit_of(CONTENT, tmp_path / "cache")
    lines = as_github(audit).splitlines()
    annotations = [GITHUB_LINE.match(line) for line in lines[:-1]]
    assert all(annotations) and len(annotations) == len(audit.findings)
    for match, finding in zip(annotations, audit.findings, strict=True):
        level = {"info": "notice"}.get(finding.level, finding.level)
        assert (match["level"], match["file"], match["title"]) == (
            level, finding.file, finding.rule)
        assert match["line"] == (str(finding.line) if finding.line else None)
    assert "0 errors, 3 warnings" in lines[-1]


def test_github_output_escapes_what_would_break_a_workflow_command():
    tricky = Finding("error", "bad-date", "notes/a,b:c.md", 3, "100% wrong\nsecond line")
    line = as_github(Audit([tricky], ["a,b:c.md"], 0.1)).splitlines()[0]
    assert line == ("::error file=notes/a%2Cb%3Ac.md,line=3,title=bad-date::"
                    "100%25 wrong%0Asecond line")


def test_text_output_groups_findings_by_file_and_ends_with_the_counts(tmp_path):
    audit = audit_of(CONTENT, tmp_path / "cache")
    text = as_text(audit, width=200)
    files = [f.file for f in audit.findings]
    positions = [text.index(name) for name in dict.fromkeys(files)]
    assert positions == sorted(positions)
    for finding in audit.findings:
        assert finding.rule in text
    assert text.splitlines()[-1].startswith("0 errors, 3 warnings, 3 infos in 5 files")
    colored = as_text(audit, width=200, color=True)
    assert "\x1b[" in colored and re.sub(r"\x1b\[[0-9;]*m", "", colored) == text


# --- through invoke, as an author runs it -------------------------------------------


invoke = run_invoke


def test_exit_codes_clean_strict_broken_and_unable_to_run(repo):
    assert invoke(repo, "audit").returncode == 0
    strict = invoke(repo, "audit", "--strict")
    assert strict.returncode == 1 and "3 warnings" in strict.stdout
    post = repo / "content" / "articles" / "workshop-cost.md"
    post.write_text(post.read_text(encoding="utf-8").replace(
        "Sources: ", "Sources: interveiw-typo, ", 1), encoding="utf-8")
    broken = invoke(repo, "audit", "--format", "json")
    assert broken.returncode == 1
    errors = [f for f in json.loads(broken.stdout)["findings"] if f["level"] == "error"]
    assert [(f["rule"], f["file"]) for f in errors] == [
        ("unknown-source-id", post.relative_to(repo).as_posix())]
    shutil.rmtree(repo / "content")
    missing = invoke(repo, "audit")
    assert missing.returncode == 2 and "content folder" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert invoke(repo, "audit", "--format", "yaml").returncode == 2


def test_changed_audits_only_what_git_says_changed(repo):
    def git(*args):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                       cwd=repo, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "sample")
    clean = json.loads(invoke(repo, "audit", "--changed", "--format", "json").stdout)
    assert clean["findings"] == [] and clean["summary"]["files_read"] == 0
    post = repo / "content" / "articles" / "spring-round-table-notes.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    changed = invoke(repo, "audit", "--changed", "--format", "json")
    data = json.loads(changed.stdout)
    assert changed.returncode == 0
    assert data["summary"]["files_read"] == 1
    assert {f["file"] for f in data["findings"]} == {post.relative_to(repo).as_posix()}
    assert invoke(repo, "audit", "--changed", "not-a-commit").returncode == 2


def test_the_build_puts_content_guard_findings_in_the_report_too(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "articles" / "latin1.md").write_bytes(b"Title: Caf\xe9\nDate: 2026-01-01\n\nText.\n")
    clash = content / "articles" / "workshop-cost-copy.md"
    shutil.copy(content / "articles" / "workshop-cost.md", clash)  # same title, same slug
    output = build_site("pelicanconf.py", tmp_path / "output", content)
    report = json.loads((output / "editorial" / "report.json").read_text(encoding="utf-8"))
    rules = {f["rule"] for f in report["other_findings"]}
    rules |= {f["rule"] for a in report["articles"] for f in a["findings"]}
    assert {"not-utf8", "slug-collision"} <= rules


def test_an_audit_after_a_build_renders_only_what_changed_since(tmp_path, monkeypatch):
    from pelican.plugins.content_guard.content_guard import CheckedMarkdownReader

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    build_site("pelicanconf.py", tmp_path / "output", content, CACHE_PATH=str(tmp_path / "cache"))
    rendered = []
    original = CheckedMarkdownReader._checked_read
    monkeypatch.setattr(CheckedMarkdownReader, "_checked_read",
                        lambda self, path: rendered.append(Path(path).name) or original(self, path))
    audit_of(content, tmp_path / "cache", jobs=1)
    assert rendered == []
    post = content / "articles" / "workshop-cost.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")
    os.utime(post, (post.stat().st_atime, post.stat().st_mtime + 5))
    audit_of(content, tmp_path / "cache", jobs=1)
    assert rendered == ["workshop-cost.md"]


def test_invoke_questions_prints_coverage_by_stage_and_the_gaps_most_asked_first(repo):
    import yaml

    from conftest import read_meta

    bank = yaml.safe_load((repo / "content" / "questions.yml").read_text(encoding="utf-8"))
    answered = set()
    for post in (repo / "content" / "articles").glob("*.md"):
        meta = read_meta(post)
        if meta.get("status", "published") == "published" and "question-id" in meta:
            answered.add(meta["question-id"])
    gaps = sorted((q for q in bank if q["id"] not in answered),
                  key=lambda q: (-q["asked"], q["id"]))
    result = invoke(repo, "questions")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    total = next(line for line in lines if line.split("│")[0].strip() == "all")
    assert [cell.strip() for cell in total.split("│")[2:4]] == [str(len(answered)), str(len(bank))]
    shown = [line.split("│")[1].strip() for line in lines
             if line.count("│") >= 3 and line.split("│")[1].strip() in {q["id"] for q in bank}]
    assert shown == [q["id"] for q in gaps] and len(gaps) == 15


def test_a_worker_reads_each_file_exactly_as_pelican_does(bench_content, monkeypatch):
    """Workers reuse one Markdown instance; the HTML and metadata must not change."""
    import pelican.readers
    from pelican import Pelican
    from pelican.generators import ArticlesGenerator
    from pelican.settings import read_settings

    import customer_evidence.tools.audit as audit

    settings = read_settings(str(ROOT / "pelicanconf.py"),
                             override={"PATH": str(bench_content), "CACHE_CONTENT": False})
    site = Pelican(settings)
    generator = ArticlesGenerator(
        context=audit._context(site.settings), settings=site.settings, path=site.path,
        theme=site.theme, output_path=site.output_path)
    files = sorted(audit._files_of(generator))
    reader = generator.readers.readers["md"]
    fresh = {}
    for name in files:
        path = os.path.abspath(os.path.join(generator.path, name))
        try:
            fresh[path] = reader.read(path)
        except Exception:  # files the worker leaves to Pelican
            continue
    monkeypatch.setattr(pelican.readers, "Markdown", pelican.readers.Markdown)  # restored after
    monkeypatch.setattr(audit, "_WORKER", {})
    audit._start_worker(generator.readers, generator.path)  # as a worker process starts
    worker = dict(audit._read_chunk(files))
    assert len(worker) == len(fresh) == 160
    for path, (_, (content, metadata)) in worker.items():
        assert content == fresh[path][0], path
        assert {k: str(v) for k, v in metadata.items()} == {
            k: str(v) for k, v in fresh[path][1].items()}, path


def test_a_damaged_reader_cache_is_read_around_not_a_crash(tmp_path):
    first = audit_of(CONTENT, tmp_path / "cache")
    cache, = (tmp_path / "cache").rglob("ArticlesGenerator-Readers")
    cache.write_bytes(b"")  # as a build leaves it in the instant it starts writing
    assert audit_of(CONTENT, tmp_path / "cache").findings == first.findings
    cache.write_bytes(cache.read_bytes()[:100])  # half written
    again = audit_of(CONTENT, tmp_path / "cache")
    assert plugin_findings(again) == plugin_findings(first)
