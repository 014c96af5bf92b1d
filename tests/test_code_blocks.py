"""content_guard's code_blocks extension writes the HTML codehilite writes, byte for byte.

Each document is rendered with the site's MARKDOWN setting (pelicanconf.py), and again
with markdown.extensions.codehilite in place of code_blocks and the same options.
"""

from __future__ import annotations

import copy
import random

import markdown
import pytest
from bs4 import BeautifulSoup
from pelican.plugins.content_guard import code_blocks
from pelican.plugins.content_guard.reader_cache import cache_folder
from pelican.settings import read_settings

from conftest import ROOT

OURS = "pelican.plugins.content_guard.code_blocks"
CODEHILITE = "markdown.extensions.codehilite"
SITE_MARKDOWN = read_settings(str(ROOT / "pelicanconf.py"))["MARKDOWN"]

CODES = [
    "x = 1",
    "",
    "\n",
    "\n\nleading and trailing blank lines\n\n\n",
    "a & b && c &amp; d &lt; &#39; &nbsp;",
    "<div class=\"x\">'single' \"double\"</div> <script>alert(1)</script> >",
    "line one\n\nline three after a blank\n\n\nline six",
    "\tone tab\n\t\ttwo tabs\nmid\tline\ttabs",
    "trailing spaces   \n   leading spaces\n  ",
    "unicode: caf\u00e9 \u2014 \u65e5\u672c \U0001f600 \u00a0nbsp",
    "\ufeffbyte order mark first",
    "*not emphasis* [not a link](http://x) `not code` <http://x.example>",
    "```\nfence inside\n```",
    "~~~\ntilde fence inside\n~~~",
    "    four spaces more",
    "#!/usr/bin/env python\nprint(1)",
    "#!python\nprint(1)",
    ":::python\nprint(1)",
    ":::python hl_lines=\"1\"\nprint(1)\nprint(2)",
    ":::\nempty header",
    "::not a header: two colons",
    "# a comment\n#! not first line",
    "\\backslash \\* \\` \\\\",
    "{curly} [square] (round) $dollar %percent",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "[^1]: not a footnote\n*[HTML]: not an abbreviation",
    "\x02wzxhzdk:0\x03 stash-like text",
]
OPENERS = [
    "```", "~~~", "````", "``` ", "```python", "```text", "```nosuchlanguage", "``` python",
    "```.python", "```{.python}", "```{ .python #code-id }", "```{}", "```{ }",
    "```{#only-id}", "```{.python hl_lines=\"1 2\"}", "```hl_lines=\"1\"", "```hl_lines=\"\"",
    "```python hl_lines=\"2\"", "```{.python linenums=\"true\"}", "```{use_pygments=false}",
    "```{.python", "```{.x .y}", "```c++", "```{.text}",
]


def configured(markdown_setting: dict, extension: str) -> dict:
    """The MARKDOWN setting with its code block extension named `extension`."""
    setting = copy.deepcopy(markdown_setting)
    configs = setting["extension_configs"]
    options = configs.pop(OURS, None) or configs.pop(CODEHILITE)
    setting["extension_configs"] = {extension: options, **configs}
    setting["extensions"] = list(setting["extension_configs"])
    return setting


def render_both(text: str, markdown_setting: dict = SITE_MARKDOWN) -> tuple[str, str]:
    """(codehilite's HTML, code_blocks' HTML) for one document; an error Markdown raises
    (fenced_code cannot write some attributes without Pygments) in place of its HTML."""
    return tuple(_render(text, configured(markdown_setting, name))
                 for name in (CODEHILITE, OURS))


def _render(text: str, markdown_setting: dict) -> str:
    try:
        return markdown.Markdown(**markdown_setting).convert(text)
    except TypeError as error:
        return f"TypeError: {error}"


def fenced(opener: str, code: str) -> str:
    fence = opener.rstrip()[: len(opener) - len(opener.lstrip("`~"))]
    return f"{opener}\n{code}\n{fence}\n"


def indented(code: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else "" for line in code.split("\n")) + "\n"


