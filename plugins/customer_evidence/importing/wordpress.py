"""Read a WordPress export (WXR 1.1/1.2 XML) into SourcePost objects, one post at a time.

The export is streamed with lxml's iterparse: each <item> is turned into a post when it
ends and is then cleared with everything before it, so memory stays flat on exports of
hundreds of megabytes. Because posts are yielded as they are read, a truncated export
fails (ImportFailed) only after the posts before the damage were yielded; callers that
need all-or-nothing must stage what they receive (the importer's writer does).

Only WordPress-specific steps are done here: paragraphs for classic-editor content
(an equivalent of wpautop), block-editor comments removed, and the shortcodes with an
HTML meaning ([caption], [code]/[sourcecode], [embed]) turned into HTML. Text repair and
conversion to Markdown happen later in the pipeline.
"""

from __future__ import annotations

import datetime
import html
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from .model import ImportFailed, Note, ReadStats, SourcePost

log = logging.getLogger(__name__)

WXR_NS_PATTERN = re.compile(r"^http://wordpress\.org/export/1\.\d+/$")
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
SNIFF_BYTES = 8192
READ_POST_TYPES = {"post": "article", "page": "page"}
SKIPPED_STATUSES = ("trash", "auto-draft")  # deleted, or never written
EXPORT_AGAIN = "in WordPress use Tools > Export > All content and import the new file"




def looks_like_wordpress(path: Path) -> bool:
    """Whether the file starts like a WXR export: an RSS document with the wp namespace."""
    try:
        with open(path, "rb") as f:
            head = f.read(SNIFF_BYTES)
    except OSError:
        return False
    return b"<rss" in head and b"http://wordpress.org/export/1." in head


