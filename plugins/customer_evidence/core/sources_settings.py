"""customer_sources' settings: defaults, merging, and a check with clear messages."""

from __future__ import annotations

import datetime
from pathlib import Path

from customer_evidence.core.registry_limits import limits_of
from customer_evidence.core.rules import LEVELS
from customer_evidence.core.vocabulary import check_vocabulary

DEFAULTS = {
    "CUSTOMER_SOURCES_REGISTRY": "sources.yml",
    "CUSTOMER_SOURCES_MISSING_LEVEL": "warning",
    "CUSTOMER_SOURCES_STALE_DAYS": 730,
    "CUSTOMER_SOURCES_TODAY": None,
}


def settings_of(settings: dict) -> dict:
    """The plugin's settings: defaults overridden by the user's, user dict untouched."""
    return {key: settings.get(key, default) for key, default in DEFAULTS.items()}


def registry_path(settings: dict) -> Path:
    """The source registry's file: CUSTOMER_SOURCES_REGISTRY in the content folder."""
    return Path(settings["PATH"]) / settings_of(settings)["CUSTOMER_SOURCES_REGISTRY"]


def today(config: dict) -> datetime.date:
    """The date staleness is measured from: CUSTOMER_SOURCES_TODAY, else today."""
    return config["CUSTOMER_SOURCES_TODAY"] or datetime.date.today()


def check_settings(pelican) -> None:
    """Fail early, naming the setting (the vocabulary's too), when one is wrong."""
    check_vocabulary(pelican.settings)
    limits_of(pelican.settings)  # CUSTOMER_EVIDENCE_REGISTRY_MAX_BYTES, _MAX_ALIASES
    config = settings_of(pelican.settings)
    if not isinstance(config["CUSTOMER_SOURCES_REGISTRY"], str):
        raise ValueError("CUSTOMER_SOURCES_REGISTRY must be a file name relative to PATH")
    if config["CUSTOMER_SOURCES_MISSING_LEVEL"] not in LEVELS:
        raise ValueError(f"CUSTOMER_SOURCES_MISSING_LEVEL must be one of {', '.join(LEVELS)}")
    days = config["CUSTOMER_SOURCES_STALE_DAYS"]
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise ValueError("CUSTOMER_SOURCES_STALE_DAYS must be a whole number of days, 1 or more")
    if config["CUSTOMER_SOURCES_TODAY"] is not None and not isinstance(
        config["CUSTOMER_SOURCES_TODAY"], datetime.date
    ):
        raise ValueError("CUSTOMER_SOURCES_TODAY must be a datetime.date or None")
