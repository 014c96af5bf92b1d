"""`invoke init`: a fork of the blog made the team's own (tools.site_init and the task)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from pelican.settings import read_settings
from PIL import Image

from conftest import (
    CONTENT,
    ROOT,
    build_with_log,
    findings_in,
    output_text,
    run_invoke,
    sample_posts,
    soup,
)
from customer_evidence.core.author_profiles import ContentFolder, load_profiles
from customer_evidence.core.header import parse_header
from customer_evidence.core.question_bank import load_bank
from customer_evidence.core.source_registry import load_registry
from customer_evidence.core.vocabulary import Vocabulary
from customer_evidence.tools.site_init import (
    DEFAULT_TAGLINE,
    MANIFEST,
    InitError,
    Request,
    Site,
    as_draft,
    check_request,
    content_steps,
    digest,
    manifest_text,
    markdown_text,
    parse_manifest,
    plan,
    python_literal,
    report,
    set_assignments,
    starter_bank,
    starter_registry,
    write,
)

NAME, URL, AUTHOR = "Acme Insights", "https://blog.acme.example", "Acme editorial team"
FIRST_RUN = Request(NAME, URL + "/", AUTHOR)
TEAM_POST = """\
Title: How long does onboarding take?
Date: 2026-04-01
Source-Exempt: our own opening post

About two weeks for most teams.
"""
REGENERATE = (".venv/bin/python -m customer_evidence.tools.site_init tests/data/sample_site > "
              + MANIFEST)


@pytest.fixture
def fork(repo) -> Path:
    """A copy of the site as a fresh fork has it: the sample content and its manifest."""
    shutil.copy(ROOT / MANIFEST, repo / MANIFEST)
    return repo


def site_of(root: Path) -> Site:
    """The Site of a copy, from the project's settings (read here, not from the copy's
    pelicanconf.py, so that the copy's plugins never go on sys.path)."""
    settings = read_settings(str(ROOT / "pelicanconf.py"),
                             override={"PATH": str(root / "content")})
    return Site.from_settings(root, settings)


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def uncommented_example(starter: str) -> str:
    """The example entry of a starter bank or registry, with its '# ' taken off."""
    lines = starter.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# - id:"))
    return "\n".join(line[2:] for line in lines[start:]) + "\n"


def publish_output(repo: Path) -> Path:
    """Where `invoke preview` builds in this copy: publishconf.py's OUTPUT_PATH."""
    found = subprocess.run(
        [sys.executable, "-c", "from pelican.settings import read_settings; "
                               "print(read_settings('publishconf.py')['OUTPUT_PATH'])"],
        cwd=repo, capture_output=True, text=True, check=True)
    return Path(found.stdout.strip())


# --- The manifest -----------------------------------------------------------------


def test_the_manifest_fingerprints_exactly_the_files_of_the_sample_site():
    manifest = (ROOT / MANIFEST).read_text(encoding="utf-8")
    expected = {p.relative_to(CONTENT).as_posix(): digest(p)
                for p in CONTENT.rglob("*") if p.is_file()}
    assert parse_manifest(manifest) == expected, \
        f"{MANIFEST} is out of date with tests/data/sample_site/; regenerate it: {REGENERATE}"
    assert manifest == manifest_text(CONTENT), f"regenerate {MANIFEST}: {REGENERATE}"


@pytest.mark.parametrize("line", [
    f"{'0' * 64}  ../pelicanconf.py",
    f"{'0' * 64}  /etc/passwd",
    f"{'0' * 63}  articles/x.md",
    "articles/x.md",
])
def test_a_manifest_line_that_is_not_a_file_in_the_content_folder_is_refused(line):
    with pytest.raises(InitError, match="line 2: not a 'SHA-256  path' line"):
        parse_manifest(f"{'a' * 64}  articles/ok.md\n{line}\n")


def test_a_sample_file_checked_out_with_crlf_line_endings_is_still_the_samples(fork):
    post = fork / "content" / "articles" / "workshop-cost.md"
    post.write_bytes(post.read_bytes().replace(b"\n", b"\r\n"))
    digests = parse_manifest((fork / MANIFEST).read_text())
    steps = {s.path: s for s in content_steps(site_of(fork), digests, NAME, False)}
    assert steps[post].action == "remove"


# --- Settings files ---------------------------------------------------------------


