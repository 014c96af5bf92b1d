"""`invoke import`: read exports, write drafts, report what was done to each post.

For each source: detect its format (formats.py), stream its posts from the reader,
skip those an earlier import wrote (their Imported-From), convert and repair each
(pipeline.py), name it (writer.Existing.free_name) and stage its draft. When every
source has been read, the bank's questions are inferred for the staged drafts
together (questions.py) and filled in; then the drafts are linked into place and the
redirect list is updated. A source that cannot be read (ImportFailed) ends the run
with nothing written. `dry_run` does all of it but the last step.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from customer_evidence.core.findings import display_path
from customer_evidence.importing.formats import detect, reader_for
from customer_evidence.importing.model import ImportFailed, Note, ReadStats, SourcePost
from customer_evidence.importing.pipeline import (
    Prepared,
    header_lines,
    one_line,
    origin_key,
    prepare,
    render,
    safe_lang,
)
from customer_evidence.importing.questions import CHUNK, QuestionFinder
from customer_evidence.importing.writer import Existing, Staging

logger = logging.getLogger(__name__)
REDIRECT_FIELDS = ("old_url", "new_url", "file")


@dataclass(frozen=True)
class Options:
    """What `invoke import` was asked to do."""

    sources: tuple[Path, ...]
    articles: Path  # where imported articles go (--into)
    pages: Path  # where imported pages go
    settings: dict
    root: Path  # the project: staging and the redirect list live here
    redirects: Path | None = None
    format: str | None = None
    dry_run: bool = False
    infer: bool = True


@dataclass
class Draft:
    """One staged draft and what the editor should know about it. Its body is on
    disk, in the staging folder: `prepared.body` is emptied once it is written, so a
    large export's posts are never all in memory."""

    path: Path
    prepared: Prepared
    slug: str
    passages: list = field(default_factory=list)  # what the question matcher reads
    question: object | None = None
    notes: list[Note] = field(default_factory=list)


@dataclass
class SourceReport:
    """Per source: what was imported, repaired, not converted, passed over."""

    format: str
    source: Path
    drafts: list[Draft] = field(default_factory=list)
    already: list[tuple[str, Path]] = field(default_factory=list)  # (source, existing file)
    failed: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)


@dataclass
class Outcome:
    reports: list[SourceReport]
    written: list[Path]
    redirects: int
    inference: str | None  # why no question was inferred, if none could be

    def summary(self, dry_run: bool) -> str:
        return format_outcome(self, dry_run)


def run_import(options: Options) -> Outcome:
    """Import every source, all or nothing."""
    settings = options.settings
    slug_of = _slugger(settings)
    # The whole site, not only the target folders: a draft the author moved elsewhere is
    # still imported, and a slug used anywhere would give two posts one URL.
    folders = [options.articles, options.pages, *([Path(settings["PATH"])]
                                                   if settings.get("PATH") else [])]
    existing = Existing.scan(folders, slug_of)
    finder = QuestionFinder(settings) if options.infer else None
    staging = Staging(options.root)
    try:
        pending: list[Draft] = []  # drafts whose question is still to be inferred
        reports = [_read_source(path, options, existing, staging, slug_of, finder, pending)
                   for path in options.sources]
        drafts = [d for r in reports for d in r.drafts]
        reason = None
        if finder is not None:
            _fill_questions(pending, staging, finder, settings_timezone(settings))
            reason = finder.reason
        written: list[Path] = []
        redirects = _redirect_rows(drafts, settings)
        if not options.dry_run:
            written = staging.commit()
            if options.redirects and redirects:
                _merge_redirects(options.redirects, redirects)
        return Outcome(reports, written, len(redirects), reason)
    finally:
        staging.discard()


def _read_source(path: Path, options: Options, existing: Existing, staging: Staging,
                 slug_of, finder: QuestionFinder | None, pending: list[Draft]
                 ) -> SourceReport:
    name = detect(path, options.format)
    report = SourceReport(name, path)
    stats = ReadStats()
    for post in reader_for(name)(path, stats=stats):
        origin = origin_key(post.origin)
        if origin in existing.origins:
            report.already.append((post.source, existing.origins[origin]))
            continue
        folder = options.pages if post.kind == "page" else options.articles
        try:
            prepared = prepare(post)
            path_, slug = existing.free_name(folder, _wanted_slug(post, prepared, slug_of))
            text = render(prepared, slug, settings_timezone(options.settings))
        except ImportFailed:
            raise
        except Exception as error:  # one post the converter cannot handle is reported
            logger.debug("could not convert %s", post.source, exc_info=True)
            report.failed.append(f"{one_line(post.source)}: could not be converted "
                                 f"({_why(error)}); import it by hand")
            continue
        existing.origins[origin] = path_
        staging.write(path_, text)
        passages = finder.read(prepared.title, prepared.summary, prepared.body,
                               post.body if post.body_format == "html" else None) if finder else []
        kept = dataclasses.replace(prepared, body="", post=dataclasses.replace(post, body=""))
        report.drafts.append(Draft(path_, kept, slug, passages))
        if finder is not None:
            pending.append(report.drafts[-1])
            if len(pending) >= CHUNK:  # judged a chunk at a time: only its passages kept
                _fill_questions(pending, staging, finder, settings_timezone(options.settings))
                pending.clear()
    report.skipped = dict(stats.skipped)
    return report


