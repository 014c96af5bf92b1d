"""`invoke import` end to end: exports of each format become drafts that build, whose
rendered text is the source's text (its damage repaired); nothing is overwritten or
imported twice; a bad source leaves nothing written."""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from import_checks import render, visible_text
from pelican.settings import read_settings

from conftest import CONTENT, DATA, ROOT, build_with_log, findings_in, run_invoke
from customer_evidence.core.header import read_header
from customer_evidence.importing.formats import detect, reader_for
from customer_evidence.importing.importer import Options, run_import
from customer_evidence.importing.model import ImportFailed

CORPUS = DATA / "import_corpus"
# The damage the corpora carry, and what the writer meant: the test's own table, so the
# expected text does not come from the code under test.
MEANT = {"โ€œ": "“", "โ€™": "’", "๐Ÿ™‚": "🙂", "â€œ": "“", "â€™": "’", "â€“": "–",
         "Ã©": "é", "โ€\x9d": "”", "โ€”": "—",
         # a closing quote whose last byte (0x9D, undefined in both code pages) was lost
         "โ€": "”", "â€": "”"}
SOURCES = {
    "wordpress": CORPUS / "wordpress" / "sunmill-solar.xml",
    "ghost": CORPUS / "ghost" / "larder-lane.ghost.json",
    "medium": CORPUS / "medium",
    "jekyll": CORPUS / "jekyll",
    "hugo": CORPUS / "hugo",
    "plain": CORPUS / "plain" / "notes",
}


def settings_for(site: Path) -> dict:
    return read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(site)})


def import_into(site: Path, *sources: Path, **options):
    """Run the import into a site folder, as `invoke import` does."""
    return run_import(Options(tuple(sources), site / "articles", site / "pages",
                              settings_for(site), site.parent,
                              redirects=site.parent / "redirects.csv", **options))


@pytest.fixture
def site(tmp_path) -> Path:
    """A blog to import into: the tests' sample site (its bank and registry included)."""
    return Path(shutil.copytree(CONTENT, tmp_path / "blog-src"))


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def meant(text: str) -> str:
    for damaged, fixed in MEANT.items():
        text = text.replace(damaged, fixed)
    return text


def source_text(post) -> str:
    """What a reader of the old blog saw of the post's body."""
    if post.body_format == "html":
        return visible_text(post.body)
    if post.body_format == "markdown":
        shown = render(post.body, pygments=False)
        return visible_text(str(shown))
    return post.body


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def every_format(tmp_path_factory):
    """One site that imported a corpus of each format, built once."""
    root = tmp_path_factory.mktemp("every-format")
    site = Path(shutil.copytree(CONTENT, root / "blog-src"))
    outcome = import_into(site, *SOURCES.values())
    output, records = build_with_log("pelicanconf.py", root / "out", site)
    return outcome, output, records


def test_every_format_builds_with_no_error(every_format):
    outcome, _, records = every_format
    assert [r.format for r in outcome.reports] == list(SOURCES)
    errors = [f for f in findings_in(records) if f.startswith("error")]
    assert not errors, errors
    missing = {f.split(": ")[1] for f in findings_in(records) if "missing-source" in f}
    articles = {str(d.path) for r in outcome.reports for d in r.drafts
                if d.prepared.post.kind == "article"}
    assert articles and articles <= missing  # Sources: left for the author, and said so


@pytest.mark.parametrize("fmt", list(SOURCES))
def test_imported_posts_show_the_sources_text(fmt, every_format):
    outcome, output, _ = every_format
    report = next(r for r in outcome.reports if r.format == fmt)
    posts = {p.origin: p for p in reader_for(fmt)(SOURCES[fmt])}
    assert len(report.drafts) == len(posts) > 0
    for draft in report.drafts:
        header = read_header(str(draft.path))
        assert header.find("status").value == "draft"
        post = posts[header.find("imported-from").value]
        folder = "drafts/pages" if post.kind == "page" else "drafts"
        page = BeautifulSoup((output / folder / draft.slug / "index.html").read_bytes(), "lxml")
        shown = page.select_one(".entry-content")
        expected = meant(source_text(post))
        for block in shown.select(".highlight pre"):  # Pygments' spans are not spaces
            block.replace_with(block.get_text(""))
        rendered = visible_text(str(shown))
        glued = any(r.kind == "glued-title" for r in draft.prepared.repairs)
        if glued and normalised(rendered) != normalised(expected):
            # the sentence glued to the title moved to the body: together, the same text
            title = page.select_one("h1").get_text()
            assert "".join((title + rendered).split()) == \
                "".join((meant(post.title) + expected).split()), draft.path.name
            continue
        assert normalised(rendered) == normalised(expected), draft.path.name
        assert not page.select(".entry-content script")
        assert "�" not in page.get_text() and "โ€" not in page.get_text()


def test_repairs_are_reported_with_the_files_line(site):
    outcome = import_into(site, SOURCES["wordpress"])
    text = outcome.summary(False)
    for line in text.splitlines():
        if m := re.match(r"\s+(\S+?\.md):(\d+): (repaired|review): '(.*?)' -> '(.*?)'", line):
            path, number, _, before, after = m.groups()
            written = (site.parent / path if not Path(path).is_absolute() else Path(path))
            if not written.is_file():
                written = next(site.rglob(Path(path).name))
            row = written.read_text(encoding="utf-8").splitlines()[int(number) - 1]
            assert after.split()[0] in row and before not in row, line
    assert re.search(r"repaired: 'โ€œ' -> '“'", text)
    assert "๐Ÿ™‚" in text and "🙂" in text


