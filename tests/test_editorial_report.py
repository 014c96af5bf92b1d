"""The editorial report: the page and its JSON twin on the sample site, hostile text,
the publish build, and the pure functions that make the data and draw the charts."""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from lxml import etree
from pelican.plugins.customer_sources.verdicts import assess
from pelican.plugins.editorial_report.charts import (
    TONES,
    Bar,
    Column,
    Series,
    bar_chart,
    chart_css,
    stacked_chart,
)
from pelican.plugins.editorial_report.editorial_report import check_settings
from pelican.plugins.editorial_report.report import SCHEMA, build_report, month_span

from conftest import CONTENT, DATA, ROOT, build_with_log, findings_in, shown, soup
from customer_evidence.core.findings import Finding
from customer_evidence.core.privacy import PrivateMatcher, private_values
from customer_evidence.core.source_registry import Registry, Source, is_stale
from customer_evidence.tools.privacy_scan import scan

SITE = DATA / "report_site"
TODAY = datetime.date(2026, 11, 28)
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE_TITLE = """Is <script>alert("t")</script> "quoted" & 'safe'?"""
HOSTILE_QUESTION = 'Does </script><script>window.pwned=1</script> "break" <!-- things?'
HOSTILE_GAP = 'Is "<script>alert(1)</script>" & <b>bold</b> text safe in a gap?'
FINDING_LINE = re.compile(r"^(\w+): (.+?)(?::(\d+))?: ([\w-]+): (.*)$", re.S)


# --- building and reading the report ------------------------------------------------

def build(tmp_path_factory, content: Path, settings: str = "pelicanconf.py", **overrides):
    """(output, findings as logged, parsed page or None, raw page, JSON or None)."""
    output, records = build_with_log(
        settings, tmp_path_factory.mktemp("report") / "output", content,
        CUSTOMER_SOURCES_TODAY=TODAY, **overrides)
    page = output / "editorial" / "index.html"
    data = output / "editorial" / "report.json"
    return SimpleNamespace(
        output=output, findings=findings_in(records),
        page=soup(page) if page.exists() else None,
        html=page.read_text(encoding="utf-8") if page.exists() else "",
        json=json.loads(data.read_text(encoding="utf-8")) if data.exists() else None)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return build(tmp_path_factory, CONTENT)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    return build(tmp_path_factory, SITE)


def rows(page) -> dict[str, dict]:
    """Each article of the page by file: what the report says about it."""
    found = {}
    for item in page.select("#articles article.report-article"):
        link = item.h3.find("a")
        status = item.h3.select_one(".status")
        text = item.select_one(".question-text")
        found[item["data-file"]] = {
            "title": link.get_text() if link else item.h3.contents[0].strip(),
            "href": link["href"] if link else None,
            "status": status.get_text() if status else None,
            "question": text.get_text() if text else None,
            "how": item.select_one(".how").get_text(),
            "evidence": item.select_one(".evidence").get_text(" ", strip=True)
            if item.select_one(".evidence") else None,
            "suggestion": item.select_one(".suggestion").get_text(" ", strip=True)
            if item.select_one(".suggestion") else None,
            "verdict": item.select_one(".verdict").get_text(),
            "sources": [c.get_text() for c in item.select(".source-id")],
            "findings": [finding_of(li) for li in item.select("li.finding")],
        }
    return found


def finding_of(li) -> tuple:
    line = li.select_one(".line")
    return (li.select_one(".level").get_text(), li.select_one(".rule").get_text(),
            int(line.get_text().split()[-1]) if line else None,
            li.select_one(".message").get_text())


def logged(findings: list[str]) -> dict[str, list[tuple]]:
    """The findings the build logged, by file: (level, rule, line, message)."""
    by_file: dict[str, list[tuple]] = {}
    for text in findings:
        level, file, line, rule, message = FINDING_LINE.match(text).groups()
        by_file.setdefault(file, []).append((level, rule, int(line) if line else None, message))
    return by_file


