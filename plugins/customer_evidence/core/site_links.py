"""Which links of a page stay on the site, and which built file serves each. Pure.

Shared by content_guard's link check (before anything is written) and `invoke
links` (which crawls what was written), so both count the same links as internal:

- relative links (`../x/`, `x.html`), resolved from the page's URL;
- root-relative links (`/x/`), under SITEURL's path (`/blog/x/` for a site at
  https://example.com/blog);
- absolute http(s) links to SITEURL's host (and `//host/...`).

mailto:, tel:, javascript:, data:, other schemes and other hosts are external. A
URL ending in `/` is served by its `index.html`; one without is its file, or the
folder's `index.html` (servers redirect a folder to its slash).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Container
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Address:
    """Where the site lives: SITEURL's path (always ending in '/') and host."""

    prefix: str = "/"
    host: str = ""


def address_of(siteurl: str) -> Address:
    """The Address of a SITEURL ('' while developing: root-relative links)."""
    parts = urlsplit(siteurl or "")
    path = parts.path.strip("/")
    return Address(f"/{path}/" if path else "/", parts.netloc.lower())


def internal_path(href: str, page_url: str, address: Address) -> tuple[str | None, str] | None:
    """(the path under the site's root, or None for the page itself; the fragment,
    decoded) of an internal link; None for an external one or a bare query."""
    href = href.strip()
    if not href or href.startswith("?"):
        return None
    parts = urlsplit(href)
    if href.startswith("//") or _SCHEME.match(href):
        if parts.scheme not in ("", "http", "https") or not address.host:
            return None
        if parts.netloc.lower() != address.host:
            return None
        path = parts.path or "/"
    else:
        path = parts.path
    fragment = unquote(parts.fragment)
    if not path:
        return None, fragment
    if path.startswith("/"):
        if path.startswith(address.prefix):
            path = path[len(address.prefix):]
        elif path == address.prefix.rstrip("/"):
            path = ""
        else:
            return None  # another site on the same host
    else:
        path = urljoin("/" + page_url.lstrip("/"), path)[1:]
    return unquote(path), fragment


def output_file(path: str, outputs: Container[str]) -> str | None:
    """The built file (relative to the output folder) that serves a site path, if any."""
    if path:
        folder = path.endswith("/")
        path = posixpath.normpath(path).lstrip("/")
        path = "" if path == "." else path + ("/" if folder else "")
    candidates = ([path + "index.html"] if not path or path.endswith("/")
                  else [path, path + "/index.html"])
    return next((c for c in candidates if c in outputs), None)


def url_of(output: str) -> str:
    """The URL a built file is linked by: 'x/index.html' is 'x/'."""
    return output[: -len("index.html")] if output.endswith("index.html") else output
