"""The question bank and source registry of the synthetic corpus, and their YAML form."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

import yaml

from benchmarks import wordbank as wb

# Share of bank questions per topic (the rest of the pool feeds free-text questions).
TOPIC_WEIGHTS = {
    "cost": 0.20,
    "problems": 0.20,
    "comparisons": 0.15,
    "reviews": 0.10,
    "best": 0.10,
    "how-to": 0.17,
    "other": 0.08,
}


@dataclass(frozen=True)
class QuestionSeed:
    """A customer question plus the context an article answering it writes about."""

    id: str
    text: str
    topic: str
    context: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Source:
    """One entry of the source registry."""

    id: str
    kind: str
    date: dt.date
    attribution: str
    consent: str
    url: str | None = None
    private: dict[str, str] | None = None


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _subject_context(key: str) -> dict[str, str]:
    a_form, bare = wb.SUBJECTS[key]
    return {"subject": bare, "a_subject": a_form}


def question_pool() -> dict[str, list[QuestionSeed]]:
    """Every question the templates can make, by topic, in a fixed order."""
    pool: dict[str, list[QuestionSeed]] = {topic: [] for topic in wb.TOPICS}

    def add(topic: str, qid: str, text: str, context: dict[str, str]) -> None:
        pool[topic].append(QuestionSeed(qid, _cap(text), topic, context))

    for key, (a_form, bare) in wb.SUBJECTS.items():
        ctx = _subject_context(key)
        add("cost", f"{key}-cost", f"How much does {a_form} cost?", ctx)
        add("cost", f"{key}-hidden-costs", f"What are the hidden costs of {bare}?", ctx)
        add("problems", f"{key}-mistakes", f"What are the most common mistakes with {bare}?", ctx)
        add(
            "problems",
            f"{key}-warning-signs",
            f"What are the warning signs that {a_form} is in trouble?",
            ctx,
        )
        add("problems", f"{key}-abandoned", f"Why do teams give up on {bare}?", ctx)
        add("other", f"who-owns-{key}", f"Who should own {bare}, sales or marketing?", ctx)
        add("other", f"{key}-timeline", f"How long does {a_form} take to show results?", ctx)
        for aud_key, audience in wb.AUDIENCES.items():
            actx = {**ctx, "audience": audience}
            add(
                "cost",
                f"{key}-cost-{aud_key}",
                f"How much does {a_form} cost for {audience}?",
                actx,
            )
            add(
                "cost",
                f"{key}-worth-it-{aud_key}",
                f"Is {a_form} worth the money for {audience}?",
                actx,
            )
            add(
                "cost",
                f"{key}-budget-{aud_key}",
                f"What budget do {audience} need for {bare}?",
                actx,
            )
            add(
                "problems",
                f"{key}-goes-wrong-{aud_key}",
                f"What goes wrong with {bare} at {audience}?",
                actx,
            )
    for option_a, option_b, subject, stem in wb.PAIRS:
        ctx = {**_subject_context(subject), "option_a": option_a, "option_b": option_b}
        add("comparisons", stem, f"What is the difference between {option_a} and {option_b}?", ctx)
        add(
            "comparisons",
            f"{stem}-long-term",
            f"{option_a} or {option_b}: which costs less over three years?",
            ctx,
        )
        for aud_key, audience in wb.AUDIENCES.items():
            actx = {**ctx, "audience": audience}
            add(
                "comparisons",
                f"{stem}-{aud_key}",
                f"{option_a} or {option_b}: which is better for {audience}?",
                actx,
            )
    for name, what, subject in wb.PRODUCTS:
        stem = name.lower().replace(" ", "-")
        ctx = {**_subject_context(subject), "product": name}
        add(
            "reviews", f"{stem}-customer-opinion", f"What do customers really think of {name}?", ctx
        )
        add("reviews", f"{stem}-worth-it", f"Is {name} worth it after the first year?", ctx)
        add("reviews", f"{stem}-weaknesses", f"What does {name} do badly?", ctx)
        add(
            "reviews",
            f"{stem}-vs-alternatives",
            f"Is {name} the right {what} for a small team?",
            ctx,
        )
        for aud_key, audience in wb.AUDIENCES.items():
            actx = {**ctx, "audience": audience}
            add("reviews", f"{stem}-review-{aud_key}", f"Is {name} any good for {audience}?", actx)
    for category, stem, subject in wb.TOOL_CATEGORIES:
        ctx = {**_subject_context(subject), "category": category}
        add(
            "best",
            f"best-{stem}-small-budget",
            f"What are the best {category} on a small budget?",
            ctx,
        )
        for aud_key, audience in wb.AUDIENCES.items():
            actx = {**ctx, "audience": audience}
            add(
                "best",
                f"best-{stem}-{aud_key}",
                f"What are the best {category} for {audience}?",
                actx,
            )
            add(
                "best",
                f"{stem}-shortlist-{aud_key}",
                f"Which {category} should {audience} shortlist?",
                actx,
            )
    for task, stem, subject in wb.TASKS:
        ctx = {**_subject_context(subject), "task": task}
        add("how-to", f"how-to-{stem}", f"How do you {task}?", ctx)
        for aud_key, audience in wb.AUDIENCES.items():
            actx = {**ctx, "audience": audience}
            add("how-to", f"how-to-{stem}-{aud_key}", f"How do {audience} {task}?", actx)
    for hire, stem, subject in wb.HIRES:
        ctx = {**_subject_context(subject), "hire": hire}
        for aud_key, audience in wb.AUDIENCES.items():
            actx = {**ctx, "audience": audience}
            add(
                "other",
                f"when-to-hire-{stem}-{aud_key}",
                f"When should {audience} hire {hire}?",
                actx,
            )
    return pool


def pick_questions(rng: random.Random, count: int) -> tuple[list[QuestionSeed], list[QuestionSeed]]:
    """Choose `count` bank questions; return them and the unused rest of the pool."""
    pool = question_pool()
    for seeds in pool.values():
        rng.shuffle(seeds)
    total = sum(len(seeds) for seeds in pool.values())
    if count > total:
        raise ValueError(f"at most {total} distinct questions can be generated, not {count}")
    wanted = {topic: round(count * share) for topic, share in TOPIC_WEIGHTS.items()}
    wanted["how-to"] += count - sum(wanted.values())  # absorb rounding
    chosen: list[QuestionSeed] = []
    for topic in wb.TOPICS:
        take = min(wanted[topic], len(pool[topic]))
        chosen += pool[topic][:take]
        del pool[topic][:take]
    for topic in wb.TOPICS:  # a topic ran out: top up from the others, in order
        while len(chosen) < count and pool[topic]:
            chosen.append(pool[topic].pop(0))
    rest = [seed for topic in wb.TOPICS for seed in pool[topic]]
    rng.shuffle(rest)
    return chosen, rest


def question_entry(rng: random.Random, seed: QuestionSeed) -> dict[str, Any]:
    """The question bank entry for one question (asked count and channels made up)."""
    asked = max(1, min(80, round(rng.lognormvariate(1.6, 0.9))))
    heard_in = sorted(rng.sample(wb.HEARD_IN, rng.randint(1, 3)), key=wb.HEARD_IN.index)
    return {
        "id": seed.id,
        "question": seed.text,
        "topic": seed.topic,
        "stage": rng.choice(wb.TOPIC_STAGES[seed.topic]),
        "asked": asked,
        "heard_in": heard_in,
    }


def _a(noun_phrase: str) -> str:
    article = "an" if noun_phrase[:1].lower() in "aeiou" else "a"
    return f"{article} {noun_phrase}"


def _industry_noun(industry: str) -> str:
    return wb.INDUSTRY_NOUNS.get(industry, industry)


def _attribution(rng: random.Random, kind: str, industry: str, date: dt.date) -> str:
    size = rng.choice(wb.COMPANY_SIZES)
    role = _cap(rng.choice(wb.ROLES))
    noun = _industry_noun(industry)
    if kind == "interview":
        return f"{role}, {size} {noun} firm"
    if kind == "survey":
        quarter = (date.month - 1) // 3 + 1
        return f"Survey of {rng.randint(25, 400)} customers in {noun}, Q{quarter} {date.year}"
    if kind == "support-ticket":
        return f"Support ticket from {_a(size)} {noun} customer"
    if kind == "sales-call":
        return f"Sales call with {_a(role.lower())} at {_a(size)} {noun} company"
    if kind == "review":
        return f"Public review on {rng.choice(wb.REVIEW_SITES)} by {_a(role.lower())}"
    if kind == "case-study":
        return f"Case study: {size} {noun} firm"
    return f"Thread in {rng.choice(wb.COMMUNITIES)}"


def _private(rng: random.Random, industry: str) -> dict[str, str]:
    first = rng.choice(wb.PRIVATE_FIRST_NAMES)
    last = rng.choice(wb.PRIVATE_SURNAMES)
    company = f"{rng.choice(wb.PRIVATE_COMPANY_STEMS)} {wb.PRIVATE_COMPANY_SUFFIXES[industry]} Ltd"
    domain = company.lower().replace(" ltd", "").replace(" ", "")
    email = f"{first.lower()}.{last.lower().replace('-', '')}@{domain}.example"
    return {
        "name": f"{first} {last}",
        "company": company,
        "email": email,
        "notes": rng.choice(wb.PRIVATE_NOTES),
    }


def _url(rng: random.Random, kind: str, source_id: str) -> str:
    if kind == "review":
        return f"https://reviews.example.com/b2b/{source_id}"
    if kind == "case-study":
        return f"https://www.example.com/case-studies/{source_id}"
    if kind == "community":
        return f"https://community.example.org/t/{source_id}/{rng.randint(100, 9999)}"
    return f"https://www.example.com/research/{source_id}"


def make_sources(rng: random.Random, count: int) -> list[Source]:
    """`count` registry entries, ~10% private consent and ~20% with a public URL."""
    first_day = dt.date(2020, 1, 1)
    span = (dt.date(2026, 6, 15) - first_day).days
    private_ix = set(rng.sample(range(count), round(count * 0.10)))
    url_ix = set(rng.sample(range(count), round(count * 0.20)))
    used: set[str] = set()
    sources = []
    for i in range(count):
        kind = rng.choices(wb.SOURCE_KINDS, weights=wb.SOURCE_KIND_WEIGHTS)[0]
        date = first_day + dt.timedelta(days=rng.randrange(span))
        industry = rng.choice(wb.INDUSTRIES)
        if kind == "survey":
            base = f"survey-{date.year}-q{(date.month - 1) // 3 + 1}-{industry}"
        else:
            base = f"{kind}-{date.year}-{date.month:02d}-{industry}"
        source_id, n = base, 2
        while source_id in used:
            source_id, n = f"{base}-{n}", n + 1
        used.add(source_id)
        consent = "private" if i in private_ix else rng.choice(["public", "public", "anonymised"])
        # Public reviews and community threads sometimes have nothing private to keep.
        has_private = (
            consent != "public" or kind not in ("review", "community") or rng.random() < 0.5
        )
        sources.append(
            Source(
                id=source_id,
                kind=kind,
                date=date,
                attribution=_attribution(rng, kind, industry, date),
                consent=consent,
                url=_url(rng, kind, source_id) if i in url_ix else None,
                private=_private(rng, industry) if has_private else None,
            )
        )
    sources.sort(key=lambda s: (s.date, s.id))
    return sources


def source_entry(source: Source) -> dict[str, Any]:
    """The YAML mapping for one source, optional keys left out when empty."""
    entry: dict[str, Any] = {
        "id": source.id,
        "kind": source.kind,
        "date": source.date,
        "attribution": source.attribution,
        "consent": source.consent,
    }
    if source.url:
        entry["url"] = source.url
    if source.private:
        entry["private"] = dict(source.private)
    return entry


class _Dumper(yaml.SafeDumper):
    """Block style for mappings, flow style for short lists of scalars."""


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = all(not isinstance(item, (dict, list)) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def dump_yaml(entries: list[dict[str, Any]], header: str) -> str:
    """A YAML list of mappings, one blank line between entries, under a comment header."""
    chunks = [f"# {header}\n"]
    for entry in entries:
        text = yaml.dump(
            [entry],
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            width=1000,
            default_flow_style=False,
        )
        chunks.append("\n" + text)
    return "".join(chunks)