def svgs(html: str) -> dict[str, etree._Element]:
    """Every inline SVG of the page, parsed as XML, by the id of its title."""
    charts = {}
    for text in re.findall(r"<svg\b.*?</svg>", html, re.S):
        svg = etree.fromstring(text)
        charts[svg.find(f"{SVG}title").get("id").removesuffix("-title")] = svg
    return charts


def table(page, chart_id: str) -> list[list[str]]:
    """The rows of a chart's number table, cells as text."""
    figure = page.select_one(f"#{chart_id}-figure table")
    return [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in figure.tbody.find_all("tr")]


def classes(element) -> list[str]:
    return (element.get("class") or "").split()


def bank() -> dict[str, dict]:
    return {q["id"]: q for q in yaml.safe_load((CONTENT / "questions.yml").read_text())}


def registry_file(path: Path) -> dict[str, dict]:
    return {s["id"]: s for s in yaml.safe_load(path.read_text())}


def how_of(post, flagged: dict[str, list[tuple]]) -> str:
    """How the build tagged an article, from the findings it logged about it."""
    rules = {rule for _, rule, _, _ in flagged.get(shown(post.path), [])}
    return "inferred" if "question-inferred" in rules else "none" if "no-question" in rules \
        else "declared"


def cited_ids(post) -> list[str]:
    """The registered sources an article file names, by metadata or as a quote's last line."""
    text = post.path.read_text(encoding="utf-8")
    ids = [i.strip() for i in post.meta.get("sources", "").split(",") if i.strip()]
    ids += re.findall(r"^> — source: (\S+)\s*$", text, re.M)
    return list(dict.fromkeys(ids))


# --- the sample site ------------------------------------------------------------------

def test_every_article_of_the_sample_is_listed_with_its_question_and_verdict(sample, posts):
    listed = rows(sample.page)
    assert sorted(listed) == sorted(shown(p.path) for p in posts)
    questions, registered = bank(), registry_file(CONTENT / "sources.yml")
    flagged = logged(sample.findings)
    for post in posts:
        file = shown(post.path)
        row = listed[file]
        rules = {rule for _, rule, _, _ in flagged.get(file, [])}
        assert row["title"] == post.title
        expected = (questions[post.meta["question-id"]]["question"] if "question-id" in post.meta
                    else post.meta.get("question"))
        assert row["question"] == expected, file
        assert row["how"] == how_of(post, flagged), file
        assert row["verdict"] == ("missing" if "missing-source" in rules else
                                  "exempt" if "source-exempt" in rules else "cited"), file
        assert row["sources"] == [i for i in cited_ids(post) if i in registered], file


def test_every_article_links_to_its_page_and_drafts_are_marked(sample, posts):
    for file, row in rows(sample.page).items():
        post = next(p for p in posts if shown(p.path) == file)
        assert row["status"] == (None if post.status == "published" else post.status.capitalize())
        page = soup(sample.output / row["href"].strip("/") / "index.html")
        assert page.find("h1").get_text() == post.title
        assert row["href"].startswith("/drafts/" if post.status == "draft" else "/posts/")


def test_each_article_shows_exactly_the_findings_the_build_logged(sample):
    flagged = logged(sample.findings)
    listed = rows(sample.page)
    for file, row in listed.items():
        assert sorted(row["findings"]) == sorted(flagged.get(file, [])), file
    assert sum(len(r["findings"]) for r in listed.values()) == len(sample.findings) > 0


def test_gaps_are_the_unanswered_bank_questions_most_asked_first(sample, published):
    questions = bank()
    by_text = {q["question"]: i for i, q in questions.items()}
    answered = {p.meta.get("question-id") or by_text.get(p.meta.get("question"))
                for p in published}
    expected = {i for i in questions if i not in answered}
    gaps = sample.page.select("#gaps ol.gaps > li")
    assert {li["data-id"] for li in gaps} == expected and len(gaps) == len(expected)
    asked = [int(li.select_one(".asked").get_text()) for li in gaps]
    assert asked == sorted(asked, reverse=True)
    assert asked == [questions[li["data-id"]]["asked"] for li in gaps]


