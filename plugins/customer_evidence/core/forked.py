"""Work shared out to forked copies of the build.

`each_forked(items, work)` runs `work(item)` for every item on a few forked copies of
the build and waits for them. Nothing comes back but whether each copy ended
cleanly: the work writes its files, and the caller then finds them, or does what is
missing itself. Linux only (fork); elsewhere, or with too few items, nothing is done.

`in_two(items, work)` is for work whose result is a list: one copy does the second
half and sends its result back, pickled, while this process does the first.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import select
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


_CHILD_SECONDS = 60


def in_two(names: Sequence, work: Callable[[Sequence], list], parallel_from: int) -> list:
    """work(names), the second half done by a forked copy of this process while this one
    does the first, from `parallel_from` items on. If anything is logged there (or it
    fails), this process does that half again itself, so every message comes out here,
    in order, as it would have."""
    if (len(names) < parallel_from or not hasattr(os, "fork")
            or len(os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else ()) < 2):
        return work(names)
    half = len(names) // 2
    child = _forked(lambda: work(names[half:]))
    first = work(names[:half])
    second = _result(child)
    return first + (second if second is not None else work(names[half:]))


def _forked(work: Callable[[], list]) -> tuple[int, int] | None:
    """(pid, read end of a pipe) of a child sending pickle.dumps(work()), or None if it
    logged anything; None when no child could be started."""
    try:
        read, write = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid:
        os.close(write)
        return pid, read
    try:  # the child: never returns
        os.close(read)
        heard = []
        logging.Logger._log = lambda *args, **kwargs: heard.append(True)  # this copy only
        result = work()
        data = pickle.dumps(None if heard else result)
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(0)


def _result(child: tuple[int, int] | None) -> list | None:
    """What the child sent; None if it logged, failed or took too long."""
    if child is None:
        return None
    pid, read = child
    chunks = []
    try:
        while select.select([read], [], [], _CHILD_SECONDS)[0]:
            chunk = os.read(read, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        else:
            os.kill(pid, signal.SIGKILL)
    finally:
        os.close(read)
        os.waitpid(pid, 0)
    try:
        return pickle.loads(b"".join(chunks))
    except Exception:  # nothing, or cut short
        return None
