"""Running Pelican for the tasks: in process, errors collected, output swapped in whole.

`pelican_run` runs Pelican's own command line and returns every error logged while it
ran (Pelican's and the plugins' findings). `staged_build` builds into a staging folder
beside the output folder and swaps it in only when Pelican finished and wrote an
index.html: a crash or a broken theme leaves the previous output as it was.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from customer_evidence.tools import ToolError

FINDINGS_LOGGER = "editorial"  # customer_evidence.core.findings logs on it, not the root


class ErrorCollector(logging.Handler):
    """Keep every error Pelican and the plugins log during one build."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def pelican_run(args: Sequence[str]) -> list[str]:
    """Run Pelican's command line in process with `args`; return the errors it logged."""
    from pelican import main as pelican_main
    from pelican.log import init as init_logging

    init_logging()  # Pelican's handler first, so the collector does not replace it
    collector = ErrorCollector()
    loggers = [logging.getLogger(), logging.getLogger(FINDINGS_LOGGER)]
    for logger in loggers:
        logger.addHandler(collector)
    try:
        pelican_main(list(args))
    finally:
        for logger in loggers:
            logger.removeHandler(collector)
    return collector.messages


def staged_build(settings_file: Path, output: Path, extra: str = "") -> list[str]:
    """Build into a staging folder, swap it in for `output`, return the logged errors.

    `extra` is passed on to Pelican (what follows `--` on invoke's command line). If
    Pelican wrote no index.html, `output` is left as it was and ToolError says so.
    fast_build (when installed) reuses the unchanged pages of `output` by hard links.
    """
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{output.name}.staging-", dir=output.parent))
    try:
        previous = f"FAST_BUILD_PREVIOUS_OUTPUT={json.dumps(str(output))}"
        errors = pelican_run(["-s", str(settings_file), "-o", str(staging), "-e", previous,
                              *shlex.split(extra)])
        if not (staging / "index.html").is_file():
            raise ToolError(f"the build wrote no index.html; {output.name}/ is unchanged")
        swap_in(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return errors


def error_summary(errors: Sequence[str]) -> str:
    """The lines that end a build that logged errors, one per error."""
    return "".join([f"The build logged {len(errors)} error(s):\n",
                    *(f"  - {message}\n" for message in errors)])


def swap_in(new: Path, current: Path) -> None:
    """Replace the folder `current` by `new` with two renames."""
    old = current.with_name(f"{current.name}.old-{os.getpid()}")
    if current.exists():
        current.rename(old)
    new.rename(current)
    shutil.rmtree(old, ignore_errors=True)