def _why(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "its HTML is nested too deeply to convert"
    if isinstance(error, MemoryError):
        return "it is too large to convert in memory"
    return f"{type(error).__name__}: {error}"


def settings_timezone(settings: dict) -> str | None:
    return settings.get("TIMEZONE")


def _wanted_slug(post: SourcePost, prepared: Prepared, slug_of) -> str:
    """The source's slug made safe for this site, else one from the title."""
    for text in (post.slug, prepared.title, Path(post.source).stem):
        if text and (slug := slug_of(text)):
            return slug
    return "imported"


def _slugger(settings: dict):
    from pelican.utils import slugify

    options = {"regex_subs": settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
               "preserve_case": settings.get("SLUGIFY_PRESERVE_CASE", False),
               "use_unicode": settings.get("SLUGIFY_USE_UNICODE", False)}
    return lambda text: slugify(text, **options)


def _fill_questions(drafts: list[Draft], staging: Staging, finder: QuestionFinder,
                    timezone: str | None) -> None:
    """Infer the bank question of every staged draft at once; give those it fills the
    header with `Question:` (their body stays as staged)."""
    questions, notes = finder.infer([d.passages for d in drafts])
    for draft, question, more in zip(drafts, questions, notes, strict=True):
        draft.notes += more
        draft.passages = []
        if question is not None:
            draft.question = question
            _, body = staging.read(draft.path).split("\n\n", 1)
            header = render(draft.prepared, draft.slug, timezone, question)
            staging.write(draft.path, header.rstrip("\n") + "\n\n" + body)


def _redirect_rows(drafts: list[Draft], settings: dict) -> list[dict]:
    rows = []
    for draft in drafts:
        post = draft.prepared.post
        if not (post.old_url or post.redirect_from):
            continue
        pattern = settings.get("PAGE_URL" if post.kind == "page" else "ARTICLE_URL") or "{slug}"
        date = post.date or datetime.datetime(1970, 1, 1)
        try:
            new = "/" + pattern.format(slug=draft.slug, date=date, lang=safe_lang(post.lang) or
                                       settings.get("DEFAULT_LANG", "en"))
        except (KeyError, IndexError, ValueError):
            new = f"/{draft.slug}"
        rows += [{"old_url": old, "new_url": new, "file": display_path(str(draft.path))}
                 for old in dict.fromkeys([post.old_url, *post.redirect_from]) if old]
    return rows


def _merge_redirects(path: Path, rows: list[dict]) -> None:
    """Add rows to the redirect list, one per old URL (a new import's wins)."""
    known: dict[str, dict] = {}
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as f:
            known = {r["old_url"]: r for r in csv.DictReader(f) if r.get("old_url")}
    known.update({r["old_url"]: r for r in rows})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, REDIRECT_FIELDS, lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(known[key] for key in sorted(known))
    path.write_text(buffer.getvalue(), encoding="utf-8")


def format_outcome(outcome: Outcome, dry_run: bool) -> str:
    """The report: per source a summary line, then each draft's repairs and notes."""
    lines: list[str] = []
    for report in outcome.reports:
        lines += _source_lines(report, dry_run)
    drafts = sum(len(r.drafts) for r in outcome.reports)
    if outcome.inference:
        lines.append(f"Questions: {outcome.inference}")
    if drafts:
        lines.append("Sources: left for you in every draft; until a post cites a customer "
                     "source, `invoke audit` lists it (missing-source).")
    verb = "Would write" if dry_run else "Wrote"
    lines.append(f"{verb} {drafts} draft(s) (Status: draft)"
                 + (f"; {outcome.redirects} old URL(s) for the redirect list"
                    if outcome.redirects else "") + (". Nothing was written (--dry-run)."
                                                     if dry_run else "."))
    return "\n".join(lines)


def _source_lines(report: SourceReport, dry_run: bool) -> list[str]:
    drafts = report.drafts
    pages = sum(d.prepared.post.kind == "page" for d in drafts)
    at_source = sum(d.prepared.post.status == "draft" for d in drafts)
    repairs = [r for d in drafts for r in d.prepared.repairs]
    review = sum(r.review for r in repairs)
    notes = [n for d in drafts for n in d.prepared.notes if n.level == "warning"]
    head = (f"{report.format} {display_path(str(report.source))}: "
            f"{len(drafts)} {'to import' if dry_run else 'imported'} "
            f"({len(drafts) - pages} posts, {pages} pages; {at_source} draft(s) at the source)"
            f", {len(report.already)} imported before; {len(repairs)} repair(s)"
            f" ({review} to review); {len(notes)} part(s) not converted")
    if report.skipped:
        head += "; passed over: " + ", ".join(f"{n} {kind}" for kind, n in
                                               sorted(report.skipped.items()))
    lines = [head]
    lines += [f"  failed: {message}" for message in report.failed]
    for draft in drafts:
        lines += _draft_lines(draft)
    if report.already:
        counted = Counter(str(path.parent) for _, path in report.already)
        lines += [f"  {n} post(s) already imported into {display_path(folder)}: kept as they "
                  "are" for folder, n in sorted(counted.items())]
    return lines


def _draft_lines(draft: Draft) -> list[str]:
    name = display_path(str(draft.path))
    text_lines = header_lines(render(draft.prepared, draft.slug, None, draft.question))
    lines = [f"  {name}: {draft.prepared.title!r} from {one_line(draft.prepared.post.source)}"
             + (f"; Question-Id {draft.question.id} ({draft.question.score:.2f})"
                if draft.question else "")]
    for repair in draft.prepared.repairs:
        where = 1 if repair.line == 0 else text_lines + repair.line
        label = "review" if repair.review else "repaired"
        lines.append(f"    {name}:{where}: {label}: {repair.before!r} -> {repair.after!r} "
                     f"({repair.note})")
    for note in draft.prepared.notes + draft.notes:
        where = f" (source line {note.line})" if note.line else ""
        lines.append(f"    {name}: {note.level}: {note.message}{where}")
    return lines
