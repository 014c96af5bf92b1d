"""How fast is `invoke import`? A 1,000-post WordPress export into a fresh site.

    python -m benchmarks.post_import [--posts 1000] [--workdir DIR]

Generates a deterministic WXR export of a made-up kitchen-fitting firm's blog: posts
of 300 to 1,500 words in classic-editor form (paragraphs separated by blank lines,
no <p>), with headings, lists, a table, code blocks, images, links, a [caption]
shortcode, an embedded script, a tracking pixel, and the damage old posts carry
(text that went through Windows-874 and cp1252, curly quotes lost); also pages,
drafts, attachments and comments, as a real export has. The import runs in a child
process, as `invoke import` does, from reading the XML to linking the drafts into
place (the bank's question inference included); it prints that time, the child's
whole run and its peak RSS (VmHWM in /proc/self/status). Targets on the 2-core development
machine: 20 s and 300 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

REPO_ROOT = Path(__file__).resolve().parent.parent
WXR_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Ashgrove Kitchens</title>
<link>https://ashgrove.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[mara]]></wp:author_login>
<wp:author_display_name><![CDATA[Mara Quill]]></wp:author_display_name></wp:author>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[tobin]]></wp:author_login>
<wp:author_display_name><![CDATA[Tobin Reyes]]></wp:author_display_name></wp:author>
"""
WORDS = """worktop cabinet hinge drawer oak walnut laminate quartz granite sink tap splashback
plinth cornice pelmet larder island peninsula socket extractor hob oven fridge freezer
dishwasher grout tile plaster joist floorboard skirting primer lacquer sealant fitting
measure survey quote deposit invoice delivery template install finish clean""".split()
CATEGORIES = ["Planning", "Materials", "Installation", "Costs", "Care"]
TAGS = [f"tag-{n}" for n in range(60)]


def _mixed(text: str) -> str:
    """UTF-8 read as Windows-874, its undefined bytes as cp1252: the damage to repair."""
    out = []
    for byte in text.encode("utf-8"):
        one = bytes([byte])
        try:
            out.append(one.decode("cp874"))
        except UnicodeDecodeError:
            out.append(one.decode("cp1252", errors="replace"))
    return "".join(out)


