"""Build, serve, test and publish the blog: `invoke --list` shows every task.

Follows Pelican 4.12's quickstart tasks.py (same task names, Pelican run in
process), with three safety rules added: builds for `build`, `preview`, `publish`
and `gh-pages` are written to a staging folder and swapped into place only when
Pelican finished; `publish` refuses without a target or after a build that logged
errors; rsync never runs from a missing or empty output folder. Production builds
go to their own folder (publishconf.py's OUTPUT_PATH, output-publish/), so they
never replace the development build that `serve` shows.
"""

import datetime
import logging
import os
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit
from invoke.main import program
from pelican import main as pelican_main
from pelican.log import init as init_logging
from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file, read_settings

ROOT = Path(__file__).resolve().parent
os.chdir(ROOT)  # settings files use paths relative to the repository
sys.path.insert(0, str(ROOT / "plugins"))  # the shared `editorial` package

OPEN_BROWSER_ON_SERVE = os.environ.get("OPEN_BROWSER_ON_SERVE") == "1"
SETTINGS_FILE_BASE = "pelicanconf.py"
try:
    SETTINGS = read_settings(SETTINGS_FILE_BASE)
except ValueError:  # no content folder yet: tasks still list and explain themselves
    SETTINGS = {**DEFAULT_CONFIG, **get_settings_from_file(SETTINGS_FILE_BASE)}

CONFIG = {
    "settings_base": SETTINGS_FILE_BASE,
    "settings_publish": "publishconf.py",
    # Output path. Can be absolute or relative to tasks.py. Default: 'output'
    "deploy_path": os.path.relpath(SETTINGS["OUTPUT_PATH"], ROOT),
    # Where preview, publish and gh-pages build: never the development output
    "publish_path": os.path.relpath(
        get_settings_from_file("publishconf.py").get("OUTPUT_PATH", "output-publish"), ROOT),
    # Github Pages configuration
    "github_pages_branch": "gh-pages",
    "commit_message": f"'Publish site on {datetime.date.today().isoformat()}'",
    # Host and port for `serve`
    "host": "127.0.0.1",
    "port": 8000,
}


class ErrorCollector(logging.Handler):
    """Keep every error Pelican and the plugins log during one build."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@task
def clean(c):
    """Remove generated files"""
    for path in (CONFIG["deploy_path"], CONFIG["publish_path"], SETTINGS["CACHE_PATH"]):
        if os.path.isdir(path):
            shutil.rmtree(path)
    os.makedirs(CONFIG["deploy_path"])


@task(help={"strict": "Exit non-zero when the build logs any error"})
def build(c, strict=False):
    """Build local version of site"""
    errors = staged_build(CONFIG["settings_base"], CONFIG["deploy_path"])
    if strict and errors:
        raise Exit(f"build logged {len(errors)} error(s); see above", code=1)


@task
def rebuild(c):
    """Remove output and cache, then `build`"""
    clean(c)
    build(c)


@task
def regenerate(c):
    """Automatically regenerate site upon file modification"""
    pelican_run("-r -s {settings_base}".format(**CONFIG))


class SiteRequestHandler(ComplexHTTPRequestHandler):
    """Pelican's request handler, answering unknown paths with the site's 404 page."""

    def do_GET(self):
        path = self.get_path_that_exists(self.path.split("?", 1)[0])
        if path is None:
            self.send_not_found()
            return
        self.path = path
        super(ComplexHTTPRequestHandler, self).do_GET()

    def send_not_found(self):
        page = Path(self.translate_path("/404.html"))
        if not page.is_file():
            self.send_error(404)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class AddressReuseTCPServer(RootedHTTPServer):
    allow_reuse_address = True


ADDRESS_HELP = {"port": f"Port to listen on (default {CONFIG['port']})",
                "bind": f"Address to listen on (default {CONFIG['host']})"}


@task(help=ADDRESS_HELP)
def serve(c, port=CONFIG["port"], bind=CONFIG["host"]):
    """Serve site at http://$BIND:$PORT/ (default is 127.0.0.1:8000)"""
    if not os.path.isfile(os.path.join(CONFIG["deploy_path"], "index.html")):
        raise Exit(f"nothing to serve in {CONFIG['deploy_path']}/: run `invoke build`")
    address = (bind, int(port))
    _check_address("serve", *address)
    server = AddressReuseTCPServer(CONFIG["deploy_path"], address, SiteRequestHandler)
    url = f"http://{address[0]}:{address[1]}/"

    if OPEN_BROWSER_ON_SERVE:
        # Open site in default browser
        import webbrowser

        webbrowser.open(url)

    sys.stderr.write(f"Serving at {url} ...\n")
    server.serve_forever()


