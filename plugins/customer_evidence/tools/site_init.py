"""Make a fork of this blog the team's own: what `invoke init` does. Pure logic, no invoke.

`plan()` checks the request and works out everything init would change, raising
InitError (every problem, one line each) before anything is written; `write()`
makes the changes; `report()` says what was (or, with --dry-run, would be) done.

Settings: SITENAME, SITESUBTITLE, AUTHOR, TIMEZONE and DEFAULT_LANG in
pelicanconf.py, PUBLISH_SITEURL in publishconf.py. `set_assignments()` replaces
only the value of each `NAME = ...` line, with a Python literal, so comments and
every other line stay as they are.

Content: the sample's files are recognised by the manifest .sample-content.sha256 at the
root of the repository, one `SHA-256  path` line per file of the sample content (paths
relative to the content folder, the format `sha256sum` writes and `sha256sum -c`
checks). A file whose path and hash are in it is the sample's: init removes it
(posts), replaces it with a starter (the about and contact pages, the question bank,
the source registry and the authors file), or with --keep-samples makes it a draft
(posts; the bank, registry and authors file stay, since the drafts use them). Any
other file, one the team added or edited, is kept and reported. init then deletes
the manifest: run again, it only changes settings. Line endings do not count (a
CRLF checkout is still the sample).

Whoever changes the sample content (tests/data/sample_site/, which content/ copies)
regenerates the manifest, from the repository root:

    .venv/bin/python -m customer_evidence.tools.site_init tests/data/sample_site \
        > .sample-content.sha256

and can check it with `(cd tests/data/sample_site && sha256sum -c ../../../.sample-content.sha256)`;
tests/test_init.py checks that it matches tests/data/sample_site/ exactly.
"""

from __future__ import annotations

import ast
import difflib
import hashlib
import os
import re
import sys
import tempfile
import unicodedata
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from customer_evidence.core.authors_settings import FILE_KEY as AUTHORS_KEY
from customer_evidence.core.authors_settings import settings_of as authors_settings
from customer_evidence.core.header import parse_header
from customer_evidence.core.questions_settings import settings_of as questions_settings
from customer_evidence.core.sources_settings import settings_of as sources_settings
from customer_evidence.core.vocabulary import Vocabulary, vocabulary_of

