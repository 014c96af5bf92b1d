"""Second line of defence: scan a built site for any private value of the source registry.

The customer_sources plugin already refuses an article that quotes a private field. This
scan does not trust any plugin or template: it reads only the registry file and the
finished output folder, and reports every published file in which a private value
appears, whatever put it there (a template, a theme, a feed, a sitemap, a JSON file).

    python -m customer_evidence.tools.privacy_scan OUTPUT_DIR [--registry content/sources.yml]
    python plugins/customer_evidence/tools/privacy_scan.py OUTPUT_DIR [--registry FILE]
        [--max-bytes N] [--max-aliases N]

Exit status: 0 no leak, 1 at least one leak or a file that may hold one but cannot be
read (an encrypted or damaged PDF, image or office file), 2 the registry or the output
folder is missing (or the registry cannot be read completely, so some values could not be known:
a syntax error, or a file beyond the registry limits, --max-bytes and --max-aliases,
the site's CUSTOMER_EVIDENCE_REGISTRY_MAX_BYTES and _MAX_ALIASES).

What counts as a private value, and how texts are compared: see
customer_evidence.core.privacy (every private value of every entry, rejected ones
included; the texts decoded, normalised, look-alike letters folded; a note's runs of
words and an e-mail's "at"/"dot" spellings searched for too).

What is read (customer_evidence.core.file_metadata): every file under the output
folder, any extension: a text file's text (markup compared both as written, values in
attributes, scripts and JSON-LD, and with its tags removed, `Annika <em>Holmgren</em>`,
in a single pass: see privacy.markup_text); a PDF's document information, XMP, pages,
annotations and bookmarks; an image's EXIF, XMP, IPTC and comments; an office file's
or archive's members (docProps included); and every file's path, its URL. A file of
those formats that cannot be read is a failure: it may hold anything. Files over
MAX_BYTES (20 MB) and binaries of other formats (fonts, icons, audio, video) are not
read; they are listed, with the reason.

CI logs may be public: a Leak holds the file, the source id and the field, never the
value, and nothing here ever prints a value.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

from customer_evidence.core import file_metadata
from customer_evidence.core.privacy import (
    PrivateMatcher,
    RegistryError,
    private_values,
)
from customer_evidence.core.registry_limits import (
    DEFAULTS,
    MAX_ALIASES_KEY,
    MAX_BYTES_KEY,
    limits_of,
)

MAX_BYTES = file_metadata.MAX_BYTES
PATH = "its path"  # where a value was found: the file's name or folder, so its URL


@dataclass(frozen=True, order=True)
class Leak:
    """A private field of a source found in a published file. Never holds the value."""

    file: str  # relative to the output folder, with forward slashes
    source_id: str
    field: str
    where: str = dataclass_field(default="", compare=False)  # "": its text


@dataclass
class Report:
    """What a scan found, and what it could not look at."""

    leaks: list[Leak]
    unreadable: list[tuple[str, str]]  # (file, why): may hold a private value; fails the scan
    skipped: list[tuple[str, str]]  # (file, why): not read (too large, a font, a video...)


def _files(output_dir: Path) -> list[Path]:
    paths = []
    for folder, dirs, files in os.walk(output_dir):
        dirs.sort()
        paths.extend(Path(folder, name) for name in sorted(files))
    return [p for p in paths if p.is_file()]


def scan_report(output_dir: Path, values: Iterable[tuple[str, str, str]]) -> Report:
    """Every (file, source, field) whose private value appears in or on a file under
    output_dir, sorted, each once (with every place it was found), and the files that
    could not be read. `values` are (source id, field, value) triples, as
    private_values() gives them."""
    output_dir = Path(output_dir)
    matcher = PrivateMatcher(values)
    report = Report([], [], [])
    if not matcher.owners:
        return report
    found: dict[tuple[str, str, str], set[str]] = {}
    for path in _files(output_dir):
        relative = path.relative_to(output_dir).as_posix()
        for owner in matcher.owners_in(relative):
            found.setdefault((relative, *owner), set()).add(PATH)
        content = file_metadata.read_file(path, MAX_BYTES)
        if content.unreadable:
            report.unreadable.append((relative, content.unreadable))
        elif content.skipped:
            report.skipped.append((relative, content.skipped))
        for part, text in content.parts:
            for owner in matcher.owners_in(text, markup=True):
                found.setdefault((relative, *owner), set()).add(f"its {part}" if part else "")
    report.leaks = sorted(Leak(*key, where=" and ".join(sorted(filter(None, places))))
                          for key, places in found.items())
    return report


def scan(output_dir: Path, values: Iterable[tuple[str, str, str]],
         skipped: list[tuple[str, str]] | None = None) -> list[Leak]:
    """scan_report()'s leaks. Pass a list as `skipped` to learn which files were not read
    and why (unreadable ones, which scan_report() tells apart, included)."""
    report = scan_report(output_dir, values)
    if skipped is not None:
        skipped.extend(sorted(report.unreadable + report.skipped))
    return report.leaks


def describe(leak: Leak, output_name: str = "output") -> str:
    """One line naming the file, the source and the field (and where, when not in its
    text), never the value."""
    where = f"{output_name.rstrip('/')}/{leak.file}" if output_name else leak.file
    place = f" ({leak.where})" if leak.where else ""
    return (f"{where}: private field {leak.field!r} of source {leak.source_id!r} "
            f"appears in the published file{place}")


def report_lines(report: Report, output_name: str) -> tuple[list[str], list[str]]:
    """(problems, notices): a line per leak and per unreadable file, which fail the scan,
    and a line per file not read; none holds a value."""
    name = output_name.rstrip("/")
    problems = [describe(leak, name) for leak in report.leaks]
    problems += [f"{name}/{relative}: cannot be checked for private values: it is {why}; "
                 "re-save it without encryption or damage (or remove it) before publishing"
                 for relative, why in report.unreadable]
    notices = [f"privacy scan: not scanned ({why}): {name}/{relative}"
               for relative, why in report.skipped]
    return problems, notices


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m customer_evidence.tools.privacy_scan",
        description="Report every file of a built site that contains a private value of "
                    "the source registry. Prints file, source id and field, never the value.")
    parser.add_argument("output_dir", type=Path, metavar="OUTPUT_DIR",
                        help="the built site, e.g. output")
    parser.add_argument("--registry", type=Path, default=Path("content/sources.yml"),
                        help="the source registry (default: content/sources.yml)")
    parser.add_argument("--max-bytes", type=int, default=DEFAULTS[MAX_BYTES_KEY],
                        help=f"the site's {MAX_BYTES_KEY}: a larger registry is not read "
                             "(default: %(default)s)")
    parser.add_argument("--max-aliases", type=int, default=DEFAULTS[MAX_ALIASES_KEY],
                        help=f"the site's {MAX_ALIASES_KEY} (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        limits = limits_of({MAX_BYTES_KEY: args.max_bytes, MAX_ALIASES_KEY: args.max_aliases})
    except ValueError as exc:
        parser.error(str(exc))
    if not args.output_dir.is_dir():
        print(f"privacy scan: output folder {str(args.output_dir)!r} not found; build the "
              "site first", file=sys.stderr)
        return 2
    try:
        values = private_values(args.registry, limits)
    except RegistryError as exc:
        print(f"privacy scan: {exc}", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    report = scan_report(args.output_dir, values)
    seconds = time.perf_counter() - started
    name = args.output_dir.as_posix().rstrip("/") or "."
    problems, notices = report_lines(report, name)
    for line in problems:
        print(line)
    for line in notices:
        print(line, file=sys.stderr)
    sources = len({source_id for source_id, _, _ in values})
    files = len({leak.file for leak in report.leaks})
    summary = (f"{len(values)} private values of {sources} sources, output folder "
               f"{name!r}, {seconds:.2f}s")
    if report.leaks or report.unreadable:
        print(f"privacy scan: FAILED: {len(report.leaks)} leaks in {files} files and "
              f"{len(report.unreadable)} unreadable files ({summary}); remove the private "
              "text from the template, content or plugin that wrote it")
        return 1
    print(f"privacy scan: no private value in the output ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
