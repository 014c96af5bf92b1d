"""Input that would hang the build or eat its memory is refused with one finding, and the
rest of the site builds: YAML anchor bombs and over-size files in either registry, and
article dates far from today in the editorial report's monthly chart.

The builds run as the `pelican` command in a copy of the site, under a memory cap
(RLIMIT_AS) and a timeout, so a regression fails the test instead of the machine.
"""

from __future__ import annotations

import datetime
import json
import resource
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
from pelican.plugins.editorial_report.editorial_report import charts_of
from pelican.plugins.editorial_report.report import MAX_MONTHS, build_report

from conftest import copy_site, soup
from customer_evidence.core.question_bank import load_bank
from customer_evidence.core.registry_limits import MAX_ALIASES_KEY, MAX_BYTES_KEY, limits_of
from customer_evidence.core.source_registry import load_registry

CAP_BYTES = 1536 * 1024 * 1024  # 1.5 GB of address space
CAP_SECONDS = 120
SVG = "{http://www.w3.org/2000/svg}"
FAR_FUTURE = "far-future-post.md"
WORKSHOP = "how-much-does-a-sales-and-marketing-alignment-workshop-cost"  # a sample post


def laughs(indent: str, levels: int = 9) -> str:
    """YAML anchors nine deep, each repeating the one before nine times: 9**9 values
    once expanded, from 72 aliases in ten lines ("billion laughs")."""
    lines = [f'{indent}lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", '
             '"lol"]']
    for n in range(1, levels):
        lines.append(f"{indent}lol{n}: &lol{n} [" + ", ".join([f"*lol{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


BANK_BOMB = ("- id: workshop-cost\n  question: How much does a workshop cost?\n  bomb:\n"
             + laughs("    ") + "  asked: *lol8\n  heard_in: *lol8\n")
SOURCES_BOMB = ("- id: survey-2025-q4\n  kind: survey\n  date: 2025-12-05\n  bomb:\n"
                + laughs("    ") + "  attribution: Client survey\n  consent: anonymised\n"
                "  private:\n    name: Odalys Petrakova\n    notes: *lol8\n")


def capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))


def run(site: Path, *args: str) -> subprocess.CompletedProcess:
    """A command in the site's folder, under the memory cap and the timeout."""
    return subprocess.run([sys.executable, *args], cwd=site, capture_output=True, text=True,
                          timeout=CAP_SECONDS, preexec_fn=capped)


def build(site: Path) -> subprocess.CompletedProcess:
    return run(site, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output")


def shown(site: Path, name: str) -> str:
    """A file of the copy's content folder as findings name it (relative to the copy)."""
    return (site / "content" / name).relative_to(site).as_posix()


def finding_lines(stderr: str, rule: str) -> list[str]:
    return [line for line in stderr.splitlines() if f": {rule}: " in line]


@pytest.fixture(scope="module")
def bank_bomb_site(tmp_path_factory):
    """The sample with a bomb for a bank, a 50 MB source registry and a post of 9999."""
    site = copy_site(tmp_path_factory.mktemp("bank-bomb") / "site")
    content = site / "content"
    (content / "questions.yml").write_text(BANK_BOMB, encoding="utf-8")
    with (content / "sources.yml").open("a", encoding="utf-8") as f:
        f.write("- id: padding\n  kind: survey\n  date: 2025-01-01\n  attribution: x\n"
                "  consent: private\n  private:\n    notes: '" + "x" * (50 * 1024 * 1024) + "'\n")
    (content / "articles" / FAR_FUTURE).write_text(
        "Title: A post from the far future\nDate: 9999-12-31\nCategory: Problems\n"
        "Source-Exempt: a test of dates\n\nWritten a long time from now.\n", encoding="utf-8")
    return site, build(site)


@pytest.fixture(scope="module")
def sources_bomb_site(tmp_path_factory):
    """The sample with a bomb for a source registry."""
    site = copy_site(tmp_path_factory.mktemp("sources-bomb") / "site")
    (site / "content" / "sources.yml").write_text(SOURCES_BOMB, encoding="utf-8")
    return site, build(site)


def assert_the_rest_of_the_site_is_whole(site: Path) -> None:
    output = site / "output"
    page = soup(output / "posts" / WORKSHOP / "index.html")
    assert page.find("h1").get_text(strip=True) == (
        "How much does a sales and marketing alignment workshop cost?")
    home = soup(output / "index.html")
    assert len(home.select("main article, main li a")) >= 3, "the home page lists posts"
    assert (output / "questions" / "index.html").is_file()
    assert json.loads((output / "editorial" / "report.json").read_text())["articles"]


def test_a_bank_bomb_is_one_error_naming_the_file_and_the_build_goes_on(bank_bomb_site):
    site, result = bank_bomb_site
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    [finding] = finding_lines(result.stderr, "registry-aliases")
    assert finding.startswith(f"error: {shown(site, 'questions.yml')}:1: registry-aliases: "
                              "more than 100 YAML aliases")
    assert "write the values out" in finding and "No question bank entries" in finding
    assert_the_rest_of_the_site_is_whole(site)
    hub = soup(site / "output" / "questions" / "index.html")
    assert "How much does a workshop cost?" not in hub.get_text()  # no entry was used


def test_an_over_size_registry_is_one_error_naming_the_setting(bank_bomb_site):
    site, result = bank_bomb_site
    [finding] = finding_lines(result.stderr, "registry-too-large")
    assert finding.startswith(f"error: {shown(site, 'sources.yml')}: registry-too-large: "
                              "the file is "
                              "50 MB, over the 5 MB a registry may be "
                              f"({MAX_BYTES_KEY}), so it was not read")
    report = json.loads((site / "output" / "editorial" / "report.json").read_text())
    assert report["sources"]["entries"] == []
    assert "registry-too-large" in {f["rule"] for f in report["other_findings"]}


def test_a_source_registry_bomb_is_one_error_and_the_build_goes_on(sources_bomb_site):
    site, result = sources_bomb_site
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    [finding] = finding_lines(result.stderr, "registry-aliases")
    assert finding.startswith(f"error: {shown(site, 'sources.yml')}:1: registry-aliases: ")
    assert "No source registry entries were loaded" in finding
    assert "Odalys" not in result.stderr  # findings never repeat a private value
    assert_the_rest_of_the_site_is_whole(site)


@pytest.mark.parametrize("fixture", ["bank_bomb_site", "sources_bomb_site"])
def test_the_privacy_scan_fails_closed_on_a_refused_registry(fixture, request):
    site, _ = request.getfixturevalue(fixture)
    scan = run(site, "-m", "customer_evidence.tools.privacy_scan", "output",
               "--registry", shown(site, "sources.yml"))
    assert scan.returncode == 2, scan.stdout + scan.stderr
    assert "cannot be read completely" in scan.stderr
    assert ("registry-too-large" if fixture == "bank_bomb_site" else "registry-aliases") \
        in scan.stderr


def test_the_monthly_chart_stays_bounded_with_a_post_dated_9999(bank_bomb_site):
    site, result = bank_bomb_site
    output = site / "output"
    report = json.loads((output / "editorial" / "report.json").read_text())
    months = report["charts"]["articles_per_month"]
    assert 1 <= len(months) <= MAX_MONTHS
    outside = report["charts"]["articles_per_month_outside"]
    charted = sum(m["declared"] + m["inferred"] + m["none"] for m in months)
    assert charted + outside["before"] + outside["after"] == report["totals"]["published"]
    page = soup(output / "editorial" / "index.html")
    svg = ET.fromstring(str(page.select_one("#chart-month-figure svg")))
    assert len(svg.findall(f"{SVG}g[@class='column']")) == len(months)


# --- without a build ---------------------------------------------------------------------

def article(slug: str, date: str) -> SimpleNamespace:
    return SimpleNamespace(
        title=slug.title(), source_path=f"/site/content/articles/{slug}.md",
        url=f"posts/{slug}/", save_as=f"posts/{slug}/index.html", status="published",
        date=datetime.datetime.fromisoformat(date), customer_question={"how": "declared"},
        question_suggestion=None, source_verdict="cited", customer_sources=[])


def test_the_report_charts_the_last_months_and_counts_what_it_leaves_out():
    dates = ["0001-01-01", "2024-06-15", "2025-11-30", "2026-02-01", "9999-12-31"]
    report = build_report([article(f"a{i}", d) for i, d in enumerate(dates)], [], None, None,
                          datetime.date(2026, 3, 1), 730)
    months = report["charts"]["articles_per_month"]
    assert len(months) == MAX_MONTHS
    assert (months[0]["month"], months[-1]["month"]) == ("2023-03", "2026-02")
    assert report["charts"]["articles_per_month_outside"] == {"before": 1, "after": 1}
    assert sum(m["declared"] for m in months) == 3
    title = charts_of(report)[-1].title
    assert title.endswith("2023-03 to 2026-02 (36 months at most; 1 article dated earlier "
                          "and 1 later are not shown)")


def test_a_short_span_is_charted_whole_even_far_from_today():
    report = build_report([article("a", "9999-11-02"), article("b", "9999-12-31")], [], None,
                          None, datetime.date(2026, 3, 1), 730)
    assert [m["month"] for m in report["charts"]["articles_per_month"]] == ["9999-11",
                                                                            "9999-12"]
    assert report["charts"]["articles_per_month_outside"] == {"before": 0, "after": 0}
    assert charts_of(report)[-1].title == "Published articles per month, by question"


# --- the loader's limits, without a build ------------------------------------------------

def test_aliases_within_the_limit_load_and_an_alias_loop_does_not(tmp_path):
    bank = tmp_path / "questions.yml"
    bank.write_text("- &first\n  id: a\n  question: First?\n  heard_in: &where [call]\n"
                    "- <<: *first\n  id: b\n  question: Second?\n  heard_in: *where\n")
    loaded, findings = load_bank(bank)
    assert findings == [] and list(loaded.questions) == ["a", "b"]
    bank.write_text("- &self\n  id: loop\n  question: Again?\n  again: *self\n")
    loaded, [finding] = load_bank(bank)
    assert (finding.rule, finding.line, loaded.questions) == ("registry-aliases", 1, {})
    assert "inside the block it names" in finding.message


def test_deep_nesting_is_refused_without_a_crash(tmp_path):
    registry = tmp_path / "sources.yml"
    registry.write_text("- id: deep\n  kind: survey\n  notes: " + "[" * 100_000 + "]" * 100_000
                        + "\n")
    loaded, [finding] = load_registry(registry)
    assert (finding.rule, finding.line, loaded.sources) == ("registry-shape", 3, {})
    assert "nested more than 32 levels" in finding.message


def test_the_limits_are_settings_checked_with_a_clear_message(tmp_path):
    bank = tmp_path / "questions.yml"
    bank.write_text("- id: q0\n  question: Question 0?\n  heard_in: &where [call]\n" + "".join(
        f"- id: q{i}\n  question: Question {i}?\n  heard_in: *where\n" for i in range(1, 5)))
    assert load_bank(bank, None, limits_of({MAX_ALIASES_KEY: 3}))[1][0].rule == \
        "registry-aliases"
    assert load_bank(bank, None, limits_of({MAX_ALIASES_KEY: 4}))[1] == []
    assert load_bank(bank, None, limits_of({MAX_BYTES_KEY: 100}))[1][0].rule == \
        "registry-too-large"
    for bad in ({MAX_BYTES_KEY: 0}, {MAX_BYTES_KEY: "5MB"}, {MAX_ALIASES_KEY: -1},
                {MAX_ALIASES_KEY: True}):
        with pytest.raises(ValueError, match=next(iter(bad))):
            limits_of(bad)