@task(help=ADDRESS_HELP)
def reserve(c, port=CONFIG["port"], bind=CONFIG["host"]):
    """`build`, then `serve`"""
    _check_address("reserve", bind, int(port))  # before a build it would waste
    build(c)
    serve(c, port, bind)


def _check_address(task_name: str, host: str, port: int) -> None:
    """Exit with one line if a server could not listen on host:port now."""
    from editorial.serving import address_problem

    problem = address_problem(task_name, host, port)
    if problem:
        raise Exit(problem, code=1)


@task
def preview(c):
    """Build production version of site into output-publish/, then scan it for private details"""
    errors = staged_build(CONFIG["settings_publish"], CONFIG["publish_path"])
    if errors:
        raise Exit(f"publish build logged {len(errors)} error(s); see above", code=1)
    privacy_scan(c)


@task
def privacy_scan(c):
    """Fail if any private field of content/sources.yml appears in output-publish/"""
    from editorial.privacy_scan import RegistryError, describe, private_values, scan

    folder = CONFIG["publish_path"]
    if not os.path.isdir(folder):
        raise Exit(f"privacy scan: nothing to scan in {folder}/: run `invoke preview`", code=2)
    settings = read_settings(CONFIG["settings_publish"])
    registry = Path(settings["PATH"]) / settings.get("CUSTOMER_SOURCES_REGISTRY", "sources.yml")
    if not registry.is_file():
        return  # no registry, no private details to protect
    try:
        values = private_values(registry)
    except RegistryError as exc:
        raise Exit(f"privacy scan: {exc}; fix the registry first", code=1) from None
    leaks = scan(Path(folder), values)
    for leak in leaks:
        sys.stderr.write(describe(leak, folder) + "\n")
    if leaks:
        raise Exit(f"privacy scan: {len(leaks)} private value(s) in {folder}/; "
                   "nothing was published", code=1)
    sys.stderr.write(f"privacy scan: no private source details in {folder}/\n")


@task(
    iterable=["source"],
    auto_shortflags=False,
    help={
        "title": "The article's title; it also gives the file name and URL",
        "question-id": "Id of the question it answers, from content/questions.yml",
        "question": "The question it answers, in the customer's words (not in the bank)",
        "source": "Id of a customer source from content/sources.yml (repeatable)",
        "category": "Category, e.g. \"Cost and pricing\"",
        "tags": "Comma-separated tags",
        "author": "Author name (default: the site's)",
    },
)
def new(c, title, question_id=None, question=None, source=None, category=None, tags=None,
        author=None):
    """Write a draft article with its question and sources filled in"""
    from editorial.findings import display_path
    from editorial.scaffold import Request, ScaffoldError, Site, plan, write

    request = Request(title, question_id, question, tuple(source or ()), category, tags, author)
    try:
        draft = plan(request, Site.from_settings(SETTINGS))
        write(draft)
    except ScaffoldError as exc:
        raise Exit(f"{exc}\nnew: nothing was written", code=1) from None
    for level, message in draft.notes:
        sys.stderr.write(f"{level}: {message}\n")
    sys.stdout.write(f"wrote {display_path(str(draft.path))} (Status: draft); replace its "
                     "TODO lines, then preview it with `invoke livereload`\n")


@task(
    auto_shortflags=False,
    help={
        "name": "The site's name (SITENAME), e.g. \"Acme Insights\"; needed the first time",
        "url": "The published site's address (PUBLISH_SITEURL), e.g. https://blog.acme.example; "
               "needed the first time",
        "author": "The default author (AUTHOR; default: the site's name)",
        "tagline": "The line under the site's name (SITESUBTITLE)",
        "timezone": "The time zone of posts' dates (TIMEZONE), e.g. Europe/Berlin",
        "lang": "The site's language code (DEFAULT_LANG), e.g. en or de",
        "keep-samples": "Keep the sample posts, as drafts, with the bank and registry they cite",
        "dry-run": "Print what init would do and write nothing",
    },
)
def init(c, name=None, url=None, author=None, tagline=None, timezone=None, lang=None,
         keep_samples=False, dry_run=False):
    """Make the blog your team's: its name, address and author; the sample removed"""
    from editorial.site_init import InitError, Request, Site, plan, report, write

    request = Request(name, url, author, tagline, timezone, lang, keep_samples)
    site = Site.from_settings(ROOT, SETTINGS, CONFIG["settings_base"], CONFIG["settings_publish"])
    try:
        steps = plan(request, site)
    except InitError as exc:
        raise Exit(f"{exc}\ninit: nothing was changed", code=1) from None
    if not dry_run:
        write(steps)
    sys.stdout.write(report(steps, dry_run) + "\n")


