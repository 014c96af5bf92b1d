"""Repair imported text: mojibake, lost bytes and titles glued to the first sentence.

Mojibake here is UTF-8 that was decoded once through a Windows code page (Windows-874,
cp1252, Latin-1, or Windows-874 with cp1252 for the bytes it leaves undefined) and saved
again. Each character is mapped back to the byte it came from, runs that form valid UTF-8
are decoded, and a byte the code page could not represent (dropped, or turned into `?` or
U+FFFD) is guessed from context and flagged for review. ftfy then fixes the cp1252/Latin-1
cases it recognises. Every change is returned as a Repair with its line.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import logging
import re
import unicodedata
from dataclasses import dataclass

import ftfy

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Repair:
    """One change made to the text; `review` is True when a guess was made."""

    line: int  # 1-based line in the text passed in (title repairs: line 0)
    before: str  # the damaged snippet as found
    after: str  # what replaced it
    kind: str  # "mojibake", "lost-byte", "ftfy", "glued-title"
    review: bool
    note: str


# ---------------------------------------------------------------- byte tables (built once)

_CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})


def _decodes(byte: int, codec: str) -> str | None:
    try:
        return bytes([byte]).decode(codec)
    except UnicodeDecodeError:
        return None


def _build_byte_table() -> dict[str, int]:
    """Every character a byte 0x80-0xFF can become through cp874, cp1252 or Latin-1
    (Latin-1 also gives the C1 controls U+0080-U+009F as their own bytes)."""
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        for codec in ("cp874", "cp1252", "latin-1"):
            char = _decodes(byte, codec)
            if char is not None:
                if table.setdefault(char, byte) != byte:  # pragma: no cover - table sanity
                    raise AssertionError(f"{char!r} comes from two bytes")
    return table


_BYTE_OF = _build_byte_table()
_TO_LATIN1 = {ord(char): byte for char, byte in _BYTE_OF.items()}
_CP874_UNDEFINED = frozenset(b for b in range(0x80, 0x100) if _decodes(b, "cp874") is None)
# Characters only the cp1252 half of a mixed decoder produces (bytes cp874 leaves undefined).
_CP1252_ONLY = frozenset(
    ch for b in _CP874_UNDEFINED if (ch := _decodes(b, "cp1252")) is not None and b < 0xA0
)
# "Specials": what a byte 0x80-0xA0 becomes (€ ‚ “ ™ Ÿ, C1 controls, NBSP); never a letter
# of Thai or of Latin-1, so strong evidence of mojibake next to a lead character.
_SPECIALS = frozenset(ch for ch, b in _BYTE_OF.items() if 0x80 <= b <= 0xA0)
_THAI = re.compile("[\u0e01-\u0e5b]")
_THAI_LETTERS = frozenset(chr(c) for c in range(0x0E01, 0x0E5C))


def _cls(low: int, high: int) -> str:
    chars = sorted(ch for ch, b in _BYTE_OF.items() if low <= b <= high)
    return "[" + "".join(re.escape(ch) for ch in chars) + "]"


_C = _cls(0x80, 0xBF)
_FULL = "|".join(
    (
        _cls(0xC2, 0xDF) + _C,
        _cls(0xE0, 0xE0) + _cls(0xA0, 0xBF) + _C,
        _cls(0xE1, 0xEC) + _C + _C,
        _cls(0xED, 0xED) + _cls(0x80, 0x9F) + _C,
        _cls(0xEE, 0xEF) + _C + _C,
        _cls(0xF0, 0xF0) + _cls(0x90, 0xBF) + _C + _C,
        _cls(0xF1, 0xF3) + _C + _C + _C,
        _cls(0xF4, 0xF4) + _cls(0x80, 0x8F) + _C + _C,
    )
)
# One byte short of a 3- or 4-byte sequence (the lost byte may be anywhere after the lead).
_CUT = "|".join((_cls(0xE0, 0xEF) + _C, _cls(0xF0, 0xF4) + _C + _C))
_SEQUENCE = re.compile(
    f"(?={_cls(0xC2, 0xF4)}{_C})(?:(?P<full>{_FULL})|(?P<cut>{_CUT})(?!{_C})(?P<mark>[?\ufffd])?)"
)
_ANCHOR = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_SPECIALS)) + "\ufffd]")
_CP1252_ONLY_RE = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_CP1252_ONLY)) + "]")
# Thai characters from bytes no UTF-8 text contains (0xC0, 0xC1, 0xF5-0xFF): ม and ภ are
# everywhere in real Thai and never in mojibake.
_NEVER_IN_UTF8_THAI = re.compile("[\u0e20\u0e21\u0e55-\u0e5b]")
# What cp1252/Latin-1 mojibake looks like: a lead byte's character followed by a
# continuation byte's, a C1 control, or "Ã " (C3 A0 with the NBSP turned into a space).
_LATIN_C = (
    "["
    + "".join(
        re.escape(ch)
        for ch, b in sorted(_BYTE_OF.items())
        if 0x80 <= b <= 0xBF and ch not in _THAI_LETTERS
    )
    + "]"
)
_FTFY_TRIGGER = re.compile(
    f"[\u0080-\u009f\u00c2-\u00f4](?:(?<=[\u00c2-\u00f4]){_LATIN_C}"
    "|(?<=[\u00c2\u00c3]) |(?<=[\u0080-\u009f]))"
)
# Cheap first look: a lead byte's character followed by a continuation byte's.
_ANY_SEQUENCE = re.compile(f"{_cls(0xC2, 0xF4)}{_C}")
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    replace_lossy_sequences=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)
_BAD_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})


# ---------------------------------------------------------------- decisions (pure)


def _to_bytes(run: str) -> bytes:
    return run.translate(_TO_LATIN1).encode("latin-1")


# Where real text lives; a run decoding elsewhere (NKo, Samaritan, a lone combining mark)
# is more likely real Thai that happens to look like UTF-8.
_PLAUSIBLE = (
    (0x00A0, 0x02FF),
    (0x0370, 0x06FF),
    (0x0900, 0x0DFF),
    (0x0E00, 0x0E7F),
    (0x1E00, 0x1FFF),
    (0x2000, 0x2BFF),
    (0x3000, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xFE00, 0xFE0F),
    (0xFF00, 0xFFEF),
    (0x1F000, 0x1FAFF),
)


def _sane(decoded: str) -> bool:
    return all(
        unicodedata.category(ch) not in _BAD_CATEGORIES
        and any(low <= ord(ch) <= high for low, high in _PLAUSIBLE)
        for ch in decoded
    )


def _code_pages(run: str) -> str:
    thai = any(ch in _THAI_LETTERS for ch in run)
    cp1252 = any(ch in _CP1252_ONLY for ch in run) or any("\u00a1" <= ch <= "\u00ff" for ch in run)
    if thai and cp1252:
        return "Windows-874 and cp1252"
    return "Windows-874" if thai else "cp1252"


def _is_pictograph(ch: str) -> bool:
    return bool(ch) and (ord(ch) >= 0x1F000 or 0x2600 <= ord(ch) <= 0x27BF)


# Emoji people use most among those that lose a byte in cp1252 (…8D, …8F, …9D).
_POPULAR = frozenset("\U0001f44d\U0001f60d\U0001f64f\U0001f44f\U0001f61d")


def _context_score(char: str, prev: str, nxt: str) -> float:
    """How well a guessed character fits between `prev` and `nxt` ('' = line edge)."""
    after_word = prev.isalnum() or (prev != "" and prev in ".,!?…")
    before_break = nxt == "" or nxt.isspace() or nxt in ".,;:!?)]}"
    after_break = prev == "" or prev.isspace() or prev in "([{"
    if char == "\u201d":  # ”
        return 3 if after_word and before_break else 1
    if char == "\u2019":  # ’
        if prev.isalpha() and nxt.isalpha():
            return 4
        return 2 if after_word and before_break else 0
    if char == "\u201c":  # “
        return 3 if after_break and nxt.isalnum() else 0
    if char == "\u2018":  # ‘
        return 2 if after_break and nxt.isalnum() else 0
    if char == "\u200d":  # zero-width joiner, inside emoji sequences
        return 4 if _is_pictograph(prev) and _is_pictograph(nxt) else -1
    if char == "\u2010":  # hyphen
        return 2 if prev.isalpha() and nxt.isalpha() else 0
    if _is_pictograph(char):
        return 2 if char in _POPULAR else 1.5 if 0x1F600 <= ord(char) <= 0x1F64F else 1
    return -1  # a rare symbol, a mark or a space nobody types


@functools.lru_cache(maxsize=4096)
def _guess_lost(
    present: bytes, lost_set: frozenset[int], at_end: bool, prev: str, nxt: str
) -> tuple[str, ...]:
    """Candidate characters for a sequence missing one byte, likeliest first."""
    positions = [len(present)] if at_end else range(1, len(present) + 1)
    found: dict[str, float] = {}
    for pos in positions:
        for byte in sorted(lost_set):
            if not 0x80 <= byte <= 0xBF:
                continue
            raw = present[:pos] + bytes([byte]) + present[pos:]
            try:
                char = raw.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if _sane(char):  # a byte lost at the end is likelier than one in the middle
                bonus = 0.25 if pos == len(present) else 0.0
                found.setdefault(char, _context_score(char, prev, nxt) + bonus)
    ranked = sorted(found, key=lambda ch: -found[ch])
    return tuple(ch for ch in ranked if ch == ranked[0] or found[ch] >= 0)


# ---------------------------------------------------------------- mojibake and lost bytes


def _anchored(text: str) -> list[re.Match[str]]:
    """Candidate runs that hold a special character or U+FFFD (all real Thai allows)."""
    found: list[re.Match[str]] = []
    last_end = 0
    for anchor in _ANCHOR.finditer(text):
        pos = anchor.start()
        if pos < last_end:
            continue
        for start in range(max(last_end, pos - 3), pos + 1):
            match = _SEQUENCE.match(text, start)
            if match and match.end() > pos:
                found.append(match)
                last_end = match.end()
                break
    return found


def _candidates(text: str, lang: str | None) -> tuple[list[re.Match[str]], bool]:
    """The candidate runs, and whether the text holds real Thai, in which case only
    strong runs count. Thai is taken as real unless every Thai letter is inside a run
    and at least one complete run of three or four bytes holds Thai (mojibake's mark)."""
    if (lang and lang.lower().startswith("th")) or _NEVER_IN_UTF8_THAI.search(text):
        return _anchored(text), True
    matches = list(_SEQUENCE.finditer(text))
    total = len(_THAI.findall(text))
    if not total:
        return matches, False
    inside = sum(len(_THAI.findall(m.group(0))) for m in matches)
    evidence = any(
        m.group("full")
        and len(m.group(0)) >= 3
        and _THAI.search(m.group(0))
        and _plainly_decodes(m.group(0))
        for m in matches
    )
    return matches, total > inside or not evidence


def _plainly_decodes(run: str) -> bool:
    """A run with no special character (Thai letters only, like "รฉ" for é) counts only
    when it decodes to Latin, Greek, Cyrillic, Thai or punctuation, which real Thai
    words that happen to look like UTF-8 (โกง, เทพ) do not."""
    decoded = _to_bytes(run).decode("utf-8")
    return _sane(decoded) and all(
        0x80 <= ord(ch) <= 0x52F or 0xE00 <= ord(ch) <= 0xE7F or 0x2000 <= ord(ch) <= 0x214F
        for ch in decoded
    )


def _accept(match: re.Match[str], thai_mode: bool) -> bool:
    run = match.group("full") or match.group("cut")
    has_thai = any(ch in _THAI_LETTERS for ch in run)
    lead = _to_bytes(run[0])[0]
    if match.group("full"):
        # cp1252/Latin-1 runs without Thai are left to ftfy's judgement.
        if not has_thai:
            return False
        if not thai_mode:
            return run[1] in _SPECIALS or _plainly_decodes(run)
        # Real Thai puts quotes and dashes after its letters, never straight after a
        # leading vowel (เ แ โ ใ ไ) or a Thai digit: the leads of 3- and 4-byte sequences.
        return len(run) >= 3 and run[1] in _SPECIALS and (0xE0 <= lead <= 0xE4 or lead >= 0xF0)
    if run[1] in _SPECIALS and lead in (0xE2, 0xF0):
        return True  # โ€, â€, ๐Ÿ˜, ðŸ˜: punctuation or an emoji missing its last byte
    if thai_mode:
        return False
    # Thai itself read through Windows-874 (เธ + a lost byte), or any run ending in U+FFFD.
    return match.group("mark") == "\ufffd" or (has_thai and lead in (0xE0, 0xE1))


_Edit = tuple[int, int, str, str, bool, str]  # start, end, after, kind, review, note


def _own_pass(text: str, lang: str | None) -> tuple[str, list[_Edit]]:
    """Map runs back to bytes and decode them as UTF-8; guess single lost bytes."""
    if not _ANY_SEQUENCE.search(text):
        return text, []
    matches, thai_mode = _candidates(text, lang)
    if not matches:
        return text, []
    mixed = bool(_CP1252_ONLY_RE.search(text))
    # What each complete run decodes to, so a lost byte is judged by its real neighbours.
    decoded_at: dict[int, str] = {}
    decoded_to: dict[int, str] = {}
    for match in matches:
        if match.group("full"):
            decoded = _to_bytes(match.group("full")).decode("utf-8")
            decoded_at[match.start()] = decoded[0]
            decoded_to[match.end()] = decoded[-1]
    edits: list[_Edit] = []
    for match in matches:
        if not _accept(match, thai_mode):
            continue
        start, end = match.span()
        if match.group("full"):
            after = _to_bytes(match.group("full")).decode("utf-8")
            if not _sane(after):
                continue
            note = f"UTF-8 read as {_code_pages(match.group(0))}"
            edits.append((start, end, after, "mojibake", False, note))
            continue
        run = match.group("cut")
        present = _to_bytes(run)
        thai_shape = run[0] in _THAI_LETTERS
        lost_set = _CP874_UNDEFINED if thai_shape and not mixed else _CP1252_UNDEFINED
        prev = decoded_to.get(start) or (text[start - 1] if start else "")
        nxt = decoded_at.get(end) or (text[end] if end < len(text) else "")
        prev, nxt = ("" if prev in "\r\n" else prev), ("" if nxt in "\r\n" else nxt)
        choices = _guess_lost(present, lost_set, bool(match.group("mark")), prev, nxt)
        if not choices:
            continue
        others = " ".join(choices[1:4])
        note = f"UTF-8 read as {_code_pages(run)} with one byte lost; guessed {choices[0]}" + (
            f" (could be: {others})" if others else ""
        )
        edits.append((start, end, choices[0], "lost-byte", True, note))
    if not edits:
        return text, []
    # Merge adjacent edits of the same kind into one reported run.
    merged: list[list] = []
    for edit in edits:
        if merged and merged[-1][1] == edit[0] and merged[-1][3] == edit[3] == "mojibake":
            merged[-1][1] = edit[1]
            merged[-1][2] += edit[2]
        else:
            merged.append(list(edit))
    pieces: list[str] = []
    cursor = 0
    for start, end, after, *_ in merged:
        pieces.append(text[cursor:start])
        pieces.append(after)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces), [tuple(m) for m in merged]


