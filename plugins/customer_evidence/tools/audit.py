"""The editorial audit: every check of the project's plugins, without writing the site.

run_audit() loads the site's settings and plugins and runs Pelican's article and
page generators up to the end of their context phase, then the static generator's
(which lists the static files and copies none): the same readers, the same signal
handlers, so the same findings as a build, from one implementation of each rule. It
stops before any template is rendered or any file written.

Reading and rendering Markdown is most of that work. The audit reads and keeps
Pelican's own reader cache, which the development build writes too (content_guard
keys its folder by the reading settings), so an audit after a build or an audit
renders only the files that changed since. Files not in the cache are spread over
worker processes (one per core), each reusing one Markdown instance, that hand their
results to that cache in the main process; a file whose reading logged anything is
left to the main process, so its messages come out exactly as in a build.

With `only` (the --changed files), the article and page generators read just
those files; the question bank and the source registry are still loaded and
checked whole.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from customer_evidence.core.findings import (
    AUDIT_SCOPE,
    FINDINGS_ONLY,
    LEVELS,
    Finding,
    FindingCollector,
    sort_key,
)
from customer_evidence.core.internals import forget_logged_warnings, kept_metadata, reuse_markdown

# Fewer files than this are read in the main process: starting workers costs more.
PARALLEL_FROM = 64


class AuditError(Exception):
    """The audit could not run at all (exit status 2), with what to do about it."""


@dataclass
class Audit:
    """What one audit found."""

    findings: list[Finding]
    files: list[str]  # the content files read, relative to the content folder
    seconds: float
    context: dict[str, Any] = field(default_factory=dict, repr=False)

    def count(self, level: str) -> int:
        """How many findings have this level."""
        return sum(1 for f in self.findings if f.level == level)

    def fails(self, strict: bool = False) -> bool:
        """Errors fail an audit; with strict, warnings too."""
        return any(f.level == "error" or (strict and f.level == "warning")
                   for f in self.findings)


def run_audit(
    settings_file: str | Path,
    only: Sequence[str | Path] | None = None,
    overrides: dict[str, Any] | None = None,
    jobs: int | None = None,
    cache: bool = True,
) -> Audit:
    """Audit the content the settings point at; `only` limits it to those files.

    With cache=False nothing is read from or written to the audit's reader cache.
    """
    from pelican import Pelican
    from pelican.settings import get_settings_from_file, read_settings

    started = time.perf_counter()
    settings_file = Path(settings_file)
    if not settings_file.is_file():
        raise AuditError(f"settings file {settings_file} not found; run from the repository")
    raw = {**get_settings_from_file(str(settings_file)), **(overrides or {})}
    content = settings_file.resolve().parent / str(raw.get("PATH") or ".")
    if not content.is_dir():
        raise AuditError(f"content folder {content} not found; create it, or fix PATH in "
                         f"{settings_file}")
    settings = read_settings(str(settings_file), override=overrides or {})
    if only is not None:
        relatives = _in_content(only, settings)  # each path resolved once, for both
        settings[AUDIT_SCOPE] = _scope(relatives, settings)
        settings["ARTICLE_PATHS"], settings["PAGE_PATHS"] = _split(relatives, settings)
    # content_guard keys CACHE_PATH by the reading settings, as in the build
    settings.update(CACHE_CONTENT=cache, LOAD_CONTENT_CACHE=cache, CONTENT_CACHING_LAYER="reader")
    settings[FINDINGS_ONLY] = True  # the plugins skip what only changes the pages
    forget_logged_warnings()  # report what an earlier run already logged, too
    with collecting() as collector:
        pelican = Pelican(settings)
        context = _context(pelican.settings)
        try:
            generators = _generators(pelican, context)
        except EOFError:  # an empty cache file (a build is writing it): read without it
            pelican.settings["LOAD_CONTENT_CACHE"] = False
            generators = _generators(pelican, context)
        files = {id(g): _files_of(g) for g in generators}  # one walk of the folders
        _prefetch(generators, files, jobs or _cores())
        for generator in generators:
            generator.generate_context()
        _static(pelican, context).generate_context()  # lists static files, copies none
    findings = sorted(dict.fromkeys(collector.findings), key=sort_key)
    read = sorted(f for names in files.values() for f in names)
    return Audit(findings, read, time.perf_counter() - started, context)


def _generators(pelican: Any, context: dict) -> list[Any]:
    """Pelican's article and page generators, as Pelican.run() makes them."""
    from pelican.generators import ArticlesGenerator, PagesGenerator

    return [cls(context=context, settings=pelican.settings, path=pelican.path,
                theme=pelican.theme, output_path=pelican.output_path)
            for cls in (ArticlesGenerator, PagesGenerator)]


