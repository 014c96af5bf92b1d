"""Which questions are answered, by which articles, and which are gaps. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from customer_evidence.core.question_bank import Bank
from customer_evidence.core.vocabulary import Vocabulary

from .tagging import question_key

OTHER_GROUP = "Not in the question bank"  # internal; the hub shows OTHER_LABEL
OTHER_LABEL = "Other questions we answer"


def answered_questions(articles: Iterable[Any]) -> dict[str, dict]:
    """Group published articles by the question they answer, newest article first."""
    groups: dict[str, dict] = {}
    for article in articles:
        question = getattr(article, "customer_question", None)
        if question:
            group = groups.setdefault(question_key(question), {**question, "articles": []})
            group["articles"].append(article)
    for group in groups.values():
        group["articles"].sort(key=lambda a: a.date, reverse=True)
    return groups


def has_page(group: dict) -> bool:
    """A question gets a page when it is in the bank or an article declares it.

    A title that merely reads as a question is a suggestion until an author
    declares it, so it does not appear among the customer questions.
    """
    return group["id"] is not None or any(
        a.customer_question["how"] == "declared" for a in group["articles"]
    )


def hub_groups(bank: Bank, answered: dict[str, dict], show_unanswered: bool,
               vocabulary: Vocabulary) -> list[dict]:
    """Questions for the hub page, by stage then topic in the site's order; free-text
    ones last."""
    groups = []
    for stage in vocabulary.stages:
        topics = []
        for topic in vocabulary.topics:
            entries = [
                _hub_entry(q.id, q.text, q.asked, answered.get(q.id))
                for q in bank.questions.values()
                if q.stage == stage and q.topic == topic
                and (q.id in answered or show_unanswered)
            ]
            if entries:
                entries.sort(key=lambda e: (not e["answered"], -e["asked"], e["text"]))
                topics.append({"topic": topic, "questions": entries})
        if topics:
            groups.append({"stage": stage, "topics": topics})
    free = [g for key, g in answered.items() if not g["id"]]
    if free:
        entries = sorted((_hub_entry(None, g["text"], 0, g) for g in free),
                         key=lambda e: e["text"].lower())
        groups.append({"stage": OTHER_GROUP, "label": OTHER_LABEL,
                       "topics": [{"topic": None, "questions": entries}]})
    return groups


def _hub_entry(question_id: str | None, text: str, asked: int, group: dict | None) -> dict:
    return {
        "id": question_id,
        "text": text,
        "asked": asked,
        "answered": group is not None,
        "url": group["url"] if group else None,
        "count": len(group["articles"]) if group else 0,
    }


def coverage(
    bank: Bank, answered: dict[str, dict], urls: Mapping[Any, str] | None = None,
    vocabulary: Vocabulary | None = None,
) -> dict:
    """Every bank question with its answering articles; the gaps ranked by `asked`;
    the site's stages and topics in order, for tables.

    `urls` maps articles to their URLs where the caller has worked them out already.
    """
    vocabulary = vocabulary or Vocabulary()
    urls = urls or {}
    questions = []
    for q in bank.questions.values():
        group = answered.get(q.id)
        questions.append({
            "id": q.id,
            "question": q.text,
            "topic": q.topic,
            "stage": q.stage,
            "asked": q.asked,
            "heard_in": list(q.heard_in),
            "last_heard": q.last_heard.isoformat() if q.last_heard else None,
            "articles": [_article_ref(a, urls.get(a)) for a in group["articles"]]
            if group else [],
        })
    gaps = sorted((q for q in questions if not q["articles"]), key=lambda q: (-q["asked"], q["id"]))
    return {
        "questions": questions,
        "gaps": gaps,
        "answered": sum(1 for q in questions if q["articles"]),
        "total": len(questions),
        "stages": list(vocabulary.stages),
        "topics": list(vocabulary.topics),
    }


def _article_ref(article: Any, url: str | None) -> dict:
    return {
        "title": article.title,
        "url": article.url if url is None else url,
        "how": article.customer_question["how"],
        "date": article.date.date().isoformat(),
    }
