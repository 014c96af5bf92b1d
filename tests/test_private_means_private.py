"""Private means private: a private value is caught however it is written, wherever it is
put (text, slug, URL, a static file's name or metadata), by the build and by the scan.

One small site holds one post or static file per disguise; it is built once, and each
case checks the finding the author reads and the privacy scan of the output. The
scan's command line (`invoke privacy-scan`) lists what it did not read and refuses a
file it cannot read.
"""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pypdf
import pytest

from conftest import CONTENT, build_with_log, findings_in, run_invoke, soup
from customer_evidence.core import privacy
from customer_evidence.core.file_metadata import file_text
from customer_evidence.core.privacy import PrivateMatcher, normalise, private_values
from customer_evidence.tools.privacy_scan import Leak, scan_report

SOURCE = "call-2026-01-kilns"
NAME, COMPANY = "Zoë Hartmann", "Brackwater Kilns Ltd"
EMAIL = "zoe.hartmann@brackwater-kilns.example"
NOTE = ("At the end of the day we want to grow. Asked us to keep the kiln retrofit quote "
        "quiet until the board approves it in June.")
REGISTRY = f"""\
- id: {SOURCE}
  kind: sales-call
  date: 2026-01-12
  attribution: Plant manager, ceramics manufacturer
  consent: anonymised
  private:
    name: {NAME}
    company: {COMPANY}
    email: {EMAIL}
    notes: {NOTE}

- id: survey-2025-plants
  kind: survey
  date: 2025-11-20
  attribution: Customer survey of plant managers, autumn 2025
  consent: public
  private:
    name: Al
"""
SECRETS = [NAME, COMPANY, EMAIL, "Zoe Hartmann", "kiln retrofit quote", "7Q"]

# name -> (body, extra header lines): one disguise each; the title never names anyone.
POSTS = {
    "nfd": ("We spoke to Zoe\u0308 Hartmann last week.", {}),
    "fullwidth": ("We spoke to \uff3a\uff4f\u00eb \uff28\uff41\uff52\uff54\uff4d\uff41\uff4e"
                  "\uff4e last week.", {}),
    "lookalike": ("We spoke to Zo\u00eb \u041d\u0430rtmann last week.", {}),  # Cyrillic Н, а
    "percent-mailto": ("[Write to her](mailto:zoe.hartmann%40brackwater-kilns.example).", {}),
    "at-dot": ("Write to zoe.hartmann at brackwater-kilns dot example for details.", {}),
    "at-dot-brackets": ("Write to ZOE.HARTMANN [at] brackwater-kilns [dot] example.", {}),
    "note-fragment": ("They asked us to keep the kiln retrofit quote quiet for now.", {}),
    "slug": ("An interview about kilns.", {"Slug": "interview-with-zoe-hartmann"}),
    "clean": ("At the end of the day we want to grow. Hartmann kilns are common; so is "
              "Zoe as a name.", {}),
}
FIELD = {"nfd": "name", "fullwidth": "name", "lookalike": "name", "percent-mailto": "email",
         "at-dot": "email", "at-dot-brackets": "email", "note-fragment": "notes",
         "slug": "name"}


def post(name: str) -> str:
    body, extra = POSTS[name]
    header = {"Title": f"Case {name}", "Date": "2026-03-02", "Category": "Problems",
              "Source-Exempt": "a test of the privacy checks", **extra}
    return "".join(f"{k}: {v}\n" for k, v in header.items()) + "\n" + body + "\n"


# --- static files, made byte by byte -----------------------------------------------------

