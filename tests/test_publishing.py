"""Publishing to real targets on this machine: a local rsync target swapped in whole,
an rsync killed half-way and resumed, dry runs, and gh-pages pushed to a bare repository."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from customer_evidence.tools import ToolError, publishing
from customer_evidence.tools.publishing import (
    TreeChange,
    blob_id,
    commit_gh_pages,
    is_remote,
    rsync,
    rsync_command,
    tree_change,
)

pytestmark = pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync not installed")

SUMMARY = re.compile(r"^publish: (\d+) files? sent \(([\d,]+) bytes\), (\d+) deleted, to (.+)$")
DRY_RUN = re.compile(r"^publish \(dry run\): would send (\d+) files? \(([\d,]+) bytes\), "
                     r"delete (\d+), to (.+); nothing was sent$")


def make_site(folder: Path, pages: dict[str, bytes]) -> Path:
    """A built site: `pages` by path, in a folder as private as the build leaves it."""
    for name, data in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    folder.chmod(0o700)  # staged_build's folder comes from mkdtemp
    return folder


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under `folder` (and itself) with its content, mode and mtime."""
    entries = {".": (None, folder.stat().st_mode, folder.stat().st_mtime_ns)}
    for path in folder.rglob("*"):
        info = path.lstat()
        data = path.read_bytes() if path.is_file() else None
        entries[path.relative_to(folder).as_posix()] = (data, info.st_mode, info.st_mtime_ns)
    return entries


def counts(line: str, pattern: re.Pattern = SUMMARY) -> tuple[int, int, int]:
    found = pattern.match(line)
    assert found, f"not a summary line: {line}"
    return int(found[1]), int(found[2].replace(",", "")), int(found[3])


def changed(old: dict[str, bytes], new: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in new.items() if old.get(name) != data}


OLD = {"index.html": b"<h1>old home</h1>", "posts/a/index.html": b"<p>post a</p>",
       "posts/b/index.html": b"<p>post b</p>", "theme/site.css": b"body{}",
       "gone.html": b"a page the new build drops"}
NEW = {**{k: v for k, v in OLD.items() if k != "gone.html"},
       "index.html": b"<h1>new home, longer</h1>", "posts/c/index.html": b"<p>post c</p>"}


def test_the_first_publish_sends_everything_and_leaves_a_readable_folder(tmp_path):
    site = make_site(tmp_path / "build", OLD)
    target = tmp_path / "www" / "blog"
    target.parent.mkdir()
    line = rsync(site, f"{target}/")
    assert counts(line) == (len(OLD), sum(map(len, OLD.values())), 0)
    assert line.endswith(f", to {target}/")
    assert files_in(target) == OLD
    mode = target.stat().st_mode
    assert mode & stat.S_IROTH and mode & stat.S_IXOTH, "the web server must read it"
    assert sorted(os.listdir(target.parent)) == ["blog"], "no staging folder left"


def test_a_second_publish_sends_only_changes_deletes_dropped_pages_and_keeps_the_mode(
        tmp_path):
    target = tmp_path / "blog"
    rsync(make_site(tmp_path / "v1", OLD), str(target))
    target.chmod(0o750)
    line = rsync(make_site(tmp_path / "v2", NEW), f"{target}/")
    sent = changed(OLD, NEW)
    assert counts(line) == (len(sent), sum(map(len, sent.values())), 1)
    assert files_in(target) == NEW
    assert not (target / "gone.html").exists()
    assert stat.S_IMODE(target.stat().st_mode) == 0o750, "the old folder's mode is kept"
    assert not (tmp_path / "blog.staging").exists()
    again = rsync(tmp_path / "v2", f"{target}/")
    assert counts(again) == (0, 0, 0), "an unchanged site sends nothing"


def test_the_swap_works_where_folders_cannot_be_exchanged(tmp_path, monkeypatch):
    monkeypatch.setattr(publishing, "_rename_exchange", lambda first, second: False)
    target = tmp_path / "blog"
    rsync(make_site(tmp_path / "v1", OLD), str(target))
    rsync(make_site(tmp_path / "v2", NEW), str(target))
    assert files_in(target) == NEW
    assert sorted(os.listdir(tmp_path)) == ["blog", "v1", "v2"]


