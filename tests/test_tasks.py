"""The invoke tasks, run as a user runs them, on a copy of the repository."""

from __future__ import annotations

import html
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

import bootstrap
from conftest import ROOT, run_invoke, soup

QUICKSTART_TASKS = [
    "clean", "build", "rebuild", "regenerate", "serve", "reserve", "preview",
    "livereload", "publish", "gh-pages", "test", "bench", "privacy-scan",
]


invoke = run_invoke


def test_invoke_list_shows_one_line_help_for_every_task(repo):
    listing = invoke(repo, "--list").stdout.splitlines()
    for name in QUICKSTART_TASKS:
        line = next((entry for entry in listing if entry.split()[:1] == [name]), None)
        assert line is not None, f"{name} missing from invoke --list"
        assert len(line.split()) > 2, f"{name} has no help text"


def test_build_then_clean(repo):
    result = invoke(repo, "build")
    assert result.returncode == 0, result.stderr
    index = repo / "output" / "index.html"
    assert soup(index).find("main") is not None
    assert invoke(repo, "preview").returncode == 0
    assert (repo / "output-publish" / "index.html").is_file()
    assert not list(repo.glob("output*.staging-*")), "staging folder left behind"

    result = invoke(repo, "clean")
    assert result.returncode == 0, result.stderr
    assert (repo / "output").is_dir() and not any((repo / "output").iterdir())
    assert not (repo / "output-publish").exists()


def test_a_crashing_build_leaves_the_previous_output_in_place(repo):
    assert invoke(repo, "build").returncode == 0
    before = (repo / "output" / "index.html").read_text()
    (repo / "theme" / "templates" / "index.html").write_text("{% block broken %}")
    result = invoke(repo, "build")
    assert result.returncode != 0
    assert (repo / "output" / "index.html").read_text() == before
    assert not list(repo.glob("output.staging-*"))


def test_publish_without_a_target_refuses_and_names_the_setting(repo):
    result = invoke(repo, "publish")
    assert result.returncode != 0
    assert "PUBLISH_TARGET" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (repo / "output").exists(), "nothing should be built without a target"
    assert not (repo / "output-publish").exists()


def test_publish_to_a_local_rsync_target(repo, tmp_path):
    target = tmp_path / "webroot"
    target.mkdir()
    (target / "stale.html").write_text("from an older deploy")
    result = invoke(repo, "publish", PUBLISH_TARGET=f"{target}/", SITEURL="https://blog.test")
    assert result.returncode == 0, result.stderr
    assert (target / "index.html").is_file()
    assert (target / "sitemap.xml").is_file() and (target / "feeds" / "all.atom.xml").is_file()
    assert not (target / "stale.html").exists(), "rsync --delete should remove old files"
    assert not (target / "drafts").exists()
    canonical = soup(target / "index.html").find("link", rel="canonical")
    assert canonical["href"].startswith("https://blog.test/")
    built = files_in(repo / "output-publish")
    assert transfer_in(result.stdout) == (len(built), sum(map(len, built.values())), 1)
    assert not set(result.stdout.split()) & set(built), "the file list is for --verbose"


def test_a_second_publish_sends_only_what_changed_and_verbose_lists_it(repo, tmp_path):
    target = tmp_path / "webroot"
    target.mkdir()
    assert invoke(repo, "publish", PUBLISH_TARGET=f"{target}/").returncode == 0
    before = files_in(target)
    again = invoke(repo, "publish", "--verbose", PUBLISH_TARGET=f"{target}/")
    assert again.returncode == 0, again.stderr
    now = files_in(repo / "output-publish")
    changed = {name: data for name, data in now.items() if before.get(name) != data}
    assert len(changed) < len(before), "unchanged files are not sent again"
    # Pagefind names its filter and metadata indexes by a hash that is not stable from
    # one run to the next (Pagefind issue #638): the old ones are deleted, nothing else.
    gone = set(before) - set(now)
    assert all(name.startswith("pagefind/") for name in gone), gone
    assert transfer_in(again.stdout) == (len(changed), sum(map(len, changed.values())), len(gone))
    assert set(changed) <= set(again.stdout.splitlines()), "--verbose lists the files sent"


