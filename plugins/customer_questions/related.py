"""Related articles: the other published articles on the same customer question or topic.

Pure functions over anything with `customer_question`, `date` and `status`, so they
test without a Pelican build. Same question first, then the same bank topic; newest
first within each; at most MAX_RELATED.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .tagging import question_key

MAX_RELATED = 3


def related_lists(
    articles: Sequence[Any], candidates: Iterable[Any], limit: int = MAX_RELATED
) -> list[list[Any]]:
    """For each of `articles`, its related published articles among `candidates`."""
    by_question, by_topic = _index(candidates)
    return [_related(article, by_question, by_topic, limit) for article in articles]


def _index(candidates: Iterable[Any]) -> tuple[dict[str, list], dict[str, list]]:
    """Published candidates with a question, newest first, by question and by topic."""
    pool = sorted(
        (c for c in candidates if c.status == "published" and c.customer_question),
        key=lambda c: c.date,
        reverse=True,
    )
    by_question: dict[str, list] = defaultdict(list)
    by_topic: dict[str, list] = defaultdict(list)
    for candidate in pool:
        question = candidate.customer_question
        by_question[question_key(question)].append(candidate)
        if question.get("topic"):
            by_topic[question["topic"]].append(candidate)
    return by_question, by_topic


def _related(article: Any, by_question: dict, by_topic: dict, limit: int) -> list[Any]:
    """Same question first, then same topic, skipping the article itself."""
    question = getattr(article, "customer_question", None)
    if not question or limit <= 0:
        return []
    groups = [by_question.get(question_key(question), [])]
    if question.get("topic"):
        groups.append(by_topic.get(question["topic"], []))
    found, seen = [], {id(article)}
    for group in groups:
        for candidate in group:
            if id(candidate) not in seen:
                seen.add(id(candidate))
                found.append(candidate)
                if len(found) == limit:
                    return found
    return found


def related_links(related: Sequence[Any], urls: Mapping[Any, str]) -> list[dict]:
    """What the theme shows of each related article: url, title, lang, and question.

    `question` is the question's text unless it says the same as the title. Plain
    dicts, made once per article: the theme lists each article under several others.
    """
    links = []
    for other in related:
        question = other.customer_question["text"]
        links.append({
            "url": urls.get(other) or other.url,
            "title": other.title,
            "lang": getattr(other, "lang", None),
            "question": question if question != other.title else None,
        })
    return links
