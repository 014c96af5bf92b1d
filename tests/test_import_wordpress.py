"""The WordPress (WXR) reader: fields, body HTML, skipped items, bad input, streaming."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest

from customer_evidence.importing.model import ImportFailed
from customer_evidence.importing.wordpress import (
    ReadStats,
    autop,
    looks_like_wordpress,
    read_wordpress,
    wordpress_html,
)

CORPUS = Path(__file__).parent / "data" / "import_corpus"
EXPORT = CORPUS / "wordpress" / "sunmill-solar.xml"
UTC = datetime.UTC

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Generated</title><language>en</language>
<wp:author><wp:author_login>gen</wp:author_login>
<wp:author_display_name>Gen Writer</wp:author_display_name></wp:author>
"""
PARAGRAPHS = "The north barn array produced less in March than in February.\n\n" * 40
POSTMETA = "".join(
    f"<wp:postmeta><wp:meta_key>key{n}</wp:meta_key>"
    f"<wp:meta_value><![CDATA[{'v' * 200}]]></wp:meta_value></wp:postmeta>\n"
    for n in range(20)
)
COMMENTS = "".join(
    f"<wp:comment><wp:comment_id>{n}</wp:comment_id>"
    f"<wp:comment_content><![CDATA[{'Lovely array. ' * 50}]]></wp:comment_content></wp:comment>\n"
    for n in range(10)
)


def generated_item(number: int) -> str:
    return (
        f"<item><title>Post {number}</title><link>https://gen.example/p{number}/</link>"
        f"<dc:creator>gen</dc:creator><content:encoded><![CDATA[{PARAGRAPHS}]]></content:encoded>"
        f"<wp:post_id>{number}</wp:post_id><wp:post_date_gmt>2024-01-01 00:00:00</wp:post_date_gmt>"
        f"<wp:post_name>p{number}</wp:post_name><wp:status>publish</wp:status>"
        f"<wp:post_type>post</wp:post_type>\n{POSTMETA}{COMMENTS}</item>\n"
    )