def read_wordpress(path: Path, stats: ReadStats | None = None) -> Iterator[SourcePost]:
    """Yield the posts and pages of a WXR export, in file order, one at a time.

    Items of other post types are skipped and counted in `stats` (when given).
    Raises ImportFailed (naming the file and line) on a file that is not XML, not a
    WordPress export, declares entities, or is cut short; see the module docstring
    about posts already yielded when that happens."""
    path = Path(path)
    stats = stats if stats is not None else ReadStats()
    _check_head(path)
    wxr_ns: str | None = None
    authors: dict[str, str] = {}
    lang: str | None = None
    checked_root = False
    events = etree.iterparse(
        str(path),
        events=("start-ns", "end"),
        tag=("item", "{*}author", "language"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=False,
    )
    try:
        for event, element in events:
            if event == "start-ns":
                prefix, uri = element
                if WXR_NS_PATTERN.match(uri):
                    wxr_ns = uri
                continue
            if not checked_root:
                _check_root(path, element, wxr_ns)
                checked_root = True
            assert wxr_ns is not None
            if element.tag == "item":
                post = _item_to_post(path, element, wxr_ns, authors, lang, stats)
                if post is not None:
                    stats.read += 1
                    yield post
            elif element.tag == f"{{{wxr_ns}}}author":
                login = (element.findtext(f"{{{wxr_ns}}}author_login") or "").strip()
                name = (element.findtext(f"{{{wxr_ns}}}author_display_name") or "").strip()
                if login:
                    authors[login] = name or login
            elif element.tag == "language" and lang is None:
                lang = _primary_language(element.text)
            else:
                continue
            _forget(element)
    except etree.XMLSyntaxError as error:
        raise ImportFailed(_syntax_message(path, error)) from None
    if not checked_root:  # no post, author or language at all: is it even an export?
        _check_root(path, events.root, wxr_ns)


def _check_head(path: Path) -> None:
    """Refuse what is not XML, and documents declaring entities (WXR never does).

    Entities declared further on than the sniffed head are not expanded either
    (resolve_entities=False), and libxml2 refuses amplification attacks itself."""
    try:
        with open(path, "rb") as f:
            head = f.read(65536)
    except OSError as error:
        raise ImportFailed(f"{path}: cannot be read ({error.strerror})") from None
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped.startswith(b"<"):
        raise ImportFailed(
            f"{path}: line 1: this is not XML, so not a WordPress export; {EXPORT_AGAIN}"
        )
    prolog = head[: head.find(b"<rss")] if b"<rss" in head else head  # not post bodies
    if b"<!ENTITY" in prolog:
        line = head[: head.index(b"<!ENTITY")].count(b"\n") + 1
        raise ImportFailed(
            f"{path}: line {line}: the file declares XML entities, which WordPress exports "
            "never do (it may be an entity-expansion attack); refusing to read it; "
            f"{EXPORT_AGAIN}"
        )


def _check_root(path: Path, element: etree._Element | None, wxr_ns: str | None) -> None:
    root = element.getroottree().getroot() if element is not None else None
    if root is not None and root.tag != "rss":
        raise ImportFailed(
            f"{path}: line {root.sourceline}: the document is <{etree.QName(root).localname}>, "
            f"not an RSS/WXR export; {EXPORT_AGAIN}"
        )
    if wxr_ns is None:
        raise ImportFailed(
            f"{path}: line 1: this is an RSS feed without WordPress's export namespace "
            "(xmlns:wp), so it holds no post bodies, statuses or pages; " + EXPORT_AGAIN
        )


def _forget(element: etree._Element) -> None:
    """Clear a finished element and drop the siblings before it, to bound memory."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _syntax_message(path: Path, error: etree.XMLSyntaxError) -> str:
    line = error.lineno or (error.position[0] if error.position else None)
    if "amplification" in (error.msg or ""):
        return (
            f"{path}: line {line}: the file's XML entities would expand enormously (an "
            f"entity-expansion attack, or not a real export); refusing to read it; {EXPORT_AGAIN}"
        )
    if _too_big(error.msg or ""):
        return (
            f"{path}: line {line}: one item holds a text over 10 MB (its body, or an image "
            "pasted into it as data), more than this import reads in one piece; the file "
            "itself may be fine: shorten or remove that post in WordPress (or import it by "
            f"hand) and export again ({EXPORT_AGAIN})"
        )
    if _at_end_of_file(path, line) or "Premature end" in (error.msg or ""):
        return (
            f"{path}: line {line}: the file ends in the middle of the export "
            f"({error.msg}); the export is incomplete; export again"
            f" ({EXPORT_AGAIN})"
        )
    return f"{path}: line {line}: not well-formed XML ({error.msg}); {EXPORT_AGAIN}"


def _too_big(message: str) -> bool:
    """libxml2's refusal of a text node or CDATA section over its 10 MB limit."""
    return "too big" in message or "huge text node" in message or "too long" in message


def _at_end_of_file(path: Path, line: int | None) -> bool:
    if line is None:
        return False
    newlines = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            newlines += chunk.count(b"\n")
    return line >= newlines


def _primary_language(value: str | None) -> str | None:
    value = (value or "").strip()
    return value.split("-")[0].lower() or None


def _item_to_post(
    path: Path,
    item: etree._Element,
    ns: str,
    authors: dict[str, str],
    lang: str | None,
    stats: ReadStats,
) -> SourcePost | None:
    def wp(name: str) -> str:
        return (item.findtext(f"{{{ns}}}{name}") or "").strip()

    post_type = wp("post_type") or "post"
    if post_type not in READ_POST_TYPES:
        stats.skip(post_type)
        return None
    if wp("status") in SKIPPED_STATUSES:
        stats.skip(wp("status"))
        return None
    post_id = wp("post_id") or "?"
    source = f"{path.name}, item {post_id} (line {item.sourceline})"
    notes: list[Note] = []
    if wp("post_password"):
        notes.append(Note("was password-protected on WordPress; the password is not carried over"))

    status, status_note = map_status(wp("status"))
    if status_note:
        notes.append(Note(status_note, level="info"))
    date = parse_wp_date(wp("post_date_gmt"))
    if date is None:
        date = parse_wp_date(wp("post_date"))
        if date is not None:
            notes.append(
                Note(
                    "the date is the old site's local time (its time zone is not in the "
                    "export); check it",
                    level="info",
                )
            )
    category, tags, category_note = split_terms(item)
    if category_note:
        notes.append(Note(category_note, level="info"))
    body, body_notes = wordpress_html(item.findtext(f"{{{CONTENT_NS}}}encoded") or "")
    notes.extend(body_notes)
    login = (item.findtext(f"{{{DC_NS}}}creator") or "").strip()
    excerpt_ns = ns + "excerpt/"
    slug = unquote(wp("post_name")) or None
    link = (item.findtext("link") or "").strip()
    return SourcePost(
        origin=f"wordpress:{path.name}#{post_id}",
        source=source,
        format="wordpress",
        title=(item.findtext("title") or "").strip(),
        body=body,
        body_format="html",
        kind=READ_POST_TYPES[post_type],
        status=status,
        date=date,
        modified=parse_wp_date(wp("post_modified_gmt")),
        slug=slug,
        old_url=link if status == "published" and link else None,
        authors=[authors.get(login, login)] if login else [],
        category=category,
        tags=tags,
        summary=plain_text(item.findtext(f"{{{excerpt_ns}}}encoded") or "") or None,
        lang=lang,
        notes=notes,
    )


def map_status(wp_status: str) -> tuple[str, str | None]:
    """WordPress's post status as ("published" | "draft", a note or None)."""
    if wp_status == "publish":
        return "published", None
    if wp_status == "private":
        return "draft", "was private on WordPress (visible only to logged-in editors)"
    if wp_status == "future":
        return "draft", "was scheduled on WordPress but not yet published"
    return "draft", None


def parse_wp_date(value: str) -> datetime.datetime | None:
    """'2021-03-04 09:15:00' as an aware UTC datetime; None for empty or all-zero dates."""
    value = value.strip()
    if not value or value.startswith("0000-00-00"):
        return None
    try:
        parsed = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return parsed.replace(tzinfo=datetime.UTC)


def split_terms(item: etree._Element) -> tuple[str | None, list[str], str | None]:
    """(category, tags, note): the first category; further categories become tags too."""
    categories: list[str] = []
    tags: list[str] = []
    for term in item.iterfind("category"):
        name = (term.text or "").strip()
        if not name:
            continue
        domain = term.get("domain")
        if domain == "category" and name not in categories:
            categories.append(name)
        elif domain == "post_tag" and name not in tags:
            tags.append(name)
    if not categories:
        return None, tags, None
    extra = [name for name in categories[1:] if name not in tags]
    note = None
    if len(categories) > 1:
        note = (
            f"was in {len(categories)} categories; kept {categories[0]!r} as the "
            f"category and added {', '.join(map(repr, categories[1:]))} as tags"
        )
    return categories[0], extra + tags, note


def plain_text(fragment: str) -> str:
    """An HTML fragment as one line of plain text (for summaries)."""
    text = re.sub(r"<[^>]+>", " ", fragment)
    return " ".join(html.unescape(text).split())


# --- the body: block comments, shortcodes, paragraphs -------------------------------

BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->\n?")
CAPTION = re.compile(r"\[(?:caption|wp_caption)([^\]]*)\](.*?)\[/(?:caption|wp_caption)\]", re.S)
CODE = re.compile(r"\[(code|sourcecode)([^\]]*)\](.*?)\[/\1\]", re.S)
EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.S)
OTHER_SHORTCODE = re.compile(r"\[(/?)([a-z][a-z0-9_-]*)(?=[\s\]/])[^\]\n]*\]", re.I)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))""")
CAPTION_MEDIA = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.S | re.I)


def wordpress_html(content: str) -> tuple[str, list[Note]]:
    """A post's content:encoded as real HTML, with notes on what was left as is."""
    notes: list[Note] = []
    has_blocks = "<!-- wp:" in content
    text = BLOCK_COMMENT.sub("", content) if has_blocks else content
    text = CODE.sub(_code_shortcode, text)
    text = CAPTION.sub(_caption_shortcode, text)
    text = EMBED.sub(_embed_shortcode, text)
    if not has_blocks:
        text = autop(text)
    leftovers = sorted({m.group(2).lower() for m in OTHER_SHORTCODE.finditer(_outside_pre(text))})
    if leftovers:
        names = ", ".join(f"[{name}]" for name in leftovers)
        notes.append(Note(f"WordPress shortcodes left as text (no HTML meaning known): {names}"))
    return text.strip(), notes