PRE_COMMIT_HOOK = """\
#!/bin/sh
# Installed by `invoke hooks`: the editorial audit of what this commit changes.
cd "$(git rev-parse --show-toplevel)" || exit 1
if [ ! -x .venv/bin/invoke ]; then
    echo "pre-commit: no .venv/bin/invoke; run 'python3 bootstrap.py build' first" >&2
    exit 1
fi
exec .venv/bin/invoke audit --changed
"""


@task(help={"force": "Replace a different pre-commit hook (kept as pre-commit.backup)"})
def hooks(c, force=False):
    """Install the git pre-commit hook that runs `invoke audit --changed`"""
    found = c.run("git rev-parse --git-path hooks", hide=True, warn=True)
    if not found.ok:
        raise Exit(f"{ROOT} is not a git repository; nothing was installed", code=1)
    hook = ROOT / found.stdout.strip() / "pre-commit"
    if hook.is_file() and hook.read_text(errors="replace") == PRE_COMMIT_HOOK:
        sys.stdout.write(f"hooks: {hook} is already installed\n")
        return
    if hook.exists():
        if not force:
            raise Exit(f"hooks: {hook} exists and is not this project's hook; nothing was "
                       "changed. Merge it by hand, or run `invoke hooks --force` to replace "
                       "it (the old one is kept as pre-commit.backup)", code=1)
        hook.replace(hook.with_name("pre-commit.backup"))
        sys.stdout.write(f"hooks: moved the old hook to {hook.with_name('pre-commit.backup')}\n")
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(PRE_COMMIT_HOOK)
    hook.chmod(0o755)
    sys.stdout.write(f"hooks: installed {hook}; every commit now runs "
                     "`invoke audit --changed` (skip once with git commit --no-verify)\n")


@task(
    optional=["changed"],
    help={
        "format": "text (a table; the default), json (schema in README) or github "
                  "(annotations on a pull request's lines)",
        "strict": "Also fail (exit 1) on warnings, not only on errors",
        "changed": "Only the content files changed since a git commit (default HEAD), "
                   "untracked ones included; the registries are still checked whole",
    },
)
def audit(c, format="text", strict=False, changed=None):
    """Check the content with both plugins' rules, without writing the site"""
    from editorial.audit import AuditError, changed_files, exit_status, run_audit
    from editorial.audit_output import FORMATS, render

    if format not in FORMATS:
        raise Exit(f"audit: unknown --format {format!r}; use one of {', '.join(FORMATS)}",
                   code=2)
    try:
        only = None
        if changed is not None:
            only = changed_files("HEAD" if changed is True else changed, ROOT)
        result = run_audit(CONFIG["settings_base"], only=only)
    except AuditError as error:
        raise Exit(f"audit: {error}", code=2) from None
    sys.stdout.write(render(result, format, _terminal_width(), sys.stdout.isatty()) + "\n")
    status = exit_status(result, strict)
    if status:
        raise Exit(code=status)


@task(
    auto_shortflags=False,
    help={
        "import": "A CSV export (help-desk tickets, CRM or call notes, form submissions, a "
                  "question-research list) whose questions to count into the bank",
        "column": "The text column (default: found from the header); Subject+Body reads two",
        "date-column": "The date column (default: found from the header)",
        "channel-column": "The channel column (default: found from the header)",
        "channel": "One channel for the whole file instead, e.g. support-ticket",
        "encoding": "The file's encoding (default utf-8, with or without a BOM)",
        "max-rows": "Refuse a file with more rows than this (default 50000)",
        "min-asked": "Propose a new entry only for a question heard this often (default 2)",
        "dry-run": "Print the change as a diff and write nothing",
        "bank": "The bank to update (default: CUSTOMER_QUESTIONS_BANK in the content folder)",
    },
)
def questions(c, import_=None, column=None, date_column=None, channel_column=None,
              channel=None, encoding="utf-8", max_rows=50000, min_asked=2, dry_run=False,
              bank=None):
    """Print which bank questions are answered and the gaps; --import FILE feeds the bank"""
    if import_ is not None:
        return _import_questions(import_, column, date_column, channel_column, channel,
                                 encoding, max_rows, min_asked, dry_run, bank)
    if column or date_column or channel_column or channel or dry_run or bank:
        raise Exit("questions: those options go with --import FILE", code=2)
    from editorial.audit import AuditError, run_audit
    from editorial.coverage_table import coverage_table

    try:
        result = run_audit(CONFIG["settings_base"])
    except AuditError as error:
        raise Exit(f"questions: {error}", code=2) from None
    coverage = result.context.get("question_coverage")
    if coverage is None:
        raise Exit("questions: the customer_questions plugin is not enabled in "
                   f"{CONFIG['settings_base']} (PLUGINS)", code=2)
    sys.stdout.write(coverage_table(coverage, _terminal_width()) + "\n")


