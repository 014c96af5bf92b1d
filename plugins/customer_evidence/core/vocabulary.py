"""The team's own words: question topics, buying stages and source kinds, with labels.

One place for them. Each is a setting mapping an id (what the bank, the registry
and articles use) to the label readers and editors see, in display order. The
defaults suit a B2B firm; a solar installer, a law firm or a SaaS team sets its own
in pelicanconf.py, and every check, message, page and report follows:

    CUSTOMER_QUESTIONS_TOPICS = {"cost": "Prices and grants", "install": "Installation", ...}
    CUSTOMER_QUESTIONS_STAGES = {"researching": "Researching", "quoting": "Getting quotes", ...}
    CUSTOMER_SOURCES_KINDS = {"survey-visit": "Site survey", "review": "Customer review", ...}

The synonyms the question matcher folds together are customer_questions' own
setting (CUSTOMER_QUESTIONS_SYNONYMS).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

TOPICS_KEY = "CUSTOMER_QUESTIONS_TOPICS"
STAGES_KEY = "CUSTOMER_QUESTIONS_STAGES"
KINDS_KEY = "CUSTOMER_SOURCES_KINDS"

DEFAULTS: dict[str, dict[str, str]] = {
    TOPICS_KEY: {
        "cost": "Cost and pricing",
        "problems": "Problems",
        "comparisons": "Comparisons",
        "reviews": "Reviews",
        "best": "Best of",
        "how-to": "How to",
        "other": "Other",
    },
    STAGES_KEY: {
        "awareness": "Awareness: what is going wrong, and why",
        "consideration": "Consideration: weighing the options",
        "decision": "Decision: choosing what to buy",
        "retention": "Retention: getting more from it",
    },
    KINDS_KEY: {
        "interview": "Customer interview",
        "survey": "Customer survey",
        "support-ticket": "Support ticket",
        "sales-call": "Sales call",
        "review": "Customer review",
        "case-study": "Case study",
        "community": "Community discussion",
    },
}
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Vocabulary:
    """Topics, stages and source kinds: id -> label, in display order."""

    topics: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULTS[TOPICS_KEY]))
    stages: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULTS[STAGES_KEY]))
    source_kinds: Mapping[str, str] = field(
        default_factory=lambda: dict(DEFAULTS[KINDS_KEY]))

    @property
    def default_topic(self) -> str:
        """A bank entry without a topic gets "other" if the team has it, else the first."""
        return "other" if "other" in self.topics else next(iter(self.topics))

    @property
    def default_stage(self) -> str:
        return next(iter(self.stages))

    def labels(self) -> dict[str, dict[str, str]]:
        """What the theme shows for each id."""
        return {"topics": dict(self.topics), "stages": dict(self.stages),
                "source_kinds": dict(self.source_kinds)}


def vocabulary_of(settings: Mapping) -> Vocabulary:
    """The site's vocabulary: its settings, or the defaults (the user's dict untouched)."""
    return Vocabulary(*(dict(settings.get(key) or DEFAULTS[key])
                        for key in (TOPICS_KEY, STAGES_KEY, KINDS_KEY)))


def check_vocabulary(settings: Mapping) -> None:
    """Fail early, naming the setting, when one is not a non-empty {id: label} dict."""
    for key in (TOPICS_KEY, STAGES_KEY, KINDS_KEY):
        value = settings.get(key)
        if value is None:
            continue
        example = ", ".join(f"{k!r}: {v!r}" for k, v in list(DEFAULTS[key].items())[:2])
        if not isinstance(value, Mapping) or not value:
            raise ValueError(f"{key} must be a non-empty dict of id: label, e.g. {{{example}}}")
        for item_id, label in value.items():
            if not isinstance(item_id, str) or not _ID_RE.match(item_id):
                raise ValueError(f"{key}: id {item_id!r} must be lower case letters, digits "
                                 "and hyphens, e.g. 'how-to'")
            if not isinstance(label, str) or not label.strip():
                raise ValueError(f"{key}[{item_id!r}] must be a label (text), e.g. {example}")


def allowed(values: Mapping[str, str]) -> str:
    """The ids a message lists as allowed."""
    return ", ".join(values)
