"""Calls to action: the settings, checked once per build, and the one an article gets.

Two settings (pelicanconf.py), both optional; without them no block is shown:

    CALLS_TO_ACTION = {
        "default": CTA,                        # every article without a closer match
        "category": {"Cost and pricing": CTA},  # by the article's category name
        "stage": {"decision": CTA},             # by the buying stage of its question
    }
    FOOTER_CALL_TO_ACTION = CTA                 # in the footer of every page

A CTA is a dict: "heading" (required), "text" (optional), and either a link
("label", "url") or a form ("form_action", "label" for its button, optional
"email_label" for its email field). A URL is https://, http:// or starts with "/"
(the theme prefixes SITEURL, as for LINKS); a form's is https:// or "/" only (it
posts an email address), and neither may hold a backslash ("/\\host" is another
site). A bad entry is a problem message naming
the setting and key; the build leaves that CTA out and carries on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from difflib import get_close_matches
from typing import Any

SETTING = "CALLS_TO_ACTION"
FOOTER_SETTING = "FOOTER_CALL_TO_ACTION"
SECTIONS = ("default", "category", "stage")
KEYS = ("heading", "text", "label", "url", "form_action", "email_label")
DEFAULT_EMAIL_LABEL = "Your email address"
EXAMPLE = ('e.g. {"heading": "Ask us your question", "text": "...", '
           '"label": "Contact us", "url": "/contact/"}')
# A backslash is never allowed: browsers read "/\\host" as "//host", another site.
_URL_RE = re.compile(r"^(https?://[^/\s\\]+(/[^\s\\]*)?|/(?![/\\])[^\s\\]*)\Z")
# A form posts a reader's email address: never in the clear (http://, mixed content).
_FORM_RE = re.compile(r"^(https://[^/\s\\]+(/[^\s\\]*)?|/(?![/\\])[^\s\\]*)\Z")

CTA = dict[str, str]


def check_entry(where: str, entry: Any) -> tuple[CTA | None, list[str]]:
    """One CTA: its clean dict (link or form), or None and what is wrong with it."""
    if not isinstance(entry, Mapping):
        return None, [f"{where} must be a dict, {EXAMPLE}; this call to action is left out"]
    problems = []
    unknown = sorted(str(k) for k in entry if k not in KEYS)
    if unknown:
        problems.append(f"{where}: unknown key(s) {', '.join(map(repr, unknown))}; the keys "
                        f"are {', '.join(KEYS)}")
    for key in KEYS:
        value = entry.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(f"{where}[{key!r}] must be text, not {type(value).__name__}")
    for key in ("heading", "label"):
        if not str(entry.get(key) or "").strip():
            what = "the button's text" if entry.get("form_action") else "the link's text"
            problems.append(f"{where} has no {key!r}" + (f" ({what})" if key == "label" else "")
                            + f"; add one, {EXAMPLE}")
    has_url, has_form = bool(entry.get("url")), bool(entry.get("form_action"))
    if has_url == has_form:
        problems.append(f"{where} needs either 'url' (a link) or 'form_action' (a form that "
                        "posts an email address), not " + ("both" if has_url else "neither"))
    for key, pattern in (("url", _URL_RE), ("form_action", _FORM_RE)):
        value = entry.get(key)
        if isinstance(value, str) and value and not pattern.match(value):
            problems.append(f"{where}[{key!r}] is {value!r}: write a full https:// address "
                            "or one starting with '/' on this site, e.g. '/contact/'")
    if problems:
        return None, [f"{p}; this call to action is left out" for p in problems]
    cta = {"heading": entry["heading"].strip(), "text": (entry.get("text") or "").strip(),
           "label": entry["label"].strip()}
    if has_url:
        cta["url"] = entry["url"]
    else:
        cta["form_action"] = entry["form_action"]
        cta["email_label"] = (entry.get("email_label") or "").strip() or DEFAULT_EMAIL_LABEL
    return cta, []


def check_calls_to_action(
    table: Any, categories: Iterable[str] | None, stages: Iterable[str]
) -> tuple[dict, list[str]]:
    """CALLS_TO_ACTION, cleaned: {"default": CTA | None, "category": {...}, "stage": {...}}.

    `categories` are the names the site's articles use (None: not known, e.g. an audit
    of a few files, so not checked); `stages` the vocabulary's stage ids.
    """
    clean: dict = {"default": None, "category": {}, "stage": {}}
    if not table:
        return clean, []
    if not isinstance(table, Mapping):
        return clean, [f"{SETTING} must be a dict with the keys {', '.join(SECTIONS)}, "
                       "e.g. {\"default\": {...}}; no call to action is shown"]
    problems = [f"{SETTING}: unknown key {key!r}; the keys are {', '.join(SECTIONS)}; it is "
                "ignored" for key in table if key not in SECTIONS]
    if table.get("default") is not None:
        clean["default"], found = check_entry(f"{SETTING}['default']", table["default"])
        problems += found
    known = {"category": None if categories is None else set(categories), "stage": set(stages)}
    for section in ("category", "stage"):
        entries = table.get(section) or {}
        if not isinstance(entries, Mapping):
            problems.append(f"{SETTING}[{section!r}] must be a dict of {section} -> call to "
                            "action; it is ignored")
            continue
        for name, entry in entries.items():
            where = f"{SETTING}[{section!r}][{name!r}]"
            names = known[section]
            if section == "category" and names is not None and name not in names:
                # A category no article uses yet may be planned; one spelt like a used
                # one is a typo.
                close = get_close_matches(str(name).casefold(),
                                          {n.casefold(): n for n in names}, n=1, cutoff=0.8)
                if close:
                    used = {n.casefold(): n for n in names}[close[0]]
                    problems.append(f"{where}: no article is in that category; did you mean "
                                    f"{used!r}? Fix the name; this call to action is left out")
                    continue
            elif section == "stage" and name not in names:
                listed = ", ".join(map(repr, sorted(names))) or "none"
                problems.append(f"{where}: that is not a stage of CUSTOMER_QUESTIONS_STAGES "
                                f"(known: {listed}); fix the name or remove the entry; this "
                                "call to action is left out")
                continue
            cta, found = check_entry(where, entry)
            problems += found
            if cta:
                clean[section][name] = cta
    return clean, problems


def check_footer(entry: Any) -> tuple[CTA | None, list[str]]:
    """FOOTER_CALL_TO_ACTION, cleaned (None when unset or wrong)."""
    if not entry:
        return None, []
    return check_entry(FOOTER_SETTING, entry)


def choose(table: Mapping, category: str | None, stage: str | None) -> CTA | None:
    """The article's call to action: by its category, else its question's stage, else
    the default (None when there is none)."""
    if category and category in table.get("category", {}):
        return table["category"][category]
    if stage and stage in table.get("stage", {}):
        return table["stage"][stage]
    return table.get("default")


def site_path(url: str) -> str | None:
    """A root-relative URL's page on the site, normalised ("/a/b/index.html?x#y" -> "a/b");
    None for a full https:// address, which is not this site's to check."""
    if not url.startswith("/"):
        return None
    path = re.split(r"[?#]", url, maxsplit=1)[0].lstrip("/")
    return normal_path(path)


