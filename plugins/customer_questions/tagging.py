"""Which customer question does an article answer? Pure decisions, no Pelican.

`tag()` takes an article's metadata, title and headings and returns the question
(plain data, so it pickles with Pelican's content cache) and what the author
should be told. The plugin module turns those notes into findings with a file
and line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from editorial.findings import Note
from editorial.question_bank import Bank, Question

from .matching import QuestionMatcher, is_question, normalise_question

DECLARED = "declared"
INFERRED = "inferred"


@dataclass
class Tagger:
    """Tags articles against one bank; gives each question one slug for the build."""

    bank: Bank
    matcher: QuestionMatcher
    slugify: Callable[[str], str]
    url_of: Callable[[str], str]
    infer: bool = True

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

    def _data(self, text: str, entry: Question | None, how: str, source: str) -> dict:
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
            "source": source,
        }

    def tag(
        self, meta: dict, title: str, headings: Sequence[str]
    ) -> tuple[dict | None, list[Note]]:
        """The question an article answers, and the notes for its author."""
        declared_id = str(meta.get("question-id") or "").strip()
        declared_text = str(meta.get("question") or "").strip()
        if declared_id:
            return self._declared_id(declared_id, declared_text)
        if declared_text:
            return self._declared_text(declared_text)
        if self.infer:
            return self._inferred(title, headings)
        return None, [_no_question()]

    def _declared_id(self, question_id: str, text: str) -> tuple[dict | None, list[Note]]:
        entry = self.bank.get(question_id)
        if entry is None:
            close = self.bank.close_ids(question_id)
            hint = f"did you mean {', '.join(repr(c) for c in close)}? " if close else ""
            note = Note("error", "unknown-question-id",
                        f"Question-Id {question_id!r} is not in {self.bank.path}; {hint}"
                        "fix the id or add the question to the bank", "question-id")
            if text:
                return self._data(text, None, DECLARED, "metadata"), [note]
            return None, [note]
        notes = []
        if text and normalise_question(text) != normalise_question(entry.text):
            notes.append(Note("info", "question-wording",
                              f"Question differs from the bank's wording for {entry.id!r} "
                              f"({entry.text!r}); the site shows the bank's wording. Change "
                              "one of them if the difference matters", "question"))
        return self._data(entry.text, entry, DECLARED, "metadata"), notes

    def _declared_text(self, text: str) -> tuple[dict, list[Note]]:
        entry = self._by_text.get(normalise_question(text))
        if entry:
            return self._data(entry.text, entry, DECLARED, "metadata"), [Note(
                "info", "question-id-missing",
                f"Question is bank entry {entry.id!r}; add the line "
                f"'Question-Id: {entry.id}' so the bank counts this article", "question")]
        match = self.matcher.match(text)
        notes = []
        if match:
            entry = self.bank.get(match.question_id)
            notes.append(Note(
                "info", "question-id-missing",
                f"Question is close to bank entry {entry.id!r} ({entry.text!r}); if it is "
                f"the same question, add the line 'Question-Id: {entry.id}'", "question"))
        return self._data(text, None, DECLARED, "metadata"), notes

    def _inferred(self, title: str, headings: Sequence[str]) -> tuple[dict | None, list[Note]]:
        questions = [h for h in headings if is_question(h)]
        match = self.matcher.best([title, *questions])
        if match:
            entry = self.bank.get(match.question_id)
            source = "title" if match.text == title else "heading"
            return self._data(entry.text, entry, INFERRED, source), [Note(
                "warning", "question-inferred",
                f"answers bank question {entry.id!r} ({entry.text!r}), matched from the "
                f"{source}; declare it by adding the line 'Question-Id: {entry.id}'")]
        for text, source in [(title, "title"), *((h, "heading") for h in questions[:1])]:
            if is_question(text):
                return self._data(text, None, INFERRED, source), [Note(
                    "warning", "question-inferred",
                    f"the {source} asks {text!r}; if a customer asked it, declare it by "
                    f"adding the line 'Question: {text}'")]
        return None, [_no_question()]


def _no_question() -> Note:
    return Note("warning", "no-question",
                "answers no customer question; add 'Question: <the customer's words>' "
                "or 'Question-Id: <id>' from the question bank")


def question_key(question: dict) -> str:
    """Articles with the same key answer the same question."""
    return question["id"] or "text:" + normalise_question(question["text"])
