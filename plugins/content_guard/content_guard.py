"""content_guard: one clear error line for broken content, never a traceback.

What it adds:

- A Markdown reader (Pelican's, checked) for .md files. Jekyll/Hugo front matter
  (YAML between --- lines, TOML between +++ lines; customer_evidence.core.front_matter)
  is read as the metadata, with the same checks; one that does not parse is
  bad-front-matter, naming its line. A file that is not UTF-8,
  has a Date or Modified that does not parse, has no Title, or has an unknown
  Status is skipped with one error line naming the file, the field and line, and
  the fix. The rest of the site builds. A file over 1 MB is read, with a warning.
- Each of those, and each collision below, is also a Finding (rules not-utf8,
  bad-date, missing-title, bad-status, large-file, slug-collision) on the log
  record, for `invoke audit` and the editorial report.
- Pelican's own "Could not process <file>" line gains the reason after a colon.
- Two articles (or pages) that would write the same output file, usually through
  the same slug: the later one by source path is left out, with an error naming
  both files, instead of Pelican's FileOverwriteFailedError traceback.
- The content folder is a boundary (boundary_guard.py): a link out of it is never
  followed or read (outside-content; a looping folder link: link-loop); '..' or an
  absolute path in Save_as, URL, Slug, Lang (the file is left out), Template (the
  default template is used) or an output setting (turned off) is unsafe-path; a
  Template the theme lacks is unknown-template; an output that is one of the site's
  own (home page, feeds, sitemap...) or another file's page is reserved-output.
- `Summary:` is plain text: unless "summary" is in FORMATTED_FIELDS, it is
  HTML-escaped once when the article is created, so that `article.summary` is
  always HTML (as Pelican's own summary from the content is) and text such as
  "<script>" shows as text in pages and feeds.

- Malformed files (malformed.py, with limits.py, fields.py and slugs.py): a file
  over CONTENT_GUARD_MAX_BYTES (file-too-large), with a control character feeds
  cannot carry (control-character), or nested deeper than CONTENT_GUARD_MAX_NESTING
  (too-deeply-nested) is left out before Markdown renders it; so is a blank Title
  (missing-title) and a Date or Modified outside CONTENT_GUARD_EARLIEST_YEAR to
  CONTENT_GUARD_YEARS_AHEAD years ahead (date-out-of-range). A field read once but
  given twice keeps its first value (duplicate-field); a slug over
  CONTENT_GUARD_MAX_SLUG_BYTES is cut (long-slug); both are warnings. `invoke audit
  --changed` checks collisions against the files it does not read too, from their
  headers (unread_outputs.py).
- Placeholders (rule placeholder): each "TODO:" line `invoke new` writes and the
  author left in (customer_evidence.core.placeholders), a finding naming its line, at
  CONTENT_GUARD_PLACEHOLDER_LEVEL ("warning"; publishconf.py: "error"); in a
  draft, which publish builds never ship, a warning at most.
- Active content (rule active-content, active_content.py): scripts, frames,
  plugins, event handlers and javascript:/vbscript:/data: URLs in a body, each a
  finding naming its line at CONTENT_GUARD_ACTIVE_CONTENT_LEVEL ("warning";
  publishconf.py: "error"), left out of the page unless `Allow-Scripts: yes` or
  CONTENT_GUARD_ALLOW_ACTIVE_CONTENT; feeds never carry it.
- Links inside the site (rules broken-link, broken-anchor; link_handlers.py): a link
  or #anchor of a post that leads to no page, file or id the build writes (worked
  out from the generators' contexts, no output read), or a {filename} link Pelican
  cannot resolve, is a finding naming its line, at CONTENT_GUARD_BROKEN_LINK_LEVEL
  ("warning"; publishconf.py: "error"; a draft: a warning at most).
- Content files nothing builds (rule unbuilt-file, a warning): a Markdown,
  reStructuredText or HTML file under the content folder outside ARTICLE_PATHS,
  PAGE_PATHS and STATIC_PATHS, with where to move it (unbuilt.py).
- With a reader-level content cache (CACHE_CONTENT, CONTENT_CACHING_LAYER =
  "reader"), CACHE_PATH becomes CACHE_PATH/readers/<digest of the reading
  settings> (reader_cache.py), so the development build and `invoke audit` share
  one cache, and a change of settings never reads a stale one.

Settings: CONTENT_GUARD_PLACEHOLDER_LEVEL; CONTENT_GUARD_BROKEN_LINK_LEVEL and
CONTENT_GUARD_LINK_SERVED (URL prefixes something else serves, links to them not
checked); CONTENT_GUARD_MAX_BYTES, _MAX_NESTING,
_MAX_SLUG_BYTES, _EARLIEST_YEAR and _YEARS_AHEAD (limits.py); FORMATTED_FIELDS,
CACHE_CONTENT, CONTENT_CACHING_LAYER, CACHE_PATH (Pelican's). Attributes and context: none.
"""

