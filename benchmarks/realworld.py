"""Deterministic generator of a real-world blog: technical and marketing posts for issue #17.

    python -m benchmarks.realworld --posts 400 OUT_DIR

Writes a Pelican content folder: articles/*.md with `Key: value` headers (Title, Date,
Category, Tags; Summary and Author on some; Question-Id and Sources on some, as on a
blog that is adopting the plugins), the question bank and source registry, an about
page and images/*.png. Bodies run from 150 to 3,000 words with headings, lists,
blockquotes, inline code and links, fenced and indented code blocks (most without a
language), tables, footnotes and local or remote images. One random.Random(seed)
drives every choice and nothing reads the clock: the same arguments give
byte-identical files.
"""

from __future__ import annotations

import argparse
import random
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

from benchmarks import prose, registries
from benchmarks import wordbank as wb
from benchmarks.articles import ArticlePlan, Filler, _Deck, _Writer
from benchmarks.corpus import _article_dates, _default_context, _Planner, _slug

CATEGORIES = [  # most used first: posts per category fall off like a real blog's
    "Engineering", "Marketing", "DevOps", "Product", "Sales", "Data", "Tutorials",
    "Announcements", "Security", "Design", "Case studies", "Culture", "Frontend",
    "Releases", "Events",
]
TECH_CATEGORIES = {"Engineering", "DevOps", "Data", "Tutorials", "Security", "Frontend",
                   "Releases"}
TAG_WORDS = [
    "python", "postgres", "kubernetes", "docker", "terraform", "react", "css", "rust", "go",
    "linux", "nginx", "redis", "kafka", "graphql", "api", "ci", "testing", "caching",
    "logging", "metrics", "tracing", "security", "oauth", "webhooks", "search", "seo",
    "email", "pricing", "onboarding", "retention", "analytics", "crm", "content", "events",
    "webinars", "hiring", "remote work", "design systems", "accessibility", "performance",
    "migrations", "backups", "billing", "mobile", "ios", "android", "serverless", "aws",
    "gcp", "azure", "sql", "etl", "dashboards", "ab testing", "copywriting", "branding",
    "partnerships", "roadmap", "release notes", "open source", "documentation", "support",
]
TAG_QUALIFIERS = [
    "tips", "basics", "in production", "at scale", "mistakes", "checklist", "2019",
    "2020", "2021", "2022", "2023", "2024", "2025", "2026", "for startups", "deep dive",
    "tooling", "patterns", "case study", "internals", "setup", "migration", "debugging",
    "costs", "faq", "playbook", "roundup", "benchmarks", "history", "workshop", "template",
    "guide", "lessons", "q1", "q2", "q3", "q4", "v2", "v3", "beta", "config", "upgrade",
    "outage", "postmortem", "limits", "best practices", "myths", "howto", "cheatsheet",
    "intro", "advanced", "security", "testing", "monitoring", "teams", "budget", "audit",
    "strategy", "metrics", "ux", "api", "cli", "plugins", "hooks", "errors", "localisation",
    "scaling", "pitfalls", "alternatives", "comparison", "review", "survey", "interview",
    "notes", "recap", "demo", "workflow", "automation", "ops", "data", "reports", "legacy",
    "refactoring", "naming", "dependencies", "packaging", "deployment", "rollback", "cache",
    "latency", "queues", "streams", "schema", "indexes", "pricing page", "newsletter",
    "webinar", "launch", "community", "feedback", "research", "experiments",
]
HEAD_TAGS = 40  # the popular tags; the rest is the long tail
TAGS_PER_POST = {1: 15, 2: 20, 3: 25, 4: 20, 5: 12, 6: 8}
TECH_TITLES = [
    "How we cut {stack} build times in half",
    "Debugging {error} in {stack}",
    "Moving from {stack} to {stack2}: what broke",
    "A practical guide to {tech_task} with {stack}",
    "What we learned running {stack} in production",
    "{Tech_task}: the boring way that works",
    "Why our {stack} deploys failed on Fridays",
    "Notes on {tech_task}",
    "{Stack} tips we wish we had known in {year}",
    "Five mistakes we made with {tech_task}",
]
TECH_SENTENCES = [
    "We run {stack} on two small machines, and that has been enough for {n} months.",
    "The fix was a one-line change to the `{setting}` setting, found after a week of logs.",
    "Nobody on the team had touched the {stack} configuration since {year}.",
    "When the queue backs up, {error} shows up in the logs long before users notice.",
    "The benchmark ran {n} times on the same machine, and we kept the median.",
    "Pin your versions: an unpinned {stack} upgrade cost us a weekend.",
    "Our first attempt at {tech_task} took {weeks} weeks; the second took two days.",
    "The slow part was never {stack} itself but the network calls around it.",
    "Read the changelog before the upgrade, not after the outage.",
    "A test that fails once in fifty runs is still a failing test.",
    "We moved the cron job into the deploy pipeline, where someone would see it fail.",
    "The dashboard showed {pct} percent of requests hitting the cache, which was wrong.",
]
STACKS = ["Postgres", "Django", "Kubernetes", "Terraform", "React", "nginx", "Redis",
          "Kafka", "GitHub Actions", "Rust", "Go", "Elasticsearch", "Celery", "Next.js"]
