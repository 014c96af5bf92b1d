"""Which bank question each imported post answers, judged as the build judges it.

A post is read as the build reads an article (title, summary, headings, opening
paragraphs: `QuestionFinder.read`, once per post while it is imported, so only those
passages are kept, never the whole post), then the posts are judged together, CHUNK
at a time, so the matcher weighs each against the others (`QuestionFinder.infer`). A question is
filled in only where the build itself would tag the post: a confident match read from
its text, clear of the runner-up. A close call is a note for the editor, never a
`Question:` line.
"""

from __future__ import annotations

from collections.abc import Sequence

from customer_evidence.core.question_matching import Passage
from customer_evidence.importing.model import Note
from customer_evidence.importing.pipeline import Question

# Posts judged together: each against the others of its chunk. A chunk is large enough
# for the matcher's statistics and keeps its vectors' memory bounded on a big export.
CHUNK = 1000


class QuestionFinder:
    """The site's bank and matcher, loaded once per import."""

    def __init__(self, settings: dict) -> None:
        from customer_evidence.core.question_bank import load_bank
        from customer_evidence.core.questions_settings import bank_path
        from customer_evidence.core.registry_limits import limits_of
        from customer_evidence.core.vocabulary import vocabulary_of

        self.settings = settings
        self.bank = None
        self.reason: str | None = None
        path = bank_path(settings)
        if not path.is_file():
            self.reason = f"no question bank at {path}: no question inferred"
            return
        bank, findings = load_bank(path, vocabulary_of(settings), limits_of(settings))
        if any(f.level == "error" for f in findings) or not bank.questions:
            self.reason = (f"the bank {path} has errors or no questions: no question "
                           "inferred (run invoke audit)")
            return
        self.bank = bank
        self._render = _renderer(settings)

    def read(self, title: str, summary: str | None, body: str, html: str | None = None
             ) -> list[Passage]:
        """What the matcher reads of one post (nothing when there is no bank): from its
        source's HTML when it came as HTML, else from its Markdown, rendered."""
        from customer_evidence.core.article_text import passages

        if self.bank is None:
            return []
        from customer_evidence.importing.repair import repair_text

        found = passages(title, summary, html if html is not None else self._render(body))
        if html is None:
            return found
        return [Passage(p.kind, repair_text(p.text)[0]) for p in found]  # the source's damage

    def infer(self, texts: Sequence[Sequence[Passage]]
              ) -> tuple[list[Question | None], list[list[Note]]]:
        """For each post, the question to fill in (or None) and notes on close calls."""
        from customer_evidence.core.inference import (
            INFERRED,
            SUGGESTED,
            WHERE,
            decide,
            question_matcher,
            thresholds,
        )

        notes: list[list[Note]] = [[] for _ in texts]
        if self.bank is None or not texts:
            return [None] * len(texts), notes
        limits = thresholds(self.settings)
        matcher = question_matcher(self.bank, self.settings)
        matches = [m for start in range(0, len(texts), CHUNK)
                   for m in matcher.best_matches(texts[start:start + CHUNK], None,
                                                 limits.suggest)]
        found: list[Question | None] = []
        for match, these in zip(matches, notes, strict=True):
            verdict = decide(match, limits)
            entry = self.bank.get(match.question_id) if match else None
            if verdict == INFERRED and entry is not None:
                found.append(Question(entry.id, entry.text, match.score, WHERE[match.where]))
                continue
            found.append(None)
            # A close call (confident, but too near the runner-up or read from the title
            # alone) is worth a note; weaker guesses are left to the audit's suggestions.
            if verdict == SUGGESTED and entry is not None and match.score >= limits.tag:
                these.append(Note(
                    f"perhaps answers bank question {entry.id!r} ({entry.text!r}, "
                    f"{match.score:.2f}, from its {WHERE[match.where]}); not sure enough "
                    "to fill in Question:", level="info"))
        return found, notes


def _renderer(settings: dict):
    """Markdown to HTML with the site's extensions (one instance, reset per post)."""
    import markdown

    configs = (settings.get("MARKDOWN") or {}).get("extension_configs") or {}
    md = markdown.Markdown(extensions=list(configs), extension_configs=configs)

    def render(text: str) -> str:
        md.reset()
        return md.convert(text)

    return render