@pytest.mark.parametrize("value", [
    "Acme", "Acme's blog", 'The "Acme" blog', "It's \"both\"", "back\\slash",
    "Café — ✓ 日本", "",
])
def test_python_literal_reads_back_as_the_same_string(value):
    literal = python_literal(value)
    assert ast.literal_eval(literal) == value
    if "'" not in value and '"' not in value:
        assert literal.startswith('"')


def test_set_assignments_changes_only_the_values_and_keeps_every_comment():
    old = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    values = {"SITENAME": 'Acme\'s "Insights" \\ ✓', "SITEURL": "/blog", "TIMEZONE": "UTC"}
    new, was = set_assignments(old, values, "pelicanconf.py")
    assert was["SITENAME"] == '"Bridgewell"' and was["SITEURL"] == '""'
    old_lines, new_lines = old.splitlines(), new.splitlines()
    assert len(old_lines) == len(new_lines)
    changed = [n for n, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert [new_lines[n].split(" =")[0] for n in changed] == ["SITENAME", "SITEURL", "TIMEZONE"]
    assert "# root-relative links while developing" in new_lines[changed[1]]
    module = {n.targets[0].id: ast.literal_eval(n.value) for n in ast.parse(new).body
              if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)}
    for name, value in values.items():
        assert module[name] == value


def test_set_assignments_replaces_a_value_over_several_lines_and_the_last_assignment():
    text = ('X = (\n    "a"  # first\n    "b"\n)  # kept\nY: str = "q"\nX = "again"\n'
            'if True:\n    Y = "inner"\n')
    new, was = set_assignments(text, {"X": "new", "Y": "why"})
    assert new == ('X = (\n    "a"  # first\n    "b"\n)  # kept\nY: str = "why"\nX = "new"\n'
                   'if True:\n    Y = "inner"\n')
    assert was == {"X": '"again"', "Y": '"q"'}


def test_set_assignments_names_a_setting_that_has_no_line():
    with pytest.raises(InitError, match=r"publishconf.py has no line 'PUBLISH_SITEURL = \.\.\.'"):
        set_assignments('SITEURL = "x"\n', {"PUBLISH_SITEURL": URL}, "publishconf.py")


def test_set_assignments_keeps_non_ascii_text_before_the_value_on_its_line():
    new, _ = set_assignments('É = 1; A = "old"  # ✓\n', {"A": "new"})
    assert new == 'É = 1; A = "new"  # ✓\n'


# --- The request ----------------------------------------------------------------


@pytest.mark.parametrize("request_, message", [
    (Request("  ", URL), "--name is empty"),
    (Request("Acme\nInsights", URL), "--name must be one line"),
    (Request(NAME, "blog.acme.example"), "--url 'blog.acme.example' is not a web address"),
    (Request(NAME, "ftp://blog.acme.example"), "is not a web address"),
    (Request(NAME, "https://"), "is not a web address"),
    (Request(NAME, "https://blog acme.example"), "is not a web address"),
    (Request(NAME, "https://blog.acme.example:99999"), "is not a web address"),
    (Request(NAME, "https://blog.acme.example/?page=1"), "has a query"),
    (Request(NAME, URL, author=""), "--author is empty"),
    (Request(NAME, URL, timezone="Europe/Londn"),
     "--timezone 'Europe/Londn' is not a time zone zoneinfo knows; did you mean 'Europe/London'"),
    (Request(NAME, URL, timezone="europe/berlin"), "did you mean 'Europe/Berlin'"),
    (Request(NAME, URL, lang="english"), "--lang 'english' is not a language code"),
    (Request(None, None), "--name is needed the first time"),
    (Request(NAME, None), "--url is needed the first time"),
])
def test_bad_input_is_refused_with_a_message_naming_the_option(request_, message):
    _, problems = check_request(request_, first_run=True)
    assert any(message in p for p in problems), problems


def test_every_problem_is_reported_at_once_and_nothing_is_written(fork):
    before = files_of(fork)
    with pytest.raises(InitError) as raised:
        plan(Request("", "acme", timezone="Mars/Olympus", lang="klingon!"), site_of(fork))
    assert [p.split(" ")[0] for p in raised.value.problems] == \
        ["--name", "--url", "--timezone", "--lang"]
    assert files_of(fork) == before


