"""Shared fixtures: build a site with the project's settings into a temp folder."""

from __future__ import annotations

import html
import json
import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

from customer_evidence.core.internals import forget_logged_warnings

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# The tests' own copy of the sample site's content: a team that forks the blog and
# replaces content/ with its own posts keeps a green suite.
CONTENT = DATA / "sample_site"
# The name of a site copy's content folder, as pelicanconf.py's PATH says.
SITE_CONTENT = Path(read_settings(str(ROOT / "pelicanconf.py"))["PATH"]).name
# The only scripts the theme loads by src (site search); every inline script is JSON-LD.
THEME_SCRIPTS = {"/theme/js/search-box.js", "/theme/js/search.js"}
# What a copy of the site needs for its tasks to run (content/ comes from CONTENT).
PROJECT_FILES = ["theme", "plugins", "pelicanconf.py", "publishconf.py", "tasks.py"]


def shown(path: Path) -> str:
    """A file as findings and the report name it: relative to the repository."""
    return path.resolve().relative_to(ROOT).as_posix()


def copy_site(destination: Path) -> Path:
    """A copy of the site's code at `destination`, with the tests' sample content as its
    content/, for tasks to write into freely."""
    destination.mkdir(parents=True)
    shutil.copytree(CONTENT, destination / SITE_CONTENT)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, destination / name)
    return destination


def run_invoke(repo: Path, *args: str, timeout: int = 300, **env: str
               ) -> subprocess.CompletedProcess:
    """Run `invoke ARGS` in a copy of the site, with no publish target set."""
    environ = {k: v for k, v in os.environ.items() if k not in {"PUBLISH_TARGET", "SITEURL"}}
    environ.update(env, COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=repo, env=environ,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def repo(tmp_path) -> Path:
    """A copy of the site's sources, so tasks can write output/ and content/ freely."""
    return copy_site(tmp_path / "repo")


def build_site(settings_file: str, output: Path, content: Path = CONTENT, **overrides) -> Path:
    """Run Pelican in process with one of the repository's settings files."""
    forget_logged_warnings()  # let each build log its own warnings
    settings = read_settings(
        str(ROOT / settings_file),
        override={"PATH": str(content), "OUTPUT_PATH": str(output),
                  "CACHE_PATH": str(output.parent / "cache"), **overrides},
    )
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        Pelican(settings).run()
    finally:
        os.chdir(cwd)
    return output


def build_with_log(
    settings_file: str, output: Path, content: Path, **overrides
) -> tuple[Path, list[logging.LogRecord]]:
    """build_site, also returning every record logged at INFO or above."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(level=logging.INFO)
    handler.emit = records.append
    loggers = [logging.getLogger(), logging.getLogger("editorial")]  # Pelican's, findings
    for logger in loggers:
        logger.addHandler(handler)
    try:
        build_site(settings_file, output, content, **overrides)
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    return output, records


def findings_in(records: list[logging.LogRecord]) -> list[str]:
    """The findings the plugins logged, as printed: `level: file:line: rule: message`."""
    return [f"{r.levelname.lower()}: {r.getMessage()}" for r in records if r.name == "editorial"]


@dataclass(frozen=True)
class Post:
    """An article file of the tests' sample content, read from its metadata header."""

    path: Path
    meta: dict[str, str]

    @property
    def title(self) -> str:
        return self.meta["title"]

    @property
    def status(self) -> str:
        return self.meta.get("status", "published").lower()


def read_meta(path: Path) -> dict[str, str]:
    """The `Key: value` header of a Markdown file, keys lower-cased."""
    meta = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        meta[key.strip().lower()] = value.strip()
    return meta


def sample_posts() -> list[Post]:
    """Every article file of the tests' sample content (CONTENT/articles)."""
    return [Post(p, read_meta(p)) for p in sorted((CONTENT / "articles").glob("*.md"))]


def soup(path: Path) -> BeautifulSoup:
    """Parse an output HTML file."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def blog_posting(page: BeautifulSoup) -> dict:
    """An article page's one BlogPosting JSON-LD block (it has breadcrumbs beside it)."""
    blocks = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    [posting] = [b for b in blocks if b.get("@type") == "BlogPosting"]
    return posting


def output_text(output: Path) -> dict[Path, str]:
    """Every text file of a build, HTML-unescaped, keyed by path."""
    texts = {}
    for path in output.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".txt", ".css", ".json"}:
            texts[path] = html.unescape(path.read_text(encoding="utf-8"))
    return texts


@pytest.fixture(scope="session")
def posts() -> list[Post]:
    return sample_posts()


@pytest.fixture(scope="session")
def published(posts) -> list[Post]:
    return [p for p in posts if p.status == "published"]


@pytest.fixture(scope="session")
def drafts(posts) -> list[Post]:
    return [p for p in posts if p.status == "draft"]


@pytest.fixture(scope="session")
def dev_site(tmp_path_factory) -> Path:
    """The sample content built with pelicanconf.py."""
    return build_site("pelicanconf.py", tmp_path_factory.mktemp("dev") / "output")


@pytest.fixture(scope="session")
def publish_site(tmp_path_factory) -> Path:
    """The sample content built with publishconf.py."""
    return build_site("publishconf.py", tmp_path_factory.mktemp("publish") / "output")
