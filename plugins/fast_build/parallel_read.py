"""Reading the content files in forked workers before Pelican's generators read them.

At a generator's first read (article_generator_preread, page_generator_preread: every
plugin's *_generator_init handler has run by then, so the file walk is the one the
generator makes), the files missing from its reader cache, or stale there, are shared
out to forked workers. Each renders its share with the generator's own readers, as
Pelican's `Readers.read_file` does before it caches (the reader's `read`, then the
discardable metadata left out), and sends each result back through a pipe. The parent
puts them in the reader cache, stamped as the file was before the worker read it, so
the generator finds them there and renders nothing; a file edited meanwhile is stale
and read again in the next build. (Pelican internals used: the Readers' `_cache`
dict of (stamp, (content, metadata)) by absolute path, `_get_file_stamp` and
`_filestamp_func`.)

A file whose reading fails or logs anything in a worker (a warning, content_guard's
refusal) is left for the generator to read, so its messages and findings are logged
by the build itself, as without this module (with --debug every file logs, so the
build reads them all itself). A worker that dies or stays silent for
HANG_SECONDS costs only the files it had not sent.

Each file is stamped once a build, before it is read (StampOnce): Pelican stamps a
file after reading it, so a save in between was cached as read and never read again;
here it is read in the next build. That holds with FAST_BUILD_WORKERS = 1 too.

The cache need not be loaded or saved: with LOAD_CONTENT_CACHE off the results go into
the in-memory cache Pelican starts empty, and with no reader cache at all
(CACHE_CONTENT off, or the generator layer) into that same in-memory dict, which
Pelican then never saves. Linux only (os.fork); elsewhere, or with one CPU, or with
FAST_BUILD_WORKERS = 1, the generator reads every file itself.
"""

from __future__ import annotations

import gc
import hashlib
import io
import logging
import os
import pickle
import selectors
import signal
import sys
import time
import warnings
import weakref
from collections.abc import Iterable, Sequence

from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.utils import file_suffix

from customer_evidence.core.internals import kept_metadata

logger = logging.getLogger(__name__)

WORKERS = "FAST_BUILD_WORKERS"
MAX_DEFAULT_WORKERS = 4
# Each worker gets at least this many files: fewer are not worth a fork.
MIN_FILES_PER_WORKER = 16
# When no worker has sent anything for this long, they are stopped; the build reads
# the files they had not sent.
HANG_SECONDS = 120
_LENGTH = 8  # bytes of the length before each pickled result

_done: weakref.WeakSet = weakref.WeakSet()  # the generators already read ahead


# --- Decisions -------------------------------------------------------------------------

def default_workers(cpus: int) -> int:
    """Processes to read with when FAST_BUILD_WORKERS is not set."""
    return max(1, min(cpus, MAX_DEFAULT_WORKERS))


def wanted_workers(setting: object, cpus: int) -> int:
    """FAST_BUILD_WORKERS when it is a whole number >= 1, else the default for `cpus`."""
    if setting is None:
        return default_workers(cpus)
    if isinstance(setting, bool) or not isinstance(setting, int) or setting < 1:
        logger.warning("%s is %r; use a whole number, 1 to read in one process",
                       WORKERS, setting)
        return default_workers(cpus)
    return setting


