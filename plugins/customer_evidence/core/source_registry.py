"""The source registry, content/sources.yml: where customer evidence came from, validated on load.

Each source has public fields (id, kind, date, attribution, consent, url) and a
`private` block (name, company, email, notes) that is never published anywhere.
Findings may be printed in public CI logs, so no message ever repeats a private
value: messages name the source id and the field, never what the field holds.
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from customer_evidence.core.findings import Finding, display_path
from customer_evidence.core.privacy import MIN_LENGTH, normalise
from customer_evidence.core.registry import Entry, close_ids, load_entries, unique_by_id
from customer_evidence.core.registry_limits import Limits
from customer_evidence.core.vocabulary import KINDS_KEY, Vocabulary, allowed

CONSENTS = ("public", "anonymised", "private")
PRIVATE_FIELDS = ("name", "company", "email", "notes")
FIELDS = ("id", "kind", "date", "attribution", "consent", "url", "private")
URL_SCHEMES = ("https://", "http://")


@dataclass(frozen=True)
class Source:
    """One registered source of customer evidence."""

    id: str
    kind: str
    date: datetime.date
    attribution: str
    consent: str
    url: str | None
    private: tuple[tuple[str, str], ...]
    line: int
    kind_label: str = ""  # the site's label for its kind (CUSTOMER_SOURCES_KINDS)

    @property
    def public_url(self) -> str | None:
        """The source's address, where the site may link to it: only with public consent."""
        return self.url if self.consent == "public" else None

    @property
    def label(self) -> str:
        """What readers see for its kind: the site's label, else the kind itself."""
        return self.kind_label or self.kind

    def private_values(self) -> tuple[str, ...]:
        """The non-empty private values (name, company, email, notes), never to be published."""
        return tuple(value for _, value in self.private)


@dataclass(frozen=True)
class Registry:
    """The valid sources of the registry, by id, in file order."""

    sources: dict[str, Source]
    path: str
    entries: tuple[Entry, ...] = ()  # as read, invalid ones included (their secrets too)

    def get(self, source_id: str) -> Source | None:
        return self.sources.get(source_id)

    def close_ids(self, source_id: str, n: int = 3) -> list[str]:
        """Ids that look like a mistyped `source_id`."""
        return close_ids(source_id, self.sources, n)

    def private_values(self) -> list[tuple[str, str, str]]:
        """(source id, field, value) for every private value of every source, to find leaks."""
        return [(source.id, field, value)
                for source in self.sources.values() for field, value in source.private]


def is_stale(date: datetime.date, today: datetime.date, stale_days: int) -> bool:
    """Evidence from `date` is stale when more than `stale_days` days old on `today`."""
    return (today - date).days > stale_days


def load_registry(path: Path, vocabulary: Vocabulary | None = None,
                  limits: Limits | None = None) -> tuple[Registry, list[Finding]]:
    """Load and validate the registry against the site's source kinds; invalid
    entries are left out and reported. A file beyond `limits` gives no entries."""
    vocabulary = vocabulary or Vocabulary()
    name = display_path(str(path))
    entries, findings = load_entries(path, "source registry", limits)

    def validate(entry: Entry, name: str) -> tuple[Source | None, list[Finding]]:
        return _validate(entry, name, vocabulary)

    sources, problems = unique_by_id(entries, name, validate, "sources-duplicate-id", "source")
    findings += problems
    return Registry(sources, name, tuple(entries)), findings


