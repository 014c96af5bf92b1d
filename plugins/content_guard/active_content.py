"""Active content in a post's body: what would run code in a reader's browser. Pure.

Found on the rendered HTML, as a browser reads it: lxml's parser (libxml2 2.14)
tokenises HTML the HTML5 way, so entities in attributes are decoded and odd
spellings (`<IMG/onerror=...>`, `<!--><img ...>`) read as they run. Active content:

- the elements script, iframe, frame, frameset, object, embed and applet, and a
  style element holding markup (inside <svg> a browser reads that as elements);
- any `on...=` event-handler attribute (`on` and letters, as every handler is named);
- a javascript:, vbscript: or data: URL in href, src, action, formaction and the
  other URL attributes (URL_ATTRIBUTES, srcset's candidates too), read as browsers
  read them: entities decoded, case ignored, spaces and control characters dropped.
  That covers Markdown links and images (`[x](javascript:alert(1))`) and raw HTML.

Not caught: CSS (style attributes, <style> without markup), <meta http-equiv>,
<base>, <link>, SVG animation of an href (<animate>, <set>), and whatever an
allowed script loads. Code in code blocks is escaped text, never active.

`inspect()` gives what is active, in document order, and the HTML without it;
`source_lines()` finds each in the source file (header, code and comments skipped),
the k-th of a kind on the line of the k-th in the source: as near as the rendered
HTML allows, None when it is written in a way the source does not show (entities).
"""

from __future__ import annotations

import bisect
import html as html_text
import re
from collections.abc import Sequence
from dataclasses import dataclass

import lxml.html

from customer_evidence.core.memo import Memo, digest
from customer_evidence.core.rules import LEVELS

ELEMENTS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet")
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "cite", "longdesc", "lowsrc", "dynsrc", "codebase", "archive", "classid", "manifest",
    "icon", "ping", "srcset",
})
SCHEMES = ("javascript", "vbscript", "data")
ALLOW_FIELD = "allow-scripts"  # metadata keys are lower case: `Allow-Scripts: yes`
YES = frozenset({"yes", "true", "on", "1"})

# What browsers drop from a URL before reading its scheme (and a little more: spaces).
_SQUASH = bytes(range(0x21)) + b"\x7f"
_ELEMENT = re.compile(r"<(?:script|i?frame|frameset|object|embed|applet|style)(?=[\s/>]|$)",
                      re.IGNORECASE)
_HANDLER = re.compile(r"on[a-z]+\s*=", re.IGNORECASE)  # browsers' handlers: onclick, ...
_HANDLER_NAME = re.compile(r"on[a-z]+")
_MARKUP = re.compile(r"<[a-z/!?]", re.IGNORECASE)
_PARSER = lxml.html.HTMLParser(encoding="utf-8")
_GAP = r"[\x00-\x20\x7f]*"
_DOCUMENT = b"<!DOCTYPE html><html><head></head><body>"
_SHELL = re.compile(r"<(/?)(html|head|body)(?=[\s/>]|$)", re.IGNORECASE)
_SHELL_PREFIX = "x-shell-"
_INSPECTED = Memo(20_000)  # inspect()'s results by digest, for the process
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)


@dataclass(frozen=True)
class Active:
    """One piece of active content: what it is, and a pattern finding it in the source."""

    what: str  # "a <script> element", "an onerror= event handler on <img>", ...
    pattern: str  # a regular expression (case ignored) for it in the source
    decoded: bool = False  # search the source with its entities decoded (a URL)


def inspect(html: str) -> tuple[list[Active], str]:
    """The active content in `html`, in document order, and `html` without it.

    The HTML comes back unchanged (the same string) when nothing is active. Remembered
    per process by the HTML's digest: an autoreloading build looks again only at the
    posts an edit changed (the HTML without active content is kept only for the few
    posts that hold some).
    """
    if not html:
        return [], html
    found, cleaned = _INSPECTED.get(digest(html), lambda: _inspect_once(html))
    return list(found), html if cleaned is None else cleaned


def _inspect_once(html: str) -> tuple[tuple[Active, ...], str | None]:
    found, cleaned = _inspect(html)
    return tuple(found), cleaned if found else None


def _inspect(html: str) -> tuple[list[Active], str]:
    if not _may_be_active(html):
        return [], html
    root = _parse(html)
    found: list[Active] = []
    todo = list(root)[::-1]
    while todo:
        element = todo.pop()
        if not isinstance(element.tag, str):  # a comment or processing instruction
            continue
        tag = element.tag.lower().removeprefix(_SHELL_PREFIX)
        active = _active_element(element, tag)
        if active:
            found.append(active)
            element.drop_tree()  # its tail text stays
            continue
        for name, value in list(element.attrib.items()):
            active = _active_attribute(tag, name.lower(), value)
            if active:
                found.append(active)
                del element.attrib[name]
        todo.extend(list(element)[::-1])
    if not found:
        return [], html
    for shell in [e for e in root.iter() if str(e.tag).startswith(_SHELL_PREFIX)]:
        shell.drop_tag()  # a browser ignores a nested <html>, <head> or <body> tag
    return found, _serialise(root)


def strip_active(html: str) -> str:
    """`html` without its active content (unchanged when there is none)."""
    return inspect(html)[1]


def url_scheme(value: str) -> str | None:
    """The active scheme of a URL attribute's value (javascript, vbscript, data), if any."""
    squashed = _squashed(value)
    return next((s for s in SCHEMES if squashed.startswith(s.encode() + b":")), None)


