"""`invoke questions --import`: questions found in a CSV export, grouped, counted into the
bank, with no personal data reaching it; the bank's layout kept; bad input refused."""

from __future__ import annotations

import csv
import datetime
import os
from pathlib import Path

import pytest
import yaml
from pelican.plugins.editorial_report.report import build_report

from conftest import build_site, run_invoke, soup
from customer_evidence.core.question_bank import Bank, load_bank
from customer_evidence.core.semantic import model
from customer_evidence.tools import bank_writer, personal_data
from customer_evidence.tools.asking import find_questions, is_asking
from customer_evidence.tools.bank_plan import wording_is_safe
from customer_evidence.tools.coverage_table import coverage_table
from customer_evidence.tools.export_dates import parse_date, parse_dates
from customer_evidence.tools.export_questions import Collected
from customer_evidence.tools.question_groups import Likeness, group
from customer_evidence.tools.question_import import (
    ImportFailed,
    Options,
    bank_matcher,
    import_questions,
)

TODAY = datetime.date(2026, 3, 20)
BANK = """\
# The question bank of a home-energy installer (test fixture).
#
#   id, question, topic, stage, asked, heard_in, last_heard

# --- Cost ---------------------------------------------------------------

- id: battery-cost
  question: How much does a home battery cost?
  topic: cost
  stage: consideration
  asked: 4            # from the spring survey
  heard_in: [sales-call]

- id: heat-pump-noise
  question: 'Is a heat pump noisy?'
  topic: problems
  stage: awareness
  asked: 2
  heard_in:
    - webinar

# --- How-to -------------------------------------------------------------
- id: solar-flat-roof
  question: Can solar panels go on a flat roof?
  topic: how-to
  stage: consideration
  asked: 1
  heard_in: [email]
  last_heard: 2026-03-19
"""
HEADER = ["Ticket ID", "Created at", "Channel", "Requester", "Requester email", "Phone",
          "Company", "Assignee", "Subject", "Body"]


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER,
              encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def ticket(number: int, body: str, *, date: str = "2026-03-02 10:00", channel: str = "Email",
           name: str = "Sam Carter", email: str = "sam@example.net", phone: str = "",
           company: str = "", agent: str = "Dev Anand", subject: str = "") -> list[str]:
    return [f"T-{number}", date, channel, name, email, phone, company, agent, subject, body]


@pytest.fixture
def bank(tmp_path) -> Path:
    path = tmp_path / "questions.yml"
    path.write_text(BANK, encoding="utf-8")
    return path


def run(tmp_path: Path, bank: Path, rows: list[list[str]], **options):
    export = write_csv(tmp_path / "tickets.csv", rows)
    return import_questions(Options(export, bank, today=TODAY, **options))


# --- finding the questions in a cell -------------------------------------------------


def test_questions_are_the_sentences_that_ask_and_nothing_else():
    found = find_questions(
        "Hi team, we moved in last spring. How much does a home battery cost? "
        "Is there a grant for heat pumps in Wales. I also wondered which inverter "
        "brand you fit. Which inverter brand do you fit\n"
        "Is there a longer warranty on the inverter How often should the inverter be serviced?")
    assert [q.text for q in found.questions] == [
        "How much does a home battery cost?", "Is there a grant for heat pumps in Wales.",
        "Which inverter brand do you fit", "Is there a longer warranty on the inverter",
        "How often should the inverter be serviced?"]


@pytest.mark.parametrize("sentence, asks", [
    ("How long does a battery last", True),
    ("Does the warranty cover the inverter", True),
    ("When I called, nobody answered.", False),
    ("What a great installation.", False),
    ("Can confirm the panels work well.", False),
    ("We need a new boiler?", True),
])
def test_a_sentence_asks_by_its_question_mark_or_its_opening(sentence, asks):
    assert is_asking(sentence) is asks


def test_quoted_replies_and_signatures_are_ignored():
    body = ("How often should a heat pump be serviced?\n\n"
            "Kind regards,\nOlwen Price\nWhy is this line read?\n\n"
            "On Tue, 3 Mar 2026 at 09:12, Dev Anand <dev@example.com> wrote:\n"
            "> How much does an EV charger cost?\n")
    found = find_questions(body)
    assert [q.text for q in found.questions] == ["How often should a heat pump be serviced?"]
    assert found.signatures == 1
    quoted = find_questions("> Is a heat pump noisy?\nDoes the quote include scaffolding?\n"
                            "--\nOlwen\nWhat about VAT on the scaffolding charge?")
    assert [q.text for q in quoted.questions] == ["Does the quote include scaffolding?"]


