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
import textwrap
from io import StringIO

from customer_evidence.tools.audit import Audit, summary

SCHEMA = "bridgewell-audit/1"
FORMATS = ("text", "json", "github")
_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def render(audit: Audit, fmt: str, width: int | None = None, color: bool = False) -> str:
    """The audit in one of FORMATS; `color` for text on a terminal."""
    if fmt == "json":
        return as_json(audit)
    if fmt == "github":
        return as_github(audit)
    if fmt == "text":
        return as_text(audit, width, color)
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


def as_text(audit: Audit, width: int | None = None, color: bool = False) -> str:
    """A table per file (level, line, rule, what to do), then the counts.

    The columns are laid out here and wrapped with textwrap; rich only colours the
    levels and file names (when `color`, for a terminal). Rich's own tables take
    over half a millisecond a row, and a big blog has thousands of findings.
    """
    width = width or 120
    parts: list[tuple[str, str | None]] = []  # (text, rich style)
    by_file: dict[str, list] = {}
    for finding in audit.findings:
        by_file.setdefault(finding.file, []).append(finding)
    for file, findings in by_file.items():
        parts.append((f"{file or '(the whole build)'}\n", "bold"))
        rule_width = max(len(f.rule) for f in findings)
        indent = " " * (2 + 7 + 2 + 5 + 2 + rule_width + 2)
        for f in findings:
            lines = textwrap.wrap(f.message, max(30, width - len(indent))) or [""]
            parts += [("  ", None), (f"{f.level:<7}", _STYLES[f.level]),
                      (f"  {f.line or '':>5}  {f.rule:<{rule_width}}  {lines[0]}\n", None)]
            parts += [(f"{indent}{more}\n", None) for more in lines[1:]]
        parts.append(("\n", None))
    parts.append((_summary_line(audit), None))
    if not color:
        return "".join(text for text, _ in parts)
    from rich.console import Console
    from rich.text import Text

    buffer = StringIO()
    Console(file=buffer, width=width, force_terminal=True, highlight=False,
            soft_wrap=True).print(Text.assemble(*parts))
    return buffer.getvalue().rstrip("\n")


def _summary_line(audit: Audit) -> str:
    counts = summary(audit)

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (f"{plural(counts['error'], 'error')}, {plural(counts['warning'], 'warning')}, "
            f"{plural(counts['info'], 'info')} in {plural(counts['files_with_findings'], 'file')}"
            f" ({plural(counts['files_read'], 'content file')} read in {audit.seconds:.2f} s)")
