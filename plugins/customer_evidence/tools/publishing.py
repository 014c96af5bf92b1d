"""Publishing a production build: the privacy gate, rsync with a summary, gh-pages.

Each step refuses with a ToolError (one line, an exit status) rather than publish
something half-checked: `check_privacy` before any upload, `rsync` only from a
folder with an index.html, `commit_gh_pages` only a finished build.

Readers never see a mix of two builds: a local rsync target is mirrored into a
staging folder beside it and swapped in whole (`rsync`); over SSH rsync holds the
updated files back and renames them into place together; gh-pages is one commit.
Every target has a dry run that says what would change and changes nothing.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from customer_evidence.core.privacy import RegistryError, private_values
from customer_evidence.core.registry_limits import Limits
from customer_evidence.tools import ToolError
from customer_evidence.tools.privacy_scan import report_lines, scan_report

# A published site is public: folders listable and files readable by the web server,
# whatever the build's umask (the build folder itself is made private, 0700).
RSYNC = ["rsync", "--delete", "--exclude", ".DS_Store", "-pthrz", "-c", "--stats",
         "--no-human-readable", "--chmod=Dgo+rx,Fgo+r"]
# Over SSH, rsync's near-atomic mode: updated files wait in a .~tmp~ folder of their
# own folder until all have arrived, are then renamed into place together, and the
# deletions come last. rsync keeps those partial files, so a rerun resumes.
REMOTE_STAGING = ["--delay-updates", "--delete-delay"]
STAGING_SUFFIX = ".staging"  # <target>.staging/: site/ (the next build), partial/, lock

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


def summary(transfer: Transfer, target: str, dry_run: bool = False) -> str:
    """One line for the person publishing, e.g. `publish: 3 files sent (12,345 bytes),
    1 deleted, to deploy@web1:/var/www/blog/`; a dry run says what it would do."""
    files = f"{transfer.sent} file{'' if transfer.sent == 1 else 's'}"
    if dry_run:
        parts = [f"would send {files} ({transfer.bytes:,} bytes)"]
        if transfer.deleted is not None:
            parts.append(f"delete {transfer.deleted}")
        return f"publish (dry run): {', '.join(parts)}, to {target}; nothing was sent"
    parts = [f"{files} sent ({transfer.bytes:,} bytes)"]
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




def is_remote(target: str) -> bool:
    """Whether rsync reads `target` as another host's: host:path, user@host:path or
    rsync://; a colon after the first slash (./a:b) is part of a local path."""
    return target.startswith("rsync://") or ":" in target.split("/", 1)[0]


def rsync_command(folder: Path, dest: str, *, remote: bool, verbose: bool = False,
                  dry_run: bool = False, partial: Path | None = None) -> list[str]:
    """The rsync command line mirroring `folder` to `dest`: `remote` adds rsync's
    delayed updates, `partial` is the folder for files being written (--temp-dir)."""
    return [*RSYNC, *(REMOTE_STAGING if remote else []), *(["-n"] if dry_run else []),
            *([f"--temp-dir={partial}"] if partial else []), *(["-v"] if verbose else []),
            f"{folder}/", dest]


def rsync(folder: Path, target: str, verbose: bool = False, dry_run: bool = False) -> str:
    """Mirror `folder` to an rsync target; the one-line summary of what changed.

    A local target (a path) is mirrored into `<target>.staging/site`, which starts as
    hard links to the live target's files, so only new and changed files are copied
    and the counts are against the live target; then one rename swaps it in (Linux's
    renameat2 exchange; elsewhere two renames) and the old build is removed. A target
    that is a symlink has the folder it points to replaced. Killed half-way, the live
    target is untouched and the staging folder stays; the rerun reuses it and copies
    only what had not arrived. No live file is written: rsync replaces a changed file
    by a new one (its timestamps and mode may be refreshed through the shared link).

    A remote target (host:path) uses rsync's near-atomic mode (REMOTE_STAGING): for a
    true swap there, a team stages to a sibling folder over SSH (`--link-dest` on the
    live one) and runs `mv -T` or a symlink switch on the host, e.g. from a deploy hook.

    With `dry_run`, rsync -n compares `folder` with the live target: nothing changes.
    """
    if shutil.which("rsync") is None:
        raise ToolError("rsync is not installed; install it (apt-get install rsync)", code=2)
    if not (folder / "index.html").is_file():
        raise ToolError(f"{folder.name}/ has no index.html; refusing to upload")
    remote = is_remote(target)
    if dry_run or remote:
        command = rsync_command(folder, target, remote=remote, verbose=verbose,
                                dry_run=dry_run)
        transfer, output = _run(command, verbose, "see above")
        return summary(transfer, target, dry_run) if transfer else output.rstrip()
    transfer, output = _publish_local(folder, target, verbose)
    return summary(transfer, target) if transfer else output.rstrip()