from __future__ import annotations

import html
import logging
import os
import sys
from itertools import chain
from pathlib import Path

from markdown import Markdown
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.utils import get_date, pelican_open

from customer_evidence.core.articles import ARTICLE_LISTS, PAGE_LISTS
from customer_evidence.core.findings import (
    AUDIT_SCOPE,
    LEVELS,
    Finding,
    display_path,
    log_findings,
    record,
)
from customer_evidence.core.front_matter import (
    FrontMatterError,
    pelican_metadata,
    split_front_matter,
)
from customer_evidence.core.header import parse_header
from customer_evidence.core.internals import (
    context_of,
    raw_html,
    replace_html,
    replace_summary,
)
from customer_evidence.core.placeholders import MARKER, placeholder_lines, placeholder_message

from . import surrogates
from .active_content_handlers import (
    flag_article_active_content,
    flag_page_active_content,
    strip_feed_active_content,
)
from .boundary_guard import (
    check_output_settings,
    drop_outside_static,
    drop_pages_over_articles,
    fix_article_templates,
    fix_page_templates,
    guard_file_walk,
    keep_article_drafts_unpublished,
    keep_page_drafts_unpublished,
    refuse_unsafe_output,
)
from .checks import (
    STATUSES,
    bad_date_message,
    bad_status_message,
    collision_message,
    find_collisions,
    large_file_message,
    message_line,
    missing_title_message,
    without,
)
from .link_handlers import check_links, quiet_pelican_unfound, remember_unread_outputs
from .malformed import (
    check_limit_settings,
    flag_malformed_metadata,
    one_value_each,
    quiet_pelican_duplicates,
    refusal_after_reading,
    refusal_before_reading,
    unrenderable,
)
from .reader_cache import cache_folder
from .unbuilt import unbuilt_files, unbuilt_message
from .unread_outputs import about_read, unread_items

logger = logging.getLogger(__name__)



# Larger Markdown files are read, with a warning: each megabyte costs about half a
# second to render, and no reader scrolls through one.
LARGE_FILE_BYTES = 1024 * 1024
PLACEHOLDER_LEVEL = "CONTENT_GUARD_PLACEHOLDER_LEVEL"


class ContentError(Exception):
    """A content file Pelican cannot use, with what to do about it, as a finding."""

    def __init__(self, source_path: str, rule: str, message: str) -> None:
        super().__init__(message)
        self.finding = Finding("error", rule, display_path(source_path),
                               message_line(message), message)


class CheckedMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, with a clear reason when a file is unusable.

    The findings of the files it refused wait in `findings` until the generator's
    finalized signal puts them in the context (record_reader_findings).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.findings: list[Finding] = []

    def read(self, source_path):
        try:
            return self._checked_read(source_path)
        except ContentError as error:
            self.findings.append(error.finding)
            raise

    def _checked_read(self, source_path):
        if refusal := refusal_before_reading(source_path, self.settings):
            raise ContentError(source_path, *refusal)
        try:
            content, metadata = self._read_markdown(source_path)
        except RecursionError:
            raise ContentError(source_path, *unrenderable()) from None
        except UnicodeDecodeError as exc:
            raise ContentError(
                source_path, "not-utf8",
                f"not valid UTF-8 (byte offset {exc.start}); re-save the file as UTF-8",
            ) from None
        except (ValueError, OverflowError) as exc:  # dateutil overflows on huge numbers
            header = parse_header(_read_text(source_path))
            message = bad_date_message(header, _is_date) or str(exc)
            raise ContentError(source_path, "bad-date", message) from None
        metadata = one_value_each(source_path, metadata, self.settings)
        if "title" not in metadata and not _title_from_path(self.settings):
            raise ContentError(source_path, "missing-title",
                               missing_title_message(_read_text(source_path)))
        status = metadata.get("status")  # not a str when blank: Pelican discards it
        if isinstance(status, str) and status not in STATUSES:
            header = parse_header(_read_text(source_path))
            raise ContentError(source_path, "bad-status", bad_status_message(header, status))
        if refusal := refusal_after_reading(source_path, metadata, self.settings):
            raise ContentError(source_path, *refusal)
        return content, metadata

    def _read_markdown(self, source_path):
        """Pelican's Markdown reading, or for Jekyll/Hugo front matter the same rendering
        of the body with the metadata read from the front matter."""
        if not _has_fence(source_path):
            return super().read(source_path)
        self._source_path = source_path
        with pelican_open(source_path) as text:
            try:
                fm, body = split_front_matter(text)
                metadata = pelican_metadata(fm) if fm is not None else None
            except FrontMatterError as error:
                raise ContentError(source_path, "bad-front-matter",
                                   f"line {error.line}: {error.message}") from None
        if fm is None:  # a Pelican header between --- lines
            return super().read(source_path)
        self._md = Markdown(**self.settings["MARKDOWN"])
        self._md.preprocessors.deregister("meta")  # the body's first lines are text
        content = self._md.convert(body)
        return content, self._front_matter_metadata(metadata)

    def _front_matter_metadata(self, raw: dict) -> dict:
        """Pelican's metadata objects, as MarkdownReader makes them from a header."""
        formatted = self.settings["FORMATTED_FIELDS"]
        output = {}
        for name, value in raw.items():
            if name in formatted:
                self._md.reset()
                value = self._md.convert(value if isinstance(value, str) else "\n".join(value))
            output[name] = self.process_metadata(name, value)
        return output


def _has_fence(path: str) -> bool:
    """Whether the file's first bytes open a --- or +++ block (cheap: most files do not)."""
    with open(path, "rb") as f:
        start = f.read(6)
    start = start.removeprefix(b"\xef\xbb\xbf")
    return start[:3] in (b"---", b"+++")


class ReasonFilter(logging.Filter):
    """Add the exception's message to Pelican's bare 'Could not process %s' line.

    A ContentError's finding rides along on the record, for whoever collects findings.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        exc = sys.exc_info()[1]
        if record.msg == "Could not process %s" and exc is not None:
            record.msg = "Could not process %s: %s"
            record.args = (*record.args, exc)
            if isinstance(getattr(exc, "finding", None), Finding):  # ContentError, LeftOut
                record.finding = exc.finding
        return True


REASON_FILTER = ReasonFilter()


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8-sig", errors="replace") as f:
        return f.read()


def _is_date(value: str) -> bool:
    try:
        get_date(value)
    except (ValueError, OverflowError):
        return False
    return True


def _title_from_path(settings: dict) -> bool:
    patterns = (settings.get("FILENAME_METADATA") or "", settings.get("PATH_METADATA") or "")
    return any("(?P<title>" in p for p in patterns)


def install_reason_filter(pelican) -> None:
    """Attach the reason filter to Pelican's generators logger, once."""
    generators_logger = logging.getLogger("pelican.generators")
    if REASON_FILTER not in generators_logger.filters:
        generators_logger.addFilter(REASON_FILTER)


def key_reader_cache(pelican) -> None:
    """Point a reader-level content cache at the folder for these reading settings."""
    settings = pelican.settings
    if settings.get("CACHE_CONTENT") and settings.get("CONTENT_CACHING_LAYER") == "reader":
        settings["CACHE_PATH"] = str(cache_folder(settings))


