"""A Pelican writer that renders each page once all are known, skipping unchanged ones.

`write_file` only queues: it expands pagination the way Pelican's writer does and
keeps each page's template and local context. `flush` (after the last generator)
digests what each page depends on (fingerprint.py), reuses from the previous output
every page whose digest and file are unchanged (manifest.py), renders the others,
on forked workers when there are many (rendering.py), and then sends Pelican's
`content_written` signal for every page, rendered or reused, in the order queued.
"""

from __future__ import annotations

import logging
import os
import shutil
import time

from pelican.paginator import Paginator
from pelican.plugins import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from . import manifest as manifests
from .fingerprint import Digester, code_digest, combine, templates_digest
from .rendering import Job, render_all

logger = logging.getLogger(__name__)

# Settings that say where and how to build, not what a page shows, and the token
# customer_evidence's structured data draws per build (the data itself counts).
NOT_SHOWN_SETTINGS = frozenset({
    "editorial_build",
    "OUTPUT_PATH", "CACHE_PATH", "CACHE_CONTENT", "LOAD_CONTENT_CACHE",
    "CONTENT_CACHING_LAYER", "CHECK_MODIFIED_METHOD", "GZIP_CACHE",
    "DELETE_OUTPUT_DIRECTORY", "OUTPUT_RETENTION", "WRITE_SELECTED",
    "FAST_BUILD_WORKERS", "FAST_BUILD_INCREMENTAL", "FAST_BUILD_PREVIOUS_OUTPUT",
})
# Pelican lists the static files in the order it found them, which varies by run.
UNORDERED = frozenset({"staticfiles"})
SITE_LIST = "all_articles"  # passed to list pages as the site's list, not theirs


def default_workers() -> int:
    return min(os.cpu_count() or 1, 4)


class QueuedJob(Job):
    """A page and what its write_file call passed: `owned` values count in full."""

    def __init__(self, *args, passed: dict, owned: set, snapshot: tuple, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.passed, self.owned, self.snapshot = passed, owned, snapshot


class FastWriter(Writer):
    """Pelican's Writer with deferred, incremental and parallel page writing."""

    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings)
        self._jobs: dict[str, QueuedJob] = {}
        self._overrides: set[str] = set()
        self._context: dict | None = None
        self.summary: dict[str, int] = {}

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        if not name:
            return
        self._context = context
        snapshot = _snapshot(context)
        for save_as, extra, owned in pages_of(name, url, kwargs, paginated, template_name,
                                              self.settings):
            passed = {**kwargs, **extra}
            local = local_context(context, save_as, passed, relative_urls)
            self._queue(QueuedJob(save_as, sanitised_join(self.output_path, save_as),
                                  template, local, override_output,
                                  passed=passed, owned=owned, snapshot=snapshot))

    def _queue(self, job: QueuedJob) -> None:
        """Pelican's rules for a file written twice: only an override replaces it."""
        path = job.path
        if path in self._overrides:
            if job.override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" a second time (was previously overwritten)')
            logger.info('Skipping "%s", not overwriting', path)
            return
        if path in self._jobs and not job.override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{path}" as Pelican has already written to it '
                "previously (set `override=True` if intended)")
        if job.override:
            self._overrides.add(path)
        self._jobs.pop(path, None)  # an override is written last, as Pelican leaves it
        self._jobs[path] = job

    def flush(self) -> None:
        """Write every queued page: reuse the unchanged, render the rest."""
        if self._context is None or not self._jobs:
            return
        started = time.perf_counter()
        jobs, context = list(self._jobs.values()), self._context
        self._jobs = {}
        previous = self.settings.get("FAST_BUILD_PREVIOUS_OUTPUT") or self.output_path
        where = manifests.manifest_path(self.settings["CACHE_PATH"], previous)
        incremental = self.settings.get("FAST_BUILD_INCREMENTAL", True)
        old = manifests.load(where) if incremental else manifests.Manifest()
        digester = Digester(old.summaries)
        fingerprints = Fingerprints(digester, context)
        fresh = []
        for job in jobs:
            job.fingerprint = fingerprints.of(job)
            before = sanitised_join(previous, job.name)
            if not (incremental and manifests.reusable(old, job.name, job.fingerprint, before)
                    and _reuse(before, job.path)):
                fresh.append(job)
        workers = render_all(fresh, context, self.settings.get("FAST_BUILD_WORKERS",
                                                               default_workers()))
        bodies = set(digester.bodies())
        manifests.save(where, manifests.Manifest(
            {job.name: (job.fingerprint, manifests.stamp(job.path)) for job in jobs},
            {body: s for body, s in digester.summaries.items() if body in bodies}))
        for job in jobs:
            signals.content_written.send(job.path, context=job.localcontext)
        self.summary = {"pages": len(jobs), "rendered": len(fresh), "workers": workers}
        logger.info("fast_build: %d of %d pages rendered (%d process(es)), the rest unchanged,"
                    " in %.2f s", len(fresh), len(jobs), workers, time.perf_counter() - started)


