"""Which blockquotes of a rendered article quote a customer source? Pure functions, no Pelican.

The syntax (see README, "Quoting a customer"): a customer quote is a Markdown
blockquote whose last line is an attribution naming a registered source id,

    > We had three definitions of a qualified lead.
    >
    > — source: interview-2026-02-logistics

The method works on the rendered HTML, never on the Markdown, so code blocks,
inline code, HTML comments and attribute values can never make or break a quote:
Python-Markdown has already turned them into elements the parser skips. Each
blockquote, nested ones included, is judged on its own: its last child element
must be a paragraph, and the last non-blank line of that paragraph (lines split on
newlines and <br>) is its attribution line if it starts with a dash (em, en,
horizontal bar or "--") that is not inside code.

- "— source: <token>" (any spaces, "source" in any case) makes a customer quote
  whose source_id is the token exactly as written. An id is lowercase letters,
  digits and hyphens; a token that is not one ("Survey-2025-Q4", "survey_2025",
  an empty one) is kept as written, so it is reported as an unknown id instead of
  passing silently as someone else's quote. "source:" followed by several words
  ("— Source: Gartner market guide") is an ordinary attribution.
- Any other dash line ("— Miriam Achterberg, *Selling in Daylight*", "— @handle on
  X") makes an attributed quote: an expert, a book, a post; not a customer source.
- A "source:" line under a placeholder ("> TODO: what the customer said", as
  `invoke new` writes it) makes a placeholder quote: it cites no one, and is not
  rendered with the source's attribution.
- No dash line: an unattributed (pull) quote. A dash line followed by more quote
  text is not an attribution: only the last line counts.

Speed: most articles have no blockquote, so find_quotes returns at once when the
HTML has no "<blockquote" (in any case: raw HTML may say <BLOCKQUOTE>); otherwise
BeautifulSoup with lxml builds only the blockquote subtrees (a SoupStrainer keeps
each top-level blockquote whole, nested ones included, wherever it sits).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from bs4 import BeautifulSoup, NavigableString, SoupStrainer, Tag
from bs4.element import PreformattedString

from customer_evidence.core.placeholders import is_placeholder

Kind = Literal["customer", "placeholder", "attributed", "unattributed"]

# One attribution line, stripped, matched whole (fullmatch): the dash, then either
# "source: <token>" (a customer source) or anything else (a name).
ATTRIBUTION = re.compile(
    r"""
    (?:[\u2014\u2013\u2015]|--) \s*
    (?:
        source \s* : \s* (?P<source_id>\S*)
      | (?P<name>\S.*?)
    )
    \s*
    """,
    re.IGNORECASE | re.VERBOSE,
)
CODE_TAGS = frozenset({"code", "pre", "kbd", "samp"})
SKIPPED_TAGS = frozenset({"script", "style", "template"})
# Elements that end a line of text even when the HTML has no newline after them.
BLOCK_TAGS = frozenset({
    "address", "blockquote", "dd", "details", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre",
    "section", "summary", "table", "tr", "ul",
})
_ONLY_BLOCKQUOTES = SoupStrainer("blockquote")
_BLOCKQUOTE_TAG = re.compile("<blockquote", re.IGNORECASE)  # a substring test, any case
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Quote:
    """One blockquote of an article: what kind of quote it is, and whose."""

    kind: Kind
    source_id: str | None  # customer quotes: the id as written
    attribution: str | None  # attributed quotes: the text after the dash
    text: str  # the quote without its attribution line, whitespace collapsed
    index: int  # 0-based position of the blockquote in the document
    stray_source_ids: tuple[str, ...] = ()  # "— source:" lines that are not its last line


def _pieces(
    tag: Tag, in_code: bool = False, skip: frozenset[str] = SKIPPED_TAGS
) -> Iterable[tuple[str, bool]]:
    """The text of an element as (text, is_code) pieces; comments skipped, <br> a newline."""
    for child in tag.children:
        if isinstance(child, Tag):
            if child.name == "br":
                yield "\n", False
            elif child.name not in skip:
                yield from _pieces(child, in_code or child.name in CODE_TAGS, skip)
                if child.name in BLOCK_TAGS:
                    yield "\n", False
        elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
            # Code may span lines; its newlines must not split the lines of the prose.
            yield (child.replace("\n", " "), True) if in_code else (str(child), False)


def _flatten(tag: Tag, skip: frozenset[str] = SKIPPED_TAGS) -> tuple[str, str]:
    """An element's text, and a mask of the same length: "c" for code, "t" for the rest."""
    pieces = list(_pieces(tag, skip=skip))
    text = "".join(piece for piece, _ in pieces)
    mask = "".join(("c" if code else "t") * len(piece) for piece, code in pieces)
    return text, mask


