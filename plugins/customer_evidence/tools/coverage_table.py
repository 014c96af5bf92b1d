"""`invoke questions`: the question bank's coverage and its gaps, as text tables.

Reads the coverage the customer_questions plugin computes (context
"question_coverage", see customer_questions/coverage.py); decides nothing itself.
"""

from __future__ import annotations

from io import StringIO

from customer_evidence.core.vocabulary import Vocabulary


def coverage_rows(coverage: dict) -> list[tuple[str, str, int, int]]:
    """(stage, topic, answered, total) for each stage and topic with bank questions,
    in the site's order (the coverage's `stages` and `topics`)."""
    default = Vocabulary()
    rows = []
    for stage in coverage.get("stages") or default.stages:
        for topic in coverage.get("topics") or default.topics:
            questions = [q for q in coverage["questions"]
                         if q["stage"] == stage and q["topic"] == topic]
            if questions:
                answered = sum(1 for q in questions if q["articles"])
                rows.append((stage, topic, answered, len(questions)))
    return rows


def coverage_table(coverage: dict, width: int = 120) -> str:
    """The coverage by stage and topic, then the gaps ranked by how often asked."""
    from rich.console import Console
    from rich.table import Table

    buffer = StringIO()
    console = Console(file=buffer, width=width, force_terminal=False, highlight=False)
    table = Table(title="Question bank coverage", title_justify="left", show_edge=False)
    for name, justify in (("stage", "left"), ("topic", "left"), ("answered", "right"),
                          ("questions", "right"), ("share", "right")):
        table.add_column(name, justify=justify, no_wrap=True)
    for stage, topic, answered, total in coverage_rows(coverage):
        table.add_row(stage, topic, str(answered), str(total), f"{answered / total:.0%}")
    table.add_section()
    table.add_row("all", "", str(coverage["answered"]), str(coverage["total"]),
                  f"{coverage['answered'] / coverage['total']:.0%}" if coverage["total"] else "-")
    console.print(table)
    console.print()
    gaps = Table(title=f"Most-asked questions no post answers yet ({len(coverage['gaps'])} "
                       "gaps, most asked first)", title_justify="left", show_edge=False,
                 expand=True)
    gaps.add_column("asked", justify="right", no_wrap=True)
    gaps.add_column("id", no_wrap=True)
    gaps.add_column("question", ratio=1)
    gaps.add_column("heard in", no_wrap=True)
    gaps.add_column("last heard", no_wrap=True)
    gaps.add_column("stage / topic", no_wrap=True)
    for q in coverage["gaps"]:
        gaps.add_row(str(q["asked"]), q["id"], q["question"], "\n".join(q["heard_in"]),
                     q.get("last_heard") or "-", f"{q['stage']} / {q['topic']}")
    console.print(gaps if coverage["gaps"] else "No gaps: every bank question has an answer.")
    return buffer.getvalue().rstrip("\n")
