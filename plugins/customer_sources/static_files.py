"""Static files (images, PDFs, downloads) publish private values too: in their names, their
metadata and their text. Pure: what to tell the author about one file.

The customer_sources plugin reads each static file with customer_evidence.core.
file_metadata and passes what it holds here, with the file's output path and URL.
"""

from __future__ import annotations

from collections.abc import Iterable

from customer_evidence.core.file_metadata import METADATA, FileText
from customer_evidence.core.findings import Finding
from customer_evidence.core.privacy import PrivateMatcher

_FIX = {
    "name": "rename the file (its name is its URL)",
    METADATA: "remove it from the file's properties (a PDF's author, title or keywords; an "
              "image's EXIF, XMP or IPTC, e.g. with `exiftool -all= FILE`; a document's "
              "properties), or remove the file",
    "text": "remove it from the file, or remove the file",
}


def static_findings(file: str, content: FileText, places: Iterable[str],
                    private: PrivateMatcher) -> list[Finding]:
    """The private-leak and unreadable-metadata findings for one static file.

    `file` is the file as findings name it, `places` its output path and URL.
    """
    if content.unreadable:
        return [Finding(
            "error", "unreadable-metadata", file, None,
            f"cannot be checked for private details: it is {content.unreadable}, so it may "
            "hold any of them and may not be published; save it again without encryption "
            "or damage, or remove it")]
    found: dict[tuple[str, str, str], None] = {}
    for place in places:
        for owner in private.owners_in(place):
            found[("name", *owner)] = None
    for where, text in content.parts:
        kind = METADATA if where == METADATA else "text"
        for owner in private.owners_in(text, markup=True):
            found[(kind, *owner)] = None
    return [Finding("error", "private-leak", file, None,
                    f"its {_WHERE[kind]} holds the private {field} of source {source_id!r} "
                    f"(not repeated here); {_FIX[kind]}")
            for kind, source_id, field in found]


_WHERE = {"name": "name or URL", METADATA: "metadata", "text": "text"}
