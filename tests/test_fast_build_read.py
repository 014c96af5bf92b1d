"""fast_build reads the content in forked workers: the same site, with the same findings.

Each build here is of a small site of its own (40 posts and a page) with fast_build and
content_guard. Which files the build process renders itself is counted through
content_guard's reader: what a worker renders is not counted (its copy of the counter
is thrown away with it). The one page is too few to fork for: the build reads it.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest
from pelican.plugins.content_guard.content_guard import CheckedMarkdownReader
from pelican.plugins.fast_build.parallel_read import shares, wanted_workers, worker_count

from conftest import build_site, build_with_log, soup

PLUGINS = ["pelican.plugins.fast_build", "pelican.plugins.content_guard"]
POSTS = 40
PAGE = ["about.md"]

POST = """\
Title: Question {n}: how long does a boiler service take?
Date: 2024-{month:02d}-{day:02d} 10:{n:02d}
Category: {category}
Tags: boilers, tag{tag}
Summary: The short answer to question {n}.

## What we check {n}

About an hour for most homes: the flue, the seals and the pressure.[^1]

| Part | Minutes |
|------|---------|
| Flue | {n} |

```
pressure = check({n})
```

[^1]: Longer for older boilers.
"""


def write_site(content: Path, posts: int = POSTS) -> Path:
    """A content folder of `posts` articles and one page."""
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    for n in range(posts):
        text = POST.format(n=n, month=1 + n % 12, day=1 + n % 28,
                           category=("Servicing", "Costs")[n % 2], tag=n % 5)
        (content / "articles" / f"post-{n:02d}.md").write_text(text, encoding="utf-8")
    (content / "pages" / "about.md").write_text("Title: About us\n\nA small team.\n",
                                                encoding="utf-8")
    return content


def build(content: Path, folder: Path, workers: int = 2, **settings) -> Path:
    """Build `content` into folder/output (its cache in folder/cache)."""
    return build_site("pelicanconf.py", folder / "output", content, PLUGINS=PLUGINS,
                      FAST_BUILD_WORKERS=workers, **settings)


def output_files(output: Path) -> dict[str, bytes]:
    """Every file of a build, but those that differ between any two builds: Pagefind's
    and the sitemap (pelican-sitemap dates list pages at the time of the build)."""
    files = {p.relative_to(output).as_posix(): p.read_bytes()
             for p in sorted(output.rglob("*")) if p.is_file()}
    return {name: data for name, data in files.items()
            if not name.startswith("pagefind/") and name != "sitemap.xml"}


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """The names of the Markdown files the build process itself renders."""
    names: list[str] = []
    original = CheckedMarkdownReader._checked_read

    def counted(self, path):
        names.append(Path(path).name)
        return original(self, path)

    monkeypatch.setattr(CheckedMarkdownReader, "_checked_read", counted)
    return names


def post_text(output: Path, n: int) -> str:
    page = soup(output / "posts" / f"question-{n}-how-long-does-a-boiler-service-take"
                / "index.html")
    return page.find(class_="entry-content").get_text(" ", strip=True)


# --- Same output ------------------------------------------------------------------------

def test_workers_build_the_same_files_byte_for_byte_as_one_process(tmp_path, rendered):
    content = write_site(tmp_path / "posts_folder")
    parallel = output_files(build(content, tmp_path / "parallel"))
    assert rendered == PAGE  # the workers rendered every post
    rendered.clear()
    single = output_files(build(content, tmp_path / "single", workers=1))
    assert sorted(rendered) == sorted([f"post-{n:02d}.md" for n in range(POSTS)] + ["about.md"])
    assert parallel.keys() == single.keys()
    # Pages only: plugins that earlier tests loaded stay connected and add card.png.
    pages = [n for n in parallel if n.startswith("posts/") and n.endswith("/index.html")]
    assert len(pages) == POSTS
    for name, data in single.items():
        assert parallel[name] == data, name


def test_without_a_reader_cache_the_workers_still_read_and_nothing_is_saved(tmp_path,
                                                                             rendered):
    content = write_site(tmp_path / "posts_folder")
    output = build(content, tmp_path / "site", CACHE_CONTENT=False)
    assert rendered == PAGE
    assert "About an hour for most homes" in post_text(output, 7)
    assert not list((tmp_path / "site").rglob("*Readers*"))  # no reader cache saved


def misbehave_on_post_13(monkeypatch, action) -> list[str]:
    """A worker that reaches post-13.md does `action` (dies, hangs); returns the names of
    the files the build process itself reads."""
    build_process = os.getpid()
    original = CheckedMarkdownReader._checked_read
    here: list[str] = []

    def reading(self, path):
        if os.getpid() != build_process and path.endswith("post-13.md"):
            action()
        here.append(Path(path).name)
        return original(self, path)

    monkeypatch.setattr(CheckedMarkdownReader, "_checked_read", reading)
    return here


def test_a_worker_that_dies_costs_only_time(tmp_path, monkeypatch):
    content = write_site(tmp_path / "posts_folder")
    single = output_files(build(content, tmp_path / "single", workers=1))
    here = misbehave_on_post_13(monkeypatch, lambda: os._exit(3))  # killed mid-share
    parallel = output_files(build(content, tmp_path / "parallel"))
    assert "post-13.md" in here and len(here) < POSTS  # the other worker's share arrived
    assert parallel == single


def test_a_worker_that_hangs_is_stopped_and_its_files_read_by_the_build(tmp_path,
                                                                        monkeypatch):
    import pelican.plugins.fast_build.parallel_read as parallel_read

    content = write_site(tmp_path / "posts_folder")
    single = output_files(build(content, tmp_path / "single", workers=1))
    here = misbehave_on_post_13(monkeypatch, lambda: time.sleep(60))  # stopped long before
    monkeypatch.setattr(parallel_read, "HANG_SECONDS", 1)
    parallel = output_files(build(content, tmp_path / "parallel"))
    assert "post-13.md" in here and len(here) < POSTS  # read here, not waited for
    assert parallel == single


# --- Findings -------------------------------------------------------------------------------

def test_a_refused_post_is_reported_by_the_build_and_the_rest_is_built(tmp_path, rendered):
    content = write_site(tmp_path / "posts_folder")
    (content / "articles" / "latin1.md").write_bytes(
        "Title: Caf\u00e9 prices\nDate: 2024-03-01\n\nThe caf\u00e9 list.\n".encode("latin-1"))
    (content / "articles" / "bad-date.md").write_text(
        "Title: When?\nDate: next Tuesday\n\nSoon.\n", encoding="utf-8")
    logs = {}
    for name, workers in (("parallel", 2), ("single", 1)):
        output, records = build_with_log("pelicanconf.py", tmp_path / name / "output", content,
                                         PLUGINS=PLUGINS, FAST_BUILD_WORKERS=workers)
        logs[name] = sorted(r.getMessage() for r in records if r.levelname == "ERROR")
        if name == "parallel":
            assert sorted(rendered) == ["about.md", "bad-date.md", "latin1.md"]  # here
            found = {(Path(r.finding.file).name, r.finding.rule)
                     for r in records if hasattr(r, "finding")}
            assert {("latin1.md", "not-utf8"), ("bad-date.md", "bad-date")} <= found
            assert "About an hour for most homes" in post_text(output, 39)
    assert logs["parallel"] == logs["single"]
    assert any("latin1.md" in message for message in logs["parallel"])


RST_POST = """\
:title: A reST post
:date: 2024-02-01