def _run(command: list[str], verbose: bool, advice: str) -> tuple[Transfer | None, str]:
    """Run rsync, its messages on stderr (and its file list on stdout when `verbose`)."""
    run = subprocess.run(command, capture_output=True, text=True)
    sys.stderr.write(run.stderr)
    if verbose:
        sys.stdout.write(run.stdout)
    if run.returncode:
        raise ToolError(f"publish: rsync failed (exit status {run.returncode}); {advice}")
    return parse_stats(run.stdout), run.stdout


def _publish_local(folder: Path, target: str, verbose: bool) -> tuple[Transfer | None, str]:
    """Stage `folder` beside the local `target`, then swap it in (see `rsync`)."""
    live = Path(os.path.realpath(target.rstrip("/") or "/"))
    if live.parent == live or (live.exists() and not live.is_dir()):
        raise ToolError(f"publish: {target} is not a folder that can be replaced; "
                        "set PUBLISH_TARGET to the site's own folder")
    work = live.with_name(live.name + STAGING_SUFFIX)
    site, partial = work / "site", work / "partial"
    try:
        work.mkdir(exist_ok=True)
        with _only_publish(work, target):
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            site.mkdir(exist_ok=True)
            if live.is_dir():
                link_missing(live, site)
            command = rsync_command(folder, f"{site}/", remote=False, verbose=verbose,
                                    partial=partial)
            result = _run(command, verbose, f"{target} is unchanged; rerun to resume from "
                                            f"{work}")
            if live.is_dir():
                _keep_folder_attributes(live, site)
            exchange(site, live)
            shutil.rmtree(work, ignore_errors=True)  # the old build, now in site/
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        raise ToolError(f"publish: cannot stage beside {target} ({exc.strerror}{where}); "
                        "its parent folder must be writable and on the same file system"
                        ) from None
    return result


@contextmanager
def _only_publish(work: Path, target: str) -> Iterator[None]:
    """Hold the staging folder's lock: two publishes to one target would mix builds."""
    import fcntl

    with open(work / "lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ToolError(f"publish: another publish to {target} is under way; "
                            "rerun when it has finished") from None
        yield


def link_missing(live: Path, site: Path) -> None:
    """Hard-link into `site` each file of `live` it lacks (folders made, symlinks
    copied), so rsync finds the unchanged files in place and copies only the rest;
    what `site` has already (a resumed run's new files) is kept."""
    for folder, dirs, files in os.walk(live):
        into = site / os.path.relpath(folder, live)
        if into.is_symlink() or not into.is_dir():
            dirs[:] = []
            continue
        for name in dirs + files:
            source, copy = Path(folder, name), into / name
            if os.path.lexists(copy):
                continue
            if source.is_symlink():
                os.symlink(os.readlink(source), copy)
            elif source.is_dir():
                copy.mkdir(mode=stat.S_IMODE(source.stat().st_mode))
            else:
                try:
                    os.link(source, copy)
                except PermissionError:  # protected_hardlinks: another user's file
                    shutil.copy2(source, copy)


def _keep_folder_attributes(live: Path, site: Path) -> None:
    """Give the new build's folder the live folder's mode (and owner, where allowed)."""
    was = live.stat()
    os.chmod(site, stat.S_IMODE(was.st_mode))
    now = site.stat()
    if (now.st_uid, now.st_gid) != (was.st_uid, was.st_gid):
        try:
            os.chown(site, was.st_uid, was.st_gid)
        except PermissionError:
            pass  # not root: the folder is the publisher's, as rsync would leave it