def normal_path(path: str) -> str:
    """"a/b/", "a/b/index.html" and "a/b" are one page."""
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path.strip("/")


def drop_unknown_targets(
    table: dict, footer: CTA | None, known: set[str]
) -> tuple[dict, CTA | None, list[str]]:
    """Leave out each CTA whose root-relative link or form goes to no page of the site
    (`known`: normal_path of every URL the build writes), with a problem naming it."""
    problems = []

    def kept(where: str, cta: CTA | None) -> CTA | None:
        if cta is None:
            return None
        key = "url" if "url" in cta else "form_action"
        path = site_path(cta[key])
        if path is None or path in known:
            return cta
        problems.append(f"{where}[{key!r}] is {cta[key]!r}, which is no page of this site; "
                        "write the URL of a page it has (e.g. '/contact/' for "
                        "content/pages/contact.md) or a full https:// address; this call "
                        "to action is left out")
        return None

    clean = {"default": kept(f"{SETTING}['default']", table.get("default"))}
    for section in ("category", "stage"):
        entries = {name: kept(f"{SETTING}[{section!r}][{name!r}]", cta)
                   for name, cta in table.get(section, {}).items()}
        clean[section] = {name: cta for name, cta in entries.items() if cta}
    return clean, kept(FOOTER_SETTING, footer), problems
