"""content_guard's handlers for active content (rule active-content; active_content.py).

- Articles and pages: each script, frame, plugin, event handler or script URL in the
  body is a finding naming its line, at CONTENT_GUARD_ACTIVE_CONTENT_LEVEL
  ("warning"; publishconf.py: "error"; a draft: a warning at most), and is left out
  of the page. A post with `Allow-Scripts: yes`, or any post when
  CONTENT_GUARD_ALLOW_ACTIVE_CONTENT is True, keeps it, with one info finding.
- Feeds: every entry's content and summary lose their active content, allowed or not.

`invoke audit` reports the same findings and changes nothing.
"""

from __future__ import annotations

import logging

from pelican.readers import MarkdownReader

from customer_evidence.core.articles import ARTICLE_LISTS, PAGE_LISTS
from customer_evidence.core.findings import (
    LEVELS,
    Finding,
    display_path,
    findings_only,
    log_findings,
    record,
)
from customer_evidence.core.internals import raw_html, replace_html

from .active_content import (
    ALLOW_FIELD,
    active_message,
    allowance,
    allowed_message,
    inspect,
    level_for,
    source_lines,
    strip_active,
)

logger = logging.getLogger(__name__)

LEVEL = "CONTENT_GUARD_ACTIVE_CONTENT_LEVEL"
ALLOW = "CONTENT_GUARD_ALLOW_ACTIVE_CONTENT"
RULE = "active-content"
_MARKDOWN = tuple(f".{extension}" for extension in MarkdownReader.file_extensions)


def flag_article_active_content(generator) -> None:
    """Findings for active content in articles; left out of those that do not allow it."""
    _flag(generator, ARTICLE_LISTS)


def flag_page_active_content(generator) -> None:
    """Findings for active content in pages; left out of those that do not allow it."""
    _flag(generator, PAGE_LISTS)


def strip_feed_active_content(context, feed) -> None:
    """Feeds never carry active content: take it out of every entry before it is written."""
    for item in getattr(feed, "items", ()):
        for key in ("content", "description"):
            if isinstance(item.get(key), str):
                item[key] = strip_active(item[key])


def _flag(generator, list_names: tuple[str, ...]) -> None:
    settings = generator.settings
    level, site_allows = _settings(settings)
    items = {i.source_path: i for name in list_names for i in getattr(generator, name, ())}
    findings: list[Finding] = []
    for path, item in sorted(items.items()):
        found, cleaned = inspect(raw_html(item) or "")
        if not found:
            continue
        lines = source_lines(_read(path), found, markdown=path.endswith(_MARKDOWN))
        name = display_path(path)
        why = allowance(item.metadata, site_allows)
        if why:
            findings.append(Finding("info", RULE, name, lines[0],
                                    allowed_message(found, lines, why)))
            continue
        shown = level_for(level, item.status)
        declared = item.metadata.get(ALLOW_FIELD)
        findings += [Finding(shown, RULE, name, line, active_message(active, declared))
                     for active, line in zip(found, lines, strict=True)]
        if not findings_only(settings):
            replace_html(item, cleaned)
    log_findings(record(generator.context, findings))


def _settings(settings: dict) -> tuple[str, bool]:
    """The level and the site-wide allowance; a bad value is an error, read strictly."""
    level = settings.get(LEVEL, "warning")
    if level not in LEVELS:
        logger.error("%s is %r; use one of %s", LEVEL, level, ", ".join(LEVELS))
        level = "error"
    allows = settings.get(ALLOW, False)
    if not isinstance(allows, bool):
        logger.error("%s is %r; use True or False", ALLOW, allows)
        allows = False
    return level, allows


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as f:
            return f.read()
    except OSError:  # no file behind it: no lines to name
        return ""