def test_conversational_fragments_and_short_questions_are_skipped():
    found = find_questions("Any update? Thanks? Can you call me? Can someone get back to me "
                           "today? How does it work? What does a smart thermostat cost?")
    assert [q.text for q in found.questions] == ["What does a smart thermostat cost?"]
    assert (found.fragments, found.short) == (4, 1)


# --- personal data -----------------------------------------------------------------


@pytest.mark.parametrize("text, kind, secret", [
    ("Can you send the quote to olwen.price@example.org please?", "email", "olwen.price"),
    ("Is olwen dot price at gmail dot com the right address?", "email", "gmail"),
    ("Could you ring me on +44 7700 900123 about it?", "phone", "900123"),
    ("Is (0161) 496 0000 your number?", "phone", "496 0000"),
    ("Is https://crm.example.net/t/88123 the link?", "url", "crm.example"),
    ("Did @olwenp send you the photos?", "handle", "olwenp"),
    ("When will order ORD-55871 be fitted?", "reference", "55871"),
    ("Has ticket #48213 been closed?", "reference", "48213"),
    ("Do you cover SW1A 1AA for installs?", "postcode", "SW1A"),
    ("Hi, I'm Olwen Price from Tarnwick Farms, what does a boiler cost?", "greeting",
     "Tarnwick"),
    ("my name is olwen, what does a boiler cost?", "greeting", "olwen"),
])
def test_each_kind_of_personal_data_is_taken_out_and_counted(text, kind, secret):
    scrubbed = personal_data.scrub(text)
    assert secret.lower() not in scrubbed.text.lower()
    assert kind in scrubbed.removed


def test_a_rows_private_values_are_taken_out_whatever_their_case():
    private = personal_data.private_values([("Requester", "Olwen Price"),
                                            ("Company", "Tarnwick Farms Ltd")])
    assert {"olwen price", "olwen", "price", "tarnwick farms ltd", "tarnwick farms"} <= private
    scrubbed = personal_data.scrub("Does TARNWICK FARMS get olwen's discount?", private)
    assert "tarnwick" not in scrubbed.text.lower() and "olwen" not in scrubbed.text.lower()
    assert scrubbed.removed.count("private-value") == 2


@pytest.mark.parametrize("header, personal", [
    ("Name", True), ("first_name", True), ("Requester Email", True), ("E-mail", True),
    ("Phone number", True), ("Company", True), ("Assignee", True), ("customerName", True),
    ("Customer ID", True), ("Contact reason", False), ("customer_message", False),
    ("Body", False), ("Ticket type", False), ("Created at", False),
])
def test_personal_columns_are_known_by_their_header(header, personal):
    assert personal_data.is_personal_header(header) is personal


def test_a_capitalised_word_never_written_in_lower_case_may_be_a_name():
    collected = Collected()
    collected.lower_rows.update({"boiler": 9, "approve": 3, "quote": 4})
    collected.word_rows.update({w: 5 for w in (
        "can", "benedikt", "mckay", "approve", "boiler", "quote", "come", "january", "crm",
        "include", "olwen", "covered", "price", "final")})
    collected.private_words.update({"price", "olwen"})
    assert not wording_is_safe("Can Benedikt approve the boiler quote?", collected,
                               frozenset())
    assert wording_is_safe("Can Benedikt approve the boiler quote?", collected,
                           frozenset({"benedikt"}))  # the bank itself uses the word
    assert wording_is_safe("Does the boiler come on in January?", collected, frozenset())
    assert wording_is_safe("Does the CRM quote include the boiler?", collected, frozenset())
    for name in ("McKay", "BENEDIKT"):
        assert not wording_is_safe(f"Can {name} approve the boiler quote?", collected,
                                   frozenset())
    assert not wording_is_safe("Is olwen covered by the boiler quote?", collected, frozenset())
    assert not wording_is_safe("What is the price of a boiler quote?", collected, frozenset())
    collected.lower_rows["price"] = 12  # a private surname that is also a common word
    assert wording_is_safe("What is the price of a boiler quote?", collected, frozenset())
    assert not wording_is_safe("Is the boiler quote from Price final?", collected, frozenset())


