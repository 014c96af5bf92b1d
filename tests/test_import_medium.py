"""The Medium reader: posts from the export's zip, its folder or one file; zip safety."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import pytest

from customer_evidence.importing import medium
from customer_evidence.importing.medium import looks_like_medium, medium_slug, read_medium
from customer_evidence.importing.model import ImportFailed, ReadStats

CORPUS = Path(__file__).parent / "data" / "import_corpus" / "medium"
POST = "2021-04-02_Why-Our-Kilns-Run-Cooler-3f9a1c2b7d4e.html"
DRAFT = "draft_Glaze-Recipes-We-Keep-a1b2c3d4e5f6.html"


def _zip(path: Path, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(CORPUS.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(CORPUS).as_posix())
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def _by_slug(posts):
    return {p.slug: p for p in posts}


def test_zip_posts_have_every_field(tmp_path):
    stats = ReadStats()
    posts = _by_slug(read_medium(_zip(tmp_path / "medium-export.zip"), stats=stats))
    assert set(posts) == {"why-our-kilns-run-cooler", "glaze-recipes-we-keep"}
    post = posts["why-our-kilns-run-cooler"]
    assert post.format == "medium" and post.body_format == "html"
    assert post.title == "Why our kilns run cooler"
    assert post.summary == "Fernhill Pottery Supply on firing schedules that save power"
    assert post.authors == ["Maren Holt"]
    assert post.date == datetime.datetime(2021, 4, 2, 9, 15, 0, 123000,
                                          tzinfo=datetime.UTC)
    assert post.old_url == ("https://medium.com/@maren.holt/"
                            "why-our-kilns-run-cooler-3f9a1c2b7d4e")
    assert post.status == "published"
    assert post.origin == f"medium:{POST}"
    # The repeated title is gone; mojibake is handed on untouched (the pipeline repairs it).
    assert "graf--title" not in post.body
    assert "Why our kilns run cooler" not in post.body
    assert "โ€œhotter is betterโ€" in post.body and "๐Ÿ™‚" in post.body
    assert 'data-code-block-lang="python"' in post.body and "cone 6, hold 10 min" in post.body
    assert "cdn-images-1.medium.com/max/800/1*kiln.jpeg" in post.body
    assert 'href="https://fernhill.example/schedules"' in post.body
    # Footer (author, canonical link, "Exported from Medium") is not body.
    assert "Exported from" not in post.body and "Canonical link" not in post.body
    assert stats.skipped == {"profile/ (not posts)": 1, "file outside posts/": 1}


def test_draft_and_glued_title(tmp_path):
    posts = _by_slug(read_medium(_zip(tmp_path / "m.zip")))
    draft = posts["glaze-recipes-we-keep"]
    assert draft.status == "draft"
    assert draft.old_url is None and draft.date is None and draft.summary is None
    assert draft.title == "Glaze recipes we keep"
    # The title glued to the first sentence: the title goes, the sentence stays.
    assert "<p>Three of them are older than the shop.</p>" in draft.body
    assert "Glaze recipes we keep" not in draft.body
    assert "<table>" in draft.body


def test_folder_and_single_file_read_the_same_posts(tmp_path):
    from_zip = _by_slug(read_medium(_zip(tmp_path / "m.zip")))
    from_folder = _by_slug(read_medium(CORPUS))
    single = list(read_medium(CORPUS / "posts" / POST))
    assert from_folder.keys() == from_zip.keys()
    for slug, post in from_zip.items():
        assert from_folder[slug].origin == post.origin  # a re-import recognises them
        assert from_folder[slug].body == post.body
    assert len(single) == 1 and single[0].origin == from_zip["why-our-kilns-run-cooler"].origin


def test_sniffing(tmp_path):
    assert looks_like_medium(_zip(tmp_path / "m.zip"))
    assert looks_like_medium(CORPUS)
    assert looks_like_medium(CORPUS / "posts" / POST)
    assert not looks_like_medium(CORPUS / "profile" / "profile.html")
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("images/a.png", b"x")
    assert not looks_like_medium(other)
    assert not looks_like_medium(tmp_path)


def test_slug_drops_medium_hex_id():
    assert medium_slug("https://medium.com/@a/my-post-1a2b3c4d5e6f", "x.html") == "my-post"
    assert medium_slug(None, "2020-01-02_Kiln-Tips-0123456789ab.html") == "kiln-tips"
    assert medium_slug(None, "draft_Some-Idea-abcdef012345.html") == "some-idea"


def test_traversal_members_are_ignored_and_nothing_is_written(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    evil = _zip(tmp_path / "evil.zip", {
        "../../escaped.html": (CORPUS / "posts" / POST).read_bytes(),
        "/abs/posts/x.html": b"<h1 class='p-name'>x</h1>",
        "posts/../../up.html": b"<h1 class='p-name'>up</h1>",
        "C:/windows/posts/y.html": b"y",
    })
    before = sorted(p.name for p in tmp_path.rglob("*"))
    stats = ReadStats()
    posts = list(read_medium(evil, stats=stats))
    assert sorted(p.slug for p in posts) == ["glaze-recipes-we-keep", "why-our-kilns-run-cooler"]
    assert stats.skipped["unsafe path in zip (ignored)"] == 4
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert not (tmp_path.parent / "escaped.html").exists()
    assert not (tmp_path / "up.html").exists()


def test_zip_bomb_is_refused(tmp_path, monkeypatch):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("posts/2020-01-01_Boom-0123456789ab.html", b"0" * 3_000_000)
    with pytest.raises(ImportFailed, match="bomb"):
        list(read_medium(bomb))
    # Many modest members adding up past the total limit are refused too, before any post.
    monkeypatch.setattr(medium, "MAX_TOTAL_BYTES", 10_000)
    with pytest.raises(ImportFailed, match="more than 10000 bytes"):
        list(read_medium(_zip(tmp_path / "m.zip", {
            f"posts/p{i}.html": b"<p>x</p>" * 1000 for i in range(3)})))


def test_not_a_zip_or_damaged(tmp_path):
    fake = tmp_path / "export.zip"
    fake.write_bytes(b"this is not a zip")
    with pytest.raises(ImportFailed, match="export.zip: not a zip file"):
        list(read_medium(fake))
    good = _zip(tmp_path / "good.zip").read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good[: len(good) // 2])
    with pytest.raises(ImportFailed, match="cut.zip"):
        list(read_medium(cut))