def test_a_dry_run_publish_builds_and_checks_then_sends_nothing(repo, tmp_path):
    target = tmp_path / "webroot"
    target.mkdir()
    (target / "stale.html").write_text("from an older deploy")
    result = invoke(repo, "publish", "--dry-run", "--to", f"{target}/")
    assert result.returncode == 0, result.stderr
    assert files_in(target) == {"stale.html": b"from an older deploy"}
    assert not list(tmp_path.glob("webroot.*")), "nothing staged"
    built = files_in(repo / "output-publish")
    found = re.search(r"^publish \(dry run\): would send (\d+) files? \(([\d,]+) bytes\), "
                      r"delete (\d+), to .*nothing was sent", result.stdout, re.MULTILINE)
    assert found, result.stdout
    assert (int(found[1]), int(found[2].replace(",", "")), int(found[3])) == (
        len(built), sum(map(len, built.values())), 1)


def test_a_dry_run_gh_pages_says_what_it_would_commit_and_commits_nothing(repo):
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    result = invoke(repo, "gh-pages", "--dry-run")
    assert result.returncode == 0, result.stderr
    built = files_in(repo / "output-publish")
    found = re.search(r"^gh-pages \(dry run\): would add (\d+) files?, change 0, delete 0 ",
                      result.stdout, re.MULTILINE)
    assert found and int(found[1]) == len(built) + 1, result.stdout  # and .nojekyll
    branches = subprocess.run(["git", "branch", "--list"], cwd=repo, capture_output=True,
                              text=True, check=True).stdout
    assert branches == "", "no gh-pages branch is made"


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its path relative to it."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def transfer_in(stdout: str) -> tuple[int, int, int]:
    """(files sent, bytes sent, files deleted) from publish's summary line."""
    found = re.search(r"^publish: (\d+) files? sent \(([\d,]+) bytes\), (\d+) deleted, to ",
                      stdout, re.MULTILINE)
    assert found, f"no summary line in: {stdout}"
    return int(found[1]), int(found[2].replace(",", "")), int(found[3])


def break_a_template(repo: Path) -> None:
    (repo / "theme" / "templates" / "index.html").write_text("{% block broken %}")


def add_a_post_without_a_title(repo: Path) -> None:
    (repo / "content" / "articles" / "broken.md").write_text("Date: 2026-01-01\n\nNo title.\n")


@pytest.mark.parametrize("breakage", [break_a_template, add_a_post_without_a_title])
def test_a_failed_publish_leaves_the_development_build_to_serve(repo, tmp_path, breakage):
    assert invoke(repo, "build").returncode == 0
    dev_home = (repo / "output" / "index.html").read_text()
    target = tmp_path / "webroot"
    target.mkdir()
    breakage(repo)
    failed = invoke(repo, "publish", PUBLISH_TARGET=f"{target}/")
    assert failed.returncode != 0
    assert list(target.iterdir()) == []
    assert_development_build_intact(repo, dev_home)

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with running(repo, "serve", "--port", str(port), url=base):
        home = BeautifulSoup(urllib.request.urlopen(base, timeout=5).read(), "lxml")
        stylesheet = urljoin(base, home.find("link", rel="stylesheet")["href"])
        assert urlsplit(stylesheet).netloc == urlsplit(base).netloc, "styles from elsewhere"
        css = urllib.request.urlopen(stylesheet, timeout=5)
        assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
        report = urllib.request.urlopen(urljoin(base, "editorial/"), timeout=5)
        assert "Editorial report" in BeautifulSoup(report.read(), "lxml").title.get_text()


def test_a_publish_builds_in_its_own_folder_and_leaves_the_development_build(repo, tmp_path):
    assert invoke(repo, "build").returncode == 0
    dev_home = (repo / "output" / "index.html").read_text()
    target = tmp_path / "webroot"
    target.mkdir()
    result = invoke(repo, "publish", PUBLISH_TARGET=f"{target}/", SITEURL="https://blog.test")
    assert result.returncode == 0, result.stderr
    assert_development_build_intact(repo, dev_home)
    production = repo / "output-publish"
    stylesheet = soup(production / "index.html").find("link", rel="stylesheet")["href"]
    assert stylesheet.startswith("https://blog.test/")
    assert not (production / "editorial").exists()
    assert files_in(production) == files_in(target)


