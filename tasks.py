"""Build, serve, test and publish the blog: `invoke --list` shows every task.

The task names follow Pelican 4.12's quickstart tasks.py. This file only declares the
tasks; what each does is in customer_evidence.tools.commands, with three safety rules:
builds are written to a staging folder and swapped in only when Pelican finished;
production builds (preview, publish, gh-pages) have their own folder and never
replace the development output; nothing is uploaded after a build that logged errors
or a privacy scan that found a private value.
"""

import os
import shlex
import sys
from contextlib import contextmanager
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit
from invoke.main import program

from customer_evidence.tools import ToolError, commands
from customer_evidence.tools import task_help as help_for
from customer_evidence.tools.project import Project

PROJECT = Project.at(Path(__file__).resolve().parent)
HOST, PORT = "127.0.0.1", 8000
OPEN_BROWSER_ON_SERVE = os.environ.get("OPEN_BROWSER_ON_SERVE") == "1"


@contextmanager
def reported():
    """A tool's ToolError ends the task with its one line and exit status."""
    try:
        yield
    except ToolError as error:
        raise Exit(str(error) or None, code=error.code) from None


def extra() -> str:
    """What follows `--` on invoke's command line, passed on to Pelican."""
    return program.core.remainder


@task
def clean(c):
    """Remove generated files"""
    PROJECT.clean()


@task(help={"strict": "Exit non-zero when the build logs any error"})
def build(c, strict=False):
    """Build local version of site"""
    with reported():
        commands.build(PROJECT, strict, extra())


@task
def rebuild(c):
    """Remove output and cache, then `build`"""
    clean(c)
    build(c)


@task
def regenerate(c):
    """Automatically regenerate site upon file modification"""
    commands.regenerate(PROJECT, extra())


@task(help=help_for.ADDRESS)
def serve(c, port=PORT, bind=HOST):
    """Serve site at http://$BIND:$PORT/ (default is 127.0.0.1:8000)"""
    from customer_evidence.tools.serving import serve as serve_site

    with reported():
        serve_site(PROJECT.output, bind, int(port), OPEN_BROWSER_ON_SERVE)


@task(help=help_for.ADDRESS)
def reserve(c, port=PORT, bind=HOST):
    """`build`, then `serve`"""
    from customer_evidence.tools.serving import check_address

    with reported():
        check_address("reserve", bind, int(port))  # before a build it would waste
    build(c)
    serve(c, port, bind)


@task
def preview(c):
    """Build production version of site into output-publish/, then scan it for private details"""
    with reported():
        commands.preview(PROJECT, extra())


@task
def privacy_scan(c):
    """Fail if any private field of content/sources.yml appears in output-publish/"""
    with reported():
        commands.privacy_scan(PROJECT)


@task(iterable=["source"], auto_shortflags=False, help=help_for.NEW)
def new(c, title, question_id=None, question=None, source=None, category=None, tags=None,
        author=None):
    """Write a draft article with its question and sources filled in"""
    with reported():
        commands.new(PROJECT, title, question_id, question, source, category, tags, author)


@task(auto_shortflags=False, help=help_for.INIT)
def init(c, name=None, url=None, author=None, tagline=None, timezone=None, lang=None,
         keep_samples=False, dry_run=False):
    """Make the blog your team's: its name, address and author; the sample removed"""
    with reported():
        commands.init(PROJECT, name, url, author, tagline, timezone, lang, keep_samples,
                      dry_run)


@task(help={"force": "Replace a different pre-commit hook (kept as pre-commit.backup)"})
def hooks(c, force=False):
    """Install the git pre-commit hook that runs `invoke audit --changed`"""
    with reported():
        commands.hooks(PROJECT, force)


@task(optional=["changed"], help=help_for.AUDIT)
def audit(c, format="text", strict=False, changed=None):
    """Check the content with both plugins' rules, without writing the site"""
    with reported():
        commands.audit(PROJECT, format, strict, changed)