def test_files_that_cannot_be_hard_linked_are_staged_as_copies(tmp_path, monkeypatch):
    target = tmp_path / "blog"
    rsync(make_site(tmp_path / "v1", OLD), str(target))

    def refuse(source, copy):
        raise PermissionError(1, "Operation not permitted", str(source))

    monkeypatch.setattr(publishing.os, "link", refuse)
    line = rsync(make_site(tmp_path / "v2", NEW), str(target))
    sent = changed(OLD, NEW)
    assert counts(line) == (len(sent), sum(map(len, sent.values())), 1)
    assert files_in(target) == NEW


def test_a_symlinked_target_keeps_its_link_and_gets_the_new_build(tmp_path):
    release = tmp_path / "releases" / "current"
    release.parent.mkdir()
    rsync(make_site(tmp_path / "v1", OLD), str(release))
    link = tmp_path / "blog"
    link.symlink_to(release)
    rsync(make_site(tmp_path / "v2", NEW), f"{link}/")
    assert link.is_symlink() and link.resolve() == release.resolve()
    assert files_in(link) == NEW


def test_verbose_lists_the_files_sent(tmp_path, capsys):
    target = tmp_path / "blog"
    rsync(make_site(tmp_path / "v1", OLD), str(target))
    rsync(make_site(tmp_path / "v2", NEW), str(target), verbose=True)
    listed = capsys.readouterr().out.splitlines()
    assert set(changed(OLD, NEW)) <= set(listed)
    assert "deleting gone.html" in listed


def test_a_dry_run_changes_nothing_and_counts_what_the_publish_then_does(tmp_path, capsys):
    target = tmp_path / "blog"
    rsync(make_site(tmp_path / "v1", OLD), str(target))
    before = snapshot(target)
    site = make_site(tmp_path / "v2", NEW)
    dry = rsync(site, f"{target}/", verbose=True, dry_run=True)
    assert snapshot(target) == before, "a dry run leaves the target byte for byte"
    assert sorted(os.listdir(tmp_path)) == ["blog", "v1", "v2"], "and stages nothing"
    assert set(changed(OLD, NEW)) <= set(capsys.readouterr().out.splitlines())
    assert counts(dry, DRY_RUN) == counts(rsync(site, f"{target}/"))


def test_a_dry_run_to_a_new_folder_creates_nothing(tmp_path):
    site = make_site(tmp_path / "build", OLD)
    line = rsync(site, str(tmp_path / "blog"), dry_run=True)
    assert counts(line, DRY_RUN) == (len(OLD), sum(map(len, OLD.values())), 0)
    assert sorted(os.listdir(tmp_path)) == ["build"]


