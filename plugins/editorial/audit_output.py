"""How `invoke audit` prints its findings: a table, JSON, or GitHub annotations.

The JSON shape (schema "bridgewell-audit/1"; fields are only ever added):

    {"schema": "bridgewell-audit/1",
     "summary": {"error": 1, "warning": 3, "info": 2,
                 "files_with_findings": 4, "files_read": 18},
     "seconds": 0.41,
     "findings": [{"level": "error", "rule": "unknown-source-id",
                   "file": "content/articles/x.md", "line": 7, "message": "..."}]}

`file` is relative to the repository ("" for a finding about the whole build),
`line` is null when no line can be named; findings are sorted by file, line and
level.
"""

from __future__ import annotations

import json
from io import StringIO

from editorial.audit import Audit, summary

SCHEMA = "bridgewell-audit/1"
FORMATS = ("text", "json", "github")
_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def render(audit: Audit, fmt: str, width: int | None = None) -> str:
    """The audit in one of FORMATS."""
    if fmt == "json":
        return as_json(audit)
    if fmt == "github":
        return as_github(audit)
    if fmt == "text":
        return as_text(audit, width)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def as_json(audit: Audit) -> str:
    """The documented JSON shape, one object."""
    data = {
        "schema": SCHEMA,
        "summary": summary(audit),
        "seconds": round(audit.seconds, 3),
        "findings": [f.as_dict() for f in audit.findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def as_github(audit: Audit) -> str:
    """One workflow command per finding, so each lands on its line in a pull request."""
    lines = []
    for f in audit.findings:
        properties = [f"title={_property(f.rule)}"]
        if f.file:
            properties.insert(0, f"file={_property(f.file)}")
            if f.line:
                properties.insert(1, f"line={f.line}")
        lines.append(f"::{_GITHUB_LEVELS[f.level]} {','.join(properties)}::{_data(f.message)}")
    lines.append(_summary_line(audit))
    return "\n".join(lines)


def _data(text: str) -> str:
    """Escape a workflow command's message (GitHub's rules for the data part)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a workflow command's property value (data rules, plus ':' and ',')."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def as_text(audit: Audit, width: int | None = None) -> str:
    """A table per file (level, line, rule, what to do), then the counts."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = StringIO()
    console = Console(file=buffer, width=width or 120, no_color=False, force_terminal=False,
                      highlight=False, soft_wrap=False)
    by_file: dict[str, list] = {}
    for finding in audit.findings:
        by_file.setdefault(finding.file, []).append(finding)
    for file, findings in by_file.items():
        table = Table(title=Text(file or "(the whole build)", style="bold"), title_justify="left",
                      show_edge=False, expand=True, pad_edge=False)
        table.add_column("level", no_wrap=True)
        table.add_column("line", justify="right", no_wrap=True)
        table.add_column("rule", no_wrap=True)
        table.add_column("what to do", ratio=1)
        for f in findings:
            table.add_row(Text(f.level, style=_STYLES[f.level]), str(f.line or ""),
                          Text(f.rule), Text(f.message))
        console.print(table)
        console.print()
    console.print(Text(_summary_line(audit)))
    return buffer.getvalue().rstrip("\n")


def _summary_line(audit: Audit) -> str:
    counts = summary(audit)

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (f"{plural(counts['error'], 'error')}, {plural(counts['warning'], 'warning')}, "
            f"{plural(counts['info'], 'info')} in {plural(counts['files_with_findings'], 'file')}"
            f" ({plural(counts['files_read'], 'content file')} read in {audit.seconds:.2f} s)")
