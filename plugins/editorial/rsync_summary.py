"""The one-line summary `invoke publish` prints, read from `rsync --stats` output."""

from __future__ import annotations

import re
from dataclasses import dataclass

# rsync 3.1+ names regular files; older versions (macOS's 2.6.9) say "files".
SENT = re.compile(r"^Number of (?:regular )?files transferred: ([\d,.']+)", re.MULTILINE)
DELETED = re.compile(r"^Number of deleted files: ([\d,.']+)", re.MULTILINE)
BYTES = re.compile(r"^Total transferred file size: ([\d,.']+) bytes", re.MULTILINE)


@dataclass(frozen=True)
class Transfer:
    """What one rsync run changed at the target."""

    sent: int  # regular files copied (new or changed)
    deleted: int | None  # files and folders removed (--delete); None: rsync doesn't say
    bytes: int  # size of the files copied, before compression


def parse_stats(output: str) -> Transfer | None:
    """The Transfer described by rsync's --stats lines in `output`; None without them."""
    sent, size = SENT.search(output), BYTES.search(output)
    if sent is None or size is None:
        return None
    deleted = DELETED.search(output)
    return Transfer(_number(sent[1]), _number(deleted[1]) if deleted else None,
                    _number(size[1]))


def summary(transfer: Transfer, target: str) -> str:
    """One line for the person publishing, e.g. `publish: 3 files sent (12,345 bytes),
    1 deleted, to deploy@web1:/var/www/blog/`."""
    sent = f"{transfer.sent} file{'' if transfer.sent == 1 else 's'} sent"
    parts = [f"{sent} ({transfer.bytes:,} bytes)"]
    if transfer.deleted is not None:
        parts.append(f"{transfer.deleted} deleted")
    return f"publish: {', '.join(parts)}, to {target}"


def _number(text: str) -> int:
    """A count as rsync prints it, digit separators (1,234 or 1.234) removed."""
    return int(re.sub(r"\D", "", text))