def test_no_personal_data_from_a_helpdesk_export_reaches_the_bank(tmp_path, bank):
    secrets = ["Zoltan", "Kish", "zoltan.kish@northwind.example", "7700 900123", "900123",
               "Northwind", "Megan", "Trask", "ORD-55871", "55871", "48213", "zoltank",
               "crm.northwind", "Benedikt", "Quennell", "496 0000", "Tarnwick"]
    rows = []
    for n in range(1, 4):
        rows += [
            ticket(n * 10 + 1, "Hi, I'm Zoltan Kish from Northwind Traders Ltd. How long does "
                               "an EV charger installation take for Zoltan?",
                   name="Zoltan Kish", email="zoltan.kish@northwind.example",
                   phone="+44 7700 900123", company="Northwind Traders Ltd",
                   agent="Megan Trask"),
            ticket(n * 10 + 2, "Hi Megan, how long does an EV charger installation take? "
                               "My number is (0161) 496 0000.\n\nThanks,\nRhona Quennell\n"
                               "rhona@tarnwick.example", name="Rhona Quennell",
                   company="Tarnwick Farms"),
            ticket(n * 10 + 3, "Can Benedikt check when order ORD-55871 and ticket #48213 "
                               "will be installed? Does Northwind get a discount on a heat "
                               "pump? See https://crm.northwind.example/t/1 or ask @zoltank"),
            ticket(n * 10 + 4, "Will Zoltan's boiler keep working in a power cut?",
                   name="Ada Lim"),
        ]
    outcome = run(tmp_path, bank, rows)
    text = bank.read_text(encoding="utf-8")
    assert text != BANK and "How long does an EV charger installation take?" in text
    for secret in secrets:
        assert secret.lower() not in text.lower(), secret
        assert secret.lower() not in outcome.summary.lower(), secret
        assert secret.lower() not in outcome.diff.lower(), secret
    assert ("personal data taken out of questions: 6 order, ticket or reference numbers, "
            "3 values of personal columns (name, e-mail, company...); signature blocks cut: 3"
            ) in outcome.summary
    assert "not proposed: 3 groups whose every wording holds personal data" in outcome.summary


# --- grouping --------------------------------------------------------------------------


def test_paraphrases_group_together_and_different_questions_stay_apart():
    texts = ["How much does a battery cost?", "What's the price of a home battery?",
             "How long does a battery last?", "How long will my battery last?",
             "Do you install heat pumps in flats?"]
    words = bank_matcher(Bank({}, ""), {}).words
    word_sets = [words(t) for t in texts]
    groups = group(texts, [3, 2, 2, 1, 1], model().embed(texts), word_sets,
                   Likeness(word_sets))
    assert sorted(sorted(g) for g in groups) == [[0, 1], [2, 3], [4]]


def test_a_word_few_rows_use_never_words_a_new_entry():
    """Names in lower case, at the start or in another script; postcodes anywhere."""
    collected = Collected()
    collected.word_rows.update({w: 6 for w in (
        "how", "much", "would", "it", "cost", "to", "fit", "a", "boiler", "and", "i", "want",
        "know", "do", "you", "cover", "does", "need", "be", "home", "for", "the", "engineer",
        "my", "wife", "asked")})
    collected.word_rows.update({"okafor": 1, "john": 1, "sarah": 1, "k1a": 1, "0b1": 1,
                                "дмитрий": 1, "иванов": 1, "is": 6, "order": 6, "ord55871": 4,
                                "covered": 6})
    assert wording_is_safe("How much would it cost to fit a boiler?", collected, frozenset())
    for text in ("How much would it cost for john okafor to fit a boiler?",
                 "Sarah and I want to know: do you cover the engineer?",
                 "Do you cover K1A 0B1?",
                 "Is order ORD55871 covered?",
                 "Does Дмитрий Иванов need to be home for the engineer?",
                 "My wife sarah asked: do you cover the engineer?"):
        assert not wording_is_safe(text, collected, frozenset()), text


