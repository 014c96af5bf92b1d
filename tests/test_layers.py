"""The three layers import one way: plugins and tools use the core, never each other.

Read from the source with ast, so a new module is checked as soon as it exists.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PLUGINS = ROOT / "plugins"
OUR_PLUGINS = ("content_guard", "customer_questions", "customer_sources", "editorial_report",
               "author_profiles", "calls_to_action", "hub_structured_data")


def imported(path: Path) -> set[str]:
    """Every module a source file imports, as dotted names (relative ones resolved)."""
    package = ".".join(path.relative_to(PLUGINS).parent.parts)
    if package.split(".")[0] in OUR_PLUGINS:
        package = f"pelican.plugins.{package}"
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return names


def sources(folder: str) -> list[Path]:
    return sorted((PLUGINS / folder).rglob("*.py"))


def plugin_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[:2] == ["pelican", "plugins"] and len(parts) > 2 and parts[2] in OUR_PLUGINS:
        return parts[2]
    return None


@pytest.mark.parametrize("path", sources("customer_evidence/core"), ids=lambda p: p.name)
def test_the_core_imports_no_plugin_and_no_tool(path):
    bad = {m for m in imported(path)
           if plugin_of(m) or m.startswith("customer_evidence.tools")}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


@pytest.mark.parametrize("path", sources("customer_evidence/tools")
                         + sources("customer_evidence/importing"), ids=lambda p: p.name)
def test_the_tools_import_no_plugin(path):
    bad = {m for m in imported(path) if plugin_of(m)}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


@pytest.mark.parametrize("plugin", OUR_PLUGINS)
def test_no_plugin_imports_another_plugin_or_a_tool(plugin):
    for path in sources(plugin):
        bad = {m for m in imported(path)
               if plugin_of(m) not in (None, plugin) or m.startswith("customer_evidence.tools")}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_the_checker_sees_relative_and_absolute_imports():
    """The rules above would pass on any file if imports were not found."""
    names = imported(PLUGINS / "customer_questions" / "customer_questions.py")
    assert "pelican.plugins.customer_questions.tagging.Tagger" in names
    assert "customer_evidence.core.findings" in names


def test_every_plugin_is_a_pelican_namespace_plugin_with_register():
    import importlib

    for plugin in OUR_PLUGINS:
        module = importlib.import_module(f"pelican.plugins.{plugin}")
        assert callable(module.register), plugin
