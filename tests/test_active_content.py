"""Active content in a post's body: each kind a finding on its line, left out of the page
unless allowed, never in a feed (content_guard's active_content.py and its handlers)."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from pelican.plugins.content_guard.active_content import inspect, source_lines, url_scheme

from conftest import CONTENT, THEME_SCRIPTS, build_with_log, findings_in, soup

HEADER = ("Title: {title}\nDate: {date}\nCategory: Problems\nSources: survey-2025-q4\n"
          "Question: {title}?\nSummary: A post about {title}.\n{extra}\n")
HEADER_LINES = 8  # the body's line n is the file's line HEADER_LINES + n
# Every kind of active content, each on a line of its own: (line, what the finding says).
ACTIVE_BODY = """\
An opening paragraph that is fine.

<script>window.pwned = "script"</script>

<iframe src="https://video.example/embed/1"></iframe>

<object data="movie.swf"></object>

<embed src="movie.swf">

<img src="chart.png" alt="A chart" onerror="window.pwned = 'handler'">

A [markdown link](javascript:window.pwned='link') in a sentence.

<a href="vbscript:msgbox(1)">a vbscript link</a> and ![an image](data:text/html;base64,PHNjcmlwdD4=)

<form action="javascript:window.pwned=1"><button formaction="JaVaScRiPt:void(0)">Go</button></form>

<a href="jav&#x09;ascript:window.pwned='entity'">an encoded link</a>

```html
<script>in a code block: shown as text, not active</script>
```

A closing paragraph with a <a href="https://example.com/ok">safe link</a>.
"""
EXPECTED = [  # (line in the file, the start of the finding's message)
    (3, "a <script> element"), (5, "an <iframe> element"), (7, "an <object> element"),
    (9, "an <embed> element"), (11, "an onerror= event handler on <img>"),
    (13, "a javascript: URL in href= on <a>"), (15, "a vbscript: URL in href= on <a>"),
    (15, "a data: URL in src= on <img>"), (17, "a javascript: URL in action= on <form>"),
    (17, "a javascript: URL in formaction= on <button>"),
    (19, "a javascript: URL in href= on <a>"),
]
ALLOWED_BODY = """\
The embedded walkthrough below needs its script.

<div id="player"></div>
<script src="https://video.example/player.js"></script>
<iframe src="https://video.example/embed/2" title="Walkthrough"></iframe>

