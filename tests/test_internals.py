"""Each private part of Pelican, Markdown or livereload that customer_evidence.core.internals
relies on still behaves as it expects, with the pinned versions.

A failure here means an upgrade changed one: the message names the function to update.
"""

from __future__ import annotations

import copy
import inspect
import logging
import os

import livereload
import markdown
import pelican.readers
from pelican.contents import Article
from pelican.log import LimitFilter
from pelican.settings import DEFAULT_CONFIG

from customer_evidence.core import internals


def article(**metadata) -> Article:
    settings = {**DEFAULT_CONFIG, "SITEURL": ""}
    return Article("<p>Before.</p>", metadata={"title": "T", **metadata}, settings=settings,
                   context={"marker": 1})


def why(function: str) -> str:
    return f"the pinned Pelican or Markdown changed what internals.{function} relies on"


def test_replace_html_changes_what_pelican_serves_after_it_memoised_the_old_html():
    post = article()
    assert internals.raw_html(post) == "<p>Before.</p>", why("raw_html")
    assert "Before" in post.content  # memoised now
    internals.replace_html(post, "<p>After.</p>")
    assert "After" in post.content and "Before" not in post.content, why("replace_html")
    assert "After" in post.get_summary(""), why("replace_html")


def test_replace_summary_is_what_the_summary_property_returns():
    post = article(summary="old &lt;summary&gt;")
    internals.replace_summary(post, "new summary")
    assert post.summary == "new summary", why("replace_summary")
    assert post.metadata["summary"] == "new summary"


def test_context_of_is_the_context_a_content_object_was_made_with():
    assert internals.context_of(article()) == {"marker": 1}, why("context_of")


def capture(logger: logging.Logger) -> list[str]:
    seen: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: seen.append(record.getMessage())
    logger.addHandler(handler)
    logger.propagate = False
    return seen


def test_forget_logged_warnings_lets_pelican_log_a_warning_again():
    assert isinstance(getattr(LimitFilter, "_raised_messages", None), set), \
        why("forget_logged_warnings")
    logger = logging.getLogger("pelican.test_internals.once")
    seen = capture(logger)
    for _ in range(2):
        logger.warning("the same warning")
    assert seen == ["the same warning"], "Pelican no longer logs a warning once per process"
    internals.forget_logged_warnings()
    logger.warning("the same warning")
    assert seen == ["the same warning"] * 2, why("forget_logged_warnings")


def test_disable_limit_filter_makes_a_pelican_logger_log_every_message():
    logger = logging.getLogger("pelican.test_internals.every")
    assert hasattr(logger, "disable_filter"), why("disable_limit_filter")
    seen = capture(logger)
    internals.disable_limit_filter(logger)
    for _ in range(2):
        logger.warning("a finding")
    assert seen == ["a finding", "a finding"], why("disable_limit_filter")


def test_kept_metadata_drops_what_pelican_marks_discardable():
    marker = getattr(pelican.readers, "_DISCARD", None)
    assert marker is not None, why("kept_metadata")
    assert internals.kept_metadata({"title": "T", "summary": marker}) == {"title": "T"}


def test_the_meta_preprocessor_goes_back_where_the_meta_extension_puts_it():
    md = markdown.Markdown(extensions=["markdown.extensions.meta", "markdown.extensions.extra"])
    before = [type(p).__name__ for p in md.preprocessors]
    meta = md.preprocessors["meta"]
    md.preprocessors.deregister("meta")
    md.preprocessors.register(meta, "meta", internals.META_PRIORITY)
    assert [type(p).__name__ for p in md.preprocessors] == before, why("META_PRIORITY")


def test_pelicans_markdown_reader_makes_its_instance_through_the_module_name(
        tmp_path, monkeypatch):
    made = []
    monkeypatch.setattr(pelican.readers, "Markdown",
                        lambda **config: made.append(config) or markdown.Markdown(**config))
    post = tmp_path / "a.md"
    post.write_text("Title: A\n\nText.\n", encoding="utf-8")
    pelican.readers.MarkdownReader(copy.deepcopy(DEFAULT_CONFIG)).read(str(post))
    assert made, why("reuse_markdown")


def test_a_reused_markdown_reads_each_file_with_its_own_metadata(tmp_path, monkeypatch):
    monkeypatch.setattr(pelican.readers, "Markdown", pelican.readers.Markdown)  # restored
    internals._REUSED.clear()
    try:
        internals.reuse_markdown()
        reader = pelican.readers.MarkdownReader(copy.deepcopy(DEFAULT_CONFIG))
        for name in ("one", "two"):
            path = tmp_path / f"{name}.md"
            path.write_text(f"Title: {name}\n\n# Body {name}\n", encoding="utf-8")
            content, meta = reader.read(str(path))
            assert meta["title"] == name and f"Body {name}" in content, why("reuse_markdown")
        assert internals._REUSED["markdown"] is not None, "one instance was reused"
    finally:
        internals._REUSED.clear()


def test_livereload_sets_up_its_logging_in_the_method_the_server_overrides():
    assert callable(getattr(livereload.Server, "_setup_logging", None)), \
        why("single_log_livereload_server")
    server = internals.single_log_livereload_server()
    handlers = list(logging.getLogger("livereload").handlers)
    server._setup_logging()
    assert logging.getLogger("livereload").handlers == handlers


def test_narrow_file_walk_decides_what_each_generator_walks_and_reads(tmp_path):
    from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator
    from pelican.settings import read_settings

    for generator in (ArticlesGenerator, PagesGenerator, StaticGenerator):
        assert "self.get_files(" in inspect.getsource(generator.generate_context), \
            why("narrow_file_walk")
    content = tmp_path / "content"
    for name in ("keep/a.txt", "keep/b.txt", "keep/pruned/c.txt", "gone/d.txt"):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(name)
    settings = read_settings(override={"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "o"),
                                       "STATIC_PATHS": ["keep", "gone"]})
    context = {**settings, "static_links": set(), "static_content": {},
               "generated_content": {}}
    static = StaticGenerator(context=context, settings=settings, path=settings["PATH"],
                             theme=settings["THEME"], output_path=str(tmp_path / "o"))
    asked = []

    def before(paths, exclude):
        asked.append((paths, exclude))
        return ["keep"], [*exclude, os.path.join("keep", "pruned")]

    internals.narrow_file_walk(static, before,
                               lambda files: {f for f in files if not f.endswith("b.txt")})
    static.generate_context()
    assert asked == [(["keep", "gone"], [])], why("narrow_file_walk")
    assert [s.source_path for s in static.staticfiles] == [str(content / "keep" / "a.txt")], \
        why("narrow_file_walk")
