"""The labelled set for inline customer quote detection: every case right, every kind covered."""

from __future__ import annotations

from collections import Counter

import markdown
import yaml
from pelican.plugins.customer_sources.detection import (
    Quote,
    customer_source_ids,
    find_quotes,
    parse_many,
    quotes_in,
    verdict,
)

from conftest import DATA

SET = DATA / "source_detection"
KNOWN_IDS = frozenset({
    "interview-2026-02-logistics",
    "survey-2025-q4",
    "support-ticket-2025-03-handoff",
    "review-2025-09-directory",
    "case-study-2025-11-engineering",
})
CATEGORIES = {
    "customer", "attributed", "unattributed", "nested", "code", "comment", "outside", "unknown",
}


def load() -> list[dict]:
    return yaml.safe_load((SET / "cases.yml").read_text(encoding="utf-8"))


def render(text: str) -> str:
    """Markdown to HTML with the site's extensions (MARKDOWN in pelicanconf.py)."""
    extensions = [
        "markdown.extensions.extra", "markdown.extensions.codehilite", "markdown.extensions.toc",
    ]
    return markdown.Markdown(extensions=extensions, output_format="html5").convert(text)


def test_the_labelled_set_covers_every_kind_of_case():
    cases = load()
    categories = Counter(case["category"] for case in cases)
    assert len(cases) >= 40
    assert set(categories) == CATEGORIES
    assert min(categories.values()) >= 3, categories
    assert len({case["name"] for case in cases}) == len(cases), "case names must be unique"
    verdicts = {case["expect"].partition(":")[0] for case in cases}
    assert verdicts == {"customer", "unknown", "attributed", "none"}


def test_the_detector_gets_every_labelled_case_right():
    mistakes = []
    for case in load():
        html = render(case["markdown"])
        got = verdict(html, KNOWN_IDS)
        if got != case["expect"]:
            mistakes.append(
                f"{case['category']}: {case['name']!r} -> {got}, expected {case['expect']}"
            )
        count = len(find_quotes(html))
        if case.get("quotes", count) != count:
            mistakes.append(f"{case['name']!r}: {count} blockquotes, expected {case['quotes']}")
    print("\n".join(mistakes))
    assert mistakes == []


def test_find_quotes_classifies_each_blockquote_in_document_order():
    html = """
    <p>Intro with an em dash — not a quote.</p>
    <blockquote>
    <p>Buyers want a <em>price</em> first.</p>
    <p>— Miriam Achterberg, <em>Selling in Daylight</em></p>
    </blockquote>
    <blockquote><p>We lost leads<br>between two reports.<br>
    – Source:  support-ticket-2025-03-handoff </p></blockquote>
    <blockquote><p>Just a pull quote.</p></blockquote>
    """
    assert find_quotes(html) == [
        Quote("attributed", None, "Miriam Achterberg, Selling in Daylight",
              "Buyers want a price first.", 0),
        Quote("customer", "support-ticket-2025-03-handoff", None,
              "We lost leads between two reports.", 1),
        Quote("unattributed", None, None, "Just a pull quote.", 2),
    ]


def test_nested_blockquotes_are_judged_on_their_own_last_paragraph():
    html = """<blockquote>
    <p>Outer.</p>
    <blockquote><p>Inner.</p><p>— source: survey-2025-q4</p></blockquote>
    </blockquote>
    <div><blockquote><p>Outer two.</p>
    <blockquote><p>Inner two.</p></blockquote>
    <p>-- source: interview-2026-02-logistics</p></blockquote></div>"""
    quotes = find_quotes(html)
    assert [(q.index, q.kind, q.source_id) for q in quotes] == [
        (0, "unattributed", None),
        (1, "customer", "survey-2025-q4"),
        (2, "customer", "interview-2026-02-logistics"),
        (3, "unattributed", None),
    ]
    assert quotes[0].text == "Outer. Inner. — source: survey-2025-q4"
    assert quotes[2].text == "Outer two. Inner two."


