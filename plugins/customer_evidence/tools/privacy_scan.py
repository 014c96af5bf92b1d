"""Second line of defence: scan a built site for any private value of the source registry.

The customer_sources plugin already refuses an article that quotes a private field. This
scan does not trust any plugin or template: it reads only the registry file and the
finished output folder, and reports every published file in which a private value
appears, whatever put it there (a template, a theme, a feed, a sitemap, a JSON file).

    python -m customer_evidence.tools.privacy_scan OUTPUT_DIR [--registry content/sources.yml]
    python plugins/customer_evidence/tools/privacy_scan.py OUTPUT_DIR [--registry FILE]
        [--max-bytes N] [--max-aliases N]

Exit status: 0 no leak, 1 at least one leak, 2 the registry or the output folder is
missing (or the registry cannot be read completely, so some values could not be known:
a syntax error, or a file beyond the registry limits, --max-bytes and --max-aliases,
the site's CUSTOMER_EVIDENCE_REGISTRY_MAX_BYTES and _MAX_ALIASES).

What counts as a private value: every value under every entry's `private:` block, any
key (not only name, company, email and notes), including entries that the registry
loader rejects as invalid, since an invalid entry's secrets must be protected all the
same. Numbers and dates are compared as text; nested lists and mappings are flattened;
true/false are ignored. Notes are free text and are matched as a whole note. Values
shorter than MIN_LENGTH (4) characters after trimming are skipped: "Al", "UK" or "42"
would match almost every page and drown the real leaks.

How files are compared: every file under the output folder is read (any extension),
except files over MAX_BYTES (20 MB) and binary files (a NUL byte in the first 8 KB);
those are listed as skipped. The text is HTML-unescaped (so `&#65;nnika` and
`Annika&nbsp;Holmgren` are caught), zero-width characters and soft hyphens are removed,
typographic quotes and dashes become plain ones, runs of whitespace become one space,
and the comparison ignores case (casefold). Markup is compared both as written (values
in attributes, scripts and JSON-LD) and with its tags removed (a value split by inline
markup, `Annika <em>Holmgren</em>`), in a single pass (see _untagged). Encodings beyond
HTML (JSON `\\u` escapes, URL percent-encoding, base64) are not decoded.

CI logs may be public: a Leak holds the file, the source id and the field, never the
value, and nothing here ever prints a value.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

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

MAX_BYTES = 20 * 1024 * 1024
BINARY_PROBE = 8192
_TAG = re.compile(r"(<[^<>]*>)")  # captured: re.split gives text, tag, text, tag, ...


@dataclass(frozen=True, order=True)
class Leak:
    """A private field of a source found in a published file. Never holds the value."""

    file: str  # relative to the output folder, with forward slashes
    source_id: str
    field: str


def _read_text(path: Path) -> tuple[str | None, str | None]:
    """(text, None), or (None, why it was skipped)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, f"larger than {MAX_BYTES // (1024 * 1024)} MB"
        data = path.read_bytes()
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc.__class__.__name__})"
    if b"\0" in data[:BINARY_PROBE]:
        return None, "binary"
    return data.decode("utf-8", errors="replace"), None


def _files(output_dir: Path) -> list[Path]:
    paths = []
    for folder, dirs, files in os.walk(output_dir):
        dirs.sort()
        paths.extend(Path(folder, name) for name in sorted(files))
    return [p for p in paths if p.is_file()]


def _untagged(text: str) -> str:
    """Markup as one text: the text between tags joined up, then every tag on its own.

    The joined text catches a value split by inline markup (`Annika <em>Holmgren</em>`);
    the tags keep values in attributes. Any stretch of the file free of < and > lies
    whole in one of the two, so a value without < or > found in the raw file is found
    here too: one pass instead of scanning the file twice.
    """
    parts = _TAG.split(text)
    return "".join(parts[::2]) + "\n" + "\n".join(parts[1::2])


def scan(output_dir: Path, values: Iterable[tuple[str, str, str]],
         skipped: list[tuple[str, str]] | None = None) -> list[Leak]:
    """Every (file, source, field) whose private value appears in a file under output_dir.

    `values` are (source id, field, value) triples, as private_values() gives them.
    Pass a list as `skipped` to learn which files were not read and why (binary, too
    large, unreadable). Each (file, source, field) is reported once; the list is sorted.
    """
    output_dir = Path(output_dir)
    matcher = PrivateMatcher(values)
    leaks: set[Leak] = set()
    if not matcher.owners:
        return []
    for path in _files(output_dir):
        relative = path.relative_to(output_dir).as_posix()
        text, why = _read_text(path)
        if text is None:
            if skipped is not None:
                skipped.append((relative, why or "skipped"))
            continue
        if "<" not in text:
            found = matcher.present(html.unescape(text))
        else:
            found = matcher.present(html.unescape(_untagged(text)))
            if matcher.angled:  # a value holding < or > may straddle a "tag": raw text too
                found |= matcher.present(html.unescape(text))
        for key in found:
            leaks.update(Leak(relative, source_id, field)
                         for source_id, field in matcher.owners[key])
    return sorted(leaks)


def describe(leak: Leak, output_name: str = "output") -> str:
    """One line naming the file, the source and the field, never the value."""
    where = f"{output_name.rstrip('/')}/{leak.file}" if output_name else leak.file
    return (f"{where}: private field {leak.field!r} of source {leak.source_id!r} "
            "appears in the published file")


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
    skipped: list[tuple[str, str]] = []
    leaks = scan(args.output_dir, values, skipped)
    seconds = time.perf_counter() - started
    name = args.output_dir.as_posix().rstrip("/") or "."
    for leak in leaks:
        print(describe(leak, name))
    for relative, why in skipped:
        print(f"privacy scan: not scanned ({why}): {name}/{relative}", file=sys.stderr)
    sources = len({source_id for source_id, _, _ in values})
    files = len({leak.file for leak in leaks})
    summary = (f"{len(values)} private values of {sources} sources, output folder "
               f"{name!r}, {seconds:.2f}s")
    if leaks:
        print(f"privacy scan: FAILED: {len(leaks)} leaks in {files} files ({summary}); "
              "remove the private text from the template, content or plugin that wrote it")
        return 1
    print(f"privacy scan: no private value in the output ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