def test_second_import_writes_nothing_and_never_overwrites(site):
    import_into(site, SOURCES["wordpress"])
    first = snapshot(site)
    edited = next((site / "articles").glob("barn-roofs*.md"))
    edited.write_text(edited.read_text(encoding="utf-8").replace("Twenty years later",
                                                                 "Two decades later"),
                      encoding="utf-8")
    again = import_into(site, SOURCES["wordpress"])
    assert again.written == []
    assert sum(len(r.already) for r in again.reports) == len(
        list(reader_for("wordpress")(SOURCES["wordpress"])))
    after = snapshot(site)
    assert after.keys() == first.keys()
    assert "Two decades later" in edited.read_text(encoding="utf-8")


def test_a_name_already_taken_gets_another_and_the_old_file_is_kept(site):
    taken = site / "articles" / "barn-roofs-outlast-warranty.md"
    taken.write_text("Title: Our own barn post\nSlug: barn-roofs-outlast-warranty\n\nOurs.\n",
                     encoding="utf-8")
    outcome = import_into(site, SOURCES["wordpress"])
    assert taken.read_text(encoding="utf-8").endswith("Ours.\n")
    renamed = site / "articles" / "barn-roofs-outlast-warranty-2.md"
    assert renamed in outcome.written
    assert read_header(str(renamed)).find("slug").value == "barn-roofs-outlast-warranty-2"


def test_dry_run_lists_the_drafts_and_writes_nothing(site):
    before = snapshot(site)
    outcome = import_into(site, SOURCES["wordpress"], dry_run=True)
    text = outcome.summary(True)
    assert snapshot(site) == before and outcome.written == []
    assert "Would write 7 draft(s)" in text and "Nothing was written" in text
    assert "barn-roofs-outlast-warranty.md" in text
    assert not list(site.parent.glob(".import-*")) and not (site.parent / "redirects.csv").exists()


def test_old_urls_go_to_the_redirect_list(site):
    import_into(site, SOURCES["wordpress"])
    rows = (site.parent / "redirects.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "old_url,new_url,file"
    assert ("https://sunmill-solar.example/2024/03/barn-roofs-outlast-warranty/,"
            "/posts/barn-roofs-outlast-warranty/,") in "\n".join(rows)
    import_into(site, SOURCES["wordpress"])  # again: the list does not grow
    assert (site.parent / "redirects.csv").read_text(encoding="utf-8").splitlines() == rows


def test_a_bad_source_after_a_good_one_leaves_nothing_written(site, tmp_path):
    truncated = tmp_path / "cut.xml"
    text = SOURCES["wordpress"].read_text(encoding="utf-8")
    truncated.write_text(text[: len(text) * 2 // 3], encoding="utf-8")
    before = snapshot(site)
    with pytest.raises(ImportFailed, match=r"cut\.xml.*line \d+"):
        import_into(site, SOURCES["ghost"], truncated)
    assert snapshot(site) == before
    assert not list(site.parent.glob(".import-*"))


def test_an_unknown_format_is_refused_with_what_can_be_read(tmp_path):
    odd = tmp_path / "export.bin"
    odd.write_bytes(b"\x00\x01PK")
    with pytest.raises(ImportFailed, match="not a format this import knows.*WordPress"):
        detect(odd)


def test_a_zip_with_a_path_out_of_the_folder_writes_only_under_the_target(site, tmp_path):
    export = tmp_path / "medium.zip"
    post = (CORPUS / "medium").glob("**/*.html")
    first = next(iter(sorted(post)))
    with zipfile.ZipFile(export, "w") as z:
        z.writestr("posts/" + first.name, first.read_bytes())
        z.writestr("../../escaped.html", first.read_bytes())
    outcome = import_into(site, export)
    assert all(site in p.parents for p in outcome.written)
    assert not list(tmp_path.parent.rglob("escaped*")) and not (tmp_path / "escaped.html").exists()


def test_a_confident_bank_match_fills_in_the_question(site):
    bank = site / "questions.yml"
    bank.write_text(bank.read_text(encoding="utf-8") + """
- id: battery-lifespan
  question: How many years will a home battery keep working?
  topic: other
  stage: consideration
""", encoding="utf-8")
    outcome = import_into(site, SOURCES["wordpress"])
    drafts = {d.path.name: d for r in outcome.reports for d in r.drafts}
    battery = drafts["how-long-does-a-home-battery-last.md"]
    header = read_header(str(battery.path))
    assert header.find("question-id").value == "battery-lifespan"
    assert re.match(r"\d\.\d\d \(inferred on import", header.find("question-confidence").value)
    others = [d for name, d in drafts.items() if name != battery.path.name]
    assert all(read_header(str(d.path)).find("question-id") is None for d in others)


def test_invoke_import_reports_and_refuses(repo):
    export = repo / "old-blog.xml"
    shutil.copy(SOURCES["wordpress"], export)
    dry = run_invoke(repo, "import", "old-blog.xml", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "wordpress old-blog.xml: 7 to import" in dry.stdout
    done = run_invoke(repo, "import", "old-blog.xml")
    assert done.returncode == 0 and "Wrote 7 draft(s)" in done.stdout
    assert (repo / "imported-redirects.csv").is_file()
    (repo / "broken.xml").write_text(export.read_text(encoding="utf-8")[:3000],
                                     encoding="utf-8")
    broken = run_invoke(repo, "import", "broken.xml")
    assert broken.returncode == 2
    assert "broken.xml" in broken.stderr and "Nothing was written." in broken.stderr
