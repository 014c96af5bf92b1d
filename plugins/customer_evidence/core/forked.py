"""Work shared out to forked processes whose results are files (a cache they fill).

`each_forked(items, work)` runs `work(item)` for every item on a few forked copies of
the build and waits for them. Nothing comes back but whether each copy ended
cleanly: the work writes its files, and the caller then finds them, or does what is
missing itself. Linux only (fork); elsewhere, or with too few items, nothing is done.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Sequence

MAX_WORKERS = 4


def worker_count(items: int, per_worker: int, cpus: int | None = None) -> int:
    """How many copies to fork for `items` (0: not worth it, or not possible)."""
    if not hasattr(os, "fork") or sys.platform == "darwin":
        return 0
    workers = min(cpus or os.cpu_count() or 1, MAX_WORKERS, items // max(per_worker, 1))
    return workers if workers >= 2 else 0


def each_forked(items: Sequence, work: Callable[[object], None], per_worker: int = 16
                ) -> bool:
    """Run `work` on every item in forked copies; True if every copy ended cleanly."""
    workers = worker_count(len(items), per_worker)
    if not workers:
        return False
    sys.stdout.flush()
    sys.stderr.flush()
    children = []
    gc.freeze()  # the copies' garbage collection then leaves the parent's pages shared
    try:
        for number in range(workers):
            pid = os.fork()
            if pid == 0:
                _run(items[number::workers], work)
            children.append(pid)
    except OSError:
        pass  # no more processes: the caller does the rest itself
    finally:
        gc.unfreeze()
    statuses = [os.waitpid(pid, 0)[1] for pid in children]
    return len(children) == workers and all(status == 0 for status in statuses)


def _run(share: Sequence, work: Callable[[object], None]) -> None:
    """In a copy: do the share, then leave at once, with no clean-up of the parent's."""
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)  # a copy prints nothing: the build says what was done
        os.dup2(devnull, 2)
        for item in share:
            work(item)
        status = 0
    finally:
        os._exit(status)
