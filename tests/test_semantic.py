"""The offline similarity model and the matcher built on it."""

from __future__ import annotations

import numpy as np
import pytest

from customer_evidence.core import semantic
from customer_evidence.core.inference import question_matcher
from customer_evidence.core.language import analyser
from customer_evidence.core.question_bank import Bank, Question
from customer_evidence.core.question_matching import Passage, QuestionMatcher, Synonyms

TEXTS = ["How much does a heat pump cost to install?", "Prices for fitting an air source unit",
         "What's next?", "Zoë's café, naïve 😀", "x"]


def test_vectors_are_wordllamas_own():
    """Our loader reads the wheel's files; its vectors must be WordLlama.embed's."""
    from pathlib import Path

    from wordllama import WordLlama

    reference = WordLlama.load(cache_dir=Path(semantic.package_folder()), disable_download=True)
    ours = semantic.model().embed(TEXTS)
    theirs = reference.embed(TEXTS, norm=True)
    assert np.allclose(ours, theirs, atol=1e-5)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_an_empty_text_is_the_zero_vector():
    vectors = semantic.model().embed(["", "Heat pumps"])
    assert not vectors[0].any() and vectors[1].any()
    assert semantic.model().embed([]).shape == (0, semantic.DIMENSIONS)


def test_the_model_is_loaded_once_per_process(monkeypatch):
    semantic.model.cache_clear()
    loads = []
    real = semantic.Model.__init__

    def counting(self, *args):
        loads.append(1)
        real(self, *args)

    monkeypatch.setattr(semantic.Model, "__init__", counting)
    bank = Bank({"a": Question("a", "How much does a heat pump cost?", "cost", "awareness",
                               0, (), 1)}, "bank")
    for _ in range(3):  # three builds' worth of matchers, each with many articles
        matcher = question_matcher(bank, {})
        matcher.best_matches([[Passage("title", f"Post {i}")] for i in range(50)])
        matcher.closest("heat pump prices")
    assert len(loads) == 1


def test_a_missing_model_says_how_to_reinstall(monkeypatch, tmp_path):
    semantic.model.cache_clear()
    monkeypatch.setattr(semantic, "package_folder", lambda: tmp_path)
    with pytest.raises(semantic.ModelMissing, match="reinstall"):
        semantic.model()
    semantic.model.cache_clear()


def test_synonyms_fold_words_and_phrases_onto_their_key():
    words = Synonyms({"cost": ["price", "how much", "fee"]}, analyser("en"))
    assert words.words("How much are the fees?") == frozenset({"cost"})
    assert words.words("Our prices for boilers") == words.words("our cost for boiler")


def test_closest_finds_a_reworded_question_and_not_a_neighbour():
    matcher = QuestionMatcher(
        [("will-cost", "How much does a will cost?"),
         ("probate-cost", "How much does probate cost?"),
         ("will-update", "How often should I update my will?")],
        semantic.model().embed)
    assert matcher.same_question("How much do wills cost?").question_id == "will-cost"
    assert matcher.same_question("How Often Do I Need To Update My Will?").question_id == (
        "will-update")
    assert matcher.same_question("How long does probate take?") is None


def test_an_article_that_stands_out_for_a_question_is_its_best_match():
    bank = [("pump-cost", "How much does a heat pump cost to install?"),
            ("grant", "Can I get a grant for a heat pump?"),
            ("noise", "Are heat pumps noisy?")]
    matcher = QuestionMatcher(bank, semantic.model().embed)
    articles = [
        [Passage("title", "What our installs cost"),
         Passage("opening", "Installing an air source heat pump costs £8,000 to £14,000 "
                            "before any grant, depending on the size of the house.")],
        [Passage("title", "Quiet running"),
         Passage("opening", "A heat pump is about as loud as a fridge: 40 to 60 decibels "
                            "one metre away, less indoors.")],
        [Passage("title", "Meet the team"),
         Passage("opening", "Our installers have fitted over 900 systems since 2015.")],
    ]
    first, second, third = matcher.best_matches(articles)
    assert first.question_id == "pump-cost"
    assert (first.where, first.evidence) in [(p.kind, p.text) for p in articles[0]]
    assert second.question_id == "noise"
    assert first.score > third.score and first.read_body
    assert matcher.best_matches(articles, wanted=[1])[0] is None


def test_remembered_vectors_are_the_vectors_computed_afresh(monkeypatch):
    """An autoreloading build embeds again only what changed, with the same result."""
    texts = ["How long does a heat pump install take?", "Fixed-price audits", "",
             "Thé coût d'une pompe"]
    fresh = semantic.Model(semantic.model()._embedding[:-1], semantic.model()._tokenizer)
    first = fresh.embed(texts)
    calls = []
    original = fresh._embed
    monkeypatch.setattr(fresh, "_embed", lambda batch: calls.append(list(batch)) or original(batch))
    again = fresh.embed([texts[1], "A new sentence", texts[0]])
    assert calls == [["A new sentence"]]
    np.testing.assert_array_equal(again[0], first[1])
    np.testing.assert_array_equal(again[2], first[0])
    np.testing.assert_array_equal(again[1], original(["A new sentence"])[0])
