"""The site's logo (SITE_LOGO): where it is published and the size it is shown at."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image, UnidentifiedImageError

_SVG_SIZE = re.compile(r"""<svg\b[^>]*?\bviewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+"""
                       r"""(?P<w>[\d.]+)[\s,]+(?P<h>[\d.]+)""", re.IGNORECASE | re.DOTALL)
_SVG_ATTR = re.compile(r"""\b(?P<name>width|height)\s*=\s*["']\s*(?P<value>[\d.]+)(px)?\s*["']""")


def logo_file(value: str, content_root: Path, theme: Path, theme_static_dir: str
              ) -> tuple[Path, str] | None:
    """The logo's file and its URL path: under the content folder, else under the
    theme's static folder (published at THEME_STATIC_DIR)."""
    relative = value.strip().lstrip("/")
    if not relative or ".." in Path(relative).parts:
        return None
    in_content = content_root / relative
    if in_content.is_file():
        return in_content, relative
    in_theme = theme / "static" / relative
    if in_theme.is_file():
        return in_theme, f"{theme_static_dir.strip('/')}/{relative}"
    return None


def proportions(path: Path) -> tuple[float, float] | None:
    """The logo's own width and height (an SVG's viewBox or width and height)."""
    if path.suffix.lower() == ".svg":
        with open(path, "rb") as f:  # its head only: the file may be any size
            head = f.read(4096).decode("utf-8", errors="replace")
        if match := _SVG_SIZE.search(head):
            return float(match["w"]), float(match["h"])
        svg = head[head.find("<svg"):].split(">", 1)[0]
        sizes = {m["name"]: float(m["value"]) for m in _SVG_ATTR.finditer(svg)}
        return (sizes["width"], sizes["height"]) if len(sizes) == 2 else None
    try:
        with Image.open(path) as image:
            return float(image.width), float(image.height)
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def shown_size(own: tuple[float, float], height: int) -> tuple[int, int]:
    """The width and height the logo is shown at: `height` tall, in proportion."""
    width, own_height = own
    if width <= 0 or own_height <= 0:
        return height, height
    return max(1, round(height * width / own_height)), height
