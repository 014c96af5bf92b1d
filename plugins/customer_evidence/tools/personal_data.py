"""Personal data in what customers wrote: found, taken out and counted by kind. Pure.

`invoke questions --import` (customer_evidence.tools.question_import) feeds the question bank
from exports, and nothing personal may reach the bank. The layers here:

- `strip_replies()`: quoted reply chains (`>` lines, "On ... wrote:", forwarded
  headers) and signature blocks ("--", "Thanks,", "Kind regards," and what follows)
  are cut before questions are looked for;
- `scrub()`: e-mail addresses (also "jane at firm dot com"), phone numbers, URLs,
  @handles, order, ticket and reference numbers, postcodes, the names in greetings
  ("my name is X", "I'm X from Y", "This is X") and the row's own private values
  (`private_values()`: the cells of columns whose header looks personal,
  `is_personal_header()`) are taken out of a question's text;
- `capitalised_words()`: the capitalised words of a sentence, which the import
  checks against the whole export once it is read (a word never written in lower
  case may be a name).

A question that lost anything here is still counted, but its words are never a
new bank entry's wording. Counts are by kind (`KINDS`); values are never reported.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

# What scrub() and strip_replies() count, in the order the summary lists them.
KINDS = {
    "email": "e-mail addresses",
    "phone": "phone numbers",
    "url": "URLs",
    "handle": "@handles",
    "reference": "order, ticket or reference numbers",
    "postcode": "postcodes",
    "greeting": "names in greetings",
    "private-value": "values of personal columns (name, e-mail, company...)",
    "signature": "signature blocks",
}

# A header is personal when its last word (or its first, for name/e-mail/phone
# columns such as "Email address") is one of these.
PERSONAL_WORDS = frozenset("""
name firstname lastname fullname surname forename email mail phone mobile telephone tel
company organisation organization customer contact requester requestor agent assignee
owner address username user handle author submitter caller
""".split())
LEADING_PERSONAL_WORDS = frozenset("name email mail phone mobile telephone".split())
# Columns whose values are people's names: each part of the value is private too.
NAME_WORDS = frozenset("""
name firstname lastname fullname surname forename customer contact requester requestor
agent assignee owner username user author submitter caller
""".split())
LEGAL_SUFFIX = re.compile(r"[\s,]+(?:ltd|limited|llc|llp|inc|plc|gmbh|corp|co|company|"
                          r"bv|sa|ag|pty)\.?$", re.I)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_EMAIL_SPELLED = re.compile(
    r"\b[\w.+-]+\s*(?:\[at\]|\(at\)|\s+at\s+)\s*[\w-]+"
    r"(?:\s*(?:\[dot\]|\(dot\)|\s+dot\s+)\s*[a-z]{2,}|(?:\.[\w-]+)+)+\b", re.I)
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"']+"
    r"|\b(?:[a-z0-9-]+\.)+(?:com|net|org|io|co|uk|de|fr|nl|eu|info|biz|app|dev|ai|us|ca|"
    r"au|ie|me|tv)\b(?:/[^\s<>\"']*)?", re.I)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{2,30}\b")
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d(?:[\s().-]{0,3}\d){6,14}(?!\w)")
_DATE_LIKE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}")
_REFERENCES = (
    # "order 12345", "ticket #A-998", "ref: INV2024-001": the number, not the word
    re.compile(r"\b((?:order|ticket|case|ref|reference|invoice|account|acct|booking|claim|"
               r"job|quote|member|policy|serial|tracking|customer|po)\b"
               r"\s*(?:no\.?|number|num|nr|id)?\s*[:#]?\s*)"
               r"(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{2,}\b", re.I),
    re.compile(r"#\d{3,}\b"),
    re.compile(r"\b\d{6,}\b"),
    re.compile(r"\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{2,}(?:-[A-Z0-9]+)+\b"
               r"|\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{6,}\b"),
)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\b\d{5}-\d{4}\b")
_NAME = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}"
_GREETINGS = (
    re.compile(r"(?i:\bmy name(?:'s| is)\s+)(?P<name>[\w'’-]+(?:\s+[A-Z][\w'’-]*){0,2})"),
    re.compile(r"(?i:(?:^|(?<=[\s,.;:!?]))(?:i am|i'm|i’m|this is)\s+)"
               rf"(?P<name>{_NAME})"
               rf"(?:\s+(?i:from|at|of|with)\s+(?P<org>{_NAME}))?"),
)
# Capitalised words that follow "I'm" or "This is" without being a name.
_GREETING_HINT = re.compile(r"(?i:my name|i am|i'm|i’m|this is)")
_DIGIT = re.compile(r"\d")
_NOT_NAMES = frozenset("""
i a an the not no just so very sure interested looking wondering trying having going
currently still really also getting thinking planning hoping unable happy sorry new
afraid here back writing emailing calling contacting
""".split())

_QUOTE_HEADER = re.compile(
    r"^\s*(?:On\b.{0,300}(?i:wrote):?"
    r"|-{2,}\s*(?i:original message|forwarded message)\s*-{2,}"
    r"|_{8,}|(?i:sent from my)\b.*|(?i:get outlook for)\b.*)\s*$")
_ON_LINE = re.compile(r"^\s*On\b.{0,300}$")
_WROTE_LINE = re.compile(r"^.{0,300}(?i:wrote):?\s*$")
_MAIL_HEADER = re.compile(r"^\s*(?i:from|sent|date|to|subject|cc):\s")
_SIG_DELIMITER = re.compile(r"^\s*(?:--|—|-- |__+)\s*$")
_CLOSING = re.compile(
    r"^\s*(?i:thanks(?: again| a lot| so much| in advance)?|thank you(?: so much| in advance|"
    r" again)?|many thanks|cheers|regards|kind regards|best regards|warm regards|"
    r"warmest regards|best wishes|all the best|best|sincerely|yours sincerely|"
    r"yours faithfully|yours truly|respectfully|br|kr|thx|ta)\b\s*[,.!-]*\s*"
    r"(?P<rest>.*)$")
_SIGNED_NAME = re.compile(r"^(?:[A-Z][\w'’.-]*\s*){0,4}$")
_CAPITALISED = re.compile(r"\b[A-Z][a-zà-öø-ÿ]+(?:[A-Z][a-zà-öø-ÿ]+)?\b")
_WORD = re.compile(r"[\w'’]+")
_LOWER_WORD = re.compile(r"(?<![\w'’])[a-zà-öø-ÿ][a-zà-öø-ÿ]+")


@dataclass(frozen=True)
class Scrubbed:
    """A text with its personal data taken out, and the kinds taken out (one per find)."""

    text: str
    removed: tuple[str, ...]


@functools.lru_cache(maxsize=1024)
def header_words(header: str) -> tuple[str, ...]:
    """A column header's words, lower case: "Requester E-mail" -> (requester, e, mail)."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", header)
    return tuple(re.findall(r"[a-z0-9]+", spaced.lower()))


