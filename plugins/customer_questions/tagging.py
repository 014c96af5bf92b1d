"""Which customer question does an article answer? Pure decisions, no Pelican.

Three outcomes, and only the first two reach readers:

- declared: the author gave `Question-Id` or `Question`.
- inferred: no declaration, but the article's text (not its title or headings
  alone) matches a bank question with a score of at least the threshold, clear of
  the runner-up by the margin: a confident bank match. It carries its score and
  evidence (the passage that matched), and a warning asks the author to declare it.
- suggested: a weaker bank match (at least the suggestion threshold), or a title or
  heading phrased as a customer question that the bank lacks. The author and the
  editorial report see it, with its evidence; the page, its JSON-LD and the
  competing-articles check never do. A conversational heading ("What's next?",
  "And you?") is not suggested at all.

`decide()` turns a matcher's `Match` into one of those; `Tagger.tag()` returns
the public question (plain data, so it pickles with Pelican's content cache), the
suggestion, and what the author should be told.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from customer_evidence.core.findings import Note
from customer_evidence.core.inference import INFERRED, SUGGESTED, WHERE, Thresholds, decide
from customer_evidence.core.language import normalise_question
from customer_evidence.core.question_bank import Bank, Question
from customer_evidence.core.question_matching import Match, Passage, QuestionMatcher

from .phrasing import is_customer_question

DECLARED = "declared"




@dataclass
class Tagger:
    """Tags articles against one bank; gives each question one slug for the build."""

    bank: Bank
    matcher: QuestionMatcher
    slugify: Callable[[str], str]
    url_of: Callable[[str], str]
    limits: Thresholds
    infer: bool = True
    lang: str = "en"  # the site's DEFAULT_LANG, for what a question opens with

    def __post_init__(self) -> None:
        self._by_text = {normalise_question(q.text): q for q in self.bank.questions.values()}
        self._slugs: dict[str, str] = {}  # question key -> slug
        self._taken = {q.id for q in self.bank.questions.values()}

    def slug_for(self, text: str, entry: Question | None) -> str:
        """The bank id, or a slug of the text that no other question uses."""
        if entry:
            return entry.id
        key = normalise_question(text)
        if key not in self._slugs:
            base = self.slugify(text)[:80].strip("-") or "question"
            slug, n = base, 2
            while slug in self._taken:
                slug, n = f"{base}-{n}", n + 1
            self._taken.add(slug)
            self._slugs[key] = slug
        return self._slugs[key]

    def _data(self, text: str, entry: Question | None, how: str,
              match: Match | None = None) -> dict:
        """The `customer_question` attribute of an article: plain, picklable data."""
        slug = self.slug_for(text, entry)
        return {
            "text": entry.text if entry else text,
            "id": entry.id if entry else None,
            "slug": slug,
            "url": self.url_of(slug),
            "topic": entry.topic if entry else None,
            "stage": entry.stage if entry else None,
            "asked": entry.asked if entry else None,
            "how": how,
            "source": match.where if match else "metadata",
            "score": match.score if match else None,
            "evidence": match.evidence if match else None,
        }

    def needs_inference(self, meta: dict) -> bool:
        """Whether the matcher must read this article (nothing declared)."""
        return self.infer and not (_declared(meta, "question-id") or _declared(meta, "question"))

    def tag(
        self, meta: dict, title: str, passages: Sequence[Passage], match: Match | None = None
    ) -> tuple[dict | None, dict | None, list[Note]]:
        """The public question, the suggestion, and the notes for the article's author.

        `match` is the matcher's best bank match for `passages`, worked out by the
        caller for many articles at once (None when nothing declared is missing).
        """
        declared_id, declared_text = _declared(meta, "question-id"), _declared(meta, "question")
        if declared_id:
            question, notes = self._declared_id(declared_id, declared_text)
            return question, None, notes
        if declared_text:
            question, notes = self._declared_text(declared_text)
            return question, None, notes
        if not self.infer:
            return None, None, [_no_question()]
        return self._inferred(title, passages, match)

    def _declared_id(self, question_id: str, text: str) -> tuple[dict | None, list[Note]]:
        entry = self.bank.get(question_id)
        if entry is None:
            close = self.bank.close_ids(question_id)
            hint = f"did you mean {', '.join(repr(c) for c in close)}? " if close else ""
            note = Note("error", "unknown-question-id",
                        f"Question-Id {question_id!r} is not in {self.bank.path}; {hint}"
                        "fix the id or add the question to the bank", "question-id")
            if text:
                return self._data(text, None, DECLARED), [note]
            return None, [note]
        notes = []
        if text and normalise_question(text) != normalise_question(entry.text):
            notes.append(Note("info", "question-wording",
                              f"Question differs from the bank's wording for {entry.id!r} "
                              f"({entry.text!r}); the site shows the bank's wording. Change "
                              "one of them if the difference matters", "question"))
        return self._data(entry.text, entry, DECLARED), notes

    def _declared_text(self, text: str) -> tuple[dict, list[Note]]:
        entry = self._by_text.get(normalise_question(text))
        if entry:
            return self._data(entry.text, entry, DECLARED), [Note(
                "info", "question-id-missing",
                f"Question is bank entry {entry.id!r}; add the line "
                f"'Question-Id: {entry.id}' so the bank counts this article", "question")]
        match = self.matcher.same_question(text)
        notes = []
        if match:
            entry = self.bank.get(match.question_id)
            notes.append(Note(
                "info", "question-id-missing",
                f"Question is close to bank entry {entry.id!r} ({entry.text!r}, score "
                f"{match.score:.2f}); if it is the same question, add the line "
                f"'Question-Id: {entry.id}'", "question"))
        return self._data(text, None, DECLARED), notes

    def _inferred(
        self, title: str, passages: Sequence[Passage], match: Match | None
    ) -> tuple[dict | None, dict | None, list[Note]]:
        verdict = decide(match, self.limits)
        if verdict == INFERRED:
            entry = self.bank.get(match.question_id)
            return self._data(entry.text, entry, INFERRED, match), None, [Note(
                "warning", "question-inferred",
                f"answers bank question {entry.id!r} ({entry.text!r}): score "
                f"{match.score:.2f}, from the {WHERE[match.where]} {_quote(match.evidence)}; "
                f"declare it by adding the line 'Question-Id: {entry.id}'")]
        if verdict == SUGGESTED:
            entry = self.bank.get(match.question_id)
            suggestion = _suggestion(entry.text, entry.id, match.where, match.evidence,
                                     match.score)
            return None, suggestion, [Note(
                "warning", "no-question",
                f"answers no declared customer question; it may answer bank question "
                f"{entry.id!r} ({entry.text!r}): score {match.score:.2f}, from the "
                f"{WHERE[match.where]} {_quote(match.evidence)}. If it does, add the line "
                f"'Question-Id: {entry.id}'; else add 'Question: <the customer's words>'")]
        asked = next((p for p in passages if p.kind in ("title", "heading")
                      and is_customer_question(p.text, self.lang)), None)
        if asked:
            same = self.matcher.same_question(asked.text)
            entry = self.bank.get(same.question_id) if same else None
            if entry:
                suggestion = _suggestion(entry.text, entry.id, asked.kind, asked.text, None)
                return None, suggestion, [Note(
                    "warning", "no-question",
                    f"answers no declared customer question; its {asked.kind} asks bank "
                    f"question {entry.id!r} ({asked.text!r}), but the article's text does not "
                    f"say so clearly enough to tag it: it may answer bank question "
                    f"{entry.id!r}. If it does, add the line 'Question-Id: {entry.id}'")]
            suggestion = _suggestion(asked.text, None, asked.kind, asked.text, None)
            return None, suggestion, [Note(
                "warning", "no-question",
                f"answers no declared customer question; its {asked.kind} asks "
                f"{asked.text!r}: if a customer asked it, add the line 'Question: {asked.text}'")]
        return None, None, [_no_question()]


def _declared(meta: dict, key: str) -> str:
    return str(meta.get(key) or "").strip()


def _suggestion(text: str, question_id: str | None, where: str, evidence: str,
                score: float | None) -> dict:
    """A question the article may answer: for its author and the report only."""
    return {"text": text, "id": question_id, "where": where, "evidence": evidence,
            "score": score}


def _quote(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[:limit - 1].rstrip() + "…")


def _no_question() -> Note:
    return Note("warning", "no-question",
                "answers no customer question; add 'Question: <the customer's words>' "
                "or 'Question-Id: <id>' from the question bank")


def question_key(question: dict) -> str:
    """Articles with the same key answer the same question."""
    return question["id"] or "text:" + normalise_question(question["text"])
