"""Active content out of imported Markdown: the site's Python-Markdown passes raw HTML
through, so a Jekyll, Hugo or plain .md post's <script>, <iframe>, onerror= attribute,
tracking pixel or javascript: link would reach the built page.

No rendering: the body is split into what Python-Markdown shows as code (fenced blocks,
indented blocks not continuing a list item, footnote or definition, backtick spans outside
raw HTML blocks), which is kept byte for byte, and the rest, where
- active elements (script, style, iframe...) are removed with their content,
- every other HTML tag is rebuilt from its parsed attributes: known tags keep their safe
  attributes (URLs checked like html_markdown's), unknown tags and tracking pixels go,
- Markdown links, images and reference definitions to a javascript:/data: URL get "#",
- attr_list's `{: ...}` keeps only ids, classes and inert keys.
Ordinary Markdown without HTML is returned unchanged; what was removed becomes a Note.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from bs4 import BeautifulSoup, Tag

from customer_evidence.importing.html_markdown import _clean_url, is_tracking_pixel
from customer_evidence.importing.model import Note

# Removed with everything inside them.
ACTIVE_TAGS = ("script", "style", "iframe", "frame", "frameset", "object", "embed",
               "applet", "noscript", "template", "svg", "math", "form", "textarea",
               "select", "button", "canvas", "dialog", "noembed", "noframes", "xmp",
               "title", "head", "base", "link", "meta", "input", "param", "plaintext")
KEPT_TAGS = frozenset((
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "center", "cite", "code",
    "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
    "wbr", "section", "article", "aside", "header", "footer", "nav", "main", "font",
))
KEPT_ATTRIBUTES = frozenset(("alt", "title", "width", "height", "class", "id", "lang",
                             "dir", "colspan", "rowspan", "align", "datetime", "cite",
                             "markdown", "open", "start", "type", "scope", "name", "target",
                             "rel"))
URL_ATTRIBUTES = frozenset(("href", "src"))
_INERT_ATTR_KEYS = frozenset(("title", "alt", "width", "height", "lang", "dir", "class", "id",
                              "target", "rel"))

_FENCE_RE = re.compile(r"^(?P<fence>~{3,}|`{3,})[^\n]*\n.*?(?<=\n)(?P=fence)[ ]*$",
                       re.MULTILINE | re.DOTALL)
_CODE_SPAN_RE = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
# Blocks whose indented continuation Python-Markdown renders as text, not code: list
# items, footnote definitions (footnotes) and definitions (def_list).
_CONTAINER_RE = re.compile(r"^[ ]{0,3}(?:[*+-][ \t]|\d+\.[ \t]|\[\^[^\]]+\]:|:[ \t])")
_ACTIVE_OPEN_RE = re.compile(r"<({})\b[^<>]*>".format("|".join(ACTIVE_TAGS)), re.IGNORECASE)
_ACTIVE_CLOSE = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ACTIVE_TAGS}
_AUTOLINK_RE = re.compile(r"<(?:(?:https?|ftp)://[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>",
                          re.IGNORECASE)
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)([^<>]*)>")
_OPEN_TAG_RE = re.compile(r"<(/?)[A-Za-z]")
_DECLARATION_RE = re.compile(r"<!(?!--)[^<>]*>")
# A link's or image's (...) whole, title included: Python-Markdown keeps spaces and tabs
# in an address, which browsers then drop ("java\tscript:").
_LINK_RE = re.compile(r"(\]\s*\(\s*)((?:[^()\n]|\([^()\n]*\))*)")
_REFERENCE_RE = re.compile(r"^([ ]{0,3}\[[^\]\n]+\]:[ \t]*<?)(\S+?)(?=>|\s|$)", re.MULTILINE)
_ATTR_LIST_RE = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*)[ ]*\}")
_ATTR_PAIR_RE = re.compile(r"""([^\s=#.]+)\s*=\s*("[^"]*"|'[^']*'|\S+)""")
_VOID = frozenset(("img", "br", "hr", "wbr", "col", "area", "source", "track", "input",
                   "meta", "link", "base", "embed", "param"))
_RAW_BLOCK_RE = re.compile(r"^[ ]{0,3}<([A-Za-z][A-Za-z0-9-]*)")
_MARK = "\x02{}\x03"
_MARK_RE = re.compile(r"\x02(\d+)\x03")
_MAX_PASSES = 5  # removing one tag can join two halves into another


def clean_markdown(text: str) -> tuple[str, list[Note]]:
    """The Markdown with its active content removed, and notes saying what went."""
    text = text.replace("\x00", "").replace("\x02", "").replace("\x03", "")
    kept: list[str] = []
    masked = _mask_code(text, kept)
    removed: Counter[str] = Counter()
    for _ in range(_MAX_PASSES):
        cleaned = _clean_once(masked, removed)
        if cleaned == masked:
            break
        masked = cleaned
    else:
        masked = _OPEN_TAG_RE.sub(lambda m: "&lt;" + m.group(0)[1:], masked)
        removed["HTML that kept reassembling itself (escaped)"] += 1
    if not removed:
        return text, []
    out = _MARK_RE.sub(lambda m: kept[int(m.group(1))], masked)
    what = ", ".join(f"{n} {kind}" for kind, n in sorted(removed.items()))
    return out, [Note(f"active content in the Markdown removed: {what}; check the post "
                      "reads as it should")]


def _mask_code(text: str, kept: list[str]) -> str:
    """Replace what Python-Markdown shows as code by markers (its text kept in `kept`)."""
    def mark(code: str) -> str:
        kept.append(code)
        return _MARK.format(len(kept) - 1)

    text = _FENCE_RE.sub(lambda m: mark(m.group(0)), text)
    chunks = re.split(r"(\n[ \t]*\n)", text)
    previous = ""  # the last non-blank chunk
    raw: tuple[str, int] | None = None  # a raw HTML block still open: its tag, its depth
    for i, chunk in enumerate(chunks):
        if i % 2 or not chunk.strip():
            continue
        first = chunk.lstrip("\n").split("\n", 1)[0]
        if raw is not None or (opened := _RAW_BLOCK_RE.match(first)):
            raw = _still_open(raw or (opened.group(1).lower(), 0), chunk)
            previous = first
            continue  # raw HTML: neither its spans nor its indented lines are code
        indented = first.startswith(("    ", "\t"))
        after_list = _CONTAINER_RE.match(previous) or previous.startswith(("    ", "\t"))
        if indented and not after_list and all(
                not line.strip() or line.startswith(("    ", "\t"))
                for line in chunk.split("\n")):
            chunks[i] = mark(chunk)
        else:
            chunks[i] = _CODE_SPAN_RE.sub(lambda m: mark(m.group(0)), chunk)
        previous = first if not indented or after_list else previous
    return "".join(chunks)


def _still_open(raw: tuple[str, int], chunk: str) -> tuple[str, int] | None:
    """The raw block (its tag, how deep) if it is still open after `chunk`."""
    name, depth = raw
    if name in _VOID:
        return None
    lowered = chunk.lower()
    depth += len(re.findall(rf"<{re.escape(name)}\b", lowered)) - lowered.count(f"</{name}")
    return (name, depth) if depth > 0 else None


def _clean_once(text: str, removed: Counter[str]) -> str:
    text = _drop_active(text, removed)
    text = _drop_comments(text, removed)
    text = _DECLARATION_RE.sub(lambda m: _count(removed, "<!...> declaration"), text)
    parts = _AUTOLINK_RE.split(text)  # autolinks are links, not tags
    links = _AUTOLINK_RE.findall(text)
    parts = [_TAG_RE.sub(lambda m: _clean_tag(m, removed), part) for part in parts]
    text = "".join(p + (links[i] if i < len(links) else "") for i, p in enumerate(parts))
    text = _LINK_RE.sub(lambda m: _safe_link(m, removed), text)
    text = _REFERENCE_RE.sub(lambda m: _safe_link(m, removed), text)
    return _ATTR_LIST_RE.sub(lambda m: _clean_attr_list(m, removed), text)


def _drop_active(text: str, removed: Counter[str]) -> str:
    """Active elements out, from their opening tag to their closing one, in one pass (an
    opening tag without a closing one is left to _clean_tag)."""
    out, pos, unclosed = [], 0, set()
    while match := _ACTIVE_OPEN_RE.search(text, pos):
        name = match.group(1).lower()
        close = None if name in unclosed else _ACTIVE_CLOSE[name].search(text, match.end())
        if close is None:
            unclosed.add(name)
            out.append(text[pos:match.end()])
            pos = match.end()
            continue
        removed[f"<{name}>"] += 1
        out.append(text[pos:match.start()])
        pos = close.end()
    return "".join(out) + text[pos:]


def _drop_comments(text: str, removed: Counter[str]) -> str:
    """HTML comments that hide markup removed (`<!-- more -->` and the like kept)."""
    out, pos = [], 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        comment = text[start:end + 3]
        out.append(text[pos:start])
        if "<" in comment[4:] or ">" in comment[4:-3]:
            removed["comment"] += 1
        else:
            out.append(comment)
        pos = end + 3
    return "".join(out) + text[pos:]


def _count(removed: Counter[str], kind: str) -> str:
    removed[kind] += 1
    return ""


def _clean_tag(match: re.Match, removed: Counter[str]) -> str:
    """The tag rebuilt from its safe attributes, or "" for one that goes."""
    closing, name = match.group(1), match.group(2).lower()
    if name in ACTIVE_TAGS:
        removed[f"<{name}>"] += 1
        return ""
    if name not in KEPT_TAGS:
        removed[f"<{name}> tag (its text kept)"] += 1
        return ""
    if closing:
        return f"</{name}>"
    if _MARK_RE.search(match.group(3)):  # code inside a tag would end up in its attributes
        removed[f"<{name}> tag around code (its text kept)"] += 1
        return ""
    parsed = BeautifulSoup(f"<{name}{match.group(3)}>", "html.parser").find(name)
    attrs = parsed.attrs if isinstance(parsed, Tag) else {}
    if name == "img" and isinstance(parsed, Tag) and is_tracking_pixel(parsed):
        removed["tracking pixel"] += 1
        return ""
    out = []
    for key, value in attrs.items():
        value = " ".join(value) if isinstance(value, list) else (value or "")
        if key in URL_ATTRIBUTES:
            safe = _clean_url(value)
            if safe is None:
                removed[f"unsafe {key}= URL"] += 1
                continue
            value = safe
        elif key not in KEPT_ATTRIBUTES:
            removed[f"{key}= attribute"] += 1
            continue
        out.append(f' {key}="{html.escape(value, quote=True)}"')
    end = " /" if match.group(3).rstrip().endswith("/") else ""
    return f"<{name}{''.join(out)}{end}>"


def _safe_link(match: re.Match, removed: Counter[str]) -> str:
    url = html.unescape(match.group(2)).strip().lstrip("<")
    if _clean_url(url) is not None:
        return match.group(0)
    removed["unsafe link URL"] += 1
    return match.group(1) + "#"


def _clean_attr_list(match: re.Match, removed: Counter[str]) -> str:
    """attr_list's `{: #id .class key=value}`: keys other than inert ones dropped."""
    def pair(found: re.Match) -> str:
        if found.group(1).lower() in _INERT_ATTR_KEYS:
            return found.group(0)
        removed[f"{found.group(1).lower()}= in an attribute list"] += 1
        return ""

    inside = _ATTR_PAIR_RE.sub(pair, match.group(1))
    return match.group(0) if inside == match.group(1) else "{: " + inside.strip() + " }"
