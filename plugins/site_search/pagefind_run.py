"""Running Pagefind over a built site: finding its binary, the command, the result. Pure
but for run() and the lookup of the installed binary.

The binary comes from PyPI: `pagefind[bin]` installs the `pagefind` package and the
`pagefind_bin` wheel with the executable inside, which the package finds the way
`python -m pagefind` does (PAGEFIND_BINARY_PATH, then pagefind_bin_extended, then
pagefind_bin, then a `pagefind` on PATH). Nothing is downloaded at build time.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = "pip install 'pagefind[bin]==1.5.2' (see requirements.txt)"
# Files that mark a folder as a Pagefind bundle, and what of it Pagefind writes: only
# these are removed before a new index (a page of the site there stays).
BUNDLE_MARKERS = ("pagefind.js", "pagefind-entry.json")
BUNDLE_FOLDERS = ("fragment", "index", "filter", "playground")
BUNDLE_FILES = ("pagefind*.js", "pagefind*.css", "pagefind*.json", "*.pf_meta", "wasm.*.pagefind")
# Pagefind's ready-made interfaces, which it always writes (about 400 KB): the theme has
# its own (theme/static/js/search.js), so they are removed rather than published.
UNUSED_UI = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
             "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
             "pagefind-highlight.js")


@dataclass(frozen=True)
class Outcome:
    """What a Pagefind run did: ok, or why not, with a line for the log."""

    ok: bool
    message: str


def find_binary() -> Path | None:
    """The Pagefind executable the installed `pagefind` package would run, or None."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        found = shutil.which("pagefind")
        return Path(found) if found else None
    path = get_executable()
    return path if path is not None and path.is_file() else None


def bundle_name(value: object) -> str | None:
    """SITE_SEARCH_BUNDLE as a folder path under the output, or None when it is not one
    (empty, absolute, or climbing out with "..")."""
    parts = [p for p in str(value or "").replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts or str(value).startswith("/"):
        return None
    return "/".join(parts)


def command(binary: Path, site: Path, bundle: str, exclude: Sequence[str] = ()) -> list[str]:
    """The Pagefind command line indexing `site` into `site/bundle`, leaving out of the
    indexed text the elements matching the CSS selectors `exclude`."""
    line = [str(binary), "--site", str(site), "--output-subdir", bundle, "--quiet"]
    for selector in exclude:
        line += ["--exclude-selectors", selector]
    return line


def is_bundle(folder: Path) -> bool:
    """Whether `folder` holds an earlier Pagefind bundle (and nothing else of the site)."""
    return folder.is_dir() and any((folder / name).is_file() for name in BUNDLE_MARKERS)


def clear_bundle(folder: Path) -> None:
    """Remove an earlier bundle's files from `folder` (old fragments would otherwise pile
    up in output/), leaving anything else there alone."""
    if not is_bundle(folder):
        return
    for name in BUNDLE_FOLDERS:
        if (folder / name).is_dir():
            shutil.rmtree(folder / name)
    for pattern in BUNDLE_FILES:
        for path in folder.glob(pattern):
            if path.is_file():
                path.unlink()


def outcome(returncode: int, stderr: str, bundle: Path) -> Outcome:
    """The result of a finished run, from its exit status, its errors and its output."""
    if returncode != 0:
        detail = stderr.strip().splitlines()[-1:] or [f"exit status {returncode}"]
        return Outcome(False, f"Pagefind failed ({detail[0]}); the site has no search index")
    if not (bundle / "pagefind.js").is_file():
        return Outcome(False, f"Pagefind wrote no {bundle.name}/pagefind.js; "
                              "the site has no search index")
    return Outcome(True, f"Pagefind indexed the site into {bundle.name}/")


def missing_message() -> str:
    return (f"site search: no Pagefind binary found; {INSTALL_HINT}. "
            "The site builds without a search index.")


def run(site: Path, bundle: str, timeout: float, exclude: Sequence[str] = ()) -> Outcome:
    """Index the built site at `site`; never raises for a missing or broken binary."""
    binary = find_binary()
    if binary is None:
        return Outcome(False, missing_message())
    target = site / bundle
    clear_bundle(target)
    try:
        done = subprocess.run(command(binary, site, bundle, exclude), capture_output=True,
                              text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Outcome(False, f"site search: Pagefind ({binary}) could not run "
                              f"({type(exc).__name__}: {exc}); {INSTALL_HINT}. "
                              "The site builds without a search index.")
    result = outcome(done.returncode, done.stderr, target)
    if not result.ok:
        return Outcome(False, f"site search: {result.message}")
    for name in UNUSED_UI:
        (target / name).unlink(missing_ok=True)
    return result
