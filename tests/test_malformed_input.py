"""Malformed files never stop the build: one finding each, the rest of the site whole.

Issue 14: control characters (feeds are XML), nesting and size past the limits
(RecursionError, or a hang), fields given twice, names too long for a file name,
dates out of range, a blank title, and two files with one Slug. Each bad file is
built together with the sample site (tests/data/sample_site), with the production
settings, so feeds are written. The nesting and size cases run in a subprocess
capped in time and memory; so does nothing else here.
"""

from __future__ import annotations

import datetime
import json
import resource
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pelican.plugins.content_guard.limits import date_range, setting_problems, too_deep
from pelican.plugins.content_guard.malformed import refusal_before_reading
from pelican.plugins.content_guard.slugs import cut_slug

from conftest import CONTENT, DATA, ROOT, build_with_log, run_invoke, soup
from customer_evidence.core.findings import Finding
from customer_evidence.tools.audit import run_audit

TESTS = Path(__file__).resolve().parent
# Every file gets these, so the only finding a bad file may have is the one it earns.
TAIL = "Question: How do we keep one bad file from breaking the site?\nSource-Exempt: fixture\n"
LONG_TITLE = " ".join(["Why"] + ["every"] * 59 + ["matters"])  # 369 characters
LONG_CATEGORY = "Category " * 60  # 540 characters

# file name -> its text: one problem each
MALFORMED = {
    "control-title.md": f"Title: A NUL \x00 here\nDate: 2026-02-02\n{TAIL}\nText.\n",
    "control-body.md": f"Title: Tabbed\nDate: 2026-02-02\n{TAIL}\nA vertical \x0b tab.\n",
    "repeated-title.md": f"Title: First title\nDate: 2026-02-03\nTitle: Second title\n{TAIL}\nT.\n",
    "repeated-date.md": f"Title: Two dates\nDate: 2026-03-02\nDate: 2026-03-09\n{TAIL}\nT.\n",
    "long-title.md": f"Title: {LONG_TITLE}\nDate: 2026-02-04\n{TAIL}\nText.\n",
    "long-slug.md": f"Title: Long slug\nSlug: {'s' * 300}\nDate: 2026-02-04\n{TAIL}\nText.\n",
    "long-category.md": f"Title: Long category\nDate: 2026-02-04\nCategory: {LONG_CATEGORY}\n"
                        f"{TAIL}\nText.\n",
    "far-future.md": f"Title: From the far future\nDate: 9999-12-31\n{TAIL}\nText.\n",
    "far-past.md": f"Title: From the far past\nDate: 0001-01-01\n{TAIL}\nText.\n",
    "blank-title.md": f"Title:      \nDate: 2026-02-05\n{TAIL}\nA title of spaces.\n",
    "twin-a.md": f"Title: Twin A\nSlug: twin\nDate: 2026-02-06\n{TAIL}\nThe first twin.\n",
    "twin-b.md": f"Title: Twin B\nSlug: twin\nDate: 2026-02-07\n{TAIL}\nThe second twin.\n",
}
# file name -> (level, rule, line, words its one finding must say)
EXPECTED = {
    "control-title.md": ("error", "control-character", 1,
                         ["line 1, column 14 (Title)", "U+0000 (NUL)", "delete it"]),
    "control-body.md": ("error", "control-character", 6, ["U+000B (vertical tab)", "feeds"]),
    "repeated-title.md": ("warning", "duplicate-field", 3,
                          ["lines 1 and 3", "Title", "the first ('First title') is used"]),
    "repeated-date.md": ("warning", "duplicate-field", 3, ["lines 2 and 3", "Date"]),
    "long-title.md": ("warning", "long-slug", 1, ["line 1, Title", "add a shorter 'Slug: ...'"]),
    "long-slug.md": ("warning", "long-slug", 2, ["line 2, Slug", "300 bytes", "shorten the Slug"]),
    "long-category.md": ("warning", "long-slug", 3, ["line 3, Category",
                                                     "shorten the category name"]),
    "far-future.md": ("error", "date-out-of-range", 2, ["line 2, Date", "'9999-12-31'", "1990"]),
    "far-past.md": ("error", "date-out-of-range", 2, ["'0001-01-01'", "check the year"]),
    "blank-title.md": ("error", "missing-title", 1, ["line 1, Title is blank", "Title:"]),
    "twin-b.md": ("error", "slug-collision", None,
                  ["twin-a.md and", "twin-b.md both write posts/twin/index.html", "Slug:"]),
}
LEFT_OUT = ["A NUL", "Tabbed", "From the far future", "From the far past"]


