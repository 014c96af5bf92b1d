"""The site's own output files, which no article or page may write over. Pure.

Besides the articles and pages, Pelican and the plugins write: the direct templates
(the home page, archives, tags, categories, authors, 404, robots.txt...) and their
pagination, the feeds, the category, tag, author and period archive pages, the
theme's files (THEME_STATIC_DIR), TEMPLATE_PAGES, the question hub and question
pages, the editorial report, and the files a server, a crawler or GitHub Pages
looks for (sitemap.xml, CNAME...); a plugin's outputs only when PLUGINS loads it.
Each is a pattern: a tag page's name holds its slug, a page of the home page's
pagination its number. A feed's or a plugin output's default is reserved as well as
its value, so that a development build (feeds and the report's settings differ)
reports what the publish build would.

natural_output predicts where an article or page will be written from its header
alone: Pelican reads the pages after the articles, and an article's Save_as must not
take a page's place.
"""

from __future__ import annotations

import posixpath
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import get_date, slugify

from customer_evidence.core.questions_settings import DEFAULTS as QUESTIONS_DEFAULTS

from .boundary import normal_output, unsafe_path

# Files with a meaning of their own to a web server, a crawler or GitHub Pages.
WELL_KNOWN = {
    "robots.txt": "robots.txt", "sitemap.xml": "the sitemap", "sitemap.txt": "the sitemap",
    "favicon.ico": "the site's icon",
    "CNAME": "GitHub Pages' domain file", ".nojekyll": "GitHub Pages' settings file",
    ".htaccess": "the web server's settings file",
}
DIRECT_LABELS = {"index": "the home page", "archives": "the archives page",
                 "tags": "the tags page", "categories": "the categories page",
                 "authors": "the authors page", "404": "the 404 page", "robots": "robots.txt"}
FEEDS = ("FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS", "CATEGORY_FEED_ATOM",
         "CATEGORY_FEED_RSS", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS", "TAG_FEED_ATOM",
         "TAG_FEED_RSS", "TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS")
# Setting -> (what it writes, its PAGINATED_TEMPLATES name)
TAXONOMIES = {
    "CATEGORY_SAVE_AS": ("a category page", "category"),
    "TAG_SAVE_AS": ("a tag page", "tag"),
    "AUTHOR_SAVE_AS": ("an author page", "author"),
    "YEAR_ARCHIVE_SAVE_AS": ("a yearly archive", "period_archives"),
    "MONTH_ARCHIVE_SAVE_AS": ("a monthly archive", "period_archives"),
    "DAY_ARCHIVE_SAVE_AS": ("a daily archive", "period_archives"),
}
# Setting -> (what it writes, the plugin that writes it)
PLUGIN_OUTPUTS = {
    "CUSTOMER_QUESTIONS_HUB_SAVE_AS": ("the question hub", "customer_questions"),
    "CUSTOMER_QUESTIONS_SAVE_AS": ("a question page", "customer_questions"),
    "CUSTOMER_QUESTIONS_COVERAGE_SAVE_AS": ("the question coverage data",
                                            "customer_questions"),
    "EDITORIAL_REPORT_SAVE_AS": ("the editorial report", "editorial_report"),
    "EDITORIAL_REPORT_JSON_SAVE_AS": ("the editorial report's data", "editorial_report"),
}
# Their defaults; the editorial report's as in editorial_report.py (a plugin imports
# no other plugin).
PLUGIN_DEFAULTS = {**{k: QUESTIONS_DEFAULTS.get(k) for k in PLUGIN_OUTPUTS},
                   "EDITORIAL_REPORT_SAVE_AS": "editorial/index.html",
                   "EDITORIAL_REPORT_JSON_SAVE_AS": "editorial/report.json"}
_SEGMENT, _ANYTHING, _NUMBER = "\x00", "\x01", "\x02"
_REGEX = {_SEGMENT: "[^/]+", _ANYTHING: ".+", _NUMBER: "[0-9]+"}


