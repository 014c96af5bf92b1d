"""How fast is question inference? 10,000 articles against a 5,000-question bank.

    python -m benchmarks.inference [--articles 10000] [--questions 5000] [--workdir DIR]

Generates the corpus (benchmarks.corpus), reads what the plugin reads of each
article (title, summary, headings, opening paragraphs of its rendered Markdown),
then times customer_questions' matcher and Tagger on every article as if none
declared its question, so every one goes through inference: the worst case. The
time covers loading the similarity model, building the matcher and tagging;
reading and rendering files is excluded.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import markdown

from benchmarks import corpus

REPO_ROOT = Path(__file__).resolve().parent.parent

from pelican.plugins.customer_questions.tagging import Tagger  # noqa: E402

from customer_evidence.core import semantic  # noqa: E402
from customer_evidence.core.article_text import passages  # noqa: E402
from customer_evidence.core.inference import question_matcher, thresholds  # noqa: E402
from customer_evidence.core.question_bank import load_bank  # noqa: E402


def read_article(path: Path, md: markdown.Markdown):
    """An article's title, summary and passages, as the plugin reads them."""
    header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    meta = dict(line.split(": ", 1) for line in header.splitlines() if ": " in line)
    html = md.reset().convert(body)
    return meta.get("Title", ""), passages(meta.get("Title", ""), meta.get("Summary"), html)


def run(articles: int = 10000, questions: int = 5000, workdir: Path | None = None) -> dict:
    """Time inference over a generated corpus; return the figures."""
    with tempfile.TemporaryDirectory(prefix="inference-bench-") as scratch:
        content = Path(workdir or scratch) / "content"
        corpus.generate(content, articles=articles, questions=questions, sources=50,
                        overwrite=True)
        bank, findings = load_bank(content / "questions.yml")
        assert not findings, findings
        md = markdown.Markdown(extensions=["extra"])
        texts = [read_article(p, md) for p in sorted((content / "articles").glob("*.md"))]
    semantic.model.cache_clear()
    start = time.perf_counter()
    matcher = question_matcher(bank, {})
    tagger = Tagger(bank, matcher, slugify=lambda text: text.lower(), url_of=lambda s: s,
                    limits=thresholds({}))
    matches = matcher.best_matches([p for _, p in texts], None, tagger.limits.suggest)
    tagged = {"inferred": 0, "suggested": 0, "none": 0}
    for (title, found), match in zip(texts, matches, strict=True):
        question, suggestion, _ = tagger.tag({}, title, found, match)
        tagged["inferred" if question else "suggested" if suggestion else "none"] += 1
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"articles": len(texts), "questions": len(bank.questions), "seconds": seconds,
            "peak_mb": peak, **{f"tagged_{k}": v for k, v in tagged.items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.inference",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    r = run(args.articles, args.questions, args.workdir)
    print(f"inference: {r['articles']} articles against {r['questions']} questions in "
          f"{r['seconds']:.2f} s ({r['articles'] / r['seconds']:.0f} articles/s, peak "
          f"{r['peak_mb']:.0f} MB); tagged {r['tagged_inferred']}, suggested "
          f"{r['tagged_suggested']}, nothing for {r['tagged_none']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