def test_sources_show_how_many_articles_cite_them_which_are_stale_and_unused(sample, posts):
    registry = registry_file(CONTENT / "sources.yml")
    table_rows = {tr["data-id"]: tr for tr in sample.page.select("table.source-usage tbody tr")}
    assert sorted(table_rows) == sorted(registry)
    for source_id, tr in table_rows.items():
        citing = [p for p in posts if source_id in cited_ids(p)]
        assert int(tr.select_one(".published").get_text()) == sum(
            p.status == "published" for p in citing), source_id
        assert int(tr.select_one(".all").get_text()) == len(citing), source_id
    stale = {i for i, s in registry.items() if (TODAY - s["date"]).days > 730}
    unused = {i for i in registry if not any(i in cited_ids(p) for p in posts)}
    assert stale and unused, "the sample should show both"
    assert {li.get_text() for li in sample.page.select(".stale-sources li")} == stale
    assert {li.get_text() for li in sample.page.select(".unused-sources li")} == unused
    counts = [int(tr.select_one(".published").get_text()) for tr in table_rows.values()]
    assert counts == sorted(counts, reverse=True), "most cited first"


def test_each_chart_is_well_formed_svg_with_a_bar_per_value(sample, published):
    charts, flagged = svgs(sample.html), logged(sample.findings)
    assert sorted(charts) == ["chart-month", "chart-stage", "chart-topic", "chart-verdict"]
    for chart_id, svg in charts.items():
        assert svg.get("role") == "img"
        title, desc = svg.get("aria-labelledby").split()
        assert svg.find(f"{SVG}title").get("id") == title
        assert svg.find(f"{SVG}desc").get("id") == desc
        assert svg.find(f"{SVG}title").text == sample.page.select_one(
            f"#{chart_id}-figure figcaption").get_text()
    questions = bank().values()
    for chart_id, field in [("chart-stage", "stage"), ("chart-topic", "topic")]:
        bars = charts[chart_id].findall(f"{SVG}g[@class='bar']")
        assert len(bars) == len({q[field] for q in questions}) == len(table(sample.page, chart_id))
        assert sum(int(r[2]) for r in table(sample.page, chart_id)) == len(questions)
    verdicts = table(sample.page, "chart-verdict")
    assert [r[0] for r in verdicts] == ["Cited", "Missing", "Exempt"]
    assert sum(int(r[1]) for r in verdicts) == len(published)
    assert len(charts["chart-verdict"].findall(f"{SVG}g[@class='bar']")) == 3
    months = {p.meta["date"][:7] for p in published}
    columns = charts["chart-month"].findall(f"{SVG}g[@class='column']")
    assert len(columns) == len(month_span(min(months), max(months)))
    segments = [r for c in columns for r in c.iter(f"{SVG}rect") if "segment" in classes(r)]
    assert len(segments) == len({(p.meta["date"][:7], how_of(p, flagged)) for p in published})
    assert sum(int(r[-1]) for r in table(sample.page, "chart-month")) == len(published)


def test_the_json_twin_agrees_with_the_page(sample):
    data = sample.json
    assert data["schema"] == SCHEMA and data["today"] == TODAY.isoformat()
    listed = rows(sample.page)
    assert [a["file"] for a in data["articles"]] == list(listed)
    for article in data["articles"]:
        row = listed[article["file"]]
        assert (article["title"], article["how"], article["verdict"], article["sources"]) == (
            row["title"], row["how"], row["verdict"], row["sources"])
        assert (article["question"] or {}).get("text") == row["question"]
        assert [(f["level"], f["rule"], f["line"], f["message"]) for f in article["findings"]] \
            == row["findings"]
    assert [g["id"] for g in data["gaps"]] == [
        li["data-id"] for li in sample.page.select("#gaps ol.gaps > li")]
    for key in ("stale", "unused"):
        assert data["sources"][key] == [
            li.get_text() for li in sample.page.select(f".{key}-sources li")]
    months = data["charts"]["articles_per_month"]
    assert [[m["month"], m["declared"], m["inferred"], m["none"]] for m in months] == [
        [r[0], *map(int, r[1:4])] for r in table(sample.page, "chart-month")]
    totals = data["totals"]
    assert sum(totals["findings"].values()) == len(sample.findings)
    assert totals["articles"] == len(listed)


