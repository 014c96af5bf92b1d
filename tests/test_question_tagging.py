"""The tagging decisions and settings check of customer_questions, without a build."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from customer_questions.matching import QuestionMatcher, headings, is_question, words
from customer_questions.settings import check_settings
from customer_questions.tagging import Tagger
from editorial.question_bank import Bank, Question


def bank() -> Bank:
    questions = [
        Question("workshop-cost", "How much does an alignment workshop cost?", "cost",
                 "consideration", 14, (), 1),
        Question("lead-definition", "How do we agree on one definition of a qualified lead?",
                 "how-to", "awareness", 27, (), 7),
    ]
    return Bank({q.id: q for q in questions}, "content/questions.yml")


def tagger(infer: bool = True) -> Tagger:
    b = bank()
    return Tagger(b, QuestionMatcher((q.id, q.text) for q in b.questions.values()),
                  slugify=lambda t: "-".join(sorted(words(t))), url_of=lambda s: f"q/{s}/",
                  infer=infer)


def test_declared_id_uses_the_bank_wording_and_notes_a_different_one():
    question, [note] = tagger().tag(
        {"question-id": "workshop-cost", "question": "What do workshops cost?"}, "T", [])
    assert question["text"] == "How much does an alignment workshop cost?"
    assert (question["id"], question["how"], question["url"]) == (
        "workshop-cost", "declared", "q/workshop-cost/")
    assert (note.level, note.rule, note.field) == ("info", "question-wording", "question")


def test_unknown_id_is_an_error_that_keeps_the_declared_text():
    question, [note] = tagger().tag(
        {"question-id": "lead-defintion", "question": "Why do leads stall?"}, "T", [])
    assert (note.level, note.rule, note.field) == ("error", "unknown-question-id", "question-id")
    assert "did you mean 'lead-definition'?" in note.message
    assert question["text"] == "Why do leads stall?" and question["id"] is None


def test_free_text_questions_get_one_slug_each_and_never_a_bank_id():
    t = tagger()
    first, _ = t.tag({"question": "Why do leads stall?"}, "A", [])
    again, _ = t.tag({"question": "why do leads stall"}, "B", [])
    other, _ = t.tag({"question": "Workshop cost?"}, "C", [])
    assert first["slug"] == again["slug"] != other["slug"]
    assert first["slug"] not in bank().questions


def test_inference_prefers_the_bank_then_question_titles_then_none():
    t = tagger()
    q, [note] = t.tag({}, "Notes", ["Intro", "How much does an alignment workshop cost?"])
    assert (q["id"], q["how"], q["source"]) == ("workshop-cost", "inferred", "heading")
    assert note.rule == "question-inferred" and "'Question-Id: workshop-cost'" in note.message
    q, [note] = t.tag({}, "Should we blog every week?", [])
    assert (q["id"], q["text"], q["source"]) == (None, "Should we blog every week?", "title")
    assert "'Question: Should we blog every week?'" in note.message
    q, [note] = t.tag({}, "Our new office", ["Where to find us"])
    assert q is None and (note.level, note.rule) == ("warning", "no-question")


def test_inference_can_be_switched_off():
    question, [note] = tagger(infer=False).tag({}, "Should we blog every week?", [])
    assert question is None and note.rule == "no-question"


def test_headings_are_read_from_rendered_html():
    html = '<p>x</p><h2 id="a">What &amp; why?</h2><h3>Cost <em>now</em></h3><h1>No</h1>'
    assert headings(html) == ["What & why?", "Cost now"]
    assert is_question("Why? ") and not is_question("How we work")


@pytest.mark.parametrize("key, value, words_in_message", [
    ("CUSTOMER_QUESTIONS_URL", "questions/", ["CUSTOMER_QUESTIONS_URL", "{slug}"]),
    ("CUSTOMER_QUESTIONS_INFER", "yes", ["CUSTOMER_QUESTIONS_INFER", "bool"]),
    ("CUSTOMER_QUESTIONS_MATCH_THRESHOLD", 2, ["CUSTOMER_QUESTIONS_MATCH_THRESHOLD"]),
])
def test_bad_settings_fail_early_naming_the_setting(key, value, words_in_message):
    with pytest.raises(ValueError) as error:
        check_settings(SimpleNamespace(settings={key: value}))
    for word in words_in_message:
        assert word in str(error.value)


def test_declared_text_close_to_a_bank_question_is_kept_and_only_suggested():
    question, [note] = tagger().tag({"question": "What does an alignment workshop cost?"}, "T", [])
    assert question["id"] is None and question["text"] == "What does an alignment workshop cost?"
    assert note.rule == "question-id-missing" and "'Question-Id: workshop-cost'" in note.message
    exact, [note] = tagger().tag({"question": "how much does an alignment workshop cost"}, "T", [])
    assert exact["id"] == "workshop-cost"