def source_lines(source: str, found: Sequence[Active], markdown: bool = True
                 ) -> list[int | None]:
    """The source line of each piece of active content (None where it cannot be told)."""
    body = _searchable(source, markdown)
    # Line by line, so that the lines stay where they were: `jav&#x61;script:` in a URL.
    decoded = "\n".join(html_text.unescape(line).replace("\n", " ")
                        for line in body.split("\n")) if "&" in body else body
    seen: dict[tuple[str, bool], list[int]] = {}
    used: dict[tuple[str, bool], int] = {}
    lines: list[int | None] = []
    for item in found:
        key = (item.pattern, item.decoded)
        if key not in seen:
            text = decoded if item.decoded else body
            starts = [0] + [m.end() for m in re.finditer("\n", text)]
            seen[key] = [bisect.bisect_right(starts, m.start())
                         for m in re.finditer(item.pattern, text, re.IGNORECASE)]
        n = used.get(key, 0)
        used[key] = n + 1
        positions = seen[key]
        lines.append(positions[n] if n < len(positions) else None)
    return lines


def allowance(metadata: dict, site_allows: bool) -> str | None:
    """Why this post may keep active content (its header or the site), or None."""
    if str(metadata.get(ALLOW_FIELD, "")).strip().lower() in YES:
        return "its 'Allow-Scripts: yes'"
    if site_allows:
        return "CONTENT_GUARD_ALLOW_ACTIVE_CONTENT"
    return None


def level_for(level: str, status: str) -> str:
    """The finding's level: the site's, but a warning at most in a draft (never shipped)."""
    return level if status != "draft" else max(level, "warning", key=LEVELS.index)


def active_message(item: Active, declared: object = None) -> str:
    """What to tell the author about one piece of active content they did not allow."""
    said = ("" if declared in (None, "") else
            f" (its 'Allow-Scripts: {str(declared).strip()[:20]}' is not 'yes')")
    return (f"{item.what} is active content, code that would run in readers' browsers: it "
            f"is left out of the page and the feeds{said}; remove it, or add 'Allow-Scripts: "
            "yes' to the header if the post needs it (an embedded video, say)")


def allowed_message(found: Sequence[Active], lines: Sequence[int | None], why: str) -> str:
    """What an allowed post keeps: each piece with its line."""
    listed = [f"{a.what}" + (f" (line {n})" if n else "") for a, n in zip(found, lines,
                                                                          strict=True)]
    shown = "; ".join(listed[:5]) + (f"; and {len(listed) - 5} more" if len(listed) > 5 else "")
    return (f"keeps active content on its page, allowed by {why}: {shown}. Feeds never "
            "carry it; check that it is meant to be there")


def _may_be_active(html: str) -> bool:
    """A quick look at the raw HTML: False only when nothing in it can be active."""
    if _ELEMENT.search(html) or _HANDLER.search(html):
        return True
    squashed = _squashed(html_text.unescape(html) if "&" in html else html)
    return any(scheme.encode() + b":" in squashed for scheme in SCHEMES)


def _squashed(text: str) -> bytes:
    """Text lower case without spaces and control characters, as bytes (C-fast)."""
    return text.encode("utf-8", "replace").translate(None, _SQUASH).lower()


def _active_element(element, tag: str) -> Active | None:
    if tag in ELEMENTS:
        article = "an" if tag[0] in "aeiou" else "a"
        return Active(f"{article} <{tag}> element", rf"<{tag}(?=[\s/>]|$)")
    if tag == "style" and _MARKUP.search(element.text or ""):
        return Active("a <style> element holding markup", r"<style(?=[\s/>]|$)")
    return None


def _active_attribute(tag: str, name: str, value: str) -> Active | None:
    if _HANDLER_NAME.fullmatch(name):
        return Active(f"an {name}= event handler on <{tag}>",
                      rf"(?<![\w:-]){re.escape(name)}\s*=")
    if name not in URL_ATTRIBUTES:
        return None
    candidates = [c.strip().split(" ")[0] for c in value.split(",")] if name == "srcset" \
        else [value]
    scheme = next(filter(None, map(url_scheme, candidates)), None)
    if scheme is None:
        return None
    spaced = _GAP.join(scheme) + _GAP + ":"  # as browsers read it, controls dropped
    return Active(f"a {scheme}: URL in {name}= on <{tag}>",
                  rf"(?:[(<=\"'\s]|\]:){_GAP}{spaced}", decoded=True)


def _parse(html: str):
    """The body of a document holding `html`, as a browser would build it.

    Its own <html>, <head> and <body> tags are renamed first, or the parser would
    drop their attributes, where a browser adds them to the page's (`<body onload=`).
    """
    renamed = _SHELL.sub(lambda m: f"<{m[1]}{_SHELL_PREFIX}{m[2].lower()}", html)
    document = lxml.html.document_fromstring(
        _DOCUMENT + renamed.encode("utf-8", "replace"), parser=_PARSER)
    return document.body


def _serialise(root) -> str:
    """The children of the body, as HTML."""
    text = html_text.escape(root.text or "", quote=False)
    return text + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def _searchable(source: str, markdown: bool) -> str:
    """The source with what never renders as markup blanked (lines kept): the Markdown
    header, fenced code, code spans and HTML comments."""
    lines = source.split("\n")
    if markdown:
        fence, in_header = "", True
        for i, line in enumerate(lines):
            if in_header:
                in_header = bool(line.strip())
                lines[i] = ""
                continue
            opened = _FENCE.match(line)
            if fence:
                if opened and opened.group(1)[0] == fence[0] and \
                        len(opened.group(1)) >= len(fence):
                    fence = ""
                lines[i] = ""
            elif opened:
                fence, lines[i] = opened.group(1), ""
            else:
                lines[i] = _CODE_SPAN.sub(_blank, line)
    return _COMMENT.sub(_blank, "\n".join(lines))


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())