MANIFEST = ".sample-content.sha256"
DEFAULT_TAGLINE = "Answers to the questions our customers ask"
# Pelican settings init sets: (option, setting, settings file: "base" or "publish").
SETTINGS = (
    ("name", "SITENAME", "base"),
    ("tagline", "SITESUBTITLE", "base"),
    ("author", "AUTHOR", "base"),
    ("timezone", "TIMEZONE", "base"),
    ("lang", "DEFAULT_LANG", "base"),
    ("url", "PUBLISH_SITEURL", "publish"),
)
_MANIFEST_LINE = re.compile(r"^(?P<digest>[0-9a-fA-F]{64}) [ *](?P<path>.+)$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
# Dot-separated labels of letters (any script), digits and inner hyphens.
_HOST = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*$")
_CONTINUATION = re.compile(r"^[ ]{4,}\S")  # a metadata value going on from the line above
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#])")


class InitError(Exception):
    """init cannot go ahead; `problems` says why, one line each. Nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(f"error: {p}" for p in self.problems))


@dataclass(frozen=True)
class Request:
    """What the team asked for on the command line (None: leave that setting alone)."""

    name: str | None = None
    url: str | None = None
    author: str | None = None
    tagline: str | None = None
    timezone: str | None = None
    lang: str | None = None
    keep_samples: bool = False


@dataclass(frozen=True)
class Site:
    """Where the settings files, the content and the sample's manifest are."""

    root: Path
    content: Path
    base_settings: Path  # pelicanconf.py
    publish_settings: Path  # publishconf.py
    article_dirs: tuple[Path, ...]
    page_dirs: tuple[Path, ...]
    bank: Path
    registry: Path
    sitename: str = ""  # the current SITENAME
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    authors: Path | None = None  # the authors file (author_profiles)

    @property
    def manifest(self) -> Path:
        return self.root / MANIFEST

    @classmethod
    def from_settings(cls, root: Path, settings: Mapping, base: str = "pelicanconf.py",
                      publish: str = "publishconf.py") -> Site:
        content = root / settings["PATH"]
        return cls(
            root=root,
            content=content,
            base_settings=root / base,
            publish_settings=root / publish,
            article_dirs=tuple(content / p for p in settings.get("ARTICLE_PATHS") or [""]),
            page_dirs=tuple(content / p for p in settings.get("PAGE_PATHS") or ["pages"]),
            bank=content / questions_settings(settings)["CUSTOMER_QUESTIONS_BANK"],
            registry=content / sources_settings(settings)["CUSTOMER_SOURCES_REGISTRY"],
            sitename=str(settings.get("SITENAME") or ""),
            vocabulary=vocabulary_of(settings),
            authors=content / authors_settings(settings)[AUTHORS_KEY],
        )


@dataclass(frozen=True)
class Change:
    """One setting init sets."""

    file: Path
    name: str
    old: str  # the value as written before
    new: str  # the Python literal written


@dataclass(frozen=True)
class Step:
    """What init does to one content file: remove, replace, draft or keep it."""

    action: str
    path: Path
    why: str  # the end of the report's line, e.g. ": not a sample file"
    text: str | None = None  # the new text (replace, draft)


@dataclass(frozen=True)
class Plan:
    """Everything init changes, worked out before anything is written."""

    changes: tuple[Change, ...]
    settings_texts: tuple[tuple[Path, str], ...]  # settings files' new text
    steps: tuple[Step, ...]
    manifest: Path | None  # deleted last; None when there was none
    notes: tuple[str, ...]
    site: Site


# --- Planning ------------------------------------------------------------------


def plan(request: Request, site: Site) -> Plan:
    """Check the request and work out every change; raise InitError listing every problem."""
    first_run = site.manifest.is_file()
    values, problems = check_request(request, first_run)
    digests = {}
    if first_run:
        try:
            digests = parse_manifest(site.manifest.read_text(encoding="utf-8"), MANIFEST)
        except InitError as error:
            problems += error.problems
    changes, texts = [], []
    for path, kind in ((site.base_settings, "base"), (site.publish_settings, "publish")):
        wanted = {setting: values[option] for option, setting, where in SETTINGS
                  if where == kind and option in values}
        if not wanted:
            continue
        try:
            old_text = _read(path)
            new_text, old = set_assignments(old_text, wanted, path.name)
        except (OSError, UnicodeDecodeError, SyntaxError) as error:
            problems.append(f"{path.name} cannot be read as Python ({error}); fix it first")
            continue
        except InitError as error:
            problems += error.problems
            continue
        changes += [Change(path, name, old[name], python_literal(value))
                    for name, value in wanted.items() if old[name] != python_literal(value)]
        if new_text != old_text:
            texts.append((path, new_text))
    if problems:
        raise InitError(problems)
    name = values.get("name") or site.sitename
    steps = content_steps(site, digests, name, request.keep_samples) if first_run else []
    return Plan(tuple(changes), tuple(texts), tuple(steps),
                site.manifest if first_run else None,
                tuple(_notes(values, steps, site, first_run)), site)


def check_request(request: Request, first_run: bool) -> tuple[dict[str, str], list[str]]:
    """The settings' new values by option (only those to change), and every problem."""
    values, problems = {}, []
    for option in ("name", "author", "tagline"):
        value = getattr(request, option)
        if value is None:
            continue
        value = str(value).strip()
        if not one_line(value):
            problems.append(f"--{option} must be one line of text, with no line breaks or "
                            "control characters")
        elif not value and option != "tagline":
            problems.append(f"--{option} is empty; give the {_WHAT[option]}, "
                            f'e.g. --{option} "Acme Insights"')
        else:
            values[option] = value
    if request.url is not None:
        url, problem = check_url(str(request.url))
        problems += [problem] if problem else []
        values["url"] = url
    if request.timezone is not None:
        problem = check_timezone(str(request.timezone).strip())
        problems += [problem] if problem else []
        values["timezone"] = str(request.timezone).strip()
    if request.lang is not None:
        lang = str(request.lang).strip()
        if not _LANG.match(lang):
            problems.append(f"--lang {lang!r} is not a language code; use a code such as "
                            "en, de or fr, optionally with a region: en-GB, pt-BR")
        values["lang"] = lang
    if first_run:  # the sample's name and address must not survive into the team's site
        for option, example in (("name", '--name "Acme Insights"'),
                                ("url", "--url https://blog.acme.example")):
            if getattr(request, option) is None:
                problems.append(f"--{option} is needed the first time init runs (the site "
                                f"is still the sample's): give {example}")
        if "name" in values:
            values.setdefault("author", values["name"])
        values.setdefault("tagline", DEFAULT_TAGLINE)
    return values, problems


_WHAT = {"name": "site's name", "author": "default author's name", "tagline": "tagline"}


def one_line(value: str) -> bool:
    """Whether `value` is one line: no line breaks, no control characters."""
    return not any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in value)


