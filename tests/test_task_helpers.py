"""The small helpers behind `invoke publish`'s summary and the servers' address checks."""

from __future__ import annotations

import errno
import socket

from customer_evidence.tools.publishing import Transfer, parse_stats, summary
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
