"""Every use of a private part of Pelican, Python-Markdown or livereload, in one place.

The plugins and tools use only public interfaces, except through this module. Each
function here says what it relies on and why no public interface does the job;
tests/test_internals.py checks each reliance against the pinned versions and fails
with a message naming the function to update when an upgrade changes it.

Needed for what the plugins do (no public way):
- raw_html / replace_html: an article's HTML as rendered (`_content`), and replacing
  it, forgetting what Pelican memoised from the old one (`get_content.cache`).
  customer_sources writes the quote attributions into the HTML.
- replace_summary: a Summary escaped once (`_summary`); content_guard.
- context_of: the build context a content object carries (`_context`); content_guard.
- forget_logged_warnings: Pelican logs a warning once per process (LimitFilter's
  `_raised_messages`); a second build in one process (livereload, the tests, the
  audit after a build) must report its own.
- narrow_file_walk: a generator's walk of its folders (`get_files`, which follows
  every link) narrowed before anything is read; no signal comes between Pelican's
  walk and its reading of the files. content_guard keeps links out of content/ out.

Speed-ups of `invoke audit` (measured in docs/benchmarks.md):
- kept_metadata: a file read in a worker process goes into the main process's reader
  cache (Readers.cache_data, public) with its metadata filtered as Pelican filters it
  (`_filter_discardable_metadata`; its marker object cannot cross processes).
- reuse_markdown: one Markdown instance per worker process, reset between files,
  instead of Pelican's new one per file (`pelican.readers.Markdown`; the `meta`
  preprocessor registered again at META_PRIORITY, which Pelican deregisters).

For `invoke livereload`:
- single_log_livereload_server: a livereload Server that does not add its own log
  handler (`Server._setup_logging`), so each line prints once.
"""

from __future__ import annotations

import logging
from typing import Any

META_PRIORITY = 27  # where markdown.extensions.meta registers its preprocessor


# --- Content objects -----------------------------------------------------------------

def raw_html(content: Any) -> str:
    """The HTML Pelican rendered for an article or page, before its links are resolved."""
    return content._content


def replace_html(content: Any, html: str) -> None:
    """Replace an article's HTML, and forget what Pelican memoised from the old one."""
    content._content = html
    siteurl = content.get_siteurl()
    for method in (type(content).get_content, type(content).get_summary):
        method.cache.pop((content, siteurl), None)


def replace_summary(content: Any, summary: str) -> None:
    """Set the metadata Summary of a content object, and the copy Pelican keeps of it."""
    content.metadata["summary"] = summary
    if hasattr(content, "_summary"):
        content._summary = summary


def context_of(content: Any) -> dict | None:
    """The build context a content object was made with, if it has one."""
    return getattr(content, "_context", None)


# --- Logging ---------------------------------------------------------------------------

def forget_logged_warnings() -> None:
    """Let the next build log again the warnings an earlier one in this process logged."""
    from pelican.log import LimitFilter

    LimitFilter._raised_messages.clear()


def disable_limit_filter(logger: logging.Logger) -> None:
    """A logger that logs every message, not once per process (Pelican's loggers)."""
    disable = getattr(logger, "disable_filter", None)  # pelican.log.LimitLogger's, public
    if disable is not None:
        disable()


def single_log_livereload_server():
    """A livereload Server whose log lines print once.

    livereload's Server.serve() adds a handler of its own to the `livereload` and
    `tornado` loggers, which also pass every line on to the root logger, where
    Pelican's handler prints it a second time. This Server only sets the level and
    leaves the printing to Pelican's handler (in place once a build has run).
    """
    from livereload import Server

    class SingleLogServer(Server):
        def _setup_logging(self) -> None:
            logging.getLogger("livereload").setLevel(logging.INFO)

    return SingleLogServer()


# --- Walking the content folders -----------------------------------------------------

def narrow_file_walk(generator: Any, before: Any, after: Any) -> None:
    """Make this generator's `get_files(paths, exclude, extensions)` walk what `before`
    allows and return what `after` keeps.

    Pelican's generators find their files through that method (generate_context,
    check_disabled_readers; the audit too), walking with os.walk(followlinks=True).
    `before(paths, exclude)` returns the (paths, exclude) to walk, `exclude` pruning
    folders named relative to the content folder; `after(files)` the files to keep.
    """
    walk = generator.get_files

    def get_files(paths, exclude=None, extensions=None):
        paths = [paths] if isinstance(paths, str) else list(paths)
        paths, exclude = before(paths, list(exclude or ()))
        return after(set(walk(paths, exclude=exclude, extensions=extensions)))

    generator.get_files = get_files


# --- Reading files in worker processes (the audit) ------------------------------------

def kept_metadata(metadata: dict) -> dict:
    """A file's metadata as Pelican caches it: the items it marks discardable left out."""
    from pelican.readers import _filter_discardable_metadata

    return _filter_discardable_metadata(metadata)


def reuse_markdown() -> None:
    """In this (worker) process, Pelican's Markdown reader reuses one Markdown instance."""
    import pelican.readers

    pelican.readers.Markdown = _reused_markdown


_REUSED: dict[str, Any] = {}


def _reused_markdown(**config: Any) -> Any:
    """One Markdown instance, reset before each file; its `meta` preprocessor put back."""
    markdown = _REUSED.get("markdown")
    if markdown is None:
        from markdown import Markdown

        markdown = _REUSED["markdown"] = Markdown(**config)
        _REUSED["meta"] = markdown.preprocessors["meta"]
    else:
        markdown.reset()
        if "meta" not in markdown.preprocessors:
            markdown.preprocessors.register(_REUSED["meta"], "meta", META_PRIORITY)
    return markdown
