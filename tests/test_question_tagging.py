"""The tagging decisions, the article text and the settings check of customer_questions,
without a build."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pelican.plugins.customer_questions.phrasing import is_customer_question
from pelican.plugins.customer_questions.tagging import (
    INFERRED,
    SUGGESTED,
    Tagger,
    Thresholds,
    decide,
)

from customer_evidence.core.article_text import headings, opening, passages
from customer_evidence.core.inference import question_matcher
from customer_evidence.core.question_bank import Bank, Question
from customer_evidence.core.question_matching import LEAD_WORDS, Match, Passage
from customer_evidence.core.questions_settings import check_settings

LIMITS = Thresholds(tag=3.0, margin=1.0, suggest=2.0)


def bank() -> Bank:
    questions = [
        Question("workshop-cost", "How much does an alignment workshop cost?", "cost",
                 "consideration", 14, (), 1),
        Question("lead-definition", "How do we agree on one definition of a qualified lead?",
                 "how-to", "awareness", 27, (), 7),
    ]
    return Bank({q.id: q for q in questions}, "bank/questions.yml")


def tagger(infer: bool = True) -> Tagger:
    b = bank()
    return Tagger(b, question_matcher(b, {}), slugify=lambda t: t.lower().replace(" ", "-"),
                  url_of=lambda s: f"q/{s}/", limits=LIMITS, infer=infer)


def match(score: float, runner_up: float = 0.0, where="opening",
          evidence="A workshop costs £4,800 to £7,500.") -> Match:
    return Match("workshop-cost", score, where, evidence, "lead-definition", runner_up)


def test_declared_id_uses_the_bank_wording_and_notes_a_different_one():
    question, suggestion, [note] = tagger().tag(
        {"question-id": "workshop-cost", "question": "What do workshops cost?"}, "T", [])
    assert question["text"] == "How much does an alignment workshop cost?"
    assert (question["id"], question["how"], question["url"]) == (
        "workshop-cost", "declared", "q/workshop-cost/")
    assert suggestion is None
    assert (note.level, note.rule, note.field) == ("info", "question-wording", "question")


def test_unknown_id_is_an_error_that_keeps_the_declared_text():
    question, _, [note] = tagger().tag(
        {"question-id": "lead-defintion", "question": "Why do leads stall?"}, "T", [])
    assert (note.level, note.rule, note.field) == ("error", "unknown-question-id", "question-id")
    assert "did you mean 'lead-definition'?" in note.message
    assert question["text"] == "Why do leads stall?" and question["id"] is None


def test_free_text_questions_get_one_slug_each_and_never_a_bank_id():
    t = tagger()
    first, _, _ = t.tag({"question": "Why do leads stall?"}, "A", [])
    again, _, _ = t.tag({"question": "why do leads stall"}, "B", [])
    other, _, _ = t.tag({"question": "Workshop cost?"}, "C", [])
    assert first["slug"] == again["slug"] != other["slug"]
    assert first["slug"] not in bank().questions


@pytest.mark.parametrize("found, verdict", [
    (match(3.5, runner_up=1.0), INFERRED),
    (match(3.5, runner_up=2.8), SUGGESTED),  # too close to the runner-up
    (match(2.5), SUGGESTED),
    (match(1.5), None),
    (None, None),
])
def test_decide_tags_only_a_confident_clear_match(found, verdict):
    assert decide(found, LIMITS) == verdict


def test_a_confident_match_is_tagged_with_its_score_and_evidence():
    question, suggestion, [note] = tagger().tag({}, "Notes from March", [], match(3.4))
    assert (question["id"], question["how"], question["source"]) == (
        "workshop-cost", "inferred", "opening")
    assert question["score"] == 3.4 and question["evidence"].startswith("A workshop costs")
    assert suggestion is None
    assert note.rule == "question-inferred" and "score 3.40" in note.message
    assert "'A workshop costs £4,800 to £7,500.'" in note.message
    assert "'Question-Id: workshop-cost'" in note.message


def test_a_weaker_match_is_only_suggested_never_public():
    question, suggestion, [note] = tagger().tag({}, "Notes from March", [],
                                                 match(2.4, where="heading", evidence="Cost"))
    assert question is None
    assert suggestion == {"text": "How much does an alignment workshop cost?",
                          "id": "workshop-cost", "where": "heading", "evidence": "Cost",
                          "score": 2.4}
    assert note.rule == "no-question" and "may answer bank question 'workshop-cost'" in note.message


def test_a_question_title_not_in_the_bank_is_a_suggestion_only():
    title = "Should we blog every week about our products?"
    question, suggestion, [note] = tagger().tag({}, title, [Passage("title", title)], None)
    assert question is None and suggestion["text"] == title and suggestion["id"] is None
    assert note.rule == "no-question" and f"'Question: {title}'" in note.message


def test_conversational_headings_are_not_suggested():
    texts = [Passage("title", "Spring round-up"), Passage("heading", "What's next?"),
             Passage("heading", "And you?"), Passage("heading", "2 or 3?")]
    question, suggestion, [note] = tagger().tag({}, "Spring round-up", texts, None)
    assert question is None and suggestion is None
    assert note.rule == "no-question" and "What's next" not in note.message


@pytest.mark.parametrize("text, asks", [
    ("What's next?", False), ("And you?", False), ("2 or 3?", False),
    ("Like this idea?", False), ("Any issues or feedback?", False),
    ("Why does this matter?", False), ("Ready to talk?", False), ("Sound familiar?", False),
    ("How long does a heat pump last?", True),
    ("Do you need planning permission for solar panels?", True),
    ("Which accounting package suits a sole trader?", True),
    ("How we price our audits", False),
])
def test_a_customer_question_asks_something_of_substance(text, asks):
    assert is_customer_question(text) is asks


def test_inference_can_be_switched_off():
    question, suggestion, [note] = tagger(infer=False).tag(
        {}, "Should we blog every week?", [Passage("title", "Should we blog every week?")])
    assert question is None and suggestion is None and note.rule == "no-question"


def test_declared_text_close_to_a_bank_question_is_kept_and_only_suggested():
    question, _, [note] = tagger().tag(
        {"question": "What does an alignment workshop cost?"}, "T", [])
    assert question["id"] is None and question["text"] == "What does an alignment workshop cost?"
    assert note.rule == "question-id-missing" and "'Question-Id: workshop-cost'" in note.message
    exact, _, _ = tagger().tag({"question": "how much does an alignment workshop cost"}, "T", [])
    assert exact["id"] == "workshop-cost"


def test_the_article_is_read_from_title_summary_headings_and_opening():
    html = ('<blockquote><p>A customer said this first.</p></blockquote>'
            '<p>Most fits cost £900. Grants cover half!</p><pre><code>x = 1</code></pre>'
            '<h2 id="a">What &amp; why?</h2><p>Second <em>paragraph</em> here.</p>'
            '<h3>Cost now</h3><p>Third paragraph, not the opening.</p>')
    assert headings(html) == ["What & why?", "Cost now"]
    assert opening(html) == ["Most fits cost £900.", "Grants cover half!", "Second paragraph here."]
    found = passages("A title", "TODO: write a summary", html)
    assert [p.kind for p in found] == ["title", "heading", "heading", "opening", "opening",
                                       "opening"]
    assert passages("T", "One line.", "")[1] == Passage("summary", "One line.")


def test_the_opening_stops_at_the_lead_length():
    html = "<p>" + "word " * (LEAD_WORDS * 2) + "</p>"
    assert sum(len(s.split()) for s in opening(html)) == LEAD_WORDS


@pytest.mark.parametrize("key, value, words_in_message", [
    ("CUSTOMER_QUESTIONS_URL", "questions/", ["CUSTOMER_QUESTIONS_URL", "{slug}"]),
    ("CUSTOMER_QUESTIONS_INFER", "yes", ["CUSTOMER_QUESTIONS_INFER", "bool"]),
    ("CUSTOMER_QUESTIONS_MATCH_THRESHOLD", -1, ["CUSTOMER_QUESTIONS_MATCH_THRESHOLD"]),
    ("CUSTOMER_QUESTIONS_SUGGEST_THRESHOLD", 9.0, ["CUSTOMER_QUESTIONS_SUGGEST_THRESHOLD"]),
    ("CUSTOMER_QUESTIONS_SYNONYMS", ["price"], ["CUSTOMER_QUESTIONS_SYNONYMS", "dict"]),
    ("CUSTOMER_QUESTIONS_SYNONYMS", {"heat pump": ["ashp"]}, ["one word"]),
    ("CUSTOMER_QUESTIONS_SYNONYMS", {"cost": "price"}, ["list of words"]),
])
def test_bad_settings_fail_early_naming_the_setting(key, value, words_in_message):
    with pytest.raises(ValueError) as error:
        check_settings(SimpleNamespace(settings={key: value}))
    for word in words_in_message:
        assert word in str(error.value)


def test_a_question_heading_in_the_sites_language_is_suggested():
    b = bank()
    german = Tagger(b, question_matcher(b, {"DEFAULT_LANG": "de"}), slugify=str.lower,
                    url_of=lambda s: s, limits=LIMITS, lang="de")
    heading = "Wie viel kostet eine neue Wärmepumpe?"
    _, suggestion, _ = german.tag({}, "Neuigkeiten", [Passage("title", "Neuigkeiten"),
                                                      Passage("heading", heading)], None)
    assert suggestion["text"] == heading
    assert not is_customer_question(heading, "en")
