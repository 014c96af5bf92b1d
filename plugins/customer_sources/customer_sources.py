"""customer_sources: flag posts that cite no customer source; keep private details private.

What it adds:

- `article.source_verdict`: "cited", "missing" or "exempt".
- `article.customer_sources`: the registered sources it cites, public fields only
  (id, kind, kind_label, date, date_label, attribution, url), for the theme's
  "Customer sources" list.
- Customer quotes ("> — source: <id>") rendered with the source's public
  attribution and kind in a <footer class="quote-source">.
- `citation` in the article's schema.org data for cited sources with a public URL.
- Findings, all logged: registry errors; unknown-source-id, private-source and
  private-leak (errors, the leak never printing the value: in an article's text,
  metadata, slug or URL, or in a static file's name, metadata or text);
  unreadable-metadata (error: a static PDF, image or office file that cannot be read,
  so cannot be checked); missing-source (level
  from CUSTOMER_SOURCES_MISSING_LEVEL: a warning in development, an error in
  publish builds); stale-sources (warning); unregistered-quote and source-exempt
  (info).

Settings (defaults in settings.py): CUSTOMER_SOURCES_REGISTRY (relative to PATH),
CUSTOMER_SOURCES_MISSING_LEVEL, CUSTOMER_SOURCES_STALE_DAYS,
CUSTOMER_SOURCES_TODAY (the date staleness counts from; None for today).
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from customer_evidence.core import context
from customer_evidence.core.articles import address, all_articles
from customer_evidence.core.file_metadata import read_file
from customer_evidence.core.findings import (
    display_path,
    findings_only,
    log_findings,
    note_finding,
    record,
)
from customer_evidence.core.internals import raw_html, replace_html
from customer_evidence.core.memo import Memo, digest
from customer_evidence.core.privacy import PrivateMatcher, RegistryError, private_values_in
from customer_evidence.core.registry_limits import limits_of
from customer_evidence.core.source_registry import load_registry
from customer_evidence.core.sources_settings import (
    check_settings,
    registry_path,
    settings_of,
    today,
)
from customer_evidence.core.structured_data import structured_data
from customer_evidence.core.vocabulary import vocabulary_of

from .detection import parse_many, quotes_in, release
from .rendering import attribute_quotes, source_entry
from .static_files import static_findings
from .verdicts import assess

# Articles whose quotes are parsed together: one parse per article costs more in set-up
# than in parsing, one for the whole blog holds megabytes of tree at once.
BATCH = 200
# Each article's assessment and rendered HTML, for the process, by a digest of all
# they depend on: an autoreloading build parses and assesses only the edited posts.
_CHECKED = Memo(20_000)


def check_articles(generator) -> None:
    """Assess and render every article's sources, then log the findings.

    Pelican makes new article objects every build and writes its content cache
    before this runs, so each article's HTML here is always as Pelican rendered it.
    """
    settings, config = generator.settings, settings_of(generator.settings)
    path = registry_path(settings)
    vocabulary = vocabulary_of(settings)
    registry, findings = load_registry(path, vocabulary, limits_of(settings))
    generator.context.setdefault(context.VOCABULARY, vocabulary.labels())
    generator.context[context.SOURCES_REGISTRY] = registry  # for the editorial report
    private = PrivateMatcher(_private_values(path, registry, findings))
    articles = all_articles(generator)
    site = _site_key(registry, private, settings, config)
    texts = {id(a): _article_text(a, raw_html(a), generator.context) for a in articles}
    keys = {id(a): site + _article_key(a, texts[id(a)]) for a in articles}
    results = {id(a): _CHECKED.known(keys[id(a)]) for a in articles}
    unknown = [a for a in articles if results[id(a)] is None]
    for start in range(0, len(unknown), BATCH):
        batch = unknown[start:start + BATCH]
        soups = parse_many([raw_html(article) for article in batch])
        for article, soup in zip(batch, soups, strict=True):
            checked = _check(article, soup, texts[id(article)], registry, private, settings,
                             config)
            results[id(article)] = _CHECKED.get(keys[id(article)], lambda c=checked: c)
        release(soups)  # free the trees now: a whole blog's quotes at once is megabytes
    for article in articles:
        assessment, rendered = results[id(article)]
        findings += _apply(article, assessment, rendered, settings, generator.context)
    log_findings(record(generator.context, findings))


def _site_key(registry, private, settings: dict, config: dict) -> bytes:
    """A digest of what every article's check depends on besides the article."""
    return private.fingerprint + digest(
        repr(registry.sources), registry.path, repr(today(config)),
        repr(config["CUSTOMER_SOURCES_STALE_DAYS"]), config["CUSTOMER_SOURCES_MISSING_LEVEL"],
        repr(findings_only(settings)))


