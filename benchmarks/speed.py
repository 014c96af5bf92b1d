"""Whole-process speed of the site against plain Pelican on the real-world corpus (#17).

    python -m benchmarks.speed [--posts 400 4000] [--repeat 3] [--workdir DIR] [--json FILE]

For each size, generates benchmarks.realworld's corpus, copies the site around it (a
git repository, as benchmarks.audit does) and, each repeat, runs every configuration
once as its own process, the groups in a different order each repeat, so that each
repeat's ratios compare runs made minutes apart:

- plain: stock Pelican 4.12, default theme and settings, no plugins;
- site: staged_build with pelicanconf.py, as `invoke build` runs it, no cache folder;
  then site, warm cache (built again, cache kept); then a one-post edit (one sentence
  in the middle of a post's body changed, built again in a new process);
- site, plugins off (PLUGINS = []); site, guess_lang on (codehilite guesses languages);
- one-post edit, in-process: a process builds as livereload and regenerate do (in
  place, the search index on a thread afterwards), changes the sentence and builds
  again; only the edit and that second build, to its written pages, are timed;
- audit, cold (no cache) then audit --changed (one article changed since the commit).

Each run reports wall seconds (process start to exit), CPU seconds (user + system of
the process and the workers it waited for, from wait4), its peak memory (VmHWM read
inside the process at its end) and the largest peak of any process it started
(workers, Pagefind, git), sampled from /proc every 0.2 s while it runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks import realworld
from benchmarks.audit import site_repository
from benchmarks.bench import REPO_ROOT, machine_info
from benchmarks.speed_child import edit_middle_sentence, vmhwm_mib

CONFIGS = ("plain", "site", "site, warm cache", "site, plugins off", "site, guess_lang on",
           "one-post edit, new process", "one-post edit, in-process", "audit, cold",
           "audit --changed")
# Steps that depend on the one before them run together, in this order.
GROUPS = (("plain",), ("site", "site, warm cache", "one-post edit, new process"),
          ("site, plugins off",), ("site, guess_lang on",), ("one-post edit, in-process",),
          ("audit, cold", "audit --changed"))
# (label, numerator, denominator): each repeat's ratio of the two runs.
RATIOS = (("site / plain", "site", "plain"),
          ("site, warm cache / plain", "site, warm cache", "plain"),
          ("plugins off / plain", "site, plugins off", "plain"),
          ("guess_lang on / site", "site, guess_lang on", "site"),
          ("edit, new process / site", "one-post edit, new process", "site"),
          ("edit, in-process / site", "one-post edit, in-process", "site"),
          ("audit cold / site", "audit, cold", "site"),
          ("audit --changed / site", "audit --changed", "site"))
VARIANT_SETTINGS = {
    "speed_plugins_off.py": "PLUGINS = []\n",
    # Every code-highlighting extension that has the option (codehilite, or a
    # replacement with its options), else codehilite itself.
    "speed_guess_lang.py": (
        "import copy\n\nMARKDOWN = copy.deepcopy(MARKDOWN)\n"
        'configs = MARKDOWN.setdefault("extension_configs", {})\n'
        'with_option = [c for c in configs.values() if "guess_lang" in c]\n'
        "for options in with_option:\n"
        '    options["guess_lang"] = True\n'
        "if not with_option:\n"
        '    configs["markdown.extensions.codehilite"] = {"css_class": "highlight",\n'
        '                                                 "guess_lang": True}\n'),
}
_VARIANT_HEADER = ('"""pelicanconf.py with one change, for benchmarks.speed."""\n\n'
                   "from pathlib import Path\n\n"
                   "from pelican.settings import get_settings_from_file\n\n"
                   'globals().update(get_settings_from_file(str(Path(__file__).with_name('
                   '"pelicanconf.py"))))\n')
_GENERATOR_FILES = ("realworld.py", "articles.py", "prose.py", "registries.py", "wordbank.py",
                    "corpus.py")


@dataclass(frozen=True)
class Run:
    """One configuration's figures in one repeat."""

    wall: float
    cpu: float
    peak_mib: float | None
    worker_peak_mib: float | None = None
    worker_name: str | None = None  # the command of the child with that peak


class ChildFailed(RuntimeError):
    """A configuration's process exited non-zero or wrote no result."""