def use_checked_reader(readers) -> None:
    """Read Markdown through CheckedMarkdownReader."""
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class is MarkdownReader:
            readers.reader_classes[extension] = CheckedMarkdownReader


def drop_article_collisions(generator) -> None:
    """Leave out articles that would overwrite another article's output."""
    _drop_collisions(generator, ARTICLE_LISTS)


def drop_page_collisions(generator) -> None:
    """Leave out pages that would overwrite another page's output."""
    _drop_collisions(generator, PAGE_LISTS)


def record_reader_findings(generator) -> None:
    """Put the findings of the files the reader refused into the build's findings."""
    for reader in generator.readers.readers.values():
        if isinstance(reader, CheckedMarkdownReader) and reader.findings:
            record(generator.context, reader.findings)
            reader.findings = []


def warn_large_file(content) -> None:
    """A warning for a content file over LARGE_FILE_BYTES, cached or not."""
    path = getattr(content, "source_path", None)
    try:
        size = os.path.getsize(path) if path else 0
    except OSError:  # a content object with no file behind it
        return
    if size > LARGE_FILE_BYTES:
        finding = Finding("warning", "large-file", display_path(path), None,
                          large_file_message(size, LARGE_FILE_BYTES))
        log_findings([finding])
        context = context_of(content)
        if context is not None:
            record(context, [finding])


def repair_lone_surrogates(content) -> None:
    """Show each lone surrogate of a post's HTML and metadata as U+FFFD, with a warning."""
    fixed, count = surrogates.repair(raw_html(content) or "")
    if count:
        replace_html(content, fixed)
    where = ["its text"] if count else []
    for key, value in list(content.metadata.items()):
        if isinstance(value, str):
            repaired, found = surrogates.repair(value)
            if found:
                content.metadata[key] = repaired
                if getattr(content, key, None) == value:
                    setattr(content, key, repaired)
                count += found
                where.append(key)
    if count:
        path = getattr(content, "source_path", "") or ""
        finding = Finding("warning", "lone-surrogate", display_path(path), None,
                          surrogates.message(count, ", ".join(where)))
        log_findings([finding])
        context = context_of(content)
        if context is not None:
            record(context, [finding])


def escape_plain_summary(content) -> None:
    """HTML-escape a plain-text Summary, so templates and feeds can treat it as HTML."""
    summary = content.metadata.get("summary")
    if not isinstance(summary, str) or "summary" in content.settings["FORMATTED_FIELDS"]:
        return
    replace_summary(content, html.escape(summary, quote=False))


def flag_article_placeholders(generator) -> None:
    """A finding for every placeholder line left in an article."""
    _flag_placeholders(generator, ARTICLE_LISTS)


def flag_page_placeholders(generator) -> None:
    """A finding for every placeholder line left in a page."""
    _flag_placeholders(generator, PAGE_LISTS)


def _flag_placeholders(generator, list_names: tuple[str, ...]) -> None:
    level = generator.settings.get(PLACEHOLDER_LEVEL, "warning")
    if level not in LEVELS:
        logger.error("%s is %r; use one of %s", PLACEHOLDER_LEVEL, level, ", ".join(LEVELS))
        level = "error"
    items = {i.source_path: i for name in list_names for i in getattr(generator, name, ())}
    findings = []
    for path, item in sorted(items.items()):
        if not _may_hold_placeholder(item):
            continue  # most posts: no need to read the file again for its line numbers
        # A draft is never published: its placeholders are a warning until it is.
        shown = level if item.status != "draft" else max(level, "warning", key=LEVELS.index)
        findings += [Finding(shown, "placeholder", display_path(path), number,
                             placeholder_message(line))
                     for number, line in placeholder_lines(_read_text(path))]
    log_findings(record(generator.context, findings))


def _may_hold_placeholder(item) -> bool:
    """Whether a placeholder marker is anywhere in what was read of the file: every line
    of prose reaches its HTML or its metadata."""
    texts = [raw_html(item) or "", *(str(v) for v in item.metadata.values())]
    return any(MARKER in text for text in texts)


