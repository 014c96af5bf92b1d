"""A blog in another trade, with its own vocabulary in settings: a heating engineer.

Its bank and registry use the firm's own topics, stages and source kinds (set
below as pelicanconf.py would), and its posts answer the bank's questions in
their own words. The build must accept that vocabulary, show its labels, reject
the defaults it replaced, and put each paraphrased post's question in front of
the author without ever publishing a wrong one.
"""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import DATA, build_with_log, findings_in, soup

SITE = DATA / "heating_site"
VOCABULARY = {
    "CUSTOMER_QUESTIONS_TOPICS": {
        "prices": "Prices and running costs", "repairs": "Breakdowns and repairs",
        "choosing": "Choosing a system", "aftercare": "Servicing and aftercare"},
    "CUSTOMER_QUESTIONS_STAGES": {
        "researching": "Finding out what's wrong", "comparing": "Weighing up options",
        "booking": "Ready to book", "owning": "Living with it"},
    "CUSTOMER_SOURCES_KINDS": {
        "site-survey": "Home survey", "callout": "Callout report", "review": "Customer review"},
}
# Each paraphrased post and the bank question it answers; the rest answer none.
ANSWERS = {
    "new-boiler-prices.md": "boiler-replacement-cost",
    "radiators-cold-upstairs.md": "radiator-cold-top",
    "servicing-intervals.md": "boiler-service-frequency",
    "pressure-gauge.md": "boiler-pressure-drop",
}
NONE = ("team-news.md", "van-fleet.md", "smart-thermostats.md")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("heating")
    content = root / "content"
    shutil.copytree(SITE, content)
    output, records = build_with_log("pelicanconf.py", root / "output", content, **VOCABULARY)
    report = json.loads((output / "editorial" / "report.json").read_text())
    rows = {r["file"].rsplit("/", 1)[-1]: r for r in report["articles"]}
    return output, findings_in(records), rows


def test_the_teams_vocabulary_is_valid_and_shown(site):
    output, findings, _ = site
    assert not [f for f in findings if "bank-unknown" in f or "sources-unknown-kind" in f]
    hub = soup(output / "questions" / "index.html")
    headings = [h.get_text() for h in hub.select("main h2")]
    assert "Finding out what's wrong" in headings and "Awareness" not in " ".join(headings)
    page = soup(output / "posts" / "warm-at-the-bottom-chilly-at-the-top" / "index.html")
    assert "Callout report" in page.get_text()


def test_each_paraphrased_post_gets_its_bank_question_and_none_a_wrong_one(site):
    output, findings, rows = site
    for file, question_id in ANSWERS.items():
        row = rows[file]
        found = (row["question"] or {}).get("id") or (row["suggestion"] or {}).get("id")
        assert found == question_id, (file, row["question"], row["suggestion"])
        evidence = (row["question"] or {}).get("evidence") or row["suggestion"]["evidence"]
        assert evidence  # the sentence that matched, for the editor
    for file in NONE:
        row = rows[file]
        assert row["question"] is None, file
        assert (row["suggestion"] or {}).get("id") is None, (file, row["suggestion"])
    public = {f: r["question"]["id"] for f, r in rows.items() if r["question"]}
    assert all(ANSWERS.get(f) == q for f, q in public.items()), public


def test_conversational_headings_suggest_nothing(site):
    _, findings, rows = site
    assert rows["team-news.md"]["suggestion"] is None  # "Sound familiar?"
    assert not [f for f in findings if "What's next" in f or "And you?" in f]


def test_the_default_vocabulary_is_refused_with_the_sites_own_listed(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    with (content / "questions.yml").open("a", encoding="utf-8") as bank:
        bank.write("- id: workshop-cost\n  question: How much is a workshop?\n  topic: cost\n")
    _, records = build_with_log("pelicanconf.py", tmp_path / "output", content, **VOCABULARY)
    [message] = [f for f in findings_in(records) if "bank-unknown-topic" in f]
    assert "'cost' is not one of prices, repairs, choosing, aftercare" in message
    assert "CUSTOMER_QUESTIONS_TOPICS" in message and "questions.yml:" in message


@pytest.mark.parametrize("value, words", [
    ({}, ["CUSTOMER_QUESTIONS_TOPICS", "non-empty dict"]),
    ({"Prices!": "Prices"}, ["id 'Prices!'", "lower case"]),
    ({"prices": ""}, ["CUSTOMER_QUESTIONS_TOPICS['prices']", "label"]),
])
def test_a_malformed_vocabulary_fails_early_naming_the_setting(value, words):
    from customer_evidence.core.vocabulary import check_vocabulary

    with pytest.raises(ValueError) as error:
        check_vocabulary({"CUSTOMER_QUESTIONS_TOPICS": value})
    for word in words:
        assert word in str(error.value)