ERRORS = ["connection resets", "an out-of-memory kill", "a deadlock", "a 502 from the proxy",
          "a timezone bug", "a race condition", "a stale cache", "a TLS handshake failure"]
TECH_TASKS = ["zero-downtime migrations", "log aggregation", "blue-green deploys",
              "database backups", "load testing", "feature flags", "secret rotation",
              "incident reviews", "dependency upgrades", "rate limiting"]
SETTINGS = ["max_connections", "worker_timeout", "keepalive", "pool_size", "shared_buffers",
            "replicas", "retry_limit", "cache_ttl"]
CODE_SNIPPETS = [  # (language if labelled, code)
    ("bash", "$ pip install -r requirements.txt\n$ make test\n$ git push origin main"),
    ("python", "def retry(func, attempts={n}):\n    for attempt in range(attempts):\n"
               "        try:\n            return func()\n        except TimeoutError:\n"
               "            time.sleep(2 ** attempt)\n    raise RuntimeError('gave up')"),
    ("sql", "SELECT date_trunc('week', created_at) AS week, count(*)\nFROM signups\n"
            "WHERE created_at > now() - interval '{weeks} weeks'\nGROUP BY 1\nORDER BY 1;"),
    ("yaml", "services:\n  web:\n    image: app:latest\n    ports:\n      - \"8000:8000\"\n"
             "    environment:\n      - {setting}={n}"),
    ("javascript", "const res = await fetch('/api/items?page=' + page);\n"
                   "if (!res.ok) throw new Error(res.statusText);\n"
                   "const items = await res.json();"),
    ("ini", "[server]\nhost = 0.0.0.0\nport = 8080\n{setting} = {n}\n\n[log]\nlevel = info"),
    ("text", "2026-03-02T10:14:07Z ERROR worker-{n} {error}\n"
             "2026-03-02T10:14:08Z WARN  retrying in {weeks}s\n"
             "2026-03-02T10:14:16Z INFO  recovered"),
    ("go", "func handler(w http.ResponseWriter, r *http.Request) {{\n"
           "\tctx, cancel := context.WithTimeout(r.Context(), {n}*time.Second)\n"
           "\tdefer cancel()\n\tserve(ctx, w, r)\n}}"),
    ("dockerfile", "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
                   "RUN pip install --no-cache-dir -r requirements.txt\n"
                   "CMD [\"gunicorn\", \"app:app\"]"),
    ("console", "$ kubectl get pods -n prod\nNAME          READY   STATUS    RESTARTS\n"
                "web-7d9f     1/1     Running   {few}\nworker-5c2   1/1     Running   0"),
]
LINKS = ["https://docs.python.org/3/library/", "https://www.postgresql.org/docs/",
         "https://developer.mozilla.org/en-US/docs/Web", "https://en.wikipedia.org/wiki/",
         "https://github.com/", "https://news.ycombinator.com/item?id="]
REMOTE_IMAGES = ["https://images.example-cdn.com/blog/{n}/hero.jpg",
                 "https://i.imgur.example/{n}.png", "https://media.example.org/uploads/{n}.webp"]

CONTACT_PAGE = """Title: Contact
Summary: How to reach the team.

Write to hello@example.com, or call us on weekdays between nine and five.
"""

# Shares of posts; each becomes an exact count, so any size keeps the mix.
TECH_SHARE = 0.55
SUMMARY_SHARE = 0.40
AUTHOR_SHARE = 0.60
QUESTION_SHARE = 0.30
SOURCES_SHARE = 0.35
LOCAL_IMAGE_SHARE = 0.25
REMOTE_IMAGE_SHARE = 0.10
TABLE_SHARE = 0.20
FOOTNOTE_SHARE = 0.15
LABELLED_CODE_SHARE = 0.20  # of code blocks; the rest have no language
INDENTED_CODE_SHARE = 0.30  # of unlabelled code blocks


