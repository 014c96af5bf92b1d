"""From a SourcePost to the text of a draft: convert, repair, split a glued title, render.

prepare() is pure: the post's HTML or plain text becomes Markdown (html_markdown.py),
its mojibake is repaired (repair.py) in the title, the summary and the body, and a
title glued to the first sentence is split. render() writes the Pelican header every
imported post gets: `Status: draft`, the source's fields, `Imported-From:` (what makes
a second import of the same source skip the post) and, when the bank answered
confidently, `Question:` with its id and confidence.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from dataclasses import dataclass, field

from customer_evidence.importing.model import Note, SourcePost

_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_LANG_RE = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8}){0,4}")
# The header fields an imported draft gets, in this order.
FIELDS = ("Title", "Date", "Modified", "Category", "Tags", "Authors", "Lang", "Slug",
          "Status", "Question", "Question-Id", "Question-Confidence", "Summary",
          "Imported-From", "Imported-Url")


@dataclass
class Prepared:
    """A post converted and repaired, ready to be named and rendered."""

    post: SourcePost
    title: str
    body: str  # Markdown
    summary: str | None
    repairs: list = field(default_factory=list)  # repair.Repair; line 0 is the title
    notes: list[Note] = field(default_factory=list)


@dataclass(frozen=True)
class Question:
    """The bank question the import filled in, and how sure the matcher was."""

    id: str
    text: str
    score: float
    where: str


def prepare(post: SourcePost) -> Prepared:
    """Convert the body to Markdown, repair the text, split a glued title."""
    from customer_evidence.importing.html_markdown import html_to_markdown, text_to_markdown
    from customer_evidence.importing.markdown_clean import clean_markdown
    from customer_evidence.importing.repair import repair_text, split_glued_title

    notes = list(post.notes)
    if post.body_format == "html":
        body, converted = html_to_markdown(post.body)
        notes += converted
    elif post.body_format == "text":
        body = text_to_markdown(post.body)
    else:
        body, cleaned = clean_markdown(post.body)
        notes += cleaned
    title, title_repairs = repair_text(one_line(post.title), lang=post.lang)
    summary = None
    if post.summary and one_line(post.summary):
        # Pelican renders Summary as Markdown, raw HTML included: cleaned like a body.
        summary, summary_notes = clean_markdown(one_line(post.summary))
        notes += summary_notes
        summary, summary_repairs = repair_text(one_line(summary), lang=post.lang)
        title_repairs += summary_repairs
    # Split before the body is repaired, so that its repairs' lines are the file's.
    title, body, glued = split_glued_title(title, body.lstrip("\n"), post.lang)
    body, repairs = repair_text(body, lang=post.lang)
    repairs = [_at_title(r) for r in title_repairs] + repairs
    if glued is not None:
        repairs.insert(0, glued)
    if post.lang and safe_lang(post.lang) is None:
        notes.append(Note(f"the language {one_line(post.lang)!r} is not a language tag "
                          "(such as en or pt-BR); Lang: was left out"))
    if not title:
        notes.append(Note("the source gives no title; the file name was used instead"))
        title = one_line(post.slug or "") or "Untitled"
    return Prepared(post, title, body.rstrip() + "\n", summary, repairs, notes)


def one_line(text: str) -> str:
    """A metadata value: every run of whitespace, line breaks included, one space;
    control characters (NUL, ESC...) dropped."""
    return " ".join(_CONTROL_RE.sub("", text).split())


def origin_key(origin: str) -> str:
    """A post's origin as its draft's `Imported-From:` records it, so that a second
    import finds it whatever whitespace or control characters its file name had."""
    return one_line(origin)


def safe_lang(lang: str | None) -> str | None:
    """A language tag Pelican can put in a file name and URL (`en`, `pt-BR`), else None."""
    lang = one_line(lang or "")
    return lang if _LANG_RE.fullmatch(lang) else None


def _at_title(repair):
    """Title and summary repairs are reported at the header (line 0)."""
    from dataclasses import replace

    return replace(repair, line=0)


def render(prepared: Prepared, slug: str, timezone: str | None,
           question: Question | None = None) -> str:
    """The draft's text: a Pelican metadata header, a blank line, the body."""
    post = prepared.post
    values = {
        "Title": prepared.title,
        "Date": _when(post.date, timezone),
        "Modified": _when(post.modified, timezone) if post.modified != post.date else None,
        "Category": one_line(post.category) if post.category else None,
        "Tags": ", ".join(t for t in (_list_item(t) for t in post.tags) if t) or None,
        "Authors": _authors(post.authors),
        "Lang": safe_lang(post.lang),
        "Slug": slug,
        "Status": "draft",
        "Summary": prepared.summary,
        "Imported-From": origin_key(post.origin),
        "Imported-Url": post.old_url,
    }
    if question is not None:
        values["Question"] = question.text
        values["Question-Id"] = question.id
        values["Question-Confidence"] = (f"{question.score:.2f} (inferred on import from the "
                                         f"{question.where}; check it)")
    lines = [f"{key}: {value}" for key in FIELDS
             if values.get(key) and (value := one_line(str(values[key])))]
    return "\n".join(lines) + "\n\n" + prepared.body


def header_lines(text: str) -> int:
    """How many lines come before a rendered draft's body (its header and the blank)."""
    return text[:text.index("\n\n")].count("\n") + 2 if "\n\n" in text else 0


def _when(moment: datetime.datetime | None, timezone: str | None) -> str | None:
    """A date as Pelican reads it, in the site's time zone."""
    if moment is None:
        return None
    if moment.tzinfo is not None and timezone:
        try:
            moment = moment.astimezone(zoneinfo.ZoneInfo(timezone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OverflowError):
            pass  # an unknown zone, or a date at the end of the calendar: kept as written
    text = moment.isoformat(sep=" ", timespec="minutes")
    return re.sub(r" 00:00$", "", text)


def _list_item(text: str) -> str:
    """A tag as one item of `Tags:`, which Pelican splits at ';' if any, else at ','."""
    return " ".join(one_line(text).replace(",", " ").replace(";", " ").split())


def _authors(names: list[str]) -> str | None:
    """Pelican splits Authors at ';' when there is one, else at ','. A name with a comma
    ("Smith, Jo") is kept whole by a ';' after it; a ';' in a name becomes a ','."""
    names = [n for n in (one_line(n).replace(";", ",").strip(" ,") for n in names if n) if n]
    if not names:
        return None
    if any("," in n for n in names):
        return "; ".join(names) + ";"
    return ", ".join(names)