def exchange(new: Path, current: Path) -> None:
    """Put the folder `new` at `current` and what was at `current` (if any) at `new`.

    On Linux one renameat2(RENAME_EXCHANGE) call, so `current` is never missing nor a
    mix; elsewhere two renames, `current` absent for the instant between them."""
    if not os.path.lexists(current):
        new.rename(current)
    elif not _rename_exchange(new, current):
        parked = new.with_name(new.name + ".old")
        current.rename(parked)
        new.rename(current)
        parked.rename(new)


AT_FDCWD, RENAME_EXCHANGE = -100, 2  # Linux's values


def _rename_exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2; False where it is missing."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False  # a C library older than glibc 2.28
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second),
                 RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP}:
        return False  # the kernel or the file system cannot exchange
    raise OSError(error, os.strerror(error), str(second))


def commit_gh_pages(folder: Path, branch: str, message: str, push: bool,
                    dry_run: bool = False) -> list[str]:
    """Commit `folder` (with .nojekyll) to `branch` with ghp-import; push it if asked.

    Returns the lines to print: what was committed where, and whether it was pushed.
    One commit per publish, so readers of the branch see one build or the next. With
    `dry_run`, what that commit would add, change and delete; nothing is committed.
    """
    if dry_run:
        return gh_pages_plan(folder, branch)
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


@dataclass(frozen=True)
class TreeChange:
    """What one commit would do to a branch's files."""

    added: int
    changed: int  # content or executable bit
    deleted: int
    bytes: int  # size of the added and changed files, before compression


def blob_id(data: bytes) -> str:
    """The id git gives a file holding `data`."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def tree_change(new: dict[str, tuple[str, str, int]], old: dict[str, tuple[str, str]]
                ) -> TreeChange:
    """Compare files by path, `new` as (mode, blob id, size) and `old` as (mode, blob id)."""
    added = [path for path in new if path not in old]
    changed = [path for path in new if path in old and old[path] != new[path][:2]]
    return TreeChange(len(added), len(changed), len(old.keys() - new.keys()),
                      sum(new[path][2] for path in added + changed))


def pages_files(folder: Path) -> dict[str, tuple[str, str, int]]:
    """What `ghp-import -n` commits from `folder`: each file (symlinks to files read
    through) as (mode, blob id, size), and an empty .nojekyll."""
    files = {}
    for path, _, names in os.walk(folder):
        for name in names:
            file = Path(path, name)
            data = file.read_bytes()
            mode = "100755" if os.access(file, os.X_OK) else "100644"
            files[file.relative_to(folder).as_posix()] = (mode, blob_id(data), len(data))
    return {**files, ".nojekyll": ("100644", blob_id(b""), 0)}


def branch_files(branch: str) -> dict[str, tuple[str, str]] | None:
    """The files of the commit ghp-import would build on: origin/<branch> when that
    exists (ghp-import resets the branch to it), else `branch`; None for neither."""
    for ref in (f"origin/{branch}", branch):
        found = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
                               capture_output=True, text=True)
        if found.returncode == 0:
            break
    else:
        return None
    listing = subprocess.run(["git", "ls-tree", "-r", "-l", "-z", found.stdout.strip()],
                             check=True, capture_output=True).stdout
    files = {}
    for entry in filter(None, listing.split(b"\0")):
        info, _, path = entry.partition(b"\t")
        mode, kind, blob, _ = info.decode().split(maxsplit=3)
        if kind == "blob":
            files[os.fsdecode(path)] = (mode, blob)
    return files


def gh_pages_plan(folder: Path, branch: str) -> list[str]:
    """The dry run of `commit_gh_pages`: what the commit would change, in one line."""
    inside = subprocess.run(["git", "rev-parse", "--git-dir"], capture_output=True)
    if inside.returncode:
        raise ToolError("gh-pages: not in a git repository; run it from the site's clone")
    old = branch_files(branch)
    change = tree_change(pages_files(folder), old or {})
    files = f"{change.added} file{'' if change.added == 1 else 's'}"
    lines = [f"gh-pages (dry run): would add {files}, change {change.changed}, delete "
             f"{change.deleted} ({change.bytes:,} bytes to send) on branch {branch}; "
             "nothing was committed or pushed"]
    if old is None:
        lines.append(f"gh-pages (dry run): branch {branch} does not exist yet; the first "
                     "publish creates it")
    return lines
