"""schema.org structured data for an article, shared by the plugins that add to it.

The theme serialises `article.structured_data` with Jinja's |tojson, which escapes
<, >, & and ' so no text can close the <script> element it sits in.
"""

from __future__ import annotations

import html
import re
from typing import Any

_TAG_RE = re.compile(r"<[^>]+>")


def absolute_url(siteurl: str, url: str) -> str:
    """SITEURL joined with a site-relative URL."""
    return f"{siteurl.rstrip('/')}/{url.lstrip('/')}"


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment: tags dropped, entities decoded."""
    return html.unescape(_TAG_RE.sub("", fragment)).strip()


def blog_posting(article: Any, settings: dict) -> dict:
    """The article's BlogPosting; plugins add `about`, `citation` and so on."""
    siteurl = settings.get("SITEURL", "")
    url = absolute_url(siteurl, article.url)
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": article.title,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article.date.isoformat(),
        "author": [{"@type": "Person", "name": a.name} for a in getattr(article, "authors", [])],
        "publisher": {"@type": "Organization", "name": settings.get("SITENAME", "")},
        "inLanguage": getattr(article, "lang", settings.get("DEFAULT_LANG", "en")),
    }
    modified = getattr(article, "modified", None)
    if modified:
        data["dateModified"] = modified.isoformat()
    if "summary" in article.metadata:
        data["description"] = plain_text(article.summary)
    return data


def structured_data(article: Any, settings: dict) -> dict:
    """The article's structured data, created on first use by whichever plugin asks."""
    if not getattr(article, "structured_data", None):
        article.structured_data = blog_posting(article, settings)
    return article.structured_data
