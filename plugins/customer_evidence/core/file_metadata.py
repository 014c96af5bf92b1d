"""What a published file says, metadata included, as text to search for private values.

A browser shows an image's pixels and a PDF's pages, but anyone who downloads the file
also gets its author, title, comments and camera owner. `read_file()` returns every
text a file carries, each with where it was found:

- a text file (no NUL byte in its first BINARY_PROBE bytes; HTML, XML, JSON, CSS, SVG,
  CSV...): its text, as UTF-8 (and as Latin-1 too when it is not valid UTF-8), or
  UTF-16 with a byte-order mark;
- a PDF (pypdf): the document information (Author, Title, Subject, Keywords, Creator,
  Producer, custom keys), the XMP metadata, bookmarks, form fields, annotations
  (their authors and comments), attachment names, and the text of every page;
- a JPEG, PNG, GIF, WebP or TIFF image: its EXIF (every text tag of every IFD,
  Artist, Copyright, XPAuthor, UserComment and MakerNote included), XMP, IPTC and
  comments (JPEG APPn and COM segments, PNG tEXt, zTXt, iTXt and eXIf chunks, GIF
  comment, text and application extensions, WebP EXIF and XMP chunks);
- a ZIP archive, so also Word, Excel, PowerPoint, OpenDocument and EPUB files: its
  member names, every XML, text or HTML member (docProps/core.xml, app.xml and
  custom.xml, meta.xml, the document and its comments) and the metadata of the
  images inside;
- a gzip file (Pagefind's search index: fragments, index chunks, filters): its
  unpacked bytes, read as above; Pagefind's own files (which start with
  PAGEFIND_SIGNATURE once unpacked: JSON, CBOR whose strings are UTF-8, its
  WebAssembly) as text.

A file of one of these formats that cannot be read (damaged, encrypted, a member too
large once unpacked) is `unreadable`: it may hold anything, so it must not be
published. Any other binary file (fonts, icons, audio, video, HEIC or AVIF images)
and a file over the size limit is `skipped`, with the reason, to be listed. Metadata
bytes are decoded as UTF-8, as Latin-1 and, when they hold NUL bytes, as UTF-16 of
both byte orders, since EXIF and IPTC say little about their encodings.
"""

from __future__ import annotations

import contextlib
import io
import logging
import struct
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MAX_BYTES = 20 * 1024 * 1024  # a larger file is not read (the scan's limit too)
BINARY_PROBE = 8192  # a NUL byte in this many first bytes: not a text file
MAX_UNPACKED = 64 * 1024 * 1024  # what a ZIP's members or a PNG's text may unpack to
MAX_IFDS = 64  # TIFF directories followed in one EXIF block (a loop is an error)

METADATA, EMBEDDED = "metadata", "embedded text"  # where a text was found
_TEXT_MEMBERS = {".xml", ".rels", ".txt", ".html", ".htm", ".xhtml", ".json", ".csv", ".md",
                 ".svg", ".opf", ".ncx", ".css", ".js", ".rdf", ".vcf", ".ics"}
_IMAGE_MEMBERS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff"}
_METADATA_MEMBERS = ("docprops/", "meta.xml", "meta-inf/")
# TIFF tags holding image data or colour profiles, not words: not decoded.
_IMAGE_DATA_TAGS = {273, 279, 324, 325, 347, 34675, 37724}
_SUB_IFD_TAGS = {330, 34665, 34853, 40965}  # SubIFDs, Exif, GPS, Interoperability
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8,
               13: 4, 16: 8, 17: 8, 18: 8}
_TEXT_TYPES = {1, 2, 6, 7}  # BYTE, ASCII, SBYTE, UNDEFINED
PAGEFIND_SIGNATURE = b"pagefind_dcd"  # a Pagefind file is gzip of this, then its data
_XMP_APP1 = b"http://ns.adobe.com/xap/1.0/\0"


@dataclass(frozen=True)
class FileText:
    """The texts of one file, or why they could not be had."""

    parts: tuple[tuple[str, str], ...] = ()  # (where, text); where is "" for a text file
    unreadable: str | None = None  # may hold a private value but cannot be read: refuse it
    skipped: str | None = None  # not read, and of no format known to carry metadata


class Unreadable(Exception):
    """A file of a format read here whose structure cannot be followed."""


def read_file(path: Path, max_bytes: int = MAX_BYTES) -> FileText:
    """The texts of the file at `path` (see the module docstring)."""
    try:
        if not path.is_file():
            return FileText(skipped="not a regular file")
        if path.stat().st_size > max_bytes:
            return FileText(skipped=f"larger than {_size(max_bytes)}")
        data = path.read_bytes()
    except OSError as exc:
        return FileText(unreadable=f"it cannot be read ({exc.strerror or type(exc).__name__})")
    return file_text(data)


