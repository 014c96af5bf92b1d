"""Scaffold a new article: the draft `invoke new` writes. Pure logic, no invoke.

`plan()` checks a request against the site (the question bank, the source
registry, the articles already there) and returns the draft's path and text, or
raises ScaffoldError listing every problem, each naming the file or option and
what to do. `write()` creates the file, never over an existing one.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pelican.utils import slugify

from customer_evidence.core.findings import Finding, display_path
from customer_evidence.core.header import parse_header
from customer_evidence.core.question_bank import Bank, load_bank
from customer_evidence.core.questions_settings import settings_of as questions_settings
from customer_evidence.core.registry_limits import limits_of
from customer_evidence.core.source_registry import Registry, load_registry
from customer_evidence.core.sources_settings import settings_of as sources_settings
from customer_evidence.core.vocabulary import vocabulary_of

# Findings after which a registry loaded nothing at all.
UNREADABLE = ("registry-syntax", "registry-shape", "registry-encoding", "registry-too-large",
              "registry-aliases")
# Everything str.splitlines() breaks on: a metadata value must hold none of them.
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
SUMMARY_PLACEHOLDER = "TODO: one or two plain sentences that answer the question."


class ScaffoldError(Exception):
    """The draft cannot be written; `problems` says why, one line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(f"error: {p}" for p in self.problems))


@dataclass(frozen=True)
class Site:
    """Where a new article goes and what it is checked against, from Pelican settings."""

    content: Path
    articles: Path
    bank: Path
    registry: Path
    slug_options: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict, compare=False)  # the matcher's settings

    @classmethod
    def from_settings(cls, settings: dict) -> Site:
        content = Path(settings["PATH"])
        article_paths = settings.get("ARTICLE_PATHS") or [""]
        return cls(
            content=content,
            articles=content / article_paths[0],
            bank=content / questions_settings(settings)["CUSTOMER_QUESTIONS_BANK"],
            registry=content / sources_settings(settings)["CUSTOMER_SOURCES_REGISTRY"],
            slug_options={
                "regex_subs": settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
                "preserve_case": settings.get("SLUGIFY_PRESERVE_CASE", False),
                "use_unicode": settings.get("SLUGIFY_USE_UNICODE", False),
            },
            settings=settings,
        )


@dataclass(frozen=True)
class Request:
    """What the author asked for on the command line."""

    title: str
    question_id: str | None = None
    question: str | None = None
    sources: tuple[str, ...] = ()
    category: str | None = None
    tags: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Draft:
    """A draft ready to write, and what the author should know about it."""

    path: Path
    slug: str
    text: str
    notes: tuple[tuple[str, str], ...] = ()  # (level, message): "warning" or "info"


def slug_for(title: str, site: Site) -> str:
    """The slug Pelican gives an article with this title, under the site's settings."""
    return slugify(title, **site.slug_options)


def plan(request: Request, site: Site, today: datetime.date | None = None) -> Draft:
    """Check the request and make the draft; raise ScaffoldError listing every problem."""
    problems: list[str] = []
    notes: list[tuple[str, str]] = []
    title = _one_line("title", request.title, problems) or ""
    if not title and not problems:
        problems.append('the title is empty; give one: invoke new "How much does ... cost?"')
    slug = slug_for(title, site) if title else ""
    if title and not slug:
        problems.append(f"the title {title!r} gives an empty slug (no letters or digits); "
                        "use a title with words in it")
    meta = {name: _one_line(name, getattr(request, name), problems)
            for name in ("category", "tags", "author", "question", "question_id")}
    sources = _source_ids(request.sources, problems)
    question = _question(meta, site, problems, notes)
    _check_sources(sources, site, problems, notes)
    path = site.articles / f"{slug}.md"
    if slug:
        _check_free(path, slug, site, problems)
    if problems:
        raise ScaffoldError(problems)
    if not sources:
        notes.append(("warning", "no --source given: the draft cites no customer source "
                                 "yet; add one before it can be published"))
    text = render(title, today or datetime.date.today(), meta, question, sources)
    return Draft(path, slug, text, tuple(notes))