# --- Pure summaries ---------------------------------------------------------------


def spread(values: Sequence[float]) -> tuple[float, float, float]:
    """(median, min, max) of the values."""
    return statistics.median(values), min(values), max(values)


def paired_ratios(repeats: Sequence[dict[str, Run]], top: str, bottom: str,
                  metric: str = "wall") -> list[float]:
    """Each repeat's `top` over its `bottom` for one metric (wall, cpu or peak_mib)."""
    return [getattr(runs[top], metric) / getattr(runs[bottom], metric) for runs in repeats
            if top in runs and bottom in runs and getattr(runs[bottom], metric)]


def growth(small: Sequence[float], large: Sequence[float], factor: float) -> float:
    """How a figure grows with the corpus: ratio of medians over the ratio of sizes."""
    return statistics.median(large) / statistics.median(small) / factor


def metric_values(repeats: Sequence[dict[str, Run]], config: str, metric: str) -> list[float]:
    """One configuration's values of one metric over the repeats (missing ones left out)."""
    values = [getattr(runs[config], metric) for runs in repeats if config in runs]
    return [value for value in values if value is not None]


def group_order(repeat: int) -> list[tuple[str, ...]]:
    """The groups in this repeat's order: shuffled by the repeat number, so reproducible."""
    groups = list(GROUPS)
    random.Random(repeat).shuffle(groups)
    return groups


# --- Measuring one process --------------------------------------------------------