def _attributes(raw: str) -> dict[str, str]:
    return {
        m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
        for m in ATTRIBUTE.finditer(raw)
    }


def _code_shortcode(match: re.Match[str]) -> str:
    attrs = _attributes(match.group(2))
    language = attrs.get("lang") or attrs.get("language")
    code = html.escape(html.unescape(match.group(3).strip("\n")), quote=False)
    css = f' class="language-{html.escape(language)}"' if language else ""
    return f"<pre><code{css}>{code}</code></pre>"


def _caption_shortcode(match: re.Match[str]) -> str:
    attrs = _attributes(match.group(1))
    inner = match.group(2).strip()
    media = CAPTION_MEDIA.match(inner)
    if media:
        image, caption = media.group(1), media.group(2).strip()
    else:
        image, caption = inner, ""
    caption = caption or html.escape(attrs.get("caption", ""))
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"\n\n<figure>{image}{figcaption}</figure>\n\n"


def _embed_shortcode(match: re.Match[str]) -> str:
    url = html.escape(match.group(1).strip())
    return f'\n\n<p><a href="{url}">{url}</a></p>\n\n'


PRE_BLOCK = re.compile(r"<(pre|script|style)\b.*?</\1>", re.S | re.I)
BLOCK_TAGS = (
    "address|article|aside|blockquote|details|div|dl|dd|dt|fieldset|figcaption|figure|"
    "footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|"
    "tfoot|th|thead|tr|ul|script|style|iframe|hgroup|math|svg|option|select|legend|map|area"
)
STARTS_WITH_BLOCK = re.compile(rf"^</?(?:{BLOCK_TAGS})\b", re.I)
NEWLINE_NEAR_BLOCK = re.compile(
    rf"(</?(?:{BLOCK_TAGS})\b[^>]*>)\s*\n|\n\s*(?=</?(?:{BLOCK_TAGS})\b)", re.I
)
PLACEHOLDER = "\x00wxr-keep-{}\x00"


def autop(text: str) -> str:
    """Paragraphs for classic-editor content, like WordPress's wpautop: blank lines end
    paragraphs, single newlines become <br />; <pre>, <script> and <style> are untouched
    and block-level elements are not wrapped."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return "\n\n" + PLACEHOLDER.format(len(kept) - 1) + "\n\n"

    text = PRE_BLOCK.sub(keep, text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk.startswith("\x00") or STARTS_WITH_BLOCK.match(chunk):
            paragraphs.append(chunk)
            continue
        chunk = NEWLINE_NEAR_BLOCK.sub(lambda m: m.group(1) or "", chunk)
        chunk = chunk.replace("\n", "<br />\n")
        paragraphs.append(f"<p>{chunk}</p>")
    result = "\n\n".join(paragraphs)
    for index, block in enumerate(kept):
        result = result.replace(PLACEHOLDER.format(index), block)
    return result


def _outside_pre(text: str) -> str:
    return PRE_BLOCK.sub("", text)
