"""One configuration of benchmarks.speed, run as its own process.

    python -m benchmarks.speed_child RESULT_JSON plain CONTENT OUTPUT
    python -m benchmarks.speed_child RESULT_JSON site SITE SETTINGS OUTPUT
    python -m benchmarks.speed_child RESULT_JSON edit SITE SETTINGS OUTPUT POST MARK
    python -m benchmarks.speed_child RESULT_JSON audit SITE [--changed]

`plain` builds CONTENT with stock Pelican; `site` runs staged_build as `invoke build`
does; `edit` builds as livereload and regenerate do (in place, the search index in
the background), changes one sentence of POST, builds again and times only that
second build, to its written pages; `audit` runs `invoke audit` in SITE.
At the end the process writes RESULT_JSON: its peak memory (VmHWM from
/proc/self/status, the process itself only), the exit status of the work, and for
`edit` the seconds and CPU seconds from the edit to the written output.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path

# Shown by Pelican's default theme and ours alike, so the plain build has the same name.
PLAIN_SETTINGS = {"SITENAME": "Bridgewell", "TIMEZONE": "Europe/London"}


def vmhwm_mib(status: str) -> float | None:
    """The VmHWM line of a /proc/<pid>/status text, in MiB (None if absent)."""
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def own_peak_mib() -> float | None:
    """This process's resident high-water mark (Linux only; None elsewhere)."""
    try:
        return vmhwm_mib(Path("/proc/self/status").read_text(encoding="utf-8"))
    except OSError:
        return None


def edit_middle_sentence(text: str, mark: str) -> str:
    """`text` with the first sentence of its middle prose paragraph replaced.

    Never the header, the first paragraph of the body, code, lists, tables or quotes.
    """
    header, _, body = text.partition("\n\n")
    blocks = body.split("\n\n")
    prose = [i for i, block in enumerate(blocks) if i > 0 and _is_prose(block)]
    if not prose:
        raise ValueError("no prose paragraph after the first one")
    index = prose[len(prose) // 2]
    first, dot, rest = blocks[index].partition(". ")
    sentence = f"This sentence was changed by the benchmark, edit {mark}"
    blocks[index] = f"{sentence}. {rest}" if dot else f"{sentence}."
    return f"{header}\n\n" + "\n\n".join(blocks)


def _is_prose(block: str) -> bool:
    starts = ("#", "```", "    ", "|", ">", "-", "!", "[^", "*")
    return bool(block) and not block.startswith(starts) and not block[:3].rstrip(".").isdigit()


def _plain(content: str, output: str) -> dict:
    from pelican.log import init as init_logging

    from benchmarks.build import measure, settings_for

    init_logging(level=logging.WARNING)  # as the `pelican` command does
    measure(settings_for("plain", Path(content), Path(output), extra=PLAIN_SETTINGS))
    return {}


def _staged(site: str, settings: str, output: str) -> list[str]:
    from customer_evidence.tools.building import staged_build

    return staged_build(Path(site) / settings, Path(site) / output)


def _site(site: str, settings: str, output: str) -> dict:
    return {"errors": len(_staged(site, settings, output))}


def _cpu() -> float:
    """CPU seconds of this process and of the processes it waited for (Pagefind, workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _in_place(site: str, settings: str, output: str) -> list[str]:
    """A build as `invoke livereload` and `regenerate` make it: into the output folder
    itself, the search index on a thread afterwards."""
    from customer_evidence.tools.building import pelican_run
    from customer_evidence.tools.commands import BACKGROUND_SEARCH

    return pelican_run(["-s", str(Path(site) / settings), "-o", str(Path(site) / output),
                        "-e", BACKGROUND_SEARCH])


def _edit(site: str, settings: str, output: str, post: str, mark: str) -> dict:
    from pelican.plugins.site_search import background

    _in_place(site, settings, output)
    background.RUNNER.wait()  # the first build's index, not part of the edit
    path = Path(site) / post
    start, cpu_start = time.perf_counter(), _cpu()
    path.write_text(edit_middle_sentence(path.read_text(encoding="utf-8"), mark),
                    encoding="utf-8")
    _in_place(site, settings, output)
    return {"inner_seconds": time.perf_counter() - start,
            "inner_cpu_seconds": _cpu() - cpu_start}


def _audit(site: str, *flags: str) -> dict:
    from invoke.main import program

    try:
        program.run(["invoke", "audit", *flags])
    except SystemExit as stop:  # findings exit 1: expected on this corpus
        if stop.code not in (0, 1, None):
            raise
        return {"audit_exit": stop.code or 0}
    return {"audit_exit": 0}


MODES = {"plain": _plain, "site": _site, "edit": _edit, "audit": _audit}


def main(argv: list[str]) -> int:
    result_file, mode, first, *rest = argv
    if mode != "plain":
        os.chdir(first)  # the site's settings and tasks expect its root
    result = MODES[mode](first, *rest)
    result["peak_mib"] = own_peak_mib()
    Path(result_file).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