And a closing line.
"""
MARKERS = ("<script", "<iframe", "<object", "<embed", "javascript:", "vbscript:", "data:text")


def post(title: str, body: str, date: str = "2026-03-01", extra: str = "Tags: testing") -> str:
    """An article: a header of HEADER_LINES lines, a blank line, the body."""
    return HEADER.format(title=title, date=date, extra=extra) + "\n" + body


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    folder = tmp_path_factory.mktemp("active") / "content"
    (folder / "articles").mkdir(parents=True)
    for name in ("questions.yml", "sources.yml"):
        shutil.copy(CONTENT / name, folder / name)
    articles = folder / "articles"
    (articles / "active.md").write_text(post("Everything active", ACTIVE_BODY), "utf-8")
    (articles / "allowed.md").write_text(
        post("An allowed embed", ALLOWED_BODY, "2026-03-02", "Allow-Scripts: yes"), "utf-8")
    (articles / "draft.md").write_text(
        post("A draft with a script", "Text.\n\n<script>draft()</script>\n", "2026-03-03",
             "Status: draft"), "utf-8")
    (articles / "not-yes.md").write_text(
        post("Allow maybe", "Text.\n\n<iframe src='https://x.example/'></iframe>\n",
             "2026-03-04", "Allow-Scripts: maybe"), "utf-8")
    return folder


@pytest.fixture(scope="module")
def dev(content, tmp_path_factory):
    output, records = build_with_log("pelicanconf.py", tmp_path_factory.mktemp("dev") / "out",
                                     content)
    return output, findings_in(records)


@pytest.fixture(scope="module")
def publish(content, tmp_path_factory):
    output, records = build_with_log("publishconf.py",
                                     tmp_path_factory.mktemp("publish") / "out", content)
    return output, findings_in(records)


def active_findings(findings: list[str], name: str) -> list[tuple[str, int | None, str]]:
    """(level, line, message) of the active-content findings on one article."""
    found = []
    for line in findings:
        match = re.match(rf"(\w+): (\S*{re.escape(name)})(?::(\d+))?: active-content: (.*)",
                         line)
        if match:
            found.append((match[1], int(match[3]) if match[3] else None, match[4]))
    return found


def test_each_kind_is_a_warning_on_its_line_while_developing(dev, content):
    _, findings = dev
    found = active_findings(findings, "articles/active.md")
    assert [(level, line) for level, line, _ in found] == [
        ("warning", HEADER_LINES + line) for line, _ in EXPECTED]
    for (_, _, message), (_, what) in zip(found, EXPECTED, strict=True):
        assert message.startswith(what), message
        assert "Allow-Scripts: yes" in message  # the fix
    path = content / "articles" / "active.md"
    # (its <img src="chart.png"> names no file: that is broken-link's, not counted here)
    assert sum(f.startswith(f"warning: {path}:") and ": broken-link:" not in f
               for f in findings) == len(EXPECTED)


def test_in_publish_builds_they_are_errors_but_a_drafts_stay_warnings(publish):
    _, findings = publish
    assert {level for level, _, _ in active_findings(findings, "articles/active.md")} == {
        "error"}
    assert [(level, line) for level, line, _ in active_findings(findings, "articles/draft.md")
            ] == [("warning", HEADER_LINES + 3)]


def test_an_allow_scripts_header_other_than_yes_is_named_in_the_message(dev):
    [(level, line, message)] = active_findings(dev[1], "articles/not-yes.md")
    assert (level, line) == ("warning", HEADER_LINES + 3)
    assert "'Allow-Scripts: maybe' is not 'yes'" in message


def test_allowed_content_is_one_info_and_stays_on_the_page(dev):
    output, findings = dev
    [(level, line, message)] = active_findings(findings, "articles/allowed.md")
    assert (level, line) == ("info", HEADER_LINES + 4)
    assert "Allow-Scripts: yes" in message and f"line {HEADER_LINES + 5}" in message
    page = soup(output / "posts" / "an-allowed-embed" / "index.html")
    body = page.find("main")
    assert body.find("script", src="https://video.example/player.js") is not None
    assert body.find("iframe", src="https://video.example/embed/2") is not None


def test_what_is_not_allowed_is_left_out_of_the_page_and_the_rest_stays(dev):
    output, _ = dev
    page = soup(output / "posts" / "everything-active" / "index.html")
    main = page.find("main")
    # What is left: the JSON-LD blocks and the theme's own search script.
    scripts = page.find_all("script")
    assert {s["src"] for s in scripts if s.get("src")} <= THEME_SCRIPTS
    assert {s.get("type") for s in scripts if not s.get("src")} == {"application/ld+json"}
    assert main.find_all(["iframe", "object", "embed", "script"]) == []
    assert not [a for tag in main.find_all(True) for a in tag.attrs if a.startswith("on")]
    urls = [tag.get(a) for tag in main.find_all(True) for a in ("href", "src", "action",
                                                                 "formaction") if tag.get(a)]
    assert urls and not [u for u in urls if url_scheme(u)]
    text = main.get_text(" ", strip=True)
    for kept in ("An opening paragraph that is fine.", "markdown link", "a vbscript link",
                 "an encoded link", "A closing paragraph"):
        assert kept in text
    assert main.find("code").get_text() == (
        "<script>in a code block: shown as text, not active</script>\n")
    assert main.find("a", href="https://example.com/ok") is not None
    assert main.find("img", alt="A chart") is not None  # the image stays, its handler goes


def entries(path) -> list[tuple[str, str]]:
    """(title, every HTML text of the entry: content and summary) of an Atom or RSS feed."""
    root = ET.parse(path).getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    items = root.findall(f"{atom}entry") or root.findall("./channel/item")
    found = []
    for item in items:
        title = item.findtext(f"{atom}title") or item.findtext("title")
        texts = [e.text or "" for e in item if e.tag in (f"{atom}content", f"{atom}summary",
                                                         "description")]
        found.append((title, "\n".join(texts)))
    return found


@pytest.mark.parametrize("feed", ["feeds/all.atom.xml", "feeds/all.rss.xml"])
def test_feeds_carry_no_active_content_even_when_allowed(publish, feed):
    output, _ = publish
    items = dict(entries(output / feed))
    assert {"Everything active", "An allowed embed"} <= set(items)
    for title, markup in items.items():
        tree = BeautifulSoup(markup, "lxml")
        assert tree.find_all(["script", "iframe", "object", "embed"]) == [], title
        assert not [a for tag in tree.find_all(True) for a in tag.attrs if a.startswith("on")]
        assert not [tag for tag in tree.find_all(True)
                    for a in ("href", "src", "action", "formaction")
                    if tag.get(a) and url_scheme(tag[a])], title
    assert "needs its script" in items["An allowed embed"]
    assert "A closing paragraph" in items["Everything active"]


def test_the_site_setting_allows_it_everywhere(content, tmp_path):
    output, records = build_with_log("pelicanconf.py", tmp_path / "out", content,
                                     CONTENT_GUARD_ALLOW_ACTIVE_CONTENT=True)
    [(level, _, message)] = active_findings(findings_in(records), "articles/active.md")
    assert level == "info" and "CONTENT_GUARD_ALLOW_ACTIVE_CONTENT" in message
    page = soup(output / "posts" / "everything-active" / "index.html")
    assert page.find("main").find("iframe", src="https://video.example/embed/1") is not None


# --- the pure detection --------------------------------------------------------------

@pytest.mark.parametrize("html", [
    '<p><IMG/onerror=alert(1) src=x></p>',
    "<!--><img src=x onerror=alert(1)>-->",
    '<svg><style><img src=x onerror=alert(1)></style></svg>',
    '<a href=" &#106;avascript&colon;alert(1)">x</a>',
    '<img srcset="a.png 1x, javascript:alert(1) 2x">',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<applet code=x></applet>", "<frameset><frame src=x></frameset>",
    "<p>A nested body tag's handler runs on the page's body</p><body onload=alert(1)>",
    "<html><head><script>alert(1)</script></head><body>a whole document</body></html>",
])
def test_spellings_a_browser_runs_are_found_and_removed(html):
    found, cleaned = inspect(html)
    assert found, html
    assert inspect(cleaned)[0] == [], cleaned


@pytest.mark.parametrize("html", [
    "<p>Plain text about data: and metadata: and <code>&lt;script&gt;</code></p>",
    '<p><a href="https://example.com/on=1?x=javascript">x</a> <img src="/a.png"></p>',
    '<pre><code>&lt;iframe src="x"&gt;&lt;/iframe&gt; onclick=</code></pre>',
    "",
])
def test_ordinary_html_is_left_exactly_as_it_was(html):
    assert inspect(html) == ([], html)


def test_lines_skip_the_header_code_and_comments():
    source = ("Title: x\nSummary: <script>not the body</script>\n\n"
              "Talk of `<script>` in code.\n\n```\n<script>code</script>\n```\n"
              "<!-- <script>a comment</script> -->\n<script>real()</script>\n")
    found, _ = inspect("<p>Talk of <code>&lt;script&gt;</code> in code.</p>"
                       "<pre><code>&lt;script&gt;</code></pre><!-- <script>a comment</script>"
                       " --><script>real()</script>")
    assert source_lines(source, found) == [10]
