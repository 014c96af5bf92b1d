"""Repair of imported text: mojibake through Windows-874/cp1252, lost bytes, glued titles.

The damaged fixtures are made here by really encoding the original text as UTF-8 and
decoding it through the code page (and through a mixed cp874-then-cp1252 decoder, as some
software did), so every test checks a round trip a real export could need.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from customer_evidence.importing.repair import Repair, repair_text, split_glued_title

# ---------------------------------------------------------------- damage, made honestly

LOST = {"drop": "", "question": "?", "replacement": "\ufffd"}


def _decode_bytes(data: bytes, codecs: tuple[str, ...], lost: str) -> str:
    out = []
    for byte in data:
        one = bytes([byte])
        for codec in codecs:
            try:
                out.append(one.decode(codec))
                break
            except UnicodeDecodeError:
                continue
        else:
            out.append(LOST[lost])
    return "".join(out)


def via_cp1252(text: str, lost: str = "drop") -> str:
    return _decode_bytes(text.encode("utf-8"), ("cp1252",), lost)


def via_cp874(text: str, lost: str = "drop") -> str:
    return _decode_bytes(text.encode("utf-8"), ("cp874",), lost)


def via_mixed(text: str, lost: str = "drop") -> str:
    """cp874, with cp1252 for the bytes cp874 leaves undefined."""
    return _decode_bytes(text.encode("utf-8"), ("cp874", "cp1252"), lost)


def via_latin1(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def test_the_fixtures_are_really_damaged():
    assert via_mixed("\u201cHi\u201d") == "\u0e42\u20ac\u0153Hi\u0e42\u20ac"
    assert via_mixed("\U0001f642") == "\u0e50\u0178\u2122\u201a"
    assert via_cp1252("\u2019", "question") == "\u00e2\u20ac\u2122"
    assert via_cp1252("\u201d", "question") == "\u00e2\u20ac?"


# ---------------------------------------------------------------- round trips

# No byte of these is undefined in cp1252 or in the mixed decoder: nothing is lost.
INTACT = [
    "Our installer said it\u2019s quieter than the old boiler \u2014 by far\u2026",
    "The caf\u00e9 owner\u2019s verdict: \u201cworth it\u201c, with a \U0001f642 and"
    " \u20ac40 saved.",
    "Na\u00efve estimates \u2013 18\u202f% \u2013 were wrong; the r\u00e9sum\u00e9 says so \u2122.",
    "\u2018Single\u2019 quotes and \u201edouble low\u201c ones, \u2022 bullets too.",
]


@pytest.mark.parametrize("original", INTACT)
@pytest.mark.parametrize("damage", [via_mixed, via_cp1252, via_latin1])
def test_mojibake_with_no_lost_byte_round_trips(original, damage):
    damaged = damage(original)
    assert damaged != original
    fixed, repairs = repair_text(damaged)
    assert fixed == original
    assert repairs and not any(r.review for r in repairs)
    assert repair_text(fixed) == (fixed, [])  # a second import changes nothing


# ” (E2 80 9D), 😍 (F0 9F 98 8D) and 🙏 (F0 9F 99 8F) each end in a byte cp1252 lacks.
LOSSY = [
    "She wrote \u201cthe pump saved us\u201d and left.",
    "\u201cTwo winters in\u201d, he said, \u201cstill no regrets.\u201d",
    "Loved the result \U0001f60d thanks to the team \U0001f64f",
    "A family \U0001f468\u200d\U0001f469\u200d\U0001f467 moved into the flat.",
]


@pytest.mark.parametrize("original", LOSSY)
@pytest.mark.parametrize("lost", ["drop", "question", "replacement"])
@pytest.mark.parametrize("damage", [via_mixed, via_cp1252])
def test_a_lost_byte_is_guessed_from_context_and_flagged(original, lost, damage):
    damaged = damage(original, lost)
    fixed, repairs = repair_text(damaged)
    assert fixed == original
    guesses = [r for r in repairs if r.kind == "lost-byte"]
    assert guesses and all(r.review for r in guesses)
    assert all("lost" in r.note for r in guesses)


def test_pure_windows_874_loses_every_quote_and_context_picks_each_one():
    original = "He said \u201cwe don\u2019t need oil\u201d and smiled."
    damaged = via_cp874(original)
    assert damaged.count("\u0e42\u20ac") == 3  # โ€ three times, the third byte gone
    fixed, repairs = repair_text(damaged)
    assert fixed == original
    assert [r.after for r in repairs] == ["\u201c", "\u2019", "\u201d"]
    assert all(r.review and r.kind == "lost-byte" for r in repairs)


def test_the_examples_of_the_issue():
    assert repair_text("\u0e42\u20ac\u0153Heat pumps\u0e42\u20ac\u009d")[0] == (
        "\u201cHeat pumps\u201d"
    )
    assert repair_text("Fine \u0e50\u0178\u2122\u201a")[0] == "Fine \U0001f642"
    assert repair_text("it\u00e2\u20ac\u2122s")[0] == "it\u2019s"
    assert repair_text("it\u0e42\u20ac\u2122s")[0] == "it\u2019s"
    assert repair_text("caf\u00c3\u00a9")[0] == "caf\u00e9"


def test_repairs_name_their_line_and_the_damaged_run_only():
    lines = [
        "A clean first line.",
        "Then \u201cquoted\u201d here.",
        "",
        "Clean again \u2014 with a dash.",
        "Last one with \U0001f642 at the end",
    ]
    damaged_lines = list(lines)
    damaged_lines[1] = via_mixed(lines[1])
    damaged_lines[4] = via_cp1252(lines[4])
    fixed, repairs = repair_text("\n".join(damaged_lines) + "\n")
    assert fixed == "\n".join(lines) + "\n"
    assert {r.line for r in repairs} == {2, 5}
    by_line = {r.line: r for r in repairs if r.after == "\U0001f642"}
    assert by_line[5].before == "\u00f0\u0178\u2122\u201a"
    assert [r.before for r in repairs if r.line == 2][0] == "\u0e42\u20ac\u0153"
    assert all(len(r.before) <= 4 for r in repairs)


def test_cp1252_mojibake_is_left_to_ftfy_and_reported_as_such():
    fixed, repairs = repair_text(via_cp1252("Cr\u00e8me br\u00fbl\u00e9e"))
    assert fixed == "Cr\u00e8me br\u00fbl\u00e9e"
    assert {r.kind for r in repairs} == {"ftfy"}
    assert [r.after for r in repairs] == ["\u00e8", "\u00fb", "\u00e9"]


def test_a_c1_control_from_latin_1_is_a_byte_not_a_line_break():
    original = "\u00c5ngstr\u00f6m two \u201cthree\u201d\nfour \u00c5"
    damaged = via_latin1(original)
    assert "\x85" in damaged
    fixed, repairs = repair_text(damaged)
    assert fixed == original
    assert {r.line for r in repairs} == {1, 2}


def test_windows_line_endings_survive():
    original = "First \u201cline\u201d\r\nSecond line\u2019s end\r\n"
    fixed, repairs = repair_text(via_mixed(original))
    assert fixed == original
    assert {r.line for r in repairs} == {1, 2}


def test_a_thai_post_damaged_through_windows_874_is_repaired():
    original = "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35 \u201c\u0e17\u0e14\u0e2a\u0e2d\u0e1a\u201d"
    fixed, _ = repair_text(via_mixed(original, "replacement"))
    assert fixed == original


# ---------------------------------------------------------------- what must not change

REAL_THAI = [
    "\u0e1b\u0e31\u0e4a\u0e21\u0e04\u0e27\u0e32\u0e21\u0e23\u0e49\u0e2d\u0e19\u0e17\u0e33\u0e07"
    "\u0e32\u0e19\u0e44\u0e14\u0e49\u0e14\u0e35\u0e43\u0e19\u0e24\u0e14\u0e39\u0e2b\u0e19\u0e32"
    "\u0e27",  # the heat pump works well in winter
    "\u0e40\u0e18\u0e2d\u0e1a\u0e2d\u0e01\u0e27\u0e48\u0e32 \u201c\u0e14\u0e35\u0e21\u0e32\u0e01"
    "\u201d \u2014 \u0e40\u0e18\u0e2d\u0e22\u0e34\u0e49\u0e21",  # she said “very good”, smiling
    "\u0e40\u0e01\u0e01 \u0e23\u0e09 \u0e42\u0e0a \u0e40\u0e18 \u0e41\u0e23\u0e07",  # odd pairs
]


@pytest.mark.parametrize("text", REAL_THAI)
@pytest.mark.parametrize("lang", [None, "th"])
def test_real_thai_is_untouched(text, lang):
    assert repair_text(text, lang) == (text, [])


def test_mojibake_quotes_inside_real_thai_are_still_repaired():
    thai = (
        "\u0e40\u0e18\u0e2d\u0e1a\u0e2d\u0e01\u0e27\u0e48\u0e32 {}\u0e14\u0e35\u0e21\u0e32\u0e01{}"
    )
    original = thai.format("\u201c", "\u201d")
    damaged = thai.format(via_mixed("\u201c"), via_mixed("\u201d", "replacement"))
    for lang in (None, "th"):
        fixed, repairs = repair_text(damaged, lang)
        assert fixed == original
        assert [r.kind for r in repairs] == ["mojibake", "lost-byte"]


REAL_LATIN = [
    "S\u00c3O PAULO \u00c9 LINDA, disse a professora.",
    "Le menu dit \u201cCAF\u00c9\u201d en grand, \u00ab\u00e9t\u00e9\u00bb en petit.",
    "Na\u00efve fa\u00e7ade, Stra\u00dfe, \u00d1and\u00fa, \u00c5ngstr\u00f6m, \u00e6ble.",
    "Price: \u00a3120 \u00b1 5 \u00b0C, \u00bd off, \u00a9 2024 \u2014 \u00bfqu\u00e9?",
]


@pytest.mark.parametrize("text", REAL_LATIN)
def test_real_latin_text_is_untouched(text):
    assert repair_text(text) == (text, [])


CLEAN = [
    "Plain ASCII, nothing to see.\nSecond line.",
    "Curly \u2018single\u2019, \u201cdouble\u201d, \u201elow\u201c and \u201aone\u2018 quotes.",
    "Emoji \U0001f642\U0001f44d and a family \U0001f468\u200d\U0001f469\u200d\U0001f467.",
    "\u70ed\u6cf5\u5728\u51ac\u5929\u5f88\u597d\u7528\u3002 \u65e5\u672c\u8a9e\u3082\u3002",
    "\u041e\u0442\u043e\u043f\u043b\u0435\u043d\u0438\u0435 \u0437\u0438\u043c\u043e\u0439.",
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_gives_no_repairs(text):
    assert repair_text(text) == (text, [])


def test_curly_quotes_on_other_lines_are_kept():
    clean = "He said \u201aja\u2018 and \u201cyes\u201d \u2014 it\u2019s fine."
    text = clean + "\n" + via_cp1252("A \U0001f642 later") + "\n" + via_mixed("\u201cok\u201d")
    fixed, repairs = repair_text(text)
    assert fixed.splitlines() == [clean, "A \U0001f642 later", "\u201cok\u201d"]
    assert 1 not in {r.line for r in repairs}


def test_repair_is_a_frozen_record():
    _, repairs = repair_text(via_mixed("\u201cx"))
    assert isinstance(repairs[0], Repair)
    with pytest.raises(AttributeError):
        repairs[0].line = 9  # type: ignore[misc]


# Words a real post could hold, in several scripts; joined they are never mojibake.
WORDS = [
    "heat",
    "pump",
    "Winter",
    "install",
    "caf\u00e9",
    "\u00e9t\u00e9",
    "Stra\u00dfe",
    "na\u00efve",
    "\u00c9cole",
    "S\u00c3O",
    "\u00d1and\u00fa",
    "\u00bfQu\u00e9",
    "\u00a3120",
    "\u20ac40",
    "\u221215\u00b0C",
    "\u00bd",
    "\u2014",
    "\u2026",
    "\U0001f642",
    "\U0001f44d",
    "\u70ed\u6cf5",
    "\u0437\u0438\u043c\u0430",
    "\u0e1b\u0e31\u0e4a\u0e21",
    "\u0e04\u0e27\u0e32\u0e21\u0e23\u0e49\u0e2d\u0e19",
    "\u0e40\u0e18\u0e2d",
    "\u0e40\u0e17\u0e1e",
    "\u0e2d",
    "12",
    "WordPress",
]
WRAPS = ["{}", "\u201c{}\u201d", "\u2018{}\u2019", "{}\u2019s", "({})", "\u00ab{}\u00bb", "{},"]


@st.composite
def clean_texts(draw):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
    wraps = draw(st.lists(st.sampled_from(WRAPS), min_size=len(words), max_size=len(words)))
    seps = st.sampled_from([" ", " ", " ", "\n", ". "])
    seps = draw(st.lists(seps, min_size=len(words), max_size=len(words)))
    pieces = zip(words, wraps, seps, strict=True)
    return "".join(wrap.format(word) + sep for word, wrap, sep in pieces).strip()


@settings(max_examples=300, deadline=None)
@given(clean_texts())
def test_clean_text_is_never_changed(text):
    assert repair_text(text) == (text, [])


# ---------------------------------------------------------------- glued titles


def test_a_title_glued_to_a_sentence_is_split_and_the_sentence_moved_to_the_body():
    title, body, repair = split_glued_title(
        "Heat pumps in winterMost installs run fine at -15 \u00b0C.",
        "The rest of the post follows.",
    )
    assert title == "Heat pumps in winter"
    assert body == "Most installs run fine at -15 \u00b0C.\n\nThe rest of the post follows."
    assert repair is not None and repair.kind == "glued-title"
    assert repair.line == 0 and repair.review


def test_a_glued_title_whose_body_already_starts_with_the_sentence_keeps_the_body():
    body = "Most installs run fine.\n\nMore detail here."
    title, new_body, repair = split_glued_title("Heat Pumps In WinterMost installs run fine.", body)
    assert (title, new_body) == ("Heat Pumps In Winter", body)
    assert repair is not None and repair.after == "Heat Pumps In Winter"


def test_a_body_starting_with_the_sentence_in_markup_counts_as_starting_with_it():
    body = "<p><strong>Most installs</strong> run fine at -15 \u00b0C.</p>"
    title, new_body, _ = split_glued_title("Heat pumps in winterMost installs run fine", body)
    assert (title, new_body) == ("Heat pumps in winter", body)


def test_a_year_glued_to_a_sentence_is_split():
    title, body, _ = split_glued_title("Ten tips for 2024Start with the attic, then the doors.", "")
    assert (title, body) == ("Ten tips for 2024", "Start with the attic, then the doors.")


def test_glue_after_a_question_mark_or_a_number_is_found_with_body_evidence():
    body = "We compared three models over a full season."
    assert split_glued_title(f"Which pump is best?{body}", body)[0] == "Which pump is best?"
    assert split_glued_title(f"Our 2024 tests{body}", body)[0] == "Our 2024 tests"


@pytest.mark.parametrize(
    "title",
    [
        "Moving our blog from WordPress to Pelican",
        "Why the iPhone app beats the web on macOS",
        "JavaScript, HubSpot and PowerPoint: the marketing stack",
        "What McDonald's taught us about queues",
        "Selling spare parts on eBay",
        "Using WordPress with HubSpot for small teams.",
        "Heat pumps in winter",
        "Ten questions about heat pumps, answered",
        "Setting up ownCloud on a small office server today.",
    ],
)
def test_names_and_ordinary_titles_are_not_split(title):
    body = "Press releases come later. Script and Spot are words too."
    assert split_glued_title(title, body) == (title, body, None)


def test_a_camel_case_name_is_not_split_even_when_the_body_starts_with_its_tail():
    body = "Press coverage followed the launch of the new site."
    assert split_glued_title("Our new WordPress site", body)[2] is None
    glued = split_glued_title("Why we left WordPressPress coverage followed", body)
    assert glued[:2] == ("Why we left WordPress", body)


def test_an_unsure_glue_without_a_real_sentence_is_left_alone():
    for title in ("Heat pumps in winterMost installs", "Heat pumps in winterMost installs run"):
        assert split_glued_title(title, "Other text.")[2] is None


TITLE_WORDS = [
    "WordPress",
    "iPhone",
    "JavaScript",
    "HubSpot",
    "McDonald's",
    "PowerPoint",
    "macOS",
    "eBay",
    "heat",
    "pumps",
    "Winter",
    "guide",
    "for",
    "installers",
    "2024",
    "the",
    "and",
    "Why",
    "cost",
    "noise.",
    "works?",
    "LinkedIn",
    "YouTube",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TITLE_WORDS), min_size=1, max_size=10))
def test_titles_made_of_words_and_names_are_never_split(words):
    title = " ".join(words)
    body = "Press, Phone, Script, Spot, Point and Bay are ordinary words here."
    assert split_glued_title(title, body) == (title, body, None)


def test_a_title_ending_in_a_name_splits_when_a_function_word_opens_the_sentence():
    title, body, repair = split_glued_title(
        "A visit to the ValleyThe road was closed for most of the winter.", "We went anyway.")
    assert title == "A visit to the Valley"
    assert body.startswith("The road was closed for most of the winter.\n\nWe went anyway.")
    assert repair is not None and repair.review
    kept, _, none = split_glued_title("Moving our shop to GitHub and why it paid off.", "Text.")
    assert kept == "Moving our shop to GitHub and why it paid off." and none is None
