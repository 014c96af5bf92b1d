"""Imported HTML (and plain text) becomes Markdown that this site's Python-Markdown renders
as the original read: code blocks, tables, images and links kept; active content, tracking
pixels and raw HTML gone.

One lxml parse: the tree is cleaned in place (what is dropped is counted into Notes), then
a markdownify converter tuned for Python-Markdown (4-space list indentation, fenced code
only at top level, every character Markdown or HTML would act on escaped) writes it out.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdownify import MarkdownConverter

from customer_evidence.importing.model import Note

log = logging.getLogger(__name__)

# Elements removed with everything inside them: active content, form controls, metadata.
DROPPED_TAGS = (
    "script", "style", "noscript", "template", "object", "embed", "applet", "input",
    "button", "select", "textarea", "option", "link", "meta", "base", "svg", "math",
    "canvas", "head", "title", "frame", "frameset", "dialog",
)
# Elements that never have content, though lxml may nest what follows inside them.
VOID_TAGS = ("embed", "input", "link", "meta", "base", "param", "area", "track", "wbr",
             "keygen", "source", "col")
# Of those, the ones a post's report names when they were there.
REPORTED_TAGS = ("script", "object", "embed", "applet", "form", "iframe", "frame", "svg")
# Hosts whose images are tracking pixels whatever their size ("*." covers subdomains).
TRACKER_HOSTS = (
    "pixel.wp.com", "stats.wp.com", "www.google-analytics.com", "google-analytics.com",
    "www.facebook.com/tr", "*.doubleclick.net", "medium.com/_/stat", "pixel.quantserve.com",
    "sb.scorecardresearch.com", "ct.pinterest.com", "bat.bing.com",
)
# Image file names that are 1x1 tracking gifs by convention.
TRACKER_FILES = ("g.gif", "pixel.gif", "p.gif", "1x1.gif", "spacer.gif", "blank.gif",
                 "b.gif", "t.gif", "track.gif", "beacon.gif")
# iframes worth keeping as a link to what they showed.
EMBED_HOSTS = (
    "youtube.com", "www.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com",
    "youtu.be", "player.vimeo.com", "vimeo.com", "www.google.com/maps", "maps.google.com",
    "gist.github.com", "codepen.io", "open.spotify.com", "w.soundcloud.com",
    "www.slideshare.net", "docs.google.com", "player.twitch.tv", "www.loom.com",
)
SAFE_SCHEMES = ("http", "https", "mailto", "tel", "ftp")
BLOCK_IN_CELL = frozenset(("p", "ul", "ol", "pre", "table", "blockquote", "h1", "h2", "h3", "h4",
                 "h5", "h6", "dl", "hr", "figure", "div"))

_PLACEHOLDER = "\x00{}\x00"
_PLACEHOLDER_RE = re.compile(r"^(.*?)\x00(\d+)\x00[ \t]*$", re.MULTILINE)
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_CONTROL_RE = re.compile(r"[\x00-\x20\x7f]+")
_LANG_CLASS_RE = re.compile(
    r"^(?:language|lang|highlight-source|highlight|brush|sourceCode|code)-([\w#+.\-]+)$")
_BRUSH_RE = re.compile(r"brush:\s*([\w#+.\-]+)")
_LANG_OK_RE = re.compile(r"^[\w#+.\-]{1,40}$")
_NOT_LANGS = {"wp-block-code", "highlight", "code", "prettyprint", "hljs", "sourcecode",
              "linenums", "notranslate", "syntax", "nohighlight", "plain", "source"}
_NEWLINES_RE = re.compile(r"^(\n*)((?:.*[^\n])?)(\n*)$", re.DOTALL)
_INLINE_CONTEXT = {"td", "th"}
_WS_RE = re.compile(r"[ \t\r\n\f\v]+")
_BLANKS_RE = re.compile(r"\n{3,}")
_BACKTICKS_RE = re.compile(r"`+")

# Characters acted on anywhere in text, and what stands for them.
_INLINE_ESCAPES = {
    "\\": "\\\\", "`": "\\`", "*": "\\*", "[": "\\[", "]": "\\]", "{": "\\{", "}": "\\}",
    "|": "\\|", "&": "&amp;", "<": "&lt;", ">": "&gt;",
}
_INLINE_RE = re.compile(r"[\\`*\[\]{}|&<>]")
_UNDERSCORE_RE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
# What a line may not start with in text: a heading, list item, quote, fence, definition.
_LINE_START_RE = re.compile(
    r"^(\s*)(?:(#)|([-+])(?=\s|$)|(\d{1,9})([.)])(?=\s|$)|(:)(?=\s)|(=+|-+)\s*$|(~{3,}))")


def _escape_text(text: str) -> str:
    """Text as Markdown that renders as this text, characters and all."""
    text = _INLINE_RE.sub(lambda m: _INLINE_ESCAPES[m.group(0)], text)
    if "_" in text:
        text = _UNDERSCORE_RE.sub(r"\\_", text)
    return _escape_line_start(text)


def _escape_line_start(text: str) -> str:
    def fix(m: re.Match[str]) -> str:
        lead = m.group(1)
        if m.group(2):
            return lead + "\\#"
        if m.group(3):
            return lead + "\\" + m.group(3)
        if m.group(4):
            return lead + m.group(4) + "\\" + m.group(5)
        if m.group(6):
            return lead + "&#58;"
        if m.group(7):
            run = m.group(7)
            return lead + ("&#61;" + run[1:] if run[0] == "=" else "\\" + run)
        return lead + "&#126;" + m.group(8)[1:]

    return _LINE_START_RE.sub(fix, text)


def _escape_alt(text: str) -> str:
    """Alt text and link titles: only what ends or breaks the [..] or (..) part."""
    return re.sub(r"([\\`\[\]*_])", r"\\\1", _WS_RE.sub(" ", text).strip())


def _clean_url(value: str) -> str | None:
    """The URL if it is safe to link to (http(s), mailto, tel, ftp or relative)."""
    compact = _CONTROL_RE.sub("", value or "")
    if not compact:
        return None
    scheme = _SCHEME_RE.match(compact)
    if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
        return None
    url = value.strip()
    return re.sub(r"[\x00-\x20\x7f<>\"()\\`]",
                  lambda m: f"%{ord(m.group(0)):02X}", url)


def _title(el: Tag) -> str:
    title = _WS_RE.sub(" ", el.get("title") or "").strip()
    return f' "{_escape_alt(title).replace(chr(34), chr(39))}"' if title else ""


def _host_path(src: str) -> tuple[str, str]:
    parts = urlsplit(src if "//" in src else "//" + src if src.startswith("www.") else src)
    return (parts.hostname or "").lower(), parts.path or ""


def is_tracking_pixel(img: Tag) -> bool:
    """An image that only reports a visit: 1 pixel, hidden, or from a tracker host."""
    for dim in ("width", "height"):
        value = re.match(r"\s*(\d+)", str(img.get(dim) or ""))
        if value and int(value.group(1)) <= 1:
            return True
    style = re.sub(r"\s+", "", str(img.get("style") or "")).lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if re.search(r"(?:^|;)(?:width|height):[01](?:px)?(?:;|$)", style):
        return True
    host, path = _host_path(str(img.get("src") or ""))
    for tracker in TRACKER_HOSTS:
        t_host, _, t_path = tracker.partition("/")
        if t_host.startswith("*."):
            host_ok = host.endswith(t_host[1:]) or host == t_host[2:]
        else:
            host_ok = host == t_host
        if host_ok and path.lstrip("/").startswith(t_path):
            return True
    return path.rsplit("/", 1)[-1].lower() in TRACKER_FILES


def code_language(pre: Tag) -> str:
    """The language a code block declares, from the usual class/data conventions."""
    for el in [pre, *pre.find_all("code", limit=1), *([pre.parent] if pre.parent else [])]:
        if not isinstance(el, Tag):
            continue
        for attr in ("data-lang", "data-language", "lang"):
            value = str(el.get(attr) or "").strip()
            if attr != "lang" and _LANG_OK_RE.match(value):
                return value.lower()
        classes = el.get("class") or []
        brush = _BRUSH_RE.search(" ".join(classes))
        if brush:
            return brush.group(1).lower()
        for cls in classes:
            found = _LANG_CLASS_RE.match(cls)
            if found and found.group(1).lower() not in _NOT_LANGS:
                return found.group(1).lower()
    return ""


class _Cleaner:
    """Removes what is not imported from a parsed tree and counts it."""

    def __init__(self, soup: BeautifulSoup) -> None:
        self.soup = soup
        self.counts: Counter[str] = Counter()
        self.notes: list[Note] = []
        self.pixels = 0

    def clean(self, root: Tag) -> None:
        found: dict[str, list[Tag]] = {}
        comments = []
        for node in root.descendants:
            if isinstance(node, Tag):
                found.setdefault(node.name, []).append(node)
            elif isinstance(node, Comment):
                comments.append(node)
        for comment in comments:
            comment.extract()
        dropped = [el for name in DROPPED_TAGS for el in found.get(name, ())]
        for el in dropped:
            if el.decomposed:  # already removed with an ancestor
                continue
            if el.name in REPORTED_TAGS:
                self.counts[el.name] += 1
            if el.name in VOID_TAGS:
                for child in list(el.children):
                    el.insert_before(child.extract())
            el.decompose()
        for el in found.get("form", ()):
            if not el.decomposed:
                self.counts["form"] += 1
                el.unwrap()
        for name, method in (("iframe", self._iframe), ("img", self._img), ("a", self._links),
                             ("video", self._links), ("audio", self._links),
                             ("source", self._links)):
            for el in found.get(name, ()):
                if not el.decomposed:
                    method(el)
        for name, count in sorted(self.counts.items()):
            what = "its text kept, its controls" if name == "form" else "element(s)"
            self.notes.append(Note(f"{count} <{name}> {what} removed: active or interactive"
                                   " content is not imported"))
        if self.pixels:
            self.notes.append(Note(f"{self.pixels} tracking pixel(s) removed", level="info"))

    def _iframe(self, el: Tag) -> None:
        src = _clean_url(str(el.get("src") or el.get("data-src") or ""))
        host, path = _host_path(src or "")
        known = any(host == h.partition("/")[0] and path.startswith("/" + h.partition("/")[2])
                    if "/" in h else host == h for h in EMBED_HOSTS)
        if src and src.startswith("https://") and known:
            title = _WS_RE.sub(" ", str(el.get("title") or "")).strip()
            link = self.soup.new_tag("a", href=src)
            link.string = title or f"Embedded content: {host}"
            para = self.soup.new_tag("p")
            para.append(link)
            el.replace_with(para)
            self.notes.append(Note(f"embedded {host} frame replaced by a link to {src}",
                                   level="info"))
        else:
            el.decompose()
            self.counts["iframe"] += 1

    def _img(self, img: Tag) -> None:
        if img.parent is None:
            return
        if is_tracking_pixel(img):
            log.debug("tracking pixel dropped: %s", img.get("src"))
            img.decompose()
            self.pixels += 1
            return
        # Lazy-loading themes put the real address in data-src and a placeholder in src.
        candidates = [str(img.get(a) or "").strip() for a in ("src", "data-src", "data-lazy-src")]
        raw = next((c for c in candidates if c and not c.lower().startswith("data:")),
                   candidates[0])
        src = _clean_url(raw)
        if not src:
            alt = str(img.get("alt") or "").strip()
            self.notes.append(Note(f"image with unsafe or missing address dropped"
                                   f"{': ' + alt if alt else ''}"))
            img.replace_with(alt)
            return
        img["src"] = src

    def _links(self, el: Tag) -> None:
        attr = "href" if el.name == "a" else "src"
        if el.get(attr) is None:
            return
        url = _clean_url(str(el[attr]))
        if url is None:
            self.notes.append(Note(f"unsafe link address removed (text kept): "
                                   f"{str(el[attr])[:60]!r}"))
            del el[attr]
        else:
            el[attr] = url


class _Converter(MarkdownConverter):
    """markdownify, writing the Markdown Python-Markdown (extra, codehilite) reads."""

    def __init__(self, notes: list[Note]) -> None:
        super().__init__(heading_style="atx", bullets="-", strong_em_symbol="*",
                         newline_style="spaces", autolinks=False, wrap=False,
                         keep_inline_images_in=["td", "th", "a", "p", "li", "span"],
                         escape_misc=False, escape_asterisks=False, escape_underscores=False)
        self.notes = notes
        self.blocks: list[str] = []

    def _stash(self, block: str) -> str:
        self.blocks.append(block)
        return _PLACEHOLDER.format(len(self.blocks) - 1)

    def process_tag(self, node, parent_tags=None):  # noqa: ANN001, ANN201
        """markdownify's walk without its per-node tree searches: <pre> and <table> are
        converted whole, so nothing below ever sits inside a <pre>."""
        parent_tags = parent_tags or set()
        name = node.name
        if name in ("pre", "table"):
            return self.get_conv_fn_cached(name)(node, "", parent_tags)
        inside = name in _BLOCK_NAMES
        children = []
        for el in node.children:
            if isinstance(el, Tag):
                children.append(el)
            elif isinstance(el, NavigableString) and not isinstance(el, Comment):
                if el.strip() or not (
                        (inside and (el.previous_sibling is None or el.next_sibling is None))
                        or _is_block(el.previous_sibling) or _is_block(el.next_sibling)):
                    children.append(el)
        child_tags = set(parent_tags)
        child_tags.add(name)
        if name in _INLINE_CONTEXT or name[:1] == "h" and name[1:].isdigit():
            child_tags.add("_inline")
        if name in ("code", "kbd", "samp", "tt"):
            child_tags.add("_noformat")
        parts = [""]
        for child in children:
            text = (self.process_tag(child, child_tags) if isinstance(child, Tag)
                    else self.process_text(child, child_tags))
            if not text:
                continue
            lead, body, trail = _NEWLINES_RE.match(text).groups()
            if parts[-1] and lead:
                lead = "\n" * min(2, max(len(parts.pop()), len(lead)))
            parts.extend((lead, body, trail))
        text = "".join(parts)
        convert = self.get_conv_fn_cached(name)
        return convert(node, text, parent_tags) if convert else text

    def process_text(self, el, parent_tags=None):  # noqa: ANN001, ANN201
        parent_tags = parent_tags or set()
        text = str(el)
        if "pre" in parent_tags:
            return text
        text = _WS_RE.sub(" ", text)
        if "_noformat" not in parent_tags:
            text = _escape_text(text)
        previous, following = el.previous_sibling, el.next_sibling
        if _is_block(previous) or (not previous and _is_block(el.parent)):
            text = text.lstrip()
        if _is_block(following) or (not following and _is_block(el.parent)):
            text = text.rstrip()
        return text

    def escape(self, text, parent_tags):  # noqa: ANN001, ANN201
        return text

    def convert_pre(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        code = el.get_text().replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
        code = re.sub(r"^\n+", "", code).rstrip("\n ")
        if not code.strip():
            return ""
        lang = code_language(el)
        if "_inline" in parent_tags:  # a heading or cell holds one line: a code span
            return " " + self.convert_code(el, "", parent_tags) + " "
        if parent_tags & {"li", "blockquote"}:  # fences only work at the top level
            lines = code.split("\n")
            first = lines[0].lstrip()
            if lang:
                lines.insert(0, ":::" + lang)
            elif first.startswith(("#!", ":::")):
                lines.insert(0, ":::text")
            block = "\n".join(("    " + line) if line.strip() else "" for line in lines)
        else:
            longest = max((len(r) for r in _BACKTICKS_RE.findall(code)), default=0)
            fence = "`" * max(3, longest + 1)
            block = f"{fence}{lang}\n{code}\n{fence}"
        return "\n\n" + self._stash(block) + "\n\n"

    def convert_code(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        if "pre" in parent_tags:
            return text
        code = _WS_RE.sub(" ", el.get_text())
        if not code.strip():
            return code and " "
        longest = max((len(r) for r in _BACKTICKS_RE.findall(code)), default=0)
        ticks = "`" * (longest + 1)
        pad = " " if longest else ""
        lead = " " if code[:1] == " " else ""
        tail = " " if code[-1:] == " " else ""
        return f"{lead}{ticks}{pad}{code.strip()}{pad}{ticks}{tail}"

    convert_kbd = convert_code
    convert_samp = convert_code
    convert_tt = convert_code

    def convert_a(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        href = el.get("href")
        inner = text.strip()
        if not inner:
            return ""
        if not href or "_noformat" in parent_tags:
            return text
        if "\n" in inner:  # a link around blocks (a card): one line of its text
            words = _WS_RE.sub(" ", el.get_text(" ")).strip()
            image = el.find("img")
            inner = _escape_text(words) if words or image is None else self.convert_img(
                image, "", set())
            return f"\n\n[{inner}]({href}{_title(el)})\n\n"
        lead = " " if text[:1] == " " else ""
        tail = " " if text[-1:] == " " else ""
        return f"{lead}[{inner}]({href}{_title(el)}){tail}"

    def convert_img(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        src = el.get("src")
        if not src:
            return ""
        alt = _escape_alt(str(el.get("alt") or ""))
        if "_inline" in parent_tags and not parent_tags & {"td", "th"}:
            return _escape_text(str(el.get("alt") or ""))
        return f"![{alt}]({src}{_title(el)})"

    def convert_figure(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        return self.convert_div(el, text, parent_tags)

    def convert_figcaption(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        text = text.strip()
        return f"\n\n{text}\n\n" if text else ""

    def _media_link(self, el, text: str, kind: str) -> str:  # noqa: ANN001
        """A <video> or <audio> element as a link to its first source."""
        src = el.get("src") or next(
            (s.get("src") for s in el.find_all("source") if s.get("src")), None)
        if not src:
            return text
        self.notes.append(Note(f"{kind} replaced by a link to {src}", level="info"))
        return f"\n\n[{kind.capitalize()}]({src})\n\n"

    def convert_video(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        return self._media_link(el, text, "video")

    def convert_audio(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        return self._media_link(el, text, "audio")

    def convert_br(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        if "_inline" in parent_tags:
            return " "
        return "  \n"

    def convert_hr(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        return "\n\n---\n\n" if "_inline" not in parent_tags else " "

    def convert_hN(self, n, el, text, parent_tags):  # noqa: ANN001, ANN201, N802
        text = _WS_RE.sub(" ", text).strip()
        if "_inline" in parent_tags or not text:
            return text
        if text.endswith("#"):  # an ATX heading's closing hashes would be dropped
            text = text[:-1] + "\\#"
        return "\n\n{} {}\n\n".format("#" * max(1, min(6, n)), text)

    def convert_li(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        text = (text or "").strip("\n").strip()
        if not text:
            return ""
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = str(parent.get("start") or "1")
            number = int(start) if start.isdigit() else 1
            before = sum(1 for sib in el.previous_siblings
                         if isinstance(sib, Tag) and sib.name == "li")
            bullet = f"{number + before}."
        else:
            bullet = "-"
        lines = text.split("\n")
        body = "\n".join(("    " + line) if line.strip() else "" for line in lines[1:])
        loose = "\n\n" if "\n\n" in text else "\n"  # Python-Markdown needs the blank line
        return f"{bullet} {lines[0]}\n" + (body + loose if body else "")

    def convert_list(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        text = text.strip("\n")
        if not text:
            return ""
        if "li" in parent_tags:
            return "\n" + text + "\n"
        return "\n\n" + text + "\n\n"

    convert_ul = convert_list
    convert_ol = convert_list

    def convert_blockquote(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        text = _BLANKS_RE.sub("\n\n", text.strip())
        if not text:
            return ""
        if "_inline" in parent_tags:
            return " " + text + " "
        quoted = "\n".join(("> " + line) if line.strip() else ">" for line in text.split("\n"))
        return "\n\n" + quoted + "\n\n"

    def convert_dt(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        text = _WS_RE.sub(" ", text).strip()
        return f"\n\n**{text}**\n\n" if text else ""

    def convert_dd(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        return self.convert_div(el, text, parent_tags)

    def convert_q(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        return "\u201c" + text + "\u201d"

    def convert_sub(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        return text

    convert_sup = convert_sub

    # Tables -------------------------------------------------------------------------

    def convert_table(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        rows = _rows(el)
        if not rows:
            return ""
        cells = [r.find_all(["td", "th"], recursive=False) for r in rows]
        spans = any(_span(c, "rowspan") > 1 or _span(c, "colspan") > 1 for r in cells for c in r)
        blocks = any(_has_block(c) for r in cells for c in r)
        if "_inline" in parent_tags or "li" in parent_tags or blocks:
            return self._flat_table(el, cells)
        caption = el.find("caption")
        caption_md = self._inline(caption) if caption else ""
        grid = _grid([[self._inline(c) for c in r] for r in cells], cells)
        if spans:
            self.notes.append(Note("a table with merged cells was converted with each merged"
                                   " cell's text repeated in every cell it covered; review it"))
        width = max(len(r) for r in grid)
        grid = [r + [""] * (width - len(r)) for r in grid]
        lines = ["| " + " | ".join(c or " " for c in grid[0]) + " |",
                 "| " + " | ".join(["---"] * width) + " |"]
        lines += ["| " + " | ".join(c or " " for c in row) + " |" for row in grid[1:]]
        out = "\n".join(lines)
        return "\n\n" + (caption_md + "\n\n" if caption_md else "") + out + "\n\n"

    def _inline(self, el: Tag) -> str:
        """A cell or caption as one line of inline Markdown."""
        return _WS_RE.sub(" ", self.process_tag(el, parent_tags={"_inline", "td"})).strip()

    def convert_td(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        return text

    convert_th = convert_td

    def convert_tr(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        return text

    def convert_caption(self, el, text, parent_tags):  # noqa: ANN001, ANN201
        return text

    def _flat_table(self, el: Tag, cells: list[list[Tag]]) -> str:
        self.notes.append(Note("a table with lists, code or paragraphs inside its cells was"
                               " flattened: each row became labelled paragraphs; review it"))
        head = [self._inline(c) for c in cells[0]]
        out: list[str] = []
        caption = el.find("caption")
        if caption is not None and self._inline(caption):
            out.append(f"**{self._inline(caption)}**")
        for row in cells[1:] or cells:
            parts = []
            for index, cell in enumerate(row):
                body = self.process_tag(cell, parent_tags={"li"}).strip()
                if not body:
                    continue
                label = head[index] if index < len(head) and cells[1:] else ""
                parts.append(f"**{label}:** {body}" if label and "\n" not in body
                             else (f"**{label}:**\n\n{body}" if label else body))
            if parts:
                out.append("\n\n".join(parts))
        return "\n\n" + "\n\n---\n\n".join(out) + "\n\n" if out else ""


def _rows(table: Tag) -> list[Tag]:
    rows = []
    for child in table.children:
        if not isinstance(child, Tag):
            continue
        if child.name == "tr":
            rows.append(child)
        elif child.name in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child.children if isinstance(r, Tag) and r.name == "tr")
    return rows


def _grid(texts: list[list[str]], cells: list[list[Tag]]) -> list[list[str]]:
    """Rows of cell texts with row- and column-spans expanded (the text repeated)."""
    grid: list[list[str | None]] = [[] for _ in texts]
    for r, row in enumerate(texts):
        col = 0
        for text, cell in zip(row, cells[r], strict=True):
            while col < len(grid[r]) and grid[r][col] is not None:
                col += 1
            for dr in range(min(_span(cell, "rowspan"), len(texts) - r)):
                target = grid[r + dr]
                for dc in range(min(_span(cell, "colspan"), 50)):
                    while len(target) <= col + dc:
                        target.append(None)
                    target[col + dc] = text
            col += _span(cell, "colspan")
    return [[c or "" for c in row] for row in grid]


def _span(cell: Tag, attr: str) -> int:
    value = str(cell.get(attr) or "1").strip()
    return int(value) if value.isdigit() else 1


def _has_block(cell: Tag) -> bool:
    found = [d.name for d in cell.descendants if isinstance(d, Tag) and d.name in BLOCK_IN_CELL]
    return len(found) > 1 or any(name != "p" for name in found)


_BLOCK_NAMES = frozenset((
    "p", "div", "blockquote", "ul", "ol", "li", "pre", "table", "thead", "tbody", "tfoot",
    "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "dl",
    "dt", "dd", "section", "article", "header", "footer", "aside", "nav", "main", "hr",
    "body", "html", "[document]", "caption"))


def _is_block(el: object) -> bool:
    return isinstance(el, Tag) and el.name in _BLOCK_NAMES


def _tidy(markdown: str, blocks: list[str]) -> str:
    """No trailing spaces except hard breaks, one blank line at most, code put back."""
    lines = []
    for line in markdown.split("\n"):
        indent = len(line) - len(line.lstrip(" "))
        stripped = line[indent % 4:].rstrip()  # stray spaces left by inline markup
        if line.endswith("  ") and stripped and not stripped.startswith("\x00"):
            lines.append(stripped + "  ")
        else:
            lines.append(stripped)
    text = re.sub(r"(?<=[^\s>]) {2,}(?=[^\s\x00])", " ", "\n".join(lines))
    text = re.sub(r"  \n(?=\s*\n|\s*$)", "\n", text)  # a break before a blank line is none
    text = _BLANKS_RE.sub("\n\n", text).strip("\n")

    def put_back(m: re.Match[str]) -> str:
        prefix = m.group(1)
        rest = re.sub(r"[^>\s]", " ", prefix)
        block = blocks[int(m.group(2))].split("\n")
        first = prefix + block[0]
        return "\n".join([first] + [(rest + line).rstrip() if not line.strip() else rest + line
                                    for line in block[1:]])

    return _PLACEHOLDER_RE.sub(put_back, text) + "\n" if text else ""


def html_to_markdown(html: str) -> tuple[str, list[Note]]:
    """Markdown for an imported post's HTML body, and notes on what could not be kept."""
    html = (html or "").replace("\x00", "")
    if not html.strip():
        return "", []
    soup = BeautifulSoup(html, "lxml")
    cleaner = _Cleaner(soup)
    cleaner.clean(soup)
    root = soup.body or soup
    converter = _Converter(cleaner.notes)
    markdown = converter.process_tag(root, parent_tags=set())
    return _tidy(markdown, converter.blocks), cleaner.notes


def text_to_markdown(text: str) -> str:
    """Markdown for plain text: paragraphs (blank-line separated) kept, lines within one
    joined, every character Markdown or HTML would act on escaped."""
    text = (text or "").replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = re.split(r"\n[ \t]*\n\s*", text.strip())
    out = []
    for para in paragraphs:
        joined = _WS_RE.sub(" ", para).strip()
        if joined:
            out.append(_escape_text(joined))
    return "\n\n".join(out) + "\n" if out else ""
