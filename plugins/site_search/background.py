"""Indexing in the background, for the long-running builds (regenerate, livereload).

There a writer's edit is on screen as soon as its pages are written; the search index
follows a few seconds later. Pagefind writes the new index beside the current one,
which is swapped out only once the new one is whole, so the search box works
throughout. One run at a time: a build that finishes while a run is under way asks
for one more run, made when it ends.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from . import pagefind_run

log = logging.getLogger(__name__)


class Runner:
    """Runs the latest requested job on one thread; older pending requests are dropped."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: Callable[[], None] | None = None
        self._thread: threading.Thread | None = None

    def request(self, job: Callable[[], None]) -> None:
        with self._lock:
            self._pending = job
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="site-search",
                                                daemon=True)
                self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        """Until the runs requested so far are done (for tests and for shutting down)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                job, self._pending = self._pending, None
                if job is None:
                    self._thread = None
                    return
            try:
                job()
            except Exception:  # noqa: BLE001 - a failed index must not stop the next
                log.exception("site search: indexing in the background failed")


RUNNER = Runner()


def index_then_swap(site: Path, bundle: str, timeout: float, exclude: list[str]) -> None:
    """Index `site` into a folder beside `site/bundle`, then put it in its place."""
    fresh = f"{bundle}.next"
    done = pagefind_run.run(site, fresh, timeout, exclude)
    if not done.ok:
        log.warning(done.message)
        shutil.rmtree(site / fresh, ignore_errors=True)
        return
    current, old = site / bundle, site / f"{bundle}.old"
    shutil.rmtree(old, ignore_errors=True)
    if current.exists():
        current.rename(old)
    (site / fresh).rename(current)
    shutil.rmtree(old, ignore_errors=True)
    log.info("Pagefind indexed the site into %s/ (in the background)", bundle)
