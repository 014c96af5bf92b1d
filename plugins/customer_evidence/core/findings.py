"""The finding record every check produces, and how findings are logged."""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from customer_evidence.core import context as keys
from customer_evidence.core.header import field_line, text_line
from customer_evidence.core.internals import disable_limit_filter
from customer_evidence.core.rules import LEVELS, rule

LOG_LEVELS = {"error": logging.ERROR, "warning": logging.WARNING, "info": logging.INFO}
# Set by `invoke audit`: the plugins decide and report as in a build, but skip what
# only changes the pages (quote footers, JSON-LD, related articles).
FINDINGS_ONLY = "EDITORIAL_FINDINGS_ONLY"
# Set by `invoke audit --changed`, which narrows ARTICLE_PATHS and PAGE_PATHS to the
# changed files: the site's own paths ("paths", a settings dict) and those files
# ("files", relative to the content folder).
AUDIT_SCOPE = "EDITORIAL_AUDIT_SCOPE"


def findings_only(settings: dict) -> bool:
    """Whether this run only wants the findings (the audit), not pages."""
    return bool(settings.get(FINDINGS_ONLY))


class FindingsHandler(logging.Handler):
    """Write each finding as one plain line, `level: file:line: rule: message`, to stderr.

    A blog can have hundreds of findings; Pelican's rich handler takes about a
    millisecond to lay out each line, this a few microseconds.
    """

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(f"{record.levelname.lower()}: {record.getMessage()}\n")
        except Exception:
            self.handleError(record)


# Findings have their own logger and handler; whoever collects them (tasks.py,
# the tests) listens on this logger as well as the root.
logger = logging.getLogger("editorial")
logger.propagate = False
logger.addHandler(FindingsHandler())
# Pelican's loggers drop a message already logged once in the process; a finding must
# show again on every rebuild of `invoke regenerate` or `livereload`.
disable_limit_filter(logger)


@dataclass(frozen=True)
class Finding:
    """One thing an author should know about a file: what, where, and what to do."""

    level: str
    rule: str
    file: str
    line: int | None
    message: str

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"unknown finding level {self.level!r}")
        if not rule(self.rule).allows(self.level):
            raise ValueError(f"rule {self.rule!r} is declared {rule(self.rule).level}, not "
                             f"{self.level} (customer_evidence/core/rules.py)")

    def format(self) -> str:
        """`file:line: rule: message`, the shape compilers and linters use."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.rule}: {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Note:
    """A finding before it has a file, from a pure check: what, and where in the file.

    `field` names a metadata field whose line is reported; else `text`, whose first
    line in the body is reported (an inline source id, say).
    """

    level: str
    rule: str
    message: str
    field: str | None = None
    text: str | None = None


def note_finding(path: str, note: Note) -> Finding:
    """The finding a note makes for the Markdown file at `path`, with its line."""
    if note.field:
        line = field_line(path, note.field)
    elif note.text:
        line = text_line(path, note.text)
    else:
        line = None
    return Finding(note.level, note.rule, display_path(path), line, note.message)


def sort_key(finding: Finding) -> tuple:
    """Group by file, then line, then severity."""
    return (finding.file, finding.line or 0, LEVELS.index(finding.level), finding.rule)


def display_path(path: str) -> str:
    """A path relative to the working directory (the repository) when inside it."""
    return _relative(path, os.getcwd())


@functools.lru_cache(maxsize=4096)
def _relative(path: str, cwd: str) -> str:
    relative = os.path.relpath(path, cwd)
    return path if relative.startswith("..") else relative.replace(os.sep, "/")


def log_findings(findings: Iterable[Finding]) -> None:
    """Log every finding at its own level, sorted by file and line.

    Info findings show at Pelican's default verbosity too; a quieter Pelican
    (-q) quietens them as well.
    """
    pelican_level = logging.getLogger("pelican").getEffectiveLevel()
    logger.setLevel(logging.INFO if pelican_level <= logging.WARNING else pelican_level)
    for finding in sorted(findings, key=sort_key):
        logger.log(LOG_LEVELS[finding.level], "%s", finding.format(), extra={"finding": finding})


def record(context: dict, findings: Iterable[Finding]) -> list[Finding]:
    """Add findings to this build's list in the Pelican context and return them."""
    findings = list(findings)
    context.setdefault(keys.FINDINGS, []).extend(findings)
    return findings


class FindingCollector(logging.Handler):
    """Keep, as Finding records, what is logged while it is attached.

    Findings logged by log_findings or with `extra={"finding": ...}` are kept as
    they are; any other warning or error (Pelican's own) becomes a `pelican`
    finding with no file, so nothing the build would have said is lost.
    """

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.findings: list[Finding] = []

    def emit(self, record: logging.LogRecord) -> None:
        finding = getattr(record, "finding", None)
        if finding is None and record.levelno >= logging.WARNING:
            level = "error" if record.levelno >= logging.ERROR else "warning"
            finding = Finding(level, "pelican", "", None, record.getMessage())
        if finding is not None:
            self.findings.append(finding)