_FTFY_STEPS = {
    "decode_inconsistent_utf8": "UTF-8 read as cp1252 or Latin-1",
    "fix_c1_controls": "C1 controls standing for cp1252 characters",
    "restore_byte_a0": "a no-break space turned into a space",
}


def _describe_ftfy(explanation: list[tuple[str, str]] | None) -> str:
    steps = explanation or []
    encodings = [name for action, name in steps if action == "encode"]
    if encodings:
        return "UTF-8 read as " + " and ".join(encodings) + " (ftfy)"
    applied = [_FTFY_STEPS.get(name, name) for action, name in steps if action == "apply"]
    return "; ".join(applied or ["text fixed"]) + " (ftfy)"


_ASCII_RUN = re.compile(r"([\x00-\x7f]+)")


def _changed_runs(before: str, after: str) -> list[tuple[str, str]]:
    """The changed snippets between two versions of a line (ASCII is usually kept, so
    the non-ASCII runs are paired; difflib when it is not)."""
    old, new = _ASCII_RUN.split(before), _ASCII_RUN.split(after)
    if len(old) == len(new) and old[1::2] == new[1::2]:
        return [(a, b) for a, b in zip(old[0::2], new[0::2], strict=True) if a != b]
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [
        (before[a0:a1], after[b0:b1])
        for tag, a0, a1, b0, b1 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _ftfy_pass(text: str) -> tuple[str, list[Repair]]:
    """Run ftfy on the lines that could hold cp1252/Latin-1 mojibake."""
    hits = [m.start() for m in _FTFY_TRIGGER.finditer(text)]
    if not hits:
        return text, []
    lines = text.split("\n")  # not splitlines(): U+0085 is a byte of mojibake here
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    repairs: list[Repair] = []
    for index in sorted({bisect.bisect_right(starts, hit) - 1 for hit in hits}):
        line = lines[index]
        body = line.removesuffix("\r")
        ending = line[len(body) :]
        fixed, explanation = ftfy.fix_and_explain(body, _FTFY_CONFIG)
        if fixed == body:
            continue
        lines[index] = fixed + ending
        note = _describe_ftfy(explanation)
        for before, after in _changed_runs(body, fixed):
            repairs.append(Repair(index + 1, before, after, "ftfy", False, note))
    return ("\n".join(lines), repairs) if repairs else (text, [])


def repair_text(text: str, lang: str | None = None) -> tuple[str, list[Repair]]:
    """Repair mojibake and lost bytes in `text`; return the text and one Repair per change.

    `lang` "th" (or real Thai letters in the text) makes the repair keep Thai untouched
    except where a run holds a character no Thai text has next to a letter (€ ™ “ ...).
    """
    if text.isascii():
        return text, []
    repaired, edits = _own_pass(text, lang)
    repairs: list[Repair] = []
    if edits:
        newlines = [i for i, ch in enumerate(text) if ch == "\n"] if "\n" in text else []
        for start, end, after, kind, review, note in edits:
            line = bisect.bisect_right(newlines, start) + 1
            repairs.append(Repair(line, text[start:end], after, kind, review, note))
    repaired, ftfy_repairs = _ftfy_pass(repaired)
    if ftfy_repairs:
        repairs.extend(ftfy_repairs)
        repairs.sort(key=lambda r: r.line)
    for repair in repairs:
        logger.debug(
            "line %d: %r -> %r (%s)", repair.line, repair.before, repair.after, repair.kind
        )
    return repaired, repairs


# ---------------------------------------------------------------- glued titles

# Names whose inner capital is not a glue point (checked on the word around the point).
_CAMEL_NAMES = frozenset(
    name.casefold()
    for name in (
        "WordPress HubSpot JavaScript TypeScript PowerPoint McDonald MacBook YouTube LinkedIn "
        "GitHub GitLab PayPal DreamWorks PlayStation SharePoint OneDrive DropBox FedEx "
        "MailChimp WooCommerce ownCloud NextCloud DevOps PostgreSQL MySQL SQLite NetSuite "
        "QuickBooks SolarEdge SunPower ThinkPad AutoCAD SketchUp WhatsApp TikTok FaceTime "
        "AirBnb CloudFlare SoundCloud BlackBerry MasterCard eBay iPhone iPad iMac macOS iOS"
    ).split()
)
_GLUE = re.compile(r"(?<=[a-z0-9\u00df-\u00ff?!:;)\u201d\u2019])(?=[A-Z\u00c0-\u00de])")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)]*$")


