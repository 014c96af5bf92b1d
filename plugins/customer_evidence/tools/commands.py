"""What each invoke task does, given its options: tasks.py only declares them.

Each function takes the Project and the task's options, writes what the person at
the terminal should read, and raises ToolError (one line and an exit status) when
it cannot go on. Heavy imports happen inside the functions, so `invoke --list`
stays quick.
"""

from __future__ import annotations

import datetime
import shlex
import shutil
import sys
from pathlib import Path

from customer_evidence.tools import ToolError
from customer_evidence.tools.building import error_summary, pelican_run, staged_build
from customer_evidence.tools.project import Project

GH_PAGES_BRANCH = "gh-pages"


def say(*lines: str, stream=None) -> None:
    (stream or sys.stdout).writelines(f"{line}\n" for line in lines)


def build(project: Project, strict: bool = False, extra: str = "") -> None:
    """The development build into its output folder; with `strict`, errors fail it."""
    errors = staged_build(project.base_file, project.output, extra)
    if errors:
        say(error_summary(errors).rstrip(), stream=sys.stderr)
    if strict and errors:
        raise ToolError(f"build logged {len(errors)} error(s); see above")


# The long-running builds index the search in the background (site_search).
BACKGROUND_SEARCH = "SITE_SEARCH_BACKGROUND=true"


def regenerate(project: Project, extra: str = "") -> None:
    pelican_run(["-r", "-s", str(project.base_file), "-e", BACKGROUND_SEARCH,
                 *shlex.split(extra)])


def preview(project: Project, extra: str = "") -> None:
    """The production build into its own folder, refused on any error, then the scan."""
    errors = staged_build(project.publish_file, project.publish_output, extra)
    if errors:
        say(error_summary(errors).rstrip(), stream=sys.stderr)
        raise ToolError(f"publish build logged {len(errors)} error(s); see above")
    privacy_scan(project)


def privacy_scan(project: Project) -> None:
    from customer_evidence.core.registry_limits import limits_of
    from customer_evidence.tools.publishing import check_privacy

    limits = limits_of(project.publish_settings)
    say(check_privacy(project.publish_output, project.registry(), limits), stream=sys.stderr)


def publish(project: Project, verbose: bool = False, extra: str = "", to: str = "",
            dry_run: bool = False, verify: bool = False) -> None:
    """Preview, then send the production build to `to` (default PUBLISH_TARGET): an
    `s3://bucket/prefix` address to S3-compatible storage, anything else with rsync.
    With `dry_run`, say what would be sent and deleted, and send nothing; with
    `verify`, an S3 publish lists the bucket even where S3_TRUST_RECORD is set."""
    target = to or project.publish_settings.get("PUBLISH_TARGET", "")
    if not target:
        raise ToolError(
            "No publish target: set PUBLISH_TARGET in publishconf.py or the environment, "
            "or pass --to, to an rsync destination (e.g. deploy@web1:/var/www/blog/ or a "
            "local directory) or an S3 address (s3://bucket/prefix). Nothing was built or "
            "uploaded.", code=2)
    to_s3 = target.startswith("s3://")
    if not to_s3 and shutil.which("rsync") is None:
        raise ToolError("rsync is not installed; install it (apt-get install rsync)", code=2)
    preview(project, extra)
    if to_s3:
        from customer_evidence.tools.s3_publish import publish_s3

        say(*publish_s3(project.publish_output, target, project.publish_settings, verbose,
                        dry_run, verify))
    else:
        from customer_evidence.tools.publishing import rsync

        say(rsync(project.publish_output, target, verbose, dry_run))


def gh_pages(project: Project, push: bool = True, extra: str = "",
             dry_run: bool = False) -> None:
    """Preview, then commit the production build to the gh-pages branch (and push);
    with `dry_run`, say what the commit would change, and commit nothing."""
    from customer_evidence.tools.publishing import commit_gh_pages

    preview(project, extra)
    message = f"Publish site on {datetime.date.today().isoformat()}"
    say(*commit_gh_pages(project.publish_output, GH_PAGES_BRANCH, message, push, dry_run))


