"""Author profiles from content/authors.yml (author_profiles): the author box on each
article, the author pages' header, the authors index, the JSON-LD Person and
ProfilePage; a bad file is reported with its line and the site still builds; no file
changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from PIL import Image
from schema_check import check

from conftest import CONTENT, build_with_log, findings_in, sample_posts, soup
from customer_evidence.core.author_profiles import ContentFolder, load_profiles

PUBLISH_URL = "https://blog.example.com"
SAMPLE = yaml.safe_load((CONTENT / "authors.yml").read_text(encoding="utf-8"))
BY_NAME = {entry["name"]: entry for entry in SAMPLE}

POST = """\
Title: How long does onboarding take?
Date: 2026-04-01
Author: {author}
Source-Exempt: our own opening post

About two weeks for most teams.
"""
ADA = """\
- name: Ada Lovelace
  role: Head of engines
  bio: Ada writes about analytical engines.
  photo: images/ada.png
  url: https://ada.example/
  same_as: [https://social.example/@ada]
"""
HOSTILE = '</script><img src=x onerror=alert(1)> "quoted" \'single\' & <b>bold</b>'


def ld_blocks(page) -> list[dict]:
    """Every JSON-LD block of a parsed page, parsed."""
    return [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]


def post_page(output: Path, title_slug: str) -> Path:
    return output / "posts" / title_slug / "index.html"


def tiny_site(tmp_path: Path, authors: str | None = ADA, author: str = "Ada Lovelace",
              photo_size: tuple[int, int] = (120, 90)) -> Path:
    """A one-post content folder by `author`, with a photo and `authors` as authors.yml."""
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "onboarding.md").write_text(POST.format(author=author),
                                                        encoding="utf-8")
    (content / "images").mkdir()
    Image.new("RGB", photo_size, "#1f5f8b").save(content / "images" / "ada.png")
    if authors is not None:
        (content / "authors.yml").write_text(authors, encoding="utf-8")
    return content


def rule_of(finding: str) -> str:
    """The rule of a finding as printed: `level: file[:line]: rule: message`."""
    return finding.split(": ", 3)[2]


def build(content: Path, tmp_path: Path, settings: str = "pelicanconf.py", **overrides):
    """Build `content`; the output folder and the authors file's findings, as printed
    (those of the file and of authors-* rules; the other plugins' are checked elsewhere)."""
    output, records = build_with_log(settings, tmp_path / "output", content, **overrides)
    return output, [f for f in findings_in(records)
                    if rule_of(f).startswith(("authors-", "registry-"))]


ONBOARDING = "how-long-does-onboarding-take"


# --- The sample site --------------------------------------------------------------


def test_each_article_has_a_box_per_author_with_photo_name_role_and_bio(dev_site):
    pages = {page.find("h1").get_text(strip=True): page
             for page in map(soup, (dev_site / "posts").glob("*/index.html"))}
    published = [post for post in sample_posts() if post.status == "published"]
    assert published
    for post in published:
        page, entry = pages[post.title], BY_NAME[post.meta["author"]]
        box = page.select_one("article .author-box")
        assert box is not None, post.path.name
        assert box.find("h2").get_text(strip=True) == "About the author"
        card, = box.select(".author-card")
        link = card.select_one(".author-name a")
        assert link.get_text(strip=True) == entry["name"]
        assert link["href"] == f"/author/{'-'.join(entry['name'].lower().split())}/"
        assert card.select_one(".author-role").get_text(strip=True) == entry["role"]
        assert card.select_one(".author-bio").get_text(strip=True) == " ".join(
            entry["bio"].split())
        img = card.find("img")
        width, height = Image.open(CONTENT / entry["photo"]).size
        assert (img["src"], img["alt"], img["width"], img["height"], img["loading"]) == (
            f"/{entry['photo']}", "", str(width), str(height), "lazy")
        assert (dev_site / entry["photo"]).is_file()


def test_the_author_page_has_a_header_with_photo_role_bio_and_a_profile_page(dev_site):
    for entry in SAMPLE:
        slug = "-".join(entry["name"].lower().split())
        page = soup(dev_site / "author" / slug / "index.html")
        header = page.select_one(".page-header")
        assert entry["name"] in header.find("h1").get_text()
        img = header.select_one(".author-header img")
        assert img["src"] == f"/{entry['photo']}" and img["alt"] == ""
        assert not img.has_attr("loading")  # at the top of the page: never lazy
        assert header.select_one(".author-role").get_text(strip=True) == entry["role"]
        bio = " ".join(entry["bio"].split())
        assert header.select_one(".author-bio").get_text(strip=True) == bio
        assert page.find("meta", attrs={"name": "description"})["content"] == bio
        assert header.find_next_sibling() is not None  # the list of articles follows
        links = [a["href"] for a in header.select(".author-links a")]
        assert links == [u for u in (entry.get("url"), *entry.get("same_as", [])) if u]
        profile, = [b for b in ld_blocks(page) if b["@type"] == "ProfilePage"]
        person = profile["mainEntity"]
        assert (person["@type"], person["name"], person["jobTitle"], person["description"],
                person["url"]) == ("Person", entry["name"], entry["role"], bio,
                                   f"/author/{slug}/")


def test_the_authors_index_shows_each_author_with_photo_and_role(dev_site):
    page = soup(dev_site / "authors" / "index.html")
    items = page.select(".author-list li")
    assert [li.find("a").get_text(strip=True) for li in items] == sorted(BY_NAME)
    for li in items:
        entry = BY_NAME[li.find("a").get_text(strip=True)]
        assert li.find("img")["src"] == f"/{entry['photo']}"
        assert li.find("img")["alt"] == ""
        assert li.select_one(".author-role").get_text(strip=True) == entry["role"]
        assert "article" in li.select_one(".count").get_text()


def test_the_json_ld_author_is_a_person_with_absolute_urls_when_published(tmp_path):
    output, findings = build(CONTENT, tmp_path, "publishconf.py", SITEURL=PUBLISH_URL)
    assert findings == []
    checked = 0
    for path in (output / "posts").glob("*/index.html"):
        page = soup(path)
        posting = next(b for b in ld_blocks(page) if b["@type"] == "BlogPosting")
        name = page.select_one(".author-name a").get_text(strip=True)
        entry, slug = BY_NAME[name], "-".join(name.lower().split())
        person, = posting["author"]
        assert person == {
            "@type": "Person", "name": name, "url": f"{PUBLISH_URL}/author/{slug}/",
            "jobTitle": entry["role"], "description": " ".join(entry["bio"].split()),
            "image": f"{PUBLISH_URL}/{entry['photo']}",
            **({"sameAs": [u for u in (entry.get("url"), *entry.get("same_as", [])) if u]}
               if entry.get("url") or entry.get("same_as") else {})}
        assert check(posting, absolute=True) == []
        checked += 1
    assert checked >= 4
    profile, = [b for b in ld_blocks(soup(output / "author" / "hannah-lindqvist" / "index.html"))
                if b["@type"] == "ProfilePage"]
    assert check(profile, absolute=True) == []
    assert profile["url"] == f"{PUBLISH_URL}/author/hannah-lindqvist/"
    assert profile["mainEntity"]["sameAs"] == BY_NAME["Hannah Lindqvist"]["same_as"]


def test_the_sample_authors_file_is_valid_and_names_every_sample_author():
    profiles, findings = load_profiles(CONTENT / "authors.yml", ContentFolder(CONTENT))
    assert findings == []
    assert {p.meta["author"] for p in sample_posts()} == set(profiles.profiles)
    for profile in profiles.profiles.values():
        assert profile.photo and (CONTENT / profile.photo.path).stat().st_size < 8 * 1024


# --- A team's own file ---------------------------------------------------------------


def test_a_photo_keeps_its_own_size_and_a_profile_its_links(tmp_path):
    output, findings = build(tiny_site(tmp_path, photo_size=(120, 90)), tmp_path)
    assert findings == []
    page = soup(post_page(output, ONBOARDING))
    img = page.select_one(".author-box img")
    assert (img["width"], img["height"]) == ("120", "90")
    person, = next(b for b in ld_blocks(page) if b["@type"] == "BlogPosting")["author"]
    assert person["sameAs"] == ["https://ada.example/", "https://social.example/@ada"]
    assert person["image"] == "/images/ada.png"


def test_hostile_role_and_bio_stay_text_in_html_and_json_ld(tmp_path):
    text = ADA.replace("Head of engines", json.dumps(HOSTILE)).replace(
        "Ada writes about analytical engines.", json.dumps(HOSTILE))
    output, findings = build(tiny_site(tmp_path, text), tmp_path)
    assert findings == []
    for path in (post_page(output, ONBOARDING), output / "author" / "ada-lovelace" / "index.html",
                 output / "authors" / "index.html"):
        page = soup(path)
        assert not page.find("img", onerror=True), path
        assert not page.find("b"), path
        shown = [el.get_text() for el in page.select(".author-role, .author-bio")]
        assert shown and all(HOSTILE in s for s in shown), path
        raw = path.read_text(encoding="utf-8")
        assert "</script><img" not in raw
        people = [block.get("mainEntity") or block["author"][0] for block in ld_blocks(page)
                  if block["@type"] in ("BlogPosting", "ProfilePage")]
        assert len(people) == (0 if path.parent.name == "authors" else 1), path
        for person in people:
            assert person["jobTitle"] == person["description"] == HOSTILE


def test_an_author_not_in_the_file_is_an_info_naming_the_posts_author_line(tmp_path):
    output, findings = build(tiny_site(tmp_path, author="Grace Hopper"), tmp_path)
    post = tmp_path / "content" / "articles" / "onboarding.md"
    assert [f for f in findings if "authors-unknown-author" in f] == [
        f"info: {post}:3: authors-unknown-author: author 'Grace Hopper' is not in "
        f"{tmp_path / 'content' / 'authors.yml'}, so the post shows no author box for them; "
        "add an entry for them there, or fix the name"]
    assert soup(post_page(output, ONBOARDING)).select_one(".author-box") is None


def test_a_post_by_several_authors_has_a_card_for_each_and_a_person_for_each(tmp_path):
    grace = "- name: Grace Hopper\n  role: Compilers\n"
    content = tiny_site(tmp_path, ADA + grace, author="Grace Hopper, Ada Lovelace, Alan Turing")
    post = content / "articles" / "onboarding.md"
    post.write_text(post.read_text().replace("Author:", "Authors:"))
    output, findings = build(content, tmp_path)
    assert [(rule_of(f), f.split(": ")[1]) for f in findings] == [
        ("authors-unknown-author", f"{post}:3")]
    page = soup(post_page(output, ONBOARDING))
    box = page.select_one(".author-box")
    assert box.find("h2").get_text(strip=True) == "About the authors"
    assert [a.get_text(strip=True) for a in box.select(".author-name")] == [
        "Grace Hopper", "Ada Lovelace"]
    grace_card, ada_card = box.select(".author-card")
    assert grace_card.find("img") is None and ada_card.find("img") is not None  # no photo
    posting = next(b for b in ld_blocks(page) if b["@type"] == "BlogPosting")
    assert [(p["name"], p.get("jobTitle")) for p in posting["author"]] == [
        ("Grace Hopper", "Compilers"), ("Ada Lovelace", "Head of engines"),
        ("Alan Turing", None)]


def test_a_name_differing_only_in_case_and_spacing_is_the_same_author(tmp_path):
    output, findings = build(tiny_site(tmp_path, author="ada  lovelace"), tmp_path)
    assert findings == []
    page = soup(post_page(output, ONBOARDING))
    assert page.select_one(".author-role").get_text(strip=True) == "Head of engines"


def test_a_file_with_only_comments_is_like_no_file(tmp_path):
    output, findings = build(tiny_site(tmp_path, "# no authors yet\n"), tmp_path)
    assert findings == []
    assert soup(post_page(output, ONBOARDING)).select_one(".author-box") is None


def test_no_authors_file_means_no_boxes_no_findings_and_the_old_json_ld(tmp_path):
    output, findings = build(tiny_site(tmp_path, None), tmp_path)
    assert findings == []
    page = soup(post_page(output, ONBOARDING))
    assert page.select_one(".author-box") is None
    posting = next(b for b in ld_blocks(page) if b["@type"] == "BlogPosting")
    assert posting["author"] == [{"@type": "Person", "name": "Ada Lovelace"}]
    author = soup(output / "author" / "ada-lovelace" / "index.html")
    assert author.select_one(".author-header") is None
    assert [b for b in ld_blocks(author) if b["@type"] == "ProfilePage"] == []
    index = soup(output / "authors" / "index.html")
    assert index.select_one(".author-list") is None
    assert index.select_one(".term-list a").get_text(strip=True) == "Ada Lovelace"


def test_a_one_post_fork_with_no_author_line_and_no_file_builds_quietly(tmp_path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "post.md").write_text(
        POST.replace("Author: {author}\n", ""), encoding="utf-8")
    output, findings = build(content, tmp_path, "publishconf.py", SITEURL=PUBLISH_URL)
    assert findings == []
    page = soup(post_page(output, ONBOARDING))
    assert page.select_one(".author-box") is None
    assert page.find("h1").get_text(strip=True) == "How long does onboarding take?"


# --- A bad file: reported with its line, the site still builds -------------------------

BAD_FILES = {  # the file, then the finding's level, line, rule and some of its message
    "syntax": ("- name: Ada Lovelace\n  role: [unclosed\n", "error", 3, "registry-syntax",
               "YAML syntax error"),
    "not a list": ("name: Ada Lovelace\n", "error", 1, "registry-shape",
                   "each starting with '- name: ...'"),
    "entry not a mapping": ("- Ada Lovelace\n", "error", 1, "registry-shape", "not a mapping"),
    "bad value": ("- name: Ada Lovelace\n  role: !!int nope\n", "error", 1, "registry-value",
                  "cannot be read"),
    "no name": ("- role: Head of engines\n", "error", 1, "authors-missing-name",
                "this author has no name"),
    "duplicate": (ADA + "- name: ada lovelace\n  role: Again\n", "error", 7,
                  "authors-duplicate-name", "already listed at line 1"),
    "bio not text": (ADA.replace("bio: Ada writes about analytical engines.",
                                 "bio: [one, two]"), "error", 3, "authors-bad-text",
                     "bio must be plain text"),
    "missing photo": (ADA.replace("images/ada.png", "images/nobody.png"), "error", 4,
                      "authors-bad-photo", "is not a file in the content folder"),
    "photo outside": (ADA.replace("images/ada.png", "../../etc/passwd"), "error", 4,
                      "authors-bad-photo", "without '..'"),
    "photo not an image": (ADA.replace("images/ada.png", "images/broken.png"), "error", 4,
                           "authors-bad-photo", "is not an image a browser shows"),
    "photo not published": (ADA.replace("images/ada.png", "hidden/ada.png"), "error", 4,
                            "authors-bad-photo", "not in a folder the site publishes"),
    "url not http": (ADA.replace("https://ada.example/", "javascript:alert(1)"), "error", 5,
                     "authors-bad-url", "is not a web address"),
    "same_as not a list": (ADA.replace("[https://social.example/@ada]", "{a: b}"), "error", 6,
                           "authors-bad-url", "same_as must be a list"),
    "unknown field": (ADA + "  email: ada.private@example.org\n", "warning", 7,
                      "authors-unknown-field", "unknown field 'email', left out"),
    "too many aliases": ("- name: &n Ada Lovelace\n  role: *n\n", "error", 2,
                         "registry-aliases", "YAML aliases"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_authors_file_is_reported_with_its_line_and_the_site_builds(tmp_path, case):
    text, level, line, rule, message = BAD_FILES[case]
    content = tiny_site(tmp_path, text)
    (content / "hidden").mkdir()
    Image.new("RGB", (10, 10)).save(content / "hidden" / "ada.png")
    (content / "images" / "broken.png").write_text("not a picture", encoding="utf-8")
    output, findings = build(content, tmp_path, CUSTOMER_EVIDENCE_REGISTRY_MAX_ALIASES=0)
    prefix = f"{level}: {content / 'authors.yml'}:{line}: {rule}: "
    assert [f for f in findings if f.startswith(prefix) and message in f], (prefix, findings)
    page = soup(post_page(output, ONBOARDING))
    assert page.find("h1").get_text(strip=True) == "How long does onboarding take?"
    raw = "".join(p.read_text(encoding="utf-8") for p in output.rglob("*.html")
                  if "editorial" not in p.parts)  # the report quotes the findings
    assert "javascript:alert" not in raw and "ada.private" not in raw and "passwd" not in raw
    if rule.startswith("authors-bad-"):  # the rest of the entry is still shown
        assert page.select_one(".author-name").get_text(strip=True) == "Ada Lovelace"
    if rule == "authors-bad-photo":
        assert page.select_one(".author-box img") is None


@pytest.mark.parametrize("case", ["too large", "not utf-8"])
def test_an_unreadable_authors_file_is_refused_whole_and_the_site_builds(tmp_path, case):
    content = tiny_site(tmp_path, ADA)
    overrides = {}
    if case == "too large":
        overrides["CUSTOMER_EVIDENCE_REGISTRY_MAX_BYTES"] = 50
        rule = "registry-too-large"
    else:
        (content / "authors.yml").write_bytes(ADA.encode("utf-8") + b"  role: \xff\n")
        rule = "registry-encoding"
    output, findings = build(content, tmp_path, **overrides)
    assert [f for f in findings if f.startswith(f"error: {content / 'authors.yml'}: {rule}: ")]
    page = soup(post_page(output, ONBOARDING))
    assert page.select_one(".author-box") is None