def write(draft: Draft) -> None:
    """Create the draft's file; refuse if it exists, even if it appeared since plan()."""
    draft.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with draft.path.open("x", encoding="utf-8") as f:
            f.write(draft.text)
    except FileExistsError:
        raise ScaffoldError([_exists(draft.path)]) from None


def render(title: str, date: datetime.date, meta: dict, question: tuple[str, str | None] | None,
           sources: Sequence[str]) -> str:
    """The Markdown text of the draft: the metadata header, then a body skeleton."""
    lines = [f"Title: {title}", f"Date: {date.isoformat()}"]
    for key in ("category", "tags", "author"):
        if meta.get(key):
            lines.append(f"{key.capitalize()}: {meta[key]}")
    lines.append("Status: draft")
    if question:
        text, question_id = question
        lines.append(f"Question: {text}")
        if question_id:
            lines.append(f"Question-Id: {question_id}")
    if sources:
        lines.append(f"Sources: {', '.join(sources)}")
    lines.append(f"Summary: {SUMMARY_PLACEHOLDER}")
    return "\n".join(lines) + "\n\n" + _body(sources)


def _body(sources: Sequence[str]) -> str:
    """A skeleton that shows where the answer and the customer evidence go."""
    opening = ("TODO: answer the question in this first paragraph, plainly; then say what "
               "the answer depends on, with an example.\n")
    if sources:
        quote = ("\n> TODO: what the customer said, word for word, never their name or "
                 f"company.\n>\n> — source: {sources[0]}\n")
    else:
        quote = ("\nTODO: back the answer with what customers said: add their ids from the "
                 "source registry to `Sources:`, or quote them in a blockquote whose last "
                 "line is `> — source: <id>`.\n")
    return opening + quote + "\nTODO: what the reader should do next.\n"


def _one_line(name: str, value: str | None, problems: list[str]) -> str | None:
    """The value stripped, or None when empty; a value with a line break is a problem."""
    if value is None:
        return None
    value = str(value)
    if LINE_BREAKS.intersection(value):
        option = "the title" if name == "title" else f"--{name.replace('_', '-')}"
        problems.append(f"{option} must be one line (a metadata value cannot span lines); "
                        "remove the line break")
        return None
    return value.strip() or None


def _source_ids(given: Iterable[str], problems: list[str]) -> list[str]:
    """The source ids, each --source split on commas, without repeats, in order."""
    ids: list[str] = []
    for value in given:
        value = _one_line("source", value, problems) or ""
        for source_id in (part.strip() for part in value.split(",")):
            if source_id and source_id not in ids:
                ids.append(source_id)
    return ids


def _question(meta: dict, site: Site, problems: list[str],
              notes: list[tuple[str, str]]) -> tuple[str, str | None] | None:
    """(text, id) for the Question and Question-Id lines, or None for no question."""
    question_id, text = meta["question_id"], meta["question"]
    if question_id and text:
        problems.append("give either --question-id (a question in the bank) or --question "
                        "(free text in the customer's words), not both")
        return None
    if not (question_id or text):
        notes.append(("warning", "no --question-id or --question given: the draft answers "
                                 "no customer question yet; add 'Question-Id:' or 'Question:'"))
        return None
    if not question_id:
        _hint_from_bank(text, site, notes)
        return text, None
    bank, skipped = _load(load_bank, site.bank, "question bank", problems, site.settings)
    if bank is None:
        return None
    entry = bank.get(question_id)
    if entry is None:
        problems.append(_unknown("--question-id", question_id, bank, skipped,
                                 "use an id from the bank, or add the question there first"))
        return None
    return entry.text, entry.id


def _hint_from_bank(text: str, site: Site, notes: list[tuple[str, str]]) -> None:
    """Free question text needs no bank, but is compared with it when there is one."""
    if not site.bank.is_file():
        return
    problems: list[str] = []
    bank, _ = _load(load_bank, site.bank, "question bank", problems, site.settings)
    notes += [("warning", p) for p in problems]
    if bank is not None:
        notes += _bank_hint(text, bank, site.settings)