def write_generated_export(path: Path, items: int, complete: bool = True) -> Path:
    """A WXR of `items` posts of ~17 KB each (body, postmeta, comments)."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEAD)
        for number in range(items):
            f.write(generated_item(number))
        f.write("</channel></rss>\n" if complete else "<item><title>Cut off")
    return path


@pytest.fixture(scope="module")
def posts():
    stats = ReadStats()
    read = {post.origin.rsplit("#", 1)[1]: post for post in read_wordpress(EXPORT, stats)}
    return read, stats


def test_posts_and_pages_are_read_and_other_item_types_counted_as_skipped(posts):
    read, stats = posts
    assert list(read) == ["101", "102", "103", "104", "105", "106", "107"]
    assert stats.read == 7
    assert stats.skipped == {
        "attachment": 1,
        "nav_menu_item": 1,
        "revision": 1,
        "wp_block": 1,
        "product": 1,
    }


def test_classic_post_fields(posts):
    post = posts[0]["101"]
    assert post.origin == "wordpress:sunmill-solar.xml#101"
    assert post.source == "sunmill-solar.xml, item 101 (line 25)"
    assert post.format == "wordpress" and post.body_format == "html"
    # the reader does not repair: the mojibake reaches the pipeline as it was
    assert post.title == "Why our barn roofs outlast the warranty โ€œ twenty years on"
    assert post.kind == "article" and post.status == "published"
    assert post.date == datetime.datetime(2024, 3, 4, 9, 15, tzinfo=UTC)
    assert post.modified == datetime.datetime(2024, 4, 1, 11, 0, tzinfo=UTC)
    assert post.slug == "barn-roofs-outlast-warranty"
    assert post.old_url == "https://sunmill-solar.example/2024/03/barn-roofs-outlast-warranty/"
    assert post.authors == ["Rhona Pettigrew"]
    assert post.category == "Installations"
    assert post.tags == ["Farms", "mounting", "durability"]
    assert post.summary == "Twenty years of a barn-roof array: what lasted & what didn't."
    assert post.lang == "en"
    messages = [note.message for note in post.notes]
    assert any("2 categories" in m and "'Farms'" in m for m in messages)
    assert any("[gallery]" in m for m in messages)


def test_classic_body_gets_paragraphs_and_html_for_known_shortcodes(posts):
    body = posts[0]["101"].body
    assert body.startswith("<p>When Hollins Farm asked us in 2004")
    assert "didnโ€™t have a good answer" in body
    assert "it’s the mounting, not the panels.<br />\nMost failures" in body
    assert (
        '<figure><a href="https://sunmill-solar.example/wp-content/uploads/2024/03/hollins-barn.jpg">'
        in body
    )
    caption = "<figcaption>The Hollins barn array in its twentieth winter</figcaption>"
    assert f"</a>{caption}</figure>" in body
    assert "[caption" not in body
    assert "<h2>What we measured</h2>" in body and "<p><h2>" not in body
    assert "<table>\n<thead><tr><th>Year</th>" in body and "<p><table>" not in body
    assert (
        '<pre><code class="language-python">def yearly_loss(first, last, years):\n'
        "    return 1 - (last / first) ** (1 / years)</code></pre>"
    ) in body
    assert "<pre>interval = 15m\ntarget = /var/log/array</pre>" in body
    assert '<a href="https://sunmill-solar.example/maintenance/">maintenance page</a>' in body
    assert "ask us ๐Ÿ™‚</p>" in body
    assert '<p>[gallery ids="201,202,203"]</p>' in body
    assert '<script>window.sunmillTrack && window.sunmillTrack("barn");</script>' in body
    assert '<img src="https://pixel.wp.com/g.gif" width="1" height="1">' in body


def test_block_editor_post_loses_its_block_comments_and_keeps_its_markup(posts):
    post = posts[0]["102"]
    assert post.title == (
        "How long does a home battery last?Most of the batteries we fit are rated for ten years"
    )
    assert "<!--" not in post.body and "wp:" not in post.body
    assert post.body.startswith("<p>Most of the batteries we fit")
    assert '<code lang="bash" class="language-bash">sunmillctl battery --cycles</code>' in post.body
    assert "<figcaption>A 10 kWh unit in Ferris Joinery</figcaption>" in post.body
    assert post.body.endswith(
        '<p><a href="https://www.youtube.com/watch?v=sunmill01">'
        "https://www.youtube.com/watch?v=sunmill01</a></p>"
    )
    assert post.authors == ["Devesh Anand"]
    assert post.date == datetime.datetime(2024, 5, 10, 13, 0, tzinfo=UTC)
    assert post.category == "Batteries" and post.tags == []
    assert post.summary is None and post.notes == []


def test_draft_has_no_slug_or_old_url_and_falls_back_to_local_date(posts):
    post = posts[0]["103"]
    assert post.status == "draft"
    assert post.slug is None and post.old_url is None
    assert post.date == datetime.datetime(2024, 6, 1, 8, 30, tzinfo=UTC)
    assert post.modified == datetime.datetime(2024, 6, 2, 7, 30, tzinfo=UTC)
    assert post.tags == ["inverters"] and post.category is None
    assert any("local time" in note.message for note in post.notes)


def test_page_private_future_and_percent_encoded_slug(posts):
    read = posts[0]
    page = read["104"]
    assert page.kind == "page" and page.status == "published"
    assert page.body == "<p>We visit every array once a year.</p>\n\n<p>Book a visit by phone.</p>"
    private = read["105"]
    assert private.status == "draft" and private.old_url is None
    assert [n.message for n in private.notes] == [
        "was private on WordPress (visible only to logged-in editors)"
    ]
    future = read["107"]
    assert future.status == "draft" and future.slug == "spring-open-day"
    assert any("scheduled" in n.message for n in future.notes)
    thai = read["106"]
    assert thai.slug == "แผงโซลาร์"
    assert thai.title == "แผงโซลาร์บนหลังคาโรงนา"


def test_code_shortcodes_escape_their_code_and_autop_leaves_pre_alone():
    body, notes = wordpress_html('[sourcecode language="html"]<b>bold</b> &amp; x[/sourcecode]')
    assert body == '<pre><code class="language-html">&lt;b&gt;bold&lt;/b&gt; &amp; x</code></pre>'
    assert notes == []
    assert autop("one\n\n<pre>a\n\n\nb</pre>\n\ntwo") == (
        "<p>one</p>\n\n<pre>a\n\n\nb</pre>\n\n<p>two</p>"
    )


def test_sniffing(tmp_path):
    assert looks_like_wordpress(EXPORT)
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</title>'
        "</item></channel></rss>"
    )
    assert not looks_like_wordpress(feed)
    assert not looks_like_wordpress(CORPUS / "ghost" / "larder-lane.ghost.json")


def test_truncated_export_fails_with_line_after_the_posts_before_the_cut(tmp_path):
    cut = tmp_path / "cut.xml"
    cut.write_bytes(EXPORT.read_bytes()[:6000])
    read = []
    with pytest.raises(ImportFailed) as failure:
        for post in read_wordpress(cut):
            read.append(post.origin)
    message = str(failure.value)
    assert message.startswith(f"{cut}: line ")
    assert "the export is incomplete; export again" in message
    assert read == ["wordpress:cut.xml#101"]


def test_not_xml_and_not_wxr_are_refused_with_what_to_do(tmp_path):
    not_xml = tmp_path / "export.xml"
    not_xml.write_text(json.dumps({"posts": []}))
    with pytest.raises(ImportFailed, match=r"export\.xml: line 1: this is not XML.*Tools > Export"):
        list(read_wordpress(not_xml))
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><item><title>x</title>'
        "</item></channel></rss>"
    )
    with pytest.raises(ImportFailed, match=r"feed\.xml: line 1: this is an RSS feed without"):
        list(read_wordpress(feed))
    page = tmp_path / "page.xml"
    page.write_text(
        '<html xmlns:wp="http://wordpress.org/export/1.2/"><body><p>x</p></body></html>'
    )
    with pytest.raises(ImportFailed, match=r"page\.xml: line 1: the document is <html>"):
        list(read_wordpress(page))


LAUGHS = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))


def billion_laughs(padding: str = "") -> str:
    return (
        f'<?xml version="1.0"?>\n{padding}<!DOCTYPE rss [<!ENTITY lol0 "lol">{LAUGHS}]>\n'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&lol9;</title>'
        "<wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type></item></channel></rss>"
    )


def test_billion_laughs_is_refused(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(billion_laughs())
    with pytest.raises(ImportFailed, match=r"bomb\.xml: line 2: the file declares XML entities"):
        list(read_wordpress(bomb))


def test_billion_laughs_hidden_past_the_sniffed_head_is_refused_by_the_parser(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(billion_laughs(padding=f"<!-- {'x' * 70000} -->\n"))
    with pytest.raises(ImportFailed, match=r"bomb\.xml: line \d+: .*entity-expansion attack"):
        list(read_wordpress(bomb))


def test_posts_are_yielded_before_the_rest_of_the_file_is_read(tmp_path):
    export = write_generated_export(tmp_path / "big.xml", 3000, complete=False)
    posts = read_wordpress(export)
    first = next(posts)  # the file is truncated at its end: reading it all would fail
    assert first.origin == "wordpress:big.xml#0" and first.authors == ["Gen Writer"]
    assert first.body.startswith("<p>The north barn array produced less")
    with pytest.raises(ImportFailed, match="the export is incomplete"):
        list(posts)


# The child's own peak: /proc's VmHWM starts afresh at exec, whereas getrusage's
# ru_maxrss keeps the high-water mark of the forking pytest process (hundreds of MB
# late in the suite).
MEASURE = """
import sys
from pathlib import Path
from customer_evidence.importing.wordpress import ReadStats, read_wordpress
stats = ReadStats()
characters = sum(len(post.body) for post in read_wordpress(Path(sys.argv[1]), stats))
status = Path("/proc/self/status").read_text()
peak = next(int(line.split()[1]) // 1024 for line in status.splitlines()
            if line.startswith("VmHWM:"))
