"""Which export a path is, and the reader for it.

`detect()` sniffs: a WXR file (WordPress), a Ghost JSON export, a Medium zip (or its
unzipped folder, or one of its posts), a Jekyll or Hugo site folder, else plain files
(text, HTML, Markdown). `--format` skips the sniffing. A path that is none of them is
refused with the list of what can be read.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from customer_evidence.importing.model import ImportFailed

# format -> (module, reader, sniffer), in the order detect() tries them.
READERS = {
    "wordpress": ("wordpress", "read_wordpress", "looks_like_wordpress"),
    "ghost": ("ghost", "read_ghost", "looks_like_ghost"),
    "medium": ("medium", "read_medium", "looks_like_medium"),
    "jekyll": ("markdown_sites", "read_jekyll", "looks_like_jekyll"),
    "hugo": ("markdown_sites", "read_hugo", "looks_like_hugo"),
    "plain": ("plain", "read_plain", None),
}
PLAIN_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".md", ".markdown"})
WHAT_CAN_BE_READ = ("a WordPress export (.xml), a Ghost export (.json), a Medium export "
                    "(.zip), a Jekyll or Hugo site folder, or plain .txt, .html and .md files")


def _module(name: str):
    return importlib.import_module(f"customer_evidence.importing.{name}")


def reader_for(name: str):
    """The read_<format> function of a format."""
    module, reader, _ = READERS[name]
    return getattr(_module(module), reader)


def detect(path: Path, forced: str | None = None) -> str:
    """The format of `path` (or `forced`, checked); ImportFailed when it is unknown."""
    if not path.exists():
        raise ImportFailed(f"{path}: no such file or folder")
    if forced:
        if forced not in READERS:
            raise ImportFailed(f"--format {forced!r} is not one of {', '.join(READERS)}")
        return forced
    for name, (module, _, sniffer) in READERS.items():
        if sniffer and getattr(_module(module), sniffer)(path):
            return name
    if path.is_dir() or path.suffix.lower() in PLAIN_SUFFIXES:
        return "plain"
    raise ImportFailed(f"{path}: not a format this import knows; it reads {WHAT_CAN_BE_READ} "
                       "(or give --format)")
