"""Is a title or heading phrased as a customer question? Pure functions.

A customer question asks something of substance: it ends with a question mark,
opens with a question word, and has at least MIN_CONTENT_WORDS words that are not
stop words or numbers. So "How long does a heat pump last?" is one, and the
conversational headings of a blog post ("What's next?", "And you?", "2 or 3?",
"Like this idea?", "Any questions?", "Why does this matter?") are not.
"""

from __future__ import annotations

from customer_evidence.core.language import analyser, question_words

MIN_CONTENT_WORDS = 2


def is_customer_question(text: str, lang: str = "en") -> bool:
    """Whether `text` asks a question of substance, as a customer would."""
    text = text.strip()
    if not text.endswith("?"):
        return False
    words = analyser(lang)
    tokens = words.tokens(text)
    starters = question_words(lang)
    if not tokens or (starters and tokens[0] not in starters):
        return False
    content = [t for t in tokens if t not in words.stop_words and not t.isdigit()]
    return len(content) >= MIN_CONTENT_WORDS
