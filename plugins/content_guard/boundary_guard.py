"""content_guard's boundary: thin signal handlers, connected in content_guard.register().

- guard_file_walk (article/page/static_generator_init): the generator's walk of its
  folders leaves out every link that leads outside the content folder (an error,
  outside-content) or round in a loop (a warning, link-loop), before anything is read.
- refuse_unsafe_output (content_object_init): an article or page whose Save_as, URL,
  Slug or Lang holds '..' or an absolute path (unsafe-path), or whose output is one
  of the site's own or another file's page (reserved-output), is left out: Pelican's
  "Could not process" line gives the reason, and carries the finding.
- fix_article_templates / fix_page_templates: a Template that leads out of the theme
  (unsafe-path) or that it lacks (unknown-template): built with the default template.
- drop_pages_over_articles (page_generator_finalized): a page writing an article's
  output is left out (slug-collision).
- keep_article_drafts_unpublished / keep_page_drafts_unpublished: a draft's Save_as
  writes nothing where drafts are not written (publish builds: DRAFT_SAVE_AS = "").
- drop_outside_static (static_generator_finalized): a {static} or {attach} link to a
  file outside the content folder, or a static file written outside the output folder.
- check_output_settings (article_generator_init): an output setting with '..' or an
  absolute path is turned off (unsafe-path); reST's file insertion (include,
  raw :file:) is off unless DOCUTILS_SETTINGS turns it on.
"""

from __future__ import annotations

import os
from itertools import chain

from pelican.contents import Article, Page
from pelican.generators import PelicanTemplateNotFound

from customer_evidence.core.articles import ARTICLE_LISTS, PAGE_LISTS, all_articles_in
from customer_evidence.core.findings import Finding, display_path, log_findings, record
from customer_evidence.core.header import field_line, read_header, text_line
from customer_evidence.core.internals import context_of, narrow_file_walk

from .boundary import (
    PATH_FIELDS,
    escapes,
    inside,
    loop_message,
    normal_output,
    outside_message,
    reserved_message,
    static_link_message,
    template_message,
    template_verdict,
    unsafe_field,
    unsafe_field_message,
    unsafe_output_message,
    unsafe_setting_message,
)
from .checks import collision_message, without
from .links import Crossing, outside_files, walk
from .outputs import natural_output, reserved_by, reserved_outputs, unsafe_output_settings

# Kept in the build's context (one per run): links already reported, and what
# refuse_unsafe_output works out once per build.
_REPORTED = "content_guard_reported_links"
_RESERVED = "content_guard_reserved_outputs"
_PREDICTED = "content_guard_predicted_outputs"
MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")


class LeftOut(Exception):
    """An article or page the boundary leaves out, with its finding."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


# --- The walk of the content folders ---------------------------------------------------

def guard_file_walk(generator) -> None:
    """Leave out of this generator's walk every link out of the content folder or round
    in a loop, with one finding each per build."""
    base = generator.path
    ignores = generator.settings.get("IGNORE_FILES") or ()

    def before(paths: list[str], exclude: list[str]) -> tuple[list[str], list[str]]:
        _, crossings = walk(base, paths, exclude, ignores)
        _report(generator, crossings)
        crossed = {os.path.normpath(c.relative) for c in crossings}
        kept = [p for p in paths if os.path.normpath(p or ".") not in crossed]
        folders = [c.relative for c in crossings if c.folder]
        return kept, [*exclude, *folders]

    def after(files: set[str]) -> set[str]:
        outside = outside_files(base, files)
        _report(generator, outside)
        return files - {c.relative for c in outside}

    narrow_file_walk(generator, before, after)


def _report(generator, crossings: list[Crossing]) -> None:
    reported = generator.context.setdefault(_REPORTED, set())
    findings = []
    for crossing in crossings:
        key = os.path.normpath(crossing.relative)
        if key in reported:
            continue
        reported.add(key)
        shown = display_path(os.path.join(generator.path, crossing.relative))
        if crossing.problem == "loop":
            findings.append(Finding("warning", "link-loop", shown, None,
                                    loop_message(crossing.target)))
        else:
            findings.append(Finding("error", "outside-content", shown, None,
                                    outside_message(crossing.target, crossing.folder)))
    log_findings(record(generator.context, findings))


# --- Where an article or page is written ----------------------------------------------

def refuse_unsafe_output(content) -> None:
    """Leave out an article or page that would write outside the site or over another
    output: raised here, Pelican skips the file with the finding's message."""
    if not isinstance(content, (Article, Page)) or not content.source_path:
        return  # static files: drop_outside_static; objects made without a file: nothing
    context = context_of(content)
    finding = _output_finding(content, context if context is not None else {})
    if finding is None:
        return
    if context is not None:
        record(context, [finding])
    raise LeftOut(finding)