@dataclass(frozen=True)
class Reserved:
    """Output files the site writes itself: what they are, and their names' pattern."""

    what: str  # "the home page (INDEX_SAVE_AS)"
    pattern: re.Pattern


def reserved_outputs(settings: Mapping) -> tuple[Reserved, ...]:
    """Every output of the site that is not an article's or a page's."""
    found: list[tuple[str, str]] = []  # (what, save_as template)
    paginated = settings.get("PAGINATED_TEMPLATES") or {}
    rules = settings.get("PAGINATION_PATTERNS") or ()
    for name in settings.get("DIRECT_TEMPLATES") or ():
        key = f"{str(name).upper()}_SAVE_AS"
        save_as = settings.get(key, f"{name}.html")
        label = DIRECT_LABELS.get(name, f"the {name} page")
        found += _with_pages(label, key, save_as, rules if name in paginated else ())
    for key, (label, template) in TAXONOMIES.items():
        found += _with_pages(label, key, settings.get(key),
                             rules if template in paginated else ())
    for key in FEEDS:
        for value in _values(settings.get(key), DEFAULT_CONFIG.get(key)):
            found.append((f"a feed ({key})", value))
    for key, (label, plugin) in PLUGIN_OUTPUTS.items():
        if _uses(settings, plugin):
            for value in _values(settings.get(key), PLUGIN_DEFAULTS.get(key)):
                found.append((f"{label} ({key})", value))
    for value in (settings.get("TEMPLATE_PAGES") or {}).values():
        found.append(("a template page (TEMPLATE_PAGES)", value))
    found += [(what, name) for name, what in WELL_KNOWN.items()]
    reserved = [Reserved(what, re.compile(_regex(_sentinels(save_as))))
                for what, save_as in found if save_as]
    theme = normal_output(settings.get("THEME_STATIC_DIR") or "")
    if theme not in ("", "."):
        reserved.append(Reserved("the theme's files (THEME_STATIC_DIR)",
                                 re.compile(re.escape(theme) + "/.+")))
    bundle = normal_output(str(settings.get("SITE_SEARCH_BUNDLE") or "pagefind"))
    if _uses(settings, "site_search") and bundle not in ("", "."):
        reserved.append(Reserved("the search index (SITE_SEARCH_BUNDLE)",
                                 re.compile(re.escape(bundle) + "/.+")))
    return tuple(reserved)


def reserved_by(save_as: str, reserved: Iterable[Reserved]) -> Reserved | None:
    """The site's output that `save_as` would write over, if any."""
    normal = normal_output(save_as)
    return next((r for r in reserved if r.pattern.fullmatch(normal)), None)


def unsafe_output_settings(settings: Mapping) -> list[tuple[str, object, object]]:
    """(setting, value, what to use instead) for each output setting leading outside the
    output folder: a *_SAVE_AS is turned off (""), a feed too (None), THEME_STATIC_DIR
    goes back to "theme", TEMPLATE_PAGES loses the entries that lead out."""
    found: list[tuple[str, object, object]] = []
    for key in sorted(k for k in settings if isinstance(k, str)):
        value = settings[key]
        if key.endswith("_SAVE_AS") or key in FEEDS or key == "THEME_STATIC_DIR":
            if isinstance(value, str) and value and unsafe_path(value):
                replacement = {"THEME_STATIC_DIR": "theme"}.get(
                    key, None if key in FEEDS else "")
                found.append((key, value, replacement))
        elif key == "TEMPLATE_PAGES" and isinstance(value, Mapping):
            kept = {k: v for k, v in value.items() if not unsafe_path(v)}
            if len(kept) < len(value):
                found.append((key, {k: v for k, v in value.items() if k not in kept}, kept))
    return found


