"""Links inside the site that lead nowhere: a pure decision on a page's hrefs.

`links_in()` and `ids_in()` read a post's rendered HTML (before Pelican resolves
its `{filename}` links) with two regular expressions: only real tags count, so a
link shown in a code block (escaped) is never checked. `check()` decides, for
one page, which of its links miss, given what the build writes (`Site`):

- internal: relative links (`../x/`, `x.html`), root-relative ones (`/x/`, under
  SITEURL's path) and absolute ones to SITEURL's host; mailto:, tel:, other
  schemes and other hosts are external and not checked here;
- a URL resolves when the build writes its file: `x/` is `x/index.html`, and `x`
  is also `x/index.html` (servers redirect a folder to its slash);
- `{filename}`, `{static}` and `{attach}` links (Pelican's) resolve to a content
  or static file, else Pelican leaves them as written; `{tag}`, `{category}` and
  `{author}` to their page;
- `#fragment` resolves to an id (or a named anchor) on the target page, or one the
  theme puts on every page; `#` and `#top` always do. The fragments of pages whose
  ids are not known (list pages, feeds, files) are not checked.

Each miss is a Problem with the closest URL, source path or id ("did you mean").
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from customer_evidence.core.memo import memoised
from customer_evidence.core.site_links import Address, internal_path, output_file, url_of

_TAG_LINK = re.compile(
    r"""<[a-zA-Z][^<>]*?\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>`=]+))""")
_TAG_ID = re.compile(
    r"""<[a-zA-Z][^<>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>`=]+))""")
ALWAYS_THERE = frozenset({"", "top"})  # a browser scrolls to the top for '#' and '#top'
SOURCE_LINKS = ("filename", "static", "attach")
NAMED_LINKS = ("tag", "category", "author", "index")
MAX_SUGGESTIONS = 1000  # "did you mean" for this many broken links of a build at most


@dataclass(frozen=True)
class Site:
    """What a build writes, as the decision needs it.

    `outputs`: each output file (posix, relative to the output folder) and the ids
    it offers, or None when they are not known. `sources`: each content or static
    file (relative to the content folder) and its output file ('' when this build
    does not write it, e.g. a draft in a publish build). `named_url(what, name)`:
    the URL of a `{tag}name`-style link. `address`: where the site lives (SITEURL).
    `shared_ids`: ids the theme puts on
    every page. `served`: URL prefixes something else serves (not checked).
    """

    outputs: Mapping[str, frozenset[str] | None]
    sources: Mapping[str, str] = field(default_factory=dict)
    named_url: Callable[[str, str], str | None] = lambda what, name: None
    intrasite: str = r"[{|](?P<what>.*?)[|}]"
    address: Address = Address()
    shared_ids: frozenset[str] = frozenset()
    served: tuple[str, ...] = ()
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # suggestion index


@dataclass(frozen=True)
class Problem:
    """One link of a page that leads nowhere."""

    rule: str  # broken-link or broken-anchor
    href: str  # as it is in the HTML
    message: str


def links_in(text: str) -> list[str]:
    """The href and src values of the tags in `text`, entities decoded, in order."""
    return list(_links_in(text))


# Both remembered per process by the text's digest: an autoreloading build reads again
# only the posts an edit changed.
@memoised(40_000)
def _links_in(text: str) -> tuple[str, ...]:
    return tuple(html.unescape(next(v for v in m.groups() if v is not None))
                 for m in _TAG_LINK.finditer(text))


@memoised(40_000)
def ids_in(text: str) -> frozenset[str]:
    """The ids (and anchor names) of the tags in `text`, entities decoded."""
    return frozenset(html.unescape(next(v for v in m.groups() if v is not None))
                     for m in _TAG_ID.finditer(text))


def check(page_url: str, source_dir: str, hrefs: Iterable[str], own_ids: frozenset[str],
          site: Site) -> list[Problem]:
    """The links among `hrefs`, on the page at `page_url` (relative to the site's root,
    e.g. 'posts/x/') made from a file in `source_dir` (relative to the content
    folder), that lead to no page, file or id of the site."""
    marker = re.compile(rf"^{site.intrasite}(?P<value>.*)$", re.DOTALL)
    problems = []
    for href in dict.fromkeys(hrefs):  # each distinct link once, in order
        problem = _check_one(href.strip(), page_url, source_dir, own_ids, site, marker)
        if problem:
            problems.append(problem)
    return problems


def check_summary(page_url: str, hrefs: Iterable[str], summary_ids: frozenset[str],
                  site: Site) -> list[Problem]:
    """The links of a post's summary that break on the list pages showing it (home,
    category, tag, author pages, each in another folder): relative paths, and
    #fragments naming no id of the summary itself. Root-relative, absolute and
    `{filename}` links (resolved for each page) read the same everywhere."""
    marker = _marker(site)
    problems = []
    for href in dict.fromkeys(h.strip() for h in hrefs):
        if _same_everywhere(href, marker):
            continue
        target = internal_path(href, page_url, site.address)
        if target is None:
            continue
        path, fragment = target
        if path is not None:
            problems.append(Problem("broken-link", href, (
                f"link to '{href}' is in the post's summary, which the home, category, "
                "tag and author pages show too, from another folder, where it leads "
                f"elsewhere; write it from the site's root ('{site.address.prefix}{path}') or as "
                "'{filename}...'")))
        elif fragment not in ALWAYS_THERE and fragment not in summary_ids:
            problems.append(Problem("broken-anchor", href, (
                f"link to '{href}' is in the post's summary, which the home, category, "
                "tag and author pages show too, where no element has the id "
                f"'{fragment}'; write it as '{site.address.prefix}{page_url}#{fragment}'")))
    return problems


def may_break_in_summary(hrefs: Iterable[str], site: Site) -> bool:
    """Whether any of a post's links could break in its summary on list pages: only
    then need the summary be cut out of the post (an HTML parse) and checked."""
    marker = _marker(site)
    return any(not _same_everywhere(h.strip(), marker) for h in hrefs)


def _marker(site: Site) -> re.Pattern:
    return re.compile(rf"^{site.intrasite}", re.DOTALL)


def _same_everywhere(href: str, marker: re.Pattern) -> bool:
    """A link that reads the same from every folder: root-relative, absolute, or an
    intrasite `{filename}` link (resolved for each page)."""
    return bool(href.startswith("/") or urlsplit(href).scheme or marker.match(href))


def _check_one(href: str, page_url: str, source_dir: str, own_ids: frozenset[str],
               site: Site, marker: re.Pattern) -> Problem | None:
    found = marker.match(href)
    if found and found["what"] in SOURCE_LINKS + NAMED_LINKS:
        return _check_pelican_link(href, found["what"], found["value"], source_dir, site)
    target = internal_path(href, page_url, site.address)
    if target is None:
        return None
    path, fragment = target
    if path is None:  # this page
        return _check_fragment(href, fragment, own_ids, site, "on this page")
    if any(path.startswith(p) for p in site.served):
        return None
    output = output_file(path, site.outputs)
    if output is None:
        return Problem("broken-link", href, f"link to '{href}' leads to no page or file of "
                       f"the site{_suggest(site, 'urls', _url_of_path(path))}")
    return _check_fragment(href, fragment, site.outputs[output], site, f"on /{url_of(output)}")


def _check_fragment(href: str, fragment: str, ids: frozenset[str] | None, site: Site,
                    where: str) -> Problem | None:
    if ids is None or fragment in ALWAYS_THERE or fragment.lower() == "top":
        return None
    if fragment in ids or fragment in site.shared_ids:
        return None
    return Problem("broken-anchor", href, f"link to '{href}': no element has the id "
                   f"'{fragment}' {where}{_did_you_mean(fragment, ids, '#')}")


def _check_pelican_link(href: str, what: str, value: str, source_dir: str,
                        site: Site) -> Problem | None:
    parts = urlsplit(value)
    if what in NAMED_LINKS:
        url = site.named_url(what, unquote(parts.path))
        if url is None or output_file(url, site.outputs) is None:
            return Problem("broken-link", href, f"'{href}' names no {what} of the site; "
                           f"Pelican writes a link to a page that does not exist")
        return None
    source = _source_path(html.unescape(unquote(parts.path)), source_dir)
    if source not in site.sources:
        return Problem("broken-link", href, f"'{href}' names no file of the content folder "
                       f"(Pelican leaves the link as written, and it leads nowhere)"
                       f"{_suggest(site, 'sources', source, f'{{{what}}}/')}")
    output = site.sources[source]
    if not output:
        return Problem("broken-link", href, f"'{href}' is a draft or a file this build "
                       "does not write, so the link leads nowhere")
    fragment = unquote(parts.fragment)
    return _check_fragment(href, fragment, site.outputs.get(output), site,
                           f"in {source}")


def _source_path(path: str, source_dir: str) -> str:
    """A `{filename}` path as Pelican looks it up: from the content folder's root when
    it starts with '/', else from the linking file's folder."""
    joined = path[1:] if path.startswith("/") else posixpath.join(source_dir, path)
    return posixpath.normpath(joined) if joined else joined


