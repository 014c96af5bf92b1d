"""A team that forks the blog replaces content/ with its own: the suite stays green.

The whole suite runs again in a copy of the repository whose content/ is a one-post
site of the team's own (no sample posts, no bank, no registry), so a test that read
the sample content/ would fail here. The copy then builds and passes the publish gate.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, run_invoke, soup

THIS_TEST = "tests/test_fork.py::test_the_suite_passes_on_a_fork_with_its_own_one_post_content"
# Top-level folders that are not sources (made by builds, installs and test runs),
# and content/, which the fork brings its own of.
NOT_SOURCES = {".git", ".venv", "node_modules", "cache", "artifacts", ".bench",
               ".pytest_cache", ".ruff_cache", "content"}


def left_out(folder: str, names: list[str]) -> set[str]:
    """What copytree leaves out of the fork: byte-code anywhere, the rest at the top."""
    skipped = {n for n in names if n == "__pycache__"}
    if Path(folder) == ROOT:
        skipped |= {n for n in names if n in NOT_SOURCES or n.startswith("output")}
    return skipped
TEAM_POST = """\
Title: How long does a boiler service take?
Date: 2026-04-01
Category: Servicing
Source-Exempt: our own opening post

About an hour for most homes: we check the flue, the seals and the pressure.
"""


def fork_of_the_repository(destination: Path) -> Path:
    """A copy of the repository's sources with content/ replaced by one post."""
    shutil.copytree(ROOT, destination, ignore=left_out)
    (destination / "node_modules").symlink_to(ROOT / "node_modules")  # axe-core, installed
    articles = destination / "content" / "articles"
    articles.mkdir(parents=True)
    (articles / "boiler-service-time.md").write_text(TEAM_POST, encoding="utf-8")
    return destination


def test_the_suite_passes_on_a_fork_with_its_own_one_post_content(tmp_path):
    fork = fork_of_the_repository(tmp_path / "fork")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--deselect", THIS_TEST],
        cwd=fork, env=environ, capture_output=True, text=True, timeout=1800)
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    passed = re.search(r"(\d+) passed", summary)
    assert passed and int(passed.group(1)) > 100, summary
    assert not re.search(r"failed|error|skipped", summary), summary
    assert sorted(p.name for p in (fork / "content").rglob("*") if p.is_file()) == [
        "boiler-service-time.md"], "the suite must not write into the fork's content/"

    publish = tmp_path / "webroot"
    publish.mkdir()
    result = run_invoke(fork, "publish", PUBLISH_TARGET=f"{publish}/")
    assert result.returncode == 0, result.stderr
    page = soup(publish / "posts" / "how-long-does-a-boiler-service-take" / "index.html")
    assert page.find("h1").get_text(strip=True) == "How long does a boiler service take?"