def _import_questions(path, column, date_column, channel_column, channel, encoding, max_rows,
                      min_asked, dry_run, bank):
    from customer_questions.settings import settings_of
    from editorial.question_import import ImportFailed, Options, import_questions

    bank = Path(bank) if bank else \
        Path(SETTINGS["PATH"]) / settings_of(SETTINGS)["CUSTOMER_QUESTIONS_BANK"]
    options = Options(Path(path), bank, column, date_column, channel_column, channel, encoding,
                      int(max_rows), int(min_asked), dry_run, SETTINGS)
    try:
        outcome = import_questions(options)
    except ImportFailed as error:
        raise Exit(f"questions --import: {error}\nNothing was written.", code=2) from None
    if dry_run and outcome.diff:
        sys.stdout.write(outcome.diff + "\n")
    sys.stdout.write(outcome.summary + "\n")


def _terminal_width() -> int:
    return max(80, shutil.get_terminal_size((120, 24)).columns)


@task(help=ADDRESS_HELP)
def livereload(c, port=CONFIG["port"], bind=CONFIG["host"]):
    """Automatically reload browser tab upon file modification."""
    from editorial.serving import listen_error, livereload_server

    port = int(port)
    _check_address("livereload", bind, port)  # before a build it would waste

    def cached_build():
        cmd = "-s {settings_base} -e CACHE_CONTENT=true LOAD_CONTENT_CACHE=true"
        pelican_run(cmd.format(**CONFIG))

    cached_build()
    server = livereload_server()
    theme_path = SETTINGS["THEME"]
    watched_globs = [
        CONFIG["settings_base"],
        f"{theme_path}/templates/**/*.html",
        f"{SETTINGS['PATH']}/*.yml",
        "plugins/**/*.py",
    ]

    content_file_extensions = [".md", ".rst"]
    for extension in content_file_extensions:
        content_glob = "{}/**/*{}".format(SETTINGS["PATH"], extension)
        watched_globs.append(content_glob)

    static_file_extensions = [".css", ".js", ".svg"]
    for extension in static_file_extensions:
        static_file_glob = f"{theme_path}/static/**/*{extension}"
        watched_globs.append(static_file_glob)

    for glob in watched_globs:
        server.watch(glob, cached_build)

    if OPEN_BROWSER_ON_SERVE:
        # Open site in default browser
        import webbrowser

        webbrowser.open(f"http://{bind}:{port}")

    try:
        server.serve(host=bind, port=port, root=CONFIG["deploy_path"])
    except OSError as error:  # the port was taken during the first build
        raise Exit(listen_error("livereload", bind, port, error), code=1) from None


@task(help={"verbose": "List every file rsync sends or deletes, not only the summary"})
def publish(c, verbose=False):
    """Publish to production via rsync (set PUBLISH_TARGET first)"""
    from editorial.rsync_summary import parse_stats, summary

    target = read_settings(CONFIG["settings_publish"]).get("PUBLISH_TARGET", "")
    if not target:
        raise Exit(
            "No publish target: set PUBLISH_TARGET in publishconf.py or the "
            "environment to an rsync destination (e.g. deploy@web1:/var/www/blog/ "
            "or a local directory). Nothing was built or uploaded.",
            code=2,
        )
    if shutil.which("rsync") is None:
        raise Exit("rsync is not installed; install it (apt-get install rsync)", code=2)
    preview(c)
    source = CONFIG["publish_path"].rstrip("/") + "/"
    if not os.path.isfile(os.path.join(source, "index.html")):
        raise Exit(f"{source} has no index.html; refusing to upload", code=1)
    rsync = c.run(
        'rsync --delete --exclude ".DS_Store" -pthrz -c --stats --no-human-readable '
        f"{'-v ' if verbose else ''}{shlex.quote(source)} {shlex.quote(target)}",
        hide=None if verbose else "out", warn=True,
    )
    if rsync.failed:
        raise Exit(f"publish: rsync failed (exit status {rsync.exited}); see above", code=1)
    transfer = parse_stats(rsync.stdout)
    if transfer:
        sys.stdout.write(summary(transfer, target) + "\n")
    elif not verbose:  # an rsync without --stats lines: show what it said
        sys.stdout.write(rsync.stdout)