def pdf(encrypt: bool = False, **info: str) -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({f"/{key}": value for key, value in info.items()})
    if encrypt:
        writer.encrypt("a password nobody has", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def tiff(tag: int, kind: int, value: bytes) -> bytes:
    """A little-endian TIFF (an EXIF block) whose one directory holds one tag."""
    entry = struct.pack("<HHII", tag, kind, len(value), 8 + 2 + 12 + 4)
    return b"II*\0" + struct.pack("<I", 8) + struct.pack("<H", 1) + entry + b"\0" * 4 + value


def jpeg(*segments: tuple[int, bytes]) -> bytes:
    body = b"".join(b"\xff" + bytes([marker]) + struct.pack(">H", len(data) + 2) + data
                    for marker, data in segments)
    scan = b"\xff\xda" + struct.pack(">H", 8) + b"\x01\x01\x00\x00\x3f\x00" + b"\x12\xff\x00\x34"
    return b"\xff\xd8" + body + scan + b"\xff\xd9"


def png(*chunks: tuple[bytes, bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0\0")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + b"".join(chunk(kind, data) for kind, data in chunks)
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def gif(comment: bytes) -> bytes:
    return (b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0, 0, 0)
            + b"\x21\xfe" + bytes([len(comment)]) + comment + b"\0"
            + b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x44\x01\x00\x3b")


def docx(creator: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("docProps/core.xml",
                         "<cp:coreProperties><dc:creator>" + creator + "</dc:creator>"
                         "<cp:lastModifiedBy>" + creator + "</cp:lastModifiedBy>"
                         "</cp:coreProperties>")
        archive.writestr("word/document.xml", "<w:document><w:t>A case study.</w:t></w:document>")
    return out.getvalue()


XMP = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description><dc:creator><rdf:Seq>'
       f"<rdf:li>{COMPANY}</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF>"
       "</x:xmpmeta>")
# name -> (bytes, the private field it carries, or None for a clean or unreadable file)
# Real PNGs, which the article_images plugin re-saves without metadata when published
# (the other images here are only their metadata segments, which Pillow cannot open).
STRIPPED = {"diagram.png", "chart.png"}
STATICS = {
    "brochure.pdf": (pdf(Author=NAME, Title="Kiln retrofits"), "name"),
    "price-list.pdf": (pdf(Title="Prices", Subject=f"for {COMPANY}"), "company"),
    "photo.jpg": (jpeg((0xE1, b"Exif\0\0" + tiff(0x9C9D, 1, NAME.encode("utf-16-le")))),
                  "name"),
    "camera.jpg": (jpeg((0xE1, b"Exif\0\0" + tiff(315, 2, NAME.encode() + b"\0"))), "name"),
    "diagram.png": (png((b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0" + XMP.encode())), "company"),
    "chart.png": (png((b"zTXt", b"Author\0\0" + zlib.compress(NAME.encode("latin-1")))),
                  "name"),
    "animation.gif": (gif(b"for " + EMAIL.encode()), "email"),
    "case-study.docx": (docx(NAME), "name"),
    "zoe-hartmann.svg": (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "name"),
    "plain.jpg": (jpeg((0xE0, b"JFIF\0\1\1\0\0\1\0\1\0\0")), None),
    "locked.pdf": (pdf(encrypt=True, Author=NAME), None),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site built with the development settings: (output, findings, registry)."""
    root = tmp_path_factory.mktemp("private")
    content = root / "content"
    (content / "articles").mkdir(parents=True)
    (content / "images").mkdir()
    shutil.copy(CONTENT / "questions.yml", content / "questions.yml")
    (content / "sources.yml").write_text(REGISTRY, encoding="utf-8")
    for name in POSTS:
        (content / "articles" / f"{name}.md").write_text(post(name), encoding="utf-8")
    for name, (data, _) in STATICS.items():
        (content / "images" / name).write_bytes(data)
    output, records = build_with_log("pelicanconf.py", root / "output", content)
    return output, findings_in(records), content / "sources.yml"


@pytest.fixture(scope="module")
def report(site):
    output, _, registry = site
    return scan_report(output, private_values(registry))


def findings_for(findings: list[str], file: str, rule: str) -> list[str]:
    return [f for f in findings if f": {rule}: " in f and f.split(": ")[1].endswith(file)]


def leaks_in(report, file: str) -> set[tuple[str, str]]:
    return {(leak.source_id, leak.field) for leak in report.leaks if leak.file == file}


# --- posts ----------------------------------------------------------------------------------

@pytest.mark.parametrize("case", sorted(FIELD))
def test_a_disguised_private_value_in_a_post_is_an_error_and_fails_the_scan(site, report,
                                                                            case):
    output, findings, _ = site
    [leak] = findings_for(findings, f"articles/{case}.md", "private-leak")
    assert leak.startswith("error: ")
    assert f"private {FIELD[case]} of source '{SOURCE}'" in leak
    slug = "interview-with-zoe-hartmann" if case == "slug" else f"case-{case}"
    page = output / "posts" / slug / "index.html"
    assert page.is_file(), "the post is still built: the error stops publishing"
    assert (SOURCE, FIELD[case]) in leaks_in(report, f"posts/{slug}/index.html")


def test_the_slug_is_caught_in_the_output_paths_too(report):
    paths = {leak.file for leak in report.leaks if "its path" in leak.where}
    # The post's og:image card sits in its folder, so its path carries the slug too.
    assert paths == {"posts/interview-with-zoe-hartmann/index.html",
                     "posts/interview-with-zoe-hartmann/card.png", "images/zoe-hartmann.svg"}


def test_a_stock_phrase_of_a_note_and_a_lone_surname_are_not_leaks(site, report):
    output, findings, _ = site
    assert findings_for(findings, "articles/clean.md", "private-leak") == []
    assert leaks_in(report, "posts/case-clean/index.html") == set()
    text = soup(output / "posts" / "case-clean" / "index.html").get_text(" ")
    assert "At the end of the day we want to grow." in text


def test_no_finding_or_scan_line_ever_shows_a_private_value(site, report):
    from customer_evidence.tools.privacy_scan import report_lines

    _, findings, _ = site
    ours = [f for f in findings if any(f": {rule}: " in f for rule in (
        "private-leak", "unreadable-metadata", "sources-private-too-short"))]
    problems, notices = report_lines(report, "output")
    said = "\n".join([*ours, *problems, *notices]).casefold()
    for secret in SECRETS:
        assert secret.casefold() not in said


# --- static files ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", [n for n, (_, field) in STATICS.items() if field])
def test_a_private_value_in_a_static_files_metadata_or_name_is_an_error_and_fails_the_scan(
        site, report, name):
    _, findings, _ = site
    field = STATICS[name][1]
    [leak] = findings_for(findings, f"images/{name}", "private-leak")
    assert leak.startswith("error: ") and f"private {field} of source '{SOURCE}'" in leak
    where = "name or URL" if name.endswith(".svg") else "metadata"
    assert f"its {where} holds" in leak
    output = site[0]
    if name in STRIPPED:
        # article_images publishes images Pillow can read without their metadata: the
        # scan, which reads PNG text and XMP, finds nothing left in the published copy.
        assert (output / "images" / name).is_file()
        assert leaks_in(report, f"images/{name}") == set()
    else:
        assert (SOURCE, field) in leaks_in(report, f"images/{name}")


def test_a_static_file_without_private_metadata_passes(site, report):
    _, findings, _ = site
    assert [f for f in findings if "plain.jpg" in f] == []
    assert leaks_in(report, "images/plain.jpg") == set()


def test_a_pdf_that_cannot_be_read_is_an_error_and_fails_the_scan(site, report):
    _, findings, _ = site
    [error] = findings_for(findings, "images/locked.pdf", "unreadable-metadata")
    assert error.startswith("error: ") and "a PDF that is encrypted" in error
    assert report.unreadable == [("images/locked.pdf", "a PDF that is encrypted")]


@pytest.mark.parametrize("data, why", [
    (b"%PDF-1.4\n1 0 obj << /Author (x", "a PDF that cannot be read"),
    (jpeg((0xE1, b"Exif\0\0II*\0"))[:12], "a JPEG that is cut short"),
    (b"\x89PNG\r\n\x1a\n\0\0\0\x40IHDR", "a PNG that is cut short"),
    (b"PK\x03\x04 not really a zip", "a ZIP that cannot be read"),
])
def test_damaged_files_of_a_read_format_are_unreadable_not_passed(data, why):
    assert file_text(data).unreadable.startswith(why)


# --- the registry ---------------------------------------------------------------------------

def test_a_private_value_too_short_to_search_for_is_a_registry_warning(site):
    _, findings, _ = site
    [short] = [f for f in findings if ": sources-private-too-short: " in f]
    assert short.startswith("warning: ") and short.split(": ")[1].endswith("sources.yml:17")
    assert "source 'survey-2025-plants'" in short and "private field 'name'" in short
    assert "stays private" in short and "neither the build nor the privacy scan" in short
    assert "Al" not in short.split("sources-private-too-short: ")[1].replace("Also", "")


# --- the command line: what it skipped, what it refused -------------------------------------

def test_invoke_privacy_scan_lists_what_it_did_not_read_and_why(repo):
    output = repo / "output-publish"
    (output / "theme" / "fonts").mkdir(parents=True)
    (output / "index.html").write_text("<p>Nothing private.</p>", encoding="utf-8")
    (output / "theme" / "fonts" / "body.woff2").write_bytes(b"wOF2\0\1\0\0" + b"\0" * 64)
    with open(output / "huge.json", "wb") as big:
        big.truncate(21 * 1024 * 1024)  # sparse: 21 MB on paper, nothing to write
    (output / "images").mkdir()
    (output / "images" / "photo.jpg").write_bytes(STATICS["plain.jpg"][0])
    result = run_invoke(repo, "privacy-scan")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert ("privacy scan: not scanned (larger than 20 MB): output-publish/huge.json"
            in lines)
    assert any(line.startswith("privacy scan: not scanned (binary (WOFF2 font)")
               and line.endswith("output-publish/theme/fonts/body.woff2") for line in lines)
    assert not any("photo.jpg" in line for line in lines), "a read image is not 'skipped'"


def test_invoke_privacy_scan_refuses_a_file_it_cannot_read(repo):
    output = repo / "output-publish"
    (output / "files").mkdir(parents=True)
    (output / "index.html").write_text("<p>Nothing private.</p>", encoding="utf-8")
    (output / "files" / "locked.pdf").write_bytes(STATICS["locked.pdf"][0])
    result = run_invoke(repo, "privacy-scan")
    assert result.returncode != 0
    assert ("output-publish/files/locked.pdf: cannot be checked for private values: it is a "
            "PDF that is encrypted") in result.stderr


# --- the matcher ----------------------------------------------------------------------------

MATCHER = PrivateMatcher([(SOURCE, "name", NAME), (SOURCE, "email", EMAIL),
                          (SOURCE, "notes", NOTE), (SOURCE, "company", COMPANY)])


@pytest.mark.parametrize("text, field", [
    ("Zoe\u0308 Hartmann", "name"),
    ("zo\u00eb hartmann", "name"),
    ("ZOE HARTMANN", "name"),
    ("\uff3a\uff4f\uff45 \uff28\uff41\uff52\uff54\uff4d\uff41\uff4e\uff4e", "name"),
    ("Z\u043e\u0435 \u041d\u0430rtm\u0430nn", "name"),  # Cyrillic о, е, Н, а
    ("Zo\u0435 H\u03b1rtmann", "name"),  # Cyrillic е, Greek α
    ("Zo&#235; Hart&shy;mann", "name"),
    ("Zo%C3%AB%20Hartmann", "name"),
    ("&amp;#37;C3&amp;#37;AB", None),
    ('{"author": "Zo\\u00eb Hartmann"}', "name"),
    ("interview_with_zoe_hartmann.html", "name"),
    ("/people/zoe-hartmann/", "name"),
    ("Brackwater-Kilns (Ltd)", "company"),
    ("mailto:zoe.hartmann%40brackwater-kilns.example", "email"),
    ("zoe.hartmann&#64;brackwater-kilns.example", "email"),
    ("zoe.hartmann(at)brackwater-kilns(dot)example", "email"),
    ("zoe dot hartmann at brackwater-kilns dot example", "email"),
    ("zoe.hartmann {AT} brackwater-kilns.example", "email"),
    ("the kiln retrofit quote quiet until the board approves", "notes"),
    ("asked us to keep the kiln retrofit quote, quiet", "notes"),
    ("Zoe Hart mann", None),
    ("zoehartmann", None),
    ("at the end of the day we want to grow", None),
    ("Hartmann kilns", None),
    ("zoe.hartmann at brackwater-kilns", None),
])
def test_the_matcher_sees_through_each_disguise(text, field):
    found = MATCHER.owners_in(text, markup=True)
    assert [f for _, f in found if f == field or field is None] == ([field] if field else [])


def test_html_with_a_value_split_by_tags_or_in_an_attribute_is_caught():
    assert MATCHER.owners_in('<p>Zo&euml; <b>Hartmann</b></p>', markup=True) == [
        (SOURCE, "name")]
    assert MATCHER.owners_in('<a href="mailto:zoe.hartmann%40brackwater-kilns.example">'
                             "Write</a>", markup=True) == [(SOURCE, "email")]


def test_normalising_is_idempotent_for_every_folded_character():
    for char in privacy._fold_map():
        assert normalise(normalise(char)) == normalise(char), hex(ord(char))


def test_a_value_found_in_a_text_is_found_whatever_surrounds_it():
    for around in ["{}", "x{}y", "«{}»", "Ｚ{}Ｚ", "\u0301{}\u0301", "e\u0308{}"]:
        text = around.format(NAME)
        assert (SOURCE, "name") in MATCHER.owners_in(text), around


def test_short_values_and_empty_matchers_find_nothing():
    assert PrivateMatcher([("s", "name", "Al"), ("s", "notes", " 7Q ")]).owners == {}
    assert PrivateMatcher([]).owners_in("anything") == []


def test_files_of_the_output_folder_are_scanned_by_path_even_when_empty(tmp_path):
    (tmp_path / "zoe-hartmann").mkdir()
    (tmp_path / "zoe-hartmann" / "index.html").write_text("", encoding="utf-8")
    report = scan_report(tmp_path, [(SOURCE, "name", NAME)])
    assert report.leaks == [Leak("zoe-hartmann/index.html", SOURCE, "name")]
    assert report.leaks[0].where == "its path"


def test_the_registry_values_of_the_built_site_are_what_the_scan_reads(site):
    *_, registry = site
    fields = {field for _, field, _ in private_values(registry)}
    assert fields == {"name", "company", "email", "notes"}
    assert Path(registry).read_text(encoding="utf-8").count("name:") == 2