def new(project: Project, title: str, question_id=None, question=None, sources=(),
        category=None, tags=None, author=None) -> None:
    """Write a draft article, its question and sources filled in from the registries."""
    from customer_evidence.core.findings import display_path
    from customer_evidence.tools.scaffold import Request, ScaffoldError, Site, plan, write

    request = Request(title, question_id, question, tuple(sources or ()), category, tags,
                      author)
    try:
        draft = plan(request, Site.from_settings(project.settings))
        write(draft)
    except ScaffoldError as exc:
        raise ToolError(f"{exc}\nnew: nothing was written") from None
    say(*(f"{level}: {message}" for level, message in draft.notes), stream=sys.stderr)
    say(f"wrote {display_path(str(draft.path))} (Status: draft); replace its TODO lines, "
        "then preview it with `invoke livereload`")


def init(project: Project, name=None, url=None, author=None, tagline=None, timezone=None,
         lang=None, keep_samples=False, dry_run=False) -> None:
    """Make a fork the team's own: settings set, sample content out."""
    from customer_evidence.tools.site_init import InitError, Request, Site, plan, report, write

    request = Request(name, url, author, tagline, timezone, lang, keep_samples)
    site = Site.from_settings(project.root, project.settings, project.base_file.name,
                              project.publish_file.name)
    try:
        steps = plan(request, site)
    except InitError as exc:
        raise ToolError(f"{exc}\ninit: nothing was changed") from None
    if not dry_run:
        write(steps)
    say(report(steps, dry_run))


def hooks(project: Project, force: bool = False) -> None:
    from customer_evidence.tools.hooks import install_hook

    say(*install_hook(project.root, force))


def audit(project: Project, output_format: str = "text", strict: bool = False,
          changed: str | bool | None = None) -> None:
    """The plugins' checks on the content without writing the site; its exit status."""
    from customer_evidence.tools.audit import AuditError, changed_files, exit_status, run_audit
    from customer_evidence.tools.audit_output import FORMATS, render

    if output_format not in FORMATS:
        raise ToolError(f"audit: unknown --format {output_format!r}; use one of "
                        f"{', '.join(FORMATS)}", code=2)
    try:
        only = None
        if changed is not None:
            only = changed_files("HEAD" if changed is True else changed, project.root)
        result = run_audit(project.base_file, only=only)
    except AuditError as error:
        raise ToolError(f"audit: {error}", code=2) from None
    say(render(result, output_format, terminal_width(), sys.stdout.isatty()))
    status = exit_status(result, strict)
    if status:
        raise ToolError("", code=status)


def links(project: Project, external: bool = False, output: str | None = None,
          timeout: float = 10.0, max_links: int = 500) -> None:
    """Check a built site's internal links (and with `external`, its links off the site)."""
    from customer_evidence.core.site_links import address_of
    from customer_evidence.tools.audit import AuditError, run_audit
    from customer_evidence.tools.links_check import (
        Broken,
        Limits,
        broken_internal,
        check_external,
        crawl,
        external_links,
        report,
        sources_from,
    )

    folder = Path(output).resolve() if output else project.output.resolve()
    if not (folder / "index.html").is_file():
        raise ToolError(f"links: {folder} holds no built site; run `invoke build` first (or "
                        "`invoke preview`, and --output output-publish)", code=2)
    publish = folder == project.publish_output.resolve()
    settings = project.publish_settings if publish else project.settings
    address = address_of(settings.get("SITEURL") or "")
    pages, files = crawl(folder)
    broken = broken_internal(pages, files, address)
    said = [f"links: {sum(len(p.links) for p in pages.values())} links on {len(pages)} pages"]
    if external:
        found = external_links(pages, address)
        limits = Limits(max_links=int(max_links), timeout=float(timeout))
        problems = check_external(found, limits)
        broken += [Broken(page, url, why) for url, why in problems.items() if why
                   for page in found[url]]
        left = max(0, len(found) - len(problems))
        said.append(f"{len(problems)} external link(s) checked")
        if left:
            say(f"links: {left} external link(s) not checked (more than --max-links "
                f"{max_links})", stream=sys.stderr)
    sources = {}
    if broken:
        try:  # which Markdown file each page comes from, to name its line
            sources = sources_from(run_audit(project.publish_file if publish
                                             else project.base_file).context)
        except AuditError:
            pass
    say(*report(broken, folder.name, sources))
    if broken:
        raise ToolError(f"links: {len(broken)} broken link(s) in {folder.name}/; see above")
    say("; ".join(said) + ": none broken")