def _url_of_path(path: str) -> str:
    return "/" + path.lstrip("/")


def _suggest(site: Site, kind: str, wanted: str, mark: str = "") -> str:
    """'; did you mean ...?' with the closest URL ('urls') or content file ('sources')
    of the site. The index is built once per site; past MAX_SUGGESTIONS broken links
    (a site moved wholesale) the rest go without."""
    memo = site.memo
    memo["asked"] = memo.get("asked", 0) + 1
    if memo["asked"] > MAX_SUGGESTIONS:
        return ""
    if kind not in memo:
        memo[kind] = Nearest([f"/{url_of(o)}" for o in site.outputs] if kind == "urls"
                             else list(site.sources))
    close = memo[kind](wanted)
    return f"; did you mean '{mark}{close}'?" if close else ""


def _did_you_mean(wanted: str, candidates: Iterable[str], mark: str = "") -> str:
    """'; did you mean ...?' with the closest candidate, or '' when none is close."""
    close = Nearest(candidates)(wanted)
    return f"; did you mean '{mark}{close}'?" if close else ""


class Nearest:
    """The candidate (URL, path or id) closest to a misspelt one: in the same folder
    (else the folder spelled most alike), the one whose last part is spelled most
    alike, else the shortest holding all its words. Quick on thousands of candidates:
    only those sharing a word are compared once a folder holds more than POOL."""

    POOL = 100

    def __init__(self, candidates: Iterable[str]) -> None:
        self.folders: dict[str, dict[str, str]] = {}  # folder: last part: candidate
        self.words: dict[tuple[str, str], set[str]] = {}  # (folder, word): last parts
        for candidate in candidates:
            folder, last = _split(candidate)
            names = self.folders.setdefault(folder, {})
            if last not in names:
                names[last] = candidate
                for word in _words(last):
                    self.words.setdefault((folder, word), set()).add(last)

    def __call__(self, wanted: str) -> str | None:
        folder, last = _split(wanted)
        if folder not in self.folders:
            alike = difflib.get_close_matches(folder, list(self.folders), n=1, cutoff=0.75)
            if not alike:
                return None
            folder = alike[0]
        names, words = self.folders[folder], _words(last)
        shared: dict[str, int] = {}
        for word in words:
            for name in self.words.get((folder, word), ()):
                shared[name] = shared.get(name, 0) + 1
        pool = (list(names) if len(names) <= self.POOL else
                sorted(shared, key=lambda n: (-shared[n], len(n)))[: self.POOL])
        alike = difflib.get_close_matches(last, pool, n=1, cutoff=0.6)
        if alike:
            return names[alike[0]]
        holding = [n for n, count in shared.items() if words and count == len(words)]
        return names[min(holding, key=len)] if holding else None


def _split(url: str) -> tuple[str, str]:
    folder, _, last = url.rstrip("/").rpartition("/")
    return folder, last


def _words(name: str) -> set[str]:
    return {w.rstrip("s") for w in re.split(r"[-_.\s]+", name.lower()) if w}
