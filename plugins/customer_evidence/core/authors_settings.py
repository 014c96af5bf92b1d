"""author_profiles' settings: the authors file's name, and a check with a clear message."""

from __future__ import annotations

from pathlib import Path

from customer_evidence.core.registry_limits import limits_of

FILE_KEY = "AUTHOR_PROFILES_FILE"
DEFAULTS = {FILE_KEY: "authors.yml"}


def settings_of(settings: dict) -> dict:
    """The plugin's settings: defaults overridden by the user's, user dict untouched."""
    return {key: settings.get(key, default) for key, default in DEFAULTS.items()}


def authors_path(settings: dict) -> Path:
    """The authors file: AUTHOR_PROFILES_FILE in the content folder."""
    return Path(settings["PATH"]) / settings_of(settings)[FILE_KEY]


def check_settings(pelican) -> None:
    """Fail early, naming the setting, when one is wrong."""
    limits_of(pelican.settings)  # CUSTOMER_EVIDENCE_REGISTRY_MAX_BYTES, _MAX_ALIASES
    name = settings_of(pelican.settings)[FILE_KEY]
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{FILE_KEY} must be a file name relative to PATH, e.g. 'authors.yml'")