@dataclass(frozen=True)
class PostTraits:
    """What a post contains besides prose."""

    tech: bool
    words: int
    local_images: tuple[str, ...] = ()
    remote_image: bool = False
    table: bool = False
    footnotes: bool = False


def category_count(posts: int) -> int:
    """About 8 categories for a small blog, up to 15 for a large one."""
    return min(len(CATEGORIES), 8 + posts // 600)


def tag_names(rng: random.Random, count: int) -> list[str]:
    """`count` tags with distinct slugs: the popular words first, then combinations."""
    combined = [f"{word} {qualifier}" for qualifier in TAG_QUALIFIERS for word in TAG_WORDS]
    combined += [f"{first} {joint} {second}" for joint in ("and", "vs")
                 for first in TAG_WORDS for second in TAG_WORDS if first < second]
    rng.shuffle(combined)
    names, slugs = [], set()
    for name in TAG_WORDS + combined:
        slug = _slug(name)
        if slug not in slugs:
            slugs.add(slug)
            names.append(name)
        if len(names) == count:
            return names
    raise ValueError(f"at most {len(names)} distinct tags can be generated, not {count}")


def assign_tags(rng: random.Random, posts: int, distinct: int) -> list[list[str]]:
    """1-6 tags per post: a Zipf-like head of popular tags and a long tail used about once."""
    counts = rng.choices(list(TAGS_PER_POST), weights=list(TAGS_PER_POST.values()), k=posts)
    names = tag_names(rng, distinct)
    head, tail = names[:HEAD_TAGS], names[HEAD_TAGS:]
    slots = [(post, i) for post, k in enumerate(counts) for i in range(k)]
    fresh = set(rng.sample(range(len(slots)), min(len(tail), len(slots))))
    weights = [1 / rank for rank in range(1, len(head) + 1)]
    tags: list[list[str]] = [[] for _ in range(posts)]
    tail_iter = iter(tail)
    for number, (post, _) in enumerate(slots):
        if number in fresh:
            tags[post].append(next(tail_iter))
            continue
        for _ in range(20):
            tag = rng.choices(head, weights=weights)[0]
            if tag not in tags[post]:
                tags[post].append(tag)
                break
    return tags


def _word_count(rng: random.Random) -> int:
    """Post length: log-normal around 700 words, 150 to 3,000."""
    return max(150, min(3000, round(rng.lognormvariate(6.55, 0.75))))


def png(width: int, height: int, shade: int) -> bytes:
    """A small valid PNG: a horizontal grey gradient (8-bit greyscale)."""
    row = bytes((shade + x * 160 // max(1, width)) % 256 for x in range(width))
    raw = b"".join(b"\x00" + row for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def make_images(rng: random.Random, count: int) -> dict[str, bytes]:
    """File name -> PNG bytes for `count` images of the sizes blog images have."""
    images = {}
    for number in range(1, count + 1):
        width = rng.choice([480, 640, 800, 1024, 1200])
        height = width * rng.choice([9, 10, 12]) // 16
        images[f"figure-{number:04d}.png"] = png(width, height, rng.randrange(96))
    return images


class _BodyWriter:
    """Writes one post's Markdown body: prose from benchmarks.articles plus tech blocks."""

    def __init__(self, rng: random.Random, plan: ArticlePlan, traits: PostTraits) -> None:
        self.rng, self.traits = rng, traits
        self.prose = _Writer(rng, plan)
        self.filler = Filler(rng, plan.context)
        self.tech = _Deck(rng, TECH_SENTENCES)  # no sentence twice until all are used
        self.footnotes: list[str] = []

    def sentence(self) -> str:
        rng = self.rng
        if self.traits.tech and rng.random() < 0.4:
            text = self.filler.fill(self.tech.draw())
        else:
            text = self.prose.sentence()
        roll = rng.random()
        if roll < 0.08:
            link = f"{rng.choice(LINKS)}{rng.randint(1, 9999)}"
            text = text[:-1] + f", as the [documentation]({link}) says."
        elif roll < 0.14:
            text = text[:-1] + f" (see `{rng.choice(SETTINGS)}`)."
        elif roll < 0.17 and self.traits.footnotes:
            note = rng.choice(TECH_SENTENCES + prose.GENERAL_SENTENCES)
            self.footnotes.append(self.filler.fill(note))
            text = text[:-1] + f"[^{len(self.footnotes)}]."
        return text

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 6)))

    def code_block(self) -> str:
        rng = self.rng
        language, code = rng.choice(CODE_SNIPPETS)
        code = self.filler.fill(code)
        if rng.random() < LABELLED_CODE_SHARE:
            return f"```{language}\n{code}\n```"
        if rng.random() < INDENTED_CODE_SHARE:
            return "\n".join("    " + line if line else "" for line in code.splitlines())
        return f"```\n{code}\n```"

    def table(self) -> str:
        rng = self.rng
        rows = [f"| {rng.choice(STACKS)} | {rng.randint(1, 500)} ms | {rng.randint(1, 99)} % |"
                for _ in range(rng.randint(2, 8))]
        return "\n".join(["| Option | Median latency | Share |", "| --- | ---: | ---: |", *rows])

    def image(self, name: str) -> str:
        return f"![{self.filler.fill('A diagram of {subject}')}]({{static}}/images/{name})"

    def remote_image(self) -> str:
        url = self.filler.fill(self.rng.choice(REMOTE_IMAGES))
        return f"![Screenshot from {self.rng.choice(STACKS)}]({url})"

    def numbered_list(self) -> str:
        return "\n".join(f"{i}. {self.sentence()}" for i in range(1, self.rng.randint(3, 6) + 1))

    def extras(self) -> list[str]:
        """The non-prose blocks of the post, in a random order."""
        rng, traits = self.rng, self.traits
        blocks = [self.image(name) for name in traits.local_images]
        if traits.remote_image:
            blocks.append(self.remote_image())
        if traits.table:
            blocks.append(self.table())
        code_blocks = rng.choice([1, 2, 3, 4, 6]) if traits.tech else rng.choice([0, 0, 0, 1])
        blocks += [self.code_block() for _ in range(code_blocks * max(1, traits.words // 900))]
        blocks += [self.prose.bullet_list() for _ in range(rng.choice([0, 1, 1, 2]))]
        if rng.random() < 0.3:
            blocks.append(self.numbered_list())
        if rng.random() < 0.25:
            blocks.append(self.prose.expert_quote())
        rng.shuffle(blocks)
        return blocks[:max(2, traits.words // 150)]  # a short post has few of them

    def body(self) -> str:
        rng, target = self.rng, self.traits.words
        out = [self.paragraph()]  # the first paragraph: prose only
        words = len(out[0].split())
        extras = self.extras()
        sections = max(1, min(10, target // 280))
        headings = self.prose.headings(max(2, sections))
        for number in range(sections):
            out.append(f"## {headings[number % len(headings)]}")
            end = words + (target - words) // (sections - number)
            while True:
                out.append(self.paragraph())
                words += len(out[-1].split())
                if extras and rng.random() < 0.5:
                    out.append(extras.pop())
                if words >= end:
                    break
            if rng.random() < 0.2:
                out.append(f"### {self.filler.fill(rng.choice(prose.STATEMENT_HEADINGS))}")
                out.append(self.paragraph())
        for block in extras:  # code indented right after a list would join the list
            out += [self.sentence(), block] if block.startswith("    ") else [block]
        out += [f"[^{i}]: {text}" for i, text in enumerate(self.footnotes, 1)]
        return "\n\n".join(out) + "\n"


@dataclass(frozen=True)
class RealWorldInfo:
    """What generate() wrote."""

    posts: int
    categories: int
    tags: int
    images: int
    bytes_written: int


def _exact(rng: random.Random, count: int, share: float) -> set[int]:
    return set(rng.sample(range(count), round(count * share)))


def _header(plan: ArticlePlan) -> str:
    lines = [f"Title: {plan.title}", f"Date: {plan.date:%Y-%m-%d %H:%M}",
             f"Category: {plan.category}", f"Tags: {', '.join(plan.tags)}"]
    lines += [f"Summary: {plan.summary}"] if plan.summary else []
    lines += [f"Author: {plan.author}"] if plan.author else []
    lines += [f"Question-Id: {plan.question_id}"] if plan.question_id else []
    lines += [f"Sources: {', '.join(plan.sources)}"] if plan.sources else []
    return "\n".join(lines) + "\n\n"


def _tech_context(rng: random.Random) -> dict[str, str]:
    first, second = rng.sample(STACKS, 2)
    return {"stack": first, "stack2": second, "error": rng.choice(ERRORS),
            "tech_task": rng.choice(TECH_TASKS), "setting": rng.choice(SETTINGS)}


def generate(out_dir: Path, posts: int = 400, seed: int = 2026) -> RealWorldInfo:
    """Write the corpus into out_dir (which must not already hold articles)."""
    if posts < 1:
        raise ValueError("posts must be at least 1")
    out_dir = Path(out_dir)
    if (out_dir / "articles").exists():
        raise FileExistsError(f"{out_dir}/articles already exists")
    rng = random.Random(seed)
    bank, spare = registries.pick_questions(rng, 120)
    sources = registries.make_sources(rng, 80)
    planner = _Planner(rng, bank, spare, sources)
    categories = CATEGORIES[:category_count(posts)]
    tags = assign_tags(rng, posts, round(posts * 2.5))
    images = make_images(rng, max(1, posts // 5))
    tech = _exact(rng, posts, TECH_SHARE)
    picks = {name: _exact(rng, posts, share) for name, share in [
        ("summary", SUMMARY_SHARE), ("author", AUTHOR_SHARE), ("question", QUESTION_SHARE),
        ("sources", SOURCES_SHARE), ("local", LOCAL_IMAGE_SHARE),
        ("remote", REMOTE_IMAGE_SHARE), ("table", TABLE_SHARE), ("notes", FOOTNOTE_SHARE)]}
    files: dict[Path, bytes] = {out_dir / "images" / name: data for name, data in images.items()}
    width = max(4, len(str(posts)))
    for i, date in enumerate(_article_dates(rng, posts)):
        context = {**_default_context(rng, date.year), **_tech_context(rng)}
        seed_question = rng.choice(planner.answered) if i in picks["question"] else None
        if seed_question:
            context.update(seed_question.context, question=seed_question.text)
        topic = seed_question.topic if seed_question else "other"
        plan = ArticlePlan(number=i + 1, date=date, topic=topic, context=context)
        templates = (TECH_TITLES if i in tech else
                     prose.TITLES[topic] if seed_question else prose.NO_QUESTION_TITLES)
        plan.title = planner.unique_title(plan, None, templates)
        weights = [1 / rank ** 0.8 for rank in range(1, len(categories) + 1)]
        pool = [c for c in categories if (c in TECH_CATEGORIES) == (i in tech)] or categories
        plan.category = rng.choices(pool, weights=weights[:len(pool)])[0]
        plan.tags = tags[i]
        plan.author = rng.choice(wb.AUTHORS) if i in picks["author"] else ""
        if i in picks["summary"]:
            plan.summary = Filler(rng, context).fill(rng.choice(prose.SUMMARIES))
        plan.question_id = seed_question.id if seed_question else None
        if i in picks["sources"]:
            recent = planner.recent_sources(date)
            plan.sources = [s.id for s in rng.sample(recent, min(len(recent), rng.randint(1, 3)))]
        local = tuple(rng.sample(sorted(images), rng.randint(1, 2))) if i in picks["local"] else ()
        traits = PostTraits(tech=i in tech, words=_word_count(rng), local_images=local,
                            remote_image=i in picks["remote"], table=i in picks["table"],
                            footnotes=i in picks["notes"])
        text = _header(plan) + _BodyWriter(rng, plan, traits).body()
        files[out_dir / "articles" / f"{i + 1:0{width}d}-{_slug(plan.title)[:60]}.md"] = (
            text.encode("utf-8"))
    files[out_dir / "questions.yml"] = registries.dump_yaml(
        [registries.question_entry(rng, q) for q in bank],
        "Question bank (generated by benchmarks.realworld)").encode("utf-8")
    files[out_dir / "sources.yml"] = registries.dump_yaml(
        [registries.source_entry(s) for s in sources],
        "Source registry (generated by benchmarks.realworld)").encode("utf-8")
    files[out_dir / "pages" / "about.md"] = prose.ABOUT_PAGE.encode("utf-8")
    files[out_dir / "pages" / "contact.md"] = CONTACT_PAGE.encode("utf-8")  # the CTAs' link
    for folder in ("articles", "images", "pages"):
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        path.write_bytes(data)
    return RealWorldInfo(posts=posts, categories=len(categories),
                         tags=len({t for post in tags for t in post}), images=len(images),
                         bytes_written=sum(len(data) for data in files.values()))


def main(argv: list[str] | None = None) -> int:
    """Command line: generate the corpus and say what was written."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.realworld",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    parser.add_argument("--posts", type=int, default=400)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    try:
        info = generate(args.out_dir, args.posts, args.seed)
    except (ValueError, FileExistsError) as error:
        parser.exit(2, f"error: {error}\n")
    print(f"Wrote {info.posts} posts, {info.categories} categories, {info.tags} tags, "
          f"{info.images} images, {info.bytes_written / 1e6:.1f} MB to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
