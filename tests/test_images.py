"""article_images: an image per article, responsive body images, og:image cards, the logo."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pelican.plugins.article_images import cards
from pelican.plugins.article_images.variants import chosen_widths
from PIL import Image
from test_browser import (  # noqa: F401  (browser and site_url are fixtures)
    AXE,
    axe_violations,
    browser,
    console_errors,
    require,
    site_url,
    visit,
)

from conftest import CONTENT, build_site, build_with_log, findings_in, soup

POSTS = "posts"
HEADER = """\
Title: {title}
Date: 2026-03-0{day}
Category: Problems
Source-Exempt: a test post
"""


def local_file(output: Path, url: str) -> Path:
    """The output file a site URL (root-relative or on SITEURL) points to."""
    return output / urlsplit(url).path.lstrip("/")


def article_pages(output: Path) -> list[Path]:
    return sorted((output / POSTS).glob("*/index.html"))


def candidates(srcset: str) -> list[tuple[str, int]]:
    pairs = [c.strip().rsplit(" ", 1) for c in srcset.split(",")]
    return [(url, int(width.rstrip("w"))) for url, width in pairs]


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


# --- The sample site -----------------------------------------------------------------

def test_srcset_copies_exist_at_their_widths_with_matching_sizes(dev_site):
    checked = 0
    for page in article_pages(dev_site):
        for img in soup(page).select("main img[srcset]"):
            width, height = int(img["width"]), int(img["height"])
            for url, stated in candidates(img["srcset"]):
                with Image.open(local_file(dev_site, url)) as copy:
                    assert copy.width == stated
                    assert abs(copy.height - height * stated / width) <= 1
                checked += 1
            with Image.open(local_file(dev_site, img["src"])) as original:
                assert (original.width, original.height) == (width, height)
    assert checked >= 9  # three images, three widths each


def test_the_article_image_is_eager_at_the_top_and_body_images_lazy(dev_site):
    page = soup(dev_site / POSTS / "what-usually-goes-wrong-in-the-handoff-from-marketing-to-sales"
                / "index.html")
    hero = page.select_one("main .entry-image img")
    assert hero is not None and hero.get("loading") is None
    assert hero["alt"].startswith("Bar chart") and hero["sizes"] and hero["width"]
    body = soup(dev_site / POSTS / "what-is-the-best-lead-scoring-model-for-a-mid-size-b2b-firm"
                / "index.html").select_one(".entry-content img")
    assert body["loading"] == "lazy" and body["decoding"] == "async"
    assert body["alt"].startswith("A two-by-two grid") and body["width"] and body["height"]


def test_list_items_show_the_image_small_and_lazy(dev_site):
    thumbs = soup(dev_site / "category" / "problems" / "index.html").select("img.summary-image")
    assert thumbs
    for img in thumbs:
        assert img["loading"] == "lazy" and img["alt"] == "" and img["width"] and img["height"]


def test_the_header_shows_the_logo_with_its_size_and_an_empty_alt(dev_site):
    logo = soup(dev_site / "index.html").select_one(".site-name a img")
    assert logo["alt"] == "" and logo["width"] == "40" and logo["height"] == "40"
    assert local_file(dev_site, logo["src"]).is_file()


def test_every_published_article_has_an_og_image_of_an_existing_file(publish_site):
    pages = article_pages(publish_site)
    assert len(pages) >= 12
    cards_seen = own = 0
    for page in pages:
        html = soup(page)
        meta = {m.get("property") or m.get("name"): m["content"] for m in html.select("meta")
                if m.get("property", "").startswith("og:image") or
                m.get("name", "").startswith("twitter:")}
        url = meta["og:image"]
        assert url.startswith("https://"), page
        with Image.open(local_file(publish_site, url)) as image:
            assert (image.width, image.height) == (int(meta["og:image:width"]),
                                                   int(meta["og:image:height"]))
            if url.endswith("/card.png"):
                cards_seen += 1
                assert image.size == (1200, 630)
            else:
                own += 1
                assert image.width == 1200
        assert meta["og:image:alt"]
        assert meta["twitter:card"] == "summary_large_image"
        data = json.loads(html.select_one('script[type="application/ld+json"]').string)
        assert data["image"]["url"] == url
    assert cards_seen >= 10 and own == 2


def test_only_the_head_of_an_svg_logo_is_read(tmp_path, monkeypatch):
    from pelican.plugins.article_images import logo

    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 32">'
                   + "<!-- padding -->" * 100_000 + "</svg>", encoding="utf-8")
    monkeypatch.setattr(Path, "read_text", lambda *a, **k: pytest.fail("whole file read"))
    assert logo.proportions(svg) == (64.0, 32.0)


def test_widths_are_never_upscaled():
    assert chosen_widths(300, (480, 800, 1200)) == [300]
    assert chosen_widths(1000, (480, 800, 1200)) == [480, 800, 1000]
    assert chosen_widths(4000, (480, 800, 1200)) == [480, 800, 1200]


# --- A site with problems ----------------------------------------------------------------

def _photo_with_gps(path: Path) -> None:
    """A 1000×800 JPEG with an author, a GPS position and orientation 6 (turned)."""
    exif = Image.Exif()
    exif[0x013B] = "Jane Privateperson"  # Artist
    exif[0x0112] = 6  # shown turned a quarter: 800 wide, 1000 tall
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 30.0, 12.0)
    Image.new("RGB", (1000, 800), "#0b5cad").save(path, "JPEG", exif=exif, comment=b"secret")


@pytest.fixture(scope="module")
def problem_site(tmp_path_factory):
    """The sample content plus posts with every image problem, built for development."""
    root = tmp_path_factory.mktemp("images")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    images = content / "images"
    _photo_with_gps(images / "photo.jpg")
    Image.new("RGB", (300, 200), "#c2410c").save(images / "small.png")
    (images / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"not really a png" * 20)
    posts = content / "articles"
    (posts / "t-photo.md").write_text(HEADER.format(title="A photo", day=1) + (
        "Image: {static}/images/photo.jpg\nImage-Alt: A blue square\n\nText.\n\n"
        "![A small orange box](/images/small.png)\n\n"
        '![""](/images/small.png)\n'), encoding="utf-8")
    (posts / "t-missing.md").write_text(HEADER.format(title="Missing things", day=2) + (
        "Image: images/nowhere.png\n\nText.\n\n![](/images/small.png)\n\n"
        "More text.\n\n![A chart that is not there](/images/gone.png)\n"), encoding="utf-8")
    (posts / "t-no-alt.md").write_text(HEADER.format(title="No alt", day=3) + (
        "Image: images/small.png\n\nText.\n"), encoding="utf-8")
    (posts / "t-broken.md").write_text(HEADER.format(title="Broken image", day=4) + (
        "Image: images/broken.png\nImage-Alt: Nothing\n\nText.\n"), encoding="utf-8")
    (posts / "t-decor.md").write_text(HEADER.format(title="Decoration", day=5) + (
        'Image: images/small.png\nImage-Alt: ""\n\nText.\n'), encoding="utf-8")
    (posts / "t-hostile.md").write_text(HEADER.format(title="Hostile alt", day=6) + (
        'Image: images/small.png\nImage-Alt: "><script>alert(1)</script>\n\nText.\n'),
        encoding="utf-8")
    (content / "pages" / "t-page.md").write_text(
        "Title: Our office\n\n![The office, a small orange box](/images/small.png)\n",
        encoding="utf-8")
    output, records = build_with_log("pelicanconf.py", root / "output", content)
    return content, output, findings_in(records)


def _page(output: Path, title: str) -> Path:
    return output / POSTS / title.lower().replace(" ", "-") / "index.html"


def test_published_copies_carry_no_metadata_and_stand_upright(problem_site):
    _, output, _ = problem_site
    published = sorted((output / "images").glob("photo*.jpg"))
    assert [p.name for p in published] == ["photo-480w.jpg", "photo-800w.jpg", "photo.jpg"]
    for path in published:
        with Image.open(path) as image:
            assert not image.getexif() and "comment" not in image.info and "exif" not in image.info
            assert image.height > image.width  # turned as the camera meant
        assert b"Privateperson" not in path.read_bytes() and b"secret" not in path.read_bytes()
    hero = soup(_page(output, "A photo")).select_one(".entry-image img")
    assert (hero["width"], hero["height"]) == ("800", "1000")


def test_a_small_image_gets_its_own_width_only(problem_site):
    _, output, _ = problem_site
    body = soup(_page(output, "A photo")).select(".entry-content img")
    assert body[0]["srcset"] == "/images/small-300w.png 300w"
    assert (body[0]["width"], body[0]["height"]) == ("300", "200")
    assert not (output / "images" / "small-480w.png").exists()


def test_a_page_s_body_images_are_responsive_too(problem_site):
    _, output, _ = problem_site
    img = soup(output / "our-office" / "index.html").select_one("main img[srcset]")
    assert img["srcset"] == "/images/small-300w.png 300w" and img["loading"] == "lazy"


def test_decoration_on_purpose_has_an_empty_alt_and_no_finding(problem_site):
    content, output, findings = problem_site
    assert soup(_page(output, "A photo")).select(".entry-content img")[1]["alt"] == ""
    assert soup(_page(output, "Decoration")).select_one(".entry-image img")["alt"] == ""
    for name in ("t-photo.md", "t-decor.md"):
        assert not [f for f in findings if name in f and "missing-alt" in f]


def test_missing_files_and_alt_texts_are_findings_on_their_lines(problem_site):
    content, _, findings = problem_site
    missing = content / "articles" / "t-missing.md"
    no_alt = content / "articles" / "t-no-alt.md"
    expected = [
        f"warning: {missing}:{line_of(missing, 'Image:')}: missing-image:",
        f"warning: {missing}:{line_of(missing, '![](')}: missing-alt:",
        f"warning: {missing}:{line_of(missing, 'gone.png')}: missing-image:",
        f"warning: {no_alt}:{line_of(no_alt, 'Image:')}: missing-alt:",
    ]
    for start in expected:
        assert any(f.startswith(start) for f in findings), (start, findings)
    assert any("nowhere.png" in f for f in findings)


def test_alt_text_is_text_never_markup(problem_site):
    _, output, _ = problem_site
    page = soup(_page(output, "Hostile alt"))
    assert page.select_one(".entry-image img")["alt"] == '"><script>alert(1)</script>'
    assert "<script>alert(1)" not in _page(output, "Hostile alt").read_text(encoding="utf-8")
    assert not [s for s in page.select("script") if "alert(1)" in (s.string or "")]


def test_a_damaged_image_is_a_finding_and_the_rest_builds(problem_site):
    content, output, findings = problem_site
    broken = content / "articles" / "t-broken.md"
    assert any(f.startswith(f"warning: {broken}:{line_of(broken, 'Image:')}: unreadable-image:")
               and "broken.png" in f for f in findings)
    page = soup(_page(output, "Broken image"))
    assert page.select_one(".entry-image") is None
    assert page.select_one('meta[property="og:image"]')["content"].endswith("/card.png")
    assert len(article_pages(output)) >= 16


def test_a_publish_build_makes_them_errors(problem_site, tmp_path):
    content, _, _ = problem_site
    _, records = build_with_log("publishconf.py", tmp_path / "output", content)
    found = findings_in(records)
    assert any(f.startswith("error: ") and "t-missing.md" in f and "missing-image" in f
               for f in found)
    assert (tmp_path / "output" / "index.html").is_file()


def test_a_rebuild_reuses_the_cached_copies(problem_site, tmp_path):
    content, _, _ = problem_site
    cache = tmp_path / "cache" / "article_images"
    build_site("pelicanconf.py", tmp_path / "output", content)
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    build_site("pelicanconf.py", tmp_path / "output", content)
    after = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    assert before and before == after


def test_a_site_without_an_images_folder_still_gets_cards(tmp_path):
    content = tmp_path / "content" / "articles"
    content.mkdir(parents=True)
    (content / "one.md").write_text(HEADER.format(title="One post", day=1) + "\nHello.\n",
                                    encoding="utf-8")
    output = build_site("publishconf.py", tmp_path / "output", tmp_path / "content")
    meta = soup(output / POSTS / "one-post" / "index.html").select_one('meta[property="og:image"]')
    with Image.open(local_file(output, meta["content"])) as card:
        assert card.size == (1200, 630)


@pytest.fixture(scope="module")
def hostile_publish(tmp_path_factory):
    """A publish build with an image linked from outside the content folder, a draft
    with an image of its own, and photos carrying an author and a GPS position that no
    article names (an author's photo, a file left in images/)."""
    root = tmp_path_factory.mktemp("hostile-images")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    images = content / "images"
    Image.new("RGB", (1300, 700), "#00aa00").save(root / "outside.png")
    (images / "linked.png").symlink_to(root / "outside.png")
    Image.new("RGB", (1300, 700), "#c2410c").save(images / "draft-only.png")
    _photo_with_gps(images / "unnamed.jpg")
    _photo_with_gps(images / "author-photo.jpg")
    authors = content / "authors.yml"
    authors.write_text(authors.read_text(encoding="utf-8").replace(
        "images/author-hannah-lindqvist.png", "images/author-photo.jpg"), encoding="utf-8")
    posts = content / "articles"
    (posts / "t-linked.md").write_text(HEADER.format(title="Linked image", day=1) + (
        "Image: images/linked.png\nImage-Alt: A green box\n\nText.\n\n"
        "![A green box](/images/linked.png)\n"), encoding="utf-8")
    (posts / "t-draft.md").write_text(HEADER.format(title="Secret draft", day=2) + (
        "Status: draft\nImage: images/draft-only.png\nImage-Alt: An orange box\n\nText.\n"),
        encoding="utf-8")
    output, records = build_with_log("publishconf.py", root / "output", content)
    return content, output, findings_in(records)


def test_an_image_linked_from_outside_the_content_folder_is_never_read(hostile_publish):
    content, output, findings = hostile_publish
    assert not list((output / "images").glob("linked*"))
    page = soup(_page(output, "Linked image"))
    assert page.select_one(".entry-image") is None
    assert page.select_one(".entry-content img").get("srcset") is None
    linked = content / "articles" / "t-linked.md"
    assert any(f.startswith(f"error: {linked}:{line_of(linked, 'Image:')}: missing-image:")
               and "outside the content folder" in f for f in findings), findings


def test_a_draft_s_image_gets_no_published_copies(hostile_publish):
    _, output, _ = hostile_publish
    assert not list((output / "images").glob("draft-only-*"))
    assert not list(output.rglob("*secret-draft*"))


def test_photos_no_article_names_are_published_without_metadata(hostile_publish):
    _, output, _ = hostile_publish
    for name in ("unnamed.jpg", "author-photo.jpg"):
        path = output / "images" / name
        with Image.open(path) as image:
            assert not image.getexif() and "comment" not in image.info
        assert b"Privateperson" not in path.read_bytes() and b"secret" not in path.read_bytes()
    shown = [img["src"] for page in article_pages(output)
             for img in soup(page).select("img.author-photo")]
    assert any(src.endswith("/images/author-photo.jpg") for src in shown)


# --- Cards ---------------------------------------------------------------------------------

@pytest.mark.parametrize("question", [
    "How much " + "does a long question cost " * 12,  # 300 characters
    "営業とマーケティングの連携ワークショップはいくらですか？",
    "Is it worth it? 🚀🔥 Ça dépend — naïve façade, 50 €",
    "x" * 300,
])
def test_cards_lay_out_long_and_unusual_text_without_failing(question, tmp_path):
    path = cards.cached_card(question, "Workshop prices", "Bridgewell",
                             ("#fdfdfc", "#1c1e21", "#0b5cad"), tmp_path)
    with Image.open(path) as card:
        assert card.size == (1200, 630)
    shown = cards.card_text(question, "Workshop prices")
    size, lines = cards.layout(shown)
    assert all(cards.font(size).getlength(line) <= 1200 - 2 * cards.MARGIN for line in lines)
    assert len(lines) <= cards._max_lines(size)


def test_a_cached_card_holds_exactly_the_pixels_drawn(tmp_path):
    # cards are written by png.encode, not Pillow: a viewer must see the card as drawn
    colours = ("#fdfdfc", "#1c1e21", "#0b5cad")
    path = cards.cached_card("How much does a workshop cost?", "Workshop prices",
                             "Bridgewell", colours, tmp_path)
    drawn = cards.draw_card(cards.card_text("How much does a workshop cost?", "t"),
                            "Bridgewell", colours)
    with Image.open(path) as card:
        card.load()
        assert card.format == "PNG" and card.mode == "RGB"
        assert card.size == drawn.size and card.tobytes() == drawn.tobytes()


def test_text_the_font_lacks_gives_way_to_the_title_or_plain_letters():
    japanese = "営業とマーケティングの連携はいくら？"
    assert cards.card_text(japanese, "Workshop prices") == "Workshop prices"
    assert cards.card_text("Ça dépend — naïve", "t") == "Ca depend -- naive"
    assert cards.card_text("営業", "連携") == ""


# --- In the browser ------------------------------------------------------------------------

HANDOFF = "/posts/what-usually-goes-wrong-in-the-handoff-from-marketing-to-sales/"


@pytest.mark.parametrize(("path", "width", "scheme"), [
    (HANDOFF, 375, "light"), (HANDOFF, 1280, "light"), (HANDOFF, 1280, "dark"),
    ("/category/problems/", 375, "light"), ("/category/problems/", 1280, "dark")])
def test_pages_with_images_are_axe_clean_and_load_a_copy(browser, site_url, path, width,  # noqa: F811
                                                         scheme):
    require(AXE, "axe-core (npm ci)")
    with visit(browser, site_url + path, width, scheme) as v:
        assert axe_violations(v.page) == []
        assert console_errors(v) == [] and v.foreign == []
        loaded = v.page.evaluate(
            "[...document.querySelectorAll('main img[srcset]')].filter(i => i.complete"
            " && i.currentSrc).map(i => i.currentSrc)")
        assert loaded
        for url in loaded:  # a copy of the srcset, never the original
            assert re.search(r"-\d+w\.(png|jpg)$", url), url
        if path == HANDOFF and width == 1280:
            top = v.page.evaluate(
                "document.querySelector('.entry-image img').getBoundingClientRect().top")
            assert top < 800  # begins on the first screen
