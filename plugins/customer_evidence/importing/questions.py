"""Which bank question each imported post answers, judged as the build judges it.

The posts are read as the build reads an article (title, summary, headings, opening
paragraphs), all together so the matcher can judge each against the others, and a
question is filled in only where the build itself would tag the post (a confident
match read from its text, clear of the runner-up). A weaker match is a note for the
editor, never a `Question:` line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from customer_evidence.importing.model import Note
from customer_evidence.importing.pipeline import Question


@dataclass(frozen=True)
class Readable:
    """What the matcher reads of one imported post."""

    title: str
    summary: str | None
    body: str  # Markdown


def infer_questions(posts: Sequence[Readable], settings: dict
                    ) -> tuple[list[Question | None], list[list[Note]], str | None]:
    """For each post, the question to fill in (or None) and notes on weaker guesses;
    and, when there is no bank to match against, why not."""
    from customer_evidence.core.article_text import passages
    from customer_evidence.core.inference import (
        INFERRED,
        SUGGESTED,
        WHERE,
        decide,
        question_matcher,
        thresholds,
    )
    from customer_evidence.core.question_bank import load_bank
    from customer_evidence.core.questions_settings import bank_path
    from customer_evidence.core.registry_limits import limits_of
    from customer_evidence.core.vocabulary import vocabulary_of

    empty: list[list[Note]] = [[] for _ in posts]
    path = bank_path(settings)
    if not posts:
        return [], empty, None
    if not path.is_file():
        return [None] * len(posts), empty, f"no question bank at {path}: no question inferred"
    bank, findings = load_bank(path, vocabulary_of(settings), limits_of(settings))
    if any(f.level == "error" for f in findings) or not bank.questions:
        return [None] * len(posts), empty, f"the bank {path} has errors or no questions: " \
                                           "no question inferred (run invoke audit)"
    matcher = question_matcher(bank, settings)
    limits = thresholds(settings)
    render = _renderer(settings)
    texts = [passages(p.title, p.summary, render(p.body)) for p in posts]
    matches = matcher.best_matches(texts, None, limits.suggest)
    found: list[Question | None] = []
    for match, notes in zip(matches, empty, strict=True):
        verdict = decide(match, limits)
        entry = bank.get(match.question_id) if match else None
        if verdict == INFERRED and entry is not None:
            found.append(Question(entry.id, entry.text, match.score, WHERE[match.where]))
            continue
        found.append(None)
        if verdict == SUGGESTED and entry is not None:
            notes.append(Note(f"perhaps answers bank question {entry.id!r} ({entry.text!r}, "
                              f"{match.score:.2f}, from its {WHERE[match.where]}); not sure "
                              "enough to fill in Question:", level="info"))
    return found, empty, None


def _renderer(settings: dict):
    """Markdown to HTML with the site's extensions (one instance, reset per post)."""
    import markdown

    config = settings.get("MARKDOWN") or {}
    md = markdown.Markdown(extensions=list((config.get("extension_configs") or {}).keys()),
                           extension_configs=config.get("extension_configs") or {})

    def render(text: str) -> str:
        md.reset()
        return md.convert(text)

    return render