def test_the_page_is_noindex_and_needs_no_javascript(sample):
    assert sample.page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert sample.page.find_all("script") == []
    json_link = sample.page.select_one(".page-header a[type='application/json']")
    assert (sample.output / json_link["href"].lstrip("/")).is_file()


def test_the_publish_build_writes_no_report_at_all(publish_site):
    assert not (publish_site / "editorial").exists()
    assert (publish_site / "index.html").is_file()
    for path in publish_site.rglob("*.html"):
        assert "Editorial report" not in path.read_text(encoding="utf-8"), path


# --- the scenario site: hostile text, drafts, hidden, ranking -------------------------

def test_hostile_titles_and_questions_show_as_text_in_the_page(scenario):
    listed = rows(scenario.page)
    hostile = listed["tests/data/report_site/articles/hostile.md"]
    assert hostile["title"] == HOSTILE_TITLE and hostile["question"] == HOSTILE_QUESTION
    gap = scenario.page.select_one("#gaps li[data-id='hostile-gap'] .gap-question")
    assert gap.get_text() == HOSTILE_GAP
    assert scenario.page.find_all("script") == [] and scenario.page.find_all("b") == []
    assert "<script>" not in scenario.html and "<!--" not in scenario.html.split("<main", 1)[1]


def test_hostile_titles_show_as_text_in_the_svg(scenario):
    month = svgs(scenario.html)["chart-month"]
    tips = ["".join(t.itertext()) for t in month.iter(f"{SVG}title")]
    assert any(HOSTILE_TITLE in tip for tip in tips)
    assert not month.findall(f".//{SVG}script") and not month.findall(".//script")


def test_drafts_and_hidden_articles_are_listed_and_marked(scenario):
    listed = rows(scenario.page)
    draft = listed["tests/data/report_site/articles/draft.md"]
    assert draft["status"] == "Draft" and draft["href"] == "/drafts/a-draft-on-report-briefs/"
    assert (scenario.output / "drafts" / "a-draft-on-report-briefs" / "index.html").is_file()
    assert listed["tests/data/report_site/articles/hidden.md"]["status"] == "Hidden"
    inferred = listed["tests/data/report_site/articles/inferred.md"]
    assert inferred["how"] == "inferred"
    assert inferred["question"] == "Why do board reports go unread?"
    assert inferred["evidence"].startswith("score ")
    assert "from the opening" in inferred["evidence"]
    assert "Board reports go unread because" in inferred["evidence"]
    # The hidden page's title is not a question; the draft declares one: no suggestions.
    assert listed["tests/data/report_site/articles/hidden.md"]["suggestion"] is None
    assert listed["tests/data/report_site/articles/no-question.md"]["how"] == "none"


def test_scenario_gaps_sources_and_months(scenario):
    # report-brief is answered only by a draft, so it is still a gap; ties go by id.
    gaps = [li["data-id"] for li in scenario.page.select("#gaps ol.gaps > li")]
    assert gaps == ["hostile-gap", "report-brief", "another-format", "report-format"]
    usage = {tr["data-id"]: (tr.select_one(".published").get_text(),
                             tr.select_one(".all").get_text())
             for tr in scenario.page.select("table.source-usage tbody tr")}
    assert usage == {"fresh-interview": ("2", "2"), "old-call": ("3", "3"),
                     "draft-only-source": ("0", "1"), "unused-survey": ("0", "0"),
                     "old-unused": ("0", "0")}
    assert [li.get_text() for li in scenario.page.select(".stale-sources li")] == [
        "old-call", "old-unused"]
    assert [li.get_text() for li in scenario.page.select(".unused-sources li")] == [
        "old-unused", "unused-survey"]
    assert table(scenario.page, "chart-month") == [
        ["2025-11", "1", "0", "0", "1"], ["2025-12", "0", "0", "0", "0"],
        ["2026-01", "2", "0", "0", "2"], ["2026-02", "0", "1", "0", "1"],
        ["2026-03", "1", "0", "1", "2"]]


