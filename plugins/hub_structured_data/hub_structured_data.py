"""hub_structured_data: breadcrumbs and list pages' structured data, for the theme.

Puts `hub_data` (customer_evidence.core.hub_structured_data.HubData, with this
build's SITEURL) in every generator's Jinja globals. The theme's templates build
BreadcrumbList and CollectionPage JSON-LD with it, and the visible breadcrumbs from
the same crumbs; a theme or site without the plugin simply has neither
(`{% if hub_data is defined %}`).
"""

from __future__ import annotations

from pelican import signals

from customer_evidence.core.hub_structured_data import HubData

GLOBAL = "hub_data"


def add_hub_data(generator) -> None:
    """The `hub_data` global in this generator's templates (generator_init)."""
    generator.env.globals[GLOBAL] = HubData(generator.settings.get("SITEURL", ""))


def register() -> None:
    signals.generator_init.connect(add_hub_data)
