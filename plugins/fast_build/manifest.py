"""What the previous build wrote, for the next one to reuse: page digests and file stamps.

The manifest lives in CACHE_PATH/fast_build/, one per output folder. A page is reused
only if its digest is unchanged and its file in the previous output is still the very
file the manifest describes (same inode, size and modification time): a folder that
was deleted, edited, or never swapped in is rendered again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

VERSION = 1

Stamp = tuple[int, int, int]


@dataclass
class Manifest:
    """Each page's digest and stamp by save_as, and the summary digests by body digest."""

    pages: dict[str, tuple[bytes, Stamp]] = field(default_factory=dict)
    summaries: dict[bytes, bytes] = field(default_factory=dict)


def manifest_path(cache_path: str, output: str) -> Path:
    key = hashlib.blake2b(str(Path(output).resolve()).encode(), digest_size=8).hexdigest()
    return Path(cache_path) / "fast_build" / f"{key}.pickle"


def load(path: Path) -> Manifest:
    """The saved manifest, or an empty one if there is none or it cannot be read."""
    try:
        with open(path, "rb") as f:
            version, pages, summaries = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
        return Manifest()
    return Manifest(pages, summaries) if version == VERSION else Manifest()


def save(path: Path, manifest: Manifest) -> None:
    """Write the manifest whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    with open(partial, "wb") as f:
        pickle.dump((VERSION, manifest.pages, manifest.summaries), f,
                    protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, path)


def stamp(path: str) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


def reusable(manifest: Manifest, name: str, fingerprint: bytes, previous: str) -> bool:
    """Whether the previous output's `name` is this build's page, byte for byte."""
    entry = manifest.pages.get(name)
    return entry is not None and entry[0] == fingerprint and stamp(previous) == entry[1]
