"""Does an article cite a customer source, and what should its author be told? Pure.

`assess()` takes what the plugin read from one article (its metadata, the quotes
found in its HTML, its text) and the registry, and returns the verdict, the
sources it cites and notes for the author. No Pelican, no files.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from customer_evidence.core.context import CITED, EXEMPT, MISSING
from customer_evidence.core.findings import LEVELS, Note
from customer_evidence.core.privacy import PrivateMatcher
from customer_evidence.core.source_registry import Registry, Source, is_stale

from .detection import Quote, customer_source_ids


@dataclass(frozen=True)
class Assessment:
    """An article's verdict, the registered sources it cites, and the notes."""

    verdict: str
    cited: tuple[Source, ...]
    notes: tuple[Note, ...] = field(default=())


def metadata_ids(value: object) -> list[str]:
    """The ids of a `Sources:` value ("a, b" or a list), in order, each once."""
    items = value if isinstance(value, list | tuple) else str(value or "").split(",")
    return list(dict.fromkeys(i.strip() for i in items if str(i).strip()))


def assess(
    meta: dict,
    quotes: Sequence[Quote],
    text: str,  # everything it publishes, as markup (metadata, slug, URL, HTML content)
    registry: Registry,
    private: PrivateMatcher,
    today: datetime.date,
    stale_days: int,
    missing_level: str,
    public: bool,
) -> Assessment:
    """The verdict and notes for one article."""
    notes: list[Note] = []
    from_meta = metadata_ids(meta.get("sources"))
    inline = customer_source_ids(quotes)
    cited: list[Source] = []
    for source_id in dict.fromkeys([*from_meta, *inline]):
        source = registry.get(source_id)
        if source is None:
            close = registry.close_ids(source_id)
            hint = f"did you mean {', '.join(map(repr, close))}? " if close else ""
            notes.append(Note(
                "error", "unknown-source-id",
                f"cites source {source_id!r}, which is not in {registry.path}; {hint}"
                "fix the id or register the source (a typo is not a citation)",
                field="sources" if source_id in from_meta else None,
                text=None if source_id in from_meta else source_id))
        else:
            cited.append(source)
    for quote in quotes:
        for source_id in quote.stray_source_ids:
            notes.append(Note(
                "warning", "misplaced-source-line",
                f"the line '— source: {source_id}' is not the last line of its quote, so it "
                "cites nothing; end the quote with it (two quotes separated only by a blank "
                "line merge into one: put a sentence between them)", text=source_id))
        if quote.kind == "attributed":
            notes.append(Note(
                "info", "unregistered-quote",
                f"quotes {quote.attribution!r} without a registered source; quotes of experts, "
                "books or posts are not customer evidence. If this is a customer, register "
                "the source and end the quote with '— source: <id>'"))
    for source in cited:
        if source.consent == "private" and public:
            notes.append(Note(
                "error", "private-source",
                f"cites {source.id!r}, whose consent is private: it may not appear on a "
                "public page. Remove it, or record the customer's consent in the registry",
                field="sources" if source.id in from_meta else None,
                text=None if source.id in from_meta else source.id))
    for source_id, name in private.owners_in(text, markup=True):
        notes.append(Note(
            "error", "private-leak",
            f"contains the private {name} of source {source_id!r} (not repeated here); "
            "remove it and refer to the source by its public attribution"))
    exempt = str(meta.get("source-exempt") or "").strip()
    if cited:
        newest = max(cited, key=lambda s: s.date)
        if is_stale(newest.date, today, stale_days):
            notes.append(Note(
                "warning", "stale-sources",
                f"every source it cites is more than {stale_days} days old (the newest is "
                f"{newest.id!r}, {newest.date.isoformat()}); add fresher customer evidence",
                field="sources" if from_meta else None))
        return Assessment(CITED, tuple(cited), tuple(notes))
    if exempt:
        notes.append(Note("info", "source-exempt",
                          f"exempt from customer sources: {exempt}", field="source-exempt"))
        return Assessment(EXEMPT, (), tuple(notes))
    # A draft is never published: its missing source is a warning until it is.
    draft_note = "" if public or missing_level != "error" else " (a draft: an error once published)"
    notes.append(Note(
        missing_level if public else max(missing_level, "warning", key=LEVELS.index),
        "missing-source",
        "cites no customer source; add 'Sources: <id>' from the source registry, quote a "
        f"customer ending with '— source: <id>', or add 'Source-Exempt: <reason>'{draft_note}"))
    return Assessment(MISSING, (), tuple(notes))
