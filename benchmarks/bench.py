"""Compare the project's build (`site`) with stock Pelican (`plain`) on the same corpus.

    python -m benchmarks.bench [--articles N] [--repeat R] [--workdir DIR]

Each build runs in its own process (benchmarks.build), so timings and peak memory
are not shared between them. A ratio compares the site with one other variant
built at the same time, one build per core: on a shared machine a build's time
drifts by a third from minute to minute, and two builds running side by side meet
the same drift. The two cores of a virtual machine need not be equally fast, so
each pair is built twice, the variants swapping cores, and its ratio is the
geometric mean of the two: a core's speed cancels out. The table reports, over
the --repeat rounds, the median time of each variant, its largest peak memory,
and the median of the pairs' ratios. On a one-core machine the builds of a pair
run back to back instead.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from benchmarks import corpus

REPO_ROOT = Path(__file__).resolve().parent.parent
PROJECT_PLUGINS = ("pelican.plugins.customer_questions", "pelican.plugins.customer_sources")
# What the theme's features add (#15): images and cards, search, authors, calls to
# action, breadcrumbs; measured together.
THEME_PLUGINS = ("pelican.plugins.article_images", "pelican.plugins.site_search",
                 "pelican.plugins.author_profiles", "pelican.plugins.calls_to_action",
                 "pelican.plugins.hub_structured_data")
# Source files whose change means a stored corpus is out of date.
_GENERATOR_FILES = ("corpus.py", "articles.py", "prose.py", "registries.py", "wordbank.py")


@dataclass(frozen=True)
class Variant:
    """One build to measure: a name, a benchmarks.build config, overrides, and the
    variant it is compared with (built side by side with it), if any."""

    name: str
    config: str
    overrides: tuple[str, ...] = ()
    reference: str | None = None


REPORT_PLUGIN = "pelican.plugins.editorial_report"


def default_variants() -> list[Variant]:
    """The site; without the editorial report; that without each project plugin,
    without both, and without the theme's plugins (each compared with the site without
    the report); plain Pelican.

    The project plugins are measured without the editorial report, which draws on
    both and has a cost of its own (the first comparison).
    """
    from pelican.settings import read_settings

    plugins = read_settings(str(REPO_ROOT / "pelicanconf.py"))["PLUGINS"]
    project = [p for p in PROJECT_PLUGINS if p in plugins]

    def without(*names: str) -> tuple[str, ...]:
        return (f"PLUGINS={json.dumps([p for p in plugins if p not in names])}",)

    variants = [Variant("site", "site")]
    base = "site"
    if REPORT_PLUGIN in plugins:
        base = "site, no report"
        variants.append(Variant(base, "site", without(REPORT_PLUGIN), "site"))
    for left_out in [[p] for p in project] + ([project] if len(project) > 1 else []):
        name = f"{base}, no {' and no '.join(p.rsplit('.', 1)[-1] for p in left_out)}"
        variants.append(Variant(name, "site", without(REPORT_PLUGIN, *left_out), base))
    theme = [p for p in THEME_PLUGINS if p in plugins]
    if theme:
        variants.append(Variant(f"{base}, no theme plugins", "site",
                                without(REPORT_PLUGIN, *theme), base))
    variants.append(Variant("plain", "plain", (), "site"))
    return variants


@dataclass(frozen=True)
class Result:
    """One config's figures over all its runs."""

    config: str
    articles: int
    seconds: float  # median wall time over runs
    cpu_seconds: float  # median process CPU time over runs
    peak_rss_mib: float  # largest over runs
    runs: int
    calls: int | None = None  # Python function calls of one build under cProfile
    reference: str | None = None  # the variant this one is compared with
    # (CPU, wall) of the reference over this variant, one pair per round, side by side
    ratios: tuple[tuple[float, float], ...] = ()

    @property
    def articles_per_second(self) -> float:
        """Published articles built per second."""
        return self.articles / self.seconds if self.seconds else 0.0


class BuildFailed(RuntimeError):
    """A child build exited non-zero or printed no result."""

    def __init__(self, config: str, returncode: int, stderr: str) -> None:
        super().__init__(f"{config} build failed (exit {returncode})")
        self.config = config
        self.returncode = returncode
        self.stderr = stderr

    def stderr_tail(self, lines: int = 25) -> str:
        """The last lines the child wrote to stderr."""
        return "\n".join(self.stderr.rstrip().splitlines()[-lines:])


def _generator_version() -> str:
    digest = hashlib.sha256()
    for name in _GENERATOR_FILES:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


