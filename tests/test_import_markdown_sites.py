"""The Jekyll and Hugo readers: front matter, file names, Liquid and shortcodes."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from customer_evidence.importing.markdown_sites import (
    HUGO_CONTENT,
    convert_liquid,
    convert_shortcodes,
    looks_like_hugo,
    looks_like_jekyll,
    read_hugo,
    read_jekyll,
)
from customer_evidence.importing.model import ImportFailed, ReadStats

CORPUS = Path(__file__).parent / "data" / "import_corpus"
JEKYLL = CORPUS / "jekyll"
HUGO = CORPUS / "hugo"
UTC1 = datetime.timezone(datetime.timedelta(hours=1))
UTC2 = datetime.timezone(datetime.timedelta(hours=2))


def _jekyll(stats=None):
    return {p.source: p for p in read_jekyll(JEKYLL, stats=stats)}


def _hugo(stats=None):
    return {p.source: p for p in read_hugo(HUGO, stats=stats)}


def test_jekyll_post_fields():
    stats = ReadStats()
    posts = _jekyll(stats)
    assert set(posts) == {"_posts/2018-11-20-winter-hours.markdown",
                          "_posts/2019-03-04-clay-bodies-explained.md",
                          "_posts/2020-01-15-price-rise.md", "_drafts/new-wheel-day.md"}
    post = posts["_posts/2019-03-04-clay-bodies-explained.md"]
    assert (post.format, post.body_format, post.kind) == ("jekyll", "markdown", "article")
    assert post.title == "Clay bodies explained"
    assert post.date == datetime.datetime(2019, 3, 4, 10, 30, tzinfo=UTC1)
    assert post.slug == "clay-bodies-explained"
    assert post.category == "guides" and post.tags == ["clay", "stoneware"]
    assert post.authors == ["Maren Holt"]
    assert post.summary == "Which clay for which kiln."
    assert post.status == "published"
    # Jekyll's default permalink, under the site's baseurl; redirect_from kept besides.
    assert post.old_url == "/blog/guides/2019/03/04/clay-bodies-explained.html"
    assert post.redirect_from == ["/old/clay.html"]
    assert post.origin == "jekyll:_posts/2019-03-04-clay-bodies-explained.md"
    assert stats.skipped == {"post not named YYYY-MM-DD-title": 1,
                             "page outside _posts/_drafts": 1}


def test_jekyll_dates_slugs_drafts_from_names_and_front_matter():
    posts = _jekyll()
    winter = posts["_posts/2018-11-20-winter-hours.markdown"]
    assert winter.date == datetime.datetime(2018, 11, 20)  # from the file name
    assert winter.old_url == "/blog/hours/winter/"  # its own permalink
    assert winter.status == "published"
    assert posts["_posts/2020-01-15-price-rise.md"].status == "draft"  # published: false
    assert posts["_posts/2020-01-15-price-rise.md"].old_url is None
    draft = posts["_drafts/new-wheel-day.md"]
    assert draft.status == "draft" and draft.slug == "new-wheel-day" and draft.date is None
    assert draft.title == "New wheel day"
    assert draft.body.strip() == "We are getting a second wheel."


def test_jekyll_liquid_converted_or_reported_with_its_line():
    post = _jekyll()["_posts/2019-03-04-clay-bodies-explained.md"]
    body = post.body
    assert "![Stoneware samples](/images/samples.jpg)" in body
    assert "[our kiln guide](/kilns/)" in body
    assert "[last year’s note](/blog/hours/winter/)" in body  # post_url: its old address
    assert "```python\ndef cone(temp):\n    return temp // 100\n```" in body
    assert "```\nplain fence, no language\n```" in body
    assert "| Buff | 6    |" in body
    assert "Write {{ price }} in the template." in body and "{% raw %}" not in body
    assert "{% include signup.html %}" in body  # left visible...
    lines = (JEKYLL / "_posts" / "2019-03-04-clay-bodies-explained.md").read_text().split("\n")
    include = next(n for n in post.notes if "include" in n.message)
    assert include.level == "warning"  # ...and reported at its line in the file
    assert "{% include" in lines[include.line - 1]
    post_url = next(n for n in post.notes if "post_url" in n.message)
    assert "post_url" in lines[post_url.line - 1] and post_url.level == "info"
    assert "โ€œfitsโ€" in body  # mojibake handed on for the pipeline to repair
    assert "<script" in body  # raw HTML handed on: the pipeline drops scripts


def test_liquid_unit_cases():
    body, notes = convert_liquid("a {{ site.url }}{{ site.baseurl }}/x\n{{ page.title }}\n"
                                 "{% post_url 2001-02-03-gone %}", first_line=5)
    assert body == "a /x\n{{ page.title }}\n/2001/02/03/gone.html"
    assert [(n.line, n.level) for n in notes] == [(6, "warning"), (7, "warning")]


def test_hugo_post_fields_and_skips():
    stats = ReadStats()
    posts = _hugo(stats)
    assert set(posts) == {f"{HUGO_CONTENT}/{name}" for name in (
        "about.md", "notes/opening-hours.md", "posts/clay.md", "posts/kiln-bundle/index.md")}
    post = posts[f"{HUGO_CONTENT}/posts/kiln-bundle/index.md"]
    assert (post.format, post.body_format, post.kind) == ("hugo", "markdown", "article")
    assert post.title == "Loading a kiln"
    assert post.slug == "kiln-bundle"  # a page bundle is named by its folder
    assert post.date == datetime.datetime(2022, 6, 1, 8, 0, tzinfo=UTC2)
    assert post.modified == datetime.datetime(2022, 6, 3)
    assert post.tags == ["kilns", "safety"] and post.category == "guides"
    assert post.authors == ["Maren Holt"]
    assert post.summary == "Shelves, posts and the air gap."
    assert post.old_url == "/posts/kiln-bundle/"
    assert post.redirect_from == ["/2022/06/loading/"]
    assert stats.skipped == {"section page (_index.md)": 2,
                             "not Markdown (bundle resource or other file)": 1}
    assert posts[f"{HUGO_CONTENT}/posts/clay.md"].status == "draft"
    assert posts[f"{HUGO_CONTENT}/posts/clay.md"].slug == "clay-notes"
    assert posts[f"{HUGO_CONTENT}/posts/clay.md"].old_url is None
    assert posts[f"{HUGO_CONTENT}/notes/opening-hours.md"].old_url == "/hours/"
    about = posts[f"{HUGO_CONTENT}/about.md"]
    assert about.kind == "page" and about.title == "About Fernhill" and about.old_url == "/about/"


def test_hugo_shortcodes_converted():
    body = _hugo()[f"{HUGO_CONTENT}/posts/kiln-bundle/index.md"].body
    assert "![Kiln shelves](shelves.jpg)\n\n*Three shelves, one air gap*" in body
    assert "(https://www.youtube.com/watch?v=dQw4w9WgXcQ)" in body
    assert "(https://vimeo.com/123456)" in body
    assert "(https://gist.github.com/marenholt/0badc0de)" in body
    assert "(https://twitter.com/fernhill/status/1234567890)" in body
    assert "(https://x.com/fernhill/status/99)" in body
    assert "```toml\ncone = 6\n```" in body
    assert "[the clay guide](/posts/clay/)" in body
    assert "Show the code: {{< youtube abc >}}" in body  # an escaped shortcode shown as is
    assert "{{< figure" not in body and "{{< youtube dQw" not in body
    assert "Loading a kilnStart" in body and "itโ€™s" in body  # repair is the pipeline's


def test_hugo_other_shortcodes_left_visible_and_reported_with_line():
    post = _hugo()[f"{HUGO_CONTENT}/posts/kiln-bundle/index.md"]
    lines = (HUGO / HUGO_CONTENT / "posts" / "kiln-bundle" / "index.md").read_text().split("\n")
    assert "{{% notice warning %}}\nNever open a hot kiln.\n{{% /notice %}}" in post.body
    assert "{{< glaze-chart >}}" in post.body
    warnings = [n for n in post.notes if n.level == "warning"]
    assert [lines[n.line - 1] for n in warnings] == ["{{% notice warning %}}",
                                                     "{{< glaze-chart >}}"]
    ref = next(n for n in post.notes if "ref" in n.message)
    assert ref.level == "info" and "ref" in lines[ref.line - 1]


def test_shortcode_unit_cases():
    body, notes = convert_shortcodes('{{< figure src="/a.png" >}}\n{{< tweet 42 >}}\n'
                                     '{{< youtube id="v1" title="Tour" >}}', first_line=3)
    assert body == ("![](/a.png)\n[Post on X](https://twitter.com/i/status/42)\n"
                    "[Tour](https://www.youtube.com/watch?v=v1)")
    assert notes == []


def test_sniffing():
    assert looks_like_jekyll(JEKYLL) and not looks_like_hugo(JEKYLL)
    assert looks_like_hugo(HUGO) and not looks_like_jekyll(HUGO)
    assert looks_like_jekyll(JEKYLL / "_posts" / "2019-03-04-clay-bodies-explained.md")
    assert looks_like_hugo(HUGO / HUGO_CONTENT / "posts" / "kiln-bundle" / "index.md")
    assert not looks_like_hugo(CORPUS / "plain" / "notes" / "spring.md")


def test_single_files():
    [jekyll] = read_jekyll(JEKYLL / "_posts" / "2019-03-04-clay-bodies-explained.md")
    assert jekyll.old_url == "/blog/guides/2019/03/04/clay-bodies-explained.html"
    [hugo] = read_hugo(HUGO / HUGO_CONTENT / "posts" / "kiln-bundle" / "index.md")
    assert hugo.slug == "kiln-bundle" and hugo.old_url == "/posts/kiln-bundle/"


def test_bad_front_matter_names_file_and_line(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(HUGO, site)
    (site / HUGO_CONTENT / "posts" / "broken.md").write_text(
        '+++\ntitle = "Broken"\ndate = \n+++\nBody\n')
    with pytest.raises(ImportFailed, match=rf"{HUGO_CONTENT}/posts/broken.md: line \d+: TOML"):
        list(read_hugo(site))
    blog = tmp_path / "blog-src"
    (blog / "_posts").mkdir(parents=True)
    (blog / "_posts" / "2020-01-01-x.md").write_text("---\ntitle: [a, b]\n---\nBody\n")
    with pytest.raises(ImportFailed, match=r"_posts/2020-01-01-x.md: line 2: .*'title'"):
        list(read_jekyll(blog))