def test_no_private_value_reaches_the_report(scenario, sample):
    for output, registry in [(scenario.output, SITE / "sources.yml"),
                             (sample.output, CONTENT / "sources.yml")]:
        assert private_values(registry)
        assert scan(output / "editorial", private_values(registry)) == []


def test_an_empty_setting_turns_that_output_off(tmp_path_factory):
    site = build(tmp_path_factory, SITE, EDITORIAL_REPORT_JSON_SAVE_AS="")
    assert site.page is not None and site.json is None
    assert not site.page.select(".page-header a[type='application/json']")
    site = build(tmp_path_factory, SITE, EDITORIAL_REPORT_SAVE_AS="",
                 EDITORIAL_REPORT_JSON_SAVE_AS="notes/editorial.json")
    assert site.page is None and not (site.output / "editorial" / "index.html").exists()
    assert json.loads((site.output / "notes" / "editorial.json").read_text())["schema"] == SCHEMA


def test_a_cached_rebuild_gives_the_same_report(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
             "CACHE_PATH": str(tmp_path / "cache"), "CUSTOMER_SOURCES_TODAY": TODAY}
    runs = []
    for n in range(2):
        output, _ = build_with_log("pelicanconf.py", tmp_path / f"out{n}", content, **cache)
        runs.append([(output / "editorial" / name).read_text() for name in
                     ("index.html", "report.json")])
    assert any((tmp_path / "cache").iterdir()), "the first build should fill the cache"
    assert runs[0] == runs[1] and json.loads(runs[0][1])["articles"]


@pytest.mark.parametrize("key, value", [
    ("EDITORIAL_REPORT_SAVE_AS", None), ("EDITORIAL_REPORT_SAVE_AS", "/tmp/report.html"),
    ("EDITORIAL_REPORT_JSON_SAVE_AS", "../report.json"), ("EDITORIAL_REPORT_SAVE_AS", "editorial/"),
])
def test_a_bad_setting_is_refused_naming_it(key, value):
    with pytest.raises(ValueError, match=key):
        check_settings(SimpleNamespace(settings={key: value}))
    check_settings(SimpleNamespace(settings={key: ""}))


# --- report.py, without a build ---------------------------------------------------------

# Where these made-up articles say they come from (any folder: no file is read).
SRC = "blog-src"


def article(name: str, date: str, how: str | None = "declared", verdict: str = "cited",
            sources=(), status: str = "published", save_as: str = "x/index.html"):
    """An article as the plugins leave it, without Pelican."""
    question = {"text": f"Q {name}?", "id": None, "slug": name, "url": None, "topic": None,
                "stage": None, "asked": None, "how": how} if how else None
    return SimpleNamespace(
        title=name.title(), source_path=f"{SRC}/articles/{name}.md", url=f"posts/{name}/",
        save_as=save_as, status=status, date=datetime.datetime.fromisoformat(date),
        customer_question=question, source_verdict=verdict,
        customer_sources=[{"id": s} for s in sources])


def source(source_id: str, date: str, consent: str = "public") -> Source:
    return Source(source_id, "interview", datetime.date.fromisoformat(date), "Someone",
                  consent, "https://example.com/s", (("name", "Secret Person"),), 1)


def coverage(*questions) -> dict:
    qs = [{"id": i, "question": f"{i}?", "topic": t, "stage": s, "asked": a, "heard_in": [],
           "articles": [{}] * n} for i, t, s, a, n in questions]
    gaps = sorted((q for q in qs if not q["articles"]), key=lambda q: (-q["asked"], q["id"]))
    return {"questions": qs, "gaps": gaps, "answered": len(qs) - len(gaps), "total": len(qs)}