def file_text(data: bytes) -> FileText:
    """The texts of a file's bytes."""
    kind = _kind(data)
    if kind is None:
        return FileText((("", _text(data)),))
    if kind == "gzip":
        return _gzip(data)
    if kind not in _READERS:
        return FileText(skipped=f"binary ({kind}): the scan reads no metadata of this format")
    try:
        with _quiet():
            return FileText(tuple(_READERS[kind](data)))
    except Unreadable as exc:
        return FileText(unreadable=f"a {kind} {exc}")
    except Exception as exc:  # a damaged file can fail anywhere in a parser
        return FileText(unreadable=f"a {kind} that cannot be read ({type(exc).__name__})")


def _kind(data: bytes) -> str | None:
    """The format of a binary file, from its first bytes; None for a text file."""
    head = data[:16]
    if b"%PDF-" in data[:1024]:
        return "PDF"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head[:4] in (b"II*\0", b"MM\0*"):
        return "TIFF"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "ZIP"
    if head[:2] == b"\x1f\x8b":
        return "gzip"
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") and len(data) % 2 == 0:
        return None  # UTF-16 text with a byte-order mark
    if b"\0" in data[:BINARY_PROBE]:
        return _binary_kind(head)
    return None


def _binary_kind(head: bytes) -> str:
    for magic, kind in ((b"wOFF", "WOFF font"), (b"wOF2", "WOFF2 font"), (b"OTTO", "OpenType font"),
                        (b"\0\1\0\0", "TrueType font"), (b"\0\0\1\0", "icon"),
                        (b"ID3", "MP3 audio"), (b"OggS", "Ogg media"), (b"fLaC", "FLAC audio"),
                        (b"\x1aE\xdf\xa3", "WebM or Matroska video"), (b"BM", "BMP image")):
        if head.startswith(magic):
            return kind
    if head[4:8] == b"ftyp":
        return "MP4, MOV, HEIC or AVIF"
    return "an unknown format"


def _text(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace") + "\n" + data.decode("latin-1")


def _decodings(raw: bytes) -> str:
    """Metadata bytes as UTF-8, Latin-1 and UTF-16 of both byte orders, one per line."""
    texts = [raw.decode("utf-8", "replace")]
    if not raw.isascii():
        texts.append(raw.decode("latin-1"))
    if raw.count(b"\0") * 4 >= len(raw) > 0:  # as UTF-16 text is, in the Latin script
        for start in (0, 1):
            chunk = raw[start:len(raw) - (len(raw) - start) % 2]
            texts += [chunk.decode("utf-16-le", "replace"), chunk.decode("utf-16-be", "replace")]
    return "\n".join(texts)


# --- PDF ------------------------------------------------------------------------------------

def _pdf(data: bytes) -> Iterator[tuple[str, str]]:
    import pypdf  # only for sites that publish a PDF

    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception:
            opened = 0
        if not opened:
            raise Unreadable("that is encrypted")
    info = reader.metadata
    if info:
        yield METADATA, "\n".join(_pdf_text(v) for v in info.values())
    root = reader.trailer["/Root"].get_object()
    xmp = root.get("/Metadata")
    if xmp is not None:
        yield METADATA, _decodings(xmp.get_object().get_data())
    yield METADATA, "\n".join(_outline_titles(reader.outline))
    for name, field in (reader.get_fields() or {}).items():
        yield EMBEDDED, f"{name}\n{_pdf_text(field.get('/V', ''))}"
    yield METADATA, "\n".join(reader.attachments)
    for page in reader.pages:
        yield EMBEDDED, page.extract_text() or ""
        for annotation in page.get("/Annots") or ():
            annotation = annotation.get_object()
            yield METADATA, "\n".join(_pdf_text(annotation.get(key, ""))
                                      for key in ("/T", "/Contents", "/Subj", "/RC"))


def _pdf_text(value) -> str:
    value = value.get_object() if hasattr(value, "get_object") else value
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, list):
        return "\n".join(_pdf_text(v) for v in value)
    return str(value)


def _outline_titles(outline) -> Iterator[str]:
    for item in outline or ():
        if isinstance(item, list):
            yield from _outline_titles(item)
        else:
            yield str(getattr(item, "title", "") or "")


# --- images ---------------------------------------------------------------------------------

