"""How fast is `invoke questions --import`? A 50,000-row help-desk export into a bank.

    python -m benchmarks.question_import [--rows 50000] [--workdir DIR]

Generates a deterministic export of a home-energy installer's help desk (a trade
unlike the sample site's): ticket id, date, channel, requester name, e-mail and
phone, company, agent, subject and body. Bodies mix real questions (about 150 of
them, each in several wordings), a long tail of one-off questions, conversational
fragments, greetings that give a name, phone numbers, order numbers, signatures
and quoted replies. A 60-entry bank holds some of the questions.

The import runs in a child process, as `invoke questions --import` does, from
reading the CSV to writing the bank; it prints that time (seconds), the child's
whole run (start-up and model load included) and its peak RSS
(resource.getrusage). Targets on the 2-core development machine: 30 s and 500 MB.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
FIRST_DAY = dt.date(2025, 1, 1)
HEADER = ["Ticket ID", "Created at", "Channel", "Requester", "Requester email", "Phone",
          "Company", "Assignee", "Subject", "Body"]
CHANNELS = {"email": 0.45, "web form": 0.30, "chat": 0.15, "phone": 0.10}

PRODUCTS = ["home battery", "solar panel system", "heat pump", "EV charger", "inverter",
            "smart thermostat", "hot water cylinder", "air conditioning unit",
            "loft insulation", "solar battery bundle", "boiler", "underfloor heating"]
# Each kind of question in several wordings; {p} is a product.
WORDINGS = {
    "cost": ["How much does a {p} cost?", "What's the price of a {p}?",
             "How much is a {p} installed?", "What would a {p} cost me?"],
    "lifespan": ["How long does a {p} last?", "What is the lifespan of a {p}?",
                 "How many years will a {p} last?"],
    "warranty": ["What warranty do you give on a {p}?", "Is there a warranty on the {p}?",
                 "How long is the warranty for a {p}?"],
    "install-time": ["How long does it take to install a {p}?",
                     "How many days does a {p} installation take?",
                     "How quickly can you fit a {p}?"],
    "grant": ["Can I get a grant for a {p}?", "Are there any grants for a {p}?",
              "Is a {p} eligible for government funding?"],
    "maintenance": ["What maintenance does a {p} need?", "How often should a {p} be serviced?",
                    "Does a {p} need servicing every year?"],
    "size": ["What size {p} do I need for my house?", "How big a {p} should I get?",
             "Which size of {p} suits a three bedroom house?"],
    "noise": ["Is a {p} noisy?", "How loud is a {p} when it runs?",
              "Will the {p} make a lot of noise?"],
    "finance": ["Can I pay for a {p} in monthly instalments?",
                "Do you offer finance on a {p}?", "Is there a payment plan for a {p}?"],
    "savings": ["How much will a {p} save on my energy bills?",
                "What savings can I expect from a {p}?", "Will a {p} cut my electricity bill?"],
    "planning": ["Do I need planning permission for a {p}?",
                 "Is planning permission required to install a {p}?"],
    "power-cut": ["Does a {p} work during a power cut?",
                  "Will my {p} keep running in a blackout?"],
}
FRAGMENTS = ["Any update?", "Thanks?", "Can you call me?", "Hello?", "Any news on this?",
             "Can someone get back to me today?", "Is anyone there?", "Did you get my email?"]
STATEMENTS = ["We moved into the house last spring.", "Our roof faces south.",
              "I saw your advert on the local radio.", "The old system stopped working.",
              "My neighbour had one fitted by you last year.",
              "We are planning an extension next year.", "The house was built in the 1930s."]
# The long tail: one-off questions, made from enough words that two rarely share many.
TAIL_OPENINGS = ["Can the {p} be", "Is it possible for the {p} to be", "Could you get the {p}",
                 "Would the {p} still be", "Why was the {p} not", "When will the {p} be"]
TAIL_WORDS = """
mounted painted relocated hidden stacked extended cleaned repaired replaced upgraded
checked tested inspected certified registered insured moved lifted rewired earthed
""".split()
TAIL_PLACES = """
garage cellar attic shed porch conservatory passage basement stairwell driveway balcony
annexe workshop greenhouse barn caravan boathouse cottage flat bungalow
""".split()
TAIL_REASONS = """
flooding frost rodents subsidence damp vibration lightning storms squirrels pigeons
ivy scaffolding renovations neighbours tenants builders surveyors
""".split()


FIRST_NAMES = ["Olivia", "Amelia", "Isla", "Ava", "Mia", "Noah", "Oliver", "George", "Arthur",
               "Leo", "Harriet", "Priya", "Tomasz", "Aoife", "Kwame", "Sven", "Mariam",
               "Dmitri", "Chloe", "Grant", "Rose", "Will"]
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thomas", "Okafor",
            "Nowak", "Kowalczyk", "Fitzgerald", "Haddad", "Lindqvist", "Price", "Long",
            "Green", "Zabinski", "Quennell", "Marchetti", "Oyelaran"]
COMPANIES = ["Brightwater Lettings", "Hollins & Vane", "Redmere Estates", "Kestrel Homes",
             "Quoxly Property", "Amberleigh Farms", ""]
AGENTS = ["Sarah Whitlock", "Dev Anand", "Megan Trask", "Luis Ortega"]
BANK_KINDS = ["cost", "lifespan", "warranty", "grant", "size", "noise", "savings"]
BANK_TOPICS = {"cost": ("cost", "consideration"), "lifespan": ("problems", "consideration"),
               "warranty": ("reviews", "decision"), "grant": ("cost", "awareness"),
               "size": ("how-to", "consideration"), "noise": ("problems", "awareness"),
               "savings": ("best", "awareness")}


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(SURNAMES)


def _phone(rng: random.Random) -> str:
    return rng.choice(["07700 9{:05d}", "+44 20 7946 {:04d}", "(0161) 496 {:04d}"]).format(
        rng.randrange(10_000))


def _question(rng: random.Random) -> str:
    product = rng.choice(PRODUCTS)
    wording = rng.choice(WORDINGS[rng.choice(list(WORDINGS))]).format(p=product)
    if rng.random() < 0.15:
        wording = wording[0].lower() + wording[1:]
    if rng.random() < 0.1:
        wording = wording.rstrip("?")
    return wording


def _tail_question(rng: random.Random) -> str:
    opening = rng.choice(TAIL_OPENINGS).format(p=rng.choice(PRODUCTS))
    return (f"{opening} {rng.choice(TAIL_WORDS)} in the {rng.choice(TAIL_PLACES)} despite "
            f"the {rng.choice(TAIL_REASONS)} and {rng.choice(TAIL_REASONS)}?")


def _body(rng: random.Random, first: str, last: str, company: str, agent: str) -> str:
    parts = []
    roll = rng.random()
    if roll < 0.25:
        parts.append(f"Hi, I'm {first} {last}" + (f" from {company}." if company else "."))
    elif roll < 0.5:
        parts.append(f"Hi {agent.split()[0]},")
    elif roll < 0.6:
        parts.append(f"My name is {first} and I have a question.")
    sentences = [rng.choice(STATEMENTS)] if rng.random() < 0.5 else []
    for _ in range(1 if rng.random() < 0.75 else 2):
        sentences.append(_question(rng) if rng.random() < 0.9 else _tail_question(rng))
    if rng.random() < 0.2:
        sentences.append(rng.choice(FRAGMENTS))
    if rng.random() < 0.1:
        sentences.append(f"My order number is {rng.randrange(100000, 999999)}.")
    if rng.random() < 0.1:
        sentences.append(f"You can reach me on {_phone(rng)} or "
                         f"{first.lower()}.{last.lower()}@example.net.")
    if rng.random() < 0.05:
        sentences = [rng.choice(FRAGMENTS)]
    parts.append(" ".join(sentences))
    if rng.random() < 0.6:
        parts.append(rng.choice(["Thanks,", "Kind regards,", "Cheers,", "--"]) + "\n"
                     + f"{first} {last}\n{_phone(rng)}")
    if rng.random() < 0.15:
        parts.append(f"On Mon, 3 Mar 2025 at 09:12, {agent} <support@example.com> wrote:\n"
                     f"> Hi {first}, how much does a {rng.choice(PRODUCTS)} cost you asked?\n"
                     "> We will be in touch.")
    return "\n\n".join(parts)


def generate(path: Path, rows: int = 50_000, seed: int = 11) -> None:
    """Write the export: the same rows and seed always give the same bytes."""
    rng = random.Random(seed)
    channels, weights = zip(*CHANNELS.items(), strict=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(1, rows + 1):
            first, last = _name(rng)
            company = rng.choice(COMPANIES)
            agent = rng.choice(AGENTS)
            day = FIRST_DAY + dt.timedelta(days=rng.randrange(420))
            subject = _question(rng) if rng.random() < 0.2 else rng.choice(
                ["Question", "Enquiry", "Quote request", "Follow-up", ""])
            writer.writerow([
                f"T-{100000 + number}", f"{day.isoformat()} {rng.randrange(8, 18):02d}:00",
                rng.choices(channels, weights)[0], f"{first} {last}",
                f"{first.lower()}.{last.lower()}@example.net", _phone(rng), company, agent,
                subject, _body(rng, first, last, company, agent)])


def bank_text(seed: int = 11) -> str:
    """A 60-entry bank holding some of the export's questions, with comments."""
    rng = random.Random(seed)
    lines = ["# A home-energy installer's question bank (benchmark).", ""]
    for kind in BANK_KINDS:
        topic, stage = BANK_TOPICS[kind]
        lines.append(f"# --- {kind} ---")
        for product in rng.sample(PRODUCTS, 8 if kind != "cost" else 12):
            entry_id = f"{product.replace(' ', '-').lower()}-{kind}"
            lines += [f"- id: {entry_id}", f"  question: {WORDINGS[kind][0].format(p=product)}",
                      f"  topic: {topic}", f"  stage: {stage}",
                      f"  asked: {rng.randrange(1, 30)}", "  heard_in: [sales-call]", ""]
            if sum(1 for line in lines if line.startswith("- id:")) >= 60:
                return "\n".join(lines)
    return "\n".join(lines)


