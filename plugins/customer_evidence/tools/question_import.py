"""`invoke questions --import FILE`: feed the question bank from a CSV export.

A help-desk, CRM, call-note, web-form or question-research export goes in; the
bank (content/questions.yml) comes out with its entries' `asked`, `heard_in` and
`last_heard` counted up and new entries proposed. Each step is a pure function
returning plain records, in a module of its own; `import_questions()` ties them to
the files and `summary()` says what they did:

1. customer_evidence.tools.csv_export, `read_export()`: the header and rows of the CSV, or
   ImportFailed naming the file, row, column and what to do (encoding, size, shape);
2. customer_evidence.tools.csv_export, `resolve_columns()`: which columns hold the text, date,
   channel, and personal values (by their header, or as the options say);
3. customer_evidence.tools.asking, `find_questions()`: the asking sentences of one cell, with
   quoted replies, signatures and personal data taken out (customer_evidence.tools.personal_data);
4. customer_evidence.tools.export_questions, `collect()`: every row into unique questions and the
   rows that asked them;
5. customer_evidence.tools.question_groups, `group()`: near-duplicates by meaning
   (customer_evidence.core.semantic's vectors) and by the content words they share;
6. customer_evidence.tools.bank_plan, `plan()`: each group added to the bank entry it asks, or
   proposed as a new entry when heard `min_asked` times, worded by its most central
   question that carries no personal data (dates read by customer_evidence.tools.export_dates);
7. customer_evidence.tools.bank_writer applies the plan, keeping the file's layout.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from customer_evidence.core.findings import display_path
from customer_evidence.core.question_bank import Bank, load_bank
from customer_evidence.core.registry_limits import limits_of
from customer_evidence.core.vocabulary import vocabulary_of
from customer_evidence.tools import bank_writer, personal_data
from customer_evidence.tools.bank_plan import Plan, Space, plan
from customer_evidence.tools.csv_export import (
    Columns,
    ImportFailed,
    delimiter_name,
    read_export,
    resolve_columns,
)
from customer_evidence.tools.export_questions import Collected, collect
from customer_evidence.tools.question_groups import Likeness, group

SAMPLE_ROWS = 200                # rows read to choose the text column


# -- which bank question a text asks ------------------------------------------------


def bank_matcher(bank: Bank, settings: dict):
    """The site's question matcher for this bank, as the build, the audit and
    `invoke new` use it (customer_evidence.core.inference): the one place the import
    names a matcher. Its `words` are how grouping reads content words too."""
    from customer_evidence.core.inference import question_matcher

    return question_matcher(bank, settings)


def asks(matcher, text: str) -> str | None:
    """The id of the bank question `text` asks in other words, or None."""
    found = matcher.same_question(text)
    return found.question_id if found else None


# -- the whole import ---------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """What `invoke questions --import` was asked to do."""

    file: Path
    bank: Path
    column: str | None = None
    date_column: str | None = None
    channel_column: str | None = None
    channel: str | None = None
    encoding: str = "utf-8"
    max_rows: int = 50_000
    min_asked: int = 2
    dry_run: bool = False
    settings: dict = field(default_factory=dict)  # the site's: its matcher and synonyms
    today: datetime.date = field(default_factory=datetime.date.today)


@dataclass(frozen=True)
class Outcome:
    """What the import did: the summary to print, the bank's diff, whether it wrote."""

    summary: str
    diff: str
    written: bool


