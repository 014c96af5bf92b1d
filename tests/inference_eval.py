"""Score question inference on the labelled fields in tests/data/question_fields/.

Each file is one trade with its own bank and 30 labelled articles (title, summary,
headings, opening paragraph, and the bank id it answers or null). Fields are split
once: TUNING chose the matcher's weights and the default thresholds; HELD_OUT was
never used to choose anything and reports how the defaults do on trades not seen.

    python -m tests.inference_eval    # figures per field and the mistakes
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

from pelican.plugins.customer_questions.tagging import INFERRED, decide  # noqa: E402

from customer_evidence.core.article_text import sentences_of  # noqa: E402
from customer_evidence.core.inference import question_matcher, thresholds  # noqa: E402
from customer_evidence.core.question_bank import Bank, Question  # noqa: E402
from customer_evidence.core.question_matching import Passage  # noqa: E402

FIELDS = Path(__file__).resolve().parent / "data" / "question_fields"
TUNING = ("industrial-equipment", "veterinary-care", "legal-services", "dental-clinic")
HELD_OUT = ("accounting-software", "hr-consulting", "solar-installation", "managed-it-security")
KINDS = ("exact", "paraphrase", "opening", "near-miss", "none", "rhetorical")


@dataclass
class Score:
    """Tags right, wrong and missed over some cases, and the mistakes."""

    right: int = 0
    wrong: int = 0
    missed: int = 0
    mistakes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / ((self.right + self.wrong) or 1)

    @property
    def recall(self) -> float:
        return self.right / ((self.right + self.missed) or 1)

    def add(self, other: Score) -> None:
        self.right += other.right
        self.wrong += other.wrong
        self.missed += other.missed
        self.mistakes += other.mistakes


def load_field(name: str) -> dict:
    return yaml.safe_load((FIELDS / f"{name}.yml").read_text(encoding="utf-8"))


def bank_of(data: dict) -> Bank:
    return Bank({q["id"]: Question(q["id"], q["question"], q.get("topic", "other"),
                                   q.get("stage", "awareness"), 0, (), 0)
                 for q in data["bank"]}, data["field"])


def passages_of(case: dict) -> list[Passage]:
    """A labelled case as the plugin reads an article: title, summary, headings, opening."""
    found = [Passage("title", case["title"])]
    if case.get("summary"):
        found.append(Passage("summary", case["summary"]))
    found += [Passage("heading", h) for h in case.get("headings") or []]
    found += [Passage("opening", s) for s in sentences_of(case.get("opening") or "")]
    return found


def score_field(name: str, settings: dict | None = None) -> Score:
    """Tag one field's cases with the default settings (or `settings`) and count."""
    settings = settings or {}
    data = load_field(name)
    matcher = question_matcher(bank_of(data), settings)
    limits = thresholds(settings)
    result = Score()
    matches = matcher.best_matches([passages_of(c) for c in data["cases"]])
    for case, match in zip(data["cases"], matches, strict=True):
        got = match.question_id if decide(match, limits) == INFERRED else None
        expected = case["expect"]
        if got == expected:
            result.right += got is not None
            continue
        result.wrong += got is not None
        result.missed += expected is not None
        if got is not None:
            result.mistakes.append(
                f"{name} {case['kind']}: {case['title']!r} tagged {got} (score "
                f"{match.score:.2f}, margin {match.margin:.2f}), expected {expected}")
    return result


def score_fields(names) -> tuple[Score, dict[str, Score]]:
    total, per_field = Score(), {}
    for name in names:
        per_field[name] = score_field(name)
        total.add(per_field[name])
    return total, per_field


def kinds_of(name: str) -> Counter:
    return Counter(case["kind"] for case in load_field(name)["cases"])


def main() -> int:
    for title, names in (("tuning", TUNING), ("held out", HELD_OUT)):
        total, per_field = score_fields(names)
        print(f"{title}: precision {total.precision:.3f}, recall {total.recall:.3f} "
              f"({total.right} right, {total.wrong} wrong, {total.missed} missed)")
        for name, s in per_field.items():
            print(f"  {name}: precision {s.precision:.2f}, recall {s.recall:.2f}")
        for mistake in total.mistakes:
            print(f"  wrong: {mistake}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
