"""Rendering queued pages, in this process or shared out to forked workers.

Each worker renders every n-th page and writes it; what it logs is sent back through
a pipe and logged again here, so a build's warnings and errors are the same however
many workers rendered it. A worker's failure fails the build with its traceback.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

# Fewer pages than this are rendered here: forking costs more than it saves.
MIN_PAGES_PER_WORKER = 48


@dataclass
class Job:
    """One page to write: where, with which template and local context."""

    name: str  # relative to the output folder, as Pelican's save_as
    path: str  # the file to write
    template: object
    localcontext: dict
    override: bool = False
    fingerprint: bytes = field(default=b"", repr=False)


class WorkerFailed(RuntimeError):
    """A forked worker could not render its pages."""


def render(job: Job, context: dict) -> None:
    """Render one page and write it, as Pelican's writer does.

    Pelican's writer sets the shared context's `localsiteurl` before each render
    (content links are made relative to it); so does this.
    """
    if job.localcontext.get("localsiteurl"):
        context["localsiteurl"] = job.localcontext["localsiteurl"]
    html = job.template.render(job.localcontext)
    os.makedirs(os.path.dirname(job.path), exist_ok=True)
    # A new file put in place whole: a reader (the live-reload server) never sees half a
    # page, and a hard link to the previous build's page is never written through.
    partial = f"{job.path}.{os.getpid()}.partial"
    with open(partial, "w", encoding="utf-8") as f:
        f.write(html)
    os.replace(partial, job.path)
    logger.info('Writing "%s"', job.path)


def worker_count(jobs: int, wanted: int) -> int:
    """How many processes to share `jobs` pages between (1: render them here)."""
    if wanted <= 1 or not hasattr(os, "fork") or sys.platform == "darwin":
        return 1
    return max(1, min(wanted, jobs // MIN_PAGES_PER_WORKER))


def render_all(jobs: Sequence[Job], context: dict, wanted_workers: int) -> int:
    """Render `jobs`; return how many processes did it."""
    workers = worker_count(len(jobs), wanted_workers)
    if workers == 1:
        for job in jobs:
            render(job, context)
        return 1
    sys.stdout.flush()
    sys.stderr.flush()
    children = [_fork(jobs[number::workers], context) for number in range(1, workers)]
    for job in jobs[0::workers]:
        render(job, context)
    failures = [failure for child in children if (failure := _collect(*child))]
    if failures:
        raise WorkerFailed("rendering pages failed in a worker:\n" + failures[0])
    return workers


def _fork(share: Sequence[Job], context: dict) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    os.close(read_end)  # the worker: render its share, report, and leave at once
    records: list[tuple[str, int, str]] = []
    _capture_logging(records)
    error = None
    try:
        for job in share:
            render(job, context)
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        error = traceback.format_exc()
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump({"records": records, "error": error}, pipe)
    finally:
        os._exit(1 if error else 0)


def _collect(pid: int, read_end: int) -> str | None:
    """Wait for a worker; log again what it logged; return its failure, if any."""
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    try:
        report = pickle.loads(data)
    except Exception:  # noqa: BLE001 - it died before reporting
        return f"worker {pid} ended with status {status} before reporting"
    for name, level, message in report["records"]:
        logging.getLogger(name).log(level, "%s", message)
    return report["error"]


class _Recorder(logging.Handler):
    def __init__(self, records: list) -> None:
        super().__init__(level=logging.DEBUG)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "fast_build_kept", False):  # seen by another logger's handler
            return
        record.fast_build_kept = True
        if record.levelno >= logging.WARNING:
            self.records.append((record.name, record.levelno, record.getMessage()))


def _capture_logging(records: list) -> None:
    """In a worker: every handler replaced by one that keeps warnings for the parent."""
    recorder = _Recorder(records)
    loggers = [logging.getLogger(), *(item for item in logging.Logger.manager.loggerDict.values()
                                      if isinstance(item, logging.Logger))]
    for item in loggers:
        if item.handlers:
            item.handlers = [recorder]