def test_a_free_text_channel_is_left_out(tmp_path, bank):
    rows = [ticket(1, "How long does an EV charger installation take?",
                   channel="Referral from Jane Smith"),
            ticket(2, "How long does an EV charger installation take?",
                   channel="Referral from Jane Smith"),
            ticket(3, "How long does an EV charger installation take?", channel="Chat")]
    run(tmp_path, bank, rows)
    text = bank.read_text(encoding="utf-8")
    assert "jane" not in text.lower() and "referral" not in text.lower()
    assert "chat" in text


def test_matched_entries_get_asked_heard_in_and_last_heard(tmp_path, bank):
    rows = [ticket(1, "What's the price of a home battery?", channel="Web form",
                   date="2026-03-01"),
            ticket(2, "How much does a home battery cost?", channel="Chat", date="2026-03-04"),
            ticket(3, "How much is a home battery?", channel="Sales call", date="2026-02-11"),
            ticket(4, "Is a heat pump noisy?", channel="Chat", date="2026-03-05 16:20"),
            ticket(5, "Can solar panels go on a flat roof?", channel="email",
                   date="2026-01-02")]
    outcome = run(tmp_path, bank, rows)
    bank_now, findings = load_bank(bank)
    assert findings == []
    battery = bank_now.get("battery-cost")
    assert battery.asked == 4 + 3
    assert battery.heard_in == ("sales-call", "chat", "web-form")
    assert battery.last_heard == datetime.date(2026, 3, 4)
    noise = bank_now.get("heat-pump-noise")
    assert (noise.asked, noise.heard_in, noise.last_heard) == (
        3, ("webinar", "chat"), datetime.date(2026, 3, 5))
    roof = bank_now.get("solar-flat-roof")  # an older date leaves last_heard as it was
    assert (roof.asked, roof.heard_in, roof.last_heard) == (2, ("email",),
                                                             datetime.date(2026, 3, 19))
    assert "battery-cost  +3" in outcome.summary


def test_new_questions_are_proposed_with_a_comment_and_suggestions(tmp_path, bank):
    rows = [ticket(1, "How long does an EV charger installation take?", channel="Chat"),
            ticket(2, "how long does an ev charger installation take", channel="Email",
                   date="2026-03-09"),
            ticket(3, "How long does it take to install an EV charger?", channel="Email"),
            ticket(4, "Do you sell replacement filters for air conditioning units?")]
    outcome = run(tmp_path, bank, rows)
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    [new] = [e for e in data if e["id"] not in {"battery-cost", "heat-pump-noise",
                                                "solar-flat-roof"}]
    assert new["question"] == "How long does an EV charger installation take?"
    assert new["id"] == "long-ev-charger-installation-take"
    assert (new["asked"], new["heard_in"], new["last_heard"]) == (
        3, ["email", "chat"], datetime.date(2026, 3, 9))
    assert new["topic"] in {"cost", "problems", "how-to", "other"} and new["stage"]
    text = bank.read_text(encoding="utf-8")
    comment = ("# Proposed by `invoke questions --import tickets.csv` on 2026-03-20: topic "
               "and stage are suggestions; check them.\n- id: long-ev-charger")
    assert comment in text
    assert "not proposed: 1 groups heard fewer than 2 times (1 rows)" in outcome.summary
    again = run(tmp_path, bank, rows[:1], min_asked=1)  # the id is taken now
    assert "long-ev-charger-installation-take  +1" in again.summary


# --- the bank file ---------------------------------------------------------------------


def test_the_bank_keeps_its_comments_order_quoting_and_layout(tmp_path, bank):
    rows = [ticket(1, "Is a heat pump noisy?", channel="Chat", date="2026-03-05"),
            ticket(2, "What's the price of a home battery?", channel="Chat",
                   date="2026-03-06")]
    run(tmp_path, bank, rows)
    before, after = BANK.splitlines(), bank.read_text(encoding="utf-8").splitlines()
    changed = [line for line in after if line not in before]
    assert changed == ["  asked: 5            # from the spring survey",
                       "  heard_in: [sales-call, chat]", "  last_heard: 2026-03-06",
                       "  asked: 3", "    - chat", "  last_heard: 2026-03-05"]
    assert [line for line in before if line not in after] == [
        "  asked: 4            # from the spring survey", "  heard_in: [sales-call]",
        "  asked: 2"]
    section = "# --- How-to -------------------------------------------------------------"
    assert after[after.index(section) - 3:after.index(section) + 1] == [
        "    - chat", "  last_heard: 2026-03-05", "", section]  # the comment stays put


