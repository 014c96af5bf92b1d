"""customer_questions' settings: defaults, merging, and a check with clear messages."""

from __future__ import annotations

from pathlib import Path

from customer_evidence.core.registry_limits import limits_of
from customer_evidence.core.vocabulary import check_vocabulary

# Words the matcher reads as one (a key, and the words or phrases that mean it).
# The defaults are plain English ways of asking about cost, choice and trouble,
# true in any trade; a team adds its own (e.g. {"boiler": ["furnace", "heating unit"]})
# in pelicanconf.py.
DEFAULT_SYNONYMS = {
    "cost": ["price", "prices", "pricing", "priced", "fee", "fees", "charge", "charges",
             "pay", "paying", "spend", "budget", "expensive", "cheap", "cheaper",
             "afford", "affordable", "how much"],
    "versus": ["vs", "compare", "compared", "comparison", "difference", "or"],
    "best": ["top", "recommended", "leading", "favourite", "favorite"],
    "problem": ["problems", "issue", "issues", "fault", "faults", "wrong", "mistake",
                "mistakes", "pitfall", "pitfalls", "go wrong", "goes wrong"],
    "worth": ["pay off", "pays off", "value", "worthwhile", "roi"],
}

DEFAULTS = {
    "CUSTOMER_QUESTIONS_BANK": "questions.yml",
    "CUSTOMER_QUESTIONS_INFER": True,
    # Inference, in units of how far an article stands out from the site's others
    # for a question (customer_evidence.core.question_matching); chosen on labelled fields
    # (tests/test_question_inference.py). Tag at MATCH_THRESHOLD with MATCH_MARGIN
    # over the runner-up; below that, from SUGGEST_THRESHOLD, only suggest.
    "CUSTOMER_QUESTIONS_MATCH_THRESHOLD": 3.6,
    "CUSTOMER_QUESTIONS_MATCH_MARGIN": 1.2,
    "CUSTOMER_QUESTIONS_SUGGEST_THRESHOLD": 1.5,
    "CUSTOMER_QUESTIONS_SYNONYMS": DEFAULT_SYNONYMS,
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


def bank_path(settings: dict) -> Path:
    """The question bank's file: CUSTOMER_QUESTIONS_BANK in the content folder."""
    return Path(settings["PATH"]) / settings_of(settings)["CUSTOMER_QUESTIONS_BANK"]


def check_settings(pelican) -> None:
    """Fail early, naming the setting (the vocabulary's too), when one is wrong."""
    check_vocabulary(pelican.settings)
    limits_of(pelican.settings)  # CUSTOMER_EVIDENCE_REGISTRY_MAX_BYTES, _MAX_ALIASES
    config = settings_of(pelican.settings)
    for key, default in DEFAULTS.items():
        if not isinstance(config[key], type(default)) and not (
            isinstance(default, float) and isinstance(config[key], int)
        ):
            raise ValueError(f"{key} must be a {type(default).__name__}, not {config[key]!r}")
    for key in ("CUSTOMER_QUESTIONS_URL", "CUSTOMER_QUESTIONS_SAVE_AS"):
        if "{slug}" not in config[key]:
            raise ValueError(f"{key} must contain {{slug}}, e.g. {DEFAULTS[key]!r}")
    for key in ("CUSTOMER_QUESTIONS_MATCH_THRESHOLD", "CUSTOMER_QUESTIONS_MATCH_MARGIN",
                "CUSTOMER_QUESTIONS_SUGGEST_THRESHOLD"):
        if isinstance(config[key], bool) or config[key] < 0:
            raise ValueError(f"{key} must be a number, 0 or more (default {DEFAULTS[key]})")
    suggest, tag = (config["CUSTOMER_QUESTIONS_SUGGEST_THRESHOLD"],
                    config["CUSTOMER_QUESTIONS_MATCH_THRESHOLD"])
    if suggest > tag:
        raise ValueError("CUSTOMER_QUESTIONS_SUGGEST_THRESHOLD must not be above "
                         "CUSTOMER_QUESTIONS_MATCH_THRESHOLD (a suggestion is a weaker match)")
    check_synonyms(config["CUSTOMER_QUESTIONS_SYNONYMS"])


def check_synonyms(table) -> None:
    """CUSTOMER_QUESTIONS_SYNONYMS is {"word": ["variant", "a phrase", ...], ...}."""
    example = 'e.g. {"cost": ["price", "fee", "how much"]}'
    if not isinstance(table, dict):
        raise ValueError(f"CUSTOMER_QUESTIONS_SYNONYMS must be a dict, {example}")
    for key, variants in table.items():
        if not isinstance(key, str) or len(key.split()) != 1 or not key.strip():
            raise ValueError(f"CUSTOMER_QUESTIONS_SYNONYMS: key {key!r} must be one word, "
                             f"{example}")
        if not isinstance(variants, (list, tuple)) or not all(
                isinstance(v, str) and v.strip() for v in variants):
            raise ValueError(f"CUSTOMER_QUESTIONS_SYNONYMS[{key!r}] must be a list of words "
                             f"or phrases, {example}")
