"""A site's files as the tasks see them: its two settings files and what they point at.

Settings are read when first asked for, not when tasks.py is imported, and every
path is absolute, so the tasks work from any folder and `invoke --list` works even
before the content folder exists.
"""

from __future__ import annotations

import functools
import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """A Pelican site: its folder and its development and production settings files."""

    root: Path
    base_file: Path
    publish_file: Path

    @classmethod
    def at(cls, root: Path, base: str = "pelicanconf.py", publish: str = "publishconf.py"):
        return cls(root, root / base, root / publish)

    @functools.cached_property
    def settings(self) -> dict:
        """The development settings (Pelican's defaults included)."""
        return _read(self.base_file)

    @functools.cached_property
    def publish_settings(self) -> dict:
        """The production settings."""
        return _read(self.publish_file)

    @property
    def output(self) -> Path:
        return Path(self.settings["OUTPUT_PATH"])

    @property
    def publish_output(self) -> Path:
        """Where production builds go: never the development output."""
        return Path(self.publish_settings["OUTPUT_PATH"])

    @property
    def content(self) -> Path:
        return Path(self.settings["PATH"])

    def registry(self) -> Path:
        """The source registry production builds check."""
        from customer_evidence.core.sources_settings import registry_path

        return registry_path(self.publish_settings)

    def clean(self) -> None:
        """Remove both outputs and the cache; leave an empty development output."""
        for folder in (self.output, self.publish_output, Path(self.settings["CACHE_PATH"])):
            if folder.is_dir():
                shutil.rmtree(folder)
        self.output.mkdir(parents=True)


def _read(path: Path) -> dict:
    """Pelican's settings from a file; without a content folder yet, the file's own."""
    from pelican.settings import DEFAULT_CONFIG, get_settings_from_file, read_settings

    try:
        return read_settings(str(path))
    except ValueError:  # no content folder: the tasks still list and explain themselves
        settings = {**DEFAULT_CONFIG, **get_settings_from_file(str(path))}
        for key in ("PATH", "OUTPUT_PATH", "CACHE_PATH", "THEME"):
            settings[key] = str((path.parent / settings[key]).resolve())
        return settings