def _static(pelican: Any, context: dict) -> Any:
    """Pelican's static generator: its context phase walks STATIC_PATHS and the {static}
    links (content_guard reports the links leading out of the content folder)."""
    from pelican.generators import StaticGenerator

    return StaticGenerator(context=context, settings=pelican.settings, path=pelican.path,
                           theme=pelican.theme, output_path=pelican.output_path)


def split_by_kind(paths: Iterable[str | Path], settings: dict) -> tuple[list[str], list[str]]:
    """Markdown files under the content folder, as (article paths, page paths).

    Paths are relative to the content folder, as ARTICLE_PATHS and PAGE_PATHS
    take them. Files outside it, or of another kind, are ignored.
    """
    return _split(_in_content(paths, settings), settings)


def _split(relatives: Iterable[str], settings: dict) -> tuple[list[str], list[str]]:
    extensions = {f".{e}" for e in settings.get("MARKDOWN_EXTENSIONS", ("md", "markdown"))}
    extensions |= {".md", ".markdown", ".mkd", ".mdown"}
    articles, pages = [], []
    for relative in relatives:
        if _suffix(relative) not in extensions:
            continue
        if _under(relative, settings["PAGE_PATHS"]):
            pages.append(relative)
        elif _under(relative, settings["ARTICLE_PATHS"]):
            articles.append(relative)
    return articles, pages


def _scope(relatives: Iterable[str], settings: dict) -> dict:
    """The site's own content paths, and the audited files under the content folder
    (`relatives`: as _in_content gives them)."""
    return {
        "paths": {key: settings.get(key) for key in ("ARTICLE_PATHS", "PAGE_PATHS")},
        "files": set(relatives),
    }


def _in_content(paths: Iterable[str | Path], settings: dict) -> list[str]:
    """Each path that resolves to the content folder or under it, relative to it (posix),
    in order. `git ls-files` lists every untracked file of output/ and cache/ too: each
    folder is resolved once, not each file."""
    real = _Resolver()
    content = str(Path(settings["PATH"]).resolve())
    prefix = content if content.endswith(os.sep) else content + os.sep
    found = []
    for path in paths:
        absolute = real(path)
        if absolute == content:
            found.append(".")
        elif absolute.startswith(prefix):
            found.append(Path(absolute[len(prefix):]).as_posix())
    return found


class _Resolver:
    """str(Path(p).resolve()) for many paths: each folder is resolved once; a file costs
    one lstat (is it a link?)."""

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}
        self._cwd = os.getcwd()

    def __call__(self, path: str | Path) -> str:
        # A Path has dropped '.' parts and repeated slashes already, as resolve() does.
        text = os.fspath(path) if isinstance(path, PurePath) else str(Path(path))
        if ".." in text and ".." in text.split(os.sep):  # resolve() follows links first
            return str(Path(path).resolve())
        if not os.path.isabs(text):
            text = self._cwd if text == "." else os.path.join(self._cwd, text)
        parent, name = os.path.split(text)
        if not name or os.path.islink(text):
            return str(Path(text).resolve())
        return os.path.join(self._folder(parent), name)

    def _folder(self, folder: str) -> str:
        known = self._folders.get(folder)
        if known is None:
            parent, name = os.path.split(folder)
            if not name or os.path.islink(folder):
                known = str(Path(folder).resolve())
            else:
                known = os.path.join(self._folder(parent), name)
            self._folders[folder] = known
        return known


def _suffix(relative: str) -> str:
    """Path(relative).suffix."""
    name = relative.rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _under(relative: str, folders: Iterable[str]) -> bool:
    return any(not f or relative == f or relative.startswith(f.rstrip("/") + "/")
               for f in folders)


@contextmanager
def collecting():
    """Collect findings and Pelican's own warnings, and print none of them."""
    collector = FindingCollector()
    editorial, pelican = logging.getLogger("editorial"), logging.getLogger("pelican")
    saved = (editorial.handlers[:], pelican.propagate, pelican.level)
    editorial.handlers[:] = [collector]
    editorial.setLevel(logging.INFO)
    pelican.addHandler(collector)
    pelican.propagate = False
    pelican.setLevel(logging.INFO)
    try:
        yield collector
    finally:
        editorial.handlers[:] = saved[0]
        pelican.removeHandler(collector)
        pelican.propagate = saved[1]
        pelican.setLevel(saved[2])


def _context(settings: dict) -> dict:
    """The context Pelican.run() starts the generators with."""
    context = settings.copy()
    context.update(generated_content={}, static_links=set(), static_content={},
                   localsiteurl=settings["SITEURL"])
    return context