def _output_finding(content, context: dict) -> Finding | None:
    """The finding that leaves this article or page out, if any (lines read only then)."""
    path, metadata = content.source_path, content.metadata
    for field in PATH_FIELDS:
        value = metadata.get(field)
        if isinstance(value, str) and unsafe_field(field, value):
            line = field_line(path, field)
            return Finding("error", "unsafe-path", display_path(path), line,
                           unsafe_field_message(line, field, value))
    try:
        save_as = content.save_as
    except (KeyError, IndexError, ValueError, AttributeError):  # Pelican reports it
        return None
    if not save_as:
        return None
    explicit = "save_as" in metadata
    field = "save_as" if explicit else ("slug" if "slug" in metadata else "title")
    if escapes(save_as):
        return Finding("error", "unsafe-path", display_path(path), field_line(path, field),
                       unsafe_output_message(save_as, _source_of(content)))
    if _RESERVED not in context:
        context[_RESERVED] = reserved_outputs(content.settings)
    owner = reserved_by(save_as, context[_RESERVED])
    what = owner.what if owner else None
    if what is None and explicit:  # another file's page, which it would replace
        other = _predicted(content.settings, context).get(normal_output(save_as))
        if other and os.path.realpath(other) != os.path.realpath(path):
            what = f"the page of {display_path(other)}"
    if what is None:
        return None
    line = field_line(path, field)
    return Finding("error", "reserved-output", display_path(path), line,
                   reserved_message(line, field, save_as, what, explicit))


def _source_of(content) -> str:
    return "its Save_as" if "save_as" in content.metadata else _setting_of(content)


def _setting_of(content) -> str:
    """The *_SAVE_AS setting that places this article or page."""
    draft = content.status == "draft"
    if isinstance(content, Page):
        kind = "DRAFT_PAGE" if draft else "PAGE"
    else:
        kind = "DRAFT" if draft else "ARTICLE"
    return f"{kind}_{'' if content.in_default_lang else 'LANG_'}SAVE_AS"


def _predicted(settings: dict, context: dict) -> dict[str, str]:
    """Output -> source file of every Markdown article and page that sets no Save_as,
    from their headers (pages are read after the articles): once per build."""
    if _PREDICTED in context:
        return context[_PREDICTED]
    base = settings["PATH"]
    ignores = settings.get("IGNORE_FILES") or ()
    predicted: dict[str, str] = {}
    for kind in ("article", "page"):
        key = kind.upper()
        files, _ = walk(base, settings.get(f"{key}_PATHS") or (),
                        settings.get(f"{key}_EXCLUDES") or (), ignores)
        for relative in files:
            if not relative.lower().endswith(MARKDOWN):
                continue
            source = os.path.join(base, relative)
            try:
                header = read_header(source)
            except OSError:
                continue
            fields = {f.key.lower(): f.value for f in reversed(header.fields)}
            output = natural_output(kind, fields, relative, settings)
            if output:
                predicted.setdefault(output, source)
    context[_PREDICTED] = predicted
    return predicted


def drop_pages_over_articles(generator) -> None:
    """Leave out a page that would write an article's output (articles are written first)."""
    articles = {}
    for article in all_articles_in(generator.context):
        save_as = article.save_as  # Pelican works it out afresh on each use: once here
        if save_as:
            articles.setdefault(normal_output(save_as), article)
    lists = [getattr(generator, name) for name in PAGE_LISTS if hasattr(generator, name)]
    findings, dropped = [], set()
    for page in sorted({id(p): p for p in chain.from_iterable(lists)}.values(),
                       key=lambda p: p.source_path):
        article = articles.get(normal_output(page.save_as)) if page.save_as else None
        if article is None:
            continue
        message = collision_message(display_path(article.source_path),
                                    display_path(page.source_path), page.save_as)
        findings.append(Finding("error", "slug-collision", display_path(page.source_path),
                                None, message))
        dropped.add(page.source_path)
    log_findings(record(generator.context, findings))
    if dropped:
        for items in lists:
            items[:] = without(items, dropped)
            for item in items:
                item.translations = without(getattr(item, "translations", []), dropped)


def keep_article_drafts_unpublished(generator) -> None:
    """A draft's Save_as never publishes it where drafts are not written (publish builds)."""
    _keep_drafts_unpublished(generator, ("drafts", "drafts_translations"))


