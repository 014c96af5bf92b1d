"""The invoke tasks, run as a user runs them, on a copy of the repository."""

from __future__ import annotations

import html
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, run_invoke, soup

QUICKSTART_TASKS = [
    "clean", "build", "rebuild", "regenerate", "serve", "reserve", "preview",
    "livereload", "publish", "gh-pages", "test", "bench", "privacy-scan",
]


@pytest.fixture
def publishable_repo(repo) -> Path:
    """The copy, with the sample's deliberately unsourced posts marked exempt."""
    for post in (repo / "content" / "articles").glob("*.md"):
        text = post.read_text(encoding="utf-8")
        header = text.split("\n\n", 1)[0]
        if "Sources:" not in header and "Source-Exempt:" not in header and "— source:" not in text:
            post.write_text("Source-Exempt: test fixture\n" + text, encoding="utf-8")
    return repo


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
    assert not list(repo.glob("output.staging-*")), "staging folder left behind"

    result = invoke(repo, "clean")
    assert result.returncode == 0, result.stderr
    assert (repo / "output").is_dir() and not any((repo / "output").iterdir())


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


def test_publish_to_a_local_rsync_target(publishable_repo, tmp_path):
    repo = publishable_repo
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


def test_publish_refuses_when_the_privacy_scan_finds_a_private_value(publishable_repo, tmp_path):
    repo = publishable_repo
    target = tmp_path / "webroot"
    target.mkdir()
    sys.path.insert(0, str(ROOT / "plugins"))
    from editorial.privacy_scan import private_values

    source_id, field, value = next(v for v in private_values(repo / "content" / "sources.yml")
                                   if v[1] == "company")
    base = repo / "theme" / "templates" / "base.html"
    base.write_text(base.read_text().replace("</footer>", f"<p>{value}</p></footer>"))
    result = invoke(repo, "publish", PUBLISH_TARGET=f"{target}/")
    assert result.returncode != 0
    assert f"private field 'company' of source '{source_id}'" in result.stderr
    assert value not in result.stderr + result.stdout
    assert list(target.iterdir()) == [], "nothing may be uploaded after a leak"


def test_publish_refuses_after_a_build_with_errors(publishable_repo, tmp_path):
    repo = publishable_repo
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


def test_gh_pages_commits_the_publish_build_to_its_branch(publishable_repo):
    repo = publishable_repo
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
    ).stdout.split()
    assert "index.html" in listing and "sitemap.xml" in listing
    assert not any(name.startswith("drafts/") for name in listing)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_answers_pages_and_unknown_paths_with_the_404_page(repo):
    assert invoke(repo, "build").returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", "--port", str(port)],
        cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                home = urllib.request.urlopen(f"{base}/", timeout=5)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(f"invoke serve did not answer: {server.stderr.read()}")
        assert home.status == 200
        assert BeautifulSoup(home.read(), "lxml").find("main") is not None
        about = urllib.request.urlopen(f"{base}/about/", timeout=5)
        assert about.status == 200
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/no/such/page/", timeout=5)
        assert missing.value.code == 404
        assert "not found" in BeautifulSoup(missing.value.read(), "lxml").get_text().lower()
    finally:
        server.terminate()
        server.wait(timeout=10)
