"""customer_questions: tag every article with the customer question it answers.

What it adds:

- `article.customer_question`: a dict (text, id, slug, url, topic, stage, asked,
  how: "declared" or "inferred", source) or None. Set on published articles,
  drafts and hidden articles alike, every build, so the content cache stays right.
- `article.structured_data`: schema.org BlogPosting with `about` a Question; the
  theme writes it into the page with |tojson.
- `article.related_articles`: up to 3 published articles on the same question,
  then the same bank topic, newest first (related.py), each a dict with the url,
  title, lang and question (None when it reads the same as the title) to show.
- Context: `customer_questions_hub` (the hub's URL and its groups by stage and
  topic), `question_coverage` (every bank question with the articles answering
  it, and the gaps ranked by `asked`), and findings in `editorial_findings`.
- Pages: the hub (CUSTOMER_QUESTIONS_HUB_SAVE_AS) and one page per answered
  question that is in the bank or declared by an article (a title that only
  reads as a question gets none until declared) (CUSTOMER_QUESTIONS_SAVE_AS),
  with the theme's `questions` and `question` templates, else the plugin's own
  (templates/; a question page's `question.article_urls` are the URLs of its
  `articles`, worked out once per build); the coverage as JSON if
  CUSTOMER_QUESTIONS_COVERAGE_SAVE_AS.
- Findings, all logged: bank errors; unknown-question-id (error);
  question-inferred and no-question (warnings); question-id-missing,
  question-wording and competing-articles (info).

Settings (defaults below): CUSTOMER_QUESTIONS_BANK (relative to PATH),
CUSTOMER_QUESTIONS_INFER, CUSTOMER_QUESTIONS_MATCH_THRESHOLD,
CUSTOMER_QUESTIONS_SHOW_UNANSWERED, CUSTOMER_QUESTIONS_HUB_URL / _HUB_SAVE_AS,
CUSTOMER_QUESTIONS_URL / _SAVE_AS (with {slug}), CUSTOMER_QUESTIONS_COVERAGE_SAVE_AS.
"""

from __future__ import annotations

from pelican import signals
from pelican.utils import slugify

from customer_evidence.core import context
from customer_evidence.core.article_text import passages, plain
from customer_evidence.core.articles import address, all_articles
from customer_evidence.core.articles import published as published_articles
from customer_evidence.core.findings import (
    Finding,
    display_path,
    findings_only,
    log_findings,
    note_finding,
    record,
)
from customer_evidence.core.inference import question_matcher, thresholds
from customer_evidence.core.internals import raw_html
from customer_evidence.core.question_bank import load_bank
from customer_evidence.core.question_matching import site_sample
from customer_evidence.core.questions_settings import bank_path, check_settings, settings_of
from customer_evidence.core.registry_limits import limits_of
from customer_evidence.core.structured_data import absolute_url, structured_data
from customer_evidence.core.vocabulary import vocabulary_of

from .coverage import answered_questions, coverage, has_page, hub_groups
from .pages import add_fallback_templates, write_question_pages
from .related import related_links, related_lists
from .tagging import Tagger, question_key


def tag_articles(generator) -> None:
    """Tag every article, log the findings, and put the questions in the context."""
    settings, config = generator.settings, settings_of(generator.settings)
    vocabulary = vocabulary_of(settings)
    bank, findings = load_bank(bank_path(settings), vocabulary, limits_of(settings))
    matcher = question_matcher(bank, settings)
    tagger = Tagger(
        bank,
        matcher,
        slugify=lambda text: slugify(text, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"]),
        url_of=lambda slug: config["CUSTOMER_QUESTIONS_URL"].format(slug=slug),
        limits=thresholds(settings),
        infer=config["CUSTOMER_QUESTIONS_INFER"],
        lang=settings.get("DEFAULT_LANG") or "en",
    )
    published = published_articles(generator)
    everything = all_articles(generator)
    # The matcher judges each article against the site's others, so it reads them
    # together: those that declare nothing, which take its verdict, and a sample of
    # the rest. Declared free-text questions are compared with the bank in one go.
    undeclared = {i for i, a in enumerate(everything) if tagger.needs_inference(a.metadata)}
    inferred = {}
    if undeclared:
        sample = site_sample(len(everything), undeclared)
        read = [everything[i] for i in sample]
        texts = [passages(a.title, plain(str(a.metadata.get("summary") or "")), raw_html(a))
                 for a in read]
        wanted = [n for n, i in enumerate(sample) if i in undeclared]
        matches = matcher.best_matches(texts, wanted, tagger.limits.suggest)
        inferred = {id(read[n]): (texts[n], matches[n]) for n in wanted}
    matcher.remember(str(a.metadata.get("question") or "").strip() for a in everything
                     if not a.metadata.get("question-id"))
    for article in everything:
        text, match = inferred.get(id(article), ((), None))
        question, suggestion, notes = tagger.tag(article.metadata, article.title, text, match)
        article.customer_question = question
        article.question_suggestion = suggestion
        findings += [note_finding(article.source_path, note) for note in notes]
    answered = answered_questions(published)
    findings += competing(answered)
    with_pages = {key: group for key, group in answered.items() if has_page(group)}
    for article in everything:
        question = article.customer_question
        if question and question_key(question) not in with_pages:
            question["url"] = None
    urls = {}
    if not findings_only(settings):
        # Pelican works a URL out afresh on every `article.url`: once a build, here.
        urls = {article: address(article, generator.context)[0] for article in everything}
        for article, related in zip(everything, related_lists(everything, generator.articles),
                                    strict=True):
            _add_structured_data(article, settings, generator.context, urls[article])
            article.related_articles = related_links(related, urls)
        for group in with_pages.values():
            group["article_urls"] = [urls[article] for article in group["articles"]]
    hub = hub_groups(bank, with_pages, config["CUSTOMER_QUESTIONS_SHOW_UNANSWERED"], vocabulary)
    generator.context[context.VOCABULARY] = vocabulary.labels()
    generator.context[context.QUESTIONS_HUB] = {
        "url": config["CUSTOMER_QUESTIONS_HUB_URL"],
        "groups": hub,
    }
    generator.context[context.QUESTION_PAGES] = with_pages
    generator.context[context.QUESTION_COVERAGE] = coverage(bank, answered, urls, vocabulary)
    log_findings(record(generator.context, findings))


def competing(answered: dict[str, dict]) -> list[Finding]:
    """One info finding per question answered by several published articles.

    It goes on the newest of them, the one that started competing, and names the rest.
    """
    findings = []
    for group in answered.values():
        newest, *older = group["articles"]  # newest first
        if older:
            findings.append(Finding(
                "info", "competing-articles", display_path(newest.source_path), None,
                f"answers the same question as "
                f"{', '.join(display_path(a.source_path) for a in older)}"
                f" ({group['text']!r}); they compete for the same reader: merge them, or "
                "make each answer its own question"))
    return findings


def _add_structured_data(article, settings: dict, context: dict, url: str) -> None:
    data = structured_data(article, settings, context, url)
    question = article.customer_question
    if question:
        about = {"@type": "Question", "name": question["text"]}
        if article.status == "published" and question["url"]:
            about["url"] = absolute_url(settings.get("SITEURL", ""), question["url"])
        data["about"] = about


def register() -> None:
    """Connect customer_questions' handlers to Pelican's signals."""
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_fallback_templates)
    signals.article_generator_finalized.connect(tag_articles)
    signals.article_writer_finalized.connect(write_question_pages)