def _last_line(text: str, mask: str) -> str | None:
    """The last non-blank line of a text, stripped, unless it starts inside code."""
    end = len(text.rstrip())
    start = text.rfind("\n", 0, end) + 1
    line = text[start:end]
    first = start + len(line) - len(line.lstrip())
    if first >= end or mask[first] == "c":
        return None
    return line.strip()


def _last_paragraph(blockquote: Tag) -> Tag | None:
    """The blockquote's last child element, if it is a paragraph."""
    for child in reversed(blockquote.contents):
        if isinstance(child, Tag):
            return child if child.name == "p" else None
        if (
            isinstance(child, NavigableString)
            and not isinstance(child, PreformattedString)
            and child.strip()
        ):
            return None  # loose text after the last paragraph
    return None


def _attribution(blockquote: Tag) -> re.Match[str] | None:
    """The attribution line of one blockquote (its own, not a nested one's), matched."""
    paragraph = _last_paragraph(blockquote)
    if paragraph is None:
        return None
    line = _last_line(*_flatten(paragraph))
    return ATTRIBUTION.fullmatch(line) if line else None


def _source_lines(blockquote: Tag) -> list[str]:
    """The ids of every "— source: <id>" line of the blockquote's own text, in order."""
    text, mask = _flatten(blockquote, SKIPPED_TAGS | {"blockquote"})
    ids, start = [], 0
    for line in text.split("\n"):
        first = start + len(line) - len(line.lstrip())
        start += len(line) + 1
        if line.strip() and mask[first] != "c":
            found = ATTRIBUTION.fullmatch(line.strip())
            if found and found["source_id"] is not None:
                ids.append(found["source_id"])
    return ids


def _quote(blockquote: Tag, index: int) -> Quote:
    """Classify one blockquote element."""
    text = _flatten(blockquote)[0]
    found = _attribution(blockquote)
    stray = _source_lines(blockquote) if "source" in text.lower() else []
    if found is not None and found["source_id"] is not None and stray:
        stray.pop()  # the last one is the attribution itself
    stray_ids = tuple(stray)
    if found is None:
        return Quote("unattributed", None, None, " ".join(text.split()), index, stray_ids)
    text = text.rstrip().rpartition("\n")[0]  # the attribution is the last line
    text = " ".join(text.split())
    if found["source_id"] is not None:
        # The skeleton quote of `invoke new` ("> TODO: what the customer said") quotes no one.
        kind = "placeholder" if is_placeholder(text) else "customer"
        return Quote(kind, found["source_id"], None, text, index, stray_ids)
    return Quote("attributed", None, found["name"], text, index, stray_ids)


def find_quotes(html: str) -> list[Quote]:
    """Every blockquote of an HTML fragment, nested ones included, in document order."""
    return [quote for _, quote in quotes_in(parse_blockquotes(html))]


def parse_blockquotes(html: str) -> Tag | None:
    """The blockquotes of an HTML fragment, parsed; None when it has none.

    Only its top-level blockquotes (an unclosed one to the end) are parsed, unless
    it has comments, scripts or other raw text, where "<blockquote" may be text.
    """
    if not _BLOCKQUOTE_TAG.search(html):
        return None  # no parse for the many articles without a quote
    html = _parsable(html)
    if not _RAW_TEXT.search(html):
        html = _blockquote_spans(html)
    return BeautifulSoup(html, "lxml", parse_only=_ONLY_BLOCKQUOTES)


def _parsable(html: str) -> str:
    """HTML the parser can encode: a lone surrogate (reStructuredText's `unicode`
    directive can make one) becomes U+FFFD, as a browser shows it."""
    return html if html.isascii() else _SURROGATE.sub("\ufffd", html)