def _parents() -> dict[int, int]:
    """pid -> parent pid of every process /proc shows."""
    parents = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text(encoding="utf-8")
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def descendants(root: int, parents: dict[int, int]) -> set[int]:
    """Every process below `root` in the parent map."""
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _command_name(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/comm").read_text(encoding="utf-8").strip()
    except OSError:
        return None


class _DescendantPeaks(threading.Thread):
    """Samples the VmHWM of every process below `pid` until stopped; keeps the largest."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak: float | None = None
        self.name: str | None = None
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.interval):
            for pid in descendants(self.pid, _parents()):
                try:
                    peak = vmhwm_mib(Path(f"/proc/{pid}/status").read_text(encoding="utf-8"))
                except OSError:
                    continue
                if peak is not None and (self.peak is None or peak > self.peak):
                    self.peak, self.name = peak, _command_name(pid)

    def stop(self) -> None:
        self._done.set()
        self.join()


def run_child(args: Sequence[str], scratch: Path) -> tuple[Run, dict]:
    """Run benchmarks.speed_child with `args`; its figures and the result it wrote."""
    result = scratch / "child-result.json"
    result.unlink(missing_ok=True)
    command = [sys.executable, "-m", "benchmarks.speed_child", str(result), *args]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=REPO_ROOT, stdout=out, stderr=err)
        watcher = _DescendantPeaks(child.pid)
        watcher.start()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        watcher.stop()
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0 or not result.exists():
            err.seek(0)
            tail = "\n".join(err.read().rstrip().splitlines()[-25:])
            raise ChildFailed(f"{' '.join(args)} exited {child.returncode}:\n{tail}")
    data = json.loads(result.read_text(encoding="utf-8"))
    run = Run(wall, usage.ru_utime + usage.ru_stime, data.get("peak_mib"), watcher.peak,
              watcher.name)
    return run, data


# --- The site copy and its steps --------------------------------------------------


def _generator_version() -> str:
    digest = hashlib.sha256()
    for name in _GENERATOR_FILES:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


def prepare_corpus(folder: Path, posts: int) -> Path:
    """The real-world corpus under folder/corpus, generated unless the same one is there."""
    corpus, marker = folder / "corpus", folder / "corpus.json"
    wanted = {"posts": posts, "seed": 2026, "generator": _generator_version()}
    if corpus.is_dir() and marker.exists() and json.loads(marker.read_text()) == wanted:
        return corpus
    shutil.rmtree(corpus, ignore_errors=True)
    realworld.generate(corpus, posts, wanted["seed"])
    marker.write_text(json.dumps(wanted), encoding="utf-8")
    return corpus


@dataclass(frozen=True)
class SiteCopy:
    """A size's site copy, the post the edits change and a scratch folder."""

    root: Path
    site: Path
    post: str  # relative to site

    def fresh(self, *names: str) -> None:
        """Remove these folders of the site copy (caches, outputs) before a cold run."""
        for name in names:
            shutil.rmtree(self.site / name, ignore_errors=True)


def make_copy(folder: Path, posts: int) -> SiteCopy:
    """The site around the corpus, with the variant settings, committed to git."""
    folder.mkdir(parents=True, exist_ok=True)
    site = site_repository(prepare_corpus(folder, posts), folder / "site")
    for name, change in VARIANT_SETTINGS.items():
        (site / name).write_text(_VARIANT_HEADER + change, encoding="utf-8")
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run([*git, "add", "-A"], cwd=site, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "variants"], cwd=site, check=True)
    articles = sorted((site / "content" / "articles").glob("*.md"))
    post = articles[len(articles) // 2].relative_to(site).as_posix()
    return SiteCopy(folder, site, post)


class _Edited:
    """The post changed for the duration of a `with` block, then written back."""

    def __init__(self, path: Path, mark: str | None) -> None:
        self.path, self.mark = path, mark
        self.original = path.read_bytes()

    def __enter__(self) -> _Edited:
        if self.mark is not None:
            text = edit_middle_sentence(self.original.decode("utf-8"), self.mark)
            self.path.write_text(text, encoding="utf-8")
        return self

    def __exit__(self, *exc: object) -> None:
        self.path.write_bytes(self.original)


def run_step(copy: SiteCopy, name: str, mark: str) -> Run:
    """Set up the state one configuration starts from, run it, and put things back."""
    site = str(copy.site)
    post = copy.site / copy.post
    if name == "plain":
        copy.fresh("output-plain")
        return run_child(["plain", f"{site}/content", f"{site}/output-plain"], copy.root)[0]
    builds = {"site": ("pelicanconf.py", "output"),
              "site, warm cache": ("pelicanconf.py", "output"),
              "one-post edit, new process": ("pelicanconf.py", "output"),
              "site, plugins off": ("speed_plugins_off.py", "output-plugins-off"),
              "site, guess_lang on": ("speed_guess_lang.py", "output-guess-lang")}
    if name in builds:
        settings, output = builds[name]
        if name in ("site", "site, plugins off", "site, guess_lang on"):
            copy.fresh("cache", output)
        edit = mark if name.startswith("one-post edit") else None
        with _Edited(post, edit):
            return run_child(["site", site, settings, output], copy.root)[0]
    if name == "one-post edit, in-process":
        with _Edited(post, None):
            run, data = run_child(["edit", site, "pelicanconf.py", "output-livereload",
                                   copy.post, mark], copy.root)
        return Run(data["inner_seconds"], data["inner_cpu_seconds"], run.peak_mib,
                   run.worker_peak_mib, run.worker_name)
    if name == "audit, cold":
        copy.fresh("cache")
        return run_child(["audit", site], copy.root)[0]
    if name == "audit --changed":
        with _Edited(post, mark):
            return run_child(["audit", site, "--changed"], copy.root)[0]
    raise ValueError(f"unknown configuration {name!r}")


def measure_size(copy: SiteCopy, repeat: int, report: Callable[[str], None]
                 ) -> list[dict[str, Run]]:
    """Every configuration once per repeat, the groups in each repeat's order."""
    repeats = []
    for number in range(1, repeat + 1):
        runs: dict[str, Run] = {}
        for group in group_order(number):
            for name in group:
                runs[name] = run_step(copy, name, f"{number}")
                report(f"  repeat {number}/{repeat}: {name}: {runs[name].wall:.2f} s wall, "
                       f"{runs[name].cpu:.2f} s CPU")
        repeats.append(runs)
    return repeats


# --- Report -----------------------------------------------------------------------


def _span(values: Sequence[float], digits: int = 2) -> str:
    if not values:
        return "n/a"
    middle, low, high = spread(values)
    return f"{middle:.{digits}f} ({low:.{digits}f}-{high:.{digits}f})"


def _children(repeats: Sequence[dict[str, Run]], config: str) -> str:
    """The children's peak memory, and the command of the largest."""
    runs = [r[config] for r in repeats if config in r and r[config].worker_peak_mib]
    if not runs:
        return "n/a"
    largest = max(runs, key=lambda run: run.worker_peak_mib or 0)
    cell = _span(metric_values(repeats, config, "worker_peak_mib"), 0)
    return f"{cell} {largest.worker_name}" if largest.worker_name else cell


def size_table(posts: int, repeats: Sequence[dict[str, Run]]) -> str:
    """One size's runs, then its paired ratios."""
    header = ("configuration", "wall s", "CPU s", "peak MiB", "children MiB")
    rows = [(name, _span(metric_values(repeats, name, "wall")),
             _span(metric_values(repeats, name, "cpu")),
             _span(metric_values(repeats, name, "peak_mib"), 0),
             _children(repeats, name)) for name in CONFIGS]
    lines = [f"{posts} posts, {len(repeats)} repeat(s): median (min-max)", *_aligned([header,
                                                                                     *rows])]
    lines.append("paired ratios, median (min-max) over repeats:")
    ratio_rows = [("", "wall", "CPU", "peak memory")]
    for label, top, bottom in RATIOS:
        ratio_rows.append((label, *(_span(paired_ratios(repeats, top, bottom, metric), 3)
                                    for metric in ("wall", "cpu", "peak_mib"))))
    return "\n".join(lines + _aligned(ratio_rows))


def growth_table(sizes: dict[int, list[dict[str, Run]]]) -> str:
    """How each configuration's medians grow from the smallest size to the largest."""
    small, large = min(sizes), max(sizes)
    factor = large / small
    rows = [("configuration", "wall", "CPU", "peak memory")]
    for name in CONFIGS:
        cells = []
        for metric in ("wall", "cpu", "peak_mib"):
            low = metric_values(sizes[small], name, metric)
            high = metric_values(sizes[large], name, metric)
            cells.append(f"{growth(low, high, factor):.3f}" if low and high else "n/a")
        rows.append((name, *cells))
    title = (f"growth from {small} to {large} posts: ratio of medians / {factor:g} "
             "(1.0 = linear, below 1 = better than linear)")
    return "\n".join([title, *_aligned(rows)])


def _aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join([row[0].ljust(widths[0]),
                              *(cell.rjust(w) for cell, w in zip(row[1:], widths[1:],
                                                                 strict=True))])
            for row in rows]


