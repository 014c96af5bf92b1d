"""Imported HTML becomes Markdown that this site renders as the original read: code, tables,
images, links and text kept; scripts, trackers and raw HTML gone (html_markdown.py)."""

from __future__ import annotations

import re

import pytest
from import_checks import render, visible_text

from customer_evidence.importing.html_markdown import html_to_markdown, text_to_markdown


def rendered(html: str, pygments: bool = True):
    markdown, _ = html_to_markdown(html)
    return render(markdown, pygments=pygments)


def text_of(soup) -> str:
    return re.sub(r"\s+", " ", soup.get_text(" ")).strip()


ARTICLE = """<html><head><title>t</title><style>p{color:red}</style></head><body>
<article>
  <h1>Moving a shop to a new till</h1>
  <p>We moved <strong>three</strong> shops in <em>one</em> week, e.g. Leeds &amp; York.
     Prices went from &pound;5 to &pound;7 &mdash; see <a href="/pricing/">pricing</a>.</p>
  <h2>What went wrong</h2>
  <ul>
    <li>The card reader <code>COM3</code> port</li>
    <li>Staff training
      <ol><li>first day</li><li>second day</li></ol>
    </li>
  </ul>
  <blockquote><p>It took longer than we hoped.</p></blockquote>
  <p>Call us on 0113 496 0000.<br>We answer within a day.</p>
  <hr>
  <p>Costs: 100% of the budget; 2 &lt; 3 and 5 &gt; 4.</p>
</article>
<script>track()</script>
</body></html>"""


def test_an_ordinary_article_reads_the_same_after_conversion():
    assert text_of(rendered(ARTICLE)) == visible_text(ARTICLE)


def test_headings_lists_quotes_and_breaks_keep_their_structure():
    markdown, _ = html_to_markdown(ARTICLE)
    soup = render(markdown)
    assert [h.name for h in soup.find_all(re.compile("^h[1-6]$"))] == ["h1", "h2"]
    assert markdown.startswith("# Moving a shop")
    nested = soup.find("ul").find("ol")
    assert [li.get_text() for li in nested.find_all("li")] == ["first day", "second day"]
    assert soup.find("blockquote").get_text(strip=True) == "It took longer than we hoped."
    assert soup.find("br") is not None and soup.find("hr") is not None
    assert "\n\n\n" not in markdown
    trailing = [line for line in markdown.split("\n") if line.endswith(" ")]
    assert trailing == ["Call us on 0113 496 0000.  "]


@pytest.mark.parametrize(
    ("html", "language"),
    [
        ('<pre><code class="language-python">{}</code></pre>', "python"),
        ('<pre><code class="lang-ruby">{}</code></pre>', "ruby"),
        ('<pre class="brush: js; gutter: false">{}</pre>', "js"),
        ('<div class="highlight highlight-source-shell"><pre>{}</pre></div>', "shell"),
        ('<pre data-lang="go"><code>{}</code></pre>', "go"),
        ('<pre class="wp-block-code"><code lang="bash" class="language-bash">{}</code></pre>',
         "bash"),
        ('<pre class="wp-block-code"><code>{}</code></pre>', None),
    ],
)
def test_code_blocks_keep_their_exact_text_and_language(html, language):
    code = 'def f(x):\n    if x:\n\n        return "```" + `x`\n\t<b>not bold</b> &amp;'
    source = html.format(code.replace("&", "&amp;").replace("<", "&lt;"))
    soup = rendered("<p>Before</p>" + source + "<p>After</p>", pygments=False)
    block = soup.find("pre").find("code")
    assert block.get_text() == code.replace("\t", "    ") + "\n"
    assert block.get("class") == ([f"language-{language}"] if language else None)
    assert [p.get_text() for p in soup.find_all("p")] == ["Before", "After"]


def test_highlighted_code_inside_a_list_keeps_its_text():
    html = ('<ul><li>Run it:<pre><code class="language-sh">make\n\nmake test</code></pre>'
            "</li><li>done</li></ul>")
    soup = rendered(html, pygments=False)
    code = soup.find("li").find("code")
    assert code.get_text() == "make\n\nmake test\n"
    assert code.get("class") == ["language-sh"]
    assert [li.get_text(" ", strip=True)[:6] for li in soup.find_all("li")] == ["Run it", "done"]


