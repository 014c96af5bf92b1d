"""customer_questions end to end: tagging, findings, pages, JSON-LD, coverage, cache."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import CONTENT, DATA, blog_posting, build_with_log, findings_in, soup

SITE = DATA / "questions_site"
HOSTILE_BANK_TEXT = 'Is "</script><!-- quoted" text safe in a question?'
HOSTILE_FREE_TEXT = 'Does </script><script>window.pwned=1</script> <!-- break "things"?'


@pytest.fixture(scope="module")
def dev(tmp_path_factory):
    """The scenario site built with pelicanconf.py: (output, findings)."""
    output, records = build_with_log(
        "pelicanconf.py", tmp_path_factory.mktemp("questions-dev") / "output", SITE
    )
    return output, findings_in(records)


@pytest.fixture(scope="module")
def publish(tmp_path_factory):
    output, records = build_with_log(
        "publishconf.py", tmp_path_factory.mktemp("questions-publish") / "output", SITE
    )
    return output, findings_in(records)


def finding(findings: list[str], file: str, rule: str) -> str:
    [found] = [f for f in findings
               if f.split(": ", 1)[1].startswith(f"tests/data/questions_site/articles/{file}")
               and f": {rule}: " in f]
    return found


def article(output: Path, slug: str):
    return soup(output / "posts" / slug / "index.html")


def answers(page) -> tuple[str, str | None]:
    """The question an article page says it answers, and where that links."""
    block = page.select_one("article .answers")
    link = block.find("a")
    text = (link or block).get_text(" ", strip=True)
    return text.replace("This article answers:", "").strip(), link["href"] if link else None


def test_a_declared_bank_question_is_shown_and_linked_to_its_page(dev):
    output, _ = dev
    text, href = answers(article(output, "what-our-alignment-workshops-cost"))
    assert text == "How much does a sales and marketing alignment workshop cost?"
    assert href == "/questions/workshop-cost/"
    page = soup(output / "questions" / "workshop-cost" / "index.html")
    assert page.find("h1").get_text() == text
    links = {h.get_text(strip=True): h.a["href"] for h in page.select("main article h3")}
    assert set(links) == {"What our alignment workshops cost", "The workshop price list explained"}
    for title, href in links.items():  # each links to the article of that title
        assert article(output, href.strip("/").split("/")[-1]).find("h1").get_text() == title


def test_question_text_matching_the_bank_suggests_the_id_line(dev):
    output, findings = dev
    message = finding(findings, "declared-text-in-bank.md:3", "question-id-missing")
    assert "'Question-Id: workshop-cost'" in message
    assert answers(article(output, "the-workshop-price-list-explained"))[1] == (
        "/questions/workshop-cost/")


def test_an_unknown_question_id_is_an_error_with_close_matches(dev):
    output, findings = dev
    message = finding(findings, "unknown-id.md:3", "unknown-question-id")
    assert "'workshop-cots'" in message and "did you mean 'workshop-cost'" in message
    assert article(output, "a-typo-in-the-question-id").select_one(".answers") is None


def test_a_bank_question_is_inferred_from_the_opening_with_score_and_evidence(dev):
    output, findings = dev
    message = finding(findings, "inferred-from-bank.md", "question-inferred")
    assert "'Question-Id: sales-ignores-leads'" in message
    assert "score " in message and "Sales teams ignore the leads" in message
    page = article(output, "the-leads-nobody-calls-back")
    text, href = answers(page)
    assert text == "Why does sales ignore the leads marketing sends?"
    assert href == "/questions/sales-ignores-leads/"
    assert json_ld(page)["about"]["name"] == text


def suggested_only(output: Path, slug: str) -> None:
    """A guessed question is nowhere on the article's page, nor in its JSON-LD."""
    page = article(output, slug)
    assert page.select_one(".answers") is None
    assert "about" not in json_ld(page)


def test_a_title_phrased_as_a_question_is_only_a_suggestion(dev):
    output, findings = dev
    message = finding(findings, "inferred-from-title.md", "no-question")
    assert "'Question: Should you write your own case studies?'" in message
    suggested_only(output, "should-you-write-your-own-case-studies")
    assert not (output / "questions" / "should-you-write-your-own-case-studies").exists()
    assert "case studies" not in soup(output / "questions" / "index.html").get_text()
    assert "What's next" not in message


