"""Render one synthetic article (metadata header and Markdown body) from its plan."""

from __future__ import annotations

import datetime as dt
import random
import string
from dataclasses import dataclass, field

from benchmarks import prose
from benchmarks import wordbank as wb

_FIELDS: dict[str, list[str]] = {}  # template -> placeholder names, parsed once


@dataclass
class ArticlePlan:
    """Everything decided about an article before its text is written."""

    number: int
    date: dt.datetime
    topic: str
    context: dict[str, str]
    title: str = ""
    modified: dt.datetime | None = None
    category: str = ""
    tags: list[str] = field(default_factory=list)
    author: str = ""
    summary: str = ""
    question: str | None = None
    question_id: str | None = None
    sources: list[str] = field(default_factory=list)
    source_exempt: str | None = None
    draft: bool = False
    quote_source: str | None = None  # inline customer quote citing this id
    expert_quote: bool = False
    code_block: bool = False
    question_headings: bool = True


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fields(template: str) -> list[str]:
    names = _FIELDS.get(template)
    if names is None:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
        _FIELDS[template] = names
    return names


class Filler:
    """Fills template placeholders from an article's context or with fresh random values."""

    def __init__(self, rng: random.Random, context: dict[str, str]) -> None:
        self.rng = rng
        self.context = context
        self._tools: list[str] = []

    def fill(self, template: str) -> str:
        """The template with every placeholder replaced."""
        values: dict[str, str] = {}
        for name in _fields(template):
            key = name[0].lower() + name[1:]
            value = self.context[key] if key in self.context else self._random(key)
            if key == "role2":
                while value == values.get("role"):
                    value = self._random(key)
            values[name] = _cap(value) if name[0].isupper() else value
        return template.format(**values)

    def _random(self, key: str) -> str:
        rng = self.rng
        if key in ("role", "role2"):
            return rng.choice(wb.ROLES)
        if key == "metric":
            return rng.choice(wb.METRICS)
        if key == "activity":
            return rng.choice(wb.ACTIVITIES)
        if key == "period":
            return rng.choice(wb.PERIODS)
        if key == "audience2":
            return rng.choice(list(wb.AUDIENCES.values()))
        if key == "tool":
            if not self._tools:  # a shuffled deck, so a list never names one tool twice
                self._tools = [name for name, _, _ in wb.PRODUCTS]
                rng.shuffle(self._tools)
            return self._tools.pop()
        if key == "n":
            return str(rng.randint(3, 40))
        if key == "few":
            return str(rng.randint(3, 12))
        if key == "pct":
            return str(rng.randint(5, 60))
        if key == "weeks":
            return str(rng.randint(3, 16))
        if key == "quarter":
            return str(rng.randint(1, 4))
        if key == "campaign":
            return rng.choice(prose.CAMPAIGNS)
        if key == "price_range":
            low = rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 15]) * 1000
            return f"£{low:,} and £{low * rng.choice([2, 3, 4]):,}"
        raise KeyError(f"no value for placeholder {{{key}}}")


class _Deck:
    """Draws templates without repeats until the deck is used up, then reshuffles."""

    def __init__(self, rng: random.Random, items: list[str], refill: bool = True) -> None:
        self.rng, self.items, self.refill = rng, items, refill
        self.cards: list[str] = []
        self._shuffle()

    def _shuffle(self) -> None:
        self.cards = list(self.items)
        self.rng.shuffle(self.cards)

    def draw(self) -> str | None:
        if not self.cards and self.refill:
            self._shuffle()
        return self.cards.pop() if self.cards else None


def _can_take_opener(template: str) -> bool:
    """True unless the sentence opens with a placeholder, an acronym or its own lead-in."""
    first = template.split(" ", 1)[0]
    has_lead_in = ", " in template[:30]
    return not template.startswith("{") and not first.isupper() and not has_lead_in


