"""customer_questions' settings: defaults, merging, and a check with clear messages."""

from __future__ import annotations

DEFAULTS = {
    "CUSTOMER_QUESTIONS_BANK": "questions.yml",
    "CUSTOMER_QUESTIONS_INFER": True,
    "CUSTOMER_QUESTIONS_MATCH_THRESHOLD": 0.7,
    "CUSTOMER_QUESTIONS_SHOW_UNANSWERED": False,
    "CUSTOMER_QUESTIONS_HUB_URL": "questions/",
    "CUSTOMER_QUESTIONS_HUB_SAVE_AS": "questions/index.html",
    "CUSTOMER_QUESTIONS_URL": "questions/{slug}/",
    "CUSTOMER_QUESTIONS_SAVE_AS": "questions/{slug}/index.html",
    "CUSTOMER_QUESTIONS_COVERAGE_SAVE_AS": "",
}


def settings_of(settings: dict) -> dict:
    """The plugin's settings: defaults overridden by the user's, user dict untouched."""
    return {key: settings.get(key, default) for key, default in DEFAULTS.items()}


def check_settings(pelican) -> None:
    """Fail early, naming the setting, when one has the wrong type or shape."""
    config = settings_of(pelican.settings)
    for key, default in DEFAULTS.items():
        if not isinstance(config[key], type(default)) and not (
            isinstance(default, float) and isinstance(config[key], int)
        ):
            raise ValueError(f"{key} must be a {type(default).__name__}, not {config[key]!r}")
    for key in ("CUSTOMER_QUESTIONS_URL", "CUSTOMER_QUESTIONS_SAVE_AS"):
        if "{slug}" not in config[key]:
            raise ValueError(f"{key} must contain {{slug}}, e.g. {DEFAULTS[key]!r}")
    if not 0 < config["CUSTOMER_QUESTIONS_MATCH_THRESHOLD"] <= 1:
        raise ValueError("CUSTOMER_QUESTIONS_MATCH_THRESHOLD must be between 0 and 1")
