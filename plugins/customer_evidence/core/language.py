"""Words for matching, in the site's language: Snowball stemming and stop words.

Both come from kept libraries: PyStemmer (the Snowball stemmers, in C) and the
`stopwords` package (Snowball's stop-word lists). The language is Pelican's
DEFAULT_LANG ("en", "de", "fr", ...); one the libraries lack ("xx", "zh") falls
back to English.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

import Stemmer
import stopwords

FALLBACK = "en"
_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_KEY_RE = re.compile(r"[a-z0-9]+")


def supported(lang: str) -> bool:
    """Whether both libraries know this language (an ISO 639-1 code such as "en")."""
    code = _code(lang)
    try:
        Stemmer.Stemmer(code)
        stopwords.get_stopwords(code)
    except (KeyError, stopwords.LanguageNotAvailable):
        return False
    return True


def _code(lang: str) -> str:
    return str(lang or FALLBACK).split("-")[0].split("_")[0].lower()


@functools.lru_cache(maxsize=8)
def analyser(lang: str = FALLBACK) -> Analyser:
    """The analyser for a language, made once per process (the libraries' data is read-only)."""
    return Analyser(_code(lang) if supported(lang) else FALLBACK)


class Analyser:
    """Splits text into words, drops stop words, stems the rest."""

    def __init__(self, code: str) -> None:
        self.code = code
        self._stemmer = Stemmer.Stemmer(code)
        self._stemmer.maxCacheSize = 50000
        words = stopwords.get_stopwords(code)
        self.stop_words = frozenset(w for word in words for w in self.tokens(word))

    def tokens(self, text: str) -> list[str]:
        """The words of a text, lower case, apostrophes kept inside a word."""
        text = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
        return _WORD_RE.findall(text)

    def stems(self, words: Iterable[str]) -> list[str]:
        return self._stemmer.stemWords(list(words))

    def content_words(self, text: str) -> list[str]:
        """The stems of a text's words that are not stop words, in order."""
        words = [w for w in self.tokens(text) if w not in self.stop_words]
        # Possessive 's is not a different word.
        return self.stems(w[:-2] if w.endswith("'s") else w for w in words)


# The words an English question opens with. Snowball has no such list; for other
# languages a question is known by its question mark alone.
QUESTION_WORDS = {
    "en": frozenset("""
how what what's why which when where who whom whose can could do does did is are
was were should shall will would may might must has have had isn't aren't don't
doesn't can't won't shouldn't
""".split()),
}


def question_words(lang: str) -> frozenset[str]:
    """The words a question opens with in `lang`, or none where unknown."""
    return QUESTION_WORDS.get(_code(lang), frozenset())


def normalise_question(text: str) -> str:
    """A key under which the same question in other case or spacing compares equal."""
    return " ".join(_KEY_RE.findall(text.lower()))