def test_updates_add_to_what_the_entry_has():
    current = {"asked": 4, "heard_in": "email", "last_heard": "2026-03-01"}
    update = bank_writer.Update("x", 2, ("email", "chat"), datetime.date(2026, 2, 1))
    assert bank_writer.merged(current, update) == {"asked": 6, "heard_in": ["email", "chat"]}


@pytest.mark.parametrize("text", [
    "- id: a\n  question: Why?\n  heard_in: email  # one channel\n",
    "  - id: a\n    question: Why?\n    heard_in: [ ]\n    asked: 1\n",
    "- id: a\n  question: >\n    Why\n    indeed?\n  heard_in:\n  - email\n",
    "- question: Why?\n  id: a\n\n# the end\n",
])
def test_any_entry_layout_is_edited_in_place(text):
    update = bank_writer.Update("a", 2, ("chat",), datetime.date(2026, 3, 1))
    new = bank_writer.apply(text, [update], [], "c")
    [entry] = yaml.safe_load(new)
    assert entry["asked"] == (entry.get("asked") and 2 + (1 if "asked: 1" in text else 0))
    assert entry["heard_in"][-1] == "chat" and entry["last_heard"] == datetime.date(2026, 3, 1)
    assert len(new.splitlines()) - len(text.splitlines()) <= 3


def test_a_new_bank_is_started_when_there_is_none(tmp_path):
    rows = [ticket(n, "How long does an EV charger installation take?") for n in (1, 2)]
    outcome = run(tmp_path, tmp_path / "content" / "questions.yml", rows)
    bank_now, findings = load_bank(tmp_path / "content" / "questions.yml")
    assert findings == [] and list(bank_now.questions) == ["long-ev-charger-installation-take"]
    assert outcome.written


def test_dry_run_prints_the_diff_and_writes_nothing(tmp_path, bank):
    stamp = bank.stat().st_mtime_ns
    outcome = run(tmp_path, bank, [ticket(1, "Is a heat pump noisy?"),
                                   ticket(2, "What warranty do you give on an inverter?"),
                                   ticket(3, "What warranty do you give on an inverter?")],
                  dry_run=True)
    assert bank.read_text(encoding="utf-8") == BANK and bank.stat().st_mtime_ns == stamp
    assert not outcome.written and "(dry run: nothing written)" in outcome.summary
    assert outcome.diff.startswith("--- ") and "-  asked: 2\n+  asked: 3\n" in outcome.diff
    assert "+  question: What warranty do you give on an inverter?" in outcome.diff


def test_a_crash_while_writing_leaves_the_bank_whole(tmp_path, bank, monkeypatch):
    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        run(tmp_path, bank, [ticket(1, "Is a heat pump noisy?")])
    assert bank.read_text(encoding="utf-8") == BANK
    assert sorted(p.name for p in tmp_path.iterdir()) == ["questions.yml", "tickets.csv"]


# --- columns -----------------------------------------------------------------------


def test_columns_are_found_by_name_and_the_summary_says_which(tmp_path, bank):
    export = write_csv(tmp_path / "form.csv", [
        ["2026-03-02", "olwen@example.org", "What does a smart thermostat cost to fit?"],
        ["2026-03-03", "rhys@example.org", "What does a smart thermostat cost to fit?"]],
        header=["Submitted at", "Email", "Your message"])
    outcome = import_questions(Options(export, bank, channel="web-form", today=TODAY))
    assert "text from 'Your message' (by its name)" in outcome.summary
    assert "dates from 'Submitted at'" in outcome.summary
    assert "channel 'web-form' for every row (--channel)" in outcome.summary
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    assert data[-1]["heard_in"] == ["web-form"] and data[-1]["asked"] == 2


