"""Time `invoke audit` against `invoke build` on the bench corpus, as an author runs them.

    python -m benchmarks.audit [--articles 2000] [--repeat 3] [--workdir DIR]

Makes a copy of the site (settings, plugins, theme, tasks.py) whose content/ is the
generated corpus, commits it to a new git repository, and each round runs, one after
the other, each as its own command with its start-up included:

- `invoke build`: the full development build, written to output/;
- `invoke audit`, cold: the audit's reader cache deleted first;
- `invoke audit`, warm: the cache from the cold run, nothing changed since;
- `invoke audit --changed`: one article edited since the commit, as a pre-commit
  hook runs it (warm cache).

It prints the median wall seconds of each and the median, over rounds, of each
audit's time over the build's in the same round. The audit exits 1 on this corpus
(it has errors on purpose); that is expected and not a failure of the benchmark.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench import REPO_ROOT, machine_info, prepare_corpus

SITE_FILES = ("pelicanconf.py", "publishconf.py", "tasks.py", "plugins", "theme", ".gitignore")
RUNS = ("build", "audit, cold cache", "audit, warm cache", "audit --changed, 1 article")


def make_site(workdir: Path, articles: int) -> Path:
    """A git repository holding the site's code and the corpus as its content."""
    corpus, _ = prepare_corpus(workdir, articles)
    return site_repository(corpus, workdir / "site")


def site_repository(corpus: Path, site: Path) -> Path:
    """A new git repository at `site`: the site's code, and `corpus` as its content/."""
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir()
    for name in SITE_FILES:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, site / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, site / name)
    shutil.copytree(corpus, site / "content")
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=site, check=True)
    subprocess.run([*git, "add", "-A"], cwd=site, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "corpus"], cwd=site, check=True)
    return site


def timed(site: Path, *args: str) -> float:
    """Wall seconds of `invoke ARGS` in the site copy (exit 0 or 1 accepted)."""
    invoke = Path(sys.executable).with_name("invoke")
    started = time.perf_counter()
    done = subprocess.run([str(invoke), *args], cwd=site, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"invoke {' '.join(args)} exited {done.returncode}:\n"
                           f"{done.stderr[-2000:]}")
    return seconds


def one_round(site: Path) -> dict[str, float]:
    """Each run once, in order."""
    times = {"build": timed(site, "build")}
    shutil.rmtree(site / "cache", ignore_errors=True)
    times["audit, cold cache"] = timed(site, "audit")  # the default, text, as authors run it
    times["audit, warm cache"] = timed(site, "audit")
    article = next((site / "content" / "articles").glob("*.md"))
    original = article.read_text(encoding="utf-8")
    article.write_text(original + "\nOne more sentence for the benchmark.\n", encoding="utf-8")
    try:
        times["audit --changed, 1 article"] = timed(site, "audit", "--changed")
    finally:
        article.write_text(original, encoding="utf-8")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.audit",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="keep the corpus and site copy here")
    args = parser.parse_args(argv)
    memory = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="audit-bench-", dir=memory) as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        site = make_site(workdir, args.articles)
        rounds = []
        for number in range(1, args.repeat + 1):
            rounds.append(one_round(site))
            print(f"round {number}/{args.repeat}: " + ", ".join(
                f"{name} {seconds:.2f} s" for name, seconds in rounds[-1].items()),
                file=sys.stderr, flush=True)
    for key, value in machine_info().items():
        print(f"{key:9} {value}")
    print(f"\n{args.articles} articles, {args.repeat} rounds; median wall seconds, and the "
          "median of each round's ratio to that round's build:")
    for name in RUNS:
        seconds = statistics.median(r[name] for r in rounds)
        ratio = statistics.median(r[name] / r["build"] for r in rounds)
        print(f"  {name:28} {seconds:6.2f} s   {ratio:5.2f}× build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
