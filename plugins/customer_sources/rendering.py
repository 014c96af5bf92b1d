"""How cited customer sources appear on the page: quote attributions and the list.

Quotes are rewritten on the rendered HTML with BeautifulSoup (lxml): the
"— source: <id>" line becomes a <footer> with the source's public attribution and
kind. Nothing else of the source is ever written; private fields never reach here.
"""

from __future__ import annotations

from html import escape

from bs4 import BeautifulSoup, NavigableString, Tag

from customer_evidence.core.source_registry import Registry, Source

from .detection import Quote, last_paragraph, quotes_in


def source_entry(source: Source) -> dict:
    """What the "Customer sources" list shows of a source: public fields only.

    An anonymised source shows its attribution and nothing that could lead back to
    the customer, so not its URL either.
    """
    return {
        "id": source.id,
        "kind": source.kind,
        "kind_label": source.label,
        "date": source.date.isoformat(),
        "date_label": source.date.strftime("%B %Y"),
        "attribution": source.attribution,
        "url": source.public_url,
    }


def attribute_quotes(content: str, quotes: list[tuple[Tag, Quote]], registry: Registry) -> str:
    """The content with each registered customer quote's source line made a footer.

    `quotes` come from detection.quotes_in(parse_blockquotes(content)). When the
    source line is a paragraph of its own (the usual case) that paragraph's HTML is
    replaced in place; otherwise the whole content is parsed and rewritten.
    """
    result, position = content, 0
    for blockquote, quote in quotes:
        source = registry.get(quote.source_id) if quote.kind == "customer" else None
        paragraph = last_paragraph(blockquote) if source else None
        if paragraph is None:
            continue
        old = str(paragraph)
        found = result.find(old, position)
        if found < 0 or paragraph.get_text().strip() != _attribution_text(paragraph):
            return _rewrite(content, registry)
        new = footer_html(source)
        result = result[:found] + new + result[found + len(old):]
        position = found + len(new)
    return result


def _attribution_text(paragraph: Tag) -> str:
    """The paragraph's last line, as text."""
    return paragraph.get_text().strip().rpartition("\n")[2].strip()


def _rewrite(content: str, registry: Registry) -> str:
    """attribute_quotes for any layout: parse the whole content and rebuild it."""
    soup = BeautifulSoup(content, "lxml")
    for blockquote, quote in quotes_in(soup):
        source = registry.get(quote.source_id) if quote.kind == "customer" else None
        paragraph = last_paragraph(blockquote) if source else None
        if paragraph is not None:
            _drop_last_line(paragraph)
            blockquote.append(BeautifulSoup(footer_html(source), "lxml").footer)
    body = soup.body or soup
    return "".join(str(child) for child in body.contents)


def _drop_last_line(paragraph: Tag) -> None:
    """Remove the paragraph's last line (after its last <br> or newline); drop it if empty."""
    for child in reversed(list(paragraph.contents)):
        if isinstance(child, Tag):
            child.extract()
            if child.name == "br":
                break
            continue
        head, newline, _ = str(child).rstrip().rpartition("\n")
        if newline:
            child.replace_with(NavigableString(head))
            break
        child.extract()
    if not paragraph.get_text().strip():
        paragraph.decompose()


def footer_html(source: Source) -> str:
    """The footer a registered customer quote ends with: public attribution and kind."""
    kind = f"{source.label}, {source.date.strftime('%B %Y')}"
    return (f'<footer class="quote-source">— <cite>{escape(source.attribution)}</cite>, '
            f'<span class="quote-kind">{escape(kind)}</span></footer>')