def test_a_publish_already_under_way_is_not_mixed_with_another(tmp_path):
    target = tmp_path / "blog"
    rsync(make_site(tmp_path / "v1", OLD), str(target))
    work = tmp_path / "blog.staging"
    work.mkdir()
    with open(work / "lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(ToolError, match="another publish to .* is under way"):
            rsync(make_site(tmp_path / "v2", NEW), str(target))
    assert files_in(target) == OLD


def test_a_folder_without_index_html_is_refused(tmp_path):
    target = tmp_path / "blog"
    with pytest.raises(ToolError, match="no index.html"):
        rsync(make_site(tmp_path / "build", {"page.html": b"x"}), str(target))
    assert not target.exists()


@pytest.fixture
def slow_rsync(tmp_path) -> dict[str, str]:
    """An environment whose `rsync` is the real one held to 1 MB/s, so a publish of a
    few megabytes is still copying when it is killed."""
    wrapper = tmp_path / "slow-bin"
    wrapper.mkdir()
    script = wrapper / "rsync"
    script.write_text(f'#!/bin/sh\nexec {shutil.which("rsync")} --bwlimit=1000 "$@"\n')
    script.chmod(0o755)
    return {**os.environ, "PATH": f"{wrapper}{os.pathsep}{os.environ['PATH']}"}


def test_a_publish_killed_half_way_leaves_the_live_site_and_the_rerun_finishes(
        tmp_path, slow_rsync):
    pages = 30
    old = {"index.html": b"<h1>old</h1>", "about.html": b"unchanged", "gone.html": b"bye",
           **{f"posts/{n}.html": os.urandom(100_000) for n in range(pages)}}
    new = {"index.html": b"<h1>new</h1>", "about.html": b"unchanged", "new.html": b"hi",
           **{f"posts/{n}.html": os.urandom(100_000) for n in range(pages)}}
    target = tmp_path / "blog"
    rsync(make_site(tmp_path / "v1", old), str(target))
    site = make_site(tmp_path / "v2", new)
    staged = tmp_path / "blog.staging" / "site"

    def arrived() -> set[str]:
        return {name for name, data in changed(old, new).items()
                if (staged / name).is_file() and (staged / name).read_bytes() == data}

    publish = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from customer_evidence.tools.publishing import rsync; "
         "print(rsync(Path(sys.argv[1]), sys.argv[2]))", str(site), f"{target}/"],
        env=slow_rsync, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120  # a guard against a hang, not a measurement
        while len(arrived()) < 3 and publish.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert publish.poll() is None, "the publish finished before it could be killed"
        os.killpg(publish.pid, signal.SIGKILL)
    finally:
        publish.wait()

    assert files_in(target) == old, "the live site is exactly the old build"
    assert staged.is_dir(), "the staging folder is left for the rerun"
    done = arrived()
    assert 3 <= len(done) < len(changed(old, new)), "killed half-way"
    missing = {name: data for name, data in changed(old, new).items() if name not in done}

    line = rsync(site, f"{target}/")
    assert counts(line) == (len(missing), sum(map(len, missing.values())), 1)
    assert files_in(target) == new
    assert not (tmp_path / "blog.staging").exists()


def test_remote_targets_use_rsyncs_delayed_updates_and_deletions():
    command = rsync_command(Path("/srv/build"), "deploy@web1:/var/www/blog/", remote=True)
    assert command[0] == "rsync"
    assert {"--delete", "--delay-updates", "--delete-delay", "--stats", "-c"} <= set(command)
    assert command[-2:] == ["/srv/build/", "deploy@web1:/var/www/blog/"]
    assert "-n" not in command and "-v" not in command
    dry = rsync_command(Path("/srv/build"), "web1:blog", remote=True, verbose=True,
                        dry_run=True)
    assert {"-n", "-v", "--delay-updates"} <= set(dry)
    local = rsync_command(Path("/srv/build"), "/srv/www/", remote=False, partial=Path("/p"))
    assert "--delay-updates" not in local and "--temp-dir=/p" in local


@pytest.mark.parametrize(("target", "remote"), [
    ("deploy@web1:/var/www/blog/", True), ("web1:blog", True), ("rsync://host/m/", True),
    ("/var/www/blog/", False), ("site/", False), ("./a:b/", False),
])
def test_which_targets_are_remote(target, remote):
    assert is_remote(target) is remote


def test_a_remote_publish_runs_that_command_and_summarises_it(tmp_path, monkeypatch):
    ran = []

    def fake_run(command, **options):
        ran.append(command)
        stats = ("Number of deleted files: 1\nNumber of regular files transferred: 2\n"
                 "Total transferred file size: 1,234 bytes\n")
        return subprocess.CompletedProcess(command, 0, stdout=stats, stderr="")

    monkeypatch.setattr(publishing.subprocess, "run", fake_run)
    site = make_site(tmp_path / "build", OLD)
    line = rsync(site, "deploy@web1:/var/www/blog/")
    assert ran == [rsync_command(site, "deploy@web1:/var/www/blog/", remote=True)]
    assert line == "publish: 2 files sent (1,234 bytes), 1 deleted, to deploy@web1:/var/www/blog/"
    assert not list(tmp_path.glob("*.staging")), "nothing is staged locally"


def test_blob_ids_are_gits(tmp_path):
    (tmp_path / "f").write_bytes(b"hello\n")
    git = subprocess.run(["git", "hash-object", str(tmp_path / "f")], capture_output=True,
                         text=True, check=True).stdout.strip()
    assert blob_id(b"hello\n") == git


