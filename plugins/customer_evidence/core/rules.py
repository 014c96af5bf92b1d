"""Every finding rule, declared once: its name, default level, what it means, the fix.

A finding names its rule (customer_evidence.core.findings); an unknown name is an
error when the finding is made, so a typo never ships. The README's rule reference
is this catalogue printed as Markdown (`python -m customer_evidence.core.rules`);
tests/test_rules.py checks that the README says the same.

A rule whose level a setting chooses (`setting`) gives its default here; the
finding carries the level the site chose.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

LEVELS = ("error", "warning", "info")  # most severe first


@dataclass(frozen=True)
class Rule:
    """One thing the plugins can tell an author, and what to do about it."""

    name: str
    level: str
    source: str  # what checks it: a plugin, or the file it reads
    means: str
    fix: str
    setting: str | None = None  # the setting that chooses its level, if any
    varies: bool = False  # the level is not always the default (a setting, a draft, Pelican)

    def allows(self, level: str) -> bool:
        """Whether a finding of this rule may have `level`."""
        return level == self.level or (self.varies and level in LEVELS)


_GUARD, _QUESTIONS, _SOURCES = "content_guard", "customer_questions", "customer_sources"
_BANK, _REGISTRY, _BOTH = "question bank", "source registry", "bank, registry, authors"
_AUTHORS = "authors file"

CATALOGUE = (
    # content_guard: files Pelican cannot use, and unfinished content
    Rule("not-utf8", "error", _GUARD, "the file is not UTF-8 (the byte offset is given)",
         "re-save the file as UTF-8"),
    Rule("bad-date", "error", _GUARD, "a Date or Modified value does not parse",
         "write it as YYYY-MM-DD or 'YYYY-MM-DD HH:MM'"),
    Rule("bad-front-matter", "error", _GUARD,
         "Jekyll/Hugo front matter (--- YAML or +++ TOML) does not parse, or a field "
         "holds a list or mapping where one value is wanted",
         "fix the line named (quote a value holding ': '; one string per such field)"),
    Rule("missing-title", "error", _GUARD,
         "the file is empty, its header has no Title, or the Title is blank",
         "start the file with a 'Title: ...' line"),
    Rule("bad-status", "error", _GUARD, "Status is not published, draft, hidden or skip",
         "use one of the known statuses"),
    Rule("slug-collision", "error", _GUARD,
         "two files would write the same page; the later one is left out",
         "give one of them its own 'Slug: ...' line"),
    Rule("large-file", "warning", _GUARD, "a Markdown file over 1 MB (slow to build and read)",
         "split it, or move data out into a linked file"),
    # content_guard: malformed files, left out (or repaired) before they stop the build
    Rule("file-too-large", "error", _GUARD,
         "a content file over CONTENT_GUARD_MAX_BYTES (10 MB); it is left out unread",
         "split it into several posts, or move data out into a linked file"),
    Rule("control-character", "error", _GUARD,
         "a control character (U+0000-U+001F but tab and newline, U+007F, U+FFFE, U+FFFF), "
         "which feeds (XML) cannot carry; the file is left out (line and column given)",
         "delete it: it is invisible in most editors, and comes with pasted text"),
    Rule("too-deeply-nested", "error", _GUARD,
         "blockquotes, lists or HTML elements nested more than CONTENT_GUARD_MAX_NESTING "
         "(50) deep, or Markdown too deep to render; the file is left out unrendered",
         "flatten the nesting, or put a sample in a fenced code block"),
    Rule("date-out-of-range", "error", _GUARD,
         "Date or Modified is before CONTENT_GUARD_EARLIEST_YEAR (1990) or more than "
         "CONTENT_GUARD_YEARS_AHEAD (10) years ahead; the file is left out",
         "check the year"),
    Rule("duplicate-field", "warning", _GUARD,
         "a field read once (Title, Date, Slug, Category, Status, Summary...) is given on "
         "several lines (named); the first is used",
         "delete the line you do not mean"),
    Rule("long-slug", "warning", _GUARD,
         "the title, Slug, category, tag or author gives a slug over "
         "CONTENT_GUARD_MAX_SLUG_BYTES (200 bytes), too long for a file name; it is cut "
         "at a word", "add a shorter 'Slug: ...' line, or shorten the name"),
    Rule("placeholder", "warning", _GUARD,
         "a 'TODO:' line from `invoke new` is still in the file (in a draft, a warning at most)",
         "write what it asks for, or delete the line",
         setting="CONTENT_GUARD_PLACEHOLDER_LEVEL", varies=True),
    Rule("active-content", "warning", _GUARD,
         "a script, iframe, object or embed, an on...= event handler or a javascript:, "
         "vbscript: or data: URL in a post's body: left out of the page (in a draft, a "
         "warning at most); with 'Allow-Scripts: yes' kept, as an info; never in feeds",
         "remove it, or add 'Allow-Scripts: yes' if the post needs it",
         setting="CONTENT_GUARD_ACTIVE_CONTENT_LEVEL", varies=True),
    Rule("lone-surrogate", "warning", _GUARD,
         "the text holds an escape that is no character (a lone surrogate such as U+D800); "
         "it is shown as the replacement character", "write the character itself, or remove "
         "the escape"),
    Rule("unbuilt-file", "warning", _GUARD,
         "a Markdown, reST or HTML file under content/ that no setting builds",
         "move it to an article or page folder, or list its folder in the settings"),
    # content_guard: the content folder is a boundary (boundary_guard.py)
    Rule("outside-content", "error", _GUARD,
         "a file or folder under content/ (or a {static} link) leads outside the content "
         "folder; it is left out, nothing is read from there",
         "copy the file into content/, or delete the link"),
    Rule("link-loop", "warning", _GUARD,
         "a folder link under content/ points at a folder that holds it; it is not followed",
         "delete the link"),
    Rule("unsafe-path", "error", _GUARD,
         "Save_as, URL, Slug, Lang or Template (or an output setting) holds '..' or an "
         "absolute path; the post is left out (with Template: built with the default one), "
         "the setting turned off",
         "write a path inside the site, without '..'"),
    Rule("unknown-template", "error", _GUARD,
         "Template names no template of the theme; the post is built with the default one",
         "use one of the theme's templates, or remove the line"),
    Rule("reserved-output", "error", _GUARD,
         "Save_as or the slug would write over one of the site's own pages (home page, feeds, "
         "sitemap, robots.txt, 404, archives, tag, category and author pages, question "
         "hub, editorial report...) or another file's page; the file is left out",
         "remove the Save_as line, or give the file its own 'Slug: ...'"),
    # content_guard: links inside the site (link_handlers.py)
    Rule("broken-link", "warning", _GUARD,
         "a link or image in a post leads to no page or file of the site (relative, "
         "root-relative or to SITEURL's host), or a {filename}/{static} link names no file "
         "of the content folder (in a draft, a warning at most); the closest URL is given",
         "fix the link (the closest URL is suggested), or remove it",
         setting="CONTENT_GUARD_BROKEN_LINK_LEVEL", varies=True),
    Rule("broken-anchor", "warning", _GUARD,
         "a link's #anchor names no id on its target page (a heading's, a footnote's, an "
         "explicit id) (in a draft, a warning at most); the closest id is given",
         "use the id the heading or element has (the closest is suggested), or drop the "
         "#anchor", setting="CONTENT_GUARD_BROKEN_LINK_LEVEL", varies=True),
    # customer_questions: which customer question a post answers
    Rule("unknown-question-id", "error", _QUESTIONS,
         "Question-Id names no entry of the bank (the closest ids are given)",
         "fix the id, or add the question to the bank"),
    Rule("no-question", "warning", _QUESTIONS,
         "the post declares no customer question (a likely bank question is suggested)",
         "add 'Question-Id: <id>', or 'Question: <the customer's words>'"),
    Rule("question-inferred", "warning", _QUESTIONS,
         "the post undeclared was tagged with a bank question it confidently answers",
         "declare it with 'Question-Id: <id>'"),
    Rule("question-id-missing", "info", _QUESTIONS,
         "Question is (or is close to) a bank entry but has no Question-Id",
         "add 'Question-Id: <id>' so the bank counts the post"),
    Rule("question-wording", "info", _QUESTIONS,
         "Question differs from the bank's wording; the site shows the bank's",
         "change one of them if the difference matters"),
    Rule("competing-articles", "info", _QUESTIONS,
         "several posts answer the same question and compete for the same reader",
         "merge them, or make each answer its own question"),
    # customer_sources: whether a post is backed by customers
    Rule("missing-source", "warning", _SOURCES,
         "the post cites no customer source and has no Source-Exempt (in a draft, a warning "
         "at most)", "add 'Sources: <id>', quote a customer, or add 'Source-Exempt: <reason>'",
         setting="CUSTOMER_SOURCES_MISSING_LEVEL", varies=True),
    Rule("unknown-source-id", "error", _SOURCES,
         "Sources or a quote names an id not in the registry (the closest ids are given)",
         "fix the id, or register the source; a typo is not a citation"),
    Rule("private-source", "error", _SOURCES, "a published post cites a private source",
         "remove it, or record the customer's consent in the registry"),
    Rule("private-leak", "error", _SOURCES,
         "a private value of a source (or a run of 8 words of its notes, or an e-mail spelled "
         "'at'/'dot') is in a post's text, metadata, slug or URL, or in a static file's name, "
         "metadata or text; named by source and field, never shown",
         "remove it and refer to the source by its public attribution; for a file, strip "
         "its metadata or rename it"),
    Rule("unreadable-metadata", "error", _SOURCES,
         "a static PDF, image, office file or archive that cannot be read (encrypted or "
         "damaged), so it cannot be checked for private details",
         "save it again without encryption or damage, or remove it"),
    Rule("stale-sources", "warning", _SOURCES,
         "every source the post cites is older than CUSTOMER_SOURCES_STALE_DAYS",
         "add fresher customer evidence"),
    Rule("misplaced-source-line", "warning", _SOURCES,
         "a '— source:' line that is not the last line of its quote cites nothing",
         "end the quote with it; put a sentence between two quotes"),
    Rule("unregistered-quote", "info", _SOURCES,
         "a quote attributed to someone who is not a registered customer source",
         "register the source and end the quote with '— source: <id>' if it is a customer"),
    Rule("source-exempt", "info", _SOURCES, "the post is exempt, with its reason",
         "nothing; it is listed so editors see the exemptions"),
    # article_images: the Image field and the body's images in content/images/
    Rule("missing-image", "warning", "article_images",
         "Image, or an image of the post's body, names a file that is not in "
         "content/images/ (or SITE_LOGO names no file); it is left out (in a draft, a "
         "warning at most)", "check the file name, or put the file in content/images/",
         setting="ARTICLE_IMAGES_MISSING_LEVEL", varies=True),
    Rule("missing-alt", "warning", "article_images",
         "an image (the Image field, or one in the body) has no alt text (in a draft, a "
         "warning at most)", "add 'Image-Alt: <what it shows>' or ![what it shows](...); "
         "for decoration on purpose, 'Image-Alt: \"\"' or ![\"\"](...)",
         setting="ARTICLE_IMAGES_MISSING_LEVEL", varies=True),
    Rule("unreadable-image", "warning", "article_images",
         "an image in content/images/ the post uses cannot be read (damaged, not an image); "
         "it is left out (in a draft, a warning at most)",
         "save it again as PNG, JPEG or WebP", setting="ARTICLE_IMAGES_MISSING_LEVEL",
         varies=True),
    # Either YAML registry as a file
    Rule("registry-encoding", "error", _BOTH, "the file is not UTF-8",
         "re-save it as UTF-8"),
    Rule("registry-syntax", "error", _BOTH, "the file is not valid YAML (line given)",
         "fix the YAML at that line"),
    Rule("registry-shape", "error", _BOTH, "the file is not a list of entries, or an entry "
         "is not a mapping", "write one '- id: ...' mapping per entry"),
    Rule("registry-value", "error", _BOTH, "a value YAML cannot hold as written (line given)",
         "quote the value"),
    Rule("registry-too-large", "error", _BOTH, "the file is over "
         "CUSTOMER_EVIDENCE_REGISTRY_MAX_BYTES (5 MB) and was not read: none of its entries "
         "are used", "move long notes out of it, or raise the setting"),
    Rule("registry-aliases", "error", _BOTH, "more YAML aliases (*name) than "
         "CUSTOMER_EVIDENCE_REGISTRY_MAX_ALIASES (100) once expanded, or an alias inside its "
         "own block; the file was not read", "write the values out instead of repeating them "
         "with aliases"),
    # The question bank's entries
    Rule("bank-missing-id", "error", _BANK, "an entry has no id", "add 'id: some-short-name'"),
    Rule("bank-duplicate-id", "error", _BANK, "two entries share an id",
         "give each entry its own id"),
    Rule("bank-missing-question", "error", _BANK, "an entry has no question text",
         "add 'question: ...' in the customer's words"),
    Rule("bank-unknown-topic", "error", _BANK, "topic is not one of the site's topics",
         "use one of CUSTOMER_QUESTIONS_TOPICS, or add it there"),
    Rule("bank-unknown-stage", "error", _BANK, "stage is not one of the site's stages",
         "use one of CUSTOMER_QUESTIONS_STAGES, or add it there"),
    Rule("bank-bad-asked", "error", _BANK, "asked is not a whole number, 0 or more",
         "write how many times customers asked it"),
    Rule("bank-bad-heard-in", "error", _BANK, "heard_in is not a list of channel names",
         "write it as [sales-call, support-ticket]"),
    Rule("bank-bad-last-heard", "error", _BANK, "last_heard is not a date",
         "write it as YYYY-MM-DD"),
    Rule("bank-unknown-field", "warning", _BANK, "an entry has a field the bank does not use",
         "remove it, or fix its spelling"),
    # The source registry's entries
    Rule("sources-missing-id", "error", _REGISTRY, "an entry has no id",
         "add 'id: some-short-name'"),
    Rule("sources-duplicate-id", "error", _REGISTRY, "two entries share an id",
         "give each entry its own id"),
    Rule("sources-unknown-kind", "error", _REGISTRY, "kind is not one of the site's source kinds",
         "use one of CUSTOMER_SOURCES_KINDS, or add it there"),
    Rule("sources-bad-date", "error", _REGISTRY, "date is missing, not a date, or in the future",
         "write the day the customer said it, as YYYY-MM-DD"),
    Rule("sources-missing-attribution", "error", _REGISTRY, "an entry has no public attribution",
         "add 'attribution: ...', how the site may name the source"),
    Rule("sources-unknown-consent", "error", _REGISTRY,
         "consent is not public, anonymised or private", "use one of the three"),
    Rule("sources-bad-url", "error", _REGISTRY,
         "url is not an http(s) address, or is given without public consent",
         "fix the address, or remove it"),
    Rule("sources-bad-private", "error", _REGISTRY, "the private block is not a mapping of "
         "fields", "write it as 'private:' with one 'field: value' per line"),
    Rule("sources-unknown-field", "warning", _REGISTRY,
         "an entry has a field the registry does not use", "remove it, or fix its spelling"),
    Rule("sources-private-too-short", "warning", _REGISTRY,
         "a private value under 4 characters: it stays private, but it is too short to "
         "look for safely, so neither the build nor the privacy scan checks for it",
         "write it in full (the whole name), or check the posts for it yourself"),
    Rule("sources-unknown-private-field", "warning", _REGISTRY,
         "a private field other than name, company, email or notes (still kept private)",
         "check its spelling"),
    # The authors file's entries (author_profiles)
    Rule("authors-missing-name", "error", _AUTHORS, "an entry has no name; it is ignored",
         "add 'name: ...', written as posts write it in 'Author:'"),
    Rule("authors-duplicate-name", "error", _AUTHORS,
         "two entries name the same author (case and spacing aside); the later is ignored",
         "keep one entry per author"),
    Rule("authors-bad-text", "error", _AUTHORS, "role or bio is not plain text; it is left out",
         "write it as text after 'role:' or 'bio:', in quotes if need be"),
    Rule("authors-bad-photo", "error", _AUTHORS,
         "photo is not an image file (PNG, JPEG, WebP, GIF, AVIF) in a static folder of the "
         "content folder (STATIC_PATHS, e.g. content/images/); it is left out",
         "add the file, fix the name, or move it into content/images/"),
    Rule("authors-bad-url", "error", _AUTHORS,
         "url or a same_as entry is not an http(s) address; it is left out",
         "write the full address starting with https://"),
    Rule("authors-unknown-field", "warning", _AUTHORS,
         "an entry has a field the authors file does not use; it is left out, never published",
         "remove it, or fix its spelling"),
    Rule("authors-unknown-author", "info", _AUTHORS,
         "a post names an author the authors file does not list (only when the file lists "
         "someone): no author box for them", "add them to the authors file, or fix the name"),
    # calls_to_action: the CALLS_TO_ACTION and FOOTER_CALL_TO_ACTION settings
    Rule("bad-call-to-action", "warning", "calls_to_action",
         "a call to action in the settings has an unknown key, no heading or label, a URL "
         "that is not https:// or /..., or names a category or stage the site lacks; it is "
         "left out", "correct that entry in pelicanconf.py as the message says"),
    # Pelican's own warnings and errors, kept by the audit and the report
    Rule("pelican", "warning", "Pelican", "a warning or error Pelican itself logged",
         "read the message; it names the file", varies=True),
)

RULES = {rule.name: rule for rule in CATALOGUE}


class UnknownRule(ValueError):
    """A finding names a rule the catalogue does not declare."""


def rule(name: str) -> Rule:
    """The rule of that name; UnknownRule if there is none."""
    found = RULES.get(name)
    if found is None:
        raise UnknownRule(f"unknown finding rule {name!r}; declare it in "
                          "customer_evidence/core/rules.py")
    return found


def markdown_table() -> str:
    """The catalogue as the README's rule reference: one row per rule."""
    rows = ["| rule | checked by | default level | means | fix |", "|---|---|---|---|---|"]
    for r in CATALOGUE:
        level = f"{r.level} (`{r.setting}`)" if r.setting else r.level
        rows.append(f"| `{r.name}` | {r.source} | {level} | {r.means} | {r.fix} |")
    return "\n".join(rows)


if __name__ == "__main__":
    sys.stdout.write(markdown_table() + "\n")
