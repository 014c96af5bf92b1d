"""author_profiles: each author's role, bio and photo from content/authors.yml.

What it adds, when the authors file lists anyone (without one, nothing changes):

- `article.author_profiles`: the article's authors that have a profile, by name as
  the post writes it, each a dict of public fields (name, role, bio, photo with url,
  width and height, url, same_as, page_url), for the theme's author box.
- `author_profiles` in the context: the same for every author with a page, plus
  `structured_data` (a schema.org ProfilePage) for the author pages.
- The article's schema.org `author`: Persons with url (the author page), jobTitle,
  description, image and sameAs.
- Findings: the file's own (customer_evidence.core.author_profiles), and
  `authors-unknown-author` (info) for a post naming an author the file lacks.

Setting: AUTHOR_PROFILES_FILE (default "authors.yml", relative to PATH).
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from customer_evidence.core.articles import all_articles
from customer_evidence.core.author_profiles import ContentFolder, Profiles, load_profiles, public
from customer_evidence.core.authors_settings import authors_path, check_settings
from customer_evidence.core.findings import (
    Finding,
    display_path,
    findings_only,
    log_findings,
    record,
)
from customer_evidence.core.header import field_line
from customer_evidence.core.registry_limits import limits_of
from customer_evidence.core.structured_data import people, profile_page, structured_data

CONTEXT_KEY = "author_profiles"


def attach_profiles(generator) -> None:
    """Load the authors file, give each article its authors' profiles, log the findings."""
    settings = generator.settings
    path = authors_path(settings)
    folder = ContentFolder(Path(settings["PATH"]), tuple(settings.get("STATIC_PATHS") or ()))
    profiles, findings = load_profiles(path, folder, limits_of(settings))
    generator.context[CONTEXT_KEY] = {}
    if profiles.profiles:
        findings += _apply(generator, profiles, path)
    log_findings(record(generator.context, findings))


def _apply(generator, profiles: Profiles, path: Path) -> list[Finding]:
    settings = generator.settings
    siteurl, static_url = settings.get("SITEURL", ""), settings.get("STATIC_URL", "{path}")
    pages = {author.name: author.url for author, _ in generator.authors}
    shown: dict[str, dict] = {}

    def profile_of(name: str) -> dict | None:
        if name not in shown:
            profile = profiles.get(name)
            shown[name] = public(profile, static_url, pages.get(name)) if profile else None
        return shown[name]

    findings = []
    for article in all_articles(generator):
        found = {}
        for author in getattr(article, "authors", ()):
            profile = profile_of(author.name)
            if profile:
                found[author.name] = profile
            else:
                findings.append(_unknown(article, author.name, path))
        article.author_profiles = found
        if not findings_only(settings):
            structured_data(article, settings, generator.context)["author"] = \
                people(article, siteurl)
    generator.context[CONTEXT_KEY] = {
        name: {**profile_of(name), "structured_data": profile_page(name, profile_of(name),
                                                                   siteurl)}
        for name in pages if profile_of(name)}
    return findings


def _unknown(article, name: str, path: Path) -> Finding:
    source = article.source_path
    line = (field_line(source, "author") or field_line(source, "authors")) \
        if source.endswith((".md", ".markdown")) else None
    return Finding("info", "authors-unknown-author", display_path(source), line,
                   f"author {name!r} is not in {display_path(str(path))}, so the post shows "
                   "no author box for them; add an entry for them there, or fix the name")


def register() -> None:
    """Connect author_profiles' handlers to Pelican's signals."""
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(attach_profiles)
