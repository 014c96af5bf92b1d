"""The matcher and thresholds a site's settings ask for: one place for the build,
`invoke audit`, `invoke new` and `invoke questions --import`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from customer_evidence.core.question_bank import Bank
from customer_evidence.core.question_matching import Match, QuestionMatcher
from customer_evidence.core.questions_settings import settings_of

INFERRED = "inferred"  # a confident bank match, read from the article's text
SUGGESTED = "suggested"  # a weaker one, or one from a title or headings alone
WHERE = {"title": "title", "summary": "summary", "heading": "heading",
         "opening": "opening paragraph", "question": "question"}


@dataclass(frozen=True)
class Thresholds:
    """How sure a bank match must be: to tag (`tag`, with `margin` over the
    runner-up) or only to suggest (`suggest`)."""

    tag: float
    margin: float
    suggest: float


def embed(texts: Sequence[str]) -> np.ndarray:
    """WordLlama vectors; the model is loaded on first use, once per process."""
    from customer_evidence.core.semantic import model

    return model().embed(texts)


def question_matcher(bank: Bank, settings: dict) -> QuestionMatcher:
    """A matcher for `bank` in the site's language, with its synonyms."""
    config = settings_of(settings)
    return QuestionMatcher(
        ((q.id, q.text) for q in bank.questions.values()),
        language=settings.get("DEFAULT_LANG") or "en",
        synonyms=config["CUSTOMER_QUESTIONS_SYNONYMS"],
        embed=embed,
    )


def thresholds(settings: dict) -> Thresholds:
    """How sure a match must be to tag an article, or to suggest a question."""
    config = settings_of(settings)
    return Thresholds(tag=config["CUSTOMER_QUESTIONS_MATCH_THRESHOLD"],
                      margin=config["CUSTOMER_QUESTIONS_MATCH_MARGIN"],
                      suggest=config["CUSTOMER_QUESTIONS_SUGGEST_THRESHOLD"])


def decide(match: Match | None, limits: Thresholds) -> str | None:
    """INFERRED for a confident match read from the article's text, SUGGESTED for a
    weaker one or one resting on a title or headings alone, else None."""
    if match is None or match.score < limits.suggest:
        return None
    if match.score >= limits.tag and match.margin >= limits.margin and match.read_body:
        return INFERRED
    return SUGGESTED