def is_personal_header(header: str) -> bool:
    """Whether a column's values are about a person (name, e-mail, company...)."""
    words = header_words(header)
    if not words:
        return False
    joined = "".join(words)
    return (words[-1] in PERSONAL_WORDS or words[0] in LEADING_PERSONAL_WORDS
            or joined in PERSONAL_WORDS
            or (words[-1] in {"id", "number", "no"} and any(w in PERSONAL_WORDS for w in words)))


def private_values(cells: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The lower-case phrases a row's personal cells (header, value) make private.

    The whole value always; for people's names each part too ("Jane", "Doe"); for a
    company also the name without "Ltd", "Inc" and the like.
    """
    values = set()
    for header, value in cells:
        value = " ".join(value.split()).lower()
        if len(value) < 2:
            continue
        values.add(value)
        if _is_name_header(header) and "@" not in value:
            values.update(p for p in re.split(r"[\s,.;()]+", value)
                          if len(p) > 1 and p not in _NOT_NAMES and not p.isdigit())
        stripped = LEGAL_SUFFIX.sub("", value)
        if stripped != value and len(stripped) > 1:
            values.add(stripped)
    return frozenset(values)


@functools.lru_cache(maxsize=1024)
def _is_name_header(header: str) -> bool:
    return any(w in NAME_WORDS for w in header_words(header))


def greeting_names(text: str) -> list[str]:
    """Names people give in greetings: "my name is X", "I'm X from Y", "This is X"."""
    if not _GREETING_HINT.search(text):
        return []
    names = []
    for pattern in _GREETINGS:
        for match in pattern.finditer(text):
            for key in ("name", "org"):
                found = match.groupdict().get(key)
                if found and found.split()[0].lower() not in _NOT_NAMES:
                    names.append(found)
    return names


def strip_replies(text: str) -> tuple[str, int]:
    """The text without quoted replies and signature blocks; how many signatures were cut.

    `>` lines are dropped; from an "On ... wrote:" line, a forwarded or original
    message header, a "--" line or a closing ("Thanks,", "Kind regards, Jane") on
    a line of its own, the rest is cut.
    """
    kept: list[str] = []
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.lstrip().startswith(">"):
            continue
        if _QUOTE_HEADER.match(line) or _on_wrote(line, lines[index + 1:index + 2]):
            return "\n".join(kept), 0
        if _MAIL_HEADER.match(line) and any(_MAIL_HEADER.match(n) for n in lines[index + 1:
                                                                              index + 3]):
            return "\n".join(kept), 0
        closing = _CLOSING.match(line)
        if _SIG_DELIMITER.match(line) or (closing and _SIGNED_NAME.match(closing["rest"])):
            return "\n".join(kept), 1
        kept.append(line)
    return "\n".join(kept), 0


def _on_wrote(line: str, following: list[str]) -> bool:
    """An "On Mon, 2 Mar 2026, Jane <jane@x.com>" line whose next line ends "wrote:"."""
    return bool(_ON_LINE.match(line) and following and _WROTE_LINE.match(following[0]))


def scrub(text: str, private: Iterable[str] = ()) -> Scrubbed:
    """`text` with e-mails, phones, URLs, handles, references, postcodes, greeting names
    and the given private phrases (lower case) taken out."""
    removed: list[str] = []

    def cut(pattern: re.Pattern, kind: str) -> None:
        nonlocal text

        def replace(match: re.Match) -> str:
            if kind == "phone" and not _is_phone(match.group()):
                return match.group()
            removed.append(kind)
            return (match.group(1) or "") + " " if pattern.groups else " "
        text = pattern.sub(replace, text)

    lowered = text.lower()
    # Each pattern only where it can match: most questions hold no "@", digit or dot.
    if "@" in text:
        cut(_EMAIL, "email")
    if " at " in lowered or "(at)" in lowered or "[at]" in lowered:
        cut(_EMAIL_SPELLED, "email")
    if "." in text:
        cut(_URL, "url")
    if "@" in text:
        cut(_HANDLE, "handle")
    if _DIGIT.search(text):
        cut(_PHONE, "phone")
        for pattern in _REFERENCES:
            cut(pattern, "reference")
        cut(_POSTCODE, "postcode")
    names = greeting_names(text)
    for name in names:
        text, found = _remove_phrase(text, name.lower())
        removed += ["greeting"] * min(found, 1)
    lowered = text.lower()
    for phrase in sorted(private, key=len, reverse=True):
        if phrase in lowered:
            text, found = _remove_phrase(text, phrase)
            if found:
                removed.append("private-value")
                lowered = text.lower()
    return Scrubbed(_tidy(text) if removed else text, tuple(removed))


def _is_phone(found: str) -> bool:
    digits = sum(c.isdigit() for c in found)
    return 7 <= digits <= 15 and not _DATE_LIKE.fullmatch(found.strip("() "))


def _remove_phrase(text: str, phrase: str) -> tuple[str, int]:
    """`text` without each whole-word occurrence of `phrase` (lower case), and how many."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer: let re align it
        return re.subn(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", " ", text, flags=re.I)
    pieces, start, found = [], 0, 0
    at = lowered.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        if not _word_char(lowered, at - 1) and not _word_char(lowered, end):
            pieces += [text[start:at], " "]
            start, found = end, found + 1
        at = lowered.find(phrase, at + 1)
    return "".join(pieces) + text[start:], found


def _word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")


def _tidy(text: str) -> str:
    text = re.sub(r"[<(\[]\s*[>)\]]", " ", text)
    text = re.sub(r"\s+([?.,!;:])", r"\1", text)
    return " ".join(text.split())


def lower_case_words(text: str) -> set[str]:
    """The words a text writes in lower case, outside e-mail addresses, URLs and handles
    (where names are in lower case too)."""
    if "@" in text or "." in text:
        for pattern in (_EMAIL, _URL, _HANDLE):
            text = pattern.sub(" ", text)
    return set(_LOWER_WORD.findall(text))


def capitalised_words(sentence: str) -> list[tuple[str, bool]]:
    """Each capitalised word of a sentence, and whether it stands mid-sentence.

    A word is capitalised when it starts with a capital followed by lower case
    ("Jane", "McKay"); acronyms ("CRM") and "I" are not.
    """
    found = []
    first = _WORD.search(sentence)
    for match in _CAPITALISED.finditer(sentence):
        found.append((match.group(), first is not None and match.start() > first.start()))
    return found