def _paragraph(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    chosen[0] = chosen[0].capitalize()
    return " ".join(chosen) + "."


def post_body(rng: random.Random, number: int) -> str:
    """Classic-editor HTML: blocks separated by blank lines, paragraphs without <p>."""
    blocks = [f"Our fitters get asked this every week, and the short answer is "
              f"{_mixed('“it depends”')} on the room {_mixed('🙂')}."]
    for section in range(rng.randint(2, 6)):
        blocks.append(f"<h2>Step {section + 1}: {rng.choice(WORDS)} and {rng.choice(WORDS)}</h2>")
        for _ in range(rng.randint(2, 5)):
            blocks.append(_paragraph(rng, rng.randint(30, 90)))
        kind = rng.random()
        if kind < 0.2:
            blocks.append("<ul>\n<li>" + "</li>\n<li>".join(
                _paragraph(rng, 6) for _ in range(4)) + "</li>\n</ul>")
        elif kind < 0.35:
            rows = "".join(f"<tr><td>{rng.choice(WORDS)}</td><td>{rng.randint(50, 900)}</td></tr>"
                           for _ in range(4))
            blocks.append(f"<table><tr><th>Part</th><th>Price</th></tr>{rows}</table>")
        elif kind < 0.5:
            blocks.append(f'<pre class="brush: python">width_mm = {rng.randint(300, 900)}\n'
                          f"for unit in range(3):\n    print(unit * width_mm)</pre>")
        elif kind < 0.6:
            blocks.append(f'[caption id="attachment_{number}" align="alignnone" width="640"]'
                          f'<img src="https://ashgrove.example/wp-content/uploads/{number}.jpg" '
                          f'alt="A finished {rng.choice(WORDS)}" width="640" height="480" /> '
                          f"The finished {rng.choice(WORDS)}[/caption]")
    blocks.append('See <a href="https://ashgrove.example/contact/">our contact page</a>.')
    blocks.append('<script>window.track && track("post")</script>')
    blocks.append('<img src="https://pixel.wp.com/g.gif?blog=1" width="1" height="1" alt="" />')
    return "\n\n".join(blocks)


def write_wxr(path: Path, posts: int, seed: int = 16) -> None:
    """A WXR 1.2 export with `posts` posts and pages, plus attachments and comments."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write(WXR_HEAD)
        for number in range(1, posts + 1):
            kind = "page" if number % 25 == 0 else "post"
            status = "draft" if number % 10 == 0 else "publish"
            slug = f"kitchen-question-{number}"
            day = f"20{15 + number % 10:02d}-{1 + number % 12:02d}-{1 + number % 28:02d}"
            tags = "".join(f'<category domain="post_tag" nicename="{t}"><![CDATA[{t}]]></category>'
                           for t in rng.sample(TAGS, 3))
            category = rng.choice(CATEGORIES)
            comments = "".join(
                f"<wp:comment><wp:comment_id>{number * 10 + c}</wp:comment_id>"
                f"<wp:comment_content><![CDATA[{_paragraph(rng, 40)}]]></wp:comment_content>"
                "</wp:comment>" for c in range(rng.randint(0, 3)))
            title = f"How long does a {rng.choice(WORDS)} {rng.choice(WORDS)} take to fit"
            out.write(f"""<item>
<title>{escape(title)} (number {number})</title>
<link>https://ashgrove.example/{day[:4]}/{day[5:7]}/{slug}/</link>
<dc:creator><![CDATA[{"mara" if number % 2 else "tobin"}]]></dc:creator>
<content:encoded><![CDATA[{post_body(rng, number)}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{number}</wp:post_id>
<wp:post_date><![CDATA[{day} 09:30:00]]></wp:post_date>
<wp:post_date_gmt><![CDATA[{day} 08:30:00]]></wp:post_date_gmt>
<wp:post_name><![CDATA[{slug if status == "publish" else ""}]]></wp:post_name>
<wp:status><![CDATA[{status}]]></wp:status>
<wp:post_type><![CDATA[{kind}]]></wp:post_type>
<category domain="category" nicename="{category.lower()}"><![CDATA[{category}]]></category>
{tags}{comments}
</item>
""")
            if number % 5 == 0:
                out.write(f"""<item><title>photo-{number}</title>
<wp:post_id>{100000 + number}</wp:post_id><wp:post_type><![CDATA[attachment]]></wp:post_type>
<wp:status><![CDATA[inherit]]></wp:status>
<wp:attachment_url>https://ashgrove.example/wp-content/uploads/{number}.jpg</wp:attachment_url>
</item>
""")
        out.write("</channel>\n</rss>\n")


CHILD = """
import json, sys, time
from pathlib import Path


def peak_mb():
    # VmHWM starts afresh at exec; ru_maxrss would keep the parent's peak at fork.
    status = Path("/proc/self/status").read_text().splitlines()
    return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024


start = time.perf_counter()
from customer_evidence.importing.importer import Options, run_import
from customer_evidence.tools.project import Project
project = Project.at(Path(sys.argv[1]))
site = Path(sys.argv[2])
settings = dict(project.settings, PATH=str(site / "site"))
options = Options((Path(sys.argv[3]),), site / "site" / "articles", site / "site" / "pages",
                  settings, site, redirects=site / "redirects.csv", infer=sys.argv[4] == "1")
begun = time.perf_counter()
outcome = run_import(options)
done = time.perf_counter()
print(json.dumps({"import_s": done - begun, "child_s": done - start,
                  "written": len(outcome.written), "why_no_questions": outcome.inference,
                  "questions": sum(d.question is not None for r in outcome.reports
                                   for d in r.drafts),
                  "peak_mb": peak_mb()}))
"""


def write_bank(path: Path, questions: int = 60, seed: int = 16) -> None:
    """A question bank of the firm's customers' questions, some of which posts answer."""
    rng = random.Random(seed)
    entries = []
    for number in range(questions):
        first, second = rng.sample(WORDS, 2)
        entries.append(f"- id: q-{number}\n  question: How long does a {first} {second} "
                       f"take to fit?\n  topic: other\n  stage: consideration\n")
    path.write_text("\n".join(entries), encoding="utf-8")


def run(posts: int, workdir: Path, infer: bool = True) -> dict:
    """Generate the export and a bank, import it in a child process, return the figures."""
    export = workdir / "export.xml"
    write_wxr(export, posts)
    site = workdir / "import-site"
    (site / "site").mkdir(parents=True, exist_ok=True)
    write_bank(site / "site" / "questions.yml")
    started = time.perf_counter()
    command = [sys.executable, "-c", CHILD, str(REPO_ROOT), str(site), str(export),
               "1" if infer else "0"]
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO_ROOT)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["wall_s"] = time.perf_counter() - started
    figures["export_mb"] = export.stat().st_size / 1e6
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--no-questions", action="store_true",
                        help="leave out the bank's question inference")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        figures = run(args.posts, args.workdir or Path(scratch), not args.no_questions)
    print(f"import of {args.posts} WordPress posts ({figures['export_mb']:.1f} MB export): "
          f"{figures['import_s']:.1f} s importing, {figures['child_s']:.1f} s in all "
          f"(start-up and model load included), {figures['written']} drafts written "
          f"({figures['questions']} with a question filled in"
          f"{'; ' + figures['why_no_questions'] if figures['why_no_questions'] else ''}), "
          f"peak RSS {figures['peak_mb']:.0f} MB (targets: 20 s, 300 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
