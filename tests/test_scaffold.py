"""customer_evidence.tools.scaffold: the draft `invoke new` writes, checked without invoke."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from pelican.contents import Article
from pelican.settings import read_settings

from conftest import ROOT
from customer_evidence.core.header import parse_header
from customer_evidence.tools.scaffold import (
    SUMMARY_PLACEHOLDER,
    Request,
    ScaffoldError,
    Site,
    plan,
    slug_for,
    write,
)

BANK = """\
- id: workshop-cost
  question: How much does a sales and marketing alignment workshop cost?
  topic: cost
- id: sales-ignores-leads
  question: Why does sales ignore the leads marketing sends?
  topic: problems
- id: crm-cleanup-cost
  question: What does a CRM clean-up cost?
  topic: cost
"""
REGISTRY = """\
- id: interview-2026-02-logistics
  kind: interview
  date: 2026-02-03
  attribution: Operations director, mid-size logistics firm
  consent: public
- id: survey-2025-q4
  kind: survey
  date: 2025-12-05
  attribution: Client survey, Q4 2025
  consent: anonymised
- id: call-2025-11-retail
  kind: sales-call
  date: 2025-11-12
  attribution: Head of sales, retail chain
  consent: private
"""
EXISTING = """\
Title: Our workshop prices, explained
Slug: workshop-prices
Date: 2026-01-05

