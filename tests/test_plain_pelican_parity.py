"""Articles read the same on this site as on plain Pelican.

A dozen posts, written here, are built twice: by plain Pelican 4.12 (its default
theme, no plugins, its default MARKDOWN, which guesses code languages) and by a copy
of this site (pelicanconf.py, theme, plugins). For every article, the visible text of
its body must be the same, whitespace aside. Each build runs in a process of its own
(benchmarks.build), so neither sees the other's plugins' signal handlers.

What is compared is the body only: plain Pelican's `div.entry-content` without the
"Published: ..." footer its theme puts inside it, and the site theme's
`div.entry-content` (theme/templates/article.html), which leaves out the header, the
customer sources list and the call to action that follow the body. Heading ids (toc)
and highlighting spans (plain Pelican guesses a language) change markup, not text.
Customer quotes are left out of the corpus: the site rewrites their attribution line
by design (customer_sources).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SITE_CONTENT, copy_site

FENCE = "```"

POSTS = {
    "fenced-code": ("Fenced code, with and without a language", f"""
Some prose before the code.

{FENCE}
plain_block = compute(1, 'pump') & check < 3 > 2
second_line = "quoted"
{FENCE}

{FENCE}python
def python_block(x):
    return x * 2  # a comment
{FENCE}

{FENCE}
	tab-indented line in a fence

after a blank line
{FENCE}
"""),
    "indented-code": ("Indented code blocks", """
A paragraph, then an indented block.

    indented_block = True
    if indented_block and 1 < 2:
        print("nested &amp; escaped <b>")

    second_paragraph_of_code()

And prose after it.
"""),
    "tables": ("A table of prices", """
| Plan     | Price | Includes           |
|----------|------:|--------------------|
| Starter  | 900   | cell-starter-audit |
| Growth   | 2,400 | `inline code cell` |
| **Full** | 6,000 | *emphasised cell*  |

Text under the table.
"""),
    "footnotes": ("Footnotes and their references", """
A claim that needs a source.[^one] Another one.[^two]

[^one]: The first footnote, with a [link](https://example.com/one).
[^two]: The second footnote text.
"""),
    "images": ("Images with alt text and captions", """
![A remote chart of the pipeline](https://example.com/chart.png)

Text between the images.

![Second picture](https://example.com/second.jpg "A title")
"""),
    "lists": ("Lists, nested and numbered", """
- first bullet
- second bullet with **bold** and _italic_
    - nested bullet one
    - nested bullet two
- third bullet

1. numbered one
2. numbered two

    Continuation paragraph of item two.

3. numbered three

Term
:   Definition list entry.
"""),
    "blockquotes": ("Quotes that are not customer quotes", """
> A pull quote with no attribution.
>
> > A nested quote inside it.

> An expert said this, on the record.
>
> — Miriam Achterberg, *Selling in Daylight*
"""),
    "links": ("Links of every kind", """
An [external link](https://example.com/page?a=1&b=2), an autolink
<https://example.com/auto>, a [reference link][ref] and an [anchor](#a-heading).

## A heading

[ref]: https://example.com/reference "Reference title"
"""),
    "headings": ("Headings at every level", """
## Second level

Text under two.

### Third level with `code`

Text under three.

#### Fourth level & more

Text under four.
"""),
    "inline-markup": ("Inline markup without HTML", """
Some *emphasis*, some **strong**, some `inline code with <angle> & amp`, an escaped
\\*asterisk\\*, a line ending in two spaces\x20\x20
and a hard break, plus *nested **strong** inside*.

---

An abbreviation: HTML.

*[HTML]: Hyper Text Markup Language
"""),
    "mixed": ("Everything together", f"""
## Setup

1. Install it:

        pip install example-package

2. Configure it:

    {FENCE}
    setting = "value"
    {FENCE}

| Step | Command      |
|------|--------------|
| one  | `make build` |

> Note: the command above is safe.[^n]

[^n]: A footnote in the mixed post.
"""),
    "long-code": ("A longer code block among paragraphs", "\n".join(
        ["Before.", "", FENCE]
        + [f"line_{i} = value_{i} + {i}  # <{i}>" for i in range(40)]
        + [FENCE, "", "After."]) + "\n"),
}

# Text each article's body must show, so a build that loses it in both ways still fails.
MUST_SHOW = {
    "fenced-code": ["plain_block = compute(1, 'pump') & check < 3 > 2", "def python_block(x):",
                    "after a blank line"],
    "indented-code": ['print("nested &amp; escaped <b>")', "second_paragraph_of_code()"],
    "tables": ["cell-starter-audit", "inline code cell", "emphasised cell", "2,400"],
    "footnotes": ["The second footnote text."],
    "images": ["[image: A remote chart of the pipeline]", "[image: Second picture]"],
    "mixed": ["pip install example-package", 'setting = "value"', "make build"],
    "long-code": ["line_39 = value_39 + 39 # <39>"],
}


def write_posts(folder: Path) -> None:
    """The corpus as Markdown files in folder/articles."""
    articles = folder / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    for number, (slug, (title, body)) in enumerate(POSTS.items()):
        header = (f"Title: {title}\nDate: 2025-03-{number + 1:02d} 09:00\n"
                  f"Category: Guides\nTags: parity\nSlug: {slug}\n")
        (articles / f"{slug}.md").write_text(header + body, encoding="utf-8")


def build(config: str, content: Path, output: Path, settings: Path | None = None) -> None:
    """One build in a process of its own, with benchmarks.build's clean settings."""
    command = [sys.executable, "-m", "benchmarks.build", "--config", config,
               "--content", str(content), "--output", str(output)]
    if settings:
        command += ["--settings", str(settings)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.splitlines()[-1])["articles"] == len(POSTS), result.stderr


def visible_text(element) -> str:
    """The text a reader sees, whitespace normalised, with each image's alt text."""
    for image in element.find_all("img"):
        image.replace_with(f" [image: {image.get('alt', '')}] ")
    return " ".join(element.get_text().split())


def plain_body(page: Path) -> str:
    body = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select_one(
        "div.entry-content")
    for footer in body.select("footer.post-info"):  # the theme's date and tags line
        footer.decompose()
    return visible_text(body)


def site_body(page: Path) -> str:
    return visible_text(BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select_one(
        "article div.entry-content"))


@pytest.fixture(scope="module")
def bodies(tmp_path_factory) -> dict[str, tuple[str, str]]:
    """Per slug: (plain Pelican's body text, this site's)."""
    root = tmp_path_factory.mktemp("parity")
    plain_content = root / "plain-content"
    write_posts(plain_content)
    build("plain", plain_content, root / "plain-output")

    site = copy_site(root / "site")
    shutil.rmtree(site / SITE_CONTENT / "articles")  # the sample posts: ours instead
    write_posts(site / SITE_CONTENT)
    build("site", site / SITE_CONTENT, root / "site-output", site / "pelicanconf.py")

    return {slug: (plain_body(root / "plain-output" / f"{slug}.html"),
                   site_body(root / "site-output" / "posts" / slug / "index.html"))
            for slug in POSTS}


@pytest.mark.parametrize("slug", list(POSTS))
def test_an_article_body_reads_as_on_plain_pelican(bodies, slug):
    plain, ours = bodies[slug]
    assert ours == plain
    for text in MUST_SHOW.get(slug, []):
        assert text in ours, text