class _Writer:
    """Writes the prose of one article: sentences, paragraphs, lists and quotes."""

    def __init__(self, rng: random.Random, plan: ArticlePlan) -> None:
        self.rng = rng
        self.plan = plan
        self.filler = Filler(rng, plan.context)
        self.general = _Deck(rng, prose.GENERAL_SENTENCES)
        self.topical = _Deck(rng, prose.TOPIC_SENTENCES.get(plan.topic, []), refill=False)
        self.conditionals = {
            tone: (_Deck(rng, conditions), _Deck(rng, consequences))
            for tone, (conditions, consequences) in prose.CONDITIONALS.items()
        }

    def sentence(self) -> str:
        rng = self.rng
        if rng.random() < 0.12:
            conditions, consequences = self.conditionals[rng.choice(["bad", "good"])]
            condition = self.filler.fill(conditions.draw())
            consequence = self.filler.fill(consequences.draw())
            return f"{_cap(condition)}, {consequence}."
        template = self.topical.draw() if rng.random() < 0.3 else None
        template = template or self.general.draw()
        text = self.filler.fill(template)
        if rng.random() < 0.1 and _can_take_opener(template):
            text = rng.choice(prose.OPENERS) + text[0].lower() + text[1:]
        return text

    def paragraph(self, sentences: int | None = None) -> str:
        count = sentences or self.rng.randint(3, 6)
        return " ".join(self.sentence() for _ in range(count))

    def intro(self) -> str:
        parts = [self.filler.fill(self.rng.choice(prose.INTRO_SENTENCES))]
        if self.plan.question and self.rng.random() < 0.5:
            parts.append(self.filler.fill(self.rng.choice(prose.QUESTION_INTRO)))
        parts.append(self.paragraph(self.rng.randint(1, 3)))
        return " ".join(parts)

    def bullet_list(self) -> str:
        topical = prose.BULLETS.get(self.plan.topic)
        pool = topical if topical and self.rng.random() < 0.6 else prose.BULLETS["general"]
        items = self.rng.sample(pool, self.rng.randint(3, min(6, len(pool))))
        return "\n".join(f"- {self.filler.fill(item)}" for item in items)

    def headings(self, count: int) -> list[str]:
        rng = self.rng
        asked = 0
        if self.plan.question_headings:
            asked = min(count - 1, rng.choice([0, 1, 1, 2]))
        chosen = rng.sample(prose.QUESTION_HEADINGS, asked)
        chosen += rng.sample(prose.STATEMENT_HEADINGS, count - asked)
        rng.shuffle(chosen)
        return [self.filler.fill(heading) for heading in chosen]

    def customer_quote(self, source_id: str) -> str:
        rng = self.rng
        text = rng.choice(prose.CUSTOMER_QUOTES)
        if rng.random() < 0.3:
            text += " " + rng.choice(prose.QUOTE_FOLLOW_UPS)
        block = f"> {text}\n>\n> — source: {source_id}"
        lead_in = self.filler.fill(rng.choice(prose.QUOTE_LEAD_INS))
        return f"{lead_in}\n\n{block}" if lead_in else block

    def expert_quote(self) -> str:
        name, work = self.rng.choice(prose.EXPERTS)
        return f"> {self.rng.choice(prose.EXPERT_QUOTES)}\n>\n> — {name}, {work}"

    def code_block(self) -> str:
        language, code = self.rng.choice(prose.CODE_BLOCKS)
        intro = self.rng.choice(prose.CODE_INTROS)
        return f"{intro}\n\n```{language}\n{self.filler.fill(code)}\n```"


def _words(text: str) -> int:
    return len(text.split())


def render_body(rng: random.Random, plan: ArticlePlan) -> str:
    """The Markdown body: intro, 3–6 sections, lists, quotes, maybe a code block."""
    writer = _Writer(rng, plan)
    target = rng.randint(600, 1060)  # the last paragraph may overshoot by ~100 words
    sections = rng.randint(3, 6)
    extras: dict[int, list[str]] = {i: [] for i in range(sections)}
    if plan.quote_source:
        extras[rng.randrange(sections)].append(writer.customer_quote(plan.quote_source))
    if plan.expert_quote:
        extras[rng.randrange(sections)].append(writer.expert_quote())
    if plan.code_block:
        extras[rng.randrange(sections)].append(writer.code_block())
    for i in rng.sample(range(sections), rng.choice([0, 1, 1, 2])):
        extras[i].append(writer.bullet_list())

    blocks = [writer.intro()]
    words = _words(blocks[0]) + sum(_words(b) for group in extras.values() for b in group)
    for i, heading in enumerate(writer.headings(sections)):
        blocks.append(f"## {heading}")
        budget_end = words + (target - words) // (sections - i)
        paragraphs = 0
        while paragraphs == 0 or (words < budget_end and paragraphs < 4):
            paragraph = writer.paragraph()
            blocks.append(paragraph)
            words += _words(paragraph)
            paragraphs += 1
            if paragraphs == 1:
                blocks.extend(extras[i])
    return "\n\n".join(blocks) + "\n"


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def render_header(plan: ArticlePlan) -> str:
    """The `Key: value` metadata block, one line per key, ending in a blank line."""
    lines = [f"Title: {plan.title}", f"Date: {_stamp(plan.date)}"]
    if plan.modified:
        lines.append(f"Modified: {_stamp(plan.modified)}")
    lines += [
        f"Category: {plan.category}",
        f"Tags: {', '.join(plan.tags)}",
        f"Author: {plan.author}",
        f"Summary: {plan.summary}",
    ]
    if plan.question:
        lines.append(f"Question: {plan.question}")
    if plan.question_id:
        lines.append(f"Question-Id: {plan.question_id}")
    if plan.sources:
        lines.append(f"Sources: {', '.join(plan.sources)}")
    if plan.source_exempt:
        lines.append(f"Source-Exempt: {plan.source_exempt}")
    if plan.draft:
        lines.append("Status: draft")
    if any("\n" in line for line in lines):
        raise ValueError(f"multi-line metadata in article {plan.number}")
    return "\n".join(lines) + "\n\n"


def render(rng: random.Random, plan: ArticlePlan) -> str:
    """The complete Markdown file for one article."""
    return render_header(plan) + render_body(rng, plan)
