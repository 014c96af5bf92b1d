"""editorial_report: an internal report on every article, for editors. Development builds only.

What it writes, from what the other plugins already decided (it decides nothing):

- EDITORIAL_REPORT_SAVE_AS (default "editorial/index.html"): the theme's `editorial`
  template: every article with its question, how it was tagged, its source verdict
  and findings; the content gaps; source usage; charts as inline SVG.
- EDITORIAL_REPORT_JSON_SAVE_AS (default "editorial/report.json"): the same data as
  JSON (shape: editorial/report.py).

An empty value turns that output off; publishconf.py turns both off, so nothing of
the report reaches the published site.

It reads the articles (published, drafts, hidden and their translations),
`editorial_findings`, `question_coverage` (customer_questions),
`customer_sources_registry` (customer_sources) and customer_sources' own
CUSTOMER_SOURCES_STALE_DAYS and CUSTOMER_SOURCES_TODAY for staleness.
"""

from __future__ import annotations

import logging
import os

from pelican import signals
from pelican.generators import Generator

from customer_evidence.core import context as keys
from customer_evidence.core.articles import address, all_articles_in
from customer_evidence.core.output import write_json
from customer_evidence.core.sources_settings import settings_of as sources_settings
from customer_evidence.core.sources_settings import today

from .charts import Bar, Chart, Column, Series, bar_chart, chart_css, stacked_chart
from .report import MAX_MONTHS, build_report

logger = logging.getLogger(__name__)

DEFAULTS = {
    "EDITORIAL_REPORT_SAVE_AS": "editorial/index.html",
    "EDITORIAL_REPORT_JSON_SAVE_AS": "editorial/report.json",
}
HOW_SERIES = (Series("declared", "Declared", "primary"), Series("inferred", "Inferred", "warn"),
              Series("none", "No question", "bad"))
VERDICT_TONES = {keys.CITED: "primary", keys.MISSING: "bad", keys.EXEMPT: "neutral"}


def settings_of(settings: dict) -> dict:
    """The plugin's settings: defaults overridden by the user's, user dict untouched."""
    return {key: settings.get(key, default) for key, default in DEFAULTS.items()}


def check_settings(pelican) -> None:
    """Fail early, naming the setting, when one is not a relative file path or empty."""
    for key, value in settings_of(pelican.settings).items():
        if not isinstance(value, str):
            raise ValueError(f"{key} must be a file path relative to the output folder, "
                             f"or '' for none, not {value!r}")
        if value and (value.endswith("/") or os.path.isabs(value)
                      or ".." in value.replace("\\", "/").split("/")):
            raise ValueError(f"{key} must name a file inside the output folder, such as "
                             f"{DEFAULTS[key]!r}, or be '' for none, not {value!r}")


def get_generators(pelican):
    """The generator that writes the report."""
    return EditorialReportGenerator


def report_of(context: dict, settings: dict) -> dict:
    """The report's data for this build."""
    config = sources_settings(settings)
    return build_report(
        all_articles_in(context), context.get(keys.FINDINGS, []),
        context.get(keys.QUESTION_COVERAGE), context.get(keys.SOURCES_REGISTRY), today(config),
        config["CUSTOMER_SOURCES_STALE_DAYS"], lambda article: address(article, context),
    )


def charts_of(report: dict) -> list[Chart]:
    """The report's four charts, drawn from its data."""
    data = report["charts"]
    per_month = [Column(m["month"], {s.key: m[s.key] for s in HOW_SERIES},
                        {k: "; ".join(t) for k, t in m["titles"].items() if t})
                 for m in data["articles_per_month"]]
    return [
        bar_chart("chart-stage", "Bank questions answered, by buying stage",
                  [Bar(r["key"].capitalize(), r["answered"], r["total"])
                   for r in data["coverage_by_stage"]], "Stage", "Answered"),
        bar_chart("chart-topic", "Bank questions answered, by topic",
                  [Bar(r["key"].replace("-", " ").capitalize(), r["answered"], r["total"])
                   for r in data["coverage_by_topic"]], "Topic", "Answered"),
        bar_chart("chart-verdict", "Published articles by source verdict",
                  [Bar(r["key"].capitalize(), r["count"], None, VERDICT_TONES[r["key"]])
                   for r in data["articles_by_verdict"]], "Verdict", "Articles"),
        stacked_chart("chart-month", "Published articles per month, by question"
                      + outside_note(data.get("articles_per_month_outside") or {},
                                     [c.label for c in per_month]),
                      per_month, HOW_SERIES, "Month"),
    ]


def outside_note(outside: dict, months: list[str]) -> str:
    """What the monthly chart leaves out, for its title: '' when nothing."""
    before, after = outside.get("before", 0), outside.get("after", 0)
    if not (before or after) or not months:
        return ""
    first = before or after
    noun = "article" if first == 1 else "articles"
    if before and after:
        said = f"{before} {noun} dated earlier and {after} later"
    else:
        said = f"{first} {noun} dated {'earlier' if before else 'later'}"
    verb = "is" if before + after == 1 else "are"
    return (f", {months[0]} to {months[-1]} ({MAX_MONTHS} months at most; {said} "
            f"{verb} not shown)")


class EditorialReportGenerator(Generator):
    """Writes the report page (theme template `editorial`) and its JSON twin."""

    def generate_context(self) -> None:
        """Nothing to read: the report is made from the other generators' results."""

    def generate_output(self, writer) -> None:
        config = settings_of(self.settings)
        if not any(config.values()) or "articles" not in self.context:
            return
        report = report_of(self.context, self.settings)
        if config["EDITORIAL_REPORT_SAVE_AS"]:
            save_as = config["EDITORIAL_REPORT_SAVE_AS"]
            writer.write_file(
                save_as, self.get_template("editorial"), self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=_url_of(save_as), page_name="editorial",
                report=report, charts=charts_of(report), chart_css=chart_css(),
                report_json_url=config["EDITORIAL_REPORT_JSON_SAVE_AS"],
            )
        if config["EDITORIAL_REPORT_JSON_SAVE_AS"]:
            path = write_json(self.output_path, config["EDITORIAL_REPORT_JSON_SAVE_AS"],
                              report, indent=1)
            logger.info("Writing %s", path)


def _url_of(save_as: str) -> str:
    """"editorial/index.html" -> "editorial/"."""
    return save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as


def register() -> None:
    """Connect editorial_report's handlers to Pelican's signals."""
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(get_generators)