def prepare_corpus(workdir: Path, articles: int) -> tuple[Path, float | None]:
    """The corpus under workdir/content, generated unless an identical one is there.

    Returns the content directory and the seconds generation took (None if reused).
    """
    content = workdir / "content"
    marker = workdir / "corpus.json"
    wanted = {
        "articles": articles,
        "questions": 200,
        "sources": 150,
        "seed": 2026,
        "generator": _generator_version(),
    }
    if marker.exists() and content.is_dir():
        if json.loads(marker.read_text(encoding="utf-8")) == wanted:
            return content, None
    marker.unlink(missing_ok=True)
    start = time.perf_counter()
    corpus.generate(
        content,
        articles=articles,
        questions=wanted["questions"],
        sources=wanted["sources"],
        seed=wanted["seed"],
        overwrite=True,
    )
    seconds = time.perf_counter() - start
    marker.write_text(json.dumps(wanted, indent=2) + "\n", encoding="utf-8")
    return content, seconds


def _build_command(
    config: str, content: Path, output: Path, overrides: Sequence[str], count_calls: bool,
    cpu: int | None = None,
) -> list[str]:
    command = [sys.executable, "-m", "benchmarks.build", "--config", config,
               "--content", str(content), "--output", str(output)]
    for override in overrides:
        command += ["--set", override]
    if count_calls:
        command.append("--count-calls")
    if cpu is not None:
        command += ["--cpu", str(cpu)]
    return command


def _result(config: str, child: subprocess.Popen, stdout: str, stderr: str) -> dict:
    lines = stdout.strip().splitlines()
    if child.returncode != 0 or not lines:
        raise BuildFailed(config, child.returncode, stderr)
    try:
        return json.loads(lines[-1])
    except json.JSONDecodeError:
        raise BuildFailed(config, child.returncode, stderr + "\nstdout: " + stdout) from None


def run_builds(builds: Sequence[tuple[str, Path, Path, Sequence[str]]],
               count_calls: bool = False, cpus: Sequence[int] | None = None) -> list[dict]:
    """Builds (config, content, output, overrides) in child processes started together.

    With `cpus`, the i-th build runs on CPU cpus[i] only. Each child writes to files,
    not pipes: a child whose log filled a pipe nobody was reading yet would stop and
    wait, and its wall time would measure the wait.
    """
    with ExitStack() as stack:
        children = []
        for i, (config, content, output, overrides) in enumerate(builds):
            out, err = (stack.enter_context(tempfile.TemporaryFile("w+")) for _ in range(2))
            command = _build_command(config, content, output, overrides, count_calls,
                                     cpus[i] if cpus else None)
            children.append((config, subprocess.Popen(command, cwd=REPO_ROOT, stdout=out,
                                                      stderr=err, text=True), out, err))
        results = []
        for config, child, out, err in children:
            child.wait()
            out.seek(0)
            err.seek(0)
            results.append(_result(config, child, out.read(), err.read()))
    return results


def _summarise(config: str, runs: list[dict], calls: int | None = None,
               ratios: Sequence[tuple[float, float]] = (), reference: str | None = None) -> Result:
    return Result(
        config=config,
        articles=runs[-1]["articles"],
        seconds=statistics.median(run["seconds"] for run in runs),
        cpu_seconds=statistics.median(run["cpu_seconds"] for run in runs),
        peak_rss_mib=max(run["peak_rss_mib"] for run in runs),
        runs=len(runs),
        calls=calls,
        reference=reference,
        ratios=tuple(ratios),
    )


