"""`invoke import` against hostile sources: field values that would add or change header
fields, bodies with active content, file names that would leave the target folder, posts
too deep or too large to convert, and re-imports that must not duplicate."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican.readers import ensure_metadata_list
from pelican.settings import read_settings

from conftest import CONTENT, ROOT, build_with_log
from customer_evidence.core.header import parse_header, read_header
from customer_evidence.importing.importer import Options, run_import
from customer_evidence.importing.markdown_clean import clean_markdown
from customer_evidence.importing.model import SourcePost
from customer_evidence.importing.pipeline import prepare, render


@pytest.fixture
def site(tmp_path) -> Path:
    return Path(shutil.copytree(CONTENT, tmp_path / "blog-src"))


def import_into(site: Path, *sources: Path, **options):
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(site)})
    return run_import(Options(tuple(sources), site / "articles", site / "pages", settings,
                              site.parent, redirects=site.parent / "redirects.csv",
                              infer=False, **options))


def rendered_header(**fields) -> dict[str, str]:
    post = SourcePost(**{"origin": "test:1", "source": "test", "format": "plain",
                         "title": "T", "body": "<p>Body.</p>", **fields})
    header = parse_header(render(prepare(post), "the-slug", None), front_matter=False)
    assert header.stopped_at is None or header.stopped_at[1] == ""
    return {f.key: f.value for f in header.fields}


def drafts_of(outcome) -> list:
    return [d for r in outcome.reports for d in r.drafts]


# 1. Header injection ---------------------------------------------------------------

@pytest.mark.parametrize("breaker", ["\n", "\r", "\u2028", "\x85", "\x0b", "\x1c"])
def test_a_line_break_in_a_field_adds_no_field(breaker):
    injected = f"Old{breaker}Status: published{breaker}Slug: ../x"
    fields = rendered_header(title=injected, category=injected, summary=injected,
                             lang=injected, old_url=injected, origin=injected,
                             tags=[injected], authors=[injected])
    assert list(fields) == ["Title", "Category", "Tags", "Authors", "Slug", "Status",
                            "Summary", "Imported-From", "Imported-Url"]
    assert fields["Status"] == "draft" and fields["Slug"] == "the-slug"
    assert fields["Title"] == "Old Status: published Slug: ../x"


def test_control_characters_are_dropped_from_fields():
    fields = rendered_header(title="Sun\x00mill\x1b[31m red\x7f", category="Ops\x08")
    assert fields["Title"] == "Sunmill[31m red" and fields["Category"] == "Ops"


def test_tags_and_authors_keep_their_count_through_pelicans_split():
    fields = rendered_header(tags=["a, Status: published", "b;c", "d"],
                             authors=["Smith, Jo", "Lee; Kim"])
    assert ensure_metadata_list(fields["Tags"]) == ["a Status: published", "b c", "d"]
    assert ensure_metadata_list(fields["Authors"]) == ["Smith, Jo", "Lee, Kim"]
    assert ensure_metadata_list(rendered_header(authors=["Smith, Jo"])["Authors"]) == \
        ["Smith, Jo"]
    assert ensure_metadata_list(rendered_header(authors=["Ann", "Bo"])["Authors"]) == \
        ["Ann", "Bo"]


@pytest.mark.parametrize("lang", ["../../etc", "en/../../x", "<b>", " "])
def test_a_language_that_is_not_a_tag_is_left_out(lang):
    post = SourcePost(origin="o", source="s", format="plain", title="T", body="x", lang=lang)
    prepared = prepare(post)
    fields = parse_header(render(prepared, "s", None), front_matter=False)
    assert fields.find("lang") is None
    if lang.strip():
        assert any("not a language tag" in n.message for n in prepared.notes)
    assert rendered_header(lang="pt-BR")["Lang"] == "pt-BR"


def test_a_summary_loses_its_active_html():
    fields = rendered_header(summary='Read <script>alert(1)</script>'
                             '<img src="x" onerror="alert(1)"> on.')
    assert fields["Summary"] == 'Read <img src="x"> on.'


# 2. Active content in Markdown bodies ---------------------------------------------

HOSTILE_MD = """Status: published
Title: not a header

Intro with <span onclick="alert(1)">a span</span> and [a link](javascript:alert(1)).

<script>
steal();

more();
</script>

