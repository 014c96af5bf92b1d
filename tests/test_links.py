"""Links never break: broken-link and broken-anchor findings, `invoke links`, the crawl.

The build (content_guard) and `invoke audit` report each internal link or #anchor of a
post that leads nowhere on its Markdown line, a warning while developing and an error
in publish builds (so `invoke preview` refuses). A crawl of the built sample site,
with Python's HTML parser, holds every link the theme writes. `invoke links
--external` is checked against a server on 127.0.0.1, with every other host blocked.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from pathlib import Path

import pytest

from conftest import SITE_CONTENT, build_with_log, copy_site, findings_in, run_invoke
from customer_evidence.core.findings import display_path
from customer_evidence.core.site_links import address_of, internal_path, output_file
from customer_evidence.tools import ToolError, commands
from customer_evidence.tools.audit import run_audit
from customer_evidence.tools.links_check import (
    Limits,
    broken_internal,
    check_external,
    crawl,
    external_links,
)
from customer_evidence.tools.project import Project

PUBLISH_SITEURL = "https://blog.bridgewell.example"
WORKSHOP = "/posts/how-much-does-a-sales-and-marketing-alignment-workshop-cost/"

LINKED_POST = """\
Title: Checking our links
Date: 2026-01-05
Category: Cost and pricing
Tags: pricing
Question: Do the links of a post still work?
Source-Exempt: a test of the link check
Summary: A post whose links are checked.

## Before you start