def keep_page_drafts_unpublished(generator) -> None:
    """The same for draft pages."""
    _keep_drafts_unpublished(generator, ("draft_pages", "draft_translations"))


def _keep_drafts_unpublished(generator, list_names: tuple[str, ...]) -> None:
    for name in list_names:
        for draft in getattr(generator, name, ()):
            if "save_as" in draft.metadata and not generator.settings.get(_setting_of(draft)):
                draft.override_save_as = ""  # as DRAFT_SAVE_AS = "": nothing written


# --- Templates ---------------------------------------------------------------------------

def fix_article_templates(generator) -> None:
    """Build articles whose Template cannot be used with the default template."""
    _fix_templates(generator, ARTICLE_LISTS)


def fix_page_templates(generator) -> None:
    """Build pages whose Template cannot be used with the default template."""
    _fix_templates(generator, PAGE_LISTS)


def _fix_templates(generator, list_names: tuple[str, ...]) -> None:
    items = {id(i): i for name in list_names for i in getattr(generator, name, ())}
    findings = []
    for item in sorted(items.values(), key=lambda i: i.source_path):
        name, default = str(item.template), type(item).default_template
        verdict = template_verdict(name, default, lambda n: _has_template(generator, n))
        if verdict is None:
            continue
        item.template = default
        line = field_line(item.source_path, "template")
        shown = display_path(item.source_path)
        if verdict == "unsafe-path":
            findings.append(Finding("error", "unsafe-path", shown, line,
                                    template_message(line, name, default, True, ())))
        else:
            message = template_message(line, name, default, False, _theme_templates(generator))
            findings.append(Finding("error", "unknown-template", shown, line, message))
    log_findings(record(generator.context, findings))


def _has_template(generator, name: str) -> bool:
    try:
        generator.get_template(name)
    except PelicanTemplateNotFound:
        return False
    return True


def _theme_templates(generator) -> list[str]:
    """The theme's page templates, as Template names them (no folder, no .html)."""
    try:
        names = generator.env.list_templates(extensions=["html"])
    except TypeError:  # a loader that cannot list its templates
        return []
    return sorted({n[:-5] for n in names if "/" not in n})


# --- Static files ------------------------------------------------------------------------

def drop_outside_static(generator) -> None:
    """Leave out static files linked from outside the content folder, or written
    outside the output folder, with a finding on the file that links them."""
    root = os.path.realpath(generator.path)
    findings, kept = [], []
    for static in generator.staticfiles:
        relative = static.get_relative_source_path()
        target = os.path.realpath(static.source_path)
        if not inside(target, root):
            findings += _link_findings(generator, relative, static_link_message(relative, target))
        elif escapes(static.save_as):
            findings.append(Finding("error", "unsafe-path", display_path(static.source_path),
                                    None, unsafe_output_message(static.save_as, "its save_as")))
        else:
            kept.append(static)
    generator.staticfiles[:] = kept
    log_findings(record(generator.context, findings))


def _link_findings(generator, relative: str, message: str) -> list[Finding]:
    """One finding on each article or page that links `relative`, else on the path."""
    context = generator.context
    pages = chain.from_iterable(context.get(n, ()) for n in ("pages", "hidden_pages",
                                                             "draft_pages"))
    contents = [*all_articles_in(context),
                *(p for page in pages for p in (page, *page.translations))]
    found = []
    for content in contents:
        if relative in content.get_static_links():
            line = text_line(content.source_path, os.path.basename(relative))
            found.append(Finding("error", "outside-content", display_path(content.source_path),
                                 line, message))
    shown = display_path(os.path.join(generator.path, relative))
    return found or [Finding("error", "outside-content", shown, None, message)]


# --- Settings ------------------------------------------------------------------------------

def check_output_settings(generator) -> None:
    """Turn off output settings leading outside the output folder; keep reST from
    inserting files (include, raw :file:) unless DOCUTILS_SETTINGS allows it."""
    settings, context = generator.settings, generator.context
    findings = []
    for key, value, replacement in unsafe_output_settings(settings):
        settings[key] = replacement
        if key in context:
            context[key] = replacement
        findings.append(Finding("error", "unsafe-path", "", None,
                                unsafe_setting_message(key, value, replacement)))
    docutils = settings.get("DOCUTILS_SETTINGS") or {}
    if "file_insertion_enabled" not in docutils:
        settings["DOCUTILS_SETTINGS"] = {**docutils, "file_insertion_enabled": False}
    log_findings(record(context, findings))