def malformed_content(folder: Path) -> Path:
    """The sample site with the malformed files beside its articles."""
    shutil.copytree(CONTENT, folder)
    for name, text in MALFORMED.items():
        (folder / "articles" / name).write_text(text, encoding="utf-8")
    return folder


def findings(records) -> list[Finding]:
    """Every finding logged with its record, once."""
    found = [getattr(r, "finding", None) for r in records]
    return list(dict.fromkeys(f for f in found if isinstance(f, Finding)))


def about(found: list[Finding], name: str) -> list[Finding]:
    """The errors and warnings on one file."""
    return [f for f in found if Path(f.file).name == name and f.level != "info"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The malformed files and the sample site, built with publishconf.py (feeds on)."""
    folder = tmp_path_factory.mktemp("malformed")
    content = malformed_content(folder / "content")
    return build_with_log("publishconf.py", folder / "output", content)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_malformed_file_gets_one_finding_naming_the_line_and_the_fix(built, name):
    _, records = built
    level, rule, line, words = EXPECTED[name]
    [finding] = about(findings(records), name)
    assert (finding.level, finding.rule, finding.line) == (level, rule, line)
    assert "\n" not in finding.message
    for word in words:
        assert word in finding.message


def test_the_rest_of_the_site_is_built_and_the_bad_files_do_not_stop_it(built):
    output, records = built
    assert [r.getMessage() for r in records if r.exc_info] == []
    assert about(findings(records), "twin-a.md") == []
    archive = {a.get_text(strip=True) for a in soup(output / "archives" / "index.html").select(
        "main li a")}
    published = [p for p in (CONTENT / "articles").glob("*.md")
                 if "Status: draft" not in p.read_text(encoding="utf-8")]
    for post in published:
        title = post.read_text(encoding="utf-8").split("\n", 1)[0].removeprefix("Title: ")
        assert title in archive
    assert {"First title", "Two dates", LONG_TITLE, "Long slug", "Long category",
            "Twin A"} <= archive
    assert not archive & {*LEFT_OUT, "Second title", "Twin B", ""}
    assert not (output / "posts" / "index.html").exists()  # the blank title's slug


def test_feeds_are_valid_xml_without_the_files_left_out(built):
    output, _ = built
    for name in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        feed = ET.fromstring((output / name).read_bytes())
        titles = {t.text for t in feed.iter() if t.tag.rsplit("}", 1)[-1] == "title"}
        assert {"First title", "Twin A", LONG_TITLE} <= titles
        assert not titles & set(LEFT_OUT)


def test_a_field_given_twice_keeps_its_first_value_and_pelican_does_not_repeat_it(built):
    output, records = built
    assert soup(output / "posts" / "first-title" / "index.html").h1.get_text() == "First title"
    page = soup(output / "posts" / "two-dates" / "index.html")
    published = page.find("meta", property="article:published_time")["content"]
    assert published.startswith("2026-03-02")
    assert not [r for r in records if "Duplicate definition" in r.getMessage()]


def test_names_too_long_for_a_file_are_cut_to_a_slug_at_a_word(built):
    output, _ = built
    [long_title] = [p.parent for p in (output / "posts").glob("why-every-*/index.html")]
    assert len(long_title.name) <= 200 and long_title.name.endswith("-every")
    assert soup(long_title / "index.html").h1.get_text() == LONG_TITLE
    assert (output / "posts" / ("s" * 200) / "index.html").is_file()
    [category] = list((output / "category").glob("category-category-*"))
    assert len(category.name) <= 200
    assert soup(category / "index.html").find("a", string="Long category")
    ET.parse(output / "feeds" / "category" / f"{category.name}.atom.xml")


def test_two_files_with_one_slug_write_one_page_the_first(built):
    output, _ = built
    assert soup(output / "posts" / "twin" / "index.html").h1.get_text() == "Twin A"


# --- The audit says the same, from a warm cache too; and --changed sees collisions ---


def test_the_audit_reports_each_finding_again_from_a_warm_cache(tmp_path):
    content = malformed_content(tmp_path / "content")
    overrides = {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")}
    for _ in ("cold", "warm"):
        audit = run_audit(ROOT / "pelicanconf.py", overrides=overrides)
        for name, (level, rule, line, _words) in EXPECTED.items():
            [finding] = about(audit.findings, name)
            assert (finding.level, finding.rule, finding.line) == (level, rule, line)


@pytest.fixture
def bad_input_repo(repo):
    """A copy of the site whose articles are tests/data/bad_input's, committed to git."""
    shutil.rmtree(repo / "content" / "articles")
    shutil.copytree(DATA / "bad_input" / "articles", repo / "content" / "articles")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bad input"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                       cwd=repo, check=True, capture_output=True)
    return repo


def audit_json(repo: Path, *args: str) -> tuple[int, list[dict]]:
    done = run_invoke(repo, "audit", "--format", "json", *args)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout)["findings"]