def test_without_a_known_name_the_longest_text_is_the_column(tmp_path, bank):
    export = write_csv(tmp_path / "notes.csv", [
        ["A-1", "Ok", "Which heat pump brand works best in an old stone cottage?"],
        ["A-2", "Ok", "Which heat pump brand works best in an old stone cottage?"]],
        header=["Ref", "Outcome", "What they said"])
    outcome = import_questions(Options(export, bank, today=TODAY, dry_run=True))
    assert "text from 'What they said' (the longest text; choose another with --column)" \
        in outcome.summary
    assert "+  question: Which heat pump brand works best in an old stone cottage?" \
        in outcome.diff


# --- bad input -----------------------------------------------------------------------


def _bad_encoding(path: Path) -> Path:
    write_csv(path, [ticket(1, "Is a heat pump noisy?"), ticket(2, "Café crème? Ça va?")],
              encoding="cp1252")
    return path


def _big_cell(path: Path) -> Path:
    return write_csv(path, [ticket(1, "Is a heat pump noisy?"),
                            ticket(2, "x" * (100 * 1024 + 10))])


def _huge_cell(path: Path) -> Path:  # bigger than csv's own limit: it stops reading
    return write_csv(path, [ticket(1, "Is a heat pump noisy?"), ticket(2, "é" * 60_000)])


def _malformed(path: Path) -> Path:
    write_csv(path, [ticket(1, "Is a heat pump noisy?")])
    with path.open("a", encoding="utf-8") as handle:
        handle.write('T-2,2026-03-02,Email,"Sam" Carter,,,,,,Body\n')
    return path


def _shifted(path: Path) -> Path:
    write_csv(path, [ticket(1, "Is a heat pump noisy?")])
    with path.open("a", encoding="utf-8") as handle:
        handle.write("T-2,2026-03-02,Email,Sam,Carter,s@x.net,,,,,Is it noisy?,extra\n")
    return path


@pytest.mark.parametrize("make, options, words", [
    (_bad_encoding, {}, ["tickets.csv, row 2 (line 3)", "not valid utf-8", "--encoding",
                         "cp1252"]),
    (lambda p: write_csv(p, [ticket(1, "Is a heat pump noisy?")]), {"column": "Notes"},
     ["no column named 'Notes' (--column)", "Ticket ID, Created at, Channel"]),
    (lambda p: write_csv(p, [ticket(1, "Is a heat pump noisy?")]),
     {"date_column": "When"}, ["no column named 'When' (--date-column)"]),
    (lambda p: (p.write_bytes(b""), p)[1], {}, ["tickets.csv is empty"]),
    (lambda p: write_csv(p, []), {}, ["has a header (Ticket ID, Created at", "but no rows"]),
    (lambda p: write_csv(p, [ticket(n, "Is a heat pump noisy?") for n in range(5)]),
     {"max_rows": 3}, ["more than 3 rows", "stopped at row 4 (line 5)", "--max-rows"]),
    (_big_cell, {}, ["row 2 (line 3), column 'Body'", "over 100 KB"]),
    (_huge_cell, {}, ["row 2", "over 100 KB"]),
    (_malformed, {}, ["row 2 (line 3)", "malformed CSV", "quote"]),
    (_shifted, {}, ["row 2 (line 3)", "12 cells, but the header has 10", "comma"]),
    (lambda p: write_csv(p, [ticket(1, "Is a heat pump noisy?")]),
     {"encoding": "klingon"}, ["unknown --encoding 'klingon'"]),
    (lambda p: write_csv(p, [ticket(1, "Is a heat pump noisy?")]),
     {"channel": "email", "channel_column": "Channel"}, ["not both"]),
])
def test_bad_input_is_refused_with_where_and_what_to_do(tmp_path, bank, make, options, words):
    export = make(tmp_path / "tickets.csv")
    with pytest.raises(ImportFailed) as failure:
        import_questions(Options(export, bank, today=TODAY, **options))
    for word in words:
        assert word in str(failure.value)
    assert bank.read_text(encoding="utf-8") == BANK


def test_a_bank_with_errors_is_refused_naming_its_line(tmp_path, bank):
    bank.write_text(BANK + "- id: broken\n  question: Why?\n  last_heard: yesterday\n",
                    encoding="utf-8")
    export = write_csv(tmp_path / "tickets.csv", [ticket(1, "Is a heat pump noisy?")])
    with pytest.raises(ImportFailed) as failure:
        import_questions(Options(export, bank, today=TODAY))
    line = BANK.count("\n") + 3
    assert f"questions.yml:{line}: bank-bad-last-heard" in str(failure.value)
    assert "fix them first" in str(failure.value)


