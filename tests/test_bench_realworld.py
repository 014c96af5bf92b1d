"""The real-world benchmark corpus (benchmarks.realworld) and speed.py's summaries."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import markdown
import pytest

from benchmarks import realworld, speed
from benchmarks.speed_child import edit_middle_sentence, vmhwm_mib
from conftest import build_with_log, read_meta, soup


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").partition("\n\n")[2]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("realworld") / "posts_folder"
    realworld.generate(folder, posts=400)
    return folder


@pytest.fixture(scope="module")
def bodies(corpus) -> list[str]:
    return [_body(p) for p in sorted((corpus / "articles").glob("*.md"))]


@pytest.fixture(scope="module")
def rendered(bodies) -> list[str]:
    """Each post's body as Python-Markdown renders it (no highlighting)."""
    return [markdown.markdown(b, extensions=["extra"]) for b in bodies]


def test_same_arguments_give_byte_identical_files(tmp_path):
    realworld.generate(tmp_path / "a", posts=30, seed=7)
    realworld.generate(tmp_path / "b", posts=30, seed=7)
    realworld.generate(tmp_path / "c", posts=30, seed=8)
    first, second, other = (_files(tmp_path / name) for name in "abc")
    assert first == second
    assert len(first) > 30
    assert first != other


def test_refuses_to_write_over_an_earlier_corpus(tmp_path):
    realworld.generate(tmp_path, posts=30)
    with pytest.raises(FileExistsError):
        realworld.generate(tmp_path, posts=30)


def test_most_code_blocks_have_no_language(rendered):
    blocks = [block for page in rendered for block in re.findall(r"<pre><code[^>]*>", page)]
    labelled = [block for block in blocks if "language-" in block]
    assert len(blocks) > 400
    assert 0.1 < len(labelled) / len(blocks) < 0.3  # about 80 % without one
    indented_or_bare = [page for page in rendered if "<pre><code>" in page]
    assert len(indented_or_bare) > 100


def test_indented_and_fenced_code_blocks_both_occur(bodies):
    assert sum(bool(re.search(r"^```\s*$", b, re.M)) for b in bodies) > 50
    assert sum(bool(re.search(r"\n\n    \S", b)) for b in bodies) > 50


def test_tables_footnotes_quotes_lists_and_links_appear_on_some_posts(rendered):
    def share(pattern: str) -> float:
        return sum(bool(re.search(pattern, page)) for page in rendered) / len(rendered)

    assert 0.1 < share("<table>") < 0.4
    assert 0.05 < share('class="footnote"') < 0.3
    assert 0.1 < share("<blockquote>") < 0.6
    assert share("<ul>") > 0.5
    assert share("<ol>") > 0.1
    assert share('<a href="https://') > 0.5
    assert share("<code>[a-z_]+</code>") > 0.5
    assert share("<h2") > 0.9


def test_local_images_exist_as_png_files_and_remote_ones_use_https(corpus, bodies):
    local = {name for b in bodies for name in re.findall(r"\{static\}/images/([\w.-]+)", b)}
    remote = [url for b in bodies for url in re.findall(r"!\[[^]]*\]\((https://[^)]+)\)", b)]
    with_images = [b for b in bodies if "![" in b]
    assert 0.2 < len(with_images) / len(bodies) < 0.5
    assert local and remote
    for name in local:
        data = (corpus / "images" / name).read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) < 50_000


def test_post_lengths_spread_from_short_to_long(bodies):
    words = [len(b.split()) for b in bodies]
    assert min(words) >= 150
    assert max(words) > 2000
    assert sum(w < 400 for w in words) > 20
    assert sum(w > 1500 for w in words) > 20


