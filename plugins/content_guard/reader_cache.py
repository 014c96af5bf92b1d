"""Where Pelican's reader cache goes: one folder per way of reading the content.

Pelican's reader cache (CONTENT_CACHING_LAYER = "reader") keys each file by path and
modification time only. The development build writes it and `invoke audit` reads it
back, so the audit renders only the files changed since; whatever else changes how
a file reads (a setting, Pelican's or Markdown's version, this plugin's reader)
must therefore get a cache of its own: CACHE_PATH/readers/<digest>.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from pathlib import Path

from customer_evidence.core.findings import FINDINGS_ONLY

# Settings that decide which files are read or where output goes, not how a file reads.
NOT_READING = frozenset({
    "ARTICLE_PATHS", "PAGE_PATHS", "OUTPUT_PATH", "DELETE_OUTPUT_DIRECTORY",
    "OUTPUT_RETENTION", "WRITE_SELECTED", "CACHE_PATH", "CACHE_CONTENT",
    "LOAD_CONTENT_CACHE", "CONTENT_CACHING_LAYER", "SITEURL", "FEED_DOMAIN",
    FINDINGS_ONLY,  # the audit's, so that it shares the build's cache
})


def cache_folder(settings: dict) -> Path:
    """CACHE_PATH/readers/<digest of the reading settings and versions>."""
    digest = hashlib.sha256()
    for key in sorted(k for k in settings if k.isupper() and k not in NOT_READING):
        text = repr(settings[key])
        if " at 0x" not in text:  # functions and modules differ by address per run
            digest.update(f"{key}={text}\n".encode())
    for package in ("pelican", "markdown", "pygments"):
        digest.update(importlib.metadata.version(package).encode())
    for source in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(source.read_bytes())
    core = Path(__file__).resolve().parents[1] / "customer_evidence" / "core"
    for name in ("front_matter.py", "header.py"):  # how front matter is read
        if (core / name).is_file():
            digest.update((core / name).read_bytes())
    return Path(settings["CACHE_PATH"]) / "readers" / digest.hexdigest()[:16]