def test_report_matches_findings_to_articles_and_keeps_the_rest():
    findings = [
        Finding("warning", "no-question", f"{SRC}/articles/b.md", None, "answers nothing"),
        Finding("info", "source-exempt", f"{SRC}/articles/a.md", 4, "exempt"),
        Finding("error", "sources-bad-date", f"{SRC}/sources.yml", 9, "bad date"),
    ]
    report = build_report([article("a", "2026-01-02"), article("b", "2026-02-03", how=None)],
                          findings, None, None, TODAY, 730)
    by_file = {a["file"]: a for a in report["articles"]}
    assert [a["file"] for a in report["articles"]] == [f"{SRC}/articles/b.md",
                                                       f"{SRC}/articles/a.md"]
    assert by_file[f"{SRC}/articles/a.md"]["findings"] == [
        {"level": "info", "rule": "source-exempt", "line": 4, "message": "exempt"}]
    assert by_file[f"{SRC}/articles/b.md"]["how"] == "none"
    assert [f["file"] for f in report["other_findings"]] == [f"{SRC}/sources.yml"]
    assert report["totals"]["findings"] == {"error": 1, "warning": 1, "info": 1}
    json.dumps(report)  # the JSON twin: plain data only


def test_report_links_an_article_only_when_it_has_a_page():
    report = build_report([article("a", "2026-01-02", status="draft", save_as="")],
                          [], None, None, TODAY, 730)
    assert report["articles"][0]["url"] is None and report["totals"]["drafts"] == 1


def test_source_usage_counts_published_and_all_articles_and_never_shows_private_fields():
    registry = Registry({s.id: s for s in [source("new", "2026-06-01"),
                                           source("old", "2020-01-01", "anonymised"),
                                           source("idle", "2026-01-01")]}, "sources.yml")
    report = build_report(
        [article("a", "2026-01-02", sources=["new", "old"]),
         article("b", "2026-02-02", sources=["new"], status="draft")],
        [], None, registry, TODAY, 730)
    entries = {e["id"]: e for e in report["sources"]["entries"]}
    assert [e["id"] for e in report["sources"]["entries"]] == ["new", "old", "idle"]
    assert (entries["new"]["published"], len(entries["new"]["articles"])) == (1, 2)
    assert report["sources"]["stale"] == ["old"] and report["sources"]["unused"] == ["idle"]
    assert entries["old"]["url"] is None, "an anonymised source shows no URL"
    assert "Secret Person" not in json.dumps(report)


@pytest.mark.parametrize("age", [729, 730, 731])
def test_staleness_is_the_customer_sources_rule(age):
    """The report and the article check agree on the boundary: one rule."""
    old = source("s", (TODAY - datetime.timedelta(days=age)).isoformat())
    registry = Registry({"s": old}, "sources.yml")
    verdict = assess({"sources": "s"}, [], "", registry, PrivateMatcher([]), TODAY, 730,
                     "warning", public=True)
    flagged = any(n.rule == "stale-sources" for n in verdict.notes)
    assert is_stale(old.date, TODAY, 730) is flagged


def test_coverage_charts_count_answered_bank_questions_per_stage_and_topic():
    report = build_report([], [], coverage(("a", "cost", "decision", 3, 1),
                                          ("b", "cost", "awareness", 9, 0),
                                          ("c", "best", "decision", 1, 2)), None, TODAY, 730)
    charts = report["charts"]
    assert charts["coverage_by_stage"] == [{"key": "awareness", "answered": 0, "total": 1},
                                           {"key": "decision", "answered": 2, "total": 2}]
    assert charts["coverage_by_topic"] == [{"key": "cost", "answered": 1, "total": 2},
                                           {"key": "best", "answered": 1, "total": 1}]
    assert [g["id"] for g in report["gaps"]] == ["b"]


def test_articles_per_month_includes_empty_months_and_counts_published_only():
    report = build_report(
        [article("a", "2025-11-30"), article("b", "2026-02-01", how="inferred"),
         article("c", "2026-02-20", how=None), article("d", "2026-05-01", status="draft")],
        [], None, None, TODAY, 730)
    months = report["charts"]["articles_per_month"]
    assert [(m["month"], m["declared"], m["inferred"], m["none"]) for m in months] == [
        ("2025-11", 1, 0, 0), ("2025-12", 0, 0, 0), ("2026-01", 0, 0, 0), ("2026-02", 0, 1, 1)]
    assert months[-1]["titles"] == {"declared": [], "inferred": ["B"], "none": ["C"]}
    assert month_span("2025-12", "2025-12") == ["2025-12"]