def _article_key(article, text: str) -> bytes:
    """A digest of what an article's check depends on: all it publishes (its HTML
    included), its sources fields and whether it is a draft."""
    meta = article.metadata
    return digest(text, repr(meta.get("sources")), repr(meta.get("source-exempt")),
                  repr(article.status == "draft"))


def _check(article, soup, text: str, registry, private, settings: dict, config: dict):
    """Assess one article and render its quotes: (assessment, new HTML or None)."""
    original = raw_html(article)
    quotes = quotes_in(soup)
    assessment = assess(
        article.metadata, [q for _, q in quotes], text,
        registry, private, today(config), config["CUSTOMER_SOURCES_STALE_DAYS"],
        # Hidden posts are published too, only not listed.
        config["CUSTOMER_SOURCES_MISSING_LEVEL"], public=article.status != "draft",
    )
    rendered = None
    if not findings_only(settings):
        rendered = attribute_quotes(original, quotes, registry)
    return assessment, (rendered if rendered != original else None)


def _apply(article, assessment, rendered: str | None, settings: dict,
           context: dict) -> list:
    """Put an article's assessment and rendered quotes on it; its findings."""
    article.source_verdict = assessment.verdict
    article.customer_sources = [source_entry(s) for s in assessment.cited]
    if not findings_only(settings):
        if rendered is not None:
            replace_html(article, rendered)
        _add_citations(article, settings, context)
    return [note_finding(article.source_path, note) for note in assessment.notes]


def _private_values(path: Path, registry, findings: list) -> list[tuple[str, str, str]]:
    """Every private value, those of entries the registry rejected included."""
    try:
        return private_values_in(registry.entries, findings, path)
    except RegistryError:  # unreadable in part: the valid entries' values at least
        return registry.private_values()


def _article_text(article, content: str, context: dict) -> str:
    """Everything an article publishes as text, as markup: its metadata values (list
    items one by one), its slug, URL and output path, and its HTML content."""
    values = [str(item) for key, value in article.metadata.items()
              if key not in ("date", "modified")
              for item in (value if isinstance(value, list | tuple) else [value])]
    places = [str(value or "") for value in (getattr(article, "slug", ""),
                                             *address(article, context))]
    # A NUL between values: not whitespace, so no value is found across two of them.
    return "\n\0\n".join([*values, *places, content])


def check_static_files(generator) -> None:
    """Check every static file's name, URL, metadata and text for private values."""
    settings = generator.settings
    path = registry_path(settings)
    registry, findings = load_registry(path, vocabulary_of(settings), limits_of(settings))
    private = PrivateMatcher(_private_values(path, registry, findings))
    if not private.owners:
        return
    found = []
    for static in generator.staticfiles:
        places = [str(getattr(static, name, "") or "") for name in ("save_as", "url")]
        content = read_file(Path(static.source_path))
        found += static_findings(display_path(static.source_path), content, places, private)
    log_findings(record(generator.context, found))


def _add_citations(article, settings: dict, context: dict) -> None:
    data = structured_data(article, settings, context)
    citations = [
        {"@type": "CreativeWork", "name": s["attribution"], "url": s["url"]}
        for s in article.customer_sources if s["url"]
    ]
    if citations:
        data["citation"] = citations


def register() -> None:
    """Connect customer_sources' handlers to Pelican's signals."""
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(check_articles)
    signals.static_generator_finalized.connect(check_static_files)
