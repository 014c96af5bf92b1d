"""customer_sources end to end: verdicts, findings, rendering, privacy, JSON-LD, cache."""

from __future__ import annotations

import datetime
import shutil

import pytest
import yaml

from conftest import (
    CONTENT,
    DATA,
    blog_posting,
    build_with_log,
    findings_in,
    output_text,
    shown,
    soup,
)

SITE = DATA / "sources_site"
TODAY = datetime.date(2026, 11, 28)
LEAKED = "Ottoline Vasquez-Brandt"  # written into leak.md on purpose
NEVER_SHOWN = [
    "Quarrymere Haulage", "ottoline@quarrymere.example", "depot closure",
    "Benedikt Oyelaran-Sze", "Fieldgrove Panels", "Wilhelmina Achebe-Lund",
    "Thaddeus Moreau-Kimani", "surveys.example",
]


def build(tmp_path_factory, settings: str):
    output, records = build_with_log(
        settings, tmp_path_factory.mktemp(settings.split(".")[0]) / "output", SITE,
        CUSTOMER_SOURCES_TODAY=TODAY,
    )
    return output, findings_in(records)


@pytest.fixture(scope="module")
def dev(tmp_path_factory):
    return build(tmp_path_factory, "pelicanconf.py")


@pytest.fixture(scope="module")
def publish(tmp_path_factory):
    return build(tmp_path_factory, "publishconf.py")


def finding(findings: list[str], where: str, rule: str) -> str:
    [found] = [f for f in findings
               if f.split(": ")[1].startswith(f"tests/data/sources_site/articles/{where}")
               and f": {rule}: " in f]
    return found


def page(output, slug: str):
    return soup(output / "posts" / slug / "index.html")


def sources_list(html) -> list[str]:
    return [li.get_text(" ", strip=True) for li in html.select("section.customer-sources li")]


def test_sources_cited_in_metadata_are_listed_with_kind_date_and_attribution(dev):
    output, findings = dev
    listed = sources_list(page(output, "cited-through-metadata"))
    assert listed == [
        "Customer interview , May 2026 : Head of sales, regional logistics firm",
        "Customer survey , January 2026 : Client survey, winter 2026 (38 respondents)",
    ]
    assert not [f for f in findings if "cited-metadata.md" in f and "source" in f.split(": ")[2]]
    cited = page(output, "cited-through-metadata")
    links = [a["href"] for a in cited.select(".customer-sources a")]
    assert links == ["https://stories.example/logistics"], "an anonymised source shows no URL"


def test_an_inline_customer_quote_shows_its_public_attribution_and_kind(dev):
    output, _ = dev
    html = page(output, "cited-through-an-inline-quote")
    [quote] = html.select("blockquote:has(> footer.quote-source)")
    assert quote.select_one("footer cite").get_text() == (
        "Client survey, winter 2026 (38 respondents)")
    assert quote.select_one(".quote-kind").get_text() == "Customer survey, January 2026"
    assert "source:" not in quote.get_text()
    assert quote.p.get_text() == "We only noticed when the quarter closed."
    assert len(sources_list(html)) == 1


def test_a_post_with_no_customer_source_is_a_warning_in_development(dev):
    _, findings = dev
    message = finding(findings, "missing.md", "missing-source")
    assert message.startswith("warning: ")
    assert "Sources: <id>" in message and "Source-Exempt" in message


def test_and_an_error_in_the_publish_build(publish):
    _, findings = publish
    assert finding(findings, "missing.md", "missing-source").startswith("error: ")


def test_an_expert_quote_is_not_a_customer_source(dev):
    _, findings = dev
    assert finding(findings, "expert-only.md", "missing-source")
    message = finding(findings, "expert-only.md", "unregistered-quote")
    assert message.startswith("info: ") and "A famous investor" in message


def test_an_unknown_source_id_is_an_error_with_its_line_and_close_ids(dev):
    output, findings = dev
    message = finding(findings, "unknown-metadata.md:3", "unknown-source-id")
    assert message.startswith("error: ") and "did you mean 'interview-fresh'" in message
    assert finding(findings, "unknown-metadata.md", "missing-source"), "a typo is no citation"
    inline = finding(findings, "unknown-inline.md:8", "unknown-source-id")
    assert "'survey-anno'" in inline and "'survey-anon'" in inline
    assert not page(output, "a-typo-in-a-quote").select("blockquote:has(> footer.quote-source)")


def test_evidence_older_than_the_limit_is_stale(dev):
    _, findings = dev
    message = finding(findings, "stale.md:3", "stale-sources")
    assert message.startswith("warning: ") and "'call-old', 2022-03-01" in message
    assert not [f for f in findings if "cited-metadata.md" in f and "stale" in f]