def check_url(value: str) -> tuple[str, str | None]:
    """The production address without its trailing slash, and a problem or None."""
    url = value.strip().rstrip("/")
    fix = ("write the published site's full address, starting with https:// "
           "(or http://), e.g. https://blog.acme.example")
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        parts, port_ok = None, False
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname
            or not port_ok or not _HOST.match(parts.hostname.rstrip("."))):
        return url, f"--url {value!r} is not a web address; {fix}"
    if not one_line(url) or any(ch.isspace() for ch in url):
        return url, f"--url {value!r} has spaces or line breaks in it; {fix}"
    if parts.query or parts.fragment or parts.username or parts.password:
        return url, (f"--url {value!r} has a query, a #fragment or a user name in it; give "
                     "only the address the site is served at, e.g. https://blog.acme.example")
    return url, None


def check_timezone(name: str) -> str | None:
    """A problem when `name` is not an IANA time zone that zoneinfo knows."""
    known = zoneinfo.available_timezones()
    if name in known or (not known and _loads(name)):
        return None
    by_lower = {zone.lower(): zone for zone in known}
    close = [by_lower[c] for c in difflib.get_close_matches(name.lower(), list(by_lower), n=3)]
    hint = f"did you mean {' or '.join(map(repr, close))}? " if close else ""
    return (f"--timezone {name!r} is not a time zone zoneinfo knows; {hint}use a name from "
            "the tz database, e.g. Europe/London, America/New_York, Asia/Tokyo or UTC")


