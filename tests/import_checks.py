"""Checks shared by the import tests: what a reader sees of some HTML, and how this site's
Python-Markdown renders imported Markdown."""

from __future__ import annotations

import re

import markdown
from bs4 import BeautifulSoup

# What pelicanconf.py's MARKDOWN setting loads (meta only reads headers; not needed here).
EXTENSIONS = ["extra", "codehilite", "toc"]


def render(text: str, pygments: bool = True) -> BeautifulSoup:
    """Markdown rendered as the site renders it, parsed. Without Pygments, code blocks keep
    their language as a `language-x` class, which tests can read."""
    configs = {} if pygments else {"codehilite": {"use_pygments": False}}
    html = markdown.Markdown(extensions=EXTENSIONS, extension_configs=configs).convert(text)
    return BeautifulSoup(html, "lxml")


def visible_text(html: str) -> str:
    """The text a reader sees: scripts, styles, templates and comments left out,
    whitespace runs made one space."""
    soup = BeautifulSoup(html, "lxml")
    for el in soup.find_all(["script", "style", "noscript", "template", "head", "iframe"]):
        el.decompose()
    return re.sub(r"\s+", " ", soup.get_text(" ")).strip()