def run(
    articles: int = 2000,
    workdir: Path | None = None,
    repeat: int = 1,
    site_overrides: Sequence[str] = (),
    progress: Callable[[str], None] | None = None,
    variants: Sequence[Variant] | None = None,
    count_calls: bool = False,
    side_by_side: bool | None = None,
) -> list[Result]:
    """Generate (or reuse) the corpus; each round, build the site beside each other variant.

    site_overrides are `KEY=JSON` settings passed to every build of the site config.
    side_by_side defaults to whether this process may use two cores or more (Linux).
    """
    variants = list(variants or default_variants())
    by_name = {v.name: v for v in variants}
    compared = [v for v in variants if v.reference]
    cores = sorted(os.sched_getaffinity(0))[:2] if hasattr(os, "sched_getaffinity") else []
    together = len(cores) == 2 if side_by_side is None else side_by_side and len(cores) == 2
    report = progress or (lambda message: None)
    # In memory where Linux offers it: writing 4,000 pages to a shared disk adds
    # seconds of I/O wait that vary from run to run and are not Pelican's work.
    memory = Path("/dev/shm")
    scratch_dir = str(memory) if memory.is_dir() and os.access(memory, os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="pelican-bench-", dir=scratch_dir) as scratch:
        base = Path(workdir) if workdir else Path(scratch)
        base.mkdir(parents=True, exist_ok=True)
        content, seconds = prepare_corpus(base, articles)
        if seconds is None:
            report(f"corpus: reusing {articles} articles in {content}")
        else:
            report(f"corpus: {articles} articles generated in {seconds:.2f} s")

        def build_of(v: Variant, suffix: str = "") -> tuple[str, Path, Path, list[str]]:
            overrides = [*(site_overrides if v.config == "site" else ()), *v.overrides]
            slug = "-".join("".join(c if c.isalnum() else " " for c in v.name).split())
            output = base / f"output-{slug}{suffix}"
            return v.config, content, output, overrides

        runs: dict[str, list[dict]] = {v.name: [] for v in variants}
        ratios: dict[str, list[tuple[float, float]]] = {v.name: [] for v in compared}
        for round_number in range(1, repeat + 1):
            for other in compared:
                reference = by_name[other.reference]
                report(f"round {round_number}/{repeat}: {reference.name} beside {other.name} ...")
                pair = [build_of(reference, "-beside"), build_of(other)]
                cpu, wall = 1.0, 1.0
                for cpus in (cores, cores[::-1]) if together else (None,):
                    if cpus:
                        mine, theirs = run_builds(pair, cpus=cpus)
                    else:
                        mine, theirs = (run_builds([build])[0] for build in pair)
                    report(f"  {mine['seconds']:.2f} s and {theirs['seconds']:.2f} s")
                    runs[reference.name].append(mine)
                    runs[other.name].append(theirs)
                    cpu *= mine["cpu_seconds"] / theirs["cpu_seconds"]
                    wall *= mine["seconds"] / theirs["seconds"]
                times = 2 if together else 1
                ratios[other.name].append((cpu ** (1 / times), wall ** (1 / times)))
        calls: dict[str, int | None] = {v.name: None for v in variants}
        if count_calls:
            for v in variants:
                report(f"counting calls: {v.name} ...")
                calls[v.name] = run_builds([build_of(v)], True)[0]["calls"]
    return [_summarise(v.name, runs[v.name], calls[v.name], ratios.get(v.name, ()), v.reference)
            for v in variants]


def side_by_side_ratios(other: Result) -> tuple[float, float]:
    """Its reference over `other`: median CPU and wall ratios of the pairs built side by side."""
    return (statistics.median(cpu for cpu, _ in other.ratios),
            statistics.median(wall for _, wall in other.ratios))


def format_table(results: Sequence[Result]) -> str:
    """An aligned table of the results, then each variant's ratios to its reference."""
    header = ("config", "articles", "seconds", "CPU s", "articles/s", "peak MiB")
    rows = [
        (
            r.config,
            str(r.articles),
            f"{r.seconds:.2f}",
            f"{r.cpu_seconds:.2f}",
            f"{r.articles_per_second:.1f}",
            f"{r.peak_rss_mib:.1f}",
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest])

    lines = [line(header), *(line(row) for row in rows)]
    by_name = {r.config: r for r in results}
    for other in results:
        reference = by_name.get(other.reference or "")
        if reference is None or not other.ratios:
            continue
        label = f"{reference.config} / {other.config}"
        if reference.calls and other.calls:
            lines.append(f"{label}: {reference.calls / other.calls:.3f}× Python function calls "
                         f"({reference.calls:,} / {other.calls:,})")
        cpu, wall = side_by_side_ratios(other)
        lines.append(
            f"{label}: {cpu:.3f}× CPU time, {wall:.3f}× wall (median of {len(other.ratios)} "
            f"pairs built side by side), {reference.peak_rss_mib / other.peak_rss_mib:.2f}× memory"
        )
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for entry in cpuinfo:
                if entry.startswith("model name"):
                    return entry.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_info() -> dict[str, str]:
    """Where the benchmark ran: platform, CPU, cores, Python and Pelican versions."""
    return {
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "pelican": importlib.metadata.version("pelican"),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: print the machine, then the comparison table."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--workdir", type=Path, help="keep the corpus and outputs here (reused next time)"
    )
    parser.add_argument(
        "--set",
        dest="site_overrides",
        action="append",
        default=[],
        metavar="KEY=JSON",
        help="extra setting for the site build only, e.g. --set 'PLUGINS=[\"sitemap\"]'",
    )
    parser.add_argument(
        "--count-calls",
        action="store_true",
        help="also build each variant once under cProfile and compare function call counts",
    )
    args = parser.parse_args(argv)
    if args.articles < 1 or args.repeat < 1:
        parser.error("--articles and --repeat must be at least 1")

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    machine = machine_info()
    try:
        results = run(args.articles, args.workdir, args.repeat, args.site_overrides, progress,
                      count_calls=args.count_calls)
    except BuildFailed as failure:
        print(
            f"error: {failure}\n--- last lines of its stderr ---\n{failure.stderr_tail()}",
            file=sys.stderr,
        )
        return 1
    width = max(len(key) for key in machine)
    for key, value in machine.items():
        print(f"{key.ljust(width)}  {value}")
    print()
    print(format_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
