"""fast_build's memo of a content object's relative source path: Pelican's answer."""

from __future__ import annotations

from datetime import datetime

import pytest
from pelican.contents import Article
from pelican.plugins.fast_build import source_paths
from pelican.settings import DEFAULT_CONFIG


def article(base: str, source: str) -> Article:
    settings = dict(DEFAULT_CONFIG, PATH=base)
    metadata = {"title": "A post", "date": datetime(2026, 1, 5)}
    return Article("<p>Body</p>", metadata=metadata, settings=settings,
                   source_path=source)


@pytest.fixture
def remembered():
    source_paths.install()
    method = Article.get_relative_source_path
    assert getattr(method, "remembers_paths", False)
    return method, method.__wrapped__


def test_an_absolute_content_folder_gives_pelicans_paths(tmp_path, remembered):
    memo, pelican = remembered
    base = tmp_path / "content"
    for source in (base / "articles" / "one.md", base / "two.md", "relative/three.md"):
        post = article(str(base), str(source))
        assert memo(post) == pelican(post)
        assert memo(post) == pelican(post)  # the second answer comes from the memo
    assert memo(article(str(base), str(base / "two.md"))) == "two.md"


def test_a_relative_content_folder_follows_the_working_directory(
        tmp_path, monkeypatch, remembered):
    memo, pelican = remembered
    (tmp_path / "a" / "content").mkdir(parents=True)
    (tmp_path / "b").mkdir()
    source = str(tmp_path / "a" / "content" / "post.md")
    answers = []
    for folder in ("a", "b", "a"):
        monkeypatch.chdir(tmp_path / folder)
        post = article("content", source)
        assert memo(post) == pelican(post)
        answers.append(memo(post))
    assert answers[0] == "post.md" and answers[1] != answers[0]
    assert answers[2] == answers[0]


def test_an_explicit_source_path_and_none_are_pelicans(tmp_path, remembered):
    memo, pelican = remembered
    base = tmp_path / "content"
    post = article(str(base), str(base / "post.md"))
    other = str(base / "images" / "chart.png")
    assert memo(post, other) == pelican(post, other) == "images/chart.png"
    post.source_path = None
    assert memo(post) is pelican(post) is None


def test_installing_twice_wraps_once(remembered):
    memo, _ = remembered
    source_paths.install()
    assert Article.get_relative_source_path is memo
    assert not getattr(memo.__wrapped__, "remembers_paths", False)