def collisions(found: list[dict]) -> list[tuple[str, str]]:
    return [(f["level"], Path(f["file"]).name) for f in found if f["rule"] == "slug-collision"]


def test_invoke_audit_and_the_hook_refuse_a_slug_collision(bad_input_repo):
    status, found = audit_json(bad_input_repo)
    assert status == 1 and collisions(found) == [("error", "same-slug-second.md")]
    articles = bad_input_repo / "content" / "articles"
    # A new post taking the slug of committed ones: what the pre-commit hook runs.
    (articles / "zz-new.md").write_text("Title: New\nSlug: two-articles-one-slug\n"
                                        "Date: 2026-03-01\n\nNew.\n", encoding="utf-8")
    status, found = audit_json(bad_input_repo, "--changed")
    assert status == 1 and collisions(found) == [("error", "zz-new.md")]
    # Sorting first, it keeps the slug: the committed ones are left out, and said so.
    (articles / "zz-new.md").rename(articles / "aa-new.md")
    status, found = audit_json(bad_input_repo, "--changed")
    assert status == 1 and sorted(collisions(found)) == [
        ("error", "same-slug-first.md"), ("error", "same-slug-second.md")]
    (articles / "aa-new.md").write_text("Title: New\nSlug: a-slug-of-its-own\n"
                                        "Date: 2026-03-01\n\nNew.\n", encoding="utf-8")
    assert collisions(audit_json(bad_input_repo, "--changed")[1]) == []


def test_a_date_out_of_range_never_reaches_the_editorial_report(tmp_path):
    content = malformed_content(tmp_path / "content")
    output, _ = build_with_log("pelicanconf.py", tmp_path / "output", content)
    report = json.loads((output / "editorial" / "report.json").read_text(encoding="utf-8"))
    files = {Path(a["file"]).name for a in report["articles"]}
    assert not files & {"far-future.md", "far-past.md"}
    other = {(Path(f["file"]).name, f["rule"]) for f in report["other_findings"]}
    assert {("far-future.md", "date-out-of-range"), ("far-past.md", "date-out-of-range")} <= other
    years = {int(m["month"][:4]) for m in report["charts"]["articles_per_month"]}
    assert years and min(years) >= 1990 and max(years) <= datetime.date.today().year + 10


# --- Nesting and size: in a subprocess capped at 1.5 GB and 120 seconds --------------

DEEP = {
    # file name -> (body, the line its finding names: the header is 4 lines and a blank)
    "deep-quotes.md": ("".join("> " * depth + "level\n" for depth in range(1, 2001)), 56),
    "deep-list-markers.md": ("- " * 5000 + "item\n", 6),
    "deep-list-indented.md": ("".join("    " * depth + "- level\n" for depth in range(1000)),
                              56),
    "deep-html.md": ("<blockquote>" * 5000 + "x" + "</blockquote>" * 5000 + "\n", 6),
    "deep-emphasis.md": ("*" * 5000 + "x" + "*" * 5000 + "\n", None),
    "huge.md": ("A sentence of a dozen words, typed again and again and again.\n" * 200_000,
                None),
}
DEEP_RULES = {"huge.md": "file-too-large"}
CHILD = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from pathlib import Path
    from conftest import build_with_log
    output, records = build_with_log("publishconf.py", Path(sys.argv[3]), Path(sys.argv[2]))
    print(json.dumps([{"finding": getattr(r, "finding", None) and r.finding.as_dict(),
                       "traceback": bool(r.exc_info)} for r in records]))
