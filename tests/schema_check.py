"""A small schema check for the JSON-LD the site emits.

Covers the types the theme and plugins write (BlogPosting, BreadcrumbList, ListItem,
CollectionPage, ItemList, Question, CreativeWork, Person, Organization, ProfilePage,
ImageObject)
with the properties schema.org and Google's structured data guidelines require:
@context https://schema.org, names non-empty, list positions 1..n in order, URLs
absolute in publish builds (root-relative allowed while SITEURL is ""), dates in
ISO 8601. A type it does not know is a problem too: a new one needs its check here.

    problems = check(json.loads(script.string), absolute=True)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

CONTEXT = "https://schema.org"
URL_KEYS = ("url", "item", "mainEntityOfPage", "contentUrl", "image", "logo", "sameAs")


def check(data: Any, absolute: bool) -> list[str]:
    """Every problem of one JSON-LD block (a dict, or a list of them)."""
    blocks = data if isinstance(data, list) else [data]
    problems = []
    for n, block in enumerate(blocks):
        where = f"[{n}]" if isinstance(data, list) else "$"
        if not isinstance(block, dict):
            problems.append(f"{where}: a JSON-LD block must be an object")
            continue
        if block.get("@context") != CONTEXT:
            problems.append(f"{where}: @context is {block.get('@context')!r}, not {CONTEXT!r}")
        problems += _node(block, where, absolute)
    return problems


def _node(node: dict, where: str, absolute: bool) -> list[str]:
    kind = node.get("@type")
    checker = CHECKS.get(kind) if isinstance(kind, str) else None
    if checker is None:
        return [f"{where}: unknown @type {kind!r} (add a check to tests/schema_check.py)"]
    if "@context" in node and node["@context"] != CONTEXT and where != "$":
        return [f"{where}: nested @context {node['@context']!r}"]
    problems = checker(node, where, absolute)
    for key in URL_KEYS:
        values = node.get(key)
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str):
                problems += _url(value, f"{where}.{key}", absolute)
    for key, value in node.items():
        for i, child in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(child, dict):
                path = f"{where}.{key}" + (f"[{i}]" if isinstance(value, list) else "")
                problems += _node(child, path, absolute)
    return problems


def _url(value: str, where: str, absolute: bool) -> list[str]:
    if value.startswith(("https://", "http://")) and len(value.split("/")[2]) > 0:
        return []
    if not absolute and value.startswith("/") and not value.startswith("//"):
        return []
    need = "an absolute http(s) URL" if absolute else "an http(s) or root-relative URL"
    return [f"{where}: {value!r} is not {need}"]


def _text(node: dict, key: str, where: str) -> list[str]:
    value = node.get(key)
    if not isinstance(value, str) or not value.strip():
        return [f"{where}: {node.get('@type')} needs a non-empty {key!r}"]
    return []


def _date(node: dict, key: str, where: str, required: bool) -> list[str]:
    value = node.get(key)
    if value is None:
        return [f"{where}: {node['@type']} needs {key!r}"] if required else []
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return [f"{where}.{key}: {value!r} is not an ISO 8601 date"]
    return []


def _positions(elements: Any, where: str, kind: str) -> list[str]:
    """itemListElement: a list of ListItem, positions 1..n consecutive."""
    if not isinstance(elements, list):
        return [f"{where}: {kind} needs an itemListElement list"]
    problems = [f"{where}.itemListElement[{i}]: not a ListItem" for i, e in enumerate(elements)
                if not isinstance(e, dict) or e.get("@type") != "ListItem"]
    positions = [e.get("position") for e in elements if isinstance(e, dict)]
    if positions != list(range(1, len(elements) + 1)):
        problems.append(f"{where}: {kind} positions are {positions}, not 1..{len(elements)}")
    return problems


def _blog_posting(node: dict, where: str, absolute: bool) -> list[str]:
    problems = _text(node, "headline", where) + _date(node, "datePublished", where, True)
    problems += _date(node, "dateModified", where, False)
    if "url" not in node:
        problems.append(f"{where}: BlogPosting needs 'url'")
    authors = node.get("author")
    if authors is not None and not isinstance(authors, (list, dict)):
        problems.append(f"{where}.author: must be a Person or Organization, or a list of them")
    return problems


def _breadcrumb_list(node: dict, where: str, absolute: bool) -> list[str]:
    elements = node.get("itemListElement")
    problems = _positions(elements, where, "BreadcrumbList")
    if isinstance(elements, list):
        if not elements:
            problems.append(f"{where}: BreadcrumbList is empty")
        problems += [f"{where}.itemListElement[{i}]: a crumb needs 'item' (its URL)"
                     for i, e in enumerate(elements) if isinstance(e, dict) and not e.get("item")]
    return problems


def _list_item(node: dict, where: str, absolute: bool) -> list[str]:
    problems = _text(node, "name", where)
    position = node.get("position")
    if not isinstance(position, int) or isinstance(position, bool) or position < 1:
        problems.append(f"{where}: ListItem position {position!r} is not a whole number >= 1")
    if not node.get("url") and not node.get("item"):
        problems.append(f"{where}: ListItem needs 'url' or 'item'")
    return problems


def _item_list(node: dict, where: str, absolute: bool) -> list[str]:
    elements = node.get("itemListElement")
    problems = _positions(elements, where, "ItemList")
    if isinstance(elements, list):
        problems += [f"{where}.itemListElement[{i}]: an item needs 'url'"
                     for i, e in enumerate(elements) if isinstance(e, dict) and not e.get("url")]
        if "numberOfItems" in node and node["numberOfItems"] != len(elements):
            problems.append(f"{where}: numberOfItems {node['numberOfItems']!r} but "
                            f"{len(elements)} items")
    return problems


def _collection_page(node: dict, where: str, absolute: bool) -> list[str]:
    problems = _text(node, "name", where)
    if "url" not in node:
        problems.append(f"{where}: CollectionPage needs 'url'")
    main = node.get("mainEntity")
    if not isinstance(main, dict) or main.get("@type") != "ItemList":
        problems.append(f"{where}: CollectionPage's mainEntity must be an ItemList")
    return problems


def _profile_page(node: dict, where: str, absolute: bool) -> list[str]:
    main = node.get("mainEntity")
    if not isinstance(main, dict) or main.get("@type") != "Person":
        return [f"{where}: ProfilePage's mainEntity must be a Person"]
    return []


def _image(node: dict, where: str, absolute: bool) -> list[str]:
    if not node.get("url") and not node.get("contentUrl"):
        return [f"{where}: ImageObject needs 'url' or 'contentUrl'"]
    return []


def _named(node: dict, where: str, absolute: bool) -> list[str]:
    return _text(node, "name", where)


CHECKS: dict[str, Callable[[dict, str, bool], list[str]]] = {
    "BlogPosting": _blog_posting,
    "BreadcrumbList": _breadcrumb_list,
    "ListItem": _list_item,
    "ItemList": _item_list,
    "CollectionPage": _collection_page,
    "ProfilePage": _profile_page,
    "ImageObject": _image,
    "Question": _named,
    "CreativeWork": _named,  # a cited customer source
    "Person": _named,
    "Organization": _named,
}