def test_good_values_are_normalised_and_the_author_defaults_to_the_name():
    values, problems = check_request(
        Request(" Acme ", "http://acme.example:8080/blog/", timezone="America/New_York",
                lang="pt-BR"), first_run=True)
    assert problems == []
    assert values == {"name": "Acme", "url": "http://acme.example:8080/blog",
                      "author": "Acme", "tagline": DEFAULT_TAGLINE,
                      "timezone": "America/New_York", "lang": "pt-BR"}


def test_after_the_first_run_only_the_options_given_change():
    values, problems = check_request(Request(tagline="Straight answers"), first_run=False)
    assert (values, problems) == ({"tagline": "Straight answers"}, [])


@pytest.mark.parametrize("url", ["https://bücher.example", "http://localhost:8000/blog",
                                 "https://blog.acme.example/insights/"])
def test_these_addresses_are_accepted(url):
    values, problems = check_request(Request(NAME, url), first_run=True)
    assert problems == [] and values["url"] == url.rstrip("/")


# --- Content ------------------------------------------------------------------


def test_init_removes_the_sample_and_keeps_what_the_team_edited_or_added(fork):
    content = fork / "content"
    edited = content / "articles" / "workshop-cost.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOur own update.\n",
                      encoding="utf-8")
    (content / "articles" / "onboarding-time.md").write_text(TEAM_POST, encoding="utf-8")
    (content / "images").mkdir(exist_ok=True)  # the sample may have images of its own
    (content / "images" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    samples = [p for p in (content / "articles").glob("*.md")
               if p.name not in ("workshop-cost.md", "onboarding-time.md")]

    steps = plan(FIRST_RUN, site_of(fork))
    write(steps)

    assert not any(p.exists() for p in samples)
    assert edited.read_text(encoding="utf-8").endswith("Our own update.\n")
    assert (content / "articles" / "onboarding-time.md").read_text() == TEAM_POST
    assert (content / "images" / "logo.svg").is_file()
    assert not (fork / MANIFEST).exists()
    printed = report(steps).splitlines()
    assert "  kept content/articles/onboarding-time.md: not a sample file" in printed
    assert "  kept content/images/logo.svg: not a sample file" in printed
    assert ("  kept content/articles/workshop-cost.md: edited since the sample, so not a "
            "sample file") in printed
    assert any("`invoke audit` lists them" in line for line in printed)


def test_the_new_bank_and_registry_are_empty_and_show_an_entry_the_plugins_accept(fork):
    write(plan(FIRST_RUN, site_of(fork)))
    for path, load in ((fork / "content" / "questions.yml", load_bank),
                       (fork / "content" / "sources.yml", load_registry)):
        loaded, findings = load(path)
        assert (len(getattr(loaded, "questions", getattr(loaded, "sources", {}))), findings) \
            == (0, [])
        example = path.with_name("example.yml")
        example.write_text(uncommented_example(path.read_text(encoding="utf-8")))
        loaded, findings = load(example)
        assert findings == []
        assert len(getattr(loaded, "questions", getattr(loaded, "sources", {}))) == 1


def test_the_starter_examples_follow_the_sites_own_vocabulary(tmp_path):
    vocabulary = Vocabulary({"prices": "Prices"}, {"researching": "Researching"},
                            {"site-visit": "Site visit"})
    bank, registry = tmp_path / "questions.yml", tmp_path / "sources.yml"
    bank.write_text(uncommented_example(starter_bank(NAME, vocabulary)))
    registry.write_text(uncommented_example(starter_registry(NAME, vocabulary)))
    assert load_bank(bank, vocabulary)[1] == []
    assert load_registry(registry, vocabulary)[1] == []
    assert "#   topic       prices" in starter_bank(NAME, vocabulary)


def test_the_new_authors_file_is_empty_and_shows_an_entry_the_plugin_accepts(fork):
    content = fork / "content"
    steps = plan(FIRST_RUN, site_of(fork))
    write(steps)
    assert "replaced content/authors.yml with an empty authors file (its comments show an " \
           "entry)" in report(steps)
    assert not list((content / "images").glob("author-*.png"))  # the sample's photos
    folder = ContentFolder(content)
    profiles, findings = load_profiles(content / "authors.yml", folder)
    assert (profiles.profiles, findings) == ({}, [])
    lines = (content / "authors.yml").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# - name:"))
    example = content / "example.yml"
    example.write_text("\n".join(line[2:] for line in lines[start:]) + "\n")
    photo = example.read_text().split("photo: ", 1)[1].split()[0]
    Image.new("RGB", (64, 64)).save(content / photo)
    profiles, findings = load_profiles(example, folder)
    assert findings == []
    assert [(p.role, p.photo.width) for p in profiles.profiles.values()] == [
        ("Head of sales", 64)]


def test_keep_samples_keeps_the_authors_file_and_its_photos(fork):
    before = files_of(fork / "content")
    steps = plan(Request(NAME, URL, keep_samples=True), site_of(fork))
    write(steps)
    after = files_of(fork / "content")
    assert after["authors.yml"] == before["authors.yml"]
    photos = [name for name in before if name.startswith("images/author-")]
    assert photos and all(after[name] == before[name] for name in photos)
    assert "kept content/authors.yml: the sample drafts name its authors (--keep-samples)" \
        in report(steps)


def test_an_empty_bank_and_registry_build_with_no_finding(fork, tmp_path):
    write(plan(FIRST_RUN, site_of(fork)))
    for settings in ("pelicanconf.py", "publishconf.py"):
        _, records = build_with_log(settings, tmp_path / settings / "output", fork / "content")
        assert findings_in(records) == []
        assert [r.getMessage() for r in records if r.levelname in ("WARNING", "ERROR")] == []


def test_the_starter_pages_name_the_site_and_hold_no_placeholder(fork):
    name = "R&D <Lab> *one* _two_ [x] #1 \\ `code`"
    write(plan(Request(name, URL), site_of(fork)))
    for page in ("about.md", "contact.md"):
        text = (fork / "content" / "pages" / page).read_text(encoding="utf-8")
        assert "TODO" not in text
        header = parse_header(text)
        assert header.find("slug").value == page.removesuffix(".md")
        body = text.split("\n\n", 1)[1]
        shown = BeautifulSoup(markdown.markdown(body), "html.parser").get_text()
        assert name in shown, shown
    assert parse_header((fork / "content" / "pages" / "about.md").read_text()) \
        .find("title").value == f"About {name}"
    assert markdown_text("a_b") == "a\\_b"


def test_keep_samples_makes_the_sample_posts_drafts_and_keeps_the_bank_and_registry(fork):
    before = files_of(fork / "content")
    steps = plan(Request(NAME, URL, keep_samples=True), site_of(fork))
    write(steps)
    for post in sample_posts():
        path = fork / "content" / "articles" / post.path.name
        header = parse_header(path.read_text(encoding="utf-8"))
        assert header.find("status").value == "draft", path.name
        old = post.path.read_text(encoding="utf-8")
        new = path.read_text(encoding="utf-8")
        assert new == old if post.status == "draft" else new.replace("Status: draft\n", "") == old
    after = files_of(fork / "content")
    assert after["questions.yml"] == before["questions.yml"]
    assert after["sources.yml"] == before["sources.yml"]
    assert NAME in after["pages/about.md"].decode()
    printed = report(steps)
    assert "kept content/articles/draft-2027-retainer-prices.md: a sample post, already a " \
           "draft" in printed
    assert "the sample posts are drafts now" in printed


def test_as_draft_adds_or_changes_the_status_line_and_nothing_else():
    post = "Title: T\nDate: 2026-01-01\nAuthor: A\n    continued\nSummary: S\n\nBody\n"
    assert as_draft(post) == ("Title: T\nDate: 2026-01-01\nAuthor: A\n    continued\n"
                              "Status: draft\nSummary: S\n\nBody\n")
    assert as_draft("Title: T\r\nStatus: Published\r\n\r\nBody\r\n") == \
        "Title: T\r\nStatus: draft\r\n\r\nBody\r\n"
    assert as_draft("Title: T\nDate: 2026-01-01\n\nBody\n") == \
        "Title: T\nDate: 2026-01-01\nStatus: draft\n\nBody\n"
    assert as_draft("Title: T\nstatus: DRAFT\n\nBody\n") is None


def test_run_again_init_changes_settings_only(fork):
    write(plan(FIRST_RUN, site_of(fork)))
    (fork / "content" / "articles" / "onboarding-time.md").write_text(TEAM_POST)
    content = files_of(fork / "content")
    steps = plan(Request(tagline="Straight answers"), site_of(fork))
    write(steps)
    assert files_of(fork / "content") == content
    assert [(c.name, c.new) for c in steps.changes] == [("SITESUBTITLE", '"Straight answers"')]
    assert f"no {MANIFEST} here" in report(steps)


# --- The task, as a team runs it --------------------------------------------------


def test_init_then_build_and_preview_give_the_teams_site(fork):
    result = run_invoke(fork, "init", "--name", NAME, "--url", URL, "--author", AUTHOR)
    assert result.returncode == 0, result.stderr
    assert f'set SITENAME = "{NAME}" in pelicanconf.py (was "Bridgewell")' in result.stdout
    assert f'set PUBLISH_SITEURL = "{URL}" in publishconf.py' in result.stdout
    assert "removed content/articles/workshop-cost.md (a sample post)" in result.stdout
    assert "invoke build" in result.stdout and "invoke new --title" in result.stdout
    assert f'AUTHOR = "{AUTHOR}"' in (fork / "pelicanconf.py").read_text(encoding="utf-8")

    built = run_invoke(fork, "build")
    assert built.returncode == 0, built.stderr
    assert soup(fork / "output" / "index.html").title.get_text() == NAME
    preview = run_invoke(fork, "preview")
    assert preview.returncode == 0, preview.stderr

    output = fork / publish_output(fork)
    index = soup(output / "index.html")
    assert index.title.get_text() == NAME
    assert index.select_one(".site-name").get_text(strip=True) == NAME
    assert index.select_one(".site-subtitle").get_text(strip=True) == DEFAULT_TAGLINE
    about = soup(output / "about" / "index.html")
    assert about.find("link", rel="canonical")["href"] == f"{URL}/about/"
    assert NAME in about.find("main").get_text()
    for path in output.rglob("*.html"):
        canonical = soup(path).find("link", rel="canonical")
        assert canonical is None or canonical["href"].startswith(URL + "/"), path
    assert not (output / "posts").exists()
    texts = output_text(output)
    for post in sample_posts():
        assert not [p for p, text in texts.items() if post.title in text], post.title
    assert not [p for p, text in texts.items() if p.suffix != ".css" and "Bridgewell" in text]


def test_init_keep_samples_leaves_the_sample_posts_out_of_the_published_site(fork):
    result = run_invoke(fork, "init", "--name", NAME, "--url", URL, "--keep-samples")
    assert result.returncode == 0, result.stderr
    assert "made content/articles/workshop-cost.md a draft" in result.stdout
    preview = run_invoke(fork, "preview")
    assert preview.returncode == 0, preview.stderr
    output = fork / publish_output(fork)
    assert not (output / "posts").exists() and not (output / "drafts").exists()
    texts = output_text(output)
    for post in sample_posts():
        assert not [p for p, text in texts.items() if post.title in text], post.title


def test_init_keeps_an_edited_sample_post_and_an_added_post(fork):
    articles = fork / "content" / "articles"
    edited = articles / "workshop-cost.md"
    edited_text = edited.read_text(encoding="utf-8").replace("£5,900", "£6,100")
    edited.write_text(edited_text, encoding="utf-8")
    (articles / "onboarding-time.md").write_text(TEAM_POST, encoding="utf-8")
    result = run_invoke(fork, "init", "--name", NAME, "--url", URL)
    assert result.returncode == 0, result.stderr
    assert "kept content/articles/onboarding-time.md: not a sample file" in result.stdout
    assert "kept content/articles/workshop-cost.md: edited since the sample" in result.stdout
    assert sorted(p.name for p in articles.iterdir()) == ["onboarding-time.md",
                                                          "workshop-cost.md"]
    assert edited.read_text(encoding="utf-8") == edited_text
    assert (articles / "onboarding-time.md").read_text(encoding="utf-8") == TEAM_POST


def test_init_dry_run_prints_the_plan_and_writes_nothing(fork):
    before = files_of(fork)
    result = run_invoke(fork, "init", "--name", NAME, "--url", URL, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "nothing was written" in result.stdout
    assert f'  set SITENAME = "{NAME}" in pelicanconf.py' in result.stdout
    assert "  remove content/articles/workshop-cost.md (a sample post)" in result.stdout
    assert f"  remove {MANIFEST}" in result.stdout
    assert files_of(fork) == before


def test_init_with_bad_input_exits_1_and_changes_nothing(fork):
    before = files_of(fork)
    result = run_invoke(fork, "init", "--name", NAME, "--url", "blog.acme.example")
    assert result.returncode == 1
    assert "error: --url 'blog.acme.example' is not a web address" in result.stderr
    assert "init: nothing was changed" in result.stderr
    assert "Traceback" not in result.stderr
    assert files_of(fork) == before