def assert_development_build_intact(repo: Path, dev_home: str) -> None:
    """output/ is still the development build: same home page, editorial report there."""
    assert (repo / "output" / "index.html").read_text() == dev_home
    report = soup(repo / "output" / "editorial" / "index.html")
    assert "Editorial report" in report.title.get_text()


def test_publish_refuses_while_a_post_cites_no_customer_source(repo, tmp_path):
    target = tmp_path / "webroot"
    target.mkdir()
    for name in ("unsourced-one.md", "unsourced-two.md"):
        (repo / "content" / "articles" / name).write_text(
            f"Title: {name}\nDate: 2026-03-02\n\nWe think this, and no customer said it.\n",
            encoding="utf-8")
    result = invoke(repo, "publish", PUBLISH_TARGET=f"{target}/")
    assert result.returncode != 0
    for post in ("unsourced-one.md", "unsourced-two.md"):
        assert f"error: content/articles/{post}: missing-source:" in result.stderr
    assert list(target.iterdir()) == [], "nothing may be uploaded past the gate"


def test_the_sample_publishes_and_its_unsourced_drafts_are_flagged_but_not_shipped(repo, tmp_path):
    target = tmp_path / "webroot"
    target.mkdir()
    result = invoke(repo, "publish", PUBLISH_TARGET=f"{target}/", SITEURL="https://blog.test")
    assert result.returncode == 0, result.stderr
    flagged = [line for line in result.stderr.splitlines() if ": missing-source: " in line]
    assert flagged and all(line.startswith("warning: ") for line in flagged)
    assert "error:" not in result.stderr
    assert soup(target / "index.html").find("main") is not None
    drafts = [p for p in (repo / "content" / "articles").glob("*.md")
              if "\nStatus: draft\n" in p.read_text(encoding="utf-8")]
    assert len(drafts) >= 2
    shipped = html.unescape(" ".join(p.read_text(encoding="utf-8") for p in target.rglob("*.html")))
    for draft in drafts:
        title = draft.read_text(encoding="utf-8").splitlines()[0].removeprefix("Title: ")
        assert title not in shipped, f"draft {draft.name} was published"


def test_publish_refuses_when_the_privacy_scan_finds_a_private_value(repo, tmp_path):
    target = tmp_path / "webroot"
    target.mkdir()
    from customer_evidence.core.privacy import private_values

    source_id, field, value = next(v for v in private_values(repo / "content" / "sources.yml")
                                   if v[1] == "company")
    base = repo / "theme" / "templates" / "base.html"
    base.write_text(base.read_text().replace("</footer>", f"<p>{value}</p></footer>"))
    result = invoke(repo, "publish", PUBLISH_TARGET=f"{target}/")
    assert result.returncode != 0
    assert f"private field 'company' of source '{source_id}'" in result.stderr
    assert value not in result.stderr + result.stdout
    assert list(target.iterdir()) == [], "nothing may be uploaded after a leak"


def test_publish_refuses_after_a_build_with_errors(repo, tmp_path):
    target = tmp_path / "webroot"
    target.mkdir()
    (repo / "content" / "articles" / "broken.md").write_text("Date: 2026-01-01\n\nNo title.\n")
    result = invoke(repo, "publish", PUBLISH_TARGET=f"{target}/")
    assert result.returncode != 0
    assert "broken.md" in result.stderr
    assert list(target.iterdir()) == [], "nothing may be uploaded after a failed build"


def test_build_strict_fails_on_errors_but_still_writes_the_rest(repo):
    (repo / "content" / "articles" / "broken.md").write_text("Date: 2026-01-01\n\nNo title.\n")
    result = invoke(repo, "build", "--strict")
    assert result.returncode != 0
    assert "broken.md" in result.stderr
    assert (repo / "output" / "index.html").is_file()


def test_gh_pages_commits_the_publish_build_to_its_branch(repo):
    git_env = {
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
    }
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    result = invoke(repo, "gh-pages", "--no-push", **git_env)
    assert result.returncode == 0, result.stderr
    listing = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", "gh-pages"],
        cwd=repo, capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    assert {".nojekyll", "index.html", "sitemap.xml"} <= set(listing)
    assert not any(name.startswith("drafts/") for name in listing)
    assert (f"gh-pages: committed output-publish/ ({len(listing)} files) to branch gh-pages: "
            "'Publish site on ") in result.stdout
    assert "not pushed" in result.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Background:
    """An `invoke` task running in the background, its stdout and stderr in one log."""

    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text()

    def wait_until(self, condition: Callable[[], bool], what: str) -> None:
        """Poll `condition` while the task runs; fail with its output if it never holds."""
        deadline = time.monotonic() + 120
        while not condition():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{what} never happened; the task said:\n{self.output()}")
            time.sleep(0.2)