def test_a_private_source_may_not_be_cited_on_a_public_page(dev):
    _, findings = dev
    assert finding(findings, "private-consent.md:3", "private-source").startswith("error: ")
    assert not [f for f in findings if "private-consent-draft.md" in f and "private-source" in f]


def test_a_private_value_in_an_article_is_an_error_that_does_not_repeat_it(dev):
    _, findings = dev
    message = finding(findings, "leak.md", "private-leak")
    assert message.startswith("error: ") and "'interview-fresh'" in message and "name" in message
    assert all(LEAKED.casefold() not in f.casefold() for f in findings)


def test_a_source_line_lost_in_merged_quotes_is_a_warning(dev):
    _, findings = dev
    message = finding(findings, "merged-quotes.md:7", "misplaced-source-line")
    assert message.startswith("warning: ") and "survey-anon" in message


def test_an_exempt_post_is_listed_with_its_reason_and_not_flagged(dev):
    _, findings = dev
    message = finding(findings, "exempt.md:3", "source-exempt")
    assert message.startswith("info: ") and "company announcement" in message
    assert not [f for f in findings if "exempt.md" in f and "missing-source" in f]


def test_json_ld_cites_sources_with_a_public_url(publish):
    output, _ = publish
    data = blog_posting(page(output, "cited-through-metadata"))
    assert data["citation"] == [{"@type": "CreativeWork", "name": "Head of sales, regional "
                                 "logistics firm", "url": "https://stories.example/logistics"}]
    assert "citation" not in blog_posting(page(output, "cited-through-an-inline-quote"))


@pytest.mark.parametrize("site", ["dev", "publish"])
def test_private_fields_appear_nowhere_in_the_output(site, request):
    output, _ = request.getfixturevalue(site)
    for path, text in output_text(output).items():
        for value in NEVER_SHOWN:
            assert value.casefold() not in text.casefold(), f"{value!r} in {path}"


def test_the_sample_site_lists_its_posts_without_a_customer_source(tmp_path, published):
    output, records = build_with_log("pelicanconf.py", tmp_path / "output", CONTENT)
    missing = sorted(f.split(": ")[1] for f in findings_in(records) if ": missing-source: " in f)
    assert all(f.startswith("warning: ") for f in findings_in(records) if "missing-source" in f)
    assert missing == [shown(CONTENT / "articles" / "publishing-prices-risks.md"),
                       shown(CONTENT / "articles" / "sales-content-library-review.md")]
    listed = [p for p in output.glob("posts/*/index.html") if sources_list(soup(p))]
    cited = [p for p in published if "sources" in p.meta or "— source:" in p.path.read_text()]
    assert len(listed) == len(cited) >= 10
    quotes = [q for p in output.glob("posts/*/index.html")
              for q in soup(p).select("blockquote:has(> footer.quote-source)")]
    assert len(quotes) >= 8 and all(q.select_one("footer cite").get_text() for q in quotes)


@pytest.mark.parametrize("layer", ["reader", "generator"])
def test_a_cached_rebuild_gives_the_same_findings_and_pages(tmp_path, layer):
    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    settings = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CUSTOMER_SOURCES_TODAY": TODAY,
                "CONTENT_CACHING_LAYER": layer, "CACHE_PATH": str(tmp_path / "cache")}
    runs = []
    for n in range(2):
        output, records = build_with_log("pelicanconf.py", tmp_path / f"out{n}", content,
                                         **settings)
        pages = {p.relative_to(output): p.read_text() for p in output.glob("posts/*/index.html")}
        runs.append((pages, sorted(findings_in(records))))
    assert any((tmp_path / "cache").iterdir())
    assert runs[0] == runs[1]
    assert len(runs[0][0]) == 11 and runs[0][1]


@pytest.mark.parametrize(("status", "published"), [("hidden", True), ("draft", False)])
def test_a_hidden_post_is_published_so_it_may_not_cite_a_private_source(
        tmp_path, status, published):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    registry = yaml.safe_load((content / "sources.yml").read_text(encoding="utf-8"))
    private = next(s["id"] for s in registry if s["consent"] == "private")
    (content / "articles" / "unlisted.md").write_text(
        f"Title: Unlisted\nDate: 2026-03-02\nStatus: {status}\nSources: {private}\n\nText.\n",
        encoding="utf-8")
    _, records = build_with_log("publishconf.py", tmp_path / "out", content,
                                CUSTOMER_SOURCES_TODAY=TODAY)
    errors = [f for f in findings_in(records) if "unlisted.md" in f and ": private-source:" in f]
    assert bool(errors) is published
    assert all(f.startswith("error: ") for f in errors)