def test_inline_code_with_backticks_and_markup_stays_code():
    soup = rendered("<p>Use <code>a `b` c</code> or <code>&lt;br&gt;*x*</code> here.</p>")
    assert [c.get_text() for c in soup.find_all("code")] == ["a `b` c", "<br>*x*"]
    assert soup.find("br") is None and soup.find("em") is None


def test_tables_become_markdown_tables_with_first_row_as_header():
    html = ("<table><tr><td>Plan</td><td>Price</td></tr>"
            "<tr><td>Basic <b>tier</b></td><td>£5 | month</td></tr>"
            "<tr><td>Pro</td><td><a href='/pro'>£9</a></td></tr></table>")
    markdown, notes = html_to_markdown(html)
    soup = render(markdown)
    assert [th.get_text() for th in soup.find("thead").find_all("th")] == ["Plan", "Price"]
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.tbody.find_all("tr")]
    assert rows == [["Basic tier", "£5 | month"], ["Pro", "£9"]]
    assert soup.tbody.find("a")["href"] == "/pro"
    assert notes == []


def test_a_table_with_thead_keeps_its_header():
    html = ("<table><thead><tr><th>A</th><th>B</th></tr></thead>"
            "<tbody><tr><td>1</td><td>2</td></tr></tbody></table>")
    soup = rendered(html)
    assert [th.get_text() for th in soup.find_all("th")] == ["A", "B"]
    assert [td.get_text() for td in soup.find_all("td")] == ["1", "2"]


def test_merged_cells_are_repeated_and_noted():
    html = ("<table><tr><th>Day</th><th>Shop</th></tr>"
            "<tr><td rowspan='2'>Monday</td><td>Leeds</td></tr><tr><td>York</td></tr>"
            "<tr><td colspan='2'>Closed</td></tr></table>")
    markdown, notes = html_to_markdown(html)
    soup = render(markdown)
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.tbody.find_all("tr")]
    assert rows == [["Monday", "Leeds"], ["Monday", "York"], ["Closed", "Closed"]]
    assert any("merged cells" in n.message for n in notes)


def test_a_table_with_lists_in_cells_is_flattened_with_a_note():
    html = ("<table><tr><th>Plan</th><th>Features</th></tr><tr><td>Basic</td>"
            "<td><ul><li>one till</li><li>email</li></ul></td></tr></table>")
    markdown, notes = html_to_markdown(html)
    soup = render(markdown)
    assert soup.find("table") is None
    assert [li.get_text() for li in soup.find_all("li")] == ["one till", "email"]
    assert "Plan: Basic" in text_of(soup)
    assert any("flattened" in n.message for n in notes)


def test_images_figures_and_links_keep_address_alt_title_and_caption():
    html = ('<figure><img src="/img/till.png" alt="The new [till]" title="Our \'new\' till">'
            "<figcaption>The till in <em>Leeds</em></figcaption></figure>"
            '<p>See <a href="../guide.html#setup" title="Setup guide">the guide</a> or '
            '<a href="https://example.com/a b">this</a>.</p>')
    soup = rendered(html)
    img = soup.find("img")
    assert (img["src"], img["alt"], img["title"]) == (
        "/img/till.png", "The new [till]", "Our 'new' till")
    paragraphs = soup.find_all("p")
    assert paragraphs[0].find("img") is not None
    assert paragraphs[1].get_text() == "The till in Leeds"
    links = soup.find_all("a")
    assert (links[0]["href"], links[0]["title"]) == ("../guide.html#setup", "Setup guide")
    assert links[1]["href"] == "https://example.com/a%20b"


def test_unsafe_addresses_are_dropped_text_kept_and_noted():
    html = ('<p><a href="javascript:alert(1)">one</a> <a href=" JaVa&#x09;Script:x">two</a> '
            '<a href="data:text/html,x">three</a> <a href="vbscript:x">four</a>'
            '<img src="data:image/png;base64,AAAA" alt="inline image"></p>')
    markdown, notes = html_to_markdown(html)
    soup = render(markdown)
    assert soup.find("a") is None and soup.find("img") is None
    assert text_of(soup) == "one two three fourinline image"
    assert len(notes) == 5


