"""Resized copies of an image for srcset, made with Pillow and kept in Pelican's cache.

Each copy is keyed by the file's content hash and its width, so a rebuild reads the
cache instead of resizing again, and a changed file gets new copies. The copies keep
the original's format (JPEG, PNG or WebP), are turned upright by their EXIF
orientation and carry no metadata (EXIF with its GPS position, XMP, IPTC, comments,
PNG text): photos say where and by whom they were taken. The colour profile is kept.
An original that carries such metadata also gets a copy of its own size without it,
which the plugin publishes in the original's place.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

VERSION = "2"  # bump when the copies change (quality, resampling): new cache keys
RESIZED = {"JPEG", "PNG", "WEBP"}  # formats published resized; others as they are
_SAVE = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True, "exif": b""},
    "PNG": {"compress_level": 9},  # as small as optimize=True, in two thirds of the time
    "WEBP": {"quality": 80, "method": 4, "exif": b"", "xmp": b""},
}
_MODES = {"JPEG": {"RGB", "L", "CMYK"}, "PNG": {"RGB", "RGBA", "L", "LA", "P", "1"},
          "WEBP": {"RGB", "RGBA"}}
# What Pillow reads from a file that says nothing about who made it, where or when.
_NOT_METADATA = {"dpi", "icc_profile", "gamma", "srgb", "chromaticity", "transparency", "jfif",
                 "jfif_version", "jfif_unit", "jfif_density", "progressive", "progression",
                 "adobe", "adobe_transform", "interlace", "aspect", "loop", "duration",
                 "background", "lossless"}
MAX_PIXELS = 64_000_000  # a larger image is refused rather than exhausting memory


class BadImage(Exception):
    """The file is not an image Pillow can read (damaged, truncated, not an image)."""


@dataclass(frozen=True)
class Variant:
    """One published copy: its width and height and where it is cached."""

    width: int
    height: int
    cached: Path


@dataclass(frozen=True)
class Picture:
    """An image file as published: its size (upright) and its copies, narrowest first."""

    width: int
    height: int
    format: str
    variants: tuple[Variant, ...]
    full: Path | None = None  # the whole image without metadata, to publish as the original


def chosen_widths(width: int, widths: tuple[int, ...]) -> list[int]:
    """The widths to publish for an image `width` wide: those narrower than it, and the
    image's own width when it is no wider than the widest asked for. Never upscaled."""
    chosen = {w for w in widths if w < width}
    if width <= max(widths):
        chosen.add(width)
    return sorted(chosen)


def scaled_height(width: int, height: int, new_width: int) -> int:
    """The height that keeps the proportions at `new_width`, at least one pixel."""
    return max(1, round(height * new_width / width))


def digest_of(path: Path) -> str:
    """The SHA-256 of a file's content."""
    sha = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


# prepare()'s results for the process, by the file's identity, size and times: an
# autoreloading build does not hash an unchanged image again.
_PREPARED: dict[tuple, Picture] = {}
_PREPARED_MAX = 20_000


def prepared(path: Path, widths: tuple[int, ...], cache: Path) -> Picture:
    """prepare(), remembered while the file's size, times and inode are unchanged and
    its copies are still in the cache."""
    stat = os.stat(path)
    key = (str(path), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns,
           stat.st_ctime_ns, tuple(widths), str(cache))
    known = _PREPARED.get(key)
    if known is None or not all(os.path.exists(v.cached) for v in known.variants) \
            or (known.full is not None and not os.path.exists(known.full)):
        known = prepare(path, widths, cache)
        if len(_PREPARED) >= _PREPARED_MAX:
            _PREPARED.clear()
        _PREPARED[key] = known
    return known


def prepare(path: Path, widths: tuple[int, ...], cache: Path) -> Picture:
    """The image at `path` with its copies made (or found in `cache`). BadImage if
    Pillow cannot read it."""
    digest = digest_of(path)
    key = f"{digest}-v{VERSION}"
    record = cache / key[:2] / f"{key}.json"
    known = _read_record(record)
    if known is None:
        known = _make(path, widths, cache / key[:2], key)
        _write_atomic(record, json.dumps(known).encode())
    else:
        names = [_name(key, w, known["format"]) for w, _ in known["variants"]]
        if known.get("full"):
            names.append(_name(key, "full", known["format"]))
        missing = [n for n in names if not (cache / key[:2] / n).exists()]
        wanted = chosen_widths(known["width"], widths) if known["format"] in RESIZED else []
        if missing or [w for w, _ in known["variants"]] != wanted:
            known = _make(path, widths, cache / key[:2], key)
            _write_atomic(record, json.dumps(known).encode())
    folder = cache / key[:2]
    full = folder / _name(key, "full", known["format"]) if known.get("full") else None
    return Picture(known["width"], known["height"], known["format"], tuple(
        Variant(w, h, folder / _name(key, w, known["format"])) for w, h in known["variants"]),
        full)


def _make(path: Path, widths: tuple[int, ...], folder: Path, key: str) -> dict:
    """Read the image fully and write its copies; its record for the cache."""
    try:
        with Image.open(path) as opened:
            fmt = opened.format or ""
            if opened.width * opened.height > MAX_PIXELS:
                raise BadImage(f"larger than {MAX_PIXELS // 1_000_000} million pixels")
            opened.load()
            image = ImageOps.exif_transpose(opened) or opened
            icc = opened.info.get("icc_profile")
            carries = bool(opened.getexif()) or any(k not in _NOT_METADATA for k in opened.info)
    except BadImage:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as error:
        raise BadImage(str(error) or type(error).__name__) from error
    record = {"width": image.width, "height": image.height, "format": fmt, "variants": [],
              "full": fmt in RESIZED and carries}
    if fmt not in RESIZED:
        return record
    if record["full"]:  # the original says who, where or when: published without it
        _write_atomic(folder / _name(key, "full", fmt), _encode(image, fmt, icc, full=True))
    for width in chosen_widths(image.width, widths):
        height = scaled_height(image.width, image.height, width)
        copy = image if width == image.width else image.resize(
            (width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        _write_atomic(folder / _name(key, width, fmt), _encode(copy, fmt, icc))
        record["variants"].append((width, height))
    return record


def _encode(image: Image.Image, fmt: str, icc: bytes | None, full: bool = False) -> bytes:
    """The image as `fmt` with no metadata but its colour profile; `full`: the copy
    published in the original's place, at a higher quality."""
    if image.mode not in _MODES[fmt]:
        has_alpha = "A" in image.mode or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha and fmt != "JPEG" else "RGB")
    clean = image.copy()
    clean.info = {}  # no EXIF, XMP, comments or text chunks carried over
    options = dict(_SAVE[fmt])
    if full and "quality" in options:
        options["quality"] = 90
    if icc:
        options["icc_profile"] = icc
    buffer = io.BytesIO()
    clean.save(buffer, fmt, **options)
    return buffer.getvalue()


def _name(key: str, width: int | str, fmt: str) -> str:
    return f"{key}-{width}.{fmt.lower()}"


def _read_record(path: Path) -> dict | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and "variants" in record else None


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a cache file whole or not at all (a build may be interrupted)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
