"""The editorial report's data: what the plugins decided, gathered into one plain dict. Pure.

`build_report()` re-decides nothing. It reads what customer_questions and
customer_sources put on each article (`customer_question`, `source_verdict`,
`customer_sources`), the findings they recorded, the question coverage and the
source registry, and returns the dict the report page renders and the JSON twin
holds. Private source fields are never read.

Shape (SCHEMA 1; keys are only ever added, a change of meaning bumps SCHEMA):

    schema          1
    today           "YYYY-MM-DD", the day staleness counts from
    totals          articles, published, drafts, hidden: int
                    how: {declared, inferred, none}; verdicts: {cited, missing, exempt, unknown}
                    findings: {error, warning, info}; questions: {total, answered, gaps}
    articles        newest first: {title, file, url (null when it has no page), status,
                    date "YYYY-MM-DD", question ({text, id, topic, stage, asked, score,
                    evidence, source} or null; score and evidence set when inferred, source
                    "metadata" or the passage kind the evidence is from),
                    how ("declared" | "inferred" | "none"), suggestion (a question the
                    article may answer, never published: {text, id (null when not in the
                    bank), where, evidence, score (null for a question-shaped title or
                    heading)} or null), verdict ("cited" | "missing" |
                    "exempt" | null when customer_sources did not run), sources [ids],
                    findings [{level, rule, line, message}]}
    other_findings  findings on no article (the registries, say): {level, rule, file, line, message}
    gaps            bank questions no published article answers, most asked first:
                    {id, question, topic, stage, asked, heard_in, last_heard ("YYYY-MM-DD"
                    or null)}
    sources         {registry (path or null), stale_days, entries, stale [ids], unused [ids]};
                    entries, most cited first: {id, kind, date, consent, attribution,
                    url (public consent only), articles [files, any status],
                    published (int), stale (bool)}
    charts          coverage_by_stage, coverage_by_topic: [{key, answered, total}]
                    articles_by_verdict: [{key, count}] (published articles)
                    articles_per_month: [{month "YYYY-MM", declared, inferred, none,
                    titles {declared, inferred, none}}] (published articles, every month
                    from the first to the last, empty ones included; at most MAX_MONTHS:
                    when the dates span more, the MAX_MONTHS months ending with the newest
                    article not after `today`)
                    articles_per_month_outside: {before, after}: published articles dated
                    before or after those months, not in the chart (added in SCHEMA 1)
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from customer_evidence.core.context import VERDICTS
from customer_evidence.core.findings import LEVELS, Finding, display_path, sort_key
from customer_evidence.core.source_registry import Registry, Source, is_stale
from customer_evidence.core.vocabulary import Vocabulary

SCHEMA = 1
HOWS = ("declared", "inferred", "none")
# The monthly chart's longest span: three years of columns, whatever the dates say
# (an article dated 9999-12-31 would otherwise ask for 96,000 of them).
MAX_MONTHS = 36


def build_report(
    articles: Iterable[Any],
    findings: Iterable[Finding],
    coverage: dict | None,
    registry: Registry | None,
    today: datetime.date,
    stale_days: int,
    address: Callable[[Any], tuple[str, str]] | None = None,
) -> dict:
    """The report for these articles (any status), findings, coverage and registry.

    `address` gives an article's (url, save_as), when the caller knows them already.
    """
    articles = sorted(articles, key=lambda a: (a.date, a.source_path), reverse=True)
    by_file = _findings_by_file(findings)
    address = address or _address
    rows = [article_row(a, by_file.pop(display_path(a.source_path), []), address(a))
            for a in articles]
    other = [f.as_dict() for fs in by_file.values() for f in fs]
    coverage = coverage or {"questions": [], "gaps": [], "answered": 0, "total": 0}
    default = Vocabulary()  # the order of stages and topics when the coverage has none
    published = [r for r in rows if r["status"] == "published"]
    sources = source_usage(registry, rows, today, stale_days)
    return {
        "schema": SCHEMA,
        "today": today.isoformat(),
        "totals": _totals(rows, coverage, [*(f for r in rows for f in r["findings"]), *other]),
        "articles": rows,
        "other_findings": sorted(other, key=lambda f: sort_key(Finding(**f))),
        "gaps": [_gap(q) for q in coverage["gaps"]],
        "sources": sources,
        "charts": {
            "coverage_by_stage": coverage_by(coverage["questions"], "stage",
                                             coverage.get("stages") or default.stages),
            "coverage_by_topic": coverage_by(coverage["questions"], "topic",
                                             coverage.get("topics") or default.topics),
            "articles_by_verdict": [
                {"key": v, "count": sum(r["verdict"] == v for r in published)} for v in VERDICTS
            ],
            "articles_per_month": articles_per_month(published, today),
            "articles_per_month_outside": months_outside(published, today),
        },
    }


def _address(article: Any) -> tuple[str, str]:
    return getattr(article, "url", ""), getattr(article, "save_as", "")


def article_row(article: Any, findings: Sequence[Finding],
                address: tuple[str, str] | None = None) -> dict:
    """One article as the report shows it, with its findings; `address` its
    (url, save_as), else read from it."""
    url, save_as = address or _address(article)
    question = getattr(article, "customer_question", None)
    suggestion = getattr(article, "question_suggestion", None)
    return {
        "title": article.title,
        "file": display_path(article.source_path),
        "url": url if save_as and url else None,
        "status": article.status,
        "date": article.date.date().isoformat(),
        "question": {k: question.get(k)
                     for k in ("text", "id", "topic", "stage", "asked", "score", "evidence",
                               "source")}
        if question else None,
        "how": question["how"] if question else "none",
        "suggestion": dict(suggestion) if suggestion else None,
        "verdict": getattr(article, "source_verdict", None),
        "sources": [s["id"] for s in getattr(article, "customer_sources", None) or []],
        "findings": [
            {"level": f.level, "rule": f.rule, "line": f.line, "message": f.message}
            for f in sorted(findings, key=sort_key)
        ],
    }


def source_usage(registry: Registry | None, rows: Sequence[dict],
                 today: datetime.date, stale_days: int) -> dict:
    """Each registered source with the articles citing it; the stale and unused ones."""
    sources = list(registry.sources.values()) if registry else []
    entries = [_source_entry(s, rows, today, stale_days) for s in sources]
    entries.sort(key=lambda e: (-e["published"], -len(e["articles"]), e["id"]))
    return {
        "registry": registry.path if registry else None,
        "stale_days": stale_days,
        "entries": entries,
        "stale": [e["id"] for e in entries if e["stale"]],
        "unused": [e["id"] for e in entries if not e["articles"]],
    }


def _source_entry(source: Source, rows: Sequence[dict],
                  today: datetime.date, stale_days: int) -> dict:
    citing = [r for r in rows if source.id in r["sources"]]
    return {
        "id": source.id,
        "kind": source.kind,
        "date": source.date.isoformat(),
        "consent": source.consent,
        "attribution": source.attribution,
        "url": source.public_url,
        "articles": [r["file"] for r in citing],
        "published": sum(r["status"] == "published" for r in citing),
        "stale": is_stale(source.date, today, stale_days),
    }


def coverage_by(questions: Sequence[dict], field: str, keys: Sequence[str]) -> list[dict]:
    """Bank questions answered, of all, per stage or topic; keys with no question left out."""
    rows = []
    for key in keys:
        group = [q for q in questions if q[field] == key]
        if group:
            rows.append({"key": key, "answered": sum(bool(q["articles"]) for q in group),
                         "total": len(group)})
    return rows


def articles_per_month(rows: Sequence[dict], today: datetime.date | None = None,
                       limit: int = MAX_MONTHS) -> list[dict]:
    """Articles per month by how their question was tagged, every month in the span
    (chart_months: at most `limit` of them)."""
    by_month: dict[str, list[dict]] = {}
    for row in rows:
        by_month.setdefault(row["date"][:7], []).append(row)
    months = []
    for month in chart_months(by_month, today, limit):
        group = sorted(by_month.get(month, []), key=lambda r: r["date"])
        titles = {how: [r["title"] for r in group if r["how"] == how] for how in HOWS}
        months.append({"month": month, **{h: len(t) for h, t in titles.items()},
                       "titles": titles})
    return months


def months_outside(rows: Sequence[dict], today: datetime.date | None = None,
                   limit: int = MAX_MONTHS) -> dict:
    """How many articles are dated before and after the chart's months."""
    shown = chart_months({r["date"][:7] for r in rows}, today, limit)
    if not shown:
        return {"before": 0, "after": 0}
    return {"before": sum(r["date"][:7] < shown[0] for r in rows),
            "after": sum(r["date"][:7] > shown[-1] for r in rows)}


