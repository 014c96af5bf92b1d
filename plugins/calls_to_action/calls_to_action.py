"""calls_to_action: a call to action at the end of each article and in the footer.

Checks CALLS_TO_ACTION and FOOTER_CALL_TO_ACTION once per build (and audit), when
the articles and pages have been read (customer_evidence.core.calls_to_action; a bad
entry, or a root-relative link to no page of the site, is a `bad-call-to-action`
warning and is left out), and sets, for the theme:

- `article.call_to_action`: the CTA of its category, else of its question's buying
  stage, else the default; None when there is none. Drafts get theirs (the preview).
- `footer_call_to_action` in the context: the footer's CTA, or None.
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from customer_evidence.core import context as keys
from customer_evidence.core.articles import address, all_articles_in
from customer_evidence.core.calls_to_action import (
    FOOTER_SETTING,
    SETTING,
    check_calls_to_action,
    check_footer,
    choose,
    drop_unknown_targets,
    normal_path,
)
from customer_evidence.core.findings import AUDIT_SCOPE, Finding, log_findings, record
from customer_evidence.core.vocabulary import vocabulary_of

FOOTER_KEY = "footer_call_to_action"
SETTINGS_FILE = "pelicanconf.py"


def choose_calls_to_action(generator) -> None:
    """Check the settings, then give every article its CTA (page_generator_finalized:
    the articles are read by then, in builds and in the audit alike)."""
    settings, context = generator.settings, generator.context
    articles = all_articles_in(context)
    # An audit of a few changed files sees neither every category nor every page.
    partial = bool(settings.get(AUDIT_SCOPE))
    categories = None if partial else {
        a.category.name for a in articles if getattr(a, "category", None)}
    table, problems = check_calls_to_action(
        settings.get(SETTING), categories, vocabulary_of(settings).stages)
    footer, footer_problems = check_footer(settings.get(FOOTER_SETTING))
    problems += footer_problems
    if not partial:
        table, footer, missing = drop_unknown_targets(
            table, footer, site_pages(context) | static_files(settings))
        problems += missing
    context[FOOTER_KEY] = footer
    log_findings(record(context, [
        Finding("warning", "bad-call-to-action", SETTINGS_FILE, None, p) for p in problems]))
    for article in articles:
        category = getattr(article, "category", None)
        question = getattr(article, "customer_question", None) or {}
        article.call_to_action = choose(table, category.name if category else None,
                                        question.get("stage"))


def site_pages(context: dict) -> set[str]:
    """Every page the build writes for readers, as normal_path()s: articles and pages
    (not drafts), term and question pages, the direct templates."""
    urls = [""]
    for name in ("articles", "hidden_articles", "pages", "hidden_pages"):
        for item in context.get(name, ()):
            urls += [address(item, context)[0],
                     *(address(t, context)[0] for t in getattr(item, "translations", ()))]
    for name in ("categories", "tags", "authors"):
        urls += [term.url for term, _ in context.get(name, ())]
    hub = context.get(keys.QUESTIONS_HUB)
    if hub:
        urls.append(hub["url"])
    urls += [group["url"] for group in context.get(keys.QUESTION_PAGES, {}).values()]
    for template in context.get("DIRECT_TEMPLATES", ()):
        name = template.upper()
        urls.append(context.get(f"{name}_URL") or context.get(f"{name}_SAVE_AS")
                    or f"{template}.html")
    return {normal_path(url) for url in urls if isinstance(url, str)}


def static_files(settings: dict) -> set[str]:
    """The files of STATIC_PATHS, as normal_path()s of where they are published (their
    path in the content folder; the static generator has not listed them yet)."""
    content = Path(settings["PATH"])
    files = set()
    for folder in settings.get("STATIC_PATHS", ()):
        root = content / folder
        found = [root] if root.is_file() else root.rglob("*") if root.is_dir() else ()
        files |= {normal_path(p.relative_to(content).as_posix()) for p in found if p.is_file()}
    return files


def register() -> None:
    signals.page_generator_finalized.connect(choose_calls_to_action)
