"""The Ghost (JSON export) reader: fields, both layouts, bodies without HTML, bad input."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from customer_evidence.importing import ghost
from customer_evidence.importing.ghost import ReadStats, looks_like_ghost, read_ghost
from customer_evidence.importing.model import ImportFailed

CORPUS = Path(__file__).parent / "data" / "import_corpus"
EXPORT = CORPUS / "ghost" / "larder-lane.ghost.json"
OLD_EXPORT = CORPUS / "ghost" / "larder-lane-2016.ghost.json"
UTC = datetime.UTC


@pytest.fixture(scope="module")
def posts():
    return {post.origin.rsplit("#", 1)[1][-1]: post for post in read_ghost(EXPORT)}


def test_published_post_fields(posts):
    post = posts["1"]
    assert post.origin == "ghost:larder-lane.ghost.json#65f0a1b2c3d4e5f600000001"
    assert post.source == (
        "larder-lane.ghost.json, post 65f0a1b2c3d4e5f600000001 (choosing-flour-for-sourdough)"
    )
    assert post.format == "ghost" and post.kind == "article" and post.status == "published"
    assert post.title == "Choosing flour for sourdough โ€œ what our bakers asked"
    assert post.body_format == "html"
    assert post.body.startswith("<p>Most of the bakeries we supply")
    assert "Itโ€™s protein, mostly ๐Ÿ™‚" in post.body
    assert '<pre><code class="language-python">hydration = water / flour</code></pre>' in post.body
    assert "<pre><code>no language here</code></pre>" in post.body
    assert "<script>track('flour')</script>" in post.body
    assert '<img src="https://pixel.wp.com/g.gif" width="1" height="1">' in post.body
    assert post.date == datetime.datetime(2025, 2, 3, 9, 30, tzinfo=UTC)
    assert post.modified == datetime.datetime(2025, 2, 12, 16, 45, tzinfo=UTC)
    assert post.slug == "choosing-flour-for-sourdough"
    assert post.old_url == "/choosing-flour-for-sourdough/"
    assert post.authors == ["Maud Okonkwo", "Piet de Vries"]  # by sort_order
    assert post.category == "Flour"  # the primary tag; "#hero" is internal
    assert post.tags == ["Sourdough"]
    assert post.summary == "Which flour holds up in a long ferment, from the bakeries we supply."
    assert post.lang is None
    messages = " | ".join(note.message for note in post.notes)
    assert "__GHOST_URL__" in messages
    image = "__GHOST_URL__/content/images/2025/02/sourdough.jpg"
    assert f"feature image, not carried over: {image}" in messages


def test_members_only_glued_title_and_offset_dates(posts):
    post = posts["2"]
    assert post.title == (
        "How much yeast does a bakery really need?A 50 kg bakery uses less than you think"
    )
    assert post.date == datetime.datetime(2025, 3, 2, 6, 0, tzinfo=UTC)
    assert post.category == "Yeast" and post.tags == []  # internal primary tag skipped
    assert post.authors == ["Piet de Vries"]
    assert post.summary is None
    assert [n.message for n in post.notes] == ["was for members only on Ghost (visibility 'paid')"]


def test_page_draft_scheduled_and_newsletter(posts):
    page = posts["3"]
    assert page.kind == "page" and page.old_url == "/delivery-days/" and page.authors == []
    draft = posts["4"]
    assert draft.status == "draft" and draft.old_url is None
    assert draft.slug is None  # Ghost's "untitled" placeholder
    assert draft.body_format == "text"
    assert draft.body == "Rye prices are up again; call suppliers first."
    assert draft.date == datetime.datetime(2025, 4, 1, 8, 0, tzinfo=UTC)  # created_at
    assert any("plain text was imported" in n.message for n in draft.notes)
    scheduled = posts["5"]
    assert scheduled.status == "draft" and scheduled.body == ""
    assert scheduled.slug == "spring-price-list" and scheduled.old_url is None
    messages = [n.message for n in scheduled.notes]
    assert messages[0] == "was scheduled on Ghost but not yet published"
    assert "only lexical" in messages[1] and "body is empty" in messages[1]
    sent = posts["6"]
    assert sent.status == "draft"
    assert [n.message for n in sent.notes] == [
        "was sent as an email newsletter only, never published on the site",
        "was for members only on Ghost (visibility 'members')",
    ]


def test_old_top_level_layout_with_page_flag_author_id_and_millisecond_dates():
    stats = ReadStats()
    post, page = read_ghost(OLD_EXPORT, stats)
    assert stats.read == 2
    assert post.kind == "article" and page.kind == "page"
    assert post.origin == "ghost:larder-lane-2016.ghost.json#7"
    assert post.authors == ["Maud Okonkwo"] and page.authors == ["Maud Okonkwo"]
    assert post.date == datetime.datetime(2016, 9, 28, 22, 0, tzinfo=UTC)
    assert post.modified == datetime.datetime(2016, 10, 3, 13, 6, 40, tzinfo=UTC)
    assert post.category == "News" and post.lang == "en"
    assert page.old_url == "/about/"


def test_other_post_types_are_counted_as_skipped(tmp_path):
    export = tmp_path / "export.json"
    export.write_text(
        json.dumps(
            {
                "db": [
                    {
                        "meta": {"exported_on": 1},
                        "data": {
                            "posts": [
                                {
                                    "id": "a",
                                    "title": "Kept",
                                    "slug": "kept",
                                    "html": "<p>x</p>",
                                    "type": "post",
                                    "status": "published",
                                },
                                {"id": "b", "title": "Odd", "type": "collection"},
                            ]
                        },
                    }
                ]
            }
        )
    )
    stats = ReadStats()
    assert [p.title for p in read_ghost(export, stats)] == ["Kept"]
    assert stats.read == 1 and stats.skipped == {"collection": 1}


def test_sniffing(tmp_path):
    assert looks_like_ghost(EXPORT) and looks_like_ghost(OLD_EXPORT)
    assert not looks_like_ghost(CORPUS / "wordpress" / "sunmill-solar.xml")
    other = tmp_path / "other.json"
    other.write_text('{"items": [1, 2, 3]}')
    assert not looks_like_ghost(other)


def test_invalid_json_names_line_and_column(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text(EXPORT.read_text()[:900])
    with pytest.raises(ImportFailed) as failure:
        list(read_ghost(broken))
    message = str(failure.value)
    assert message.startswith(f"{broken}: line ")
    assert ", column " in message and "invalid JSON" in message and "Export content" in message


def test_json_that_is_not_a_ghost_export(tmp_path):
    other = tmp_path / "other.json"
    other.write_text('{"items": [1, 2, 3]}')
    with pytest.raises(ImportFailed, match=r"other\.json: valid JSON but not a Ghost export"):
        list(read_ghost(other))


def test_files_over_the_limit_are_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(ghost, "MAX_GHOST_BYTES", 1000)
    with pytest.raises(ImportFailed, match=r"more than the 0 MB .* cannot be\s+streamed"):
        list(read_ghost(EXPORT))