class Fingerprints:
    """Each page's digest: the site's, its template's, and what its call passed."""

    def __init__(self, digester: Digester, context: dict) -> None:
        self.digester, self.context = digester, context
        shown = {k: v for k, v in context.items()
                 if k not in NOT_SHOWN_SETTINGS and k not in UNORDERED}
        self.site = combine(code_digest(context.get("PLUGINS") or ()),
                            digester.shallow(shown),
                            *(digester.unordered(context[k]) for k in sorted(UNORDERED)
                              if k in context))
        self.snapshot = _snapshot(context)
        self._templates: dict[int, bytes] = {}

    def of(self, job: QueuedJob) -> bytes:
        digester = self.digester
        environment = job.template.environment
        if id(environment) not in self._templates:
            self._templates[id(environment)] = templates_digest(environment)
        local = job.localcontext
        parts = [self.site, self._templates[id(environment)], job.template.name.encode(),
                 job.name.encode(), digester.shallow([local.get("SITEURL"),
                                                      local.get("localsiteurl")])]
        for key, value in job.passed.items():
            digest = digester.full(value) if key in job.owned else digester.shallow(value)
            parts.append(key.encode() + digest)
        if job.snapshot != self.snapshot:  # the context changed after this page was queued
            for key, value in local.items():
                if key not in job.passed and self.context.get(key, _MISSING) is not value:
                    parts.append(key.encode() + digester.shallow(value))
        return combine(*parts)


_MISSING = object()


def _snapshot(context: dict) -> tuple:
    return tuple(context), tuple(map(id, context.values()))


def pages_of(name, url, kwargs, paginated, template_name, settings):
    """(save_as, extra variables, owned names) for each page one write_file call makes.

    As Pelican's writer: `articles` and `dates` are paginated by default, for the
    templates in PAGINATED_TEMPLATES. A list page owns its page of articles; a page
    that is not paginated owns everything it was passed but the site's list.
    """
    if paginated is None:
        paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
    if not (paginated and template_name in settings["PAGINATED_TEMPLATES"]):
        yield name, {}, set(kwargs) - {SITE_LIST}
        return
    per_page = (settings["PAGINATED_TEMPLATES"][template_name]
                or settings["DEFAULT_PAGINATION"])
    paginators = {key: Paginator(name, url, items, settings, per_page)
                  for key, items in paginated.items()}
    owned = set(kwargs) - set(paginated) - {SITE_LIST} | {f"{key}_page" for key in paginated}
    for number in range(1, next(iter(paginators.values())).num_pages + 1):
        extra = {}
        for key, paginator in paginators.items():
            page = paginator.page(number)
            extra[f"{key}_paginator"] = paginator
            extra[f"{key}_page"] = page
            extra[f"{key}_previous_page"] = paginator.page(number - 1) if number > 1 else None
            extra[f"{key}_next_page"] = (paginator.page(number + 1)
                                         if number < paginator.num_pages else None)
        yield page.save_as, extra, owned


def local_context(context: dict, name: str, passed: dict, relative_urls: bool) -> dict:
    """The variables a page is rendered with, as Pelican's writer makes them."""
    local = context.copy()
    local["localsiteurl"] = local.get("localsiteurl", None)
    if relative_urls:
        relative = path_to_url(get_relative_path(name))
        local["SITEURL"] = relative
        local["localsiteurl"] = relative
    local["output_file"] = name
    local.update(passed)
    return local


def _reuse(before: str, after: str) -> bool:
    """Put the previous build's file at `after` (a hard link, else a copy)."""
    if os.path.abspath(before) == os.path.abspath(after):
        return True
    os.makedirs(os.path.dirname(after), exist_ok=True)
    try:
        os.link(before, after)
    except OSError:
        try:
            shutil.copy2(before, after)
        except OSError:
            return False
    return True
