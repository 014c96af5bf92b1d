"""site_search: a Pagefind index of the built site, for the theme's search page.

After Pelican has written the site (the `finalized` signal), runs the Pagefind binary
installed from PyPI (`pagefind[bin]`, see pagefind_run) over the output folder, so
every build (`invoke build`, `regenerate`, `livereload`, `preview`, `publish`) has an
index in OUTPUT_PATH/SITE_SEARCH_BUNDLE/. Pagefind indexes only the pages that mark
their content with `data-pagefind-body`: this theme marks published articles and
pages, never drafts, list pages, the editorial report or the 404 page.

Skipped when the audit runs (it writes no pages). If the binary is missing or fails,
a warning says what to install and the site still builds; the theme's search box then
stays a link to the question hub.

Settings (defaults below): SITE_SEARCH (run it at all), SITE_SEARCH_BUNDLE (the
bundle's folder under the output, which the theme loads), SITE_SEARCH_EXCLUDE
(CSS selectors of elements left out of the indexed text), SITE_SEARCH_TIMEOUT
(seconds before the run is given up), SITE_SEARCH_BACKGROUND (index on a thread after
the build returns, swapping the new index in when whole: `invoke regenerate` and
`livereload` turn it on, so an edit is on screen before the search catches up). It
sets SITE_SEARCH_READY for the templates: True when an index will be built (on, not
the audit, the binary found).
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from pelican import signals

from customer_evidence.core.findings import findings_only

from . import background, pagefind_run

log = logging.getLogger(__name__)

DEFAULTS = {"SITE_SEARCH": True, "SITE_SEARCH_BUNDLE": "pagefind", "SITE_SEARCH_EXCLUDE": (),
            "SITE_SEARCH_TIMEOUT": 300, "SITE_SEARCH_BACKGROUND": False}


def setting(settings: dict, name: str):
    return settings.get(name, DEFAULTS[name])


def wanted(settings: dict) -> bool:
    """Whether this run should build an index: on, and writing pages."""
    return bool(setting(settings, "SITE_SEARCH")) and not findings_only(settings)


def exclusions(value: object) -> list[str]:
    """SITE_SEARCH_EXCLUDE as a list of CSS selectors (one string is one selector)."""
    if isinstance(value, str):
        value = [value]
    return [str(s).strip() for s in value or () if str(s).strip()]


def add_defaults(pelican) -> None:
    """The settings' defaults in the templates' context too, and SITE_SEARCH_READY:
    whether an index will be built, so the theme offers the search form at all."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)
    ready = wanted(pelican.settings) and pagefind_run.find_binary() is not None
    pelican.settings["SITE_SEARCH_READY"] = ready
    if wanted(pelican.settings) and not ready:
        log.warning(pagefind_run.missing_message())


def index_site(pelican) -> None:
    if not pelican.settings.get("SITE_SEARCH_READY"):
        return  # off, the audit, or no binary (add_defaults said so)
    bundle = pagefind_run.bundle_name(setting(pelican.settings, "SITE_SEARCH_BUNDLE"))
    if bundle is None:
        log.warning("site search: SITE_SEARCH_BUNDLE must be a folder name under the "
                    "output, such as \"pagefind\"; the site has no search index")
        return
    site, timeout = Path(pelican.output_path), float(setting(pelican.settings,
                                                             "SITE_SEARCH_TIMEOUT"))
    exclude = exclusions(setting(pelican.settings, "SITE_SEARCH_EXCLUDE"))
    if setting(pelican.settings, "SITE_SEARCH_BACKGROUND"):
        background.RUNNER.request(
            partial(background.index_then_swap, site, bundle, timeout, exclude))
        return
    done = pagefind_run.run(site, bundle, timeout, exclude)
    (log.info if done.ok else log.warning)(done.message)


def register() -> None:
    signals.initialized.connect(add_defaults)
    signals.finalized.connect(index_site)
