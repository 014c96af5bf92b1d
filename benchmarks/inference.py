"""How fast is question inference? 10,000 articles against a 5,000-question bank.

    python -m benchmarks.inference [--articles 10000] [--questions 5000] [--workdir DIR]

Generates the corpus (benchmarks.corpus), reads each article's title and `##`
headings, then times customer_questions' Tagger on every article as if none
declared its question, so every one goes through inference: the worst case.
The time covers building the matcher and tagging; reading files is excluded.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import corpus

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "plugins"))

from customer_questions.matching import QuestionMatcher  # noqa: E402
from customer_questions.tagging import Tagger  # noqa: E402
from editorial.question_bank import load_bank  # noqa: E402


def read_article(path: Path) -> tuple[str, list[str]]:
    """An article's title and its `##` headings, from its Markdown."""
    title, headings = "", []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("Title:") and not title:
            title = line[6:].strip()
        elif line.startswith("## "):
            headings.append(line[3:].strip())
    return title, headings


def run(articles: int = 10000, questions: int = 5000, workdir: Path | None = None) -> dict:
    """Time inference over a generated corpus; return the figures."""
    with tempfile.TemporaryDirectory(prefix="inference-bench-") as scratch:
        content = Path(workdir or scratch) / "content"
        corpus.generate(content, articles=articles, questions=questions, sources=50,
                        overwrite=True)
        bank, findings = load_bank(content / "questions.yml")
        assert not findings, findings
        texts = [read_article(p) for p in sorted((content / "articles").glob("*.md"))]
    start = time.perf_counter()
    matcher = QuestionMatcher((q.id, q.text) for q in bank.questions.values())
    tagger = Tagger(bank, matcher, slugify=lambda text: text.lower(), url_of=lambda s: s)
    tagged = {"bank": 0, "free": 0, "none": 0}
    for title, headings in texts:
        question, _ = tagger.tag({}, title, headings)
        tagged["none" if question is None else "bank" if question["id"] else "free"] += 1
    seconds = time.perf_counter() - start
    return {"articles": len(texts), "questions": len(bank.questions), "seconds": seconds,
            **{f"tagged_{k}": v for k, v in tagged.items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.inference",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    r = run(args.articles, args.questions, args.workdir)
    print(f"inference: {r['articles']} articles against {r['questions']} questions in "
          f"{r['seconds']:.2f} s ({r['articles'] / r['seconds']:.0f} articles/s); matched a "
          f"bank question for {r['tagged_bank']}, a title or heading question for "
          f"{r['tagged_free']}, nothing for {r['tagged_none']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
