"""schema.org structured data for an article, shared by the plugins that add to it.

The theme serialises `article.structured_data` with Jinja's |tojson, which escapes
<, >, & and ' so no text can close the <script> element it sits in.
"""

from __future__ import annotations

import html
import re
from typing import Any

from customer_evidence.core.articles import build_token

_TAG_RE = re.compile(r"<[^>]+>")


def absolute_url(siteurl: str, url: str) -> str:
    """SITEURL joined with a site-relative URL."""
    return f"{siteurl.rstrip('/')}/{url.lstrip('/')}"


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment: tags dropped, entities decoded."""
    return html.unescape(_TAG_RE.sub("", fragment)).strip()


def blog_posting(article: Any, settings: dict, url: str | None = None) -> dict:
    """The article's BlogPosting; plugins add `about`, `citation` and so on.

    `url` is the article's site-relative URL when the caller already has it (Pelican
    works it out afresh on every `article.url`).
    """
    siteurl = settings.get("SITEURL", "")
    url = absolute_url(siteurl, article.url if url is None else url)
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": article.title,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article.date.isoformat(),
        "author": people(article, siteurl),
        "publisher": {"@type": "Organization", "name": settings.get("SITENAME", "")},
        "inLanguage": getattr(article, "lang", settings.get("DEFAULT_LANG", "en")),
    }
    modified = getattr(article, "modified", None)
    if modified:
        data["dateModified"] = modified.isoformat()
    if "summary" in article.metadata:
        data["description"] = plain_text(article.summary)
    og_image = getattr(article, "og_image", None)  # article_images: own image or card
    if og_image:
        data["image"] = image_object(og_image)
    return data


def image_object(og_image: dict) -> dict:
    """A schema.org ImageObject from an `article.og_image` (url, width, height)."""
    return {"@type": "ImageObject", "url": og_image["url"], "width": og_image["width"],
            "height": og_image["height"]}


def people(article: Any, siteurl: str) -> list[dict]:
    """The article's authors as Persons, with their profiles (`article.author_profiles`,
    by name, from author_profiles) when they have one."""
    profiles = getattr(article, "author_profiles", None) or {}
    return [person(a.name, profiles.get(a.name), siteurl) for a in getattr(article, "authors", [])]


def person(name: str, profile: dict | None, siteurl: str) -> dict:
    """A schema.org Person: the name, and a public profile's fields when there is one
    (customer_evidence.core.author_profiles.public)."""
    data = {"@type": "Person", "name": name}
    if not profile:
        return data
    if profile.get("page_url"):
        data["url"] = absolute_url(siteurl, profile["page_url"])
    if profile.get("role"):
        data["jobTitle"] = profile["role"]
    if profile.get("bio"):
        data["description"] = profile["bio"]
    if profile.get("photo"):
        data["image"] = absolute_url(siteurl, profile["photo"]["url"])
    links = [u for u in (profile.get("url"), *profile.get("same_as", ())) if u]
    if links:
        data["sameAs"] = links
    return data


def profile_page(name: str, profile: dict, siteurl: str) -> dict:
    """An author page's schema.org ProfilePage, its main entity the author's Person."""
    data = {"@context": "https://schema.org", "@type": "ProfilePage",
            "mainEntity": person(name, profile, siteurl)}
    if profile.get("page_url"):
        data["url"] = absolute_url(siteurl, profile["page_url"])
    return data


def structured_data(
    article: Any, settings: dict, context: dict, url: str | None = None
) -> dict:
    """The article's structured data for this build; the first plugin to ask creates it.

    An article can come from Pelican's content cache with last build's data; a
    key per build in the context tells the two apart.
    """
    build = build_token(context)
    if getattr(article, "structured_data_build", None) != build:
        article.structured_data = blog_posting(article, settings, url)
        article.structured_data_build = build
    return article.structured_data
