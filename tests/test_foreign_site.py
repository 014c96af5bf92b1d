"""The plugins on someone else's Pelican site: installed with pip, found by short name.

A fresh virtualenv gets a regular (not editable) `pip install` of this repository,
then its own `pelican` command builds a bicycle workshop's blog written here: the
default notmyidea theme, only customer_sources and customer_questions in PLUGINS.
notmyidea has no question templates, so the hub and question pages come from the
plugin's fallbacks; a theme with its own questions.html gets that one instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

# Not part of the distribution's source: a copy without them builds the same wheel,
# and pip's build leaves its build/ and *.egg-info in the copy, not in the repository.
NOT_SOURCE = {".git", ".venv", "node_modules", "output", "output-publish", "cache",
              "artifacts", ".bench", "build", ".ruff_cache", ".pytest_cache"}
PIP_TIMEOUT = 900  # downloads on a first run; pip's cache makes reruns quick

QUESTIONS = """\
- id: tubeless-conversion-cost
  question: How much does it cost to convert road bike wheels to tubeless?
  topic: cost
  stage: consideration
  asked: 9
  heard_in: [workshop-counter, email]
- id: disc-brake-squeal
  question: Why do my disc brakes squeal in the wet?
  topic: problems
  stage: awareness
  asked: 6
- id: chain-replacement-interval
  question: How often should I replace my chain?
  topic: how-to
  stage: retention
  asked: 4
"""

SOURCES = """\
- id: interview-2026-01-courier
  kind: interview
  date: 2026-01-14
  attribution: Cycle courier, city centre
  consent: anonymised
  private:
    name: Robin Vale
- id: review-2025-12-commuter
  kind: review
  date: 2025-12-02
  attribution: Year-round commuter
  consent: public
"""

ARTICLES = {
    "tubeless-prices.md": """\
        Title: What a tubeless conversion costs at our workshop
        Date: 2026-02-03
        Category: Workshop
        Question-Id: tubeless-conversion-cost
        Sources: review-2025-12-commuter
        Summary: Rim tape, valves, sealant and an hour at the stand.

        A pair of road wheels goes tubeless here for £45 to £80, depending on
        whether the rims and tyres are already tubeless-ready.
        """,
    "tubeless-ready-tyres.md": """\
        Title: Tubeless-ready tyres and what they save you
        Date: 2026-02-20
        Category: Workshop
        Question-Id: tubeless-conversion-cost
        Sources: interview-2026-01-courier

        With tubeless-ready tyres the job is mostly sealant and valves, so the bill
        sits at the low end of our range.
        """,
    "wet-brakes.md": """\
        Title: Squealing discs on rainy rides
        Date: 2026-01-25
        Category: Repairs
        Question-Id: disc-brake-squeal
        Sources: interview-2026-01-courier

        Spray and road grime glaze the pads; a light sanding and a rotor wipe with
        isopropyl alcohol usually quiets them.
        """,
    "shed-storage.md": """\
        Title: A bike and a trailer in the shed over winter
        Date: 2026-01-10
        Category: Storage
        Question: Can I keep my bike & trailer in an unheated shed all winter?
        Sources: review-2025-12-commuter

        Yes, if the shed is dry: wipe and oil the chain, and hang the bike so the
        tyres are off the damp floor.
        """,
    "opening-hours.md": """\
        Title: Our spring opening hours
        Date: 2026-03-01
        Category: News

        From March the workshop opens at eight on weekdays and shuts at four on
        Saturdays.
        """,
}
DECLARED = {
    "How much does it cost to convert road bike wheels to tubeless?": {
        "What a tubeless conversion costs at our workshop",
        "Tubeless-ready tyres and what they save you",
    },
    "Why do my disc brakes squeal in the wet?": {"Squealing discs on rainy rides"},
    "Can I keep my bike & trailer in an unheated shed all winter?": {
        "A bike and a trailer in the shed over winter",
    },
}
THEME_MARKER = "theme-own-question-hub"


def _ignore_non_source(folder: str, names: list[str]) -> list[str]:
    top = Path(folder) == ROOT
    return [n for n in names
            if (top and n in NOT_SOURCE) or n == "__pycache__" or n.endswith(".egg-info")]


def _environ() -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items()
               if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PUBLISH_TARGET",
                            "SITEURL"}}
    environ["COLUMNS"] = "200"  # findings on one line each
    return environ


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A new virtualenv with this repository pip-installed the way another site would."""
    base = tmp_path_factory.mktemp("foreign")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=_ignore_non_source)
    env = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True, timeout=300)
    installed = subprocess.run(
        [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", str(source)],
        capture_output=True, text=True, timeout=PIP_TIMEOUT, env=_environ())
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    return env


def write_site(folder: Path, theme: Path | None = None) -> Path:
    """The workshop's blog: posts, bank and registry in blog/ (its PATH: a folder name of
    its own, so nothing assumes this repository's layout), and pelicanconf.py."""
    articles = folder / "blog" / "articles"
    articles.mkdir(parents=True)
    (folder / "blog" / "questions.yml").write_text(QUESTIONS, encoding="utf-8")
    (folder / "blog" / "sources.yml").write_text(SOURCES, encoding="utf-8")
    for name, text in ARTICLES.items():
        (articles / name).write_text(textwrap.dedent(text), encoding="utf-8")
    settings = textwrap.dedent("""\
        SITENAME = "Spoke & Chain"
        SITEURL = ""
        PATH = "blog"
        TIMEZONE = "Europe/London"
        DEFAULT_LANG = "en"
        PLUGINS = ["customer_sources", "customer_questions"]
        """)
    if theme:
        settings += f"THEME = {str(theme)!r}\n"
    (folder / "pelicanconf.py").write_text(settings, encoding="utf-8")
    return folder


def build(venv: Path, site: Path) -> subprocess.CompletedProcess:
    """The fresh virtualenv's `pelican` command line, run in the site's folder."""
    return subprocess.run(
        [str(venv / "bin" / "pelican"), "blog", "-s", "pelicanconf.py", "-o", "output"],
        cwd=site, capture_output=True, text=True, timeout=300, env=_environ())


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def notmyidea(venv: Path) -> Path:
    """Pelican's default theme, as installed in the virtualenv."""
    found = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import pathlib, pelican; "
         "print(pathlib.Path(pelican.__file__).parent / 'themes' / 'notmyidea')"],
        capture_output=True, text=True, check=True, env=_environ())
    return Path(found.stdout.strip())


