"""An escape that is no character (a lone surrogate) never stops the build."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conftest import build_with_log, findings_in, soup

RST_WITH_SURROGATE = """\
Kiln seals
##########

:date: 2026-03-02
:source-exempt: test

.. |s| unicode:: U+D800

The seal |s| holds.
"""


def test_a_lone_surrogate_is_shown_as_the_replacement_character_with_a_warning(tmp_path):
    articles = tmp_path / "content" / "articles"
    articles.mkdir(parents=True)
    (articles / "seals.rst").write_text(RST_WITH_SURROGATE, encoding="utf-8")
    (articles / "good.md").write_text("Title: Good\nDate: 2026-03-02\n\nA good post.\n",
                                      encoding="utf-8")
    output, records = build_with_log("publishconf.py", tmp_path / "out", tmp_path / "content")
    page = soup(output / "posts" / "kiln-seals" / "index.html")
    assert "The seal \ufffd holds." in page.get_text()
    assert soup(output / "posts" / "good" / "index.html").find("h1").get_text() == "Good"
    for feed in ("all.atom.xml", "all.rss.xml"):
        ET.fromstring((output / "feeds" / feed).read_text(encoding="utf-8"))
    found = [f for f in findings_in(records) if ": lone-surrogate: " in f]
    assert len(found) == 1 and found[0].startswith("warning: ") and "seals.rst" in found[0]