@contextmanager
def running(repo: Path, *args: str, url: str) -> Iterator[Background]:
    """`invoke ARGS` in the background, once `url` answers, until the block ends."""
    log = repo.parent / f"{args[0]}.log"
    env = {k: v for k, v in os.environ.items() if k not in {"PUBLISH_TARGET", "SITEURL"}}
    env.update(COLUMNS="200", PYTHONUNBUFFERED="1")
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "invoke", *args], cwd=repo, env=env,
                                   stdout=out, stderr=subprocess.STDOUT)
    task = Background(process, log)
    try:
        task.wait_until(lambda: answers(url), f"an answer at {url}")
        yield task
    finally:
        process.terminate()
        process.wait(timeout=10)


def answers(url: str) -> bool:
    """Whether a server answers at `url`, whatever the status."""
    try:
        urllib.request.urlopen(url, timeout=5).close()
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def test_serve_answers_pages_and_unknown_paths_with_the_404_page(repo):
    assert invoke(repo, "build").returncode == 0
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running(repo, "serve", "--port", str(port), url=f"{base}/"):
        home = urllib.request.urlopen(f"{base}/", timeout=5)
        assert home.status == 200
        assert BeautifulSoup(home.read(), "lxml").find("main") is not None
        about = urllib.request.urlopen(f"{base}/about/", timeout=5)
        assert about.status == 200
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/no/such/page/", timeout=5)
        assert missing.value.code == 404
        assert "not found" in BeautifulSoup(missing.value.read(), "lxml").get_text().lower()


def test_reserve_builds_then_serves_on_the_address_and_port_given(repo):
    port = free_port()
    base = f"http://127.0.0.2:{port}/"
    with running(repo, "reserve", "--bind", "127.0.0.2", "--port", str(port), url=base):
        home = urllib.request.urlopen(base, timeout=5)
        assert BeautifulSoup(home.read(), "lxml").find("main") is not None
        with pytest.raises(urllib.error.URLError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)


def test_bootstrap_serve_passes_port_and_bind_on_to_invoke_reserve(monkeypatch):
    started = []
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(bootstrap, "ensure_venv", lambda requirements: None)
    monkeypatch.setattr(bootstrap.os, "execv", lambda path, argv: started.append(argv))
    bootstrap.main(["serve", "--port", "8123", "--bind", "0.0.0.0"])
    invoke_path = str(bootstrap.BIN / "invoke")
    assert started == [[invoke_path, "reserve", "--port", "8123", "--bind", "0.0.0.0"]]


@pytest.mark.parametrize("task", ["serve", "reserve", "livereload"])
def test_a_busy_port_is_one_line_naming_another_port(repo, task):
    assert invoke(repo, "build").returncode == 0
    with socket.socket() as other_server:
        other_server.bind(("127.0.0.3", 0))
        other_server.listen()
        port = other_server.getsockname()[1]
        result = invoke(repo, task, "--bind", "127.0.0.3", "--port", str(port))
    assert result.returncode != 0
    assert result.stderr.splitlines() == [
        f"{task}: port {port} on 127.0.0.3 is in use (another server?); "
        f"choose another with --port {port + 1}"]


def test_livereload_prints_each_log_line_once_per_build(repo):
    port = free_port()
    with running(repo, "livereload", "--port", str(port),
                 url=f"http://127.0.0.1:{port}/") as livereload:
        post = sorted((repo / "content" / "articles").glob("*.md"))[0]
        post.write_text(post.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        livereload.wait_until(lambda: livereload.output().count("Done: Processed") >= 2,
                              "a rebuild after a post changed")
    output = livereload.output()
    builds = output.count("Done: Processed")
    assert output.count(f"Serving on http://127.0.0.1:{port}") == 1, output
    findings = [line for line in output.splitlines() if line.startswith(("info: ", "warning: "))]
    assert findings, output
    assert all(findings.count(line) == builds for line in findings), "once a build:\n" + output
