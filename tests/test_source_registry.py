"""The source registry (sources.yml) is validated on load; every problem names file,
entry, line and fix, and no finding ever repeats a private value."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from conftest import CONTENT
from customer_evidence.core.source_registry import load_registry
from customer_evidence.core.vocabulary import DEFAULTS, KINDS_KEY

KINDS = tuple(DEFAULTS[KINDS_KEY])


GOOD = """\
- id: interview-2026-02-logistics
  kind: interview
  date: 2026-02-03
  attribution: Operations director, mid-size logistics firm
  consent: public
  url: https://example.com/stories/logistics
  private:
    name: Annika Holmgren
    company: Greyfield Freight Ltd
    email: annika@greyfield.example
    notes: Prefers calls before ten.
"""
NEXT = 12  # the first line after GOOD

SECRET = "Zebedee Quarrington"


def source(source_id: str = "second-source", **fields: str | None) -> str:
    """A valid second entry, with `fields` replaced (None leaves a field out)."""
    values = {"id": source_id, "kind": "survey", "date": "2025-12-05",
              "attribution": "Client survey, Q4 2025", "consent": "anonymised"} | fields
    lines = [f"{key}: {value}" for key, value in values.items() if value is not None]
    return "- " + "\n  ".join(lines) + "\n"


def sources_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_registry_loads_every_source(tmp_path):
    registry, findings = load_registry(sources_file(tmp_path, GOOD + source()))
    assert findings == []
    assert list(registry.sources) == ["interview-2026-02-logistics", "second-source"]
    found = registry.get("interview-2026-02-logistics")
    assert (found.kind, found.date, found.attribution, found.consent, found.url, found.line) == (
        "interview", datetime.date(2026, 2, 3), "Operations director, mid-size logistics firm",
        "public", "https://example.com/stories/logistics", 1)
    assert found.private == (("name", "Annika Holmgren"), ("company", "Greyfield Freight Ltd"),
                             ("email", "annika@greyfield.example"),
                             ("notes", "Prefers calls before ten."))
    second = registry.get("second-source")
    assert (second.url, second.private, second.private_values(), second.line) == (
        None, (), (), NEXT)
    assert registry.get("nope") is None


def test_no_registry_at_all_is_fine(tmp_path):
    registry, findings = load_registry(tmp_path / "missing.yml")
    assert registry.sources == {} and findings == []


def test_a_date_may_also_be_a_quoted_iso_string(tmp_path):
    registry, findings = load_registry(sources_file(tmp_path, source(date="'2025-12-05'")))
    assert findings == []
    assert registry.get("second-source").date == datetime.date(2025, 12, 5)


def test_close_ids_suggest_a_mistyped_source(tmp_path):
    registry, _ = load_registry(sources_file(tmp_path, GOOD + source()))
    assert registry.close_ids("interview-2026-02-logistic") == ["interview-2026-02-logistics"]
    assert registry.close_ids("something-else-entirely") == []


def test_private_values_lists_every_value_with_its_source_and_field(tmp_path):
    text = GOOD + source(private="\n    name: Odalys Petrakova\n    email: ''\n    notes: 41")
    registry, findings = load_registry(sources_file(tmp_path, text))
    assert [f.rule for f in findings] == ["sources-private-too-short"]  # "41": kept, unsearched
    assert registry.private_values() == [
        ("interview-2026-02-logistics", "name", "Annika Holmgren"),
        ("interview-2026-02-logistics", "company", "Greyfield Freight Ltd"),
        ("interview-2026-02-logistics", "email", "annika@greyfield.example"),
        ("interview-2026-02-logistics", "notes", "Prefers calls before ten."),
        ("second-source", "name", "Odalys Petrakova"),
        ("second-source", "notes", "41"),
    ], "empty values are dropped, numbers become text"
    assert registry.get("second-source").private_values() == ("Odalys Petrakova", "41")


@pytest.mark.parametrize(
    "extra, rule, line, words",
    [
        (source("interview-2026-02-logistics"), "sources-duplicate-id", NEXT,
         ["'interview-2026-02-logistics'", "line 1", "its own id"]),
        (source(id=None), "sources-missing-id", NEXT, ["has no id", "id: "]),
        (source("odd-kind", kind="podcast"), "sources-unknown-kind", NEXT + 1,
         ["'odd-kind'", "'podcast'", ", ".join(KINDS)]),
        (source("no-kind", kind=None), "sources-unknown-kind", NEXT,
         ["'no-kind'", "kind: ...", "interview, survey"]),
        (source("no-date", date=None), "sources-bad-date", NEXT,
         ["'no-date'", "has no date", "YYYY-MM-DD"]),
        (source("vague-date", date="last spring"), "sources-bad-date", NEXT + 2,
         ["'vague-date'", "'last spring'", "YYYY-MM-DD"]),
        (source("future", date="2999-01-01"), "sources-bad-date", NEXT + 2,
         ["'future'", "2999-01-01", "cannot be dated after today"]),
        (source("odd-consent", consent="secret"), "sources-unknown-consent", NEXT + 4,
         ["'odd-consent'", "'secret'", "public, anonymised, private"]),
        (source("no-consent", consent=None), "sources-unknown-consent", NEXT,
         ["'no-consent'", "consent: ...", "public, anonymised, private"]),
        (source("no-attribution", attribution=None), "sources-missing-attribution", NEXT,
         ["'no-attribution'", "public text shown to readers",
          "Operations director, mid-size logistics firm"]),
        (source("blank-attribution", attribution="'   '"), "sources-missing-attribution",
         NEXT + 3, ["'blank-attribution'", "attribution: ..."]),
        (source("flat-private", private="just some text"), "sources-bad-private", NEXT + 5,
         ["'flat-private'", "mapping", "name, company, email, notes"]),
        (source("list-private", private="[name, email]"), "sources-bad-private", NEXT + 5,
         ["'list-private'", "mapping"]),
        (source("nested-private", private="\n    notes: [a, b]"), "sources-bad-private",
         NEXT + 5, ["'nested-private'", "'notes'", "plain text", "quotes"]),
        (source("bare-url", url="www.example.com/review"), "sources-bad-url", NEXT + 5,
         ["'bare-url'", "https://", "leave url out"]),
        (source("ftp-url", url="ftp://example.com/file"), "sources-bad-url", NEXT + 5,
         ["'ftp-url'", "https://"]),
    ],
)
def test_each_invalid_entry_is_an_error_naming_entry_line_and_fix(tmp_path, extra, rule, line,
                                                                    words):
    registry, findings = load_registry(sources_file(tmp_path, GOOD + extra))
    [finding] = findings
    assert (finding.level, finding.rule, finding.line) == ("error", rule, line)
    assert finding.file.endswith("sources.yml")
    for word in words:
        assert word in finding.message
    assert list(registry.sources) == ["interview-2026-02-logistics"], "the bad entry is left out"


def test_every_problem_of_an_entry_is_reported_at_once(tmp_path):
    extra = source("many", kind="podcast", consent="secret", attribution=None)
    registry, findings = load_registry(sources_file(tmp_path, GOOD + extra))
    assert sorted(f.rule for f in findings) == [
        "sources-missing-attribution", "sources-unknown-consent", "sources-unknown-kind"]
    assert "many" not in registry.sources


def test_a_misspelt_field_is_a_warning_with_a_suggestion(tmp_path):
    registry, [finding] = load_registry(sources_file(tmp_path, GOOD + "  atribution: typo\n"))
    assert (finding.level, finding.rule, finding.line) == ("warning", "sources-unknown-field", NEXT)
    assert "'interview-2026-02-logistics'" in finding.message
    assert "did you mean 'attribution'?" in finding.message
    assert "interview-2026-02-logistics" in registry.sources, "a warning keeps the source"


def test_a_private_field_at_the_top_level_says_to_move_it_without_repeating_it(tmp_path):
    _, [finding] = load_registry(sources_file(tmp_path, source(email=f"'{SECRET}'")))
    assert (finding.level, finding.rule) == ("warning", "sources-unknown-field")
    assert "'email'" in finding.message and "under 'private:'" in finding.message
    assert SECRET not in finding.message


def test_an_unknown_private_field_is_a_warning_and_its_value_stays_private(tmp_path):
    text = source(private="\n    name: Odalys Petrakova\n    phone: 01632 960 123")
    registry, [finding] = load_registry(sources_file(tmp_path, text))
    assert (finding.level, finding.rule, finding.line) == (
        "warning", "sources-unknown-private-field", 6)
    assert "'phone'" in finding.message and "name, company, email, notes" in finding.message
    assert "01632" not in finding.message
    assert ("second-source", "phone", "01632 960 123") in registry.private_values()


def test_an_impossible_calendar_date_is_an_error_not_a_crash(tmp_path):
    registry, findings = load_registry(sources_file(tmp_path, GOOD + source(date="2026-02-30")))
    [finding] = findings
    assert (finding.level, finding.rule, finding.line) == ("error", "registry-value", 12)
    assert "real dates" in finding.message
    assert "second-source" not in registry.sources and registry.sources, "the rest still loads"


@pytest.mark.parametrize(
    "extra",
    [
        source("flat", private=SECRET),
        source("listed", private=f"[{SECRET}]"),
        source("nested", private=f"\n    name: [{SECRET}]"),
        source("dated", private=f"\n    name: {SECRET}\n    notes: 2026-01-01"),
        source("misfiled", private=f"\n    nmae: {SECRET}", kind="podcast"),
        source("bad-everything", kind="podcast", date="soon",
               consent="maybe", attribution=None, url="nowhere",
               private=f"\n    name: {SECRET}\n    company: {SECRET} Ltd\n    email: [{SECRET}]"),
        source("top-level", name=SECRET, company=f"{SECRET} Ltd", consent="maybe"),
    ],
)
def test_no_finding_ever_repeats_a_private_value(tmp_path, extra):
    registry, findings = load_registry(sources_file(tmp_path, GOOD + extra))
    assert findings, "the entry is invalid or suspicious"
    assert list(registry.sources) == ["interview-2026-02-logistics"]
    for finding in findings:
        assert "Zebedee" not in finding.message and "Quarrington" not in finding.message


def test_a_yaml_syntax_error_gives_its_line_and_loads_nothing(tmp_path):
    text = GOOD + "- id: broken\n  attribution: [unclosed\n"
    registry, [finding] = load_registry(sources_file(tmp_path, text))
    assert (finding.level, finding.rule) == ("error", "registry-syntax")
    assert finding.line in (NEXT + 1, NEXT + 2)
    assert "YAML syntax error" in finding.message and "indentation or quoting" in finding.message
    assert "source registry" in finding.message
    assert registry.sources == {}


def test_a_registry_that_is_not_a_list_says_how_to_write_it(tmp_path):
    _, [finding] = load_registry(sources_file(tmp_path, "interview: Operations director\n"))
    assert finding.rule == "registry-shape" and "- id: ..." in finding.message


def test_the_real_registry_loads_cleanly():
    registry, findings = load_registry(CONTENT / "sources.yml")
    assert findings == []
    assert len(registry.sources) >= 8
    assert len({s.kind for s in registry.sources.values()}) >= 4
    assert all(s.private_values() for s in registry.sources.values())
    ids = {source_id for source_id, _, _ in registry.private_values()}
    assert ids == set(registry.sources)