The [workshop post](../how-much-does-a-sales-and-marketing-alignment-workshop-cost/).
The [pricing tag](/tag/pricing/) is a tag page.
The [question](/questions/workshop-cost/) is a question page.
The [price sheet](/images/workshop-prices.csv) is a static file,
and so is [the same]({static}/images/workshop-prices.csv).
[What we do](/about/#what-we-do) is a heading of a page.
[Start](#before-you-start) is one of this post.
Mail [us](mailto:hello@bridgewell.example) or [the web](https://example.org/nowhere).

## The broken ones

An [old address](/posts/workshop-costs/) that moved.
A [typo](#before-you-begin) in an anchor on this page.
A [missing heading](/about/#our-history) on another page.
A [renamed file]({filename}workshop-costs.md) Pelican cannot find.
"""

# No Summary: the home, category and tag pages show its first words, links included.
SUMMARY_POST = """\
Title: A post listed with its links
Date: 2026-01-06
Category: Cost and pricing
Question: Do the links of a summary still work?
Source-Exempt: a test of the link check

Read the [workshop post](../how-much-does-a-sales-and-marketing-alignment-workshop-cost/) first.
"""

BROKEN = {  # rule, the text on the line, what the message says
    ("broken-link", "[old address]", f"did you mean '{WORKSHOP}'"),
    ("broken-anchor", "[typo]", "did you mean '#before-you-start'"),
    ("broken-anchor", "[missing heading]", "no element has the id 'our-history' on /about/"),
    ("broken-link", "[renamed file]", "did you mean '{filename}/articles/workshop-cost.md'"),
}


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.fixture
def site(tmp_path) -> Path:
    """A copy of the site with the two posts above and a static file."""
    repo = copy_site(tmp_path / "repo")
    articles = repo / SITE_CONTENT / "articles"
    (articles / "links-check.md").write_text(LINKED_POST, encoding="utf-8")
    (articles / "links-summary.md").write_text(SUMMARY_POST, encoding="utf-8")
    (repo / SITE_CONTENT / "images").mkdir(exist_ok=True)
    (repo / SITE_CONTENT / "images" / "workshop-prices.csv").write_text("day,price\n1,4800\n")
    return repo


def link_findings(lines: list[str]) -> list[str]:
    return [line for line in lines if ": broken-" in line]


def expected(repo: Path, level: str) -> set[tuple[str, str, int, str]]:
    path = display_path(str(repo / SITE_CONTENT / "articles" / "links-check.md"))
    return {(level, f"{path}:{line_of(LINKED_POST, text)}", rule, says)
            for rule, text, says in BROKEN}


def parsed(lines: list[str]) -> set[tuple[str, str, int, str]]:
    """(level, file:line, rule, the BROKEN phrase it contains) of each finding line."""
    found = set()
    for line in lines:
        level, where, rule, message = line.split(": ", 3)
        says = next((s for _, _, s in BROKEN if s in message), message)
        found.add((level, where, rule, says))
    return found


def test_a_dev_build_warns_of_each_broken_link_on_its_line(site, tmp_path):
    _, records = build_with_log("pelicanconf.py", tmp_path / "out", site / SITE_CONTENT)
    found = link_findings(findings_in(records))
    summary = [f for f in found if "links-summary.md" in f]
    assert parsed([f for f in found if "links-check.md" in f]) == expected(site, "warning")
    # the valid relative link breaks only where list pages show the post's summary
    assert len(summary) == 1 and "in the post's summary" in summary[0]
    assert f":{line_of(SUMMARY_POST, '[workshop post]')}: broken-link" in summary[0]
    assert not any("Unable to find" in r.getMessage() for r in records)  # said with the line


def test_a_publish_build_makes_them_errors(site, tmp_path):
    _, records = build_with_log("publishconf.py", tmp_path / "out", site / SITE_CONTENT,
                                SITEURL=PUBLISH_SITEURL)
    found = link_findings(findings_in(records))
    assert parsed([f for f in found if "links-check.md" in f]) == expected(site, "error")


def test_the_audit_reports_the_same_findings_and_writes_nothing(site, tmp_path):
    _, records = build_with_log("pelicanconf.py", tmp_path / "out", site / SITE_CONTENT)
    built = set(link_findings(findings_in(records)))
    audit = run_audit(site / "pelicanconf.py", cache=False)
    audited = {f"{f.level}: {f.format()}" for f in audit.findings if f.rule.startswith("broken-")}
    assert audited == built and len(audited) == 5
    assert not (site / "output").exists()


def test_the_audit_of_changed_files_still_knows_the_unchanged_pages(site):
    path = site / SITE_CONTENT / "articles" / "links-check.md"
    audit = run_audit(site / "pelicanconf.py", only=[path], cache=False)
    found = parsed([f"{f.level}: {f.format()}" for f in audit.findings
                    if f.rule.startswith("broken-")])
    # The links to unread posts, tags and question pages still resolve; the ids of an
    # unread page are not known, so its #fragments are not checked.
    unknown_ids = {f for f in expected(site, "warning") if "our-history" in f[3]}
    assert found == expected(site, "warning") - unknown_ids and unknown_ids


def test_invoke_audit_names_each_broken_link_and_its_line(site):
    import json

    run = run_invoke(site, "audit", "--format", "json")
    assert run.returncode == 0, run.stderr  # warnings while developing
    found = {(f["rule"], f["line"]) for f in json.loads(run.stdout)["findings"]
             if f["file"] == f"{SITE_CONTENT}/articles/links-check.md"
             and f["rule"].startswith("broken")}
    assert found == {(rule, line_of(LINKED_POST, text)) for rule, text, _ in BROKEN}


def test_preview_refuses_a_site_with_a_broken_link(site):
    run = run_invoke(site, "preview")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "publish build logged" in run.stderr
    assert "broken-link: link to '/posts/workshop-costs/'" in run.stderr


def test_invoke_links_names_the_markdown_line_of_each_broken_link(site):
    assert run_invoke(site, "build").returncode == 0
    run = run_invoke(site, "links")
    assert run.returncode == 1, run.stdout + run.stderr
    post = f"{SITE_CONTENT}/articles/links-check.md"
    for text in ("[old address]", "[typo]", "[missing heading]", "[renamed file]"):
        assert f"{post}:{line_of(LINKED_POST, text)}: /posts/checking-our-links/: " \
               in run.stdout, (text, run.stdout)
    # the summary's relative link is broken on the list pages, which have no Markdown line
    listed = [line for line in run.stdout.splitlines() if line.startswith("output/")]
    assert listed and all("link to '../how-much-does" in line for line in listed)
    assert "broken link(s) in output/" in run.stderr


@pytest.mark.parametrize("build", ["dev_site", "publish_site"])
def test_every_link_of_the_built_sample_site_resolves(build, request):
    """The theme's links: navigation, footer, pagination, tags and categories, question
    pages, feeds, images; and every #fragment names an id on its target page."""
    output = request.getfixturevalue(build)
    address = address_of(PUBLISH_SITEURL if build == "publish_site" else "")
    pages, files = crawl(output)
    assert broken_internal(pages, files, address) == []
    index = pages["index.html"]
    internal = [h for h in index.links if internal_path(h, "", address)]
    assert len(internal) > 20 and "#main" in index.links  # the crawl saw the theme's links


def test_the_crawl_finds_broken_links_and_anchors(site, tmp_path):
    output, _ = build_with_log("pelicanconf.py", tmp_path / "out", site / SITE_CONTENT)
    pages, files = crawl(output)
    broken = {(b.page, b.href) for b in broken_internal(pages, files, address_of(""))}
    page = "posts/checking-our-links/index.html"
    assert {(page, "/posts/workshop-costs/"), (page, "#before-you-begin"),
            (page, "/about/#our-history"), (page, "{filename}workshop-costs.md")} \
        <= broken
    assert not {h for p, h in broken if p == page} & {
        "/tag/pricing/", "/questions/workshop-cost/", "/images/workshop-prices.csv",
        "/about/#what-we-do", "#before-you-start", WORKSHOP[:-1] + "/"}


def test_which_links_are_internal():
    dev, published = address_of(""), address_of("https://example.com/blog")
    assert internal_path("../x/", "posts/a/", dev) == ("posts/x/", "")
    assert internal_path("#top", "posts/a/", dev) == (None, "top")
    assert internal_path("/blog/x/#h", "", published) == ("x/", "h")
    assert internal_path("https://EXAMPLE.com/blog/tag/a/", "", published) == ("tag/a/", "")
    for external in ("mailto:a@example.com", "tel:+441234", "https://other.example/x",
                     "/elsewhere/", "javascript:void(0)"):
        assert internal_path(external, "", published) is None, external
    assert output_file("x", {"x/index.html"}) == "x/index.html"
    assert output_file("", {"index.html"}) == "index.html"
    assert output_file("a/../b.html", {"b.html"}) == "b.html"


# --- External links: a local server, every other host blocked -------------------------

class _Handler(http.server.BaseHTTPRequestHandler):
    active = 0
    most = 0
    lock = threading.Lock()

    def log_message(self, *args) -> None:
        pass

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        busy = self.path.startswith("/busy")  # only these are counted
        with self.lock:
            type(self).active += busy
            type(self).most = max(type(self).most, type(self).active)
        try:
            path = self.path
            if path == "/slow":
                time.sleep(3)
            elif path.startswith("/busy"):
                time.sleep(0.2)
            if path == "/moved":
                self._send(301, Location="/ok")
            elif path.startswith("/to/"):  # a redirect to what follows: /to/file:///etc/passwd
                self._send(302, Location=path[len("/to/"):])
            elif path == "/loop":
                self._send(302, Location="/loop")
            elif path == "/no-head" and head:
                self._send(405)
            elif path in ("/ok", "/no-head", "/slow") or path.startswith("/busy"):
                self._send(200, body=not head)
            else:
                self._send({"/gone": 404, "/broken": 500}.get(path, 404))
        finally:
            with self.lock:
                type(self).active -= busy

    def _send(self, code: int, body: bool = False, **headers: str) -> None:
        try:
            self.send_response(code)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "2" if body else "0")
            self.end_headers()
            if body:
                self.wfile.write(b"ok")
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def offline(monkeypatch):
    """Sockets may reach 127.0.0.1 only; any other host fails to resolve, and is noted."""
    asked: list[str] = []
    resolve, connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost"):
            asked.append(host)
            raise socket.gaierror(socket.EAI_NONAME, "blocked by the test")
        return resolve(host, *args, **kwargs)

    def guarded_connect(sock, address):
        if isinstance(address, tuple) and address[0] not in ("127.0.0.1", "::1"):
            raise AssertionError(f"a connection to {address} left the machine")
        return connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    return asked


EXTERNAL_POST = """\
Title: Links to other sites
Date: 2026-01-07
Category: Cost and pricing
Question: Do the links to other sites still work?
Source-Exempt: a test of the link check
Summary: Links off the site.

- [fine]({url}/ok)
- [moved]({url}/moved)
- [no HEAD]({url}/no-head)
- [gone]({url}/gone)
- [broken]({url}/broken)
- [slow]({url}/slow)
- [loop]({url}/loop)
- [no such host](http://no-such-host.invalid/page)
"""


def test_invoke_links_external_reports_exactly_the_broken_ones(site, server, offline, capsys):
    post = site / SITE_CONTENT / "articles" / "links-external.md"
    post.write_text(EXTERNAL_POST.format(url=server), encoding="utf-8")
    for name in ("links-check.md", "links-summary.md"):  # only external problems here
        (site / SITE_CONTENT / "articles" / name).unlink()
    output, _ = build_with_log("pelicanconf.py", site / "output", site / SITE_CONTENT)
    with pytest.raises(ToolError, match="broken link"):
        commands.links(Project.at(site), external=True, output=str(output), timeout=1)
    said = capsys.readouterr().out.splitlines()
    text = EXTERNAL_POST.format(url=server)
    where = display_path(str(post))
    broken = {line.split(": ", 1)[0].rsplit(":", 1)[-1]: line for line in said
              if line.startswith(where)}
    lines = {str(line_of(text, name)) for name in
             ("[gone]", "[broken]", "[slow]", "[loop]", "[no such host]")}
    assert set(broken) == lines, said
    assert "HTTP 404" in broken[str(line_of(text, "[gone]"))]
    assert "HTTP 500" in broken[str(line_of(text, "[broken]"))]
    assert "no answer within 1 s" in broken[str(line_of(text, "[slow]"))]
    assert "redirects" in broken[str(line_of(text, "[loop]"))]
    assert "DNS" in broken[str(line_of(text, "[no such host]"))]
    # The sample's own links go to .example hosts, blocked here like every other host:
    # nothing was looked up but those, nothing connected but 127.0.0.1.
    assert "no-such-host.invalid" in offline
    assert all(host.endswith(".example") for host in set(offline) - {"no-such-host.invalid"})
    assert all("DNS" in line for line in said if ".example/" in line)


def test_external_checks_are_bounded(server, offline):
    _Handler.most = 0
    urls = [f"{server}/busy{n}" for n in range(6)]
    found = check_external(urls, Limits(per_host=2, workers=8, timeout=5))
    assert found == dict.fromkeys(urls, "")
    assert _Handler.most <= 2  # never more than per_host at once on one host
    capped = check_external(urls, Limits(max_links=2, timeout=5))
    assert len(capped) == 2


def test_external_checks_follow_redirects_to_web_pages_only(server, offline):
    ftp = socket.socket()  # where a followed ftp:// redirect would connect
    ftp.bind(("127.0.0.1", 0))
    ftp.listen()
    ftp.setblocking(False)
    try:
        urls = {"file": f"{server}/to/file:///etc/passwd",
                "ftp": f"{server}/to/ftp://127.0.0.1:{ftp.getsockname()[1]}/x",
                "metadata": f"{server}/to/http://169.254.169.254/latest/meta-data/",
                "direct": "http://169.254.169.254/latest/meta-data/",
                "same host": f"{server}/to/{server}/ok"}
        found = check_external(urls.values(), Limits(timeout=2))
        with pytest.raises(BlockingIOError):
            ftp.accept()  # nobody connected
    finally:
        ftp.close()
    assert "file: address" in found[urls["file"]] and "not followed" in found[urls["file"]]
    assert "ftp: address" in found[urls["ftp"]]
    for name in ("metadata", "direct"):
        assert "link-local" in found[urls[name]]
    assert found[urls["same host"]] == ""  # a local test server may redirect to itself
    # offline's guarded connect: nothing but 127.0.0.1 was ever connected to


def test_a_redirect_from_a_public_site_to_a_private_address_is_refused():
    from customer_evidence.tools.links_check import refusal

    assert "private" in refusal("http://10.0.0.5/admin", "https://93.184.215.14/moved")
    assert "private" in refusal("http://127.0.0.1:8080/", "https://93.184.215.14/")
    assert refusal("https://93.184.215.15/", "https://93.184.215.14/") == ""
    assert "link-local" in refusal("http://[fe80::1]/")
    assert "link-local" in refusal("http://[::ffff:169.254.169.254]/latest/")
    assert "javascript: address" in refusal("javascript:alert(1)", "https://93.184.215.14/")


def test_external_links_are_only_those_off_the_site():
    from customer_evidence.tools.links_check import Page

    pages = {"index.html": Page(links=["https://blog.example/x/", "https://other.example/a#b",
                                       "mailto:a@b.example", "/x/"])}
    assert external_links(pages, address_of("https://blog.example")) == {
        "https://other.example/a": ["index.html"]}


def test_the_decision_on_pelican_links_drafts_and_unknown_ids():
    from pelican.plugins.content_guard.internal_links import Site, check

    site = Site(
        outputs={"posts/a/index.html": frozenset({"intro"}), "tag/x/index.html": None,
                 "index.html": frozenset()},
        sources={"articles/a.md": "posts/a/index.html", "articles/draft.md": ""},
        named_url=lambda what, name: "" if what == "index" else f"{what}/{name}/",
        served=("pagefind/",))
    hrefs = ["{filename}a.md#intro", "{filename}a.md#intr", "{filename}draft.md",
             "{tag}x", "{tag}y", "/tag/x/#anything", "/pagefind/pagefind.js", "/",
             "{index}", "{static}/images/gone.png"]
    found = {p.href: p for p in check("posts/b/", "articles", hrefs, frozenset(), site)}
    assert set(found) == {"{filename}a.md#intr", "{filename}draft.md", "{tag}y",
                          "{static}/images/gone.png"}
    assert found["{filename}a.md#intr"].rule == "broken-anchor"
    assert "did you mean '#intro'" in found["{filename}a.md#intr"].message
    assert "draft" in found["{filename}draft.md"].message