print(stats.read, characters, peak)
"""


def test_memory_stays_bounded_on_a_200_mb_export(tmp_path):
    export = write_generated_export(tmp_path / "huge.xml", 12300)
    assert export.stat().st_size > 200_000_000
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(export)],
        capture_output=True,
        text=True,
        check=True,
    )
    read, characters, peak_mb = map(int, result.stdout.split())
    assert read == 12300
    assert characters > 12300 * len(PARAGRAPHS)
    assert peak_mb < 300


def test_trashed_and_auto_drafts_are_skipped_and_password_protection_noted(tmp_path):
    def item(number: int, status: str, password: str = "") -> str:
        return (
            f"<item><title>Item {number}</title><wp:post_id>{number}</wp:post_id>"
            f"<wp:status>{status}</wp:status><wp:post_type>post</wp:post_type>"
            f"<wp:post_password>{password}</wp:post_password></item>"
        )

    export = tmp_path / "mixed.xml"
    export.write_text(
        HEAD
        + item(1, "trash")
        + item(2, "auto-draft")
        + item(3, "publish", "hunter2")
        + "</channel></rss>"
    )
    stats = ReadStats()
    (post,) = read_wordpress(export, stats)
    assert post.title == "Item 3" and post.body == ""
    assert [n.message for n in post.notes] == [
        "was password-protected on WordPress; the password is not carried over"
    ]
    assert stats.read == 1 and stats.skipped == {"trash": 1, "auto-draft": 1}


def test_a_post_quoting_an_entity_declaration_is_read(tmp_path):
    export = tmp_path / "xxe-post.xml"
    body = '<pre>&lt;!DOCTYPE x [<!ENTITY a "b">]&gt;</pre>'
    export.write_text(
        HEAD + "<item><title>About XXE</title><wp:post_id>5</wp:post_id>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>"
    )
    (post,) = read_wordpress(export)
    assert post.body == body


def test_damage_in_the_middle_is_reported_as_bad_xml_with_its_line(tmp_path):
    export = tmp_path / "bad.xml"
    text = EXPORT.read_text(encoding="utf-8").replace(
        "<title><![CDATA[Maintenance]]></title>", "<title>Maintenance</titel>"
    )
    export.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"bad\.xml: line 135: not well-formed XML"):
        list(read_wordpress(export))