def test_default_theme_gets_the_plugins_question_pages(venv, tmp_path):
    site = write_site(tmp_path / "site")
    result = build(venv, site)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    output = site / "output"
    assert (output / "index.html").is_file()

    # The findings are logged, naming the post that cites nothing.
    assert "blog/articles/opening-hours.md: missing-source" in log, log
    assert log.count("missing-source") == 1, log  # the others cite a source

    # The hub: the plugin's template in notmyidea's layout, every declared question
    # linked to its page, nothing else.
    hub = soup_of(output / "questions" / "index.html")
    assert hub.select_one("section.customer-questions"), "not the plugin's fallback hub"
    assert hub.select_one("header#banner"), "not inside notmyidea's base.html"
    links = {a.get_text(strip=True): a["href"] for a in hub.select(".question-list a")}
    assert set(links) == set(DECLARED)
    assert "How often should I replace my chain?" not in hub.get_text()  # unanswered
    assert "bike &amp; trailer" in (output / "questions" / "index.html").read_text()

    # Each question's page lists the articles answering it, linked.
    for question, titles in DECLARED.items():
        href = links[question]
        assert href.startswith("/") and href.endswith("/")
        page_file = output / href.strip("/") / "index.html"
        page = soup_of(page_file)
        assert page.select_one("section.customer-question"), page_file
        assert page.select_one("section.customer-question h1").get_text(strip=True) == question
        listed = {a.get_text(strip=True): a["href"] for a in page.select("h3.entry-title a")}
        assert set(listed) == titles
        for url in listed.values():
            assert (output / url.lstrip("/")).is_file(), url
        assert page.find("a", href="/questions/"), "no link back to the hub"


def test_a_themes_own_question_hub_wins(venv, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(notmyidea(venv), theme)
    (theme / "templates" / "questions.html").write_text(textwrap.dedent(f"""\
        {{% extends "base.html" %}}
        {{% block content %}}
        <section id="content" class="{THEME_MARKER}">
          {{% for group in customer_questions_hub.groups %}}{{% for topic in group.topics %}}
          {{% for q in topic.questions %}}<p>{{{{ q.text|e }}}}</p>{{% endfor %}}
          {{% endfor %}}{{% endfor %}}
        </section>
        {{% endblock %}}
        """), encoding="utf-8")
    site = write_site(tmp_path / "site", theme)
    result = build(venv, site)
    assert result.returncode == 0, result.stdout + result.stderr
    output = site / "output"
    hub = soup_of(output / "questions" / "index.html")
    assert hub.select_one(f"section.{THEME_MARKER}"), "the theme's questions.html was not used"
    assert not hub.select_one("section.customer-questions")
    assert {p.get_text(strip=True) for p in hub.select(f".{THEME_MARKER} p")} == set(DECLARED)
    # The theme has no question.html: those pages still come from the plugin.
    page = soup_of(output / "questions" / "disc-brake-squeal" / "index.html")
    assert page.select_one("section.customer-question")
