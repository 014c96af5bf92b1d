"""fast_build: posts read in parallel; pages written once all are known, unchanged ones
reused, the rest in parallel; tag, category and author pages listed in linear time.

Install it first in PLUGINS. Settings (all optional):

- FAST_BUILD_INCREMENTAL (True): reuse from the previous output every page whose
  inputs are unchanged (the digests are kept in CACHE_PATH/fast_build/).
- FAST_BUILD_WORKERS (the CPUs, at most 4): processes that render pages; 1 renders
  them all in the build's own process.
- FAST_BUILD_PREVIOUS_OUTPUT (OUTPUT_PATH): where the previous build's pages are, for
  a build into a fresh folder that is swapped in afterwards (as `invoke build` does).
"""

from __future__ import annotations

import os

from jinja2 import FileSystemBytecodeCache
from pelican import signals

from . import source_paths
from .list_pages import linear_list_pages
from .parallel_read import read_ahead
from .writer import FastWriter


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, for which a failed write (a cache folder
    removed meanwhile, a full disk) only means compiling again next time."""

    def dump_bytecode(self, bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def keep_compiled_templates(generator) -> None:
    """Compiled templates kept in the cache (keyed by each template's source): a build,
    and each rebuild of an autoreloading one, compiles only what changed."""
    if generator.env.bytecode_cache is None:  # else the site chose its own
        folder = os.path.join(generator.settings["CACHE_PATH"], "jinja")
        generator.env.bytecode_cache = CompiledTemplates(folder)


def use_fast_writer(pelican) -> type:
    """Pelican's get_writer signal: this plugin's writer."""
    return FastWriter


def flush_after_last_generator(generators) -> None:
    """Write the queued pages once the last generator has queued its own.

    Plugins read the written pages on `finalized` (the sitemap, the search index), so
    they must be on disk by then: the last generator's output step writes them.
    """
    last = [g for g in generators if hasattr(g, "generate_output")][-1:]
    for generator in last:
        original = generator.generate_output

        def generate_then_flush(writer, original=original):
            original(writer)
            if isinstance(writer, FastWriter):
                writer.flush()

        generator.generate_output = generate_then_flush


def register() -> None:
    source_paths.install()
    signals.generator_init.connect(keep_compiled_templates)
    signals.article_generator_init.connect(linear_list_pages)
    signals.article_generator_preread.connect(read_ahead)
    signals.page_generator_preread.connect(read_ahead)
    signals.get_writer.connect(use_fast_writer)
    signals.all_generators_finalized.connect(flush_after_last_generator)
