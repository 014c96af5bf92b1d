"""`invoke links`: every link of a built site, checked in the files as written.

- crawl(): each HTML file of the output folder read with Python's HTML parser: the
  links (href, src, srcset, poster, a form's action, og:url and og:image / twitter:image)
  and the ids (and anchor names) each page offers.
- broken_internal(): internal links (core.site_links: relative, root-relative, to
  SITEURL's host) that name no file of the output, and #fragments that name no id
  on their target page (only HTML targets have ids to check).
- check_external() (`--external` only; never in a build or the tests' normal run):
  each distinct http(s) link off the site, bounded (at most `max_links`, a timeout
  per request, `per_host` requests at a time to one host, `workers` in all) and in
  parallel (threads): HEAD, then GET when the server refuses HEAD (405, 501),
  following at most `redirects` redirects; a 4xx or 5xx status, a timeout, a DNS
  failure or a refused connection is a problem.

Each problem is one line, `file:line: page: what` when the Markdown file is known
(articles and pages: `sources` maps their output file to it, from the audit), else
`output/page.html: what`.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from customer_evidence.core.header import markdown_lines
from customer_evidence.core.site_links import Address, internal_path, output_file, url_of

USER_AGENT = "bridgewell-links/1.0 (+invoke links --external)"
_URL_ATTRIBUTES = {"href", "src", "poster", "action"}
_META_URLS = {"og:url", "og:image", "og:image:url", "og:image:secure_url", "twitter:image"}


@dataclass
class Page:
    """One built HTML file: its links (in order, each once) and the ids it offers."""

    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Broken:
    """A link of a page that leads nowhere: on which page, which link, and why."""

    page: str  # the output file, relative to the output folder
    href: str
    reason: str


@dataclass(frozen=True)
class Limits:
    """How much `--external` may ask of other people's servers."""

    max_links: int = 500
    timeout: float = 10.0
    per_host: int = 2
    workers: int = 8
    redirects: int = 5


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        found = [values[name] for name in _URL_ATTRIBUTES & values.keys()]
        if "srcset" in values:
            found += [c.strip().split()[0] for c in values["srcset"].split(",") if c.strip()]
        if tag == "meta" and (values.get("property") or values.get("name")) in _META_URLS:
            found += [values.get("content") or ""]
        self.page.links += [v for v in found if v.strip()]


def crawl(output: Path) -> tuple[dict[str, Page], set[str]]:
    """The HTML pages of a built site (by path relative to `output`) and every file in it."""
    files = {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}
    pages = {}
    for name in sorted(files):
        if name.endswith((".html", ".htm")):
            parser = _LinkParser()
            parser.feed((output / name).read_text(encoding="utf-8", errors="replace"))
            parser.close()
            parser.page.links = list(dict.fromkeys(parser.page.links))
            pages[name] = parser.page
    return pages, files


def broken_internal(pages: Mapping[str, Page], files: set[str],
                    address: Address) -> list[Broken]:
    """Every internal link that names no built file, or no id on its target page."""
    broken = []
    for name, page in pages.items():
        url = url_of(name)
        for href in page.links:
            target = internal_path(href, url, address)
            if target is None:
                continue
            path, fragment = target
            output = name if path is None else output_file(path, files)
            if output is None:
                broken.append(Broken(name, href, "no such file in the build"))
                continue
            ids = pages[output].ids if output in pages else None
            if fragment and fragment.lower() != "top" and ids is not None \
                    and fragment not in ids:
                broken.append(Broken(name, href, f"no id '{fragment}' on /{url_of(output)}"))
    return broken


def external_links(pages: Mapping[str, Page], address: Address) -> dict[str, list[str]]:
    """Each http(s) link off the site (fragment dropped) and the pages that have it."""
    found: dict[str, list[str]] = {}
    for name, page in pages.items():
        for href in page.links:
            href = href.strip()
            if urlsplit(href).scheme in ("http", "https") \
                    and internal_path(href, url_of(name), address) is None:
                found.setdefault(href.split("#", 1)[0], []).append(name)
    return found


def check_external(urls: Iterable[str], limits: Limits = Limits()) -> dict[str, str]:
    """The problem with each URL ('' when it answers), checked in parallel, bounded."""
    urls = sorted(set(urls))[: limits.max_links]
    hosts: dict[str, threading.BoundedSemaphore] = {}
    for url in urls:
        hosts.setdefault(urlsplit(url).netloc.lower(), threading.BoundedSemaphore(limits.per_host))
    opener = urllib.request.build_opener(_Redirects(limits.redirects))

    def one(url: str) -> str:
        with hosts[urlsplit(url).netloc.lower()]:
            return _problem(opener, url, limits)

    with ThreadPoolExecutor(max_workers=max(1, min(limits.workers, len(urls) or 1))) as pool:
        return dict(zip(urls, pool.map(one, urls), strict=True))