def natural_output(kind: str, fields: Mapping[str, str], relative: str,
                   settings: Mapping) -> str | None:
    """Where an article ("article") or page ("page") whose header holds `fields` (keys
    lower case) is written, when it sets no Save_as and the header tells; else None."""
    status = fields.get("status", "published").strip().lower()
    if "save_as" in fields or status == "skip":
        return None
    slug = fields.get("slug") or _slug(fields, relative, settings)
    if not slug:
        return None
    default_lang = str(settings.get("DEFAULT_LANG") or "en").lower()
    lang = fields.get("lang") or default_lang
    prefix = {("article", False): "ARTICLE", ("article", True): "DRAFT",
              ("page", False): "PAGE", ("page", True): "DRAFT_PAGE"}[kind, status == "draft"]
    template = settings.get(f"{prefix}_SAVE_AS" if lang == default_lang
                            else f"{prefix}_LANG_SAVE_AS")
    if not template:
        return None
    values: dict[str, object] = {**fields, "slug": slug, "lang": lang, "path": relative}
    try:
        if "date" in fields:
            values["date"] = get_date(fields["date"])
        for name in ("category", "author"):
            if name in fields:
                values[name] = _slugify(fields[name], settings)
        return normal_output(str(template).format(**values))
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):
        return None


def _slug(fields: Mapping[str, str], relative: str, settings: Mapping) -> str:
    source = settings.get("SLUGIFY_SOURCE", "title")
    if source == "basename":
        value = posixpath.splitext(posixpath.basename(relative))[0]
    else:
        value = fields.get("title", "")
    return _slugify(value, settings) if value else ""


def _slugify(value: str, settings: Mapping) -> str:
    return slugify(value, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
                   preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
                   use_unicode=settings.get("SLUGIFY_USE_UNICODE", False))


def _uses(settings: Mapping, plugin: str) -> bool:
    """Whether PLUGINS loads this plugin (None: Pelican loads every one installed)."""
    plugins = settings.get("PLUGINS")
    if plugins is None:
        return True
    names = (str(getattr(p, "__name__", p)).rsplit(".", 1)[-1] for p in plugins)
    return plugin in names


def _values(*candidates: object) -> list[str]:
    """The distinct non-empty strings among a setting's value and its default."""
    return list(dict.fromkeys(c for c in candidates if isinstance(c, str) and c))


def _with_pages(label: str, key: str, save_as: object,
                rules: Iterable) -> list[tuple[str, str]]:
    """An output, and the later pages of its pagination (PAGINATION_PATTERNS)."""
    if not isinstance(save_as, str) or not save_as:
        return []
    found = [(f"{label} ({key})", save_as)]
    full = _sentinels(save_as)
    name, extension = posixpath.splitext(full)
    folder, filename = posixpath.split(full)
    base_name = folder if filename in ("index.htm", "index.html") else name
    for rule in rules:
        pattern = rule[2] if isinstance(rule, (tuple, list)) and len(rule) > 2 else None
        if not isinstance(pattern, str) or pattern == "{save_as}":
            continue
        try:
            page = pattern.format(save_as=full, url=_ANYTHING, name=name, base_name=base_name,
                                  extension=extension, number=_NUMBER)
        except (KeyError, IndexError, ValueError):
            continue
        page = page[1:] if page.startswith("/") else page
        # Escape braces so that _sentinels reads the page's name back as it is.
        found.append((f"a later page of {label} ({key}, PAGINATION_PATTERNS)",
                      re.sub(r"[{}]", lambda m: m[0] * 2, page)))
    return found


def _sentinels(template: str) -> str:
    """A save_as template with each {field} as a sentinel: one segment, or anything when
    its format could hold a '/' ({date:%Y/%m})."""
    parts = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:  # unbalanced braces: taken as written
        return template
    for literal, field, spec, _ in parsed:
        parts.append(literal)
        if field is not None:
            parts.append(_ANYTHING if "/" in (spec or "") else _SEGMENT)
    return "".join(parts)


def _regex(text: str) -> str:
    normal = normal_output(text) if text else text
    return "".join(_REGEX.get(ch) or re.escape(ch) for ch in normal)
