"""Code blocks as markdown.extensions.codehilite renders them, for less work per block.

A Python-Markdown extension, named in MARKDOWN's extension_configs in place of
"markdown.extensions.codehilite" and taking the same options:

    "pelican.plugins.content_guard.code_blocks": {"css_class": "highlight", "guess_lang": False}

The HTML is byte for byte codehilite's (tests/test_code_blocks.py compares many blocks):

- A block with no language (indented, or fenced without a language, attributes or
  hl_lines), with guess_lang off and the options that leave it plain text, is written
  directly as the markup Pygments' TextLexer and HtmlFormatter give it, instead of
  looking up a lexer and building a formatter for it. Once per process the direct
  markup is checked against Pygments' own; if they ever differ (a Pygments upgrade),
  every block goes through Pygments again.
- Every other block goes through codehilite as before, with one HtmlFormatter per
  set of options instead of a new one per block (building one is most of its cost).

No plugin needs loading: Markdown imports this module by the name above.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.extensions.codehilite import (
    CodeHilite,
    CodeHiliteExtension,
    HiliteTreeprocessor,
)
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.preprocessors import Preprocessor
from pygments.formatters.html import HtmlFormatter
from pygments.styles import get_style_by_name
from pygments.util import ClassNotFound

# The characters Pygments' HtmlFormatter escapes in code, and how.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
# codehilite's own options: any other option goes to the lexer and formatter, and
# could change the markup, so it turns the direct path off.
_CODEHILITE_OPTIONS = frozenset(CodeHiliteExtension().config)
# A block of text that exercises what the direct path must get right.
_PROBE = "\n\n\ufeff  a & b <c> \"d\" 'e'\n\n\n\tf\r\ng \r\n\n"
_PROBE_CLASS = "probe"
# Runs just before fenced_code's preprocessor (25), after whitespace is normalised.
_FENCE_PRIORITY = 26


def shared_html_formatter(**options: Any) -> HtmlFormatter:
    """codehilite's `pygments_formatter`: one HtmlFormatter per set of options, reused
    by every block that has them (making one works out its style's CSS classes, which
    was most of codehilite's time per block). A formatter keeps nothing of a block."""
    key = _options_key(options)
    if key is None:
        return HtmlFormatter(**options)
    if key not in _FORMATTERS:
        if len(_FORMATTERS) >= _MAX_FORMATTERS:
            _FORMATTERS.clear()
        _FORMATTERS[key] = HtmlFormatter(**options)
    return _FORMATTERS[key]


_FORMATTERS: dict[tuple, HtmlFormatter] = {}
_MAX_FORMATTERS = 256  # one per language and option set: a site uses a few dozen


def _options_key(options: dict[str, Any]) -> tuple | None:
    """The options as a key (each value with its type: 1 is not True), or None when a
    value is not plain data (a style class is: it is looked up by identity)."""
    items = []
    for name, value in sorted(options.items()):
        if isinstance(value, list):
            value = tuple(value)
        if not isinstance(value, (str, int, float, bool, tuple, type)) and value is not None:
            return None
        items.append((name, type(value), value))
    try:
        hash(tuple(items))
    except TypeError:  # a tuple holding something unhashable
        return None
    return tuple(items)


def plain_html(code: str, css_class: str) -> str:
    """The markup codehilite gives `code` as plain text (TextLexer, HtmlFormatter)."""
    text = code.strip("\n").removeprefix("\ufeff")  # codehilite's strip, then the lexer's
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    css = f' class="{css_class}"' if css_class else ""
    return f"<div{css}><pre><span></span><code>{text.translate(_ESCAPES)}\n</code></pre></div>\n"


def plain_options(config: dict[str, Any]) -> bool:
    """Whether a block with no language renders as plain text under these codehilite
    options, with nothing the direct markup leaves out."""
    formatter = config.get("pygments_formatter")
    return (set(config) <= _CODEHILITE_OPTIONS
            and config.get("use_pygments") is True
            and config.get("guess_lang") is False
            and config.get("linenums") in (None, False)
            and config.get("noclasses") is False
            and (formatter == "html" or formatter is shared_html_formatter)
            and _known_style(config.get("pygments_style")))


def _known_style(style: Any) -> bool:
    """Whether Pygments has this style (an unknown one is an error codehilite raises)."""
    if not isinstance(style, str):
        return isinstance(style, type)
    try:
        get_style_by_name(style)
    except ClassNotFound:
        return False
    return True


def has_header(code: str) -> bool:
    """Whether an indented block's first line names its language (`:::lang`, `#!lang`)."""
    return code.strip("\n").startswith(("::", "#!"))


@cache
def direct_markup_matches_pygments() -> bool:
    """Whether plain_html is what this Pygments writes (checked once per process)."""
    options = {**CodeHiliteExtension().getConfigs(), "guess_lang": False,
               "css_class": _PROBE_CLASS}
    style = options.pop("pygments_style")
    expected = CodeHilite(_PROBE, style=style, **options).hilite(shebang=False)
    return plain_html(_PROBE, _PROBE_CLASS) == expected


class CodeBlocksTreeprocessor(HiliteTreeprocessor):
    """codehilite's treeprocessor (indented code blocks), plain ones written directly."""

    direct = False  # whether plain blocks are written directly (the extension decides)

    def run(self, root) -> None:
        if self.direct:
            for block in list(root.iter("pre")):
                if len(block) != 1 or block[0].tag != "code" or block[0].text is None:
                    continue
                code = self.code_unescape(block[0].text)
                if has_header(code):
                    continue
                placeholder = self.md.htmlStash.store(plain_html(code, self.config["css_class"]))
                block.clear()
                block.tag = "p"  # as codehilite does: the placeholder paragraph is replaced
                block.text = placeholder
        super().run(root)


class PlainFencePreprocessor(Preprocessor):
    """Fenced blocks with no language, attributes or hl_lines, written directly.

    It walks the text as fenced_code's preprocessor does (same pattern, same steps),
    so that preprocessor, which runs next, meets the other blocks as it would have.
    """

    def __init__(self, md, extension: CodeBlocksExtension, css_class: str) -> None:
        super().__init__(md)
        self.extension = extension
        self.css_class = css_class
        self.active: bool | None = None

    def run(self, lines: list[str]) -> list[str]:
        if self.active is None:
            self.active = self._fenced_code_uses_us()
        if not self.active:
            return lines
        text, index = "\n".join(lines), 0
        while match := FencedBlockPreprocessor.FENCED_BLOCK_RE.search(text, index):
            if match.group("attrs"):
                _, remainder = get_attrs_and_remainder(match.group("attrs"))
                index = match.end("attrs") if remainder else match.end()
            elif match.group("lang") or match.group("hl_lines"):
                index = match.end()
            else:
                placeholder = self.md.htmlStash.store(
                    plain_html(match.group("code"), self.css_class))
                text = f"{text[:match.start()]}\n{placeholder}\n{text[match.end():]}"
                index = match.start() + 1 + len(placeholder)
        return text.split("\n")

    def _fenced_code_uses_us(self) -> bool:
        """Whether fenced_code is on and takes its options from this extension only."""
        fenced = self.md.preprocessors["fenced_code_block"] \
            if "fenced_code_block" in self.md.preprocessors else None
        hiliters = [e for e in self.md.registeredExtensions
                    if isinstance(e, CodeHiliteExtension)]
        return isinstance(fenced, FencedBlockPreprocessor) and hiliters == [self.extension]


class CodeBlocksExtension(CodeHiliteExtension):
    """codehilite, with plain blocks written directly and formatters reused."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        if "pygments_formatter" not in kwargs:
            self.setConfig("pygments_formatter", shared_html_formatter)

    def extendMarkdown(self, md) -> None:
        configs = self.getConfigs()
        direct = plain_options(configs) and direct_markup_matches_pygments()
        hiliter = CodeBlocksTreeprocessor(md)
        hiliter.config = configs
        hiliter.direct = direct
        md.treeprocessors.register(hiliter, "hilite", 30)
        if direct:
            md.preprocessors.register(
                PlainFencePreprocessor(md, self, configs["css_class"]),
                "plain_fenced_code", _FENCE_PRIORITY)
        md.registerExtension(self)


def makeExtension(**kwargs) -> CodeBlocksExtension:  # noqa: N802 (Markdown's name)
    return CodeBlocksExtension(**kwargs)
