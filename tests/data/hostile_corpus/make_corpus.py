"""Write the hostile corpus's committed files: `python tests/data/hostile_corpus/make_corpus.py`.

A small, whole site (content/: three good posts, a page, a bank and a registry) and,
beside its good posts, one file per hostile case, by class. The files a repository
should not hold (symlinks, files of many megabytes, 5,000 nested lists) are made by
tests/test_hostile_corpus.py at run time. Bytes are written exactly (encodings,
control characters), so the script, not an editor, is the source of truth.
"""

from __future__ import annotations

import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONTENT = HERE / "content"
ARTICLES = CONTENT / "articles"

# A private name, company, e-mail and note of the registry below, for the privacy cases.
NAME, COMPANY = "Zoë Hartmann", "Brackwater Kilns Ltd"
EMAIL, NOTE = "zoe.hartmann@brackwater-kilns.example", (
    "Asked us to keep the kiln retrofit quote quiet until the board approves it in June.")

REGISTRY = f"""\
- id: call-2026-01-kilns
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
  attribution: Customer survey of plant managers, autumn 2025 (27 replies)
  consent: public
  url: https://example.com/survey-2025
"""

BANK = """\
- id: retrofit-cost
  question: How much does a kiln retrofit cost?
  topic: cost
  stage: consideration
  asked: 9
  heard_in: [sales-call]

- id: retrofit-downtime
  question: How long is a plant down during a retrofit?
  topic: problems
  stage: decision
  asked: 4
  heard_in: [survey]
"""


def post(title: str, body: str = "A plain paragraph.", **meta: str) -> str:
    """A Markdown article: Title, a fixed Date, extra metadata, the body."""
    header = [f"Title: {title}", "Date: 2026-03-02", *(f"{k}: {v}" for k, v in meta.items())]
    return "\n".join(header) + "\n\n" + body + "\n"


GOOD = {
    "good-retrofit-cost.md": post(
        "What a kiln retrofit costs", "Most retrofits we quote land between two and three "
        "months of energy savings.\n\n> We paid it back within the year.\n>\n"
        "> — source: call-2026-01-kilns", **{"Question-Id": "retrofit-cost",
                                              "Question": "How much does a kiln retrofit cost?"}),
    "good-downtime.md": post(
        "How long a retrofit stops the line", "Plan for nine working days with the kiln cold.",
        **{"Question-Id": "retrofit-downtime", "Sources": "survey-2025-plants"}),
    "good-announcement.md": post(
        "Our new workshop opens in Stoke", "We have moved to a larger workshop.",
        **{"Source-Exempt": "company announcement"}),
}
GOOD_TITLES = {
    "what-a-kiln-retrofit-costs": "What a kiln retrofit costs",
    "how-long-a-retrofit-stops-the-line": "How long a retrofit stops the line",
    "our-new-workshop-opens-in-stoke": "Our new workshop opens in Stoke",
}

