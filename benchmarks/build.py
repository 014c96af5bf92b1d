"""One measured Pelican build, meant to run in its own process.

    python -m benchmarks.build --config site|plain --content DIR --output DIR
                               [--settings PATH] [--set KEY=JSON ...]

Prints one JSON line to stdout: config, seconds and cpu_seconds (wall and process CPU
time of Pelican(settings).run(),
plugin registration included, settings loading excluded), peak_rss_mib (the whole
process) and articles (published articles the build generated). Pelican's own output
and its log (WARNING and above) go to stderr.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import logging
import os
import pstats
import resource
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator
from pelican.log import init as init_logging
from pelican.settings import read_settings

REPO_ROOT = Path(__file__).resolve().parent.parent

# Settings every benchmark build shares: a clean, uncached build into OUTPUT_PATH.
_CLEAN_BUILD = {
    "CACHE_CONTENT": False,
    "LOAD_CONTENT_CACHE": False,
    "DELETE_OUTPUT_DIRECTORY": True,
}


def settings_for(
    config: str,
    content: Path,
    output: Path,
    settings_file: Path | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Pelican settings for the `site` (the project's own) or `plain` (stock Pelican) build."""
    override: dict[str, Any] = {"PATH": str(content), "OUTPUT_PATH": str(output), **_CLEAN_BUILD}
    if config == "site":
        path = settings_file or REPO_ROOT / "pelicanconf.py"
        return read_settings(str(path), override={**override, **(extra or {})})
    if config == "plain":
        # PLUGINS=[] matters: without it, installed namespace plugins load automatically.
        override.update(
            PLUGINS=[], ARTICLE_PATHS=["articles"], PAGE_PATHS=["pages"], TIMEZONE="UTC"
        )
        return read_settings(None, override={**override, **(extra or {})})
    raise ValueError(f"unknown config {config!r}: expected 'site' or 'plain'")


class _ArticleCounter:
    """Records how many published articles the articles generator found."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, generators: list[Any]) -> None:
        for generator in generators:
            if isinstance(generator, ArticlesGenerator):
                self.count = len(generator.articles)


def measure(
    settings: dict[str, Any], profile: cProfile.Profile | None = None
) -> tuple[float, float, int]:
    """Build the site; return (wall seconds, CPU seconds, published articles).

    With `profile`, the build runs under it (slower, but its call count is exact).
    """
    requested = settings.get("PLUGINS")
    requested = None if requested is None else list(requested)
    counter = _ArticleCounter()
    signals.all_generators_finalized.connect(counter)
    try:
        start, cpu_start = time.perf_counter(), time.process_time()
        pelican = Pelican(settings)
        if requested is not None and len(pelican.plugins) != len(requested):
            loaded = ", ".join(pelican.settings["PLUGINS"]) or "none"
            raise RuntimeError(
                f"plugins {requested} requested but only {loaded} loaded; see the log above"
            )
        if profile:
            profile.runcall(pelican.run)
        else:
            pelican.run()
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    finally:
        signals.all_generators_finalized.disconnect(counter)
    return seconds, cpu_seconds, counter.count


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _parse_set(text: str) -> tuple[str, Any]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=JSON, got {text!r}")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError as error:
        raise argparse.ArgumentTypeError(f"{key}: value is not JSON ({error})") from None


def _quiet_stdout() -> TextIO:
    """Send everything written to stdout (fd 1) to stderr; return a handle on the real stdout."""
    sys.stdout.flush()
    real_stdout = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return real_stdout


def main(argv: list[str] | None = None) -> int:
    """Command line: build once and print the measurement as one JSON line."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.build", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--config", choices=["site", "plain"], required=True)
    parser.add_argument("--content", type=Path, required=True, help="content directory (PATH)")
    parser.add_argument("--output", type=Path, required=True, help="output directory (OUTPUT_PATH)")
    parser.add_argument(
        "--settings", type=Path, help="settings file for --config site (default: pelicanconf.py)"
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        type=_parse_set,
        action="append",
        default=[],
        metavar="KEY=JSON",
        help="extra setting, e.g. --set 'PLUGINS=[\"sitemap\"]'",
    )
    parser.add_argument(
        "--count-calls",
        action="store_true",
        help="run under cProfile and report the Python function calls: a count that, "
        "unlike time, does not change with the load on the machine",
    )
    parser.add_argument(
        "--cpu", type=int, help="run on this CPU only (Linux), so paired builds keep their cores"
    )
    args = parser.parse_args(argv)
    if args.cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})

    content, output = args.content.resolve(), args.output.resolve()
    settings_file = args.settings.resolve() if args.settings else None
    if not content.is_dir():
        parser.error(f"content directory {content} does not exist")

    real_stdout = _quiet_stdout()  # Pelican prints its summary to stdout; keep ours clean
    init_logging(level=logging.WARNING)  # Pelican's own handler, as `pelican` uses
    os.chdir(REPO_ROOT)  # the project's settings and plugins expect the repository root
    settings = settings_for(args.config, content, output, settings_file, dict(args.overrides))
    profile = cProfile.Profile() if args.count_calls else None
    seconds, cpu_seconds, articles = measure(settings, profile)
    result = {
        "config": args.config,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "articles": articles,
    }
    if profile:
        result["calls"] = pstats.Stats(profile).total_calls
    real_stdout.write(json.dumps(result) + "\n")
    real_stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
