"""The labelled set for question inference: precision at least 0.9, recall at least 0.7."""

from __future__ import annotations

from collections import Counter

import yaml
from conftest import DATA
from customer_questions.matching import QuestionMatcher

SET = DATA / "question_inference"


def load(name: str) -> list[dict]:
    return yaml.safe_load((SET / name).read_text(encoding="utf-8"))


def evaluate(matcher: QuestionMatcher, cases: list[dict]) -> tuple[float, float, list[str]]:
    """Precision and recall of bank matches over the cases, and the mistakes."""
    right = wrong = missed = 0
    mistakes = []
    for case in cases:
        found = matcher.best([case["title"], *case.get("headings", [])])
        got = found.question_id if found else None
        if got == case["expect"]:
            right += got is not None
            continue
        wrong += got is not None
        missed += case["expect"] is not None
        mistakes.append(f"{case['kind']}: {case['title']!r} -> {got}, expected {case['expect']}")
    return right / ((right + wrong) or 1), right / ((right + missed) or 1), mistakes


def test_the_labelled_set_covers_every_kind_of_case():
    kinds = Counter(case["kind"] for case in load("cases.yml"))
    assert sum(kinds.values()) >= 40
    assert set(kinds) == {"exact", "paraphrase", "near-miss", "none"}
    assert min(kinds.values()) >= 8


def test_inference_precision_and_recall_on_the_labelled_set():
    bank = load("bank.yml")
    matcher = QuestionMatcher((q["id"], q["question"]) for q in bank)
    precision, recall, mistakes = evaluate(matcher, load("cases.yml"))
    print(f"\nquestion inference: precision {precision:.3f}, recall {recall:.3f}")
    print("\n".join(mistakes))
    assert precision >= 0.9, mistakes
    assert recall >= 0.7, mistakes


def test_near_misses_and_unrelated_articles_are_not_tagged():
    bank = load("bank.yml")
    matcher = QuestionMatcher((q["id"], q["question"]) for q in bank)
    negatives = [c for c in load("cases.yml") if c["expect"] is None]
    tagged = [c["title"] for c in negatives if matcher.best([c["title"], *c.get("headings", [])])]
    assert len(tagged) <= 1, tagged
