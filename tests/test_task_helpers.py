"""The tools behind the tasks: publish's summary, the servers' address checks, the
staged swap, the privacy gate and the git hook."""

from __future__ import annotations

import errno
import socket
import subprocess

import pytest

from customer_evidence.tools import ToolError, building
from customer_evidence.tools.building import swap_in
from customer_evidence.tools.hooks import PRE_COMMIT_HOOK, install_hook
from customer_evidence.tools.publishing import Transfer, check_privacy, parse_stats, summary
from customer_evidence.tools.serving import address_problem, listen_error

# `rsync --stats -v` of a deploy (rsync 3.2, digit separators), file list first.
RSYNC_STATS = """\
sending incremental file list
deleting old/page.html
deleting old/
index.html
posts/new-post/index.html

Number of files: 1,155 (reg: 1,079, dir: 76)
Number of created files: 2 (reg: 1, dir: 1)
Number of deleted files: 2 (reg: 1, dir: 1)
Number of regular files transferred: 1,002
Total file size: 9,697,057 bytes
Total transferred file size: 1,234,567 bytes
Literal data: 1,234,567 bytes
Matched data: 0 bytes
File list size: 0
Total bytes sent: 58,060
Total bytes received: 1,835

sent 58,060 bytes  received 1,835 bytes  119,790.00 bytes/sec
total size is 9,697,057  speedup is 161.90
"""

# The same from an old rsync (macOS's 2.6.9): no created or deleted counts.
OLD_RSYNC_STATS = """\
Number of files: 155
Number of files transferred: 3
Total file size: 697057 bytes
Total transferred file size: 12786 bytes
"""


def test_the_stats_give_files_sent_deleted_and_bytes():
    assert parse_stats(RSYNC_STATS) == Transfer(sent=1002, deleted=2, bytes=1234567)


def test_an_old_rsync_gives_no_deleted_count():
    assert parse_stats(OLD_RSYNC_STATS) == Transfer(sent=3, deleted=None, bytes=12786)


def test_output_without_stats_or_with_rounded_sizes_gives_nothing():
    assert parse_stats("sending incremental file list\nindex.html\n") is None
    rounded = RSYNC_STATS.replace("1,234,567 bytes", "1.23M bytes")
    assert parse_stats(rounded) is None, "a rounded size would be a wrong count"


def test_the_summary_is_one_line_with_counts_and_target():
    line = summary(Transfer(sent=1, deleted=0, bytes=12786), "deploy@web1:/var/www/blog/")
    assert line == "publish: 1 file sent (12,786 bytes), 0 deleted, to deploy@web1:/var/www/blog/"
    without_deletions = summary(Transfer(sent=3, deleted=None, bytes=10), "/srv/www/")
    assert without_deletions == "publish: 3 files sent (10 bytes), to /srv/www/"


def test_a_port_a_server_listens_on_is_busy_and_another_is_suggested():
    with socket.socket() as other_server:
        other_server.bind(("127.0.0.1", 0))
        other_server.listen()
        port = other_server.getsockname()[1]
        assert address_problem("serve", "127.0.0.1", port) == (
            f"serve: port {port} on 127.0.0.1 is in use (another server?); "
            f"choose another with --port {port + 1}")
    assert address_problem("serve", "127.0.0.1", port) is None, "free once it closed"


def test_impossible_ports_and_addresses_are_named():
    assert address_problem("livereload", "127.0.0.1", 70000) == (
        "livereload: --port 70000 is not a port number (1-65535)")
    unknown = address_problem("serve", "no-such-host.invalid", 8000)
    assert unknown.startswith("serve: cannot listen on no-such-host.invalid:8000 (")
    assert unknown.endswith("); check --bind and --port")


def test_a_bind_error_other_than_busy_names_its_reason():
    error = OSError(errno.EADDRNOTAVAIL, "Cannot assign requested address")
    assert listen_error("reserve", "10.1.2.3", 8000, error) == (
        "reserve: cannot listen on 10.1.2.3:8000 (Cannot assign requested address); "
        "check --bind and --port")


# The staged swap, the privacy gate and the hook, in the tools layer.

def test_swap_in_replaces_the_folder_whole_and_leaves_nothing_behind(tmp_path):
    current, new = tmp_path / "output", tmp_path / "output.staging-1"
    (current / "old").mkdir(parents=True)
    (current / "old" / "page.html").write_text("old")
    new.mkdir()
    (new / "index.html").write_text("new")
    swap_in(new, current)
    assert sorted(p.name for p in current.iterdir()) == ["index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_build_that_writes_no_index_leaves_the_output_as_it_was(tmp_path, monkeypatch):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the previous build")
    monkeypatch.setattr(building, "pelican_run", lambda args: ["a theme error"])
    with pytest.raises(ToolError, match="wrote no index.html; output/ is unchanged"):
        building.staged_build(tmp_path / "pelicanconf.py", output)
    assert (output / "index.html").read_text() == "the previous build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_the_privacy_gate_names_each_leak_and_refuses(tmp_path, capsys):
    registry = tmp_path / "sources.yml"
    registry.write_text(
        "- id: call-1\n  kind: sales-call\n  date: 2026-01-05\n  attribution: A buyer\n"
        "  consent: anonymised\n  private:\n    name: Dagny Whitcombe\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>Clean.</p>")
    assert "no private source details" in check_privacy(site, registry)
    (site / "about.html").write_text("<p>Thanks to Dagny <b>Whitcombe</b></p>")
    with pytest.raises(ToolError, match="1 private value"):
        check_privacy(site, registry)
    printed = capsys.readouterr().err
    assert "about.html" in printed and "Whitcombe" not in printed


def test_the_hook_is_installed_once_and_a_foreign_one_kept(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text("#!/bin/sh\necho mine\n")
    with pytest.raises(ToolError, match="not this project's hook"):
        install_hook(tmp_path)
    assert hook.read_text() == "#!/bin/sh\necho mine\n"
    assert any("installed" in line for line in install_hook(tmp_path, force=True))
    assert hook.read_text() == PRE_COMMIT_HOOK and hook.with_name("pre-commit.backup").exists()
    assert install_hook(tmp_path) == [f"hooks: {hook} is already installed"]