def _bank_hint(text: str, bank: Bank, settings: dict) -> list[tuple[str, str]]:
    """A note when free question text is (or is close to) a bank question."""
    from customer_evidence.core.inference import question_matcher
    from customer_evidence.core.language import normalise_question

    for entry in bank.questions.values():
        if normalise_question(entry.text) == normalise_question(text):
            return [("info", f"--question is bank question {entry.id!r}; use --question-id "
                             f"{entry.id} instead so the bank counts this article")]
    match = question_matcher(bank, settings).same_question(text)
    if match:
        entry = bank.get(match.question_id)
        return [("info", f"--question is close to bank question {entry.id!r} ({entry.text!r}); "
                         f"if it is the same question, use --question-id {entry.id} instead")]
    return []


def _check_sources(ids: Sequence[str], site: Site, problems: list[str],
                   notes: list[tuple[str, str]]) -> None:
    """Every id must be registered; a private-consent one gets a warning."""
    if not ids:
        return
    registry, skipped = _load(load_registry, site.registry, "source registry", problems,
                                 site.settings)
    if registry is None:
        return
    for source_id in ids:
        source = registry.get(source_id)
        if source is None:
            problems.append(_unknown("--source", source_id, registry, skipped,
                                     "use a registered id, or add the source there first"))
        elif source.consent == "private":
            notes.append(("warning", f"source {source_id!r} has consent 'private': it cannot "
                                     "be cited on a public page, so publishing this post "
                                     "will fail until you replace it"))


def _load(loader, path: Path, what: str, problems: list[str],
          settings: dict | None = None) -> tuple[Bank | Registry | None, list[Finding]]:
    """A registry, checked against the site's vocabulary, and its entry errors; a
    missing or unreadable file is a problem."""
    if not path.is_file():
        problems.append(f"{display_path(str(path))}: there is no {what}; create it, or check "
                        "the setting that names it")
        return None, []
    loaded, findings = loader(path, vocabulary_of(settings or {}), limits_of(settings))
    errors = [f for f in findings if f.level == "error"]
    fatal = [f for f in errors if f.rule in UNREADABLE]
    if fatal:
        problems += [f"cannot read the {what}: {f.format()}" for f in fatal]
        return None, []
    return loaded, errors


def _unknown(option: str, wanted: str, registry: Bank | Registry, skipped: list[Finding],
             fix: str) -> str:
    """An unknown id, with the registered ids that look like it and any entry left out."""
    close = registry.close_ids(wanted)
    quoted = [repr(c) for c in close]
    choices = " or ".join(filter(None, [", ".join(quoted[:-1]), *quoted[-1:]]))
    hint = f"did you mean {choices}? " if close else "no registered id looks like it; "
    message = f"{option} {wanted!r} is not in {registry.path}; {hint}{fix}"
    if skipped:
        message += f" (entries with errors are left out, e.g. {skipped[0].format()})"
    return message


def _check_free(path: Path, slug: str, site: Site, problems: list[str]) -> None:
    """The file must not exist, and no other article may already use the slug."""
    if path.exists():
        problems.append(_exists(path))
        return
    for other in sorted(site.articles.rglob("*.md")) if site.articles.is_dir() else ():
        if _slug_of(other, site) == slug:
            problems.append(f"{display_path(str(other))} already uses the slug {slug!r} "
                            "(its URL would clash); choose another title")


def _slug_of(path: Path, site: Site) -> str | None:
    """The slug of an existing article: its Slug field, else its title's."""
    try:
        header = parse_header(path.read_text(encoding="utf-8-sig", errors="replace"))
    except OSError:
        return None
    for key, make in (("slug", str), ("title", lambda t: slug_for(t, site))):
        found = header.find(key)
        if found and found.value:
            return make(found.value)
    return None


def _exists(path: Path) -> str:
    return (f"{display_path(str(path))} already exists; refusing to overwrite it: edit that "
            "file, or choose another title")

