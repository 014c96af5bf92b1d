"""The pure checks behind content_guard, without a Pelican build."""

from types import SimpleNamespace

from pelican.plugins.content_guard.checks import (
    bad_date_message,
    find_collisions,
    missing_title_message,
    parse_header,
)


def test_parse_header_reads_fields_with_their_lines():
    header = parse_header("Title: Hello\nDate: 2026-01-02\nTags: a,\n    b\n\nBody: not meta\n")
    assert [(f.line, f.key, f.value) for f in header.fields] == [
        (1, "Title", "Hello"),
        (2, "Date", "2026-01-02"),
        (3, "Tags", "a,"),
    ]
    assert header.stopped_at is None


def test_parse_header_reports_the_line_that_is_not_metadata():
    header = parse_header("Title: Hello\nthis is prose\n\nBody\n")
    assert header.stopped_at == (2, "this is prose")
    assert "line 2" in missing_title_message("Date: 2026-01-01\nthis is prose\n")


def test_parse_header_accepts_yaml_style_fences():
    header = parse_header("---\nTitle: Fenced\n---\nBody\n")
    assert header.find("title").value == "Fenced"


def test_bad_date_message_names_the_failing_field():
    header = parse_header("Title: X\nDate: 2026-01-01\nModified: soon\n\n")
    message = bad_date_message(header, lambda value: value[0].isdigit())
    assert message.startswith("line 3, Modified: 'soon' is not a date")
    assert bad_date_message(header, lambda value: True) is None


def test_find_collisions_keeps_the_first_file_by_path():
    items = [
        SimpleNamespace(source_path="b.md", save_as="posts/x/index.html"),
        SimpleNamespace(source_path="a.md", save_as="posts/x/index.html"),
        SimpleNamespace(source_path="c.md", save_as="posts/y/index.html"),
        SimpleNamespace(source_path="d.md", save_as=""),
        SimpleNamespace(source_path="e.md", save_as=""),
    ]
    [collision] = find_collisions(items)
    assert (collision.kept, collision.dropped) == ("a.md", "b.md")