Text.
"""
DAY = datetime.date(2026, 3, 2)


def settings_for(content: Path, **overrides) -> dict:
    return read_settings(str(ROOT / "pelicanconf.py"),
                         override={"PATH": str(content), **overrides})


@pytest.fixture
def content(tmp_path) -> Path:
    """A content folder with a small bank, registry and one article."""
    folder = tmp_path / "content"
    (folder / "articles").mkdir(parents=True)
    (folder / "questions.yml").write_text(BANK, encoding="utf-8")
    (folder / "sources.yml").write_text(REGISTRY, encoding="utf-8")
    (folder / "articles" / "prices-2026.md").write_text(EXISTING, encoding="utf-8")
    return folder


@pytest.fixture
def site(content) -> Site:
    return Site.from_settings(settings_for(content))


def header_of(text: str) -> dict[str, str]:
    return {f.key: f.value for f in parse_header(text).fields}


def problems_of(request: Request, site: Site) -> list[str]:
    with pytest.raises(ScaffoldError) as refused:
        plan(request, site, DAY)
    return refused.value.problems


@pytest.mark.parametrize("title", [
    "How much does a CRM clean-up cost?",
    "Café prices: what’s in a £4,800 day?",
    "  ABM   or inbound -- which first?  ",
])
def test_the_slug_and_file_name_are_the_ones_pelican_gives_the_title(site, content, title):
    settings = settings_for(content)
    pelican_slug = Article("", metadata={"title": title}, settings=settings).slug
    assert slug_for(title, site) == pelican_slug
    draft = plan(Request(title), site, DAY)
    assert draft.path == content / "articles" / f"{pelican_slug}.md"


def test_the_slug_follows_the_sites_slug_substitutions(content):
    settings = settings_for(content)
    subs = [(r"&", " and "), *settings["SLUG_REGEX_SUBSTITUTIONS"]]
    settings = settings_for(content, SLUG_REGEX_SUBSTITUTIONS=subs)
    title = "Sales & marketing: one team"
    slug = slug_for(title, Site.from_settings(settings))
    assert slug == Article("", metadata={"title": title}, settings=settings).slug
    assert "and" in slug.split("-")


def test_a_bank_question_and_sources_fill_the_header_of_a_draft(site):
    draft = plan(Request("What a CRM clean-up costs", question_id="crm-cleanup-cost",
                         sources=("survey-2025-q4", "interview-2026-02-logistics"),
                         category="Cost and pricing", tags="crm,  pricing",
                         author="Priya Raman"), site, DAY)
    header = header_of(draft.text)
    assert header == {
        "Title": "What a CRM clean-up costs",
        "Date": "2026-03-02",
        "Category": "Cost and pricing",
        "Tags": "crm,  pricing",
        "Author": "Priya Raman",
        "Status": "draft",
        "Question": "What does a CRM clean-up cost?",
        "Question-Id": "crm-cleanup-cost",
        "Sources": "survey-2025-q4, interview-2026-02-logistics",
        "Summary": SUMMARY_PLACEHOLDER,
    }
    assert draft.notes == ()


def test_the_body_shows_a_customer_quote_citing_the_first_source(site):
    draft = plan(Request("Leads", question_id="sales-ignores-leads",
                         sources=("survey-2025-q4", "interview-2026-02-logistics")), site, DAY)
    body = draft.text.split("\n\n", 1)[1]
    quote = [line for line in body.splitlines() if line.startswith(">")]
    assert quote[-1] == "> — source: survey-2025-q4"
    assert len(quote) >= 3 and quote[-2] == ">"


def test_category_tags_and_author_are_left_out_unless_given_and_the_date_is_today(site):
    draft = plan(Request("A title", question_id="workshop-cost"), site)
    header = header_of(draft.text)
    assert not {"Category", "Tags", "Author"} & header.keys()
    assert header["Date"] == datetime.date.today().isoformat()


def test_free_question_text_is_written_without_an_id(site):
    text = "Do we need a new CRM before fixing lead handoff?"
    header = header_of(plan(Request("Handoff", question=text), site, DAY).text)
    assert header["Question"] == text
    assert "Question-Id" not in header


def test_free_text_that_is_a_bank_question_suggests_its_id(site):
    draft = plan(Request("Cost", question="what does a crm clean up cost"), site, DAY)
    assert "Question-Id" not in header_of(draft.text)
    assert any("--question-id crm-cleanup-cost" in message for _, message in draft.notes)


def test_free_text_close_to_a_bank_question_suggests_its_id(site):
    question = "What is the price of a sales and marketing alignment workshop?"
    draft = plan(Request("Workshop price", question=question), site, DAY)
    hints = [message for _, message in draft.notes if "--question-id" in message]
    assert hints and "close to bank question 'workshop-cost'" in hints[0]


def test_question_id_and_question_together_are_refused(site):
    problems = problems_of(Request("T", question_id="workshop-cost", question="How much?"), site)
    assert len(problems) == 1 and "not both" in problems[0]


def test_an_unknown_question_id_lists_the_close_ids_and_names_the_bank(site):
    (problem,) = problems_of(Request("T", question_id="crm-cleanup-cots"), site)
    assert "'crm-cleanup-cots' is not in" in problem and "questions.yml" in problem
    assert "did you mean 'crm-cleanup-cost'?" in problem


def test_an_id_like_no_other_says_so(site):
    (problem,) = problems_of(Request("T", sources=("zzzz",)), site)
    assert "no registered id looks like it" in problem and "sources.yml" in problem


def test_an_unknown_source_lists_the_close_ids(site):
    (problem,) = problems_of(Request("T", sources=("survey-2025-q4", "interview-2026-02-logistic")),
                             site)
    assert problem.startswith("--source 'interview-2026-02-logistic' is not in")
    assert "'interview-2026-02-logistics'" in problem


def test_every_problem_is_listed_at_once(site):
    problems = problems_of(Request("Workshop prices", question_id="nope-cost",
                                   sources=("survey-2025-q5",)), site)
    assert len(problems) == 3
    assert any("--question-id 'nope-cost'" in p for p in problems)
    assert any("--source 'survey-2025-q5'" in p for p in problems)
    assert any("prices-2026.md already uses the slug 'workshop-prices'" in p for p in problems)


def test_a_private_source_is_a_warning_not_a_refusal(site):
    draft = plan(Request("T", question_id="workshop-cost", sources=("call-2025-11-retail",)),
                 site, DAY)
    assert header_of(draft.text)["Sources"] == "call-2025-11-retail"
    warnings = [m for level, m in draft.notes if level == "warning"]
    assert any("'call-2025-11-retail'" in m and "private" in m for m in warnings)


def test_no_question_and_no_source_are_warnings(site):
    draft = plan(Request("Just a title"), site, DAY)
    header = header_of(draft.text)
    assert not {"Question", "Question-Id", "Sources"} & header.keys()
    warnings = " ".join(m for level, m in draft.notes if level == "warning")
    assert "no --source" in warnings and "no --question-id or --question" in warnings
    assert not [line for line in draft.text.splitlines() if line.startswith(">")]


def test_sources_split_on_commas_and_repeats_are_dropped(site):
    draft = plan(Request("T", sources=("survey-2025-q4, interview-2026-02-logistics",
                                       "survey-2025-q4")), site, DAY)
    assert header_of(draft.text)["Sources"] == "survey-2025-q4, interview-2026-02-logistics"


@pytest.mark.parametrize("field, value", [
    ("title", "Two\nlines"),
    ("title", "Carriage\rreturn"),
    ("question", "Line\u2028separator?"),
    ("author", "Priya\nRaman"),
    ("category", "Cost\nand pricing"),
])
def test_a_line_break_in_a_metadata_value_is_refused(site, field, value):
    fields = {"title": "A title", field: value}
    problems = problems_of(Request(**fields), site)
    option = "the title" if field == "title" else f"--{field}"
    assert problems == [f"{option} must be one line (a metadata value cannot span lines); "
                        "remove the line break"]


@pytest.mark.parametrize("title", ["", "   ", "?!…"])
def test_a_title_without_words_is_refused(site, title):
    (problem,) = problems_of(Request(title), site)
    assert "title" in problem


def test_an_existing_file_is_never_overwritten(site, content):
    path = content / "articles" / "new-post.md"
    path.write_text("Title: New post\n\nMine.\n", encoding="utf-8")
    (problem,) = problems_of(Request("New post"), site)
    assert "new-post.md already exists; refusing to overwrite it" in problem
    assert path.read_text(encoding="utf-8") == "Title: New post\n\nMine.\n"


def test_write_refuses_a_file_that_appeared_after_planning(site):
    draft = plan(Request("Late arrival"), site, DAY)
    draft.path.write_text("someone else's\n", encoding="utf-8")
    with pytest.raises(ScaffoldError) as refused:
        write(draft)
    assert "already exists" in str(refused.value)
    assert draft.path.read_text(encoding="utf-8") == "someone else's\n"


def test_write_creates_the_file(site):
    draft = plan(Request("Fresh", question_id="workshop-cost"), site, DAY)
    write(draft)
    assert draft.path.read_text(encoding="utf-8") == draft.text


def test_a_title_whose_slug_another_article_uses_is_refused(site, content):
    (content / "articles" / "older.md").write_text(
        "Title: Same words here\nDate: 2025-01-01\n\nOld.\n", encoding="utf-8")
    (problem,) = problems_of(Request("Same words, here!"), site)
    assert "older.md already uses the slug 'same-words-here'" in problem


def test_an_unreadable_bank_is_named_with_its_line(site, content):
    (content / "questions.yml").write_text(BANK + "- id: x\n  question: Q?\n bad: indent\n",
                                           encoding="utf-8")
    (problem,) = problems_of(Request("T", question_id="workshop-cost"), site)
    line = BANK.count("\n") + 3  # the badly indented line
    assert "cannot read the question bank" in problem
    assert f"questions.yml:{line}: registry-syntax:" in problem


def test_an_unreadable_registry_is_named_with_its_line(site, content):
    (content / "sources.yml").write_text("- id: a\n  kind: interview\n bad: indent\n",
                                         encoding="utf-8")
    (problem,) = problems_of(Request("T", sources=("a",)), site)
    assert "cannot read the source registry" in problem
    assert "sources.yml:3: registry-syntax:" in problem


def test_a_missing_bank_is_named(site, content):
    (content / "questions.yml").unlink()
    (problem,) = problems_of(Request("T", question_id="workshop-cost"), site)
    assert "questions.yml: there is no question bank" in problem


def test_free_question_text_needs_no_bank(site, content):
    (content / "questions.yml").unlink()
    draft = plan(Request("T", question="Who owns the lead handoff?"), site, DAY)
    assert header_of(draft.text)["Question"] == "Who owns the lead handoff?"


def test_free_question_text_with_a_broken_bank_is_written_with_a_warning(site, content):
    (content / "questions.yml").write_text("- id: x\n  question: Q?\n bad: indent\n",
                                           encoding="utf-8")
    draft = plan(Request("T", question="Who owns the lead handoff?"), site, DAY)
    assert header_of(draft.text)["Question"] == "Who owns the lead handoff?"
    assert any(level == "warning" and "questions.yml:3: registry-syntax:" in message
               for level, message in draft.notes)


def test_an_id_whose_entry_has_errors_is_unknown_and_the_error_is_shown(site, content):
    (content / "sources.yml").write_text(
        REGISTRY + "- id: survey-2026-q1\n  kind: survey\n  date: 2026-02-30\n"
        "  attribution: Client survey\n  consent: public\n", encoding="utf-8")
    (problem,) = problems_of(Request("T", sources=("survey-2026-q1",)), site)
    line = REGISTRY.count("\n") + 1  # the bad entry's first line
    assert "--source 'survey-2026-q1' is not in" in problem
    assert "entries with errors are left out, e.g. " in problem
    assert f"sources.yml:{line}: registry-value:" in problem
