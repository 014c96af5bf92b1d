"""content_guard's handlers for links inside the site (rules broken-link, broken-anchor).

- check_links (static_generator_finalized: every generator has its context, nothing
  is written yet; the audit gets there too): each link of every article and page
  this build writes that leads to no page, file or id of the site
  (internal_links.py, against site_outputs.py) is a finding on the Markdown file's
  line, at CONTENT_GUARD_BROKEN_LINK_LEVEL ("warning"; publishconf.py: "error"; a
  draft: a warning at most), with the closest URL or id. A published article with no
  Summary of its own is shown on list pages by its first words (Pelican's summary):
  a relative link or a #fragment there breaks on them, and is a finding too.
- remember_unread_outputs (`invoke audit --changed` only): where the files it does
  not read are written, and their category, tag and author pages, so links to them
  still count (their ids are not known, so #fragments to them are not checked; nor
  are links to question pages, which only the whole site's posts decide).
- Pelican's own "Unable to find '...', skipping url replacement" warning, which names
  no file, is dropped: the broken-link finding says it with the file and line.
"""

from __future__ import annotations

import logging
import posixpath

from pelican.utils import (
    strip_toc_elements_from_html,
    truncate_html_paragraphs,
    truncate_html_words,
)

from customer_evidence.core.findings import (
    AUDIT_SCOPE,
    LEVELS,
    Finding,
    display_path,
    log_findings,
    record,
)
from customer_evidence.core.header import markdown_lines
from customer_evidence.core.internals import raw_html
from customer_evidence.core.memo import Memo, digest

from .active_content import level_for
from .internal_links import check, check_summary, ids_in, links_in, may_break_in_summary
from .site_outputs import contents_of, site_of
from .unread_outputs import unread_items

logger = logging.getLogger(__name__)

LEVEL = "CONTENT_GUARD_BROKEN_LINK_LEVEL"
UNREAD = "content_guard_unread_outputs"  # context: (source, save_as, its list pages) unread
_SUMMARIES = Memo(20_000)  # _listed_summary()'s cuts by settings and HTML, for the process
_PELICAN_UNFOUND = "Unable to find '%s', skipping url replacement."


def check_links(generator) -> None:
    """A finding for every internal link or #anchor of a post that leads nowhere."""
    context, settings = generator.context, generator.settings
    level = _level(settings)
    # Pelican works save_as and url out afresh on each use: once each, here.
    saved = [(c, str(c.save_as or "").lstrip("/")) for c in contents_of(context)]
    written = [(c, save_as) for c, save_as in saved if save_as]  # what this build writes
    site = site_of(context, settings, generator.staticfiles, generator.theme, saved,
                   context.get(UNREAD, ()))
    findings = []
    for item, save_as in written:
        html = raw_html(item) or ""
        if "=" not in html:
            continue
        url = str(item.url or "").lstrip("/")
        source_dir = posixpath.dirname(item.get_relative_source_path())
        hrefs = links_in(html)
        problems = check(url, source_dir, hrefs, site.outputs.get(save_as) or frozenset(), site)
        summary = _listed_summary(item, html) if may_break_in_summary(hrefs, site) else ""
        if summary:
            broken = {p.href for p in problems}
            problems += [p for p in check_summary(url, links_in(summary), ids_in(summary),
                                                  site) if p.href not in broken]
        if not problems:
            continue
        lines = _Lines(item.source_path)
        findings += [Finding(level_for(level, item.status), p.rule,
                             display_path(item.source_path), lines.of(p.href), p.message)
                     for p in problems]
    log_findings(record(context, findings))


def remember_unread_outputs(generator) -> None:
    """In `invoke audit --changed`, keep where the unread files would be written."""
    if not generator.settings.get(AUDIT_SCOPE):
        return
    found = generator.context.setdefault(UNREAD, [])
    found += [(item.relative_source_path, item.save_as, item.listed)
              for item in unread_items(generator)]


def quiet_pelican_unfound(pelican) -> None:
    """Drop Pelican's 'Unable to find' warning: broken-link names the file and line."""
    contents_logger = logging.getLogger("pelican.contents")
    if _UNFOUND_FILTER not in contents_logger.filters:
        contents_logger.addFilter(_UNFOUND_FILTER)


class _UnfoundFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != _PELICAN_UNFOUND


_UNFOUND_FILTER = _UnfoundFilter()


def _listed_summary(item, html: str) -> str:
    """The part of a published article's HTML that list pages show as its summary, as
    Pelican cuts it ('' when the post has its own Summary, or is not listed)."""
    if item.status != "published" or "summary" in item.metadata \
            or not hasattr(item, "category"):  # pages are not listed
        return ""
    paragraphs = item.settings.get("SUMMARY_MAX_PARAGRAPHS")
    length = item.settings.get("SUMMARY_MAX_LENGTH")
    # Remembered per process: an autoreloading build cuts only the edited posts again.
    return _SUMMARIES.get(digest(repr((paragraphs, length)), html),
                          lambda: _cut_summary(html, paragraphs, length))


def _cut_summary(html: str, paragraphs: int | None, length: int | None) -> str:
    if paragraphs is not None:
        html = truncate_html_paragraphs(html, paragraphs)
    if length is not None:
        html = truncate_html_words(html, length)
    return strip_toc_elements_from_html(html)  # as Pelican 4.12 does


def _level(settings: dict) -> str:
    level = settings.get(LEVEL, "warning")
    if level not in LEVELS:
        logger.error("%s is %r; use one of %s", LEVEL, level, ", ".join(LEVELS))
        level = "error"
    return level


class _Lines:
    """The line of a link in its source file: where its target is written, else the
    first line of the body."""

    def __init__(self, path: str) -> None:
        try:
            with open(path, encoding="utf-8-sig", errors="replace") as f:
                self.lines = markdown_lines(f.read())
        except OSError:
            self.lines = []
        self.body = len(self.lines)
        for number, line in enumerate(self.lines):
            if not line.strip():  # the header ends at the first blank line
                self.body = number
                break

    def of(self, href: str) -> int | None:
        wanted = href.split("#", 1)[0] or href
        for text in dict.fromkeys((href, wanted)):
            for number in range(self.body, len(self.lines)):
                if text in self.lines[number]:
                    return number + 1
        for number in range(self.body, len(self.lines)):
            if self.lines[number].strip():
                return number + 1
        return None