def test_a_bom_and_another_encoding_when_asked(tmp_path, bank):
    export = write_csv(tmp_path / "tickets.csv",
                       [ticket(n, "Is a heat pump noisy in a café?") for n in (1, 2)],
                       encoding="utf-8-sig")
    assert "heat-pump-noise  +2" in import_questions(
        Options(export, bank, today=TODAY, dry_run=True)).summary
    _bad_encoding(export)
    assert "heat-pump-noise  +1" in import_questions(
        Options(export, bank, today=TODAY, dry_run=True, encoding="cp1252")).summary


@pytest.mark.parametrize("value, day_first, expected", [
    ("2026-03-02", True, datetime.date(2026, 3, 2)),
    ("2026-03-02T10:11:12Z", True, datetime.date(2026, 3, 2)),
    ("02/03/2026 10:00", True, datetime.date(2026, 3, 2)),
    ("02/03/2026", False, datetime.date(2026, 2, 3)),
    ("2 Mar 2026", True, datetime.date(2026, 3, 2)),
    ("March 2, 2026", True, datetime.date(2026, 3, 2)),
    ("Mon, 2 Mar 2026 10:00:00 +0000", True, datetime.date(2026, 3, 2)),
    ("1772445600", True, datetime.date(2026, 3, 2)),
    ("soon", True, None),
    ("31/02/2026", True, None),
])
def test_dates_are_read_as_exports_write_them(value, day_first, expected):
    assert parse_date(value, day_first) == expected


def test_a_file_whose_dates_put_the_month_first_is_read_so():
    assert parse_dates(["03/04/2026", "12/25/2025"]) == [datetime.date(2026, 3, 4),
                                                        datetime.date(2025, 12, 25)]
    assert parse_dates(["03/04/2026", "25/12/2025"]) == [datetime.date(2026, 4, 3),
                                                        datetime.date(2025, 12, 25)]


# --- the task ------------------------------------------------------------------------


