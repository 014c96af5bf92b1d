"""A fast lossless PNG of an RGB card.

Pillow filters each row of an RGB image adaptively, which costs more than the
compression itself and gains little on a card's flat colours. Here every row is
stored unfiltered (PNG filter type 0) and deflated at a low level: the same pixels
in under half the time of Pillow's level 6, for files 15-20 % larger.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np
from PIL import Image

SIGNATURE = b"\x89PNG\r\n\x1a\n"
LEVEL = 3  # zlib level: no slower than level 1 on cards, and 7 % smaller
NO_FILTER = b"\x00"  # the filter byte that starts each row


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def compressed_rows(image: Image.Image, level: int = LEVEL) -> bytes:
    """The zlib stream of the image's rows, each after a 0 byte (filter type none)."""
    width, height = image.size
    rows = np.frombuffer(image.tobytes(), dtype=np.uint8).reshape(height, 3 * width)
    filtered = np.empty((height, 3 * width + 1), dtype=np.uint8)
    filtered[:, 0] = NO_FILTER[0]
    filtered[:, 1:] = rows
    return zlib.compress(filtered.tobytes(), level)  # one call: no per-row overhead


def encode(image: Image.Image, level: int = LEVEL) -> bytes:
    """The PNG file of an 8-bit RGB `image`."""
    if image.mode != "RGB":
        raise ValueError(f"an RGB image is needed, not {image.mode}")
    width, height = image.size
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (SIGNATURE + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", compressed_rows(image, level)) + _chunk(b"IEND", b""))
