"""`invoke new`, run as an author runs it, on a copy of the repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pelican.contents import Article
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from conftest import build_with_log, findings_in, run_invoke, soup
from customer_evidence.core.header import parse_header
from customer_evidence.core.question_bank import load_bank
from customer_evidence.core.source_registry import load_registry


def invoke(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return run_invoke(repo, *args, timeout=120)


def shown_in(repo: Path, name: str) -> str:
    """A file of the copy's content folder as messages name it (relative to the copy)."""
    return (Path(settings_of(repo)["PATH"]) / name).relative_to(repo).as_posix()


def settings_of(repo: Path) -> dict:
    return read_settings(str(repo / "pelicanconf.py"), override={"PATH": str(repo / "content")})


def articles(repo: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in (repo / "content").rglob("*.md")}


def unanswered_question(repo: Path):
    """A bank question no article of the copy declares."""
    bank, _ = load_bank(repo / "content" / "questions.yml")
    declared = set()
    for text in articles(repo).values():
        field = parse_header(text).find("question-id")
        declared |= {field.value} if field else set()
    return next(q for q in bank.questions.values() if q.id not in declared)


def sources_with(repo: Path, consent: str) -> list:
    registry, _ = load_registry(repo / "content" / "sources.yml")
    return [s for s in registry.sources.values() if s.consent == consent]


def test_new_writes_a_draft_that_builds_tagged_with_its_question_and_citing_its_sources(
        repo, tmp_path):
    question = unanswered_question(repo)
    first, second = sources_with(repo, "public")[:2]
    title = f"Our answer: {question.text}"
    before = articles(repo)

    result = invoke(repo, "new", title, "--question-id", question.id,
                    "--source", first.id, "--source", second.id, "--category", "Problems")
    assert result.returncode == 0, result.stderr
    (path,) = set(articles(repo)) - set(before)
    settings = settings_of(repo)
    slug = Article("", metadata={"title": title}, settings=settings).slug
    assert path == repo / "content" / "articles" / f"{slug}.md"
    assert path.relative_to(repo).as_posix() in result.stdout

    _, meta = MarkdownReader(settings).read(str(path))
    assert meta["title"] == title and meta["status"] == "draft"
    assert meta["question-id"] == question.id and meta["question"] == question.text
    assert meta["sources"] == f"{first.id}, {second.id}"
    assert str(meta["category"]) == "Problems"

    output, records = build_with_log("pelicanconf.py", tmp_path / "out", repo / "content")
    ours = [f for f in findings_in(records) if path.name in f]
    assert not [f for f in ours if f.startswith("error:")], ours
    page = soup(output / "drafts" / slug / "index.html")
    assert question.text in page.select_one("article .answers").get_text(" ", strip=True)
    cited = [li.get_text(" ", strip=True) for li in page.select("section.customer-sources li")]
    for source in (first, second):
        assert any(source.attribution in c for c in cited), source.id
    # The skeleton quote is a placeholder: it shows no customer's attribution until written.
    quote = page.select_one("article blockquote")
    assert "TODO" in quote.get_text() and quote.select("footer") == []
    assert not (output / "posts" / slug).exists(), "a draft must not be published"


def test_new_refuses_to_overwrite_and_changes_nothing(repo):
    question = unanswered_question(repo)
    assert invoke(repo, "new", "A post to keep", "--question-id", question.id).returncode == 0
    (path,) = [p for p in articles(repo) if "a-post-to-keep" in p.name]
    path.write_text(path.read_text(encoding="utf-8") + "\nThe author's work.\n", encoding="utf-8")
    kept = path.read_text(encoding="utf-8")

    result = invoke(repo, "new", "A post to keep", "--question-id", question.id)
    assert result.returncode == 1
    assert f"{path.relative_to(repo).as_posix()} already exists; refusing to overwrite" \
        in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8") == kept


def test_unknown_ids_exit_1_with_the_close_ids_and_write_nothing(repo):
    question = unanswered_question(repo)
    source = sources_with(repo, "public")[0]
    before = articles(repo)
    result = invoke(repo, "new", "Typos", "--question-id", question.id[:-1],
                    "--source", source.id + "x")
    assert result.returncode == 1
    bank, registry = (shown_in(repo, name) for name in ("questions.yml", "sources.yml"))
    assert (f"--question-id {question.id[:-1]!r} is not in {bank}; "
            "did you mean") in result.stderr
    assert repr(question.id) in result.stderr
    assert f"--source {source.id + 'x'!r} is not in {registry}" in result.stderr
    assert repr(source.id) in result.stderr
    assert "Traceback" not in result.stderr
    assert articles(repo) == before


def test_a_private_source_is_written_with_a_warning(repo):
    private = sources_with(repo, "private")[0]
    result = invoke(repo, "new", "Quoting a private call", "--source", private.id,
                    "--question", "Who should own the lead handoff?")
    assert result.returncode == 0, result.stderr
    warning = next(line for line in result.stderr.splitlines() if private.id in line)
    assert warning.startswith("warning:") and "private" in warning


def test_a_broken_registry_is_named_with_its_line(repo):
    registry = repo / "content" / "sources.yml"
    lines = registry.read_text(encoding="utf-8").splitlines()
    bad = next(i for i, line in enumerate(lines) if line.startswith("  kind:"))
    lines[bad] = " " + lines[bad]  # one space out of line
    registry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke(repo, "new", "Anything", "--source", "survey-2025-q4")
    assert result.returncode == 1
    assert f"{registry.relative_to(repo).as_posix()}:{bad + 1}: registry-syntax:" \
        in result.stderr
    assert "Traceback" not in result.stderr


def test_a_title_on_two_lines_is_refused(repo):
    before = articles(repo)
    result = invoke(repo, "new", "First line\nsecond line")
    assert result.returncode == 1
    assert "the title must be one line" in result.stderr
    assert "Traceback" not in result.stderr
    assert articles(repo) == before
