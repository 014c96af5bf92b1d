"""The parts of an article that say which question it answers. Pure functions.

The title, the author's Summary, the h2-h6 headings and the opening paragraphs
(a good post answers first), each a `Passage` for the matcher. Quotes and code
are left out of the opening: they are someone else's words or not prose.
"""

from __future__ import annotations

import html
import re

from customer_evidence.core.memo import memoised
from customer_evidence.core.question_matching import LEAD_WORDS, Passage

OPENING_PARAGRAPHS = 2
_TAG_RE = re.compile(r"<[^>]+>")
_HEADING_RE = re.compile(r"<h([2-6])\b[^>]*>(.*?)</h\1\s*>", re.S | re.I)
_PARAGRAPH_RE = re.compile(r"<p\b[^>]*>(.*?)</p\s*>", re.S | re.I)
_SKIPPED_RE = re.compile(
    r"<(blockquote|pre|table|figure|aside|nav)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]*[^\W_])")


def plain(fragment: str) -> str:
    """Text of an HTML fragment, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(_TAG_RE.sub(" ", fragment)).split())


def headings(content_html: str) -> list[str]:
    """The text of the h2-h6 headings in rendered article HTML, in order."""
    return [plain(inner) for _, inner in _HEADING_RE.findall(content_html)]


def opening(content_html: str, paragraphs: int = OPENING_PARAGRAPHS) -> list[str]:
    """The sentences of the first paragraphs of prose, at most LEAD_WORDS words."""
    prose = _SKIPPED_RE.sub(" ", content_html)
    sentences, count = [], 0
    for match in _PARAGRAPH_RE.finditer(prose):
        text = plain(match.group(1))
        if not text:
            continue
        for sentence in sentences_of(text):
            words = sentence.split()
            if count + len(words) > LEAD_WORDS:
                sentences.append(" ".join(words[:LEAD_WORDS - count]))
                return [s for s in sentences if s]
            sentences.append(sentence)
            count += len(words)
        paragraphs -= 1
        if paragraphs == 0:
            break
    return sentences


def sentences_of(text: str) -> list[str]:
    """A paragraph split into sentences (at ., ! or ? before a capital or digit)."""
    return [s.strip() for s in _SENTENCE_END_RE.split(text) if s.strip()]


def passages(title: str, summary: str | None, content_html: str) -> list[Passage]:
    """Everything the matcher reads of an article, title first."""
    found = [Passage("title", title)]
    if summary and not summary.lstrip().upper().startswith("TODO"):
        found.append(Passage("summary", summary))
    found += _body_passages(content_html)
    return [p for p in found if p.text.strip()]


@memoised(20_000)  # per process: an autoreloading build reads only the edited posts
def _body_passages(content_html: str) -> tuple[Passage, ...]:
    return (*(Passage("heading", h) for h in headings(content_html)),
            *(Passage("opening", s) for s in opening(content_html)))
