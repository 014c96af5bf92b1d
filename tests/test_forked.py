"""Work shared out to forked copies of the build: the og:image cards of a cold build."""

from __future__ import annotations

import logging
import os

import pytest
from pelican.plugins.article_images import cards

from customer_evidence.core import forked

COLOURS = ["#12355b", "#ffffff", "#f2b705"]


@pytest.fixture(autouse=True)
def two_cpus(monkeypatch):
    """Whatever the machine, two copies share the work."""
    monkeypatch.setattr(forked.os, "cpu_count", lambda: 2)


def test_cards_drawn_on_workers_are_the_cards_drawn_here(tmp_path):
    titles = [(f"What does job {n} cost?" if n % 3 else None, f"Post number {n}")
              for n in range(40)]
    cards.draw_missing(titles, "Bridgewell", COLOURS, tmp_path / "forked")
    drawn = sorted((tmp_path / "forked").rglob("*.png"))
    assert len(drawn) == 40
    for question, title in titles[:5]:
        here = cards.cached_card(question, title, "Bridgewell", COLOURS, tmp_path / "here")
        key = cards.card_key(question, title, "Bridgewell", COLOURS)
        assert cards.card_file(tmp_path / "forked", key).read_bytes() == here.read_bytes()


def test_work_is_shared_and_a_failing_copy_is_reported(tmp_path):
    def touch(n):
        (tmp_path / f"{n}-{os.getpid()}").write_text("done")

    assert forked.each_forked(list(range(64)), touch) is True
    done = list(tmp_path.iterdir())
    assert sorted(int(p.name.split("-")[0]) for p in done) == list(range(64))
    assert len({p.name.split("-")[1] for p in done}) >= 2  # more than one process did it

    def fail(n):
        raise ValueError(n)

    assert forked.each_forked(list(range(64)), fail) is False


def test_too_few_items_are_left_to_the_caller():
    assert forked.worker_count(10, 16, cpus=4) == 0
    assert forked.worker_count(64, 16, cpus=1) == 0
    assert forked.worker_count(64, 16, cpus=8) == 4


def test_in_two_a_copy_does_the_second_half_and_sends_it_back(monkeypatch):
    monkeypatch.setattr(forked.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    names = [f"post-{n}.md" for n in range(10)]
    found = forked.in_two(names, lambda part: [(name, os.getpid()) for name in part], 4)
    assert [name for name, _ in found] == names
    assert {pid for _, pid in found[:5]} == {os.getpid()}
    assert {pid for _, pid in found[5:]} != {os.getpid()}, "the copy did the second half"


def test_in_two_does_again_here_what_logged_in_the_copy(monkeypatch, caplog):
    monkeypatch.setattr(forked.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    logger = logging.getLogger("test_forked")

    def work(part):
        for name in part:
            if name == "post-7.md":
                logger.warning("odd file %s", name)
        return [(name, os.getpid()) for name in part]

    names = [f"post-{n}.md" for n in range(10)]
    with caplog.at_level(logging.WARNING, logger="test_forked"):
        found = forked.in_two(names, work, 4)
    assert [name for name, _ in found] == names
    assert {pid for _, pid in found} == {os.getpid()}, "the logged half was redone here"
    assert [r.getMessage() for r in caplog.records] == ["odd file post-7.md"]


def test_in_two_below_its_threshold_works_here():
    found = forked.in_two(["a", "b"], lambda part: [(n, os.getpid()) for n in part], 4)
    assert found == [("a", os.getpid()), ("b", os.getpid())]