def test_scripts_styles_forms_and_comments_are_gone_and_counted():
    html = ("<p>Text</p><script>a()</script><script src='x.js'></script><style>p{}</style>"
            "<noscript>enable js</noscript><template><p>t</p></template><!-- secret -->"
            "<form action='/s'><label>Name</label><input name='n'><button>Go</button></form>"
            "<object data='x.swf'>fallback</object><embed src='y.swf'><p>End</p>")
    markdown, notes = html_to_markdown(html)
    soup = render(markdown)
    assert text_of(soup) == "Text Name End"
    assert "secret" not in markdown and "enable js" not in markdown
    messages = " ".join(n.message for n in notes)
    assert "2 <script>" in messages and "1 <object>" in messages and "1 <form>" in messages


@pytest.mark.parametrize(
    "pixel",
    [
        '<img src="https://pixel.wp.com/g.gif?blog=1" alt="">',
        '<img src="https://stats.wp.com/x.png">',
        '<img src="https://medium.com/_/stat?event=post">',
        '<img src="https://www.google-analytics.com/collect?v=1">',
        '<img src="https://www.facebook.com/tr?id=1">',
        '<img src="https://ad.doubleclick.net/ddm/x">',
        '<img src="https://example.com/t/pixel.gif">',
        '<img src="/photo.jpg" width="1" height="1">',
        '<img src="/photo.jpg" style="display: none">',
        '<img src="/photo.jpg" style="visibility:hidden">',
    ],
)
def test_tracking_pixels_are_dropped(pixel):
    markdown, notes = html_to_markdown(f"<p>Hello {pixel} world</p><img src='/kept.png'>")
    soup = render(markdown)
    assert [img["src"] for img in soup.find_all("img")] == ["/kept.png"]
    assert any("tracking pixel" in n.message for n in notes)


def test_known_iframes_become_links_and_others_are_dropped():
    html = ('<iframe src="https://www.youtube.com/embed/abc" title="Demo video"></iframe>'
            '<iframe src="http://player.vimeo.com/video/1"></iframe>'
            '<iframe src="https://ads.example/frame"></iframe>')
    markdown, notes = html_to_markdown(html)
    soup = render(markdown)
    links = soup.find_all("a")
    assert [(a["href"], a.get_text()) for a in links] == [
        ("https://www.youtube.com/embed/abc", "Demo video")]
    assert soup.find("iframe") is None
    assert any("youtube.com" in n.message for n in notes)
    assert any("2 <iframe>" in n.message for n in notes)


def test_text_that_looks_like_markdown_stays_literal():
    html = ("<p>*not emphasis* and _nor this_ and snake_case_name, e.g. 3 * 4.</p>"
            "<p>1. not a list</p><p># not a heading</p><p>- not a bullet</p>"
            "<p>[not](a link) `not code` {: .no-attr} &gt; not a quote</p>"
            "<p>first<br>=====</p><p>back\\slash | pipe ~~~ tildes : colon</p>")
    markdown, _ = html_to_markdown(html)
    soup = render(markdown)
    assert soup.find(["em", "strong", "ol", "ul", "h1", "h2", "a", "code", "blockquote"]) is None
    assert text_of(soup) == visible_text(html)
    assert "e.g." in markdown and "snake_case_name" in markdown


HOSTILE = [
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
    "<p>&#60;img src=x onerror=alert(1)&#62;</p>",
    "<scr<script>ipt>alert(1)</script>",
    "<p><b><i>unclosed <script>alert(1)</script><div onclick='x()'>div",
    "<img src=x onerror=alert(1)>",
    "<img src='ok.png' alt='a\" onerror=\"alert(1)'>",
    "<a href='x\" onclick=\"alert(1)'>q</a>",
    "<a href='/p' title='\"><script>alert(1)</script>'>t</a>",
    "<a href='jav&#x09;ascript:alert(1)'>t</a>",
    "<a href='&#106;avascript:alert(1)'>t</a>",
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    "<p>[x](javascript:alert(1)) ![y](javascript:alert(1)) &lt;javascript:alert(1)&gt;</p>",
    "<a href='https://ok.example/'>[x](javascript:alert(1))</a>",
    "<p>&lt;a href=\"javascript:alert(1)\" onclick=\"x\"&gt;x&lt;/a&gt;</p>",
    "<code>&lt;/code&gt;&lt;script&gt;alert(1)&lt;/script&gt;</code>",
    "<pre>```\n&lt;script&gt;alert(1)&lt;/script&gt;\n```</pre>",
    "<table><tr><td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"
    "<td onclick='x'>a|b</td></tr></table>",
    "<ul><li>&lt;iframe src=javascript:alert(1)&gt;<pre>&lt;script&gt;</pre></li></ul>",
    "<p>&lt;!-- --&gt;&lt;script&gt;x&lt;/script&gt; &lt;?php ?&gt; &lt;![CDATA[x]]&gt;</p>",
    "<iframe src='javascript:alert(1)'></iframe><embed src='x'><p>after</p>",
    "<p>\\<b>x</b>\\&lt;script&gt;</p>",
    "<p>`</p><p>&lt;script&gt;</p><p>`</p>",
    "<style>a{}</style><p style='background:url(javascript:alert(1))'>s</p>",
]