_MARKUP = re.compile(r"<[^>\n]*>|^[\s#>*_]+")


def _normalise(text: str) -> str:
    """Whitespace collapsed, HTML tags and leading Markdown marks (#, >, *, _) dropped."""
    return " ".join(_MARKUP.sub("", text).split())


def _word_around(title: str, point: int) -> tuple[str, str]:
    """The part of the word before the glue point and the word after it."""
    left = re.search(r"[\w'\u2019]*$", title[:point]).group(0)
    right = re.match(r"[\w'\u2019]*", title[point:]).group(0)
    return left, right


def _is_sentence(tail: str) -> bool:
    words = _WORD.findall(tail)
    if len(words) < 4 or not _SENTENCE_END.search(tail.rstrip()):
        return False
    first = words[0]
    if len(first) > 1 and not first[1:].islower():
        return False  # "OS", "SEO": an acronym or a name, not a sentence opening
    rest = words[1:]
    return sum(w[0].islower() for w in rest) >= max(2, len(rest) // 2)


def _glue_evidence(title: str, point: int, body_start: str, stop_words: frozenset[str]
                   ) -> str | None:
    """Why `point` is a glue point ('body' or 'sentence'), or None when it is not one."""
    head, tail = title[:point].rstrip(), title[point:].strip()
    left, right = _word_around(title, point)
    joined = (left + right).casefold().removesuffix("'s").removesuffix("\u2019s")
    if joined in _CAMEL_NAMES:
        return None
    if len(_WORD.findall(head)) < 1 or len(_WORD.findall(tail)) < 2:
        return None
    letters_left = re.sub(r"[^\w]", "", left)
    if body_start.startswith(_normalise(tail)) and (len(letters_left) >= 2 or not letters_left):
        return "body"
    year_or_word = letters_left.islower() or (letters_left.isdigit() and len(letters_left) == 4)
    # "Welcome to FernhillWe opened...": a name may end the title when the sentence
    # opens with a function word ("We", "The", "Our"); a brand's second half never is one.
    year_or_word = year_or_word or (letters_left[:1].isupper() and letters_left[1:].islower()
                                    and right.casefold() in stop_words)
    if len(_WORD.findall(head)) < 2 or len(letters_left) < 3 or not year_or_word:
        return None
    if left + right in body_start and left + right not in _normalise(tail):
        return None  # the joined word recurs in the body: a name
    return "sentence" if _is_sentence(tail) else None


def split_glued_title(title: str, body: str, lang: str | None = None
                      ) -> tuple[str, str, Repair | None]:
    """Split a title glued to the first sentence ("Heat pumps in winterMost installs...").

    The split is made when the body already starts with the glued-on text, or when that
    text is a real sentence after a plausible title and the joined word is no known name.
    Returns (title, body, None) when unsure.
    """
    if not title or not _GLUE.search(title):
        return title, body, None
    from customer_evidence.core.language import analyser

    body_start = _normalise(body[: len(title) * 2 + 200])
    stop_words = analyser(lang or "en").stop_words
    for found in _GLUE.finditer(title):
        point = found.start()
        evidence = _glue_evidence(title, point, body_start, stop_words)
        if evidence is None:
            continue
        head, tail = title[:point].rstrip(), title[point:].strip()
        if evidence == "body":
            new_body = body
            note = "title glued to the body's first sentence; the body already starts with it"
        else:
            rest = body.lstrip()
            new_body = f"{tail}\n\n{rest}" if rest else tail
            note = "title glued to a first sentence; the sentence was moved to the body"
        return head, new_body, Repair(0, title, head, "glued-title", True, note)
    return title, body, None