def _loads(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def parse_manifest(text: str, name: str = MANIFEST) -> dict[str, str]:
    """Path (relative to the content folder) -> SHA-256, from `sha256sum` output."""
    digests = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _MANIFEST_LINE.match(line)
        path = PurePosixPath(match["path"].removeprefix("./")) if match else None
        if path is None or path.is_absolute() or ".." in path.parts:
            raise InitError([f"{name}, line {number}: not a 'SHA-256  path' line of a file "
                             "inside the content folder; regenerate it (see "
                             "customer_evidence/tools/site_init.py) or restore it from git"])
        digests[path.as_posix()] = match["digest"].lower()
    return digests


def manifest_text(folder: Path) -> str:
    """The manifest of every file under `folder`, as the one-line command above writes it."""
    files = sorted((p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()),
                   key=lambda s: s.encode())
    return "".join(f"{digest(folder / name)}  {name}\n" for name in files)


def digest(path: Path) -> str:
    """The SHA-256 of a file, its line endings counted as LF."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def content_steps(site: Site, digests: Mapping[str, str], name: str,
                  keep_samples: bool) -> list[Step]:
    """One step per file of the content folder: the sample's are removed, replaced or
    made drafts; every other file is kept."""
    steps = []
    files = sorted(p for p in site.content.rglob("*") if p.is_file() or p.is_symlink()) \
        if site.content.is_dir() else []
    for path in files:
        relative = path.relative_to(site.content).as_posix()
        if relative not in digests:
            steps.append(Step("keep", path, ": not a sample file"))
        elif path.is_symlink() or digest(path) != digests[relative]:
            steps.append(Step("keep", path, ": edited since the sample, so not a sample file"))
        else:
            steps.append(_sample_step(path, site, name, keep_samples))
    return steps


def _sample_step(path: Path, site: Site, name: str, keep_samples: bool) -> Step:
    """What happens to one unchanged sample file."""
    if site.authors is not None and path == site.authors:
        if keep_samples:
            return Step("keep", path, ": the sample drafts name its authors (--keep-samples)")
        return Step("replace", path, " with an empty authors file (its comments show an "
                                     "entry)", starter_authors(name))
    if path in (site.bank, site.registry):
        if keep_samples:
            return Step("keep", path, ": the sample drafts cite it (--keep-samples)")
        if path == site.bank:
            return Step("replace", path, " with an empty question bank (its comments show "
                                         "an entry)", starter_bank(name, site.vocabulary))
        return Step("replace", path, " with an empty source registry (its comments show an "
                                     "entry)", starter_registry(name, site.vocabulary))
    if _under(path, site.page_dirs):
        if path.stem in STARTER_PAGES:
            what, page = STARTER_PAGES[path.stem]
            return Step("replace", path, f" with a short {what} page for {name}", page(name))
        return Step("remove", path, " (a sample page)")
    if keep_samples and _under(path, site.article_dirs) and path.suffix == ".md":
        text = as_draft(path.read_text(encoding="utf-8"))
        if text is None:
            return Step("keep", path, ": a sample post, already a draft")
        return Step("draft", path, " a draft (Status: draft): a sample post", text)
    if keep_samples:
        return Step("keep", path, ": a sample file the drafts may use (--keep-samples)")
    post = _under(path, site.article_dirs) and path.suffix == ".md"
    return Step("remove", path, " (a sample post)" if post else " (a sample file)")


def _under(path: Path, folders: tuple[Path, ...]) -> bool:
    return any(path.is_relative_to(folder) for folder in folders)


def _notes(values: dict, steps: list[Step], site: Site, first_run: bool) -> list[str]:
    """What the team should know besides the changes themselves."""
    from customer_evidence.core.language import supported

    notes = []
    if not first_run:
        notes.append(f"no {MANIFEST} here (init has run before, or the sample content was "
                     "removed by hand), so init changed no content file")
    lang = values.get("lang")
    if lang and not supported(lang):
        notes.append(f"question matching has no stemmer for {lang!r}; it reads questions "
                     "as English")
    if lang and not lang.lower().startswith("en") and any(s.action == "replace" for s in steps):
        notes.append("the starter pages and the comments of the bank and registry are in "
                     "English: translate them")
    replaced = any(s.action == "replace" and s.path in (site.bank, site.registry)
                   for s in steps)
    if replaced and any(s.action == "keep" and _under(s.path, site.article_dirs)
                        and s.path.suffix == ".md" for s in steps):
        notes.append("the posts kept may cite questions or sources of the sample, which the "
                     "new bank and registry do not have: `invoke audit` lists them")
    return notes


# --- Settings files ------------------------------------------------------------------


def python_literal(value: str) -> str:
    """`value` as a Python string literal (repr), in double quotes when it can be."""
    text = repr(value)
    if "'" not in value and '"' not in value:
        text = f'"{text[1:-1]}"'
    return text


def set_assignments(text: str, values: Mapping[str, str],
                    filename: str = "<settings>") -> tuple[str, dict[str, str]]:
    """`text` with the value of each top-level `NAME = ...` in `values` replaced by
    the new value's literal; also each value as it was written. Everything else (the
    comments too) is kept. InitError when a name has no such line."""
    found = {}
    for node in ast.parse(text, filename).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target = node.target
        else:
            continue
        if isinstance(target, ast.Name) and target.id in values:
            found[target.id] = node.value  # the last assignment is the one that counts
    missing = [name for name in values if name not in found]
    if missing:
        raise InitError([f"{filename} has no line '{name} = ...'; add one, e.g. "
                         f"{name} = {python_literal(values[name])}, and run init again"
                         for name in missing])
    starts = _line_starts(text)

    def offset(line: int, column: int) -> int:  # ast's columns count UTF-8 bytes
        start = starts[line - 1]
        return start + len(text[start:].encode("utf-8")[:column].decode("utf-8"))

    spans = sorted(((offset(n.lineno, n.col_offset), offset(n.end_lineno, n.end_col_offset),
                     name) for name, n in found.items()), reverse=True)
    old = {name: text[start:end] for start, end, name in spans}
    for start, end, name in spans:
        text = text[:start] + python_literal(values[name]) + text[end:]
    return text, old


def _line_starts(text: str) -> list[int]:
    """The offset each line starts at, lines ending as Python's tokenizer ends them."""
    return [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]


# --- Content --------------------------------------------------------------------


def as_draft(text: str) -> str | None:
    """A post's text with `Status: draft` in its header; None if it already is a draft.

    An existing Status line is changed; otherwise the line goes after the Author
    field (or the header's last field). The rest of the file is kept byte for byte.
    """
    header = parse_header(text)
    # Lines as parse_header numbers them (at \n, \r\n and \r; not U+2028, U+0085).
    lines = [line for line in re.split(r"(?<=\n)|(?<=\r)(?!\n)", text) if line]
    status = header.find("status")
    if status and status.value.lower() == "draft":
        return None
    if status:
        line = lines[status.line - 1]
        ending = line[len(line.rstrip("\r\n")):]
        lines[status.line - 1] = f"{status.key}: draft{ending}"
        return "".join(lines)
    anchor = header.find("author") or (header.fields[-1] if header.fields else None)
    if anchor is None:
        return "Status: draft\n" + text
    at = anchor.line  # the index of the line after the anchor's, then past its continuation
    while at < len(lines) and _CONTINUATION.match(lines[at]):
        at += 1
    previous = lines[at - 1]
    if not previous.endswith(("\n", "\r")):
        lines[at - 1] = previous + "\n"
    ending = "\r\n" if previous.endswith("\r\n") else "\n"
    lines.insert(at, f"Status: draft{ending}")
    return "".join(lines)