def chart_months(months: Iterable[str], today: datetime.date | None = None,
                 limit: int = MAX_MONTHS) -> list[str]:
    """The months the monthly chart shows for articles in `months` ("YYYY-MM").

    Every month from the first to the last when that is at most `limit`; else the
    `limit` months ending with the newest month not after `today`'s (the newest of
    all when every article is later), so a mistyped year never stretches the chart.
    """
    months = sorted(set(months))
    if not months:
        return []
    if _index(months[-1]) - _index(months[0]) < limit:
        return month_span(months[0], months[-1])
    now = f"{today:%Y-%m}" if today else months[-1]
    last = max((m for m in months if m <= now), default=months[-1])
    return month_span(_month(max(_index(last) - limit + 1, 0)), last, limit)


def month_span(first: str, last: str, limit: int | None = None) -> list[str]:
    """Every "YYYY-MM" from `first` to `last`, both included; the first `limit` at most."""
    start, end = _index(first), _index(last)
    if limit is not None:
        end = min(end, start + limit - 1)
    return [_month(i) for i in range(start, end + 1)]


def _index(month: str) -> int:
    """A "YYYY-MM" as a count of months since year 0."""
    year, number = map(int, month.split("-"))
    return year * 12 + number - 1


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _findings_by_file(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    return by_file


def _gap(question: dict) -> dict:
    return {**{k: question[k] for k in ("id", "question", "topic", "stage", "asked", "heard_in")},
            "last_heard": question.get("last_heard")}


def _totals(rows: Sequence[dict], coverage: dict, findings: Sequence[dict]) -> dict:
    statuses = Counter(r["status"] for r in rows)
    verdicts = Counter(r["verdict"] for r in rows)
    levels = Counter(f["level"] for f in findings)
    return {
        "articles": len(rows),
        "published": statuses["published"],
        "drafts": statuses["draft"],
        "hidden": statuses["hidden"],
        "how": {h: sum(r["how"] == h for r in rows) for h in HOWS},
        "verdicts": {**{v: verdicts[v] for v in VERDICTS}, "unknown": verdicts[None]},
        "findings": {level: levels[level] for level in LEVELS},
        "questions": {"total": coverage["total"], "answered": coverage["answered"],
                      "gaps": len(coverage["gaps"])},
    }