def test_code_comments_and_attributes_never_make_an_attribution():
    html = """
    <!-- <blockquote><p>— source: survey-2025-q4</p></blockquote> -->
    <blockquote><p>Quote.</p><pre><code>— source: survey-2025-q4</code></pre></blockquote>
    <blockquote><p>Quote.<br><code>— source: survey-2025-q4</code></p></blockquote>
    <blockquote><p>Quote.<br><!-- — source: survey-2025-q4 --></p></blockquote>
    <blockquote title="— source: survey-2025-q4"><p>Quote.</p></blockquote>
    <pre><code>&lt;blockquote&gt;— source: survey-2025-q4&lt;/blockquote&gt;</code></pre>
    """
    quotes = find_quotes(html)
    assert [q.kind for q in quotes] == ["unattributed"] * 4
    assert customer_source_ids(quotes) == []


def test_code_inside_an_attribution_after_the_dash_is_part_of_it():
    quotes = find_quotes("<blockquote><p>Q.</p><p>— the <code>git</code> manual</p></blockquote>")
    assert quotes[0].attribution == "the git manual"


def test_source_ids_are_kept_as_written_and_listed_once_in_order():
    html = "".join(
        f"<blockquote><p>q</p><p>— source: {source_id}</p></blockquote>"
        for source_id in ["b-2", "a-1", "b-2", "Bad_Id"]
    )
    assert customer_source_ids(find_quotes(html)) == ["b-2", "a-1", "Bad_Id"]
    assert customer_source_ids(find_quotes("<blockquote><p>— source:</p></blockquote>")) == [""]


def test_no_blockquote_means_no_parse():
    assert find_quotes("<p>— source: survey-2025-q4</p>") == []
    assert find_quotes("") == []
    assert find_quotes("<BLOCKQUOTE><p>— source: x</p></BLOCKQUOTE>")[0].source_id == "x"


def test_verdict_precedence():
    known = {"known-id"}
    customer = "<blockquote><p>q</p><p>— source: known-id</p></blockquote>"
    unknown = "<blockquote><p>q</p><p>— source: typo-id</p></blockquote>"
    expert = "<blockquote><p>q</p><p>— An Expert</p></blockquote>"
    pull = "<blockquote><p>q</p></blockquote>"
    assert verdict(unknown + expert + customer, known) == "customer:known-id"
    assert verdict(expert + unknown, known) == "unknown:typo-id"
    assert verdict(pull + expert, known) == "attributed"
    assert verdict(pull, known) == "none"
    assert verdict("<p>nothing</p>", known) == "none"


def test_a_source_line_that_is_not_last_is_reported_as_stray():
    html = markdown.Markdown(extensions=["markdown.extensions.extra"]).convert(
        "> First.\n>\n> — source: survey-2025-q4\n\n> Second.\n>\n> — An Expert\n")
    [quote] = find_quotes(html)  # a blank line alone does not end a blockquote
    assert quote.kind == "attributed" and quote.stray_source_ids == ("survey-2025-q4",)
    [quote] = find_quotes("<blockquote><p>Said.</p><p>— source: a-b</p></blockquote>")
    assert quote.kind == "customer" and quote.stray_source_ids == ()
    nested = ("<blockquote><blockquote><p>In.</p><p>— source: a-b</p></blockquote>"
              "<p>Out.</p></blockquote>")
    assert [q.stray_source_ids for q in find_quotes(nested)] == [(), ()]


def test_parsing_all_cases_in_one_batch_finds_the_same_quotes_as_one_by_one():
    """The build parses every article's quotes in one go (parse_many); same result."""
    htmls = [render(case["markdown"]) for case in load()]
    htmls.append("<p>A quote never closed:</p><blockquote><p>Half a thought")
    batched = [[quote for _, quote in quotes_in(soup)] for soup in parse_many(htmls)]
    assert batched == [find_quotes(html) for html in htmls]
    assert sum(map(len, batched)) >= 40