def test_the_tree_change_counts_by_path_content_and_mode():
    old = {"a": ("100644", "1"), "b": ("100644", "2"), "c": ("100644", "3"),
           "d": ("100644", "4")}
    new = {"a": ("100644", "1", 5), "b": ("100644", "9", 7), "c": ("100755", "3", 11),
           "e": ("100644", "5", 13)}
    assert tree_change(new, old) == TreeChange(added=1, changed=2, deleted=1, bytes=31)


GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com"}


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def clone(tmp_path, monkeypatch) -> Path:
    """A site's clone (the current folder) whose origin is a bare repository."""
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path))
    origin, work = tmp_path / "origin.git", tmp_path / "clone"
    git("init", "-q", "--bare", str(origin), cwd=tmp_path)
    git("init", "-q", "-b", "main", str(work), cwd=tmp_path)
    git("remote", "add", "origin", str(origin), cwd=work)
    monkeypatch.chdir(work)
    return work


def refs(repository: Path) -> str:
    return git("for-each-ref", cwd=repository)


def tree_of(repository: Path, ref: str) -> dict[str, bytes]:
    names = git("ls-tree", "-r", "--name-only", "-z", ref, cwd=repository).split("\0")
    return {name: subprocess.run(["git", "show", f"{ref}:{name}"], cwd=repository,
                                 capture_output=True, check=True).stdout
            for name in filter(None, names)}


PAGES_SUMMARY = re.compile(r"^gh-pages \(dry run\): would add (\d+) files?, change (\d+), "
                           r"delete (\d+) \(([\d,]+) bytes to send\) on branch gh-pages; "
                           r"nothing was committed or pushed$")


def pages_counts(line: str) -> tuple[int, int, int, int]:
    found = PAGES_SUMMARY.match(line)
    assert found, f"not a dry-run line: {line}"
    return int(found[1]), int(found[2]), int(found[3]), int(found[4].replace(",", ""))


def test_gh_pages_pushes_one_commit_per_publish_and_dry_runs_say_what_it_changes(
        clone, tmp_path):
    origin = tmp_path / "origin.git"
    site = make_site(tmp_path / "v1", OLD)

    first = commit_gh_pages(site, "gh-pages", "Publish 1", push=False, dry_run=True)
    assert pages_counts(first[0]) == (len(OLD) + 1, 0, 0, sum(map(len, OLD.values())))
    assert "does not exist yet" in first[1]
    assert refs(clone) == "" and refs(origin) == "", "a dry run commits nothing"

    lines = commit_gh_pages(site, "gh-pages", "Publish 1", push=True)
    assert lines[-1] == "gh-pages: pushed branch gh-pages to origin"
    assert git("rev-list", "--count", "gh-pages", cwd=origin).strip() == "1"
    assert tree_of(origin, "gh-pages") == {**OLD, ".nojekyll": b""}

    edited = {**OLD, "posts/a/index.html": b"<p>post a, corrected</p>"}
    site = make_site(tmp_path / "v2", edited)
    before = (refs(clone), refs(origin))
    dry = commit_gh_pages(site, "gh-pages", "Publish 2", push=True, dry_run=True)
    assert dry == [f"gh-pages (dry run): would add 0 files, change 1, delete 0 "
                   f"({len(edited['posts/a/index.html'])} bytes to send) on branch gh-pages; "
                   "nothing was committed or pushed"]
    assert (refs(clone), refs(origin)) == before

    site = make_site(tmp_path / "v3", NEW)
    added, updated, deleted, size = pages_counts(
        commit_gh_pages(site, "gh-pages", "Publish 3", push=True, dry_run=True)[0])
    commit_gh_pages(site, "gh-pages", "Publish 3", push=True)
    assert git("rev-list", "--count", "gh-pages", cwd=origin).strip() == "2"
    assert tree_of(origin, "gh-pages") == {**NEW, ".nojekyll": b""}
    diff = git("diff", "--name-status", "gh-pages~1", "gh-pages", cwd=origin).split()
    assert (added, updated, deleted) == (diff[::2].count("A"), diff[::2].count("M"),
                                         diff[::2].count("D"))
    assert size == sum(map(len, changed(OLD, NEW).values()))