def worker_count(files: int, wanted: int) -> int:
    """How many workers to fork for `files` files: 0 means the generator reads them."""
    workers = min(wanted, files // MIN_FILES_PER_WORKER)
    return workers if workers >= 2 else 0


def shares(sizes: dict[str, int], workers: int) -> list[list[str]]:
    """The files split into `workers` shares of about the same total size: each file,
    largest first, to the lightest share so far."""
    loads = [0] * workers
    out: list[list[str]] = [[] for _ in range(workers)]
    for path in sorted(sizes, key=lambda p: (-sizes[p], p)):
        lightest = loads.index(min(loads))
        out[lightest].append(path)
        loads[lightest] += sizes[path]
    return out


def stamps_known(settings: dict) -> bool:
    """Whether CHECK_MODIFIED_METHOD names a way Pelican can stamp files."""
    method = settings.get("CHECK_MODIFIED_METHOD", "mtime")
    return method == "mtime" or hasattr(hashlib, str(method))


def _cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


# --- The signal handler ----------------------------------------------------------------

def read_ahead(generator) -> None:
    """At a generator's first read: render its uncached files in workers, into its cache."""
    if generator in _done:
        return
    _done.add(generator)
    settings = generator.settings
    if not stamps_known(settings):
        return
    readers = generator.readers
    readers._filestamp_func = StampOnce(readers._filestamp_func)
    wanted = wanted_workers(settings.get(WORKERS), _cpus())
    if not _can_fork() or wanted < 2:
        return
    paths = _unread_paths(generator)
    workers = worker_count(len(paths), wanted)
    if not workers:
        return
    started = time.perf_counter()
    for path in paths:
        readers._get_file_stamp(path)  # stamped before any worker reads it
    sizes = {path: _size(path) for path in paths}
    read = read_in_workers(readers, shares(sizes, workers))
    for path, (content, metadata) in read.items():
        # The stamp taken above; (stamp, data) is Pelican's cache entry.
        readers._cache[path] = (readers._get_file_stamp(path), (content, metadata))
    logger.debug("fast_build: %d of %d files read in %d workers in %.2f s",
                 len(read), len(paths), workers, time.perf_counter() - started)


class StampOnce:
    """A file stamp function that stamps each file once a build, before it is read, and
    gives that stamp again each time: the check for unread files, the generator's cache
    lookup and its caching share one hash (or mtime) per file. An edit made after it
    was stamped is read in the next build."""

    def __init__(self, stamp) -> None:
        self._stamp = stamp
        self._taken: dict[str, object] = {}

    def __call__(self, path: str):
        if path not in self._taken:
            self._taken[path] = self._stamp(path)
        return self._taken[path]


def _unread_paths(generator) -> list[str]:
    """The absolute paths of the files the generator will read, not in its caches."""
    if isinstance(generator, ArticlesGenerator):
        kind = "ARTICLE"
    elif isinstance(generator, PagesGenerator):
        kind = "PAGE"
    else:
        return []
    settings = generator.settings
    files = generator.get_files(settings[f"{kind}_PATHS"],
                                exclude=settings[f"{kind}_EXCLUDES"])
    generator_cache = (settings.get("CONTENT_CACHING_LAYER") == "generator"
                       and settings.get("LOAD_CONTENT_CACHE"))
    cache = generator.readers._cache
    paths = []
    for relative in sorted(files):
        if generator_cache and generator.get_cached_data(relative, None) is not None:
            continue
        path = os.path.abspath(os.path.join(generator.path, relative))
        # Not in the cache at all: unread, no need to stamp it to know.
        if path not in cache or generator.readers.get_cached_data(path, None) is None:
            paths.append(path)
    return paths


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


# --- Workers ---------------------------------------------------------------------------

def read_in_workers(readers, work: Sequence[Sequence[str]]) -> dict[str, tuple]:
    """{path: (content, metadata)} of the files of `work` (one share per forked worker)
    that a worker read without an error or a log record."""
    sys.stdout.flush()
    sys.stderr.flush()
    children: dict[int, int] = {}  # read end -> pid
    finished: set[int] = set()  # the read ends the workers closed: all sent
    gc.freeze()  # the workers' garbage collection leaves the parent's pages shared
    try:
        for share in work:
            read_end, pid = _fork(readers, share, list(children))
            children[read_end] = pid
    except OSError as error:  # no more processes: the generator reads the rest
        logger.debug("fast_build: cannot fork a reading worker: %s", error)
    finally:
        gc.unfreeze()
    try:
        return _collect(children, readers.settings, finished)
    finally:
        for read_end, pid in children.items():
            os.close(read_end)
            if read_end not in finished:  # silent too long, or the build was stopped
                _kill(pid)
            _reap(pid)


def _fork(readers, share: Sequence[str], others: Sequence[int]) -> tuple[int, int]:
    """Fork a worker for `share`; return the read end of its pipe and its pid. `others`:
    the other workers' read ends, which this one closes."""
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        raise
    if pid:
        os.close(write_end)
        return read_end, pid
    status = 1
    try:  # the worker: read its share, send what it read, and leave at once
        for fd in (read_end, *others):
            os.close(fd)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        with os.fdopen(write_end, "wb") as pipe:
            for result in _read_quietly(readers, share):
                frame = _dumps(result, readers.settings)
                pipe.write(len(frame).to_bytes(_LENGTH, "big") + frame)
                pipe.flush()
        status = 0
    finally:
        os._exit(status)


def _read_quietly(readers, paths: Iterable[str]):
    """(path, content, metadata) of each file read with no error, log record or warning."""
    _quiet_handlers()  # the generator logs it all again when it reads the file
    heard: list[object] = []
    make_record = logging.getLogRecordFactory()

    def listening_factory(*args, **kwargs):
        record = make_record(*args, **kwargs)
        heard.append(record)
        return record

    logging.setLogRecordFactory(listening_factory)
    for path in paths:
        heard.clear()
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            try:
                reader = readers.readers[file_suffix(path)]
                content, metadata = reader.read(path)
                metadata = kept_metadata(metadata)
            except Exception:  # noqa: BLE001 - the generator reads it and reports it
                continue
        if not heard and not warned:
            yield path, content, metadata


def _quiet_handlers() -> None:
    """In a worker: no handler prints or keeps anything (Python's last resort included)."""
    quiet = logging.NullHandler()
    logging.getLogger().handlers = [quiet]
    for item in logging.Logger.manager.loggerDict.values():
        if isinstance(item, logging.Logger) and item.handlers:
            item.handlers = [quiet]
    logging.lastResort = quiet


def _collect(children: dict[int, int], settings: dict, finished: set[int]
             ) -> dict[str, tuple]:
    """Every result the workers send, until each closes its pipe (added to `finished`)
    or none has sent anything for HANG_SECONDS."""
    read: dict[str, tuple] = {}
    buffers = {fd: bytearray() for fd in children}
    with selectors.DefaultSelector() as selector:
        for fd in children:
            selector.register(fd, selectors.EVENT_READ)
        while len(finished) < len(children):
            events = selector.select(HANG_SECONDS)
            if not events:
                logger.warning("fast_build: the reading workers sent nothing for %d s; "
                               "the build reads their files itself", HANG_SECONDS)
                break
            for key, _ in events:
                chunk = os.read(key.fd, 1 << 20)
                if chunk:
                    buffers[key.fd] += chunk
                    read.update(_frames(buffers[key.fd], settings))
                else:
                    selector.unregister(key.fd)
                    finished.add(key.fd)
    return read


def _frames(buffer: bytearray, settings: dict) -> Iterable[tuple[str, tuple]]:
    """The complete results at the start of `buffer`, taken out of it."""
    while len(buffer) >= _LENGTH:
        size = int.from_bytes(buffer[:_LENGTH], "big")
        if len(buffer) < _LENGTH + size:
            return
        frame = bytes(buffer[_LENGTH:_LENGTH + size])
        del buffer[:_LENGTH + size]
        try:
            path, content, metadata = _loads(frame, settings)
        except Exception:  # noqa: BLE001 - a garbled result: the generator reads the file
            continue
        yield path, (content, metadata)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


# --- Results through the pipe ----------------------------------------------------------
# Categories, tags and authors in the metadata hold the settings dict: it is sent as a
# reference and is the parent's own dict again on arrival, as when the parent reads.

_SETTINGS = "settings"


class _Pickler(pickle.Pickler):
    def __init__(self, file, settings: dict) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._settings = settings

    def persistent_id(self, obj):
        return _SETTINGS if obj is self._settings else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, settings: dict) -> None:
        super().__init__(file)
        self._settings = settings

    def persistent_load(self, pid):
        if pid == _SETTINGS:
            return self._settings
        raise pickle.UnpicklingError(f"unknown reference {pid!r}")


def _dumps(value: object, settings: dict) -> bytes:
    out = io.BytesIO()
    _Pickler(out, settings).dump(value)
    return out.getvalue()


def _loads(frame: bytes, settings: dict) -> object:
    return _Unpickler(io.BytesIO(frame), settings).load()