def markdown_text(text: str) -> str:
    """`text` escaped for a Markdown paragraph: it shows exactly as written."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def about_page(name: str) -> str:
    body = markdown_text(name)
    return (f"Title: About {name}\n"
            "Slug: about\n"
            f"Summary: Why {name} exists, and how we write it.\n"
            "\n"
            f"{body} is our team's blog. Each article answers a question our customers "
            "have asked us, in plain words, and backs the answer with what customers have "
            "told us, with their permission.\n"
            "\n"
            "## How we write it\n"
            "\n"
            "People from across the team write here, from sales and from marketing. We "
            "start from the questions we hear on calls, in emails and in support tickets, "
            "and answer the ones customers ask most. When we get something wrong, we "
            "correct it and say so at the top of the page.\n")


def contact_page(name: str) -> str:
    body = markdown_text(name)
    return ("Title: Contact us\n"
            "Slug: contact\n"
            f"Summary: How to ask the team behind {name} a question.\n"
            "\n"
            f"The team behind {body} reads every message. If a question of yours is not "
            "answered here yet, ask us: the questions customers send are where our next "
            "articles come from.\n")


# The sample's pages init replaces, by file name: (what the report calls it, its text).
STARTER_PAGES = {"about": ("about", about_page), "contact": ("contact", contact_page)}


def starter_bank(name: str, vocabulary: Vocabulary) -> str:
    """An empty question bank whose comments show the format of an entry."""
    topic = "how-to" if "how-to" in vocabulary.topics else vocabulary.default_topic
    stage = "decision" if "decision" in vocabulary.stages else vocabulary.default_stage
    return "\n".join([
        f"# The question bank: what customers ask {_comment(name)}.",
        "#",
        "# One entry per question. Articles link to an entry with `Question-Id: <id>`",
        "# and repeat the question text in `Question:`. `invoke questions` shows which",
        "# have answers; `invoke questions --import FILE` adds those of a CSV export.",
        "#",
        "#   id          lowercase-kebab, unique",
        "#   question    the question as customers put it",
        f"#   topic       {' | '.join(vocabulary.topics)}",
        f"#   stage       {' | '.join(vocabulary.stages)}",
        "#   asked       how many times customers have asked it (a whole number)",
        "#   heard_in    where you heard it, e.g. [sales-call, support-ticket, survey]",
        "#   last_heard  optional: the last day a customer asked it (YYYY-MM-DD)",
        "#",
        "# No entries yet. An entry looks like this (without the leading '# '):",
        "#",
        "# - id: how-long-to-start",
        "#   question: How long does it take to get started?",
        f"#   topic: {topic}",
        f"#   stage: {stage}",
        "#   asked: 3",
        "#   heard_in: [sales-call, email]",
        "",
    ])


def starter_registry(name: str, vocabulary: Vocabulary) -> str:
    """An empty source registry whose comments show the format of an entry."""
    kind = "interview" if "interview" in vocabulary.source_kinds \
        else next(iter(vocabulary.source_kinds))
    return "\n".join([
        f"# The source registry: where the customer evidence of {_comment(name)} comes from.",
        "#",
        "# Articles cite a source with `Sources: <id>, <id>`, or quote it in a blockquote",
        "# whose last line is `> — source: <id>`. A published post must cite one, or say",
        "# why it needs none with `Source-Exempt: <reason>`.",
        "#",
        "#   id           lowercase-kebab, unique",
        f"#   kind         {' | '.join(vocabulary.source_kinds)}",
        "#   date         when the evidence was gathered (YYYY-MM-DD, not in the future)",
        "#   attribution  public text, shown to readers: a role and a kind of firm",
        "#   consent      public | anonymised | private  (private sources are never cited "
        "in published articles)",
        "#   url          optional, only where the source has its own public page",
        "#   private      name, company, email, notes: never published, anywhere",
        "#",
        "# No entries yet. An entry looks like this (without the leading '# '):",
        "#",
        f"# - id: {kind}-2025-03-logistics",
        f"#   kind: {kind}",
        "#   date: 2025-03-12",
        "#   attribution: Operations director, mid-size logistics firm",
        "#   consent: anonymised",
        "#   private:",
        "#     name: Alex Example",
        "#     company: Example Freight Ltd",
        "#     email: alex@freight.example",
        "#     notes: Happy to be interviewed again after the spring launch.",
        "",
    ])


def starter_authors(name: str) -> str:
    """An empty authors file whose comments show the format of an entry."""
    return "\n".join([
        f"# The authors file: who writes {_comment(name)}, shown in the author box under",
        "# each article, on the author pages and in the articles' structured data.",
        "#",
        "#   name     exactly as posts write it in `Author:` (required)",
        "#   role     a short job title",
        "#   bio      plain text, a sentence or three",
        "#   photo    an image under content/images/ (PNG, JPEG, WebP, GIF or AVIF)",
        "#   url      optional: the person's own page",
        "#   same_as  optional: their profiles elsewhere, a list of addresses",
        "#",
        "# Everything here is published; any other field is left out, with a warning.",
        "#",
        "# No entries yet. An entry looks like this (without the leading '# '):",
        "#",
        "# - name: Alex Example",
        "#   role: Head of sales",
        "#   bio: Alex leads our sales team and writes about what buyers ask first.",
        "#   photo: images/alex-example.jpg",
        "#   same_as: [https://www.linkedin.com/in/alex-example]",
        "",
    ])


def _comment(text: str) -> str:
    return " ".join(text.split())


# --- Writing and reporting -----------------------------------------------------------


def write(plan: Plan) -> None:
    """Make the planned changes: content first, then the settings, the manifest last."""
    for step in plan.steps:
        if step.action == "remove":
            step.path.unlink(missing_ok=True)
        elif step.text is not None:
            _write(step.path, step.text)
    for path, text in plan.settings_texts:
        _write(path, text)
    if plan.manifest is not None:
        plan.manifest.unlink(missing_ok=True)


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # line endings as they are


def _write(path: Path, text: str) -> None:
    """Replace a file atomically, keeping its permissions."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text.encode("utf-8"))
        os.chmod(temporary, path.stat().st_mode & 0o7777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


_DONE = {"set": "set", "remove": "removed", "replace": "replaced", "draft": "made",
         "keep": "kept"}


def report(plan: Plan, dry_run: bool = False) -> str:
    """What init did (or would do), then what to do next."""
    root = plan.site.root

    def shown(path: Path) -> str:
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

    def verb(action: str) -> str:
        return ("make" if action == "draft" else action) if dry_run else _DONE[action]

    lines = ["init --dry-run: nothing was written. Without --dry-run, init would:"] \
        if dry_run else ["init:"]
    lines += [f"  {verb('set')} {c.name} = {c.new} in {shown(c.file)} (was {c.old})"
              for c in plan.changes]
    if not plan.changes:
        lines.append("  no setting to change")
    lines += [f"  {verb(s.action)} {shown(s.path)}{s.why}" for s in plan.steps]
    if plan.manifest is not None:
        lines.append(f"  {verb('remove')} {shown(plan.manifest)} (the sample's fingerprints; "
                     "init needs them only once)")
    lines += [f"note: {note}" for note in plan.notes]
    if dry_run:
        return "\n".join(lines)
    lines += [
        "Next:",
        "  invoke build    build the site into output/, then `invoke serve` to look at it",
        '  invoke new --title "How much does ... cost?"    start a post answering a '
        "question customers ask",
        f"  add your customers' questions to {shown(plan.site.bank)} and your sources to "
        f"{shown(plan.site.registry)}: each file's comments show an entry",
    ]
    if any(s.action == "replace" and s.path == plan.site.authors for s in plan.steps):
        lines.append(f"  list your authors, with a role, a bio and a photo, in "
                     f"{shown(plan.site.authors)}: its comments show an entry")
    if any(s.action == "draft" for s in plan.steps):
        lines.append("  the sample posts are drafts now: read them as examples, and delete "
                     "them once your own are written")
    lines += ["  set PUBLISH_TARGET (in publishconf.py or the environment) before "
              "`invoke publish`",
              "  git status, then commit what init changed"]
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        sys.exit("usage: python -m customer_evidence.tools.site_init SAMPLE_CONTENT_FOLDER > "
                 + MANIFEST)
    sys.stdout.write(manifest_text(Path(sys.argv[1])))
