"""The question bank, content/questions.yml: what customers ask, validated on load."""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass
from pathlib import Path

from customer_evidence.core.findings import Finding, display_path
from customer_evidence.core.registry import Entry, close_ids, load_entries, unique_by_id
from customer_evidence.core.registry_limits import Limits
from customer_evidence.core.vocabulary import STAGES_KEY, TOPICS_KEY, Vocabulary, allowed

FIELDS = ("id", "question", "topic", "stage", "asked", "heard_in", "last_heard")


@dataclass(frozen=True)
class Question:
    """One question customers ask."""

    id: str
    text: str
    topic: str
    stage: str
    asked: int
    heard_in: tuple[str, ...]
    line: int
    last_heard: datetime.date | None = None  # the newest day customers asked it


@dataclass(frozen=True)
class Bank:
    """The valid questions of the bank, by id, in file order."""

    questions: dict[str, Question]
    path: str

    def get(self, question_id: str) -> Question | None:
        return self.questions.get(question_id)

    def close_ids(self, question_id: str, n: int = 3) -> list[str]:
        """Ids that look like a mistyped `question_id`."""
        return close_ids(question_id, self.questions, n)


def load_bank(path: Path, vocabulary: Vocabulary | None = None,
              limits: Limits | None = None) -> tuple[Bank, list[Finding]]:
    """Load and validate the bank against the site's topics and stages; invalid
    entries are left out and reported. A file beyond `limits` gives no entries."""
    vocabulary = vocabulary or Vocabulary()
    entries, findings = load_entries(path, "question bank", limits)
    name = display_path(str(path))

    def validate(entry: Entry, name: str) -> tuple[Question | None, list[Finding]]:
        return _validate(entry, name, vocabulary)

    questions, problems = unique_by_id(entries, name, validate, "bank-duplicate-id", "question")
    findings += problems
    return Bank(questions, name), findings


def _validate(entry: Entry, name: str,
              vocabulary: Vocabulary) -> tuple[Question | None, list[Finding]]:
    data, problems = entry.data, []

    def problem(rule: str, key: str, message: str) -> None:
        problems.append(Finding("error", rule, name, entry.line_of(key), message))

    question_id = str(data.get("id") or "").strip()
    label = f"entry {question_id!r}" if question_id else "this entry"
    if not question_id:
        problem("bank-missing-id", "id", "this entry has no id; add 'id: some-short-name'")
    text = data.get("question")
    if not isinstance(text, str) or not text.strip():
        problem("bank-missing-question", "question",
                f"{label} has no question text; add 'question: ...' in the customer's words")
    topic = data.get("topic", vocabulary.default_topic)
    if not isinstance(topic, str) or topic not in vocabulary.topics:  # a list is no topic
        problem("bank-unknown-topic", "topic",
                f"{label}: topic {topic!r} is not one of {allowed(vocabulary.topics)} "
                f"(the site's {TOPICS_KEY})")
    stage = data.get("stage", vocabulary.default_stage)
    if not isinstance(stage, str) or stage not in vocabulary.stages:
        problem("bank-unknown-stage", "stage",
                f"{label}: stage {stage!r} is not one of {allowed(vocabulary.stages)} "
                f"(the site's {STAGES_KEY})")
    asked = data.get("asked", 0)
    if not isinstance(asked, int) or isinstance(asked, bool) or asked < 0:
        problem("bank-bad-asked", "asked",
                f"{label}: asked must be a whole number of times (0 or more), not {asked!r}")
    heard_in = data.get("heard_in", [])
    heard_in = [heard_in] if isinstance(heard_in, str) else heard_in
    if not isinstance(heard_in, list) or not all(isinstance(h, str) for h in heard_in):
        problem("bank-bad-heard-in", "heard_in",
                f"{label}: heard_in must be a list such as [sales-call, webinar]")
    try:
        last_heard = _as_date(data.get("last_heard"))
    except ValueError:
        last_heard = None
        problem("bank-bad-last-heard", "last_heard",
                f"{label}: last_heard must be a date written YYYY-MM-DD, not "
                f"{data['last_heard']!r}")
    for key in data:
        if key not in FIELDS:
            hint = difflib.get_close_matches(str(key), FIELDS, n=1)
            fix = f"did you mean {hint[0]!r}?" if hint else f"fields are {', '.join(FIELDS)}"
            problems.append(Finding("warning", "bank-unknown-field", name, entry.line_of(key),
                                    f"{label}: unknown field {key!r}; {fix}"))
    if any(p.level == "error" for p in problems):
        return None, problems
    return Question(question_id, text.strip(), topic, stage, asked,
                    tuple(heard_in), entry.line, last_heard), problems


def _as_date(value) -> datetime.date | None:
    """A date field's value (None when absent); ValueError when it is not a date."""
    if value is None or isinstance(value, datetime.date):
        return value.date() if isinstance(value, datetime.datetime) else value
    if isinstance(value, str):
        return datetime.date.fromisoformat(value.strip())
    raise ValueError(value)
