"""Writes the question hub, one page per answered question, and the coverage JSON.

They are written when the articles generator has written its pages, with its
template environment: the theme's base and macros are compiled once per build,
not again for these pages. A theme without `questions.html` or `question.html`
gets the plugin's own (templates/, extending the theme's `base.html`).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader

from customer_evidence.core import context as keys
from customer_evidence.core.output import write_json
from customer_evidence.core.questions_settings import settings_of

TEMPLATES = Path(__file__).resolve().parent / "templates"


def add_fallback_templates(generator) -> None:
    """Let the generator find the plugin's templates after the theme's (generator_init)."""
    generator.env.loader = ChoiceLoader([generator.env.loader, FileSystemLoader(TEMPLATES)])


def write_question_pages(generator, writer) -> None:
    """Render the `questions` and `question` templates, the theme's or the plugin's
    (article_writer_finalized)."""
    config, context = settings_of(generator.settings), generator.context
    hub = context.get(keys.QUESTIONS_HUB)
    if hub is None:  # the tagging handler did not run
        return
    relative_urls = generator.settings["RELATIVE_URLS"]
    writer.write_file(
        config["CUSTOMER_QUESTIONS_HUB_SAVE_AS"],
        generator.get_template("questions"),
        context,
        relative_urls=relative_urls,
        url=config["CUSTOMER_QUESTIONS_HUB_URL"],
        page_name="questions",
    )
    template = generator.get_template("question")
    for group in context[keys.QUESTION_PAGES].values():
        writer.write_file(
            config["CUSTOMER_QUESTIONS_SAVE_AS"].format(slug=group["slug"]),
            template,
            context,
            relative_urls=relative_urls,
            url=group["url"],
            question=group,
            articles=group["articles"],
            page_name="question",
        )
    if config["CUSTOMER_QUESTIONS_COVERAGE_SAVE_AS"]:
        write_json(generator.output_path, config["CUSTOMER_QUESTIONS_COVERAGE_SAVE_AS"],
                   context[keys.QUESTION_COVERAGE])
