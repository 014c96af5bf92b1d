"""Deterministic generator of a realistic blog corpus: articles, about page and registries.

    python -m benchmarks.corpus --articles 2000 --questions 200 --sources 150 OUT_DIR

The same parameters and seed always give byte-identical files: one random.Random(seed)
drives every choice, dates count from fixed days, and nothing reads the clock.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from benchmarks import prose, registries
from benchmarks import wordbank as wb
from benchmarks.articles import ArticlePlan, Filler, render
from benchmarks.registries import QuestionSeed, Source

FIRST_DAY = dt.datetime(2019, 1, 1)
LAST_DAY = dt.datetime(2026, 6, 15)
BASE_DAY = dt.datetime(2026, 6, 30)  # "today" for the corpus: no date goes past it

# Shares of articles; each is turned into an exact count, so any size keeps the mix.
QUESTION_MODES = {"declared": 0.70, "free": 0.10, "inferred": 0.10, "none": 0.10}
SOURCE_MODES = {"cited": 0.75, "exempt": 0.10, "uncited": 0.15}
CUSTOMER_QUOTE_SHARE = 0.40
EXPERT_QUOTE_SHARE = 0.15
CODE_SHARE = 0.05
MODIFIED_SHARE = 0.20
TYPO_SHARE = 0.02
DRAFT_SHARE = 0.01
PRIVATE_CITE_SHARE = 0.005
UNANSWERED_SHARE = 0.30

_SLUG_SUBS = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]


def _slug(title: str) -> str:
    """The slug Pelican derives from a title with its default settings."""
    return slugify(title, regex_subs=_SLUG_SUBS)


@dataclass(frozen=True)
class CorpusInfo:
    """What generate() wrote."""

    articles: int
    drafts: int
    questions: int
    sources: int
    bytes_written: int


def _shuffled_modes(rng: random.Random, count: int, shares: dict[str, float]) -> list[str]:
    modes: list[str] = []
    names = list(shares)
    for name in names[:-1]:
        modes += [name] * round(count * shares[name])
    modes += [names[-1]] * (count - len(modes))
    rng.shuffle(modes)
    return modes


def _pick(rng: random.Random, count: int, share: float) -> set[int]:
    return set(rng.sample(range(count), round(count * share)))


def _article_dates(rng: random.Random, count: int) -> list[dt.datetime]:
    span = (LAST_DAY - FIRST_DAY).days
    dates = [
        FIRST_DAY
        + dt.timedelta(
            days=rng.randrange(span), hours=rng.randint(7, 18), minutes=rng.choice([0, 15, 30, 45])
        )
        for _ in range(count)
    ]
    return sorted(dates)


def _default_context(rng: random.Random, year: int) -> dict[str, str]:
    """Random values for every article-level placeholder; a question overrides some."""
    subject_key = rng.choice(list(wb.SUBJECTS))
    option_a, option_b, _, _ = rng.choice(wb.PAIRS)
    return {
        "subject": wb.SUBJECTS[subject_key][1],
        "a_subject": wb.SUBJECTS[subject_key][0],
        "audience": rng.choice(list(wb.AUDIENCES.values())),
        "product": rng.choice(wb.PRODUCTS)[0],
        "option_a": option_a,
        "option_b": option_b,
        "category": rng.choice(wb.TOOL_CATEGORIES)[0],
        "task": rng.choice(wb.TASKS)[0],
        "hire": rng.choice(wb.HIRES)[0],
        "year": str(year),
    }


def _typo(rng: random.Random, source_id: str, known: set[str]) -> str:
    """A plausible misspelling of a source id that is not itself a registered id."""
    for _ in range(50):
        chars = list(source_id)
        how = rng.randrange(3)
        if how == 0:  # swap two adjacent letters
            i = rng.randrange(len(chars) - 1)
            if chars[i].isalpha() and chars[i + 1].isalpha() and chars[i] != chars[i + 1]:
                chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif how == 1:  # drop a letter
            i = rng.randrange(len(chars))
            if chars[i].isalpha():
                del chars[i]
        else:  # lose the month's leading zero
            chars = list(re.sub(r"-0(\d)-", r"-\1-", source_id, count=1))
        candidate = "".join(chars)
        if candidate != source_id and candidate not in known:
            return candidate
    return source_id + "x"


class _Planner:
    """Decides title, metadata, question and sources for every article of the corpus."""

    def __init__(
        self,
        rng: random.Random,
        bank: list[QuestionSeed],
        spare: list[QuestionSeed],
        sources: list[Source],
    ) -> None:
        self.rng = rng
        unanswered = set(rng.sample(range(len(bank)), round(len(bank) * UNANSWERED_SHARE)))
        self.answered = [seed for i, seed in enumerate(bank) if i not in unanswered]
        self.spare = spare or bank
        self.citable = [s for s in sources if s.consent != "private"] or sources
        self.citable_dates = [s.date for s in self.citable]
        self.private = [s for s in sources if s.consent == "private"]
        self.known_ids = {s.id for s in sources}
        self.slugs: set[str] = set()

    def recent_sources(self, when: dt.datetime) -> list[Source]:
        """Up to 40 citable sources dated on or before `when` (all of them if too few)."""
        end = bisect.bisect_right(self.citable_dates, when.date())
        return self.citable[max(0, end - 40) : end] if end >= 3 else self.citable

    def _title_candidates(
        self, plan: ArticlePlan, first_choice: str | None, templates: list[str]
    ) -> Iterator[str]:
        """The preferred title, ten headlines, then follow-up titles of the last headline."""
        filler = Filler(self.rng, plan.context)
        if first_choice:
            yield first_choice
        headline = ""
        for _ in range(10):
            headline = filler.fill(self.rng.choice(templates))
            yield headline
        for suffix in prose.TITLE_SUFFIXES:
            yield headline + filler.fill(suffix)
        for part in itertools.count(2):
            yield f"{headline}, part {part}"

    def unique_title(
        self, plan: ArticlePlan, first_choice: str | None, templates: list[str]
    ) -> str:
        """The first candidate title whose Pelican slug no other article has."""
        for title in self._title_candidates(plan, first_choice, templates):
            slug = _slug(title)
            if slug not in self.slugs:
                self.slugs.add(slug)
                return title
        raise AssertionError("unreachable: the candidates never run out")

    def question_for(self, mode: str) -> QuestionSeed | None:
        """A question for an undeclared article: free text, inferred, or none."""
        if mode == "free":
            return self.rng.choice(self.spare)
        if mode == "inferred":
            use_bank = self.answered and self.rng.random() < 0.5
            return self.rng.choice(self.answered if use_bank else self.spare)
        return None

    def untitled_question(self, seed: QuestionSeed) -> QuestionSeed:
        """A question no article has as its title yet (inferred articles are titled by it)."""
        for _ in range(50):
            if _slug(seed.text) not in self.slugs:
                break
            seed = self.rng.choice(self.spare)
        return seed

    def plan(
        self, number: int, date: dt.datetime, mode: str, seed: QuestionSeed | None
    ) -> ArticlePlan:
        rng = self.rng
        if mode == "inferred" and seed:
            seed = self.untitled_question(seed)
        context = _default_context(rng, date.year)
        topic = "other"
        if seed:
            context.update(seed.context)
            context["question"] = seed.text
            topic = seed.topic
        plan = ArticlePlan(number=number, date=date, topic=topic, context=context)
        if mode == "none":
            plan.title = self.unique_title(plan, None, prose.NO_QUESTION_TITLES)
            plan.question_headings = False
        elif mode == "inferred":
            plan.title = self.unique_title(plan, seed.text, prose.TITLES[topic])
        else:
            as_title = seed.text if rng.random() < (0.5 if mode == "declared" else 0.4) else None
            plan.title = self.unique_title(plan, as_title, prose.TITLES[topic])
            plan.question = seed.text
            plan.question_id = seed.id if mode == "declared" else None
        category = wb.TOPIC_CATEGORY.get(topic)
        plan.category = category if category and rng.random() < 0.9 else rng.choice(wb.CATEGORIES)
        plan.tags = rng.sample(wb.TAGS, rng.randint(2, 4))
        plan.author = rng.choice(wb.AUTHORS)
        plan.summary = Filler(rng, context).fill(rng.choice(prose.SUMMARIES))
        return plan

    def add_sources(self, plan: ArticlePlan, mode: str, quoted: bool) -> None:
        rng = self.rng
        recent = self.recent_sources(plan.date)
        if mode == "cited":
            count = min(len(recent), rng.choices([1, 2, 3], weights=[50, 35, 15])[0])
            plan.sources = [s.id for s in rng.sample(recent, count)]
        elif mode == "exempt":
            plan.source_exempt = rng.choice(wb.EXEMPT_REASONS)
        if quoted:
            own = plan.sources and rng.random() < 0.7
            plan.quote_source = rng.choice(plan.sources) if own else rng.choice(recent).id

    def add_typo(self, plan: ArticlePlan) -> None:
        rng = self.rng
        if plan.sources and (not plan.quote_source or rng.random() < 0.7):
            i = rng.randrange(len(plan.sources))
            plan.sources[i] = _typo(rng, plan.sources[i], self.known_ids)
        else:
            original = plan.quote_source or rng.choice(self.citable).id
            plan.quote_source = _typo(rng, original, self.known_ids)


def plan_articles(
    rng: random.Random,
    count: int,
    bank: list[QuestionSeed],
    spare: list[QuestionSeed],
    sources: list[Source],
) -> list[ArticlePlan]:
    """Plans for `count` articles, numbered in date order."""
    planner = _Planner(rng, bank, spare, sources)
    dates = _article_dates(rng, count)
    question_modes = _shuffled_modes(rng, count, QUESTION_MODES)
    source_modes = _shuffled_modes(rng, count, SOURCE_MODES)
    quoted = _pick(rng, count, CUSTOMER_QUOTE_SHARE)
    experts = _pick(rng, count, EXPERT_QUOTE_SHARE)
    code = _pick(rng, count, CODE_SHARE)
    modified = _pick(rng, count, MODIFIED_SHARE)
    typos = _pick(rng, count, TYPO_SHARE)
    drafts = _pick(rng, count, DRAFT_SHARE)
    cited = [i for i in range(count) if source_modes[i] == "cited"]
    private_cites = set(rng.sample(cited, min(len(cited), round(count * PRIVATE_CITE_SHARE))))

    # Every answered bank question gets at least one published (non-draft) article.
    published = [i for i in range(count) if question_modes[i] == "declared" and i not in drafts]
    pool = list(planner.answered)
    rng.shuffle(pool)
    seeds = pool[: len(published)]
    seeds += [rng.choice(planner.answered) for _ in range(len(published) - len(seeds))]
    rng.shuffle(seeds)
    declared_seed = dict(zip(published, seeds, strict=True))

    plans = []
    for i, date in enumerate(dates):
        mode = question_modes[i]
        if mode == "declared":
            seed = declared_seed.get(i) or rng.choice(planner.answered)
        else:
            seed = planner.question_for(mode)
        plan = planner.plan(i + 1, date, mode, seed)
        planner.add_sources(plan, source_modes[i], i in quoted)
        if i in private_cites and planner.private:
            plan.sources[0] = rng.choice(planner.private).id
        if i in typos:
            planner.add_typo(plan)
        plan.expert_quote = i in experts
        plan.code_block = i in code
        plan.draft = i in drafts
        if i in modified:
            later = date + dt.timedelta(days=rng.randint(14, 500), hours=rng.randint(0, 8))
            plan.modified = min(later, BASE_DAY)
        plans.append(plan)
    return plans


def _file_name(plan: ArticlePlan, width: int) -> str:
    slug = _slug(plan.title)
    if len(slug) > 60:
        slug = slug[:60].rsplit("-", 1)[0]
    return f"{plan.number:0{width}d}-{slug}.md"


def _generated_paths(out_dir: Path) -> list[Path]:
    fixed = [out_dir / "pages" / "about.md", out_dir / "questions.yml", out_dir / "sources.yml"]
    articles_dir = out_dir / "articles"
    articles = sorted(articles_dir.glob("*.md")) if articles_dir.is_dir() else []
    return [path for path in fixed if path.exists()] + articles


def generate(
    out_dir: Path,
    articles: int = 2000,
    questions: int = 200,
    sources: int = 150,
    seed: int = 2026,
    *,
    overwrite: bool = False,
) -> CorpusInfo:
    """Write a corpus to out_dir; refuses to mix with an earlier one unless overwrite."""
    if articles < 1 or questions < 1 or sources < 1:
        raise ValueError("articles, questions and sources must each be at least 1")
    out_dir = Path(out_dir)
    leftovers = _generated_paths(out_dir)
    if leftovers and not overwrite:
        raise FileExistsError(f"{out_dir} already holds a corpus; use overwrite=True (--force)")
    for path in leftovers:
        path.unlink()

    rng = random.Random(seed)
    bank, spare = registries.pick_questions(rng, questions)
    question_entries = [registries.question_entry(rng, q) for q in bank]
    source_list = registries.make_sources(rng, sources)
    plans = plan_articles(rng, articles, bank, spare, source_list)

    files: dict[Path, str] = {
        out_dir / "questions.yml": registries.dump_yaml(
            question_entries, "Question bank: what customers ask (generated by benchmarks.corpus)"
        ),
        out_dir / "sources.yml": registries.dump_yaml(
            [registries.source_entry(s) for s in source_list],
            "Source registry: where customer evidence came from (generated by benchmarks.corpus)",
        ),
        out_dir / "pages" / "about.md": prose.ABOUT_PAGE,
    }
    width = max(4, len(str(articles)))
    for plan in plans:
        files[out_dir / "articles" / _file_name(plan, width)] = render(rng, plan)

    (out_dir / "articles").mkdir(parents=True, exist_ok=True)
    (out_dir / "pages").mkdir(parents=True, exist_ok=True)
    written = 0
    for path, text in files.items():
        data = text.encode("utf-8")
        path.write_bytes(data)
        written += len(data)
    return CorpusInfo(
        articles=articles,
        drafts=sum(plan.draft for plan in plans),
        questions=len(bank),
        sources=len(source_list),
        bytes_written=written,
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: generate a corpus and report what was written."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.corpus", description=__doc__.split("\n")[0]
    )
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--sources", type=int, default=150)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--force", action="store_true", help="replace a corpus already in OUT_DIR")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        info = generate(
            args.out_dir,
            args.articles,
            args.questions,
            args.sources,
            args.seed,
            overwrite=args.force,
        )
    except (ValueError, FileExistsError) as error:
        parser.exit(2, f"error: {error}\n")
    seconds = time.perf_counter() - start
    print(
        f"Wrote {info.articles} articles ({info.drafts} drafts), {info.questions} questions, "
        f"{info.sources} sources, {info.bytes_written / 1e6:.1f} MB to {args.out_dir} "
        f"in {seconds:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