def test_invoke_questions_import_writes_the_sites_bank(repo, tmp_path):
    site_bank = repo / "content" / "questions.yml"
    site_bank.write_text(BANK, encoding="utf-8")
    export = write_csv(tmp_path / "tickets.csv",
                       [ticket(n, "Is a heat pump noisy?", channel="Chat") for n in (1, 2)])
    dry = run_invoke(repo, "questions", "--import", str(export), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "+  asked: 4\n" in dry.stdout and "heat-pump-noise  +2" in dry.stdout
    assert site_bank.read_text(encoding="utf-8") == BANK
    done = run_invoke(repo, "questions", "--import", str(export))
    assert done.returncode == 0, done.stderr
    assert "wrote content/questions.yml" in done.stdout and "--- a/" not in done.stdout
    assert load_bank(site_bank)[0].get("heat-pump-noise").asked == 4


def test_invoke_questions_import_exits_2_on_bad_input(repo, tmp_path):
    bank = tmp_path / "bank.yml"
    bank.write_text(BANK, encoding="utf-8")
    export = write_csv(tmp_path / "tickets.csv", [ticket(1, "Is a heat pump noisy?")])
    result = run_invoke(repo, "questions", "--import", str(export), "--bank", str(bank),
                        "--column", "Notes")
    assert result.returncode == 2
    assert "no column named 'Notes'" in result.stderr and "Nothing was written." in result.stderr
    alone = run_invoke(repo, "questions", "--dry-run")
    assert alone.returncode == 2 and "--import FILE" in alone.stderr
    assert bank.read_text(encoding="utf-8") == BANK


# --- where the demand shows ---------------------------------------------------------


def _coverage(last_heard):
    gap = {"id": "heat-pump-noise", "question": "Is a heat pump noisy?", "topic": "problems",
           "stage": "awareness", "asked": 9, "heard_in": ["chat", "webinar"],
           "last_heard": last_heard, "articles": []}
    return {"questions": [gap], "gaps": [gap], "answered": 0, "total": 1}


def test_the_gaps_table_shows_how_often_where_and_when_last_heard():
    table = coverage_table(_coverage("2026-03-05"), 160)
    assert "Most-asked questions no post answers yet" in table
    lines = table.splitlines()
    [at] = [n for n, line in enumerate(lines) if "heat-pump-noise" in line]
    assert [c.strip() for c in lines[at].split("│")] == [
        "9", "heat-pump-noise", "Is a heat pump noisy?", "chat", "2026-03-05",
        "awareness / problems"]
    assert lines[at + 1].split("│")[3].strip() == "webinar"  # one channel a line
    assert "│ -" in coverage_table(_coverage(None), 160)


def test_the_editorial_report_shows_where_and_when_each_gap_was_heard(tmp_path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "note.md").write_text(
        "Title: Installer news\nDate: 2026-03-01\nSource-Exempt: company announcement\n\n"
        "We moved office.\n", encoding="utf-8")
    (content / "questions.yml").write_text(BANK, encoding="utf-8")
    output = build_site("pelicanconf.py", tmp_path / "output", content)
    page = soup(output / "editorial" / "index.html")
    gap = page.select_one("#gaps li[data-id='solar-flat-roof']")
    assert gap.select_one(".heard-in").get_text() == "email"
    assert gap.select_one("time.last-heard")["datetime"] == "2026-03-19"
    assert page.select_one("#gaps li[data-id='battery-cost'] time.last-heard") is None
    report = build_report([], [], _coverage("2026-03-05"), None, TODAY, 730)
    assert report["gaps"][0]["last_heard"] == "2026-03-05"
    assert report["gaps"][0]["heard_in"] == ["chat", "webinar"]


def test_last_heard_is_a_date_in_the_bank(tmp_path):
    path = tmp_path / "questions.yml"
    path.write_text(BANK + "- id: quoted\n  question: Why?\n  last_heard: '2026-02-01'\n",
                    encoding="utf-8")
    bank, findings = load_bank(path)
    assert findings == []
    assert bank.get("solar-flat-roof").last_heard == datetime.date(2026, 3, 19)
    assert bank.get("quoted").last_heard == datetime.date(2026, 2, 1)
    assert bank.get("battery-cost").last_heard is None
    path.write_text(BANK + "- id: bad\n  question: Why?\n  last_heard: 2026-13-01x\n",
                    encoding="utf-8")
    [finding] = load_bank(path)[1]
    assert (finding.rule, finding.line) == ("bank-bad-last-heard", BANK.count("\n") + 3)
    assert "YYYY-MM-DD" in finding.message and "'bad'" in finding.message


# --- the benchmark --------------------------------------------------------------------


def test_the_benchmark_generates_a_deterministic_export_and_times_the_import(tmp_path):
    from benchmarks import question_import as bench

    bench.generate(tmp_path / "a.csv", rows=50)
    bench.generate(tmp_path / "b.csv", rows=50)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    figures = bench.run(rows=300, workdir=tmp_path / "work")
    assert figures["rows"] == 300 and 0 < figures["seconds"] < figures["wall_seconds"]
    assert figures["peak_mib"] > 50 and "rows read: 300" in figures["summary"]


def test_a_site_with_its_own_topics_and_stages(tmp_path):
    settings = {"CUSTOMER_QUESTIONS_TOPICS": {"prices": "Prices", "fitting": "Fitting"},
                "CUSTOMER_QUESTIONS_STAGES": {"browsing": "Browsing", "quoting": "Quoting"}}
    bank = tmp_path / "questions.yml"
    bank.write_text("- id: battery-cost\n  question: How much does a home battery cost?\n"
                    "  topic: prices\n  stage: quoting\n  asked: 1\n", encoding="utf-8")
    rows = [ticket(n, "How much does a home battery cost?") for n in (1, 2)]
    outcome = run(tmp_path, bank, rows, settings=settings)
    assert "battery-cost  +2" in outcome.summary
    new = tmp_path / "new.yml"
    run(tmp_path, new, [ticket(n, "Do you fit EV chargers on a Sunday?") for n in (1, 2)],
        settings=settings)
    [entry] = yaml.safe_load(new.read_text(encoding="utf-8"))
    assert (entry["topic"], entry["stage"]) == ("prices", "browsing")  # the site's defaults