def _validate(entry: Entry, name: str,
              vocabulary: Vocabulary) -> tuple[Source | None, list[Finding]]:
    data, problems = entry.data, []

    def problem(rule: str, key: str, message: str, level: str = "error") -> None:
        problems.append(Finding(level, rule, name, entry.line_of(key), message))

    source_id = str(data.get("id") or "").strip()
    label = f"source {source_id!r}" if source_id else "this source"
    if not source_id:
        problem("sources-missing-id", "id",
                "this source has no id; add 'id: some-short-name' (articles cite it by this id)")
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in vocabulary.source_kinds:
        problem("sources-unknown-kind", "kind",
                (f"{label}: kind {kind!r} is not one of " if "kind" in data
                 else f"{label} has no kind; add 'kind: ...', one of ")
                + f"{allowed(vocabulary.source_kinds)} (the site's {KINDS_KEY})")
    date = _date(data.get("date"))
    if date is None:
        problem("sources-bad-date", "date",
                (f"{label}: date {data['date']!r} is not a date" if "date" in data
                 else f"{label} has no date")
                + "; write it as 'date: YYYY-MM-DD', e.g. 'date: 2026-02-03'")
    elif date > datetime.date.today():
        problem("sources-bad-date", "date",
                f"{label}: date {date.isoformat()} is in the future; a source cannot be dated "
                "after today, so give the date the evidence was gathered")
    attribution = data.get("attribution")
    if not isinstance(attribution, str) or not attribution.strip():
        problem("sources-missing-attribution", "attribution",
                f"{label} has no attribution; add 'attribution: ...', the public text shown to "
                "readers, e.g. 'Operations director, mid-size logistics firm'")
    consent = data.get("consent")
    if consent not in CONSENTS:
        problem("sources-unknown-consent", "consent",
                (f"{label}: consent {consent!r} is not one of " if "consent" in data
                 else f"{label} has no consent; add 'consent: ...', one of ")
                + ", ".join(CONSENTS))
    url = data.get("url")
    if url in (None, ""):
        url = None
    elif not isinstance(url, str) or not url.strip().startswith(URL_SCHEMES):
        problem("sources-bad-url", "url",
                f"{label}: url {url!r} is not a web address; write the full address starting "
                "with https:// (or http://), or leave url out")
    private, private_problems = _private(entry, name, label)
    problems += private_problems
    for key in data:
        if key not in FIELDS:
            if key in PRIVATE_FIELDS:
                hint = f"; private details belong under 'private:' as '  {key}: ...'"
            else:
                close = difflib.get_close_matches(str(key), FIELDS, n=1)
                hint = (f"; did you mean {close[0]!r}?" if close
                        else f"; fields are {', '.join(FIELDS)}")
            problem("sources-unknown-field", key, f"{label}: unknown field {key!r}" + hint,
                    level="warning")
    if any(p.level == "error" for p in problems):
        return None, problems
    return Source(source_id, kind, date, attribution.strip(), consent,
                  url.strip() if url else None, private, entry.line,
                  vocabulary.source_kinds[kind]), problems


def _date(value: Any) -> datetime.date | None:
    """`value` as a date: YAML's own dates, or an ISO date string; None if it is neither."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _private(entry: Entry, name: str,
             label: str) -> tuple[tuple[tuple[str, str], ...], list[Finding]]:
    """The (field, value) pairs of the private block, values as strings, empty ones dropped.

    Messages name the field, never its value: findings may end up in public logs.
    """
    line = entry.line_of("private")
    if "private" not in entry.data or entry.data["private"] is None:
        return (), []
    block = entry.data["private"]
    if not isinstance(block, dict):
        return (), [Finding(
            "error", "sources-bad-private", name, line,
            f"{label}: private must be a mapping of 'key: value' lines indented under "
            f"'private:' (keys {', '.join(PRIVATE_FIELDS)})")]
    pairs, problems = [], []
    for key, value in block.items():
        field = str(key)
        if field not in PRIVATE_FIELDS:
            close = difflib.get_close_matches(field, PRIVATE_FIELDS, n=1)
            problems.append(Finding(
                "warning", "sources-unknown-private-field", name, line,
                f"{label}: unknown private field {field!r}; private may only hold "
                f"{', '.join(PRIVATE_FIELDS)}"
                + (f" (did you mean {close[0]!r}?)" if close else "")))
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            problems.append(Finding(
                "error", "sources-bad-private", name, line,
                f"{label}: private field {field!r} must be plain text; put the value in "
                "quotes, on one line after the colon"))
            continue
        text = str(value).strip()
        if text:
            pairs.append((field, text))
        if text and len(normalise(text)) < MIN_LENGTH:
            problems.append(Finding(
                "warning", "sources-private-too-short", name, line,
                f"{label}: private field {field!r} is shorter than {MIN_LENGTH} characters, "
                "too short to look for safely (it would match almost every page): it stays "
                "private, but neither the build nor the privacy scan can tell whether a post "
                "publishes it; write it in full, or check the posts for it yourself"))
    return tuple(pairs), problems
