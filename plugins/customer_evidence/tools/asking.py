"""The questions in one cell of an export, for `invoke questions --import`.

`find_questions()` reads a cell (plain text or HTML) as sentences and keeps those that
ask (`is_asking`), trimmed to their asking part: quoted replies, signatures and
greetings cut, conversational fragments ("Any update?") and questions of fewer than
MIN_CONTENT_WORDS content words skipped, personal data taken out
(customer_evidence.tools.personal_data).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from customer_evidence.core.language import analyser, normalise_question, question_words
from customer_evidence.tools import personal_data

MIN_CONTENT_WORDS = 3

# How an English question opens (customer_evidence.core.language): "how", "what's", "does",
# "isn't"... The wh-words among them may open a clause that does not ask.
OPENERS = question_words("en")
SUBJECTS = frozenset("""
i you we they he she it there this that these those the a an my your our their its anyone
someone somebody anybody everyone people any
""".split())
HOW_WORDS = frozenset("much many long often far soon old big".split())
ABBREVIATIONS = ("e.g.", "i.e.", "mr.", "mrs.", "ms.", "dr.", "approx.", "vs.", "no.")

_TAG = re.compile(r"<(/?)(\w+)[^>]*>")
_BLOCK_TAGS = frozenset("p div br li tr h1 h2 h3 h4 h5 h6 blockquote".split())
# After . ! ? and a space; at a line break; before a capitalised question word that
# follows a lower-case word ("... on the inverter How often ...": a "?" left out).
_QW = "(?:" + "|".join(sorted(map(re.escape, OPENERS), key=len, reverse=True)) + ")"
_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?])[\"'”’)\]]*\s+|\n+|(?<=[a-z])\s+(?=[A-Z])(?=(?i:" + _QW + r")\s)")
_GREETING = re.compile(
    r"^(?:(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))\b[^,.!?:\n]{0,40}"
    r"[,.!:]+\s*|(?:hi|hello|hey)(?:\s+(?:there|team|all|guys))?\s+(?=" + _QW + r"\b))", re.I)
_FILLER = re.compile(
    r"^(?:(?:ok|okay|so|and|also|but|well|plus|btw|ps|p\.s\.)\b[\s,:;.!-]*"
    r"|(?:quick question|one more question|another question|question|one more thing|"
    r"i was wondering|i wonder|just wondering|just curious)\s*[,:;.!-]+\s*"
    r"|how are you(?: doing)?(?: today)?\s*[?,.!]+\s*)+", re.I)
_CLAUSE = re.compile(r"(?:[,;:–—]|\s-)\s+(?=" + _QW + r"\b)", re.I)
_FRAGMENTS = re.compile(
    r"^(?:any|is there an?y?|are there any)\s+(?:updates?|news|progress|word)\b"
    r"|\b(?:call|ring|phone|text|e-?mail|contact|message)\s+(?:me|us)\b"
    r"|\bget back to (?:me|us)\b"
    r"|^(?:thanks|thank you|ok|okay|hello|hi|hey|sorry|anyone)\b"
    r"|\b(?:does|did|would) that (?:make sense|work for you|help)\b"
    r"|^(?:are|is) (?:you|anyone|someone|anybody) (?:still )?there\b"
    r"|\bdid you (?:get|receive|see) my\b"
    r"|^(?:can|could|would) (?:you|someone|somebody|anyone) (?:please )?(?:help|assist|advise|"
    r"confirm|check|sort|fix|look into)(?: (?:me|us|this|it|that))?(?: (?:out|please|asap|"
    r"today))?\W*$", re.I)
_OPENING = re.compile(r"[a-z]+(?:'[a-z]+)?")


def content_words(text: str, lang: str = "en") -> frozenset[str]:
    """The words of a text that carry meaning: stems, stop words left out."""
    return frozenset(analyser(lang).content_words(text))


@dataclass(frozen=True)
class Asked:
    """One question a customer asked, with personal data taken out (`removed` kinds)."""

    text: str
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Found:
    """What one cell asked, and what was skipped in it."""

    questions: tuple[Asked, ...]
    fragments: int = 0       # conversational fragments ("Any update?")
    short: int = 0           # fewer than MIN_CONTENT_WORDS content words
    signatures: int = 0


def plain_text(cell: str) -> str:
    """A cell as plain text: HTML tags out, entities decoded, one kind of line break."""
    if "<" in cell and _TAG.search(cell):
        cell = _TAG.sub(lambda m: "\n" if m.group(2).lower() in _BLOCK_TAGS else " ", cell)
    if "&" in cell:
        cell = html.unescape(cell)
    return cell.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")


def sentences(text: str) -> list[str]:
    """The sentences of a text: split at . ! ? and line breaks, not after "e.g."."""
    pieces: list[str] = []
    for piece in _SENTENCE_BREAK.split(text):
        piece = piece.strip()
        if not piece:
            continue
        if pieces and pieces[-1].lower().endswith(ABBREVIATIONS):
            pieces[-1] += " " + piece
        else:
            pieces.append(piece)
    return pieces


def trim(sentence: str) -> str:
    """The asking part of a sentence: greetings and fillers off, from its question clause."""
    sentence = _GREETING.sub("", sentence.strip())
    sentence = _FILLER.sub("", sentence).strip()
    if sentence.endswith("?") and not _starts_asking(sentence):
        clause = _CLAUSE.search(sentence)
        if clause and len(content_words(sentence[clause.end():])) >= MIN_CONTENT_WORDS:
            sentence = sentence[clause.end():]
    return sentence


def _words(sentence: str) -> list[str]:
    return _OPENING.findall(sentence.lower().replace("’", "'"))


def _starts_asking(sentence: str) -> bool:
    words = _words(sentence)
    return bool(words) and words[0] in OPENERS


def _wh(word: str) -> bool:
    return word.startswith(("wh", "how"))


def is_asking(sentence: str) -> bool:
    """Does the sentence ask? It ends with "?", or opens as an English question does:
    a wh-word with a verb like "does" after it, or such a verb before its subject."""
    if sentence.rstrip(" \"')”’").endswith("?"):
        return True
    words = _words(sentence)
    if len(words) < 2 or words[0] not in OPENERS:
        return False
    first, rest = words[0], words[1:4]
    if _wh(first):
        if first == "what" and rest[0] in {"a", "an"}:
            return False
        return (any(w in OPENERS and not _wh(w) for w in rest)
                or (first == "how" and rest[0] in HOW_WORDS))
    return rest[0] in SUBJECTS


def is_fragment(sentence: str) -> bool:
    """A conversational fragment, not a question about the subject ("Any update?")."""
    return bool(_FRAGMENTS.search(sentence))


def find_questions(cell: str, private: frozenset[str] = frozenset()) -> Found:
    """The questions a cell asks, with personal data (and the row's private values) out."""
    text, signatures = personal_data.strip_replies(plain_text(cell))
    names = personal_data.greeting_names(text)
    if names:
        private = private | personal_data.private_values(("name", n) for n in names)
    questions, fragments, short, seen = [], 0, 0, set()
    for sentence in sentences(text):
        sentence = trim(sentence)
        if not sentence or not is_asking(sentence):
            continue
        if is_fragment(sentence):
            fragments += 1
            continue
        scrubbed = personal_data.scrub(sentence, private)
        if len(content_words(scrubbed.text)) < MIN_CONTENT_WORDS:
            short += 1
            continue
        key = normalise_question(scrubbed.text)
        if key not in seen:
            seen.add(key)
            questions.append(Asked(scrubbed.text, scrubbed.removed))
    return Found(tuple(questions), fragments, short, signatures)