def documents() -> list[str]:
    """Code blocks alone and among other Markdown, fenced and indented."""
    docs = [fenced(o, c) for o in OPENERS for c in CODES]
    docs += [f"Text before.\n\n{indented(c)}\nText after.\n" for c in CODES]
    docs += [
        "Paragraph\n    not code: a lazy continuation\n",
        "- item\n\n        code in a list item\n\n- next\n",
        "1. item\n\n    ```\n    fenced in a list\n    ```\n",
        "> quoted\n>\n>     code in a blockquote\n",
        "> ```\n> fenced in a blockquote\n> ```\n",
        '<div markdown="1">\n\n    code in md_in_html\n\n```\nfenced too\n```\n\n</div>\n',
        "<pre><code>raw HTML code &amp; stays</code></pre>\n\n    and indented\n",
        "Text[^n].\n\n[^n]: A note.\n\n        code in a footnote\n",
        "```\nunclosed fence\n\n    indented after it\n",
        "```{.python\nbad braces\n```\n\n```\nthen plain\n```\n",
        # Braces that do not pair: fenced_code reads on from inside the opening line.
        "```{.a} x}\nfirst\n```\nmiddle\n```\nsecond\n```\n",
        "```{ .x {y} }\ncode\n```\n```\nnext\n```\n\n    indented\n",
        "```python\na\n```\n```\nb\n```\n~~~\nc\n~~~\n````\n```\nd\n````\n",
        "```\n\n```\n\n```\n\n\n```\n",
        "    a\n\t\n    b\n\n\n\n    c\n",
        "    \n    \n    only blank code lines\n    \n",
        "## Heading\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| `x` | 2 |\n",
        "Intro\n```\nno blank line before the fence\n```\nOutro\n",
        "x\r\n\r\n```\r\nwindows line ends\r\n```\r\n\r\n    indented\r\n",
    ]
    pieces = [fenced(o, c) for o in OPENERS[:12] for c in CODES[:8]] + [
        indented(c) for c in CODES] + ["Some *text* & <b>tags</b>.\n", "## A heading\n",
                                      "- a list\n- of items\n", "> a quote\n"]
    rng = random.Random(17)
    docs += ["\n".join(rng.choice(pieces) for _ in range(rng.randint(2, 9)))
             for _ in range(300)]
    return docs


DOCUMENTS = documents()


def test_every_code_block_renders_as_codehilite_renders_it():
    different = [d for d in DOCUMENTS if len(set(render_both(d))) != 1]
    assert not different, different[:5]


@pytest.mark.parametrize("options", [
    {"css_class": "highlight", "guess_lang": False, "linenums": True},
    {"css_class": "highlight", "guess_lang": False, "linenums": False},
    {"css_class": "", "guess_lang": False},
    {"guess_lang": False},
    {"css_class": "highlight", "guess_lang": False, "noclasses": True},
    {"css_class": "highlight", "guess_lang": False, "pygments_style": "monokai"},
    {"css_class": "highlight", "guess_lang": False, "linenostart": 5},
    {"css_class": "highlight", "guess_lang": False, "hl_lines": [1]},
    {"css_class": "highlight", "guess_lang": False, "use_pygments": False},
    {"css_class": "highlight", "guess_lang": True},
])
def test_other_codehilite_options_render_as_codehilite_renders_them(options):
    setting = configured(SITE_MARKDOWN, OURS)
    setting["extension_configs"][OURS] = options
    sample = DOCUMENTS[:: max(1, len(DOCUMENTS) // 120)]
    different = [d for d in sample if len(set(render_both(d, setting))) != 1]
    assert not different, different[:5]


def test_without_fenced_code_a_fence_is_not_a_code_block():
    setting = configured(SITE_MARKDOWN, OURS)
    setting["extension_configs"] = {OURS: setting["extension_configs"][OURS]}
    text = "```\nnot a block\n```\n\n    but this is\n"
    plain, ours = render_both(text, setting)
    assert plain == ours
    assert [p.get_text() for p in BeautifulSoup(ours, "html.parser").find_all("pre")] == [
        "but this is\n"]


def test_a_reused_markdown_instance_renders_each_document_the_same():
    ours = markdown.Markdown(**configured(SITE_MARKDOWN, OURS))
    for text in DOCUMENTS[:60]:
        expected, _ = render_both(text)
        assert ours.reset().convert(text) == expected


def test_the_site_writes_plain_blocks_directly():
    registered = markdown.Markdown(**configured(SITE_MARKDOWN, OURS)).registeredExtensions
    [extension] = [e for e in registered if isinstance(e, code_blocks.CodeBlocksExtension)]
    assert code_blocks.plain_options(extension.getConfigs())
    assert code_blocks.direct_markup_matches_pygments()


def test_the_setting_keys_the_reader_cache_stably():
    site = read_settings(str(ROOT / "pelicanconf.py"))
    assert OURS in site["MARKDOWN"]["extension_configs"]
    assert " at 0x" not in repr(site["MARKDOWN"])
    before = {**site, "MARKDOWN": configured(site["MARKDOWN"], CODEHILITE)}
    assert cache_folder(site) != cache_folder(before)
    assert cache_folder(site) == cache_folder(read_settings(str(ROOT / "pelicanconf.py")))