def _files_of(generator: Any) -> list[str]:
    """The content files a generator will read, relative to the content folder."""
    kind = "ARTICLE" if generator.__class__.__name__.startswith("Article") else "PAGE"
    return sorted(generator.get_files(generator.settings[f"{kind}_PATHS"],
                                      exclude=generator.settings[f"{kind}_EXCLUDES"]))


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# --- Reading in worker processes -------------------------------------------------

_WORKER: dict[str, Any] = {}  # set in each worker process by _start_worker


def _prefetch(generators: Sequence[Any], files_of: dict[int, list[str]], jobs: int) -> None:
    """Read the files missing from the reader caches in `jobs` processes; fill the caches."""
    missing = {
        id(g): [f for f in files_of[id(g)]
                if g.readers.get_cached_data(os.path.join(g.path, f)) is None]
        for g in generators
    }
    files = [f for names in missing.values() for f in names]
    caching = generators[0].settings.get("CACHE_CONTENT")  # else no cache to fill
    if (not caching or jobs < 2 or len(files) < PARALLEL_FROM
            or "fork" not in multiprocessing.get_all_start_methods()):
        return
    chunks = [files[i::jobs * 4] for i in range(jobs * 4)]
    context = multiprocessing.get_context("fork")  # workers inherit settings and plugins
    initargs = (generators[0].readers, generators[0].path)
    with context.Pool(jobs, initializer=_start_worker, initargs=initargs) as pool:
        read = dict(entry for chunk in pool.imap_unordered(_read_chunk, chunks)
                    for entry in chunk)
    for g in generators:
        for relative in missing[id(g)]:
            path = os.path.abspath(os.path.join(g.path, relative))
            found = read.get(path)
            # A file changed since the worker read it is read again by the generator.
            if found and os.stat(path).st_mtime_ns == found[0]:
                g.readers.cache_data(path, found[1])


def _start_worker(readers: Any, base: str) -> None:
    _WORKER.update(readers=readers, base=base)
    reuse_markdown()  # in this worker process only: a sixth of the rendering time


def _read_chunk(paths: Sequence[str]) -> list[tuple[str, tuple]]:
    """(absolute path, (mtime before reading, (content, metadata))) for each file read
    silently."""
    from pelican.utils import file_suffix

    readers, base = _WORKER["readers"], _WORKER["base"]
    spoke = _Listener()
    root = logging.getLogger()
    root.addHandler(spoke)
    logging.getLogger("pelican").addHandler(spoke)
    logging.getLogger("editorial").addHandler(spoke)
    read = []
    try:
        for relative in paths:
            path = os.path.abspath(os.path.join(base, relative))
            reader = readers.readers.get(file_suffix(path))
            if reader is None:
                continue
            spoke.heard = False
            try:
                mtime = os.stat(path).st_mtime_ns
                content, metadata = reader.read(path)
            except Exception:  # the main process reads it again and reports it
                continue
            if not spoke.heard:
                read.append((path, (mtime, (content, kept_metadata(metadata)))))
    finally:
        for name in ("", "pelican", "editorial"):
            logging.getLogger(name or None).removeHandler(spoke)
    return read


class _Listener(logging.Handler):
    """Notes that something was logged while a file was read."""

    heard = False

    def emit(self, record: logging.LogRecord) -> None:
        self.heard = True


def changed_files(base: str = "HEAD", repository: str | Path = ".") -> list[Path]:
    """Files added, changed or untracked in the work tree since the git commit `base`."""
    import subprocess

    def git(*args: str) -> list[str]:
        try:
            done = subprocess.run(["git", *args], cwd=repository, capture_output=True,
                                  text=True, check=False)
        except FileNotFoundError:
            raise AuditError("--changed needs git, which is not installed") from None
        if done.returncode != 0:
            raise AuditError(f"git {' '.join(args)} failed: {done.stderr.strip()}; "
                             "is this a git repository, and is the base a commit?")
        return [line for line in done.stdout.splitlines() if line]

    top = Path(git("rev-parse", "--show-toplevel")[0])
    git("rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    names = git("diff", "--name-only", "--diff-filter=ACMR", base, "--")
    names += git("ls-files", "--others", "--exclude-standard", "--full-name")
    return [top / name for name in dict.fromkeys(names)]


def exit_status(audit: Audit, strict: bool) -> int:
    """0 clean, 1 findings over the threshold (errors; warnings too when strict)."""
    return 1 if audit.fails(strict) else 0


def summary(audit: Audit) -> dict[str, int]:
    """Counts by level, and of files with findings and files read."""
    counts = {level: audit.count(level) for level in LEVELS}
    counts["files_with_findings"] = len({f.file for f in audit.findings})
    counts["files_read"] = len(audit.files)
    return counts
