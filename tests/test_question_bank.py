"""The question bank is validated on load; every problem names file, entry, line and fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from customer_evidence.core.question_bank import load_bank

GOOD = """\
- id: workshop-cost
  question: How much does a workshop cost?
  topic: cost
  stage: consideration
  asked: 14
  heard_in: [sales-call]
"""


def bank_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "questions.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_bank_loads_every_question(tmp_path):
    bank, findings = load_bank(bank_file(tmp_path, GOOD))
    assert findings == []
    question = bank.get("workshop-cost")
    assert (question.text, question.topic, question.stage, question.asked, question.line) == (
        "How much does a workshop cost?", "cost", "consideration", 14, 1)


def test_no_bank_at_all_is_fine(tmp_path):
    bank, findings = load_bank(tmp_path / "missing.yml")
    assert bank.questions == {} and findings == []


@pytest.mark.parametrize(
    "extra, rule, line, words",
    [
        ("- id: workshop-cost\n  question: Again?\n", "bank-duplicate-id", 7,
         ["'workshop-cost'", "line 1", "its own id"]),
        ("- id: no-text\n  topic: cost\n", "bank-missing-question", 7,
         ["'no-text'", "question: ..."]),
        ("- id: odd-topic\n  question: Why?\n  topic: pricing\n", "bank-unknown-topic", 9,
         ["'odd-topic'", "'pricing'", "cost, problems"]),
        ("- id: odd-stage\n  question: Why?\n  stage: purchase\n", "bank-unknown-stage", 9,
         ["'odd-stage'", "'purchase'", "awareness"]),
        ("- id: bad-asked\n  question: Why?\n  asked: often\n", "bank-bad-asked", 9,
         ["'bad-asked'", "whole number"]),
        ("- question: Whose id?\n", "bank-missing-id", 7, ["id: "]),
    ],
)
def test_each_invalid_entry_is_an_error_naming_entry_line_and_fix(
        tmp_path, extra, rule, line, words):
    bank, findings = load_bank(bank_file(tmp_path, GOOD + extra))
    [finding] = findings
    assert (finding.level, finding.rule, finding.line) == ("error", rule, line)
    assert finding.file.endswith("questions.yml")
    for word in words:
        assert word in finding.message
    assert list(bank.questions) == ["workshop-cost"], "the bad entry is left out"


def test_a_misspelt_field_is_a_warning_with_a_suggestion(tmp_path):
    _, [finding] = load_bank(bank_file(tmp_path, GOOD + "  qestion: typo\n"))
    assert (finding.level, finding.rule, finding.line) == ("warning", "bank-unknown-field", 7)
    assert "did you mean 'question'?" in finding.message


def test_a_yaml_syntax_error_gives_its_line_and_loads_nothing(tmp_path):
    bank, [finding] = load_bank(bank_file(tmp_path, GOOD + "- id: broken\n  question: [unclosed\n"))
    assert (finding.level, finding.rule) == ("error", "registry-syntax")
    assert finding.line in (8, 9)
    assert "YAML syntax error" in finding.message and "indentation or quoting" in finding.message
    assert bank.questions == {}


def test_a_bank_that_is_not_a_list_says_how_to_write_it(tmp_path):
    _, [finding] = load_bank(bank_file(tmp_path, "workshop-cost: How much?\n"))
    assert finding.rule == "registry-shape" and "- id: ..." in finding.message