Only a paragraph: no section, so docutils finds no document title.
"""


def test_a_warning_logged_while_reading_is_logged_once_as_without_workers(tmp_path):
    """Logged through a handler writing to a file, which a forked worker could write to
    too (it inherits the handler and its open file)."""
    content = write_site(tmp_path / "posts_folder")
    (content / "articles" / "plain.rst").write_text(RST_POST, encoding="utf-8")
    logged = {}
    for name, workers in (("parallel", 2), ("single", 1)):
        log = tmp_path / f"{name}.log"
        handler = logging.FileHandler(log, encoding="utf-8")
        logging.getLogger().addHandler(handler)
        try:
            output = build(content, tmp_path / name, workers=workers)
        finally:
            logging.getLogger().removeHandler(handler)
            handler.close()
        logged[name] = [line for line in log.read_text(encoding="utf-8").splitlines()
                        if "Document title missing" in line]
        assert (output / "posts" / "a-rest-post" / "index.html").is_file()
    assert len(logged["parallel"]) == 1 and "plain.rst" in logged["parallel"][0]
    assert logged["parallel"] == logged["single"]


# --- The cache between builds ------------------------------------------------------------------

def edit(post: Path, line: str, method: str) -> None:
    """Add a line to a post. With a hash stamp the modification time is put back, so only
    the content tells the change; with mtime it moves on, as an editor's save does."""
    before = post.stat()
    post.write_text(post.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    later = before.st_mtime_ns + (0 if method == "sha1" else 5_000_000_000)
    os.utime(post, ns=(before.st_atime_ns, later))


@pytest.mark.parametrize("method", ["sha1", "mtime"])
def test_a_second_build_renders_only_what_changed(tmp_path, rendered, method):
    content = write_site(tmp_path / "posts_folder")
    cached = {"LOAD_CONTENT_CACHE": True, "CHECK_MODIFIED_METHOD": method}
    build(content, tmp_path / "site", **cached)
    assert rendered == PAGE
    rendered.clear()
    edit(content / "articles" / "post-05.md", "One changed line.", method)
    output = build(content, tmp_path / "site", **cached)
    assert rendered == ["post-05.md"]  # too few to fork for: the build reads it
    assert "One changed line." in post_text(output, 5)
    rendered.clear()
    for n in range(POSTS):
        if n % 8:  # 35 of the 40 posts
            edit(content / "articles" / f"post-{n:02d}.md", f"Edited post {n}.", method)
    output = build(content, tmp_path / "site", **cached)
    assert rendered == []  # the workers read the 35 again, into the cache; the page cached
    assert "Edited post 9." in post_text(output, 9)
    assert "Edited post" not in post_text(output, 8)
    assert "One changed line." in post_text(output, 5)
    output = build(content, tmp_path / "site", **cached)
    assert rendered == []  # nothing changed: all from the saved cache
    assert "Edited post 9." in post_text(output, 9)


@pytest.mark.parametrize("workers", [2, 1])
def test_a_save_made_while_the_build_reads_the_post_is_in_the_next_build(tmp_path,
                                                                         monkeypatch, workers):
    content = write_site(tmp_path / "posts_folder")
    post = content / "articles" / "post-05.md"
    cached = {"LOAD_CONTENT_CACHE": True, "CHECK_MODIFIED_METHOD": "sha1"}
    original = CheckedMarkdownReader._checked_read

    def saved_meanwhile(self, path):
        result = original(self, path)
        if path == str(post) and "Saved during the build." not in post.read_text("utf-8"):
            with open(post, "a", encoding="utf-8") as f:  # the author saves again
                f.write("\nSaved during the build.\n")
        return result

    monkeypatch.setattr(CheckedMarkdownReader, "_checked_read", saved_meanwhile)
    output = build(content, tmp_path / "site", workers=workers, **cached)
    assert "Saved during the build." not in post_text(output, 5)  # it was read before
    monkeypatch.setattr(CheckedMarkdownReader, "_checked_read", original)
    output = build(content, tmp_path / "site", workers=workers, **cached)
    assert "Saved during the build." in post_text(output, 5)


# --- Decisions --------------------------------------------------------------------------------

def test_how_many_workers():
    assert wanted_workers(None, 8) == 4 and wanted_workers(None, 1) == 1
    assert wanted_workers(3, 1) == 3 and wanted_workers(0, 2) == 2
    assert worker_count(31, 4) == 0  # not worth a fork
    assert worker_count(40, 4) == 2 and worker_count(400, 4) == 4
    assert worker_count(400, 1) == 0


def test_shares_are_balanced_by_size():
    sizes = {"a": 90, "b": 50, "c": 40, "d": 10, "e": 10}
    split = shares(sizes, 2)
    assert sorted(p for share in split for p in share) == sorted(sizes)
    assert sorted(sum(sizes[p] for p in share) for share in split) == [100, 100]