@task(auto_shortflags=False, help=help_for.LINKS)
def links(c, external=False, output=None, timeout=10.0, max_links=500):
    """Check every link of the built site (and, with --external, those to other sites)"""
    with reported():
        commands.links(PROJECT, external, output, float(timeout), int(max_links))


@task(auto_shortflags=False, help=help_for.QUESTIONS)
def questions(c, import_=None, column=None, date_column=None, channel_column=None,
              channel=None, encoding="utf-8", max_rows=50000, min_asked=2, dry_run=False,
              bank=None):
    """Print which bank questions are answered and the gaps; --import FILE feeds the bank"""
    with reported():
        if import_ is None:
            if column or date_column or channel_column or channel or dry_run or bank:
                raise ToolError("questions: those options go with --import FILE", code=2)
            commands.coverage(PROJECT)
            return
        commands.import_questions(
            PROJECT, import_, bank, column=column, date_column=date_column,
            channel_column=channel_column, channel=channel, encoding=encoding,
            max_rows=int(max_rows), min_asked=int(min_asked), dry_run=dry_run)


@task(name="import", auto_shortflags=False, help=help_for.IMPORT)
def import_(c, source, into=None, pages_into=None, format=None, dry_run=False, redirects=None):
    """Bring posts in from WordPress, Ghost, Medium, Jekyll, Hugo or plain files, as drafts"""
    with reported():
        sources = [source, *shlex.split(extra())]
        commands.import_posts(PROJECT, sources, into, pages_into, format, dry_run, redirects)


@task(help=help_for.ADDRESS)
def livereload(c, port=PORT, bind=HOST):
    """Automatically reload browser tab upon file modification."""
    with reported():
        commands.livereload(PROJECT, bind, int(port), OPEN_BROWSER_ON_SERVE, extra())


@task(auto_shortflags=False, help=help_for.PUBLISH)
def publish(c, to="", dry_run=False, verbose=False, verify=False):
    """Publish to production: rsync to PUBLISH_TARGET, or S3 with --to s3://bucket/prefix"""
    with reported():
        commands.publish(PROJECT, verbose, extra(), to, dry_run, verify)


@task(help=help_for.GH_PAGES)
def gh_pages(c, push=True, dry_run=False):
    """Publish to GitHub Pages"""
    with reported():
        commands.gh_pages(PROJECT, push, extra(), dry_run)


@task
def lint(c):
    """Check the code with ruff (the project's configuration, pyproject.toml)"""
    with c.cd(str(PROJECT.root)):
        c.run(f"{shlex.quote(sys.executable)} -m ruff check .")


@task(help={"args": "Extra pytest arguments, e.g. \"-k build -x\""})
def test(c, args=""):
    """Lint, then run the test suite (pytest)"""
    lint(c)
    with c.cd(str(PROJECT.root)):
        c.run(f"{shlex.quote(sys.executable)} -m pytest {args}")


@task(help=help_for.BENCH)
def bench(c, articles=2000, repeat=1, speed_posts="400,4000"):
    """Time the build against plain Pelican, inference, the audit, imports, S3 publishing"""
    python, size = shlex.quote(sys.executable), f"--articles {int(articles)}"
    speed_sizes = " ".join(str(int(n)) for n in str(speed_posts).split(",") if n.strip())
    with c.cd(str(PROJECT.root)):
        if speed_sizes:  # --speed-posts "" leaves the real-world speed benchmark out
            c.run(f"{python} -m benchmarks.speed --posts {speed_sizes} --repeat {int(repeat)}")
        c.run(f"{python} -m benchmarks.bench {size} --repeat {int(repeat)} --count-calls")
        c.run(f"{python} -m benchmarks.inference")
        c.run(f"{python} -m benchmarks.audit {size} --repeat {int(repeat)}")
        c.run(f"{python} -m benchmarks.question_import")
        c.run(f"{python} -m benchmarks.post_import")
        c.run(f"{python} -m benchmarks.publish --posts 4000 --repeat {max(int(repeat), 3)}")