def import_questions(options: Options) -> Outcome:
    """Read the export, plan the change, write the bank (unless a dry run)."""
    from customer_evidence.core.semantic import ModelMissing, model

    if options.max_rows < 1 or options.min_asked < 1:
        raise ImportFailed("--max-rows and --min-asked must be 1 or more")
    bank_name = display_path(str(options.bank))
    vocabulary = vocabulary_of(options.settings)
    bank, findings = load_bank(options.bank, vocabulary, limits_of(options.settings))
    errors = [f for f in findings if f.level == "error"]
    if errors:
        raise ImportFailed(f"the bank {bank_name} has {len(errors)} error(s); fix them first:\n"
                           + "\n".join(f"  {f.format()}" for f in errors[:10]))
    bank_text = options.bank.read_text(encoding="utf-8") if options.bank.is_file() else ""
    name = display_path(str(options.file))
    with read_export(options.file, options.encoding, options.max_rows) as (
            header, delimiter, rows):
        sample = list(itertools.islice(rows, SAMPLE_ROWS))
        if not sample:
            raise ImportFailed(f"{name} has a header ({', '.join(header)}) but no rows; "
                               "nothing to import")
        columns = resolve_columns(header, sample, name, options.column, options.date_column,
                                  options.channel_column, options.channel)
        if delimiter != ",":
            columns = dataclasses.replace(columns, notes=(
                f"cells separated by {delimiter_name(delimiter)}s", *columns.notes))
        collected = collect(itertools.chain(sample, rows), columns, header, options.channel)
    try:
        embed = model().embed
    except ModelMissing as exc:
        raise ImportFailed(str(exc)) from None
    matcher = bank_matcher(bank, options.settings)
    space = _space(collected.texts, [q.text for q in bank.questions.values()], matcher.words,
                   embed)
    groups = group(collected.texts, [len(r) for r in collected.rows], space.vectors,
                   space.words, space.likeness)
    the_plan = plan(collected, groups, space, bank, functools.partial(asks, matcher),
                    options.min_asked, vocabulary)
    comment = (f"Proposed by `invoke questions --import {options.file.name}` on "
               f"{options.today.isoformat()}: topic and stage are suggestions; check them.")
    try:
        new_text = bank_writer.apply(bank_text, the_plan.updates, the_plan.proposals, comment)
    except bank_writer.BankWriteError as exc:
        raise ImportFailed(f"{bank_name}: {exc}") from None
    diff = bank_writer.diff(bank_text, new_text, bank_name)
    written = not options.dry_run and new_text != bank_text
    try:
        if written:
            bank_writer.write(options.bank, new_text, vocabulary)
        elif new_text != bank_text:
            bank_writer.check(new_text, vocabulary)
    except bank_writer.BankWriteError as exc:
        raise ImportFailed(f"{bank_name}: {exc}") from None
    text = summary(name, bank_name, columns, collected, the_plan, options, written)
    return Outcome(text, diff, written)


def _space(texts: Sequence[str], bank_texts: Sequence[str],
           words: Callable[[str], frozenset[str]], embed: Callable) -> Space:
    word_sets = [words(t) for t in texts]
    bank_words = [words(t) for t in bank_texts]
    return Space(embed(texts), word_sets, embed(bank_texts), bank_words,
                 Likeness([*word_sets, *bank_words]))


def summary(name: str, bank_name: str, columns: Columns, collected: Collected, the_plan: Plan,
            options: Options, written: bool) -> str:
    """What the import read, found and changed, in counts; never a customer's words."""
    lines = [f"questions --import {name}" + (" (dry run: nothing written)"
                                              if options.dry_run else "")]
    lines += [f"  {note}" for note in columns.notes]
    rows_with = len({r for rs in collected.rows for r in rs})
    lines.append(f"rows read: {collected.rows_read:,}; questions found: {collected.found:,} in "
                 f"{rows_with:,} rows ({len(collected.texts):,} distinct); groups: "
                 f"{the_plan.groups:,}")
    lines.append(f"matched bank entries updated: {len(the_plan.updates)}")
    lines += [f"  {u.id}  +{u.asked}" for u in the_plan.updates[:40]]
    if len(the_plan.updates) > 40:
        lines.append(f"  ... and {len(the_plan.updates) - 40} more (see the diff)")
    lines.append(f"new entries proposed: {len(the_plan.proposals)} (heard at least "
                 f"{options.min_asked} times)")
    lines += [f"  {p.id}  asked {p.asked}: {p.question}" for p in the_plan.proposals[:40]]
    if len(the_plan.proposals) > 40:
        lines.append(f"  ... and {len(the_plan.proposals) - 40} more (see the diff)")
    if the_plan.small_groups:
        lines.append(f"not proposed: {the_plan.small_groups:,} groups heard fewer than "
                     f"{options.min_asked} times ({the_plan.small_rows:,} rows)")
    if the_plan.unsafe_groups:
        lines.append(f"not proposed: {the_plan.unsafe_groups:,} groups whose every wording "
                     "holds personal data or a possible name")
    skipped = sum(collected.skipped.values())
    lines.append(f"rows skipped: {skipped:,}" + (": " + ", ".join(
        f"{n:,} {why}" for why, n in sorted(collected.skipped.items()) if n) if skipped else ""))
    dropped = {k: n for k, n in collected.dropped.items() if n}
    if dropped:
        lines.append("sentences skipped: " + ", ".join(
            f"{n:,} {why}" for why, n in sorted(dropped.items())))
    removed = [(what, collected.removed[k]) for k, what in personal_data.KINDS.items()
               if collected.removed[k] and k != "signature"]
    lines.append("personal data taken out of questions: " + (
        ", ".join(f"{n:,} {what}" for what, n in removed) if removed else "none found")
        + f"; signature blocks cut: {collected.removed['signature']:,}")
    if the_plan.undated:
        lines.append(f"dates not understood: {the_plan.undated:,} rows (their questions count, "
                     "without a date)")
    if options.dry_run:
        lines.append(f"{bank_name} is unchanged; run again without --dry-run to write it")
    elif written:
        lines.append(f"wrote {bank_name}")
    else:
        lines.append(f"{bank_name} needed no change")
    return "\n".join(lines)
