"""The plain-file reader: a folder of text, HTML and Markdown files, or one of them."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from customer_evidence.importing.model import ImportFailed, ReadStats
from customer_evidence.importing.plain import decode, read_plain

NOTES = Path(__file__).parent / "data" / "import_corpus" / "plain" / "notes"


def _posts(stats=None):
    return {p.source: p for p in read_plain(NOTES, stats=stats)}


def test_folder_reads_its_files_recursively_in_order_and_counts_the_rest():
    stats = ReadStats()
    posts = list(read_plain(NOTES, stats=stats))
    assert [p.source for p in posts] == ["front.md", "old/prices.txt", "order.md", "spring.md",
                                         "untitled-jottings.md", "visit.html", "welcome.txt"]
    assert {p.format for p in posts} == {"plain"}
    assert stats.skipped == {"not a post (.docx)": 1, "not a post (.png)": 1}
    assert posts[0].origin == "plain:front.md"


def test_text_file_title_is_its_first_line():
    post = _posts()["welcome.txt"]
    assert post.body_format == "text"
    # Glued title and mojibake are handed on as they are: the pipeline splits and repairs.
    assert post.title.startswith("Welcome to FernhillWe opened in 2015")
    assert post.body == ("Today we ship clay to three countries ๐Ÿ™‚ and it’s still the "
                         "same family.")


def test_cp1252_file_is_read_with_a_note():
    post = _posts()["old/prices.txt"]
    assert post.title == "Old price list"
    assert post.body == "Café mugs now “cheap”."
    [note] = post.notes
    assert "not UTF-8" in note.message and note.line == 3


def test_decode_handles_bom_and_unassigned_cp1252_bytes():
    assert decode("\ufeffTitle".encode()) == ("Title", [])
    text, notes = decode(b"A\x81B")
    assert text == "A\x81B" and len(notes) == 1


def test_html_file_title_and_body():
    post = _posts()["visit.html"]
    assert post.body_format == "html" and post.title == "Visiting the shop"
    assert post.lang == "en"
    assert "<h1>" not in post.body and "Visiting the shop" not in post.body
    assert "<nav>" not in post.body  # only the <article>
    assert '<a href="/map.html">map</a>' in post.body
    assert 'class="language-bash"' in post.body and "no language here" in post.body
    assert "<table>" in post.body and 'src="barn.jpg"' in post.body


def test_html_title_from_h1_when_no_title(tmp_path):
    page = tmp_path / "page.htm"
    page.write_text("<html><body><main><h1>Kiln day</h1><p>Hot.</p></main></body></html>")
    [post] = read_plain(page)
    assert post.title == "Kiln day" and post.body == "<p>Hot.</p>"


def test_markdown_with_pelican_header():
    post = _posts()["order.md"]
    assert post.body_format == "markdown"
    assert post.title == "How to order clay"
    assert post.date == datetime.datetime(2020, 5, 6, 9, 0)
    assert post.tags == ["clay", "orders"] and post.category == "guides"
    assert post.authors == ["Maren Holt"] and post.slug == "order-clay"
    assert post.status == "draft" and post.summary == "By the bag or by the pallet."
    assert post.body == "Orders over ten bags ship on a pallet."


def test_markdown_with_front_matter_heading_or_nothing():
    posts = _posts()
    front = posts["front.md"]
    assert front.title == "Glaze safety" and front.tags == ["glaze", "safety"]
    assert front.date == datetime.datetime(2021, 9, 9)
    assert front.body.strip() == "Wear a mask when mixing."
    spring = posts["spring.md"]
    assert spring.title == "Spring workshop" and spring.body == "Four Saturdays of throwing."
    bare = posts["untitled-jottings.md"]
    assert bare.title == "untitled-jottings" and bare.body == "Just a few words with no title."


def test_unknown_and_binary_files(tmp_path):
    folder = tmp_path / "blog-src"
    folder.mkdir()
    (folder / "a.txt").write_text("Title\n\nBody\n")
    (folder / "b.md").write_bytes(b"\x00\x01binary pretending")
    (folder / ".hidden.md").write_text("# Secret\n")
    stats = ReadStats()
    assert [p.title for p in read_plain(folder, stats=stats)] == ["Title"]
    assert stats.skipped == {"binary file": 1, "hidden file": 1}
    with pytest.raises(ImportFailed, match=r"report.docx: .docx is not a format"):
        list(read_plain(NOTES / "report.docx"))
