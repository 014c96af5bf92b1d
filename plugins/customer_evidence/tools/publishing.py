"""Publishing a production build: the privacy gate, rsync with a summary, gh-pages.

Each step refuses with a ToolError (one line, an exit status) rather than publish
something half-checked: `check_privacy` before any upload, `rsync` only from a
folder with an index.html, `commit_gh_pages` only a finished build.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from customer_evidence.core.privacy import RegistryError, private_values
from customer_evidence.core.registry_limits import Limits
from customer_evidence.tools import ToolError
from customer_evidence.tools.privacy_scan import report_lines, scan_report

RSYNC = ["rsync", "--delete", "--exclude", ".DS_Store", "-pthrz", "-c", "--stats",
         "--no-human-readable"]

# rsync 3.1+ names regular files; older versions (macOS's 2.6.9) say "files".
SENT = re.compile(r"^Number of (?:regular )?files transferred: ([\d,.']+)", re.MULTILINE)
DELETED = re.compile(r"^Number of deleted files: ([\d,.']+)", re.MULTILINE)
BYTES = re.compile(r"^Total transferred file size: ([\d,.']+) bytes", re.MULTILINE)


@dataclass(frozen=True)
class Transfer:
    """What one rsync run changed at the target."""

    sent: int  # regular files copied (new or changed)
    deleted: int | None  # files and folders removed (--delete); None: rsync doesn't say
    bytes: int  # size of the files copied, before compression


def parse_stats(output: str) -> Transfer | None:
    """The Transfer described by rsync's --stats lines in `output`; None without them."""
    sent, size = SENT.search(output), BYTES.search(output)
    if sent is None or size is None:
        return None
    deleted = DELETED.search(output)
    return Transfer(_number(sent[1]), _number(deleted[1]) if deleted else None,
                    _number(size[1]))


def summary(transfer: Transfer, target: str) -> str:
    """One line for the person publishing, e.g. `publish: 3 files sent (12,345 bytes),
    1 deleted, to deploy@web1:/var/www/blog/`."""
    sent = f"{transfer.sent} file{'' if transfer.sent == 1 else 's'} sent"
    parts = [f"{sent} ({transfer.bytes:,} bytes)"]
    if transfer.deleted is not None:
        parts.append(f"{transfer.deleted} deleted")
    return f"publish: {', '.join(parts)}, to {target}"


def _number(text: str) -> int:
    """A count as rsync prints it, digit separators (1,234 or 1.234) removed."""
    return int(re.sub(r"\D", "", text))


def check_privacy(folder: Path, registry: Path, limits: Limits | None = None) -> str:
    """Fail (ToolError) if any private value of the registry appears in `folder`, or a
    file there that may hold one cannot be read; list on stderr the files not scanned.

    `limits` are the site's registry limits: a registry beyond them cannot be read,
    so the scan fails, as the build refused it."""
    if not folder.is_dir():
        raise ToolError(f"privacy scan: nothing to scan in {folder.name}/: run `invoke preview`",
                        code=2)
    if not registry.is_file():
        return f"privacy scan: no registry ({registry.name}), so no private details to protect"
    try:
        values = private_values(registry, limits)
    except RegistryError as exc:
        raise ToolError(f"privacy scan: {exc}; fix the registry first") from None
    problems, notices = report_lines(scan_report(folder, values), folder.name)
    sys.stderr.writelines(f"{line}\n" for line in [*problems, *notices])
    if problems:
        raise ToolError(f"privacy scan: {len(problems)} private value(s) or unreadable "
                        f"file(s) in {folder.name}/; nothing was published")
    return f"privacy scan: no private source details in {folder.name}/"


def rsync(folder: Path, target: str, verbose: bool = False) -> str:
    """Mirror `folder` to an rsync target; the one-line summary of what changed."""
    if shutil.which("rsync") is None:
        raise ToolError("rsync is not installed; install it (apt-get install rsync)", code=2)
    if not (folder / "index.html").is_file():
        raise ToolError(f"{folder.name}/ has no index.html; refusing to upload")
    command = [*RSYNC, *(["-v"] if verbose else []), f"{folder}/", target]
    run = subprocess.run(command, capture_output=True, text=True)
    sys.stderr.write(run.stderr)
    if verbose:
        sys.stdout.write(run.stdout)
    if run.returncode:
        raise ToolError(f"publish: rsync failed (exit status {run.returncode}); see above")
    transfer = parse_stats(run.stdout)
    return summary(transfer, target) if transfer else run.stdout.rstrip()


def commit_gh_pages(folder: Path, branch: str, message: str, push: bool) -> list[str]:
    """Commit `folder` (with .nojekyll) to `branch` with ghp-import; push it if asked.

    Returns the lines to print: what was committed where, and whether it was pushed.
    """
    ghp = [sys.executable, "-m", "ghp_import", "-n", "-b", branch, "-m", message, str(folder)]
    if subprocess.run(ghp).returncode:
        raise ToolError(f"gh-pages: ghp-import could not commit {folder.name}/; see above")
    files = subprocess.run(["git", "ls-tree", "-r", "--name-only", branch], check=True,
                           capture_output=True, text=True).stdout.splitlines()
    lines = [f"gh-pages: committed {folder.name}/ ({len(files)} files) to branch {branch}: "
             f"{shlex.quote(message)}"]
    if not push:
        return [*lines, f"gh-pages: not pushed (--no-push); `git push origin {branch}` "
                        "publishes it"]
    if subprocess.run(["git", "push", "origin", branch]).returncode:
        raise ToolError(f"gh-pages: the commit is on branch {branch}, but the push failed; "
                        "see above")
    return [*lines, f"gh-pages: pushed branch {branch} to origin"]