def test_a_bank_match_on_a_title_or_heading_alone_is_only_a_suggestion(dev):
    output, findings = dev
    for file, slug, question_id in (
        ("title-only-bank.md", "why-does-sales-ignore-the-leads-marketing-sends",
         "sales-ignores-leads"),
        ("inferred-from-heading.md", "notes-on-cleaning-up-a-crm", "crm-cleanup-cost"),
    ):
        message = finding(findings, file, "no-question")
        assert f"may answer bank question {question_id!r}" in message
        assert f"'Question-Id: {question_id}'" in message
        suggested_only(output, slug)


def test_suggestions_never_make_articles_compete(dev):
    _, findings = dev
    competing = [f for f in findings if ": competing-articles: " in f]
    assert not [f for f in competing if "title-only-bank.md" in f or "inferred-from" in f]


def test_an_article_with_no_question_is_flagged(dev):
    output, findings = dev
    message = finding(findings, "no-question.md", "no-question")
    assert "answers no customer question" in message and "Question:" in message
    assert article(output, "our-new-office-in-leeds").select_one(".answers") is None


def test_two_published_articles_on_one_question_get_an_info_finding_on_the_newer(dev):
    _, findings = dev
    assert "declared-id.md" in finding(findings, "declared-text-in-bank.md", "competing-articles")
    assert [f for f in findings if "competing-articles" in f and "/declared-id.md:" in f] == []


def test_the_hub_groups_by_stage_and_counts_articles(dev):
    output, _ = dev
    hub = soup(output / "questions" / "index.html")
    stages = [h.get_text() for h in hub.select("main section > h2")]
    assert stages[0].startswith("Awareness") and stages[1].startswith("Consideration")
    links = {a.get_text(): a.parent for a in hub.select(".question-list a")}
    workshop = links["How much does a sales and marketing alignment workshop cost?"]
    assert workshop.select_one(".count").get_text() == "2 articles"
    assert "What should we say on a renewal call?" in links  # free text, not in the bank


def test_unanswered_bank_questions_are_on_the_hub_only_in_development(dev, publish):
    unanswered = "How do we agree on one definition of a qualified lead?"  # only a draft answers
    dev_hub = soup(dev[0] / "questions" / "index.html")
    assert unanswered in [li.contents[0].strip() for li in dev_hub.select("li.unanswered")]
    publish_hub = soup(publish[0] / "questions" / "index.html")
    assert unanswered not in publish_hub.get_text()
    assert not publish_hub.select("li.unanswered")


def test_list_pages_show_the_question_under_each_title(dev):
    output, _ = dev
    pages = [output / "index.html", *output.glob("page/*/index.html")]
    summaries = [s for page in pages for s in soup(page).select("main article.summary")]
    by_title = {s.find("h2").get_text(strip=True): s for s in summaries}
    shown = by_title["What our alignment workshops cost"].select_one(".answers a")
    assert shown.get_text() == "How much does a sales and marketing alignment workshop cost?"
    assert by_title["Our new office in Leeds"].select_one(".answers") is None


def test_a_draft_shows_its_question_unlinked_and_makes_no_question_page(dev):
    output, _ = dev
    draft = soup(output / "drafts" / "a-draft-about-lead-definitions" / "index.html")
    text, href = answers(draft)
    assert text == "How do we agree on one definition of a qualified lead?" and href is None
    assert not (output / "questions" / "lead-definition").exists()


def json_ld(page) -> dict:
    return blog_posting(page)