def coverage(project: Project) -> None:
    """Which bank questions are answered, by stage and topic, and the gaps."""
    from customer_evidence.tools.audit import AuditError, run_audit
    from customer_evidence.tools.coverage_table import coverage_table

    try:
        result = run_audit(project.base_file)
    except AuditError as error:
        raise ToolError(f"questions: {error}", code=2) from None
    found = result.context.get("question_coverage")
    if found is None:
        raise ToolError("questions: the customer_questions plugin is not enabled in "
                        f"{project.base_file.name} (PLUGINS)", code=2)
    say(coverage_table(found, terminal_width()))


def import_questions(project: Project, path: str, bank: str | None = None, **options) -> None:
    """Count the questions of a CSV export into the bank (or, dry, print the diff)."""
    from customer_evidence.core.questions_settings import bank_path
    from customer_evidence.tools.question_import import ImportFailed, Options
    from customer_evidence.tools.question_import import import_questions as run_import

    settings = project.settings
    bank_file = Path(bank) if bank else bank_path(settings)
    try:
        outcome = run_import(Options(Path(path), bank_file, settings=settings, **options))
    except ImportFailed as error:
        raise ToolError(f"questions --import: {error}\nNothing was written.", code=2) from None
    if options.get("dry_run") and outcome.diff:
        say(outcome.diff)
    say(outcome.summary)


def import_posts(project: Project, sources: list[str], into: str | None = None,
                 pages_into: str | None = None, format: str | None = None,
                 dry_run: bool = False, redirects: str | None = None) -> None:
    """Import exports of another blog as drafts (or, dry, list what would be written)."""
    from customer_evidence.importing.importer import Options, run_import
    from customer_evidence.importing.model import ImportFailed

    settings = project.settings
    if not sources:
        raise ToolError("import: give the export to read, e.g. invoke import blog.xml", code=2)
    content = project.content
    articles = Path(into) if into else content / (settings.get("ARTICLE_PATHS") or [""])[0]
    pages = Path(pages_into) if pages_into else content / (settings.get("PAGE_PATHS")
                                                           or ["pages"])[0]
    options = Options(tuple(Path(s) for s in sources), articles.resolve(), pages.resolve(),
                      settings, project.root, format=format or None, dry_run=dry_run,
                      redirects=Path(redirects) if redirects else
                      project.root / "imported-redirects.csv")
    try:
        outcome = run_import(options)
    except ImportFailed as error:
        raise ToolError(f"import: {error}\nNothing was written.", code=2) from None
    except FileExistsError as error:
        raise ToolError(f"import: {error.filename} appeared during the import; nothing "
                        "was written, run it again", code=1) from None
    say(outcome.summary(dry_run))


def livereload(project: Project, host: str, port: int, open_browser: bool,
               extra: str = "") -> None:
    """Build with the content cache, serve, rebuild on every change, reload the tab."""
    from customer_evidence.tools import serving

    def cached_build():
        pelican_run(["-s", str(project.base_file), "-e", "CACHE_CONTENT=true",
                     "LOAD_CONTENT_CACHE=true", BACKGROUND_SEARCH, *shlex.split(extra)])

    serving.livereload(project.output, serving.watched_globs(project.base_file,
                                                             project.settings),
                       cached_build, host, port, open_browser)


def terminal_width() -> int:
    return max(80, shutil.get_terminal_size((120, 24)).columns)