def run_child(export: Path, bank: Path) -> dict:
    """In this process: run the import as the task does, and time it."""
    from customer_evidence.tools.question_import import Options, import_questions

    start = time.perf_counter()
    outcome = import_questions(Options(export, bank))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mib": peak, "summary": outcome.summary}


def run(rows: int = 50_000, workdir: Path | None = None) -> dict:
    """Generate the export and bank, import in a child process; return the figures."""
    with tempfile.TemporaryDirectory(prefix="question-import-bench-") as scratch:
        folder = Path(workdir or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        export, bank = folder / "tickets.csv", folder / "questions.yml"
        generate(export, rows)
        bank.write_text(bank_text(), encoding="utf-8")
        start = time.perf_counter()
        child = subprocess.run(
            [sys.executable, "-m", "benchmarks.question_import", "--child", str(export),
             str(bank)], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
        wall = time.perf_counter() - start
        figures = json.loads(child.stdout)
        figures.update(rows=rows, wall_seconds=wall, megabytes=export.stat().st_size / 1e6)
        return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.question_import",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--workdir", type=Path, help="keep the export and the bank here")
    parser.add_argument("--child", nargs=2, type=Path, metavar=("EXPORT", "BANK"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_child(*args.child)))
        return 0
    r = run(args.rows, args.workdir)
    print(f"question import: {r['rows']:,} rows ({r['megabytes']:.1f} MB) in "
          f"{r['seconds']:.1f} s (target 30 s; {r['wall_seconds']:.1f} s with start-up and "
          f"the model), peak RSS {r['peak_mib']:.0f} MB (target 500 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