def as_json(sizes: dict[int, list[dict[str, Run]]]) -> dict:
    """Every run and every paired ratio, for --json."""
    return {
        "machine": machine_info(),
        "sizes": {str(posts): {
            "repeats": [{name: asdict(run) for name, run in runs.items()} for runs in repeats],
            "ratios": {label: {metric: paired_ratios(repeats, top, bottom, metric)
                               for metric in ("wall", "cpu", "peak_mib")}
                       for label, top, bottom in RATIOS},
        } for posts, repeats in sizes.items()},
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: measure each size, print the tables, optionally save the JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[400, 4000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="keep corpora and site copies here")
    parser.add_argument("--json", type=Path, help="also save every run to this file")
    args = parser.parse_args(argv)
    if args.repeat < 1 or min(args.posts) < 30:
        parser.error("--repeat must be at least 1 and --posts at least 30")

    def report(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    memory = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    sizes: dict[int, list[dict[str, Run]]] = {}
    with tempfile.TemporaryDirectory(prefix="speed-bench-", dir=memory) as scratch:
        workdir = args.workdir or Path(scratch)
        try:
            for posts in args.posts:
                report(f"{posts} posts: preparing the corpus and the site copy ...")
                copy = make_copy(workdir / f"posts-{posts}", posts)
                sizes[posts] = measure_size(copy, args.repeat, report)
        except ChildFailed as failure:
            print(f"error: {failure}", file=sys.stderr)
            return 1
    for key, value in machine_info().items():
        print(f"{key:9} {value}")
    for posts, repeats in sizes.items():
        print(f"\n{size_table(posts, repeats)}")
    if len(sizes) > 1:
        print(f"\n{growth_table(sizes)}")
    print("\nCPU: the process and the children it waited for. Peak MiB: VmHWM of the process "
          "itself; children MiB: the largest of its workers, Pagefind or git, sampled. "
          "'one-post edit, in-process': the edit and the second build only.")
    if args.json:
        args.json.write_text(json.dumps(as_json(sizes), indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
