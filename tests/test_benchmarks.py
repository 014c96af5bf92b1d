"""The benchmark corpus is deterministic and realistic; the harness measures both builds."""

from __future__ import annotations

from pathlib import Path

import yaml

from benchmarks import bench, corpus
from conftest import read_meta


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_same_seed_gives_byte_identical_corpus(tmp_path):
    corpus.generate(tmp_path / "a", articles=60, questions=20, sources=15)
    corpus.generate(tmp_path / "b", articles=60, questions=20, sources=15)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    corpus.generate(tmp_path / "c", articles=60, questions=20, sources=15, seed=7)
    assert files(tmp_path / "a") != files(tmp_path / "c")


def test_corpus_articles_match_their_registries(tmp_path):
    info = corpus.generate(tmp_path, articles=200, questions=40, sources=30)
    articles = sorted((tmp_path / "articles").glob("*.md"))
    assert len(articles) == info.articles == 200
    bank = {q["id"] for q in yaml.safe_load((tmp_path / "questions.yml").read_text())}
    registry = {s["id"] for s in yaml.safe_load((tmp_path / "sources.yml").read_text())}
    assert len(bank) == info.questions == 40 and len(registry) == info.sources == 30
    metas = [read_meta(p) for p in articles]
    assert {m["question-id"] for m in metas if "question-id" in m} <= bank
    cited = [s.strip() for m in metas for s in m.get("sources", "").split(",") if s.strip()]
    unknown = [s for s in cited if s not in registry]
    assert cited and 0 < len(unknown) < len(cited) * 0.1  # a few deliberate typos
    assert sum(m.get("status") == "draft" for m in metas) == info.drafts
    assert all(m["title"] and m["date"] and m["category"] for m in metas)
    assert sum("— source:" in p.read_text() for p in articles) > 40


def test_bench_builds_site_and_plain_and_reports_the_ratio(tmp_path):
    results = bench.run(articles=30, workdir=tmp_path, count_calls=True)
    by_config = {r.config: r for r in results}
    assert set(by_config) == {
        "site", "site, no report", "site, no report, no customer_questions",
        "site, no report, no customer_sources",
        "site, no report, no customer_questions and no customer_sources",
        "site, no report, no theme plugins", "plain"}
    drafts = corpus.generate(tmp_path / "again", articles=30, questions=200, sources=150).drafts
    for result in results:
        assert result.articles == 30 - drafts
        assert result.seconds > 0 and result.peak_rss_mib > 10 and result.calls > 100_000
    assert by_config["plain"].reference == "site"
    assert by_config["site, no report, no customer_sources"].reference == "site, no report"
    assert by_config["site, no report, no theme plugins"].reference == "site, no report"
    assert all(len(r.ratios) == 1 for r in results if r.reference)
    assert (tmp_path / "output-site" / "posts").is_dir()
    table = bench.format_table(results)
    assert "site / plain:" in table and "articles/s" in table
    assert "site, no report / site, no report, no customer_questions:" in table
    assert "Python function calls" in table


def test_the_import_benchmark_export_is_a_wordpress_export_with_its_damage(tmp_path):
    from benchmarks import post_import
    from customer_evidence.importing.model import ReadStats
    from customer_evidence.importing.wordpress import looks_like_wordpress, read_wordpress

    export = tmp_path / "export.xml"
    post_import.write_wxr(export, 50)
    stats = ReadStats()
    posts = list(read_wordpress(export, stats))
    assert looks_like_wordpress(export) and len(posts) == 50
    assert stats.skipped["attachment"] == 10
    assert sum(p.kind == "page" for p in posts) == 2
    assert sum(p.status == "draft" for p in posts) == 5
    assert all("โ€œ" in p.body and "<script>" in p.body for p in posts)