def _jpeg(data: bytes) -> Iterator[tuple[str, str]]:
    pos, end = 2, len(data)
    while pos < end:
        if data[pos] != 0xFF:
            raise Unreadable("whose segments are damaged")
        marker = data[pos + 1] if pos + 1 < end else 0xD9
        if marker == 0xFF:
            pos += 1
            continue
        if marker in (0x01, 0xD8) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        if marker == 0xD9:
            return
        if pos + 4 > end:
            raise Unreadable("that is cut short")
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if length < 2 or pos + 2 + length > end:
            raise Unreadable("that is cut short")
        payload = data[pos + 4:pos + 2 + length]
        pos += 2 + length
        if marker == 0xDA:
            pos = _after_scan(data, pos)
        elif marker == 0xE1 and payload.startswith(b"Exif\0\0"):
            yield METADATA, _exif_or_raw(payload[6:])
        elif marker == 0xE1 and payload.startswith(_XMP_APP1):
            yield METADATA, payload[len(_XMP_APP1):].decode("utf-8", "replace")
        elif marker == 0xE2 and payload.startswith(b"ICC_PROFILE\0"):
            continue  # a colour profile
        elif 0xE0 <= marker <= 0xEF or marker == 0xFE:
            yield METADATA, _decodings(payload)


def _after_scan(data: bytes, pos: int) -> int:
    """Where the marker after a scan's entropy-coded data starts (the end if none does:
    a file cut short in its image data has had all its segments read)."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            return len(data)
        following = data[pos + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            pos += 1 if following == 0xFF else 2
            continue
        return pos


def _exif_or_raw(block: bytes) -> str:
    """The text tags of an EXIF block; its raw bytes decoded if its directories are damaged."""
    try:
        return "\n".join(_tiff_strings(block))
    except (Unreadable, struct.error):
        return _decodings(block)


def _tiff_strings(data: bytes) -> Iterator[str]:
    """Every text-like tag value (BYTE, ASCII, UNDEFINED) of every directory of a TIFF."""
    order = {b"II": "<", b"MM": ">"}.get(data[:2])
    if order is None or len(data) < 8:
        raise Unreadable("whose EXIF header is damaged")
    pending, seen = [struct.unpack(order + "I", data[4:8])[0]], set()
    while pending:
        offset = pending.pop()
        if offset == 0 or offset in seen:
            continue
        seen.add(offset)
        if len(seen) > MAX_IFDS or offset + 2 > len(data):
            raise Unreadable("whose EXIF directories are damaged")
        count = struct.unpack(order + "H", data[offset:offset + 2])[0]
        entries = offset + 2
        if entries + 12 * count + 4 > len(data):
            raise Unreadable("whose EXIF directories are damaged")
        for start in range(entries, entries + 12 * count, 12):
            tag, kind, number = struct.unpack(order + "HHI", data[start:start + 8])
            size = _TYPE_SIZES.get(kind, 0) * number
            field = start + 8
            where = field if size <= 4 else struct.unpack(order + "I", data[field:field + 4])[0]
            if where + size > len(data):
                raise Unreadable("whose EXIF values lie outside it")
            value = data[where:where + size]
            if tag in _SUB_IFD_TAGS and kind in (4, 13):
                pending.extend(struct.unpack(f"{order}{number}I", value))
            elif tag == 33723 or (kind in _TEXT_TYPES and tag not in _IMAGE_DATA_TAGS):
                yield _decodings(value)  # 33723: IPTC, whatever type it is given
        pending.append(struct.unpack(order + "I", data[entries + 12 * count:][:4])[0])


def _tiff(data: bytes) -> Iterator[tuple[str, str]]:
    yield METADATA, "\n".join(_tiff_strings(data))


def _png(data: bytes) -> Iterator[tuple[str, str]]:
    pos = 8
    while pos < len(data):
        if pos + 8 > len(data):
            raise Unreadable("that is cut short")
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if len(body) < length:
            raise Unreadable("that is cut short")
        pos += 12 + length
        if kind == b"tEXt":
            yield METADATA, body.replace(b"\0", b"\n").decode("latin-1")
        elif kind == b"zTXt":
            key, _, rest = body.partition(b"\0")
            yield METADATA, key.decode("latin-1") + "\n" + _inflate(rest[1:]).decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            compressed, rest = rest[:1] == b"\1", rest[2:]
            language, _, rest = rest.partition(b"\0")
            translated, _, text = rest.partition(b"\0")
            text = _inflate(text) if compressed else text
            yield METADATA, b"\n".join((key, language, translated, text)).decode(
                "utf-8", "replace")
        elif kind == b"eXIf":
            yield METADATA, _exif_or_raw(body)
        elif kind == b"IEND":
            return


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    out = inflater.decompress(data, MAX_UNPACKED)
    if inflater.unconsumed_tail:
        raise Unreadable(f"whose text unpacks to more than {_size(MAX_UNPACKED)}")
    return out


def _gunzip(data: bytes) -> bytes:
    """Every member of a gzip file, unpacked, at most MAX_UNPACKED bytes in all."""
    out = b""
    while data[:2] == b"\x1f\x8b":
        if len(out) >= MAX_UNPACKED:  # (a max_length of 0 would mean no limit)
            raise Unreadable(f"that unpacks to more than {_size(MAX_UNPACKED)}")
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out += inflater.decompress(data, MAX_UNPACKED - len(out))
        if inflater.unconsumed_tail:
            raise Unreadable(f"that unpacks to more than {_size(MAX_UNPACKED)}")
        if not inflater.eof:
            raise Unreadable("that is cut short")
        data = inflater.unused_data
    return out


def _gzip(data: bytes) -> FileText:
    """A gzip file's unpacked text (Pagefind's index files included), or why not."""
    try:
        unpacked = _gunzip(data)
    except (Unreadable, zlib.error) as exc:
        why = exc if isinstance(exc, Unreadable) else "that cannot be unpacked"
        return FileText(unreadable=f"a gzip file {why}")
    if unpacked.startswith(PAGEFIND_SIGNATURE):  # its WebAssembly too: nothing is trusted
        return FileText(((EMBEDDED, _text(unpacked[len(PAGEFIND_SIGNATURE):])),))
    if unpacked[:2] == b"\x1f\x8b":
        return FileText(unreadable="a gzip file holding another gzip file")
    inner = file_text(unpacked)
    skipped = inner.skipped and f"a gzip file of {inner.skipped}"
    unreadable = inner.unreadable and f"a gzip file of {inner.unreadable}"
    return FileText(tuple((part or EMBEDDED, text) for part, text in inner.parts),
                    unreadable, skipped)


def _gif(data: bytes) -> Iterator[tuple[str, str]]:
    if len(data) < 13:
        raise Unreadable("that is cut short")
    pos = 13 + _colour_table(data[10])
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:  # the trailer
            return
        if block == 0x21:
            label, start = data[pos + 1], pos + 2
            payload, pos = _sub_blocks(data, start)
            if label in (0x01, 0xFE):  # plain text, comment
                yield METADATA, _decodings(payload)
            elif label == 0xFF:  # application data: XMP is stored raw over the block lengths
                yield METADATA, _decodings(payload) + "\n" + _decodings(data[start:pos])
        elif block == 0x2C:
            if pos + 11 > len(data):
                raise Unreadable("that is cut short")
            pos += 10 + _colour_table(data[pos + 9]) + 1
            _, pos = _sub_blocks(data, pos)
        else:
            raise Unreadable("whose blocks are damaged")
    raise Unreadable("that is cut short")


def _colour_table(flags: int) -> int:
    return 3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0


def _sub_blocks(data: bytes, pos: int) -> tuple[bytes, int]:
    """The data of the sub-blocks starting at `pos`, and where they end."""
    chunks = []
    while True:
        if pos >= len(data):
            raise Unreadable("that is cut short")
        size = data[pos]
        if size == 0:
            return b"".join(chunks), pos + 1
        chunks.append(data[pos + 1:pos + 1 + size])
        pos += 1 + size


def _webp(data: bytes) -> Iterator[tuple[str, str]]:
    pos, end = 12, min(len(data), 8 + struct.unpack("<I", data[4:8])[0])
    while pos + 8 <= end:
        kind, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if len(body) < size:
            raise Unreadable("that is cut short")
        if kind == b"EXIF":
            yield METADATA, _exif_or_raw(body[6:] if body.startswith(b"Exif\0\0") else body)
        elif kind == b"XMP ":
            yield METADATA, body.decode("utf-8", "replace")
        pos += 8 + size + (size & 1)


# --- archives and office files --------------------------------------------------------------

def _zip(data: bytes) -> Iterator[tuple[str, str]]:
    unpacked = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        yield METADATA, "\n".join(member.filename for member in members)
        for member in members:
            name = member.filename.casefold()
            suffix = PurePosixPath(name).suffix
            if member.is_dir() or suffix not in _TEXT_MEMBERS | _IMAGE_MEMBERS:
                continue
            if member.flag_bits & 1:
                raise Unreadable(f"whose member {member.filename!r} is encrypted")
            unpacked += member.file_size
            if unpacked > MAX_UNPACKED:
                raise Unreadable(f"that unpacks to more than {_size(MAX_UNPACKED)}")
            content = archive.read(member)
            if suffix in _TEXT_MEMBERS:
                where = METADATA if name.startswith(_METADATA_MEMBERS) else EMBEDDED
                yield where, _text(content)
                continue
            inner = file_text(content)
            if inner.unreadable:
                raise Unreadable(f"whose image {member.filename!r} is {inner.unreadable}")
            yield from ((METADATA, text) for _, text in inner.parts)


_READERS = {"PDF": _pdf, "JPEG": _jpeg, "PNG": _png, "GIF": _gif, "WebP": _webp,
            "TIFF": _tiff, "ZIP": _zip}


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """pypdf's warnings about damaged files are no finding: it either reads them or fails."""
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        log.setLevel(level)


def _size(count: int) -> str:
    return f"{count // (1024 * 1024)} MB"
