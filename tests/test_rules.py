"""The rule catalogue is the one list of rules: the code uses only its rules, at their
levels, and the README's rule reference and tables say what it says."""

from __future__ import annotations

import ast
import re

import pytest

from conftest import ROOT
from customer_evidence.core.findings import Finding
from customer_evidence.core.rules import CATALOGUE, RULES, UnknownRule, markdown_table, rule

README = (ROOT / "README.md").read_text(encoding="utf-8")
# Calls that make a finding, and where their rule argument is.
RULE_ARGUMENT = {"Note": 1, "Finding": 1, "problem": 0, "unique_by_id": 3}


def rules_named_in_code() -> list[tuple[str, str, str | None]]:
    """(file, rule, literal level or None) for every finding the plugins' code makes."""
    found = []
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            index = RULE_ARGUMENT.get(name)
            if index is None or len(node.args) <= index:
                continue
            argument = node.args[index]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                level = node.args[0] if name in ("Note", "Finding") else None
                literal = level.value if isinstance(level, ast.Constant) else None
                found.append((path.name, argument.value, literal))
    return found


def test_the_code_makes_findings_of_many_rules_and_each_is_in_the_catalogue():
    named = rules_named_in_code()
    assert len({r for _, r, _ in named}) >= 40, "the scan of the code found too few rules"
    unknown = sorted({f"{file}: {name}" for file, name, _ in named if name not in RULES})
    assert unknown == []


def test_a_literal_level_in_the_code_is_the_catalogues():
    wrong = [f"{file}: {name} is made as {level}, declared {RULES[name].level}"
             for file, name, level in rules_named_in_code()
             if level and name in RULES and not RULES[name].allows(level)]
    assert wrong == []


def test_every_rule_is_declared_once_with_what_it_means_and_the_fix():
    names = [r.name for r in CATALOGUE]
    assert len(names) == len(set(names))
    for r in CATALOGUE:
        assert r.means and r.fix and r.source, r.name
        assert bool(r.setting) <= r.varies, f"{r.name}: a setting chooses its level"


def test_a_finding_with_an_unknown_rule_or_another_level_is_refused():
    with pytest.raises(UnknownRule, match="'no-such-rule'"):
        Finding("error", "no-such-rule", "a.md", None, "x")
    with pytest.raises(ValueError, match="'not-utf8' is declared error"):
        Finding("info", "not-utf8", "a.md", None, "x")
    assert rule("missing-source").allows("error"), "a setting may raise missing-source"


def test_the_readme_rule_reference_is_the_catalogue():
    section = re.search(r"<!-- rules:start -->\n(.*?)\n<!-- rules:end -->", README, re.S)
    assert section, "README.md has no rule reference between the rules markers"
    assert section.group(1).strip() == markdown_table(), (
        "README's rule reference differs from the catalogue: paste the output of "
        "`python -m customer_evidence.core.rules` between the markers")


def test_every_rule_table_row_in_the_readme_gives_the_catalogues_level():
    rows = re.findall(r"^\| `([a-z][a-z0-9-]+)` \| ([^|]+) \|", README, re.MULTILINE)
    checked = 0
    for name, level in rows:
        if name in RULES and level.split()[0] in ("error", "warning", "info"):
            assert level.split()[0] == RULES[name].level, f"README row for {name}: {level}"
            checked += 1
    assert checked >= 8, "the customer_sources rule table was not found"