# Where "<blockquote" may be text rather than a tag: such an article is parsed whole.
# Comments and their bogus kin (<!x, <?x, </ not followed by a letter), elements whose
# content is text, a tag not closed before "<blockquote" (<p<blockquote>, an attribute
# value), and an attribute value holding ">" (Markdown escapes it; raw HTML may not).
_RAW_TEXT = re.compile(r"<!|<\?|</(?![a-z])|<(?:script|style|textarea|xmp|plaintext|title|"
                       r"iframe|noembed|noframes|noscript)|<[a-z/][^>]*<blockquote|"
                       r"""<[a-z][^>]*?=\s*(?:"[^"]*>|'[^']*>)""", re.IGNORECASE)
_BLOCKQUOTE_EDGE = re.compile(r"<(/?)blockquote\b[^>]*>", re.IGNORECASE)
_ONLY_SECTIONS = SoupStrainer("section")


def parse_many(htmls: Sequence[str]) -> list[Tag | None]:
    """parse_blockquotes for many fragments, in one BeautifulSoup parse.

    Each fragment's top-level blockquotes are cut out and wrapped in a numbered
    <section>; one parse of them all costs a fifth of a parse per fragment, which
    is mostly BeautifulSoup's set-up. Fragments where "<blockquote" could be text
    (comments, scripts), whose last blockquote is left open (its end could run into
    the next section), or a batch the parser did not give back section for section,
    are parsed one by one with parse_blockquotes.
    """
    results: list[Tag | None] = [None] * len(htmls)
    spans: dict[int, str] = {}
    for index, html in enumerate(htmls):
        if not _BLOCKQUOTE_TAG.search(html):
            continue
        span = "" if _RAW_TEXT.search(html) else _blockquote_spans(html)
        if span.lower().endswith("</blockquote>"):
            spans[index] = span
        else:
            results[index] = parse_blockquotes(html)
    batched = list(spans)
    if not batched:
        return results
    joined = _parsable("".join(f'<section id="q{i}">{spans[i]}</section>' for i in batched))
    sections = BeautifulSoup(joined, "lxml", parse_only=_ONLY_SECTIONS).find_all(
        "section", recursive=False)
    if [s.get("id") for s in sections] == [f"q{i}" for i in batched]:
        for i, section in zip(batched, sections, strict=True):
            results[i] = section
    else:  # the parser regrouped something: be exact rather than quick
        for i in batched:
            results[i] = parse_blockquotes(htmls[i])
    return results


def release(soups: Sequence[Tag | None]) -> None:
    """Decompose the trees parse_many made, so their memory is freed now, not at a GC."""
    roots = {}
    for soup in filter(None, soups):
        while soup.parent is not None:
            soup = soup.parent
        roots[id(soup)] = soup
    for root in roots.values():
        root.decompose()


def _blockquote_spans(html: str) -> str:
    """The HTML of every top-level blockquote of a fragment (nested ones inside), joined."""
    spans, depth, start = [], 0, 0
    for edge in _BLOCKQUOTE_EDGE.finditer(html):
        if not edge.group(1):
            if depth == 0:
                start = edge.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append(html[start:edge.end()])
    if depth:  # unclosed: the parser closes it at the end, as it would have
        spans.append(html[start:])
    return "".join(spans)


def quotes_in(soup: Tag | None) -> list[tuple[Tag, Quote]]:
    """Every blockquote element of a parsed document with its Quote, in document order."""
    if soup is None:
        return []
    return [(tag, _quote(tag, index)) for index, tag in enumerate(soup.find_all("blockquote"))]


def last_paragraph(blockquote: Tag) -> Tag | None:
    """The paragraph that holds a blockquote's attribution line, if it has one."""
    return _last_paragraph(blockquote) if _attribution(blockquote) else None


def customer_source_ids(quotes: Iterable[Quote]) -> list[str]:
    """The source ids the customer quotes cite, in order of first use, each once."""
    return list(dict.fromkeys(q.source_id for q in quotes if q.kind == "customer"))


def verdict(html: str, known_ids: Collection[str]) -> str:
    """One word for an article's quotes, by precedence (for the labelled test set).

    "customer:<id>" for the first customer quote citing a known id; else
    "unknown:<id>" for the first customer quote citing any other id; else
    "attributed" if any quote has a non-customer attribution; else "none".
    """
    quotes = find_quotes(html)
    cited = customer_source_ids(quotes)
    for source_id in cited:
        if source_id in known_ids:
            return f"customer:{source_id}"
    if cited:
        return f"unknown:{cited[0]}"
    if any(q.kind == "attributed" for q in quotes):
        return "attributed"
    return "none"