def test_headers_tags_and_categories_have_realistic_counts(corpus):
    metas = [read_meta(p) for p in sorted((corpus / "articles").glob("*.md"))]
    tags = [[t.strip() for t in m["tags"].split(",")] for m in metas]
    distinct = {t for post in tags for t in post}
    uses = [sum(t in post for post in tags) for t in distinct]
    assert len(metas) == 400
    assert all(1 <= len(post) <= 6 for post in tags)
    assert 900 <= len(distinct) <= 1100  # about 2.5 tags per post
    assert max(uses) > 30 and sorted(uses)[len(uses) // 2] == 1  # a head and a long tail
    assert 8 <= len({m["category"] for m in metas}) <= 15
    for key, low, high in [("summary", 0.3, 0.5), ("author", 0.5, 0.7),
                           ("question-id", 0.2, 0.4), ("sources", 0.25, 0.45)]:
        assert low < sum(key in m for m in metas) / len(metas) < high, key
    assert all(m["title"] and re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d$", m["date"]) for m in metas)


def test_the_site_builds_a_small_corpus_without_errors(tmp_path):
    content = tmp_path / "posts_folder"
    realworld.generate(content, posts=30)
    output, records = build_with_log("pelicanconf.py", tmp_path / "output", content)
    assert [r.getMessage() for r in records if r.levelno >= logging.ERROR] == []
    posts = sorted((output / "posts").glob("*/index.html"))
    assert len(posts) == 30
    pages = [soup(p) for p in posts]
    assert any(page.find("table") for page in pages)
    assert any(page.select("img[src^='/images/figure-']") for page in pages)
    assert any(page.find("pre") for page in pages)


def test_edit_changes_one_sentence_after_the_first_paragraph(corpus):
    path = sorted((corpus / "articles").glob("*.md"))[200]
    text = path.read_text(encoding="utf-8")
    edited = edit_middle_sentence(text, "7")
    before, after = text.split("\n\n"), edited.split("\n\n")
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(changed) == 1 and changed[0] >= 2  # not the header nor the first paragraph
    assert "edit 7" in after[changed[0]]
    assert edit_middle_sentence(text, "8") != edited


def _run(wall: float, cpu: float, peak: float | None = 100.0) -> speed.Run:
    return speed.Run(wall=wall, cpu=cpu, peak_mib=peak)


def test_spread_is_median_min_and_max():
    assert speed.spread([3.0, 1.0, 2.0]) == (2.0, 1.0, 3.0)
    assert speed.spread([4.0, 1.0, 2.0, 10.0]) == (3.0, 1.0, 10.0)


def test_paired_ratios_divide_within_each_repeat():
    repeats = [{"site": _run(2.0, 4.0), "plain": _run(4.0, 4.0)},
               {"site": _run(9.0, 3.0), "plain": _run(3.0, 6.0)},
               {"site": _run(1.0, 1.0)}]  # no pair: left out
    assert speed.paired_ratios(repeats, "site", "plain") == [0.5, 3.0]
    assert speed.paired_ratios(repeats, "site", "plain", "cpu") == [1.0, 0.5]


def test_growth_is_the_ratio_of_medians_over_the_size_ratio():
    assert speed.growth([1.0, 2.0, 9.0], [20.0, 30.0, 10.0], 10) == pytest.approx(1.0)
    assert speed.growth([2.0], [10.0], 10) == pytest.approx(0.5)


def test_metric_values_skip_missing_runs_and_figures():
    repeats = [{"a": _run(1.0, 2.0, None)}, {"a": _run(3.0, 4.0, 50.0)}, {}]
    assert speed.metric_values(repeats, "a", "wall") == [1.0, 3.0]
    assert speed.metric_values(repeats, "a", "peak_mib") == [50.0]


def test_each_repeat_runs_every_configuration_once_in_its_own_order():
    orders = [speed.group_order(n) for n in range(1, 4)]
    for order in orders:
        names = [name for group in order for name in group]
        assert sorted(names) == sorted(speed.CONFIGS)
        assert names.index("site") < names.index("site, warm cache")
        assert names.index("audit, cold") < names.index("audit --changed")
    assert len({tuple(order) for order in orders}) > 1
    assert speed.group_order(2) == orders[1]


def test_descendants_follow_the_parent_chain():
    parents = {10: 1, 11: 10, 12: 11, 13: 10, 20: 1}
    assert speed.descendants(10, parents) == {11, 12, 13}
    assert speed.descendants(20, parents) == set()


def test_vmhwm_is_read_in_mib():
    assert vmhwm_mib("Name:\tpython\nVmHWM:\t  204800 kB\nVmRSS:\t 1 kB\n") == 200.0
    assert vmhwm_mib("Name:\tpython\n") is None


def test_a_plain_pelican_child_reports_its_cpu_and_its_own_peak_memory(tmp_path):
    content = tmp_path / "posts_folder"
    realworld.generate(content, posts=30)
    run, _ = speed.run_child(["plain", str(content), str(tmp_path / "output")], tmp_path)
    assert len(list((tmp_path / "output").glob("*.html"))) > 3  # Pelican's default theme
    assert run.cpu > 0 and run.wall > 0
    assert run.peak_mib is not None and run.peak_mib > 20


def test_the_table_names_the_child_with_the_largest_peak_and_shows_each_ratio():
    repeats = [{"site": speed.Run(2.0, 2.0, 100.0, 40.0, "pagefind"), "plain": _run(4.0, 1.0)},
               {"site": speed.Run(3.0, 3.0, 100.0, 90.0, "python"), "plain": _run(6.0, 1.0)}]
    table = speed.size_table(400, repeats)
    [site] = [line for line in table.splitlines() if line.split()[:2] == ["site", "2.50"]]
    assert site.split()[1:3] == ["2.50", "(2.00-3.00)"]
    assert site.rstrip().endswith("65 (40-90) python")
    [ratio] = [line for line in table.splitlines() if "site / plain" in line]
    assert ratio.split()[3:5] == ["0.500", "(0.500-0.500)"]  # wall, paired per repeat