@pytest.mark.parametrize("slug, text", [
    ("quoting-in-questions", HOSTILE_BANK_TEXT),
    ("a-free-question-with-markup", HOSTILE_FREE_TEXT),
    ("what-our-alignment-workshops-cost",
     "How much does a sales and marketing alignment workshop cost?"),
])
def test_json_ld_is_a_blog_posting_about_the_question_and_cannot_break_out(publish, slug, text):
    output, _ = publish
    page_html = (output / "posts" / slug / "index.html").read_text()
    page = soup(output / "posts" / slug / "index.html")
    data = json_ld(page)
    assert data["@type"] == "BlogPosting" and data["@context"] == "https://schema.org"
    assert data["about"]["@type"] == "Question" and data["about"]["name"] == text
    assert data["url"].startswith("https://") and data["about"]["url"].startswith("https://")
    # Inline scripts are JSON-LD only, and no question text closed one early.
    inline = [s for s in page.find_all("script") if not s.get("src")]
    assert {s.get("type") for s in inline} == {"application/ld+json"}
    assert page_html.count("</script>") == len(page.find_all("script"))
    assert "<!--" not in page_html
    assert page.find("h1").get_text()  # the page after the script still parses


def test_coverage_lists_every_bank_question_and_ranks_the_gaps(dev, publish):
    coverage = json.loads((dev[0] / "editorial" / "question-coverage.json").read_text())
    assert [q["id"] for q in coverage["questions"]] == [
        "workshop-cost", "sales-ignores-leads", "crm-cleanup-cost", "lead-definition", "quoting"]
    workshop = coverage["questions"][0]
    assert {a["title"] for a in workshop["articles"]} == {
        "What our alignment workshops cost", "The workshop price list explained"}
    # crm-cleanup-cost is only suggested (a heading asks it), so it is still a gap.
    assert [g["id"] for g in coverage["gaps"]] == ["lead-definition", "crm-cleanup-cost"]
    assert coverage["answered"] == 3 and coverage["total"] == 5
    assert not (publish[0] / "editorial").exists()


def test_the_sample_site_flags_its_article_without_a_question(tmp_path, published):
    output, records = build_with_log("pelicanconf.py", tmp_path / "output", CONTENT)
    flagged = [f for f in findings_in(records) if ": no-question: " in f]
    assert len(flagged) == 1 and "spring-round-table-notes.md" in flagged[0]
    with_question = [p for p in published if "question" in p.meta or "question-id" in p.meta]
    assert len(with_question) == len(published) - 1
    shown = 0
    for page in output.glob("posts/*/index.html"):
        shown += soup(page).select_one("article .answers") is not None
    assert shown == len(with_question)


@pytest.mark.parametrize("layer", ["reader", "generator"])
def test_a_cached_rebuild_gives_the_same_pages_and_findings(tmp_path, layer):
    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
             "CONTENT_CACHING_LAYER": layer, "CACHE_PATH": str(tmp_path / "cache")}
    runs = []
    for n in range(2):
        output, records = build_with_log("pelicanconf.py", tmp_path / f"out{n}", content, **cache)
        pages = {p.relative_to(output): p.read_text() for p in output.glob("questions/**/*.html")}
        articles = {p.relative_to(output): p.read_text() for p in output.glob("posts/*/index.html")}
        runs.append((pages, articles, sorted(findings_in(records))))
    assert any((tmp_path / "cache").iterdir()), "the first build should fill the cache"
    assert runs[0] == runs[1]
    assert len(runs[0][0]) > 5 and runs[0][2]


def test_the_editorial_report_shows_suggestions_with_their_evidence(dev):
    output, _ = dev
    report = json.loads((output / "editorial" / "report.json").read_text())
    rows = {row["file"].rsplit("/", 1)[-1]: row for row in report["articles"]}
    title_only = rows["title-only-bank.md"]
    assert title_only["how"] == "none" and title_only["question"] is None
    assert title_only["suggestion"]["id"] == "sales-ignores-leads"
    assert title_only["suggestion"]["where"] == "title"
    inferred = rows["inferred-from-bank.md"]
    assert inferred["how"] == "inferred" and inferred["question"]["score"] >= 3.6
    assert inferred["question"]["evidence"].startswith("Sales teams ignore")
    page = soup(output / "editorial" / "index.html")
    item = page.select_one('article.report-article[data-file$="title-only-bank.md"]')
    assert "sales-ignores-leads" in item.select_one(".suggestion").get_text()
    assert "Not shown on the site until declared" in item.select_one(".suggestion").get_text()