@pytest.mark.parametrize("html", HOSTILE)
def test_hostile_input_renders_no_active_html(html):
    markdown, _ = html_to_markdown(html)
    soup = render(markdown)
    assert soup.find(["script", "iframe", "svg", "math", "object", "embed", "style"]) is None
    for el in soup.find_all(True):
        assert not [a for a in el.attrs if a.lower().startswith("on")], el
        for attr in ("href", "src", "style"):
            value = re.sub(r"\s", "", str(el.get(attr, ""))).lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), el
            assert "javascript:" not in value or attr == "title", el


WRAPPERS = ["<ul><li>x {}</li></ul>", "<blockquote>{}</blockquote>", "<h2>{}</h2>",
            "<table><tr><th>h</th></tr><tr><td>{}</td></tr></table>", "<a href='/x'>{}</a>",
            "<p><em>{}</em></p>", "<dl><dt>{}</dt><dd>{}</dd></dl>",
            "<ol><li><ul><li>{}</li></ul></li></ol>", "<strong><p>{}</p></strong>",
            "<blockquote><ul><li><blockquote>{}</blockquote></li></ul></blockquote>",
            "<figure>{}<figcaption>{}</figcaption></figure>",
            "<table><tr><td colspan='2'>{}</td></tr><tr><td>a</td><td>{}</td></tr></table>"]


@pytest.mark.parametrize("wrapper", WRAPPERS)
def test_hostile_input_inside_other_blocks_renders_no_active_html(wrapper):
    markdown, _ = html_to_markdown("".join(wrapper.format(h, h) for h in HOSTILE))
    soup = render(markdown)
    assert soup.find(["script", "iframe", "svg", "math", "object", "embed", "style"]) is None
    for el in soup.find_all(True):
        assert not [a for a in el.attrs if a.lower().startswith("on")], el
        for attr in ("href", "src"):
            assert "javascript:" not in str(el.get(attr, "")).lower(), el


def test_tag_like_text_shows_as_text():
    soup = rendered("<p>Type &lt;script&gt;alert(1)&lt;/script&gt; to test.</p>")
    assert soup.find("script") is None
    assert text_of(soup) == "Type <script>alert(1)</script> to test."


def test_headings_ending_in_a_hash_and_links_around_blocks_keep_their_text():
    html = ("<h2>Learning C#</h2><a href='/card'><div><h3>Card title</h3><p>Card text</p>"
            "</div></a><ul><li><p>loose item</p><ul><li>nested</li></ul></li><li>next</li></ul>")
    soup = rendered(html)
    assert soup.find("h2").get_text() == "Learning C#"
    assert [(a["href"], a.get_text()) for a in soup.find_all("a")] == [
        ("/card", "Card title Card text")]
    top = soup.find("ul")
    assert [li.get_text(" ", strip=True) for li in top.find_all("li", recursive=False)] == [
        "loose item nested", "next"]


def test_text_to_markdown_keeps_paragraphs_and_renders_as_written():
    text = ("First line\nsame paragraph *star* <b>tag</b> & co.\n\n\n"
            "1. Not a list\n# not heading\n\n  Last_one_ | end  \n")
    soup = render(text_to_markdown(text))
    paragraphs = [p.get_text() for p in soup.find_all("p")]
    assert paragraphs == ["First line same paragraph *star* <b>tag</b> & co.",
                          "1. Not a list # not heading", "Last_one_ | end"]
    assert soup.find(["b", "em", "ol", "h1"]) is None


def test_empty_input_gives_empty_markdown():
    assert html_to_markdown("") == ("", [])
    assert html_to_markdown("<script>x</script>")[0] == ""
    assert text_to_markdown("  \n\n ") == ""