@task(help={"push": "Push the gh-pages branch to origin (default: yes)"})
def gh_pages(c, push=True):
    """Publish to GitHub Pages"""
    preview(c)
    branch, folder = CONFIG["github_pages_branch"], CONFIG["publish_path"]
    c.run(f"{shlex.quote(sys.executable)} -m ghp_import -n -b {branch} "
          f"-m {CONFIG['commit_message']} {shlex.quote(folder)}")
    files = c.run(f"git ls-tree -r --name-only {branch}", hide=True).stdout.splitlines()
    sys.stdout.write(f"gh-pages: committed {folder}/ ({len(files)} files) to branch {branch}: "
                     f"{CONFIG['commit_message']}\n")
    if not push:
        sys.stdout.write(f"gh-pages: not pushed (--no-push); `git push origin {branch}` "
                         "publishes it\n")
        return
    if c.run(f"git push origin {branch}", warn=True).failed:
        raise Exit(f"gh-pages: the commit is on branch {branch}, but the push failed; "
                   "see above", code=1)
    sys.stdout.write(f"gh-pages: pushed branch {branch} to origin\n")


@task(help={"args": "Extra pytest arguments, e.g. \"-k build -x\""})
def test(c, args=""):
    """Run the test suite (pytest)"""
    c.run(f"{shlex.quote(sys.executable)} -m pytest {args}")


@task(
    help={
        "articles": "Corpus size (default 2000)",
        "repeat": "Builds per configuration; the median time is kept",
    }
)
def bench(c, articles=2000, repeat=1):
    """Time the build against its variants and plain Pelican, inference, the audit, the import"""
    python = shlex.quote(sys.executable)
    c.run(
        f"{python} -m benchmarks.bench --articles {int(articles)} --repeat {int(repeat)} "
        "--count-calls"
    )
    c.run(f"{python} -m benchmarks.inference")
    c.run(f"{python} -m benchmarks.audit --articles {int(articles)} --repeat {int(repeat)}")
    c.run(f"{python} -m benchmarks.question_import")


def staged_build(settings_file: str, output: str) -> list[str]:
    """Build into a staging folder, swap it in for the folder `output`, return logged errors.

    If Pelican itself fails, `output` is left as it was and the task exits non-zero.
    """
    deploy = Path(output).resolve()
    deploy.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{deploy.name}.staging-", dir=deploy.parent))
    try:
        errors = pelican_run(f"-s {settings_file} -o {shlex.quote(str(staging))}")
        if not (staging / "index.html").is_file():
            raise Exit(f"the build wrote no index.html; {deploy.name}/ is unchanged")
        _swap_in(staging, deploy)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if errors:
        sys.stderr.write(f"The build logged {len(errors)} error(s):\n")
        sys.stderr.writelines(f"  - {message}\n" for message in errors)
    return errors


def _swap_in(new: Path, current: Path) -> None:
    """Replace the folder `current` by `new` with two renames."""
    old = current.with_name(f"{current.name}.old-{os.getpid()}")
    if current.exists():
        current.rename(old)
    new.rename(current)
    shutil.rmtree(old, ignore_errors=True)


def pelican_run(cmd: str) -> list[str]:
    """Run Pelican's command line in process; return the errors it logged."""
    cmd += " " + program.core.remainder  # allows to pass-through args to pelican
    init_logging()  # Pelican's handler first, so the collector does not replace it
    collector = ErrorCollector()
    loggers = [logging.getLogger(), logging.getLogger("editorial")]  # Pelican's, findings
    for logger in loggers:
        logger.addHandler(collector)
    try:
        pelican_main(shlex.split(cmd))
    finally:
        for logger in loggers:
            logger.removeHandler(collector)
    return collector.messages