def flag_unbuilt_files(generator) -> None:
    """A warning for each content file that no setting builds, with where to move it."""
    settings = generator.settings
    scope = settings.get(AUDIT_SCOPE)  # `invoke audit --changed`: only the changed files
    paths = {**settings, **scope["paths"]} if scope else settings
    found = unbuilt_files(Path(settings["PATH"]), paths, generator.readers.extensions)
    if scope:
        found = [name for name in found if name in scope["files"]]
    message = unbuilt_message(paths)
    findings = [Finding("warning", "unbuilt-file",
                        display_path(os.path.join(settings["PATH"], name)), None, message)
                for name in found]
    log_findings(record(generator.context, findings))


def _drop_collisions(generator, list_names: tuple[str, ...]) -> None:
    lists = [getattr(generator, name) for name in list_names if hasattr(generator, name)]
    unread = unread_items(generator)  # `invoke audit --changed`: the files it does not read
    collisions = about_read(find_collisions(chain(*lists, unread)), unread)
    for c in collisions:
        message = collision_message(display_path(c.kept), display_path(c.dropped), c.save_as)
        finding = Finding("error", "slug-collision", display_path(c.dropped), None, message)
        logger.error("%s", message, extra={"finding": finding})
        record(generator.context, [finding])
    dropped = {c.dropped for c in collisions}
    if not dropped:
        return
    for items in lists:
        items[:] = without(items, dropped)
        for item in items:
            item.translations = without(getattr(item, "translations", []), dropped)


def register() -> None:
    """Connect content_guard's handlers to Pelican's signals."""
    signals.initialized.connect(install_reason_filter)
    signals.initialized.connect(key_reader_cache)
    signals.readers_init.connect(use_checked_reader)
    signals.content_object_init.connect(repair_lone_surrogates)  # first: others read text
    signals.content_object_init.connect(escape_plain_summary)
    signals.content_object_init.connect(warn_large_file)
    # Malformed files (malformed.py): left out, or repaired with a warning.
    signals.initialized.connect(check_limit_settings)
    signals.initialized.connect(quiet_pelican_duplicates)
    signals.content_object_init.connect(flag_malformed_metadata)
    signals.article_generator_finalized.connect(record_reader_findings)
    signals.article_generator_finalized.connect(flag_article_placeholders)
    signals.article_generator_finalized.connect(flag_unbuilt_files)
    signals.page_generator_finalized.connect(flag_page_placeholders)
    signals.page_generator_finalized.connect(record_reader_findings)
    signals.article_generator_pretaxonomy.connect(drop_article_collisions)
    signals.page_generator_finalized.connect(drop_page_collisions)
    # The content folder is a boundary (boundary_guard.py): links out of it, '..' and
    # reserved outputs, unusable templates.
    signals.article_generator_init.connect(check_output_settings)
    for init in (signals.article_generator_init, signals.page_generator_init,
                 signals.static_generator_init):
        init.connect(guard_file_walk)
    signals.content_object_init.connect(refuse_unsafe_output)
    signals.article_generator_pretaxonomy.connect(fix_article_templates)
    signals.page_generator_finalized.connect(fix_page_templates)
    signals.article_generator_pretaxonomy.connect(keep_article_drafts_unpublished)
    signals.page_generator_finalized.connect(keep_page_drafts_unpublished)
    signals.page_generator_finalized.connect(drop_pages_over_articles)
    signals.static_generator_finalized.connect(drop_outside_static)
    # Active content (active_content_handlers.py): flagged, kept only where allowed,
    # never in feeds.
    signals.article_generator_finalized.connect(flag_article_active_content)
    signals.page_generator_finalized.connect(flag_page_active_content)
    signals.feed_generated.connect(strip_feed_active_content)
    # Links inside the site (link_handlers.py): checked once every file is known.
    signals.initialized.connect(quiet_pelican_unfound)
    signals.article_generator_finalized.connect(remember_unread_outputs)
    signals.page_generator_finalized.connect(remember_unread_outputs)
    signals.static_generator_finalized.connect(check_links)