""")
CAP_BYTES = 1536 * 1024 * 1024


def capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))


@pytest.fixture(scope="module")
def deep_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("deep")
    content = folder / "content"
    shutil.copytree(CONTENT, content)
    for name, (body, _line) in DEEP.items():
        title = name.removesuffix(".md").replace("-", " ").capitalize()
        (content / "articles" / name).write_text(
            f"Title: {title}\nDate: 2026-02-02\n{TAIL}\n{body}", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", CHILD, str(TESTS), str(content),
                           str(folder / "output")], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, preexec_fn=capped)
    assert done.returncode == 0, done.stderr[-3000:]
    return folder / "output", json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deep_nesting_and_huge_files_are_left_out_unrendered(deep_build, name):
    _, records = deep_build
    found = [Finding(**r["finding"]) for r in records if r["finding"]]
    [finding] = about(found, name)
    assert (finding.level, finding.rule, finding.line) == (
        "error", DEEP_RULES.get(name, "too-deeply-nested"), DEEP[name][1])
    assert "left out" in finding.message


def test_the_site_is_built_around_them_with_valid_feeds(deep_build):
    output, records = deep_build
    assert not [r for r in records if r["traceback"]]
    archive = {a.get_text(strip=True) for a in soup(output / "archives" / "index.html").select(
        "main li a")}
    assert "How much does a sales and marketing alignment workshop cost?" in archive
    assert not [title for title in archive if title.startswith(("Deep", "Huge"))]
    for name in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        ET.parse(output / name)
    assert not list((output / "posts").glob("deep-*"))


# --- The pure checks behind them -------------------------------------------------------


def test_only_nesting_counts_not_code_comments_or_words_in_angle_brackets():
    deep = "<div>" * 60
    assert too_deep(f"```\n{deep}\n```\n\n`{deep}`\n\n<!--\n{deep}\n-->\n", 50) is None
    assert too_deep("Replace <id> with the source's id. " * 100, 50) is None
    assert too_deep("\n".join("    " * i + "- item" for i in range(50)), 50) is None
    assert too_deep("\n".join("    " * i + "- item" for i in range(51)), 50).line == 51
    assert too_deep("<div>\n" * 30 + "> " * 21 + "quote", 50).line == 31


def test_a_slug_is_cut_at_a_word_within_the_bytes_a_file_name_takes():
    assert cut_slug("short", 200) == "short"
    assert cut_slug("word-" * 60, 200) == "-".join(["word"] * 40)
    cut = cut_slug("é" * 150, 200)
    assert cut == "é" * 100 and len(cut.encode()) == 200


def test_dates_may_run_from_the_earliest_year_to_ten_years_ahead():
    today = datetime.date(2026, 6, 1)
    assert date_range({}, today) == (datetime.date(1990, 1, 1), datetime.date(2036, 12, 31))
    assert date_range({"CONTENT_GUARD_EARLIEST_YEAR": 2000, "CONTENT_GUARD_YEARS_AHEAD": 1},
                      today) == (datetime.date(2000, 1, 1), datetime.date(2027, 12, 31))
    assert date_range({"CONTENT_GUARD_YEARS_AHEAD": "ten"}, today)[1].year == 2036


def test_a_limit_is_a_setting_and_a_value_it_cannot_have_is_said_and_not_used(tmp_path):
    post = tmp_path / "post.md"
    post.write_text("Title: Lists\nDate: 2026-02-02\n\n" + "- " * 4 + "item\n", encoding="utf-8")
    assert refusal_before_reading(str(post), {}) is None
    rule, message = refusal_before_reading(str(post), {"CONTENT_GUARD_MAX_NESTING": 3})
    assert rule == "too-deeply-nested" and "line 4" in message and "more than 3" in message
    assert refusal_before_reading(str(post), {"CONTENT_GUARD_MAX_BYTES": 10})[0] == (
        "file-too-large")
    [problem] = setting_problems({"CONTENT_GUARD_MAX_NESTING": "deep"})
    assert "CONTENT_GUARD_MAX_NESTING is 'deep'" in problem and "default, 50" in problem
    assert refusal_before_reading(str(post), {"CONTENT_GUARD_MAX_NESTING": "deep"}) is None
