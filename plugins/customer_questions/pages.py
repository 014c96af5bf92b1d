"""Writes the question hub, one page per answered question, and the coverage JSON."""

from __future__ import annotations

import json
import os

from pelican.generators import Generator
from pelican.utils import sanitised_join

from .settings import settings_of


class QuestionsGenerator(Generator):
    """Renders the theme's `questions` and `question` templates."""

    def generate_context(self) -> None:
        """Nothing to read: the articles generator's handler tagged the articles."""

    def generate_output(self, writer) -> None:
        config = settings_of(self.settings)
        hub = self.context.get("customer_questions_hub")
        if hub is None:  # no articles generator ran
            return
        writer.write_file(
            config["CUSTOMER_QUESTIONS_HUB_SAVE_AS"],
            self.get_template("questions"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=config["CUSTOMER_QUESTIONS_HUB_URL"],
            page_name="questions",
        )
        template = self.get_template("question")
        for group in self.context["customer_questions_pages"].values():
            writer.write_file(
                config["CUSTOMER_QUESTIONS_SAVE_AS"].format(slug=group["slug"]),
                template,
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=group["url"],
                question=group,
                articles=group["articles"],
                page_name="question",
            )
        if config["CUSTOMER_QUESTIONS_COVERAGE_SAVE_AS"]:
            self._write_json(config["CUSTOMER_QUESTIONS_COVERAGE_SAVE_AS"],
                             self.context["question_coverage"])

    def _write_json(self, save_as: str, data: dict) -> None:
        path = sanitised_join(self.output_path, save_as)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(json.dumps(data, ensure_ascii=False) + "\n")  # dumps: the C encoder