_TEXT = {
    # --- metadata ---------------------------------------------------------------------
    "metadata-duplicate-title.md": "Title: One\nTitle: Two\nDate: 2026-03-02\n\nText.\n",
    "metadata-duplicate-date.md": "Title: Two dates\nDate: 2026-03-02\nDate: 2026-03-03\n\nT.\n",
    "metadata-far-future-date.md": post("From the far future").replace("2026-03-02",
                                                                      "9999-12-31"),
    "metadata-far-past-date.md": post("From the far past").replace("2026-03-02", "0001-01-01"),
    "metadata-garbage-date.md": post("Garbage date").replace("2026-03-02", "soon-ish"),
    "metadata-spaces-title.md": "Title:      \nDate: 2026-03-02\n\nA title of spaces.\n",
    "metadata-no-title.md": "Date: 2026-03-02\n\nNo title at all.\n",
    "metadata-empty.md": "",
    "metadata-unknown-status.md": post("Unknown status", Status="almost"),
    "metadata-template-missing.md": post("Missing template", Template="nonexistent"),
    "metadata-template-traversal.md": post("Template traversal",
                                           Template="../../../../etc/passwd"),
    "metadata-save-as-index.md": post("Over the home page", Save_as="index.html"),
    "metadata-save-as-page.md": post("Over the about page", Save_as="about/index.html"),
    "metadata-save-as-feed.md": post("Over the feed", Save_as="feeds/all.atom.xml"),
    "metadata-save-as-outside.md": post("Outside the output", Save_as="../../outside.html"),
    "metadata-slug-twin-a.md": post("Twin A", Slug="same-slug"),
    "metadata-slug-twin-b.md": post("Twin B", Slug="same-slug"),
    "metadata-long-title.md": post("T" * 300),
    "metadata-long-category.md": post("Long category", Category="C" * 500),
    "metadata-long-slug.md": post("Long slug", Slug="s" * 300),
    "metadata-broken-header.md": "Title How the colon went missing\nDate: 2026-03-02\n\nT.\n",
    # --- injection ----------------------------------------------------------------------
    "injection-script.md": post("Script", "Before.\n\n<script>alert('x')</script>\n\nAfter."),
    "injection-iframe.md": post("Iframe", '<iframe src="https://example.com/x"></iframe>'),
    "injection-onerror.md": post("Handler", '<img src="x.png" onerror="alert(1)">'),
    "injection-javascript-link.md": post("JS link", "[Click](javascript:alert(1))"),
    "injection-vbscript-link.md": post("VB link", '<a href="vbscript:msgbox(1)">x</a>'),
    "injection-data-url.md": post("Data URL", "![x](data:text/html;base64,PHNjcmlwdD4=)"),
    "injection-object.md": post("Object", '<object data="x.swf"></object>'),
    "injection-title-html.md": post("<script>alert('title')</script> in a title"),
    "injection-summary-html.md": post("HTML summary", Summary="<img src=x onerror=alert(1)>"),
    "injection-category-html.md": post("HTML category", Category="</a><script>x</script>"),
    "injection-question-html.md": post("HTML question",
                                       Question="<b>What</b> costs </script>?"),
    "injection-jsonld-break.md": post('Breaks "</script>" JSON-LD'),
    "injection-sources-html.md": post("HTML source id", Sources="<script>x</script>"),
    # --- privacy --------------------------------------------------------------------------
    "privacy-plain-name.md": post("Plain name", f"We spoke to {NAME} last week."),
    "privacy-nfd-name.md": post("Decomposed name", "We spoke to Zoe\u0308 Hartmann."),
    "privacy-fullwidth-name.md": post("Full-width", "We spoke to \uff3a\uff4f\u00eb "
                                      "\uff28\uff41\uff52\uff54\uff4d\uff41\uff4e\uff4e."),
    "privacy-confusable-name.md": post("Look-alike", "We spoke to Zo\u00eb H\u0430rtmann."),
    "privacy-percent-mailto.md": post("Percent mailto",
                                      "[Write](mailto:zoe.hartmann%40brackwater-kilns.example)"),
    "privacy-at-dot-email.md": post("At dot", "Write to zoe.hartmann at brackwater-kilns dot "
                                    "example for the details."),
    "privacy-note-fragment.md": post("Note fragment", "They asked us to keep the kiln retrofit "
                                     "quote quiet until the board approves it."),
    "privacy-slug.md": post("Slug", "Text.", Slug="interview-with-zoe-hartmann"),
    "privacy-company-in-tags.md": post("Tags", Tags="kilns, Brackwater Kilns Ltd"),
    # --- registry-in-article --------------------------------------------------------------
    "registry-unknown-source.md": post("Unknown source", Sources="no-such-source"),
    "registry-unknown-question.md": post("Unknown question", **{"Question-Id": "nope"}),
    # --- filesystem (committed) -----------------------------------------------------------
    "filesystem name with spaces.md": post("A file name with spaces"),
    "filesystem-unicode-\u00e9\u00e8.md": post("A file name with accents"),
}
_BYTES = {
    # --- encoding -------------------------------------------------------------------------
    "encoding-latin-1.md": "Title: Caf\u00e9\nDate: 2026-03-02\n\nCaf\u00e9.\n".encode("latin-1"),
    "encoding-utf-16.md": "Title: Sixteen\nDate: 2026-03-02\n\nWide.\n".encode("utf-16"),
    "encoding-invalid-sequence.md": b"Title: Broken\nDate: 2026-03-02\n\nBad \xc3\x28 byte.\n",
    "encoding-nul.md": b"Title: Nul\nDate: 2026-03-02\n\nA \x00 nul.\n",
    "encoding-control-title.md": b"Title: Bell \x07 title\nDate: 2026-03-02\n\nText.\n",
    "encoding-control-body.md": b"Title: Escape\nDate: 2026-03-02\n\nText \x1b[31m red.\n",
    "encoding-lone-surrogate.md": b"Title: Surrogate\nDate: 2026-03-02\n\nA \xed\xa0\x80.\n",
    "encoding-bom-crlf.md": b"\xef\xbb\xbfTitle: BOM and CRLF\r\nDate: 2026-03-02\r\n\r\nFine.\r\n",
    "encoding-zero-width-title.md": "Title: Zero\u200bwidth\nDate: 2026-03-02\n\nT.\n".encode(),
    # --- size (small enough to commit) ----------------------------------------------------
    "size-nested-quotes.md": (post("Deep quotes", "> " * 400 + "deep")).encode(),
    "size-many-tags.md": post("Many tags", Tags=", ".join(f"t{i}" for i in range(2000))).encode(),
    "size-long-line.md": post("One long line", "word " * 30_000).encode(),
}
# Cases that are not a problem and must build (a BOM, CRLF, a file name with spaces...).
BUILDS = {"encoding-bom-crlf.md", "filesystem name with spaces.md",
          "filesystem-unicode-\u00e9\u00e8.md", "encoding-zero-width-title.md",
          "size-long-line.md", "size-many-tags.md"}


def hostile_files() -> dict[str, bytes]:
    """Every committed hostile article, name -> bytes."""
    return {**{k: v.encode() for k, v in _TEXT.items()}, **_BYTES}


def main() -> None:
    shutil.rmtree(CONTENT, ignore_errors=True)
    ARTICLES.mkdir(parents=True)
    (CONTENT / "pages").mkdir()
    (CONTENT / "images").mkdir()
    (CONTENT / "pages" / "about.md").write_text("Title: About\n\nA kiln engineering firm.\n")
    (CONTENT / "sources.yml").write_text(REGISTRY, encoding="utf-8")
    (CONTENT / "questions.yml").write_text(BANK, encoding="utf-8")
    for name, text in GOOD.items():
        (ARTICLES / name).write_text(text, encoding="utf-8")
    for name, data in hostile_files().items():
        (ARTICLES / name).write_bytes(data)
    # A PDF whose document information names the customer.
    (CONTENT / "images" / "brochure.pdf").write_bytes(_pdf(author=NAME, title=COMPANY))
    # Outside the article and page folders: built by nothing.
    (CONTENT / "stray-post.md").write_text(post("Stray"), encoding="utf-8")


def _pdf(author: str, title: str) -> bytes:
    """A one-page PDF with an info dictionary (Author, Title), built by hand."""
    info = f"<< /Author ({author}) /Title ({title}) >>".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>", info]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


if __name__ == "__main__":
    main()