# --- charts.py, without a build ---------------------------------------------------------

NASTY = '<script>alert("x")</script> & \'quotes\' <!--'


def test_bar_chart_escapes_labels_and_draws_a_bar_per_row():
    chart = bar_chart("c-one", f"Title {NASTY}", [Bar(NASTY, 3, 5), Bar("Plain", 0, 2)])
    svg = etree.fromstring(chart.svg)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c-one-title c-one-desc"
    assert svg.find(f"{SVG}title").text == f"Title {NASTY}"
    assert NASTY in svg.find(f"{SVG}desc").text and "3 of 5" in svg.find(f"{SVG}desc").text
    bars = svg.findall(f"{SVG}g[@class='bar']")
    assert len(bars) == 2 and bars[0].find(f"{SVG}title").text == f"{NASTY}: 3 of 5"
    assert not svg.findall(f".//{SVG}script")
    cells = etree.fromstring(chart.table).findall(".//tbody/tr")
    assert [[c.text for c in tr] for tr in cells] == [[NASTY, "3", "5"], ["Plain", "0", "2"]]


def test_a_long_label_is_cut_in_the_picture_but_whole_in_its_title():
    label = "A very long label " * 10
    svg = etree.fromstring(bar_chart("c-long", "T", [Bar(label, 1)]).svg)
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert label not in texts and any(t.endswith("…") for t in texts)
    assert svg.find(f".//{SVG}g/{SVG}title").text == f"{label}: 1"


def test_stacked_chart_draws_nonzero_segments_with_escaped_tooltips():
    series = [Series("yes", "Yes", "primary"), Series("no", "No", "bad")]
    columns = [Column("2026-01", {"yes": 2, "no": 1}, {"yes": NASTY}),
               Column("2026-02", {"yes": 0, "no": 0}), Column(NASTY, {"no": 4})]
    chart = stacked_chart("c-two", "Stacked", columns, series)
    svg = etree.fromstring(chart.svg)
    groups = svg.findall(f"{SVG}g[@class='column']")
    assert len(groups) == 3
    segments = [[r for r in g.iter(f"{SVG}rect") if "segment" in classes(r)] for g in groups]
    assert [len(s) for s in segments] == [2, 0, 1]
    assert f"2026-01, Yes: 2 ({NASTY})" == segments[0][0].find(f"{SVG}title").text
    assert NASTY in [t.text for t in groups[2].iter(f"{SVG}text")]
    assert len([r for r in svg.iter(f"{SVG}rect") if "swatch" in classes(r)]) == 2
    cells = etree.fromstring(chart.table).findall(".//tbody/tr")
    assert [[c.text for c in tr] for tr in cells][0] == ["2026-01", "2", "1", "3"]


def test_chart_ids_and_tones_are_checked():
    with pytest.raises(ValueError, match="chart id"):
        bar_chart('x" onload="alert(1)', "T", [])
    with pytest.raises(ValueError, match="tone"):
        bar_chart("ok", "T", [Bar("a", 1, tone="pink")])


def luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    low, high = sorted([luminance(a), luminance(b)])
    return (high + 0.05) / (low + 0.05)


def test_chart_colours_meet_4_5_to_1_on_the_light_and_dark_page_backgrounds():
    css = (ROOT / "theme" / "static" / "css" / "site.css").read_text()
    light_bg, dark_bg = re.findall(r"--bg:\s*(#[0-9a-fA-F]{6})", css)[:2]
    for tone, (light, dark) in TONES.items():
        assert contrast(light, light_bg) >= 4.5, tone
        assert contrast(dark, dark_bg) >= 4.5, tone
    rules = chart_css()
    dark_part = rules.split("prefers-color-scheme: dark", 1)[1]
    assert all(dark in dark_part and light in rules.split("@media")[0]
               for light, dark in TONES.values())