<iframe src="https://evil.example/"></iframe>
<img src="https://example.com/photo.jpg" alt="Photo" onerror="alert(1)">
<img src="https://pixel.wp.com/g.gif" width="1" height="1">
<a href="jav&#x61;script:alert(1)">entity link</a> and <scr<script>x</script>ipt>alert(2)</script>

[ref]: javascript:alert(3)
![pic](data:text/html;base64,PHNjcmlwdD4=)
A paragraph{: onclick="alert(4)" .note }

```html
<script>kept_in_a_fence()</script>
```

    <script>kept_in_an_indented_block()</script>

Inline `<script>kept()</script>` code and **bold** [ok](https://example.com/a_(b)).
"""


def test_markdown_without_html_is_unchanged():
    text = "# Title\n\nSome *text* with `a < b` and [a](https://x.example/).\n\n> quote\n"
    assert clean_markdown(text) == (text, [])


def test_markdown_active_content_is_removed_and_code_kept():
    cleaned, notes = clean_markdown(HOSTILE_MD)
    outside_code = cleaned
    for code in ("<script>kept_in_a_fence()</script>", "<script>kept()</script>",
                 "<script>kept_in_an_indented_block()</script>"):
        outside_code = outside_code.replace(code, "")
    for bad in ("onclick", "onerror", "javascript", "steal()", "more()", "<iframe",
                "pixel.wp.com", "data:text", "<scr"):
        assert bad not in outside_code, bad
    assert "<script>kept_in_a_fence()</script>" in cleaned
    assert "    <script>kept_in_an_indented_block()</script>" in cleaned
    assert "`<script>kept()</script>`" in cleaned
    assert '<img src="https://example.com/photo.jpg" alt="Photo">' in cleaned
    assert "[ok](https://example.com/a_(b))" in cleaned and "**bold**" in cleaned
    assert cleaned.startswith("Status: published\nTitle: not a header\n")
    assert len(notes) == 1 and "<script>" in notes[0].message


@pytest.mark.parametrize("container", ["* item", "1. item", "[^1]: a footnote", ": a definition"])
def test_indented_html_continuing_a_list_or_footnote_is_cleaned(container):
    text = f"Term\n\n{container}\n\n    <img src=x onerror=alert(1)> more\n"
    cleaned, notes = clean_markdown(text)
    assert "onerror" not in cleaned and notes
    assert cleaned.startswith(f"Term\n\n{container}\n\n    <img")


def test_code_spans_inside_a_raw_html_block_are_not_code():
    text = ("<div>\n\n`<img src=x onerror=alert(1)>`\n\n</div>\n\n"
            "After: `<script>kept()</script>`\n\n<img src=a.png>\n\n`<b>kept</b>`\n")
    cleaned, _ = clean_markdown(text)
    assert "onerror" not in cleaned
    assert "`<script>kept()</script>`" in cleaned and "`<b>kept</b>`" in cleaned


SNIPPETS = [
    HOSTILE_MD,
    "# Heading {: onclick=\"b()\" }\n",
    "<div>\n\n`<img src=x onerror=alert(1)>`\n\n</div>\n",
    "* item\n\n    <img src=x onerror=alert(2)>\n",
    "[^1]: note\n\n    <iframe src=//e.example></iframe>\n\nSee[^1].\n",
    "[a](<javascript:alert(1)>) [b](JaVaScRiPt:x) [c](java\tscript:x) [d][r]\n\n"
    "[r]: <javascript:alert(2)>\n",
    "<details open ontoggle=alert(1)><summary>s</summary>x</details>\n",
    "<a href='javascript&colon;alert(1)'>x</a> <a href=\"vbscript:x\">y</a>\n",
    "<SCRIPT >alert(1)</SCRIPT > <ScRiPt\nsrc=//e.example/x.js></script>\n",
    "<div markdown=\"1\">\n*a* <b style=\"x\" onmouseover=alert(1)>b</b>\n</div>\n",
]


@pytest.mark.parametrize("snippet", SNIPPETS)
def test_cleaned_markdown_renders_without_active_content(snippet):
    import markdown

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    extensions = list(settings["MARKDOWN"]["extension_configs"])
    rendered = markdown.Markdown(extensions=extensions).convert(clean_markdown(snippet)[0])
    soup = BeautifulSoup(rendered, "html.parser")
    assert not soup.select("script, iframe, object, embed, style")
    for element in soup.find_all(True):
        assert not [a for a in element.attrs if a.lower().startswith("on")], element
        for attr in ("href", "src"):
            value = "".join(str(element.get(attr, "")).split()).lower()
            assert not value.startswith(("javascript", "vbscript", "data:")), element


def test_a_jekyll_post_with_active_content_builds_without_it(site, tmp_path):
    jekyll = tmp_path / "old-site"
    (jekyll / "_posts").mkdir(parents=True)
    (jekyll / "_config.yml").write_text("title: Old\n")
    (jekyll / "_posts" / "2024-05-01-hostile.md").write_text(
        "---\ntitle: Hostile\ntags: [a, b]\n---\n" + HOSTILE_MD, encoding="utf-8")
    (draft,) = drafts_of(import_into(site, jekyll))
    written = draft.path.read_text(encoding="utf-8")
    assert "steal()" not in written and "onerror" not in written  # the draft is clean too
    header = read_header(str(draft.path))
    assert header.find("status").value == "draft" and header.find("title").value == "Hostile"
    output, _ = build_with_log("pelicanconf.py", tmp_path / "out", site)
    page = BeautifulSoup((output / "drafts" / draft.slug / "index.html").read_bytes(), "lxml")
    body = page.select_one(".entry-content")
    scripts = [s.get_text() for s in page.select("script")]
    assert not any("steal" in s or "alert" in s for s in scripts)
    assert not body.select("iframe, [onclick], [onerror], img[src*='pixel.wp.com']")
    assert body.select("img[src='https://example.com/photo.jpg']")
    assert all(not a.get("href", "").lower().startswith(("javascript", "data"))
               for a in body.select("a[href], img[src]"))
    assert "kept_in_a_fence()" in body.get_text()
    assert "Status: published" in body.get_text()  # the body's look-alike is text


# 3. Paths --------------------------------------------------------------------------

def plain_folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "notes"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_file_names_stay_short_and_inside_the_target(site, tmp_path):
    notes = plain_folder(tmp_path, {
        "long.md": "# " + "Very long title " * 40 + "\n\nText.\n",
        "con.md": "# con\n\nText.\n",
        "dots.md": "Title: Dots\nSlug: ../../../etc/passwd\n\nText.\n",
        "back.md": "Title: Back\nSlug: ..\\\\..\\\\win\n\nText.\n",
        "empty.md": "Title: ...\nSlug: ///\n\nText.\n",
    })
    drafts = drafts_of(import_into(site, notes))
    assert len(drafts) == 5
    for draft in drafts:
        assert draft.path.parent == site / "articles" and draft.path.is_file()
        assert len(draft.path.name.encode()) <= 160
        assert draft.path.stem.lower() not in ("con", "..", "")
        assert read_header(str(draft.path)).find("slug").value == draft.slug
    assert not (tmp_path / "etc").exists() and not (site.parent / "win.md").exists()


def test_a_dangling_symlink_in_the_target_is_a_taken_name(site, tmp_path):
    os.symlink(tmp_path / "elsewhere.md", site / "articles" / "fine.md")
    notes = plain_folder(tmp_path, {"fine.md": "# Fine\n\nText.\n"})
    (draft,) = drafts_of(import_into(site, notes))
    assert draft.path.name == "fine-2.md"
    assert not (tmp_path / "elsewhere.md").exists()


def test_a_symlink_loop_in_a_source_folder_ends(site, tmp_path):
    notes = plain_folder(tmp_path, {"a.md": "# A\n\nText.\n"})
    os.symlink("..", notes / "up")  # notes/up/notes/up/... if followed
    outside = plain_folder(tmp_path / "private", {"secret.md": "# Secret\n\nText.\n"})
    os.symlink(outside, notes / "linked-folder")  # folder links are not followed
    (draft,) = drafts_of(import_into(site, notes))
    assert draft.prepared.title == "A"


# 4. Resource bounds ----------------------------------------------------------------

def test_a_post_nested_too_deeply_is_reported_and_the_others_imported(site, tmp_path):
    deep = "<div>" * 10_000 + "x" + "</div>" * 10_000
    notes = plain_folder(tmp_path, {
        "deep.html": f"<html><head><title>Deep</title></head><body>{deep}</body></html>",
        "ok.md": "# Fine\n\nText.\n"})
    (report,) = import_into(site, notes).reports
    assert [d.prepared.title for d in report.drafts] == ["Fine"]
    assert len(report.failed) == 1 and report.failed[0].startswith("deep.html: ")
    assert "nested too deeply" in report.failed[0]


def test_many_posts_with_one_slug_get_distinct_names(site, tmp_path):
    notes = plain_folder(tmp_path, {f"{n:04}.md": "# Same\n\nText.\n" for n in range(300)})
    drafts = drafts_of(import_into(site, notes))
    assert len({d.path for d in drafts}) == len({d.slug for d in drafts}) == 300
    assert {d.slug for d in drafts} == {"same", *(f"same-{n}" for n in range(2, 301))}


# 5. Idempotency ----------------------------------------------------------------------

def test_a_renamed_draft_is_not_imported_again(site, tmp_path):
    notes = plain_folder(tmp_path, {"a.md": "# A\n\nText.\n"})
    (draft,) = drafts_of(import_into(site, notes))
    draft.path.rename(draft.path.with_name("renamed.md"))
    again = import_into(site, notes)
    assert not drafts_of(again) and len(again.reports[0].already) == 1


def test_an_origin_with_a_line_break_is_recognised_on_reimport(site, tmp_path):
    ghost = tmp_path / "blog.ghost.json"
    ghost.write_text(json.dumps({"db": [{"meta": {"version": "5.0"}, "data": {"posts": [
        {"id": "a\nb", "title": "G", "slug": "g", "html": "<p>x</p>", "status": "published",
         "type": "post"}]}}]}), encoding="utf-8")
    assert len(drafts_of(import_into(site, ghost))) == 1
    assert not drafts_of(import_into(site, ghost))


# Formats: the same attacks through the WordPress and Ghost readers ------------------

def wordpress_item(number: int, body: str, name: str, extra: str = "") -> str:
    return (f"<item><title>Post {number}</title><link>https://old.example/p{number}/</link>"
            f"<dc:creator>gen</dc:creator><content:encoded><![CDATA[{body}]]></content:encoded>"
            f"<wp:post_id>{number}</wp:post_id>"
            f"<wp:post_date_gmt>2024-01-01 00:00:00</wp:post_date_gmt>"
            f"<wp:post_name>{name}</wp:post_name><wp:status>publish</wp:status>"
            f"<wp:post_type>post</wp:post_type>{extra}</item>\n")


def wordpress_export(path: Path, *items: str) -> Path:
    from test_import_wordpress import HEAD

    path.write_text(HEAD + "".join(items) + "</channel></rss>\n", encoding="utf-8")
    return path


HOSTILE_TERMS = ('<category domain="post_tag" nicename="a"><![CDATA[a; b, Status: published]]>'
                 '</category><category domain="post_tag" nicename="z"><![CDATA[z]]></category>'
                 '<category domain="category" nicename="c"><![CDATA[Cat\nStatus: published]]>'
                 '</category>')


def test_a_hostile_wordpress_export_builds_as_drafts_with_the_sources_fields(site, tmp_path):
    from pelican.readers import MarkdownReader

    export = wordpress_export(
        tmp_path / "old.xml",
        wordpress_item(1, "<p>First.</p>", "..%2F..%2Fescape", HOSTILE_TERMS),
        wordpress_item(2, "<div>" * 5000 + "deep" + "</div>" * 5000, "deep"),
        wordpress_item(3, "<p>Last <script>alert(1)</script>.</p>", "con"))
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(site)})
    (report,) = import_into(site, export).reports
    assert len(report.failed) == 1 and report.failed[0].startswith("old.xml, item 2 ")
    first, last = report.drafts
    assert first.path == site / "articles" / "escape.md"
    assert last.path == site / "articles" / "con-post.md"
    _, meta = MarkdownReader(settings).read(str(first.path))
    assert meta["status"] == "draft" and meta["title"] == "Post 1"
    assert [str(t) for t in meta["tags"]] == ["a b Status: published", "z"]
    assert str(meta["category"]) == "Cat Status: published"
    assert [str(a) for a in meta["authors"]] == ["Gen Writer"]
    output, _ = build_with_log("pelicanconf.py", tmp_path / "out", site)
    for draft in (first, last):
        assert (output / "drafts" / draft.slug / "index.html").is_file()
        assert not (output / draft.slug).exists()  # not published
    page = (output / "drafts" / last.slug / "index.html").read_text(encoding="utf-8")
    assert "alert(1)" not in page


def test_a_wordpress_item_over_libxml2s_limit_is_named_as_such(site, tmp_path):
    from customer_evidence.importing.model import ImportFailed

    export = wordpress_export(tmp_path / "big.xml", wordpress_item(1, "<p>ok</p>", "a"),
                              wordpress_item(2, "<p>" + "word " * 2_200_000 + "</p>", "b"))
    before = sorted(site.rglob("*"))
    with pytest.raises(ImportFailed, match=r"big\.xml: line \d+: one item holds a text over"):
        import_into(site, export)
    assert sorted(site.rglob("*")) == before  # nothing half-written


def ghost_export(path: Path, posts: list, tail: str = "") -> Path:
    document = json.dumps({"db": [{"meta": {"version": "5.0"}, "data": {"posts": posts}}]})
    path.write_text(document[:-3] + tail + document[-3:] if tail else document,
                    encoding="utf-8")
    return path


def ghost_post(number: int, **fields) -> dict:
    return {"id": str(number), "title": f"G{number}", "slug": f"g{number}", "type": "post",
            "html": "<p>x</p>", "status": "published", **fields}


def test_a_ghost_export_nested_too_deeply_is_refused_by_name(site, tmp_path):
    from customer_evidence.importing.model import ImportFailed

    export = ghost_export(tmp_path / "deep.ghost.json", [ghost_post(1)],
                          ', "x": ' + "[" * 100_000 + "]" * 100_000)
    with pytest.raises(ImportFailed, match=r"deep\.ghost\.json: its JSON is nested too deeply"):
        import_into(site, export)


def test_dates_at_the_ends_of_the_calendar_do_not_stop_the_import(site, tmp_path):
    export = ghost_export(tmp_path / "dates.ghost.json", [
        ghost_post(1, published_at="0001-01-01T00:00:00Z"),
        ghost_post(2, published_at="9999-12-31T23:59:00-05:00"),
        ghost_post(3, published_at=10 ** 20)])
    drafts = drafts_of(import_into(site, export))  # the site's TIMEZONE is Europe/London
    assert [d.prepared.title for d in drafts] == ["G1", "G2", "G3"]
    assert read_header(str(drafts[0].path)).find("date").value.startswith("0001-01-01")


def test_the_report_keeps_one_line_per_post_whatever_the_source_names(site, tmp_path):
    export = ghost_export(tmp_path / "names.ghost.json", [
        ghost_post(1, title=None, slug="x\nwordpress fake.xml: 99 imported\x1b[2K")])
    summary = import_into(site, export).summary(False)
    assert "\x1b" not in summary
    assert not any(line.startswith("wordpress fake.xml") for line in summary.splitlines())


def test_a_draft_moved_elsewhere_in_the_site_is_not_imported_again(site, tmp_path):
    notes = plain_folder(tmp_path, {"a.md": "# Moved\n\nText.\n"})
    (draft,) = drafts_of(import_into(site, notes))
    (site / "archive").mkdir()
    draft.path.rename(site / "archive" / "moved.md")
    assert not drafts_of(import_into(site, notes))
    (site / "elsewhere.md").write_text("Title: Other\nSlug: taken\n\nText.\n", encoding="utf-8")
    other = plain_folder(tmp_path / "more", {"b.md": "Title: B\nSlug: taken\n\nText.\n"})
    (second,) = drafts_of(import_into(site, other))
    assert second.slug == "taken-2"  # one URL, one post


def test_the_same_export_given_twice_imports_each_post_once(site, tmp_path):
    notes = plain_folder(tmp_path, {"a.md": "# Once\n\nText.\n"})
    outcome = import_into(site, notes, notes)
    assert len(drafts_of(outcome)) == 1 and len(outcome.reports[1].already) == 1


@pytest.mark.parametrize(("wanted", "name"), [
    ("a\x00b", "ab"), ("../x", "x"), ("a/b\\c", "a-b-c"), ("...", "imported"), ("", "imported"),
    ("CON", "CON-post"), ("lpt1.txt", "lpt1.txt-post"), ("é" * 200, "é" * 75),
])
def test_file_slug_is_a_plain_file_name(wanted, name):
    from customer_evidence.importing.writer import file_slug

    assert file_slug(wanted) == name
    assert len(file_slug("word-" * 100).encode()) <= 150
    assert file_slug("word-" * 100).endswith("word")