class Refused(urllib.error.URLError):
    """A URL the checker will not ask for: not the web, or a machine's private address."""


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The IP addresses `host` names (itself when it is one); [] when it does not resolve
    (the request then fails as a DNS problem)."""
    host = host.strip("[]")
    try:
        found = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError):
            return []
        found = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    # ::ffff:169.254.169.254 is the IPv4 address it carries
    return [getattr(a, "ipv4_mapped", None) or a for a in found]


def refusal(url: str, came_from: str | None = None) -> str:
    """Why the checker will not request `url` ('' when it may): only http(s); never a
    link-local address (169.254.169.254, a cloud's metadata service); and a redirect
    from a public address never to this machine or a private network."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return f"a redirect to {parts.scheme or 'a'}: address, not a web page (not followed)"
    addresses = _addresses(parts.hostname)
    if any(a.is_link_local for a in addresses):
        return "a link-local address (a cloud metadata service?), never requested"
    if came_from is not None and any(not a.is_global for a in addresses) and all(
            a.is_global for a in _addresses(urlsplit(came_from).hostname or "")):
        return "a redirect from a public site to a private address (not followed)"
    return ""


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most `limit` redirects, keeping the method (HEAD stays HEAD), and only
    to web addresses the checker may ask for (refusal())."""

    def __init__(self, limit: int) -> None:
        self.max_redirections = limit
        self.max_repeats = min(self.max_repeats, limit)

    def http_error_302(self, req, fp, code, msg, headers):
        location = headers.get("location") or headers.get("uri")
        if location:  # checked before urllib's own check, which calls file: a loop
            why = refusal(urllib.parse.urljoin(req.full_url, location.strip()), req.full_url)
            if why:
                fp.close()
                raise Refused(why)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.method = req.get_method()
        return new


def _problem(opener: urllib.request.OpenerDirector, url: str, limits: Limits) -> str:
    if why := refusal(url):
        return why
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with opener.open(request, timeout=limits.timeout) as response:
                if method == "GET":
                    response.read(1024)
            return ""
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (405, 501):
                continue  # the server does not answer HEAD: ask with GET
            if 300 <= error.code < 400:
                return f"more than {limits.redirects} redirects"
            return f"HTTP {error.code} {error.reason}".rstrip()
        except Refused as error:
            return str(error.reason)
        except urllib.error.URLError as error:
            return _network_problem(error.reason, limits)
        except (TimeoutError, OSError, ValueError) as error:
            return _network_problem(error, limits)
    return ""


def _network_problem(reason: object, limits: Limits) -> str:
    if isinstance(reason, socket.gaierror):
        return "the host name does not resolve (DNS)"
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"no answer within {limits.timeout:g} s"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    return f"cannot connect: {reason}"


def report(broken: Iterable[Broken], folder: str, sources: Mapping[str, str]) -> list[str]:
    """One line per broken link: `file:line: /page/: ...` when its Markdown file is known."""
    lines = []
    for item in sorted(broken, key=lambda b: (b.page, b.href)):
        said = f"link to '{item.href}': {item.reason}"
        source = sources.get(item.page)
        line = _line_of(source, item.href) if source else None
        if line:
            lines.append(f"{source}:{line}: /{url_of(item.page)}: {said}")
        else:
            lines.append(f"{folder}/{item.page}: {said}")
    return lines


def _line_of(path: str, href: str) -> int | None:
    """The line of the Markdown file where the link is written, if it is written there."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as f:
            lines = markdown_lines(f.read())
    except OSError:
        return None
    wanted = href.split("#", 1)[0] or href
    for text in dict.fromkeys((href, wanted)):
        for number, line in enumerate(lines, start=1):
            if text in line:
                return number
    return None


def sources_from(context: Mapping) -> dict[str, str]:
    """Each article's and page's output file and its source file, from an audit's context."""
    from customer_evidence.core.articles import all_articles_in
    from customer_evidence.core.findings import display_path

    pages = [p for name in ("pages", "hidden_pages", "draft_pages")
             for page in context.get(name, ()) for p in (page, *page.translations)]
    return {str(item.save_as).lstrip("/"): display_path(item.source_path)
            for item in [*all_articles_in(context), *pages] if item.save_as}
