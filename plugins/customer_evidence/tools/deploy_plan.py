"""What an S3 publish sends, in which order, with which headers: pure decisions.

s3_publish reads the folder and talks to the storage; everything it decides is here,
from paths, settings and what the listing said, so it can be tested without a server:

- `parse_target`: `s3://bucket/prefix` into its bucket and prefix;
- `object_headers`: a file's Content-Type, Cache-Control and whether it is gzipped;
- `header_policy`: one digest of every input `object_headers` depends on;
- `make_plan`: new, changed, unchanged and deleted keys, the uploads in their phases;
- `dry_run_summary`: the line a dry run ends with (a publish ends with
  publishing.summary's, as rsync's does).
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache

# Cache-Control defaults (publishconf.py may set each). Short: what changes on every
# publish (pages, feeds, sitemap, robots.txt, the search index's entry file). Long:
# files named by a digest of their content, so a new content is a new name. Middle:
# the rest (stylesheet, scripts, images), whose names stay when their content changes.
CACHE_SHORT = "public, max-age=300"
CACHE_LONG = "public, max-age=31536000, immutable"
CACHE_MIDDLE = "public, max-age=3600"

# Pagefind names its index chunks, filters and metadata by a digest of their content
# (pagefind/fragment/en_10386f7.pf_fragment, pagefind/pagefind.en_fb5fc4296f.pf_meta);
# nothing else of the build is fingerprinted: image variants are named by width
# (-480w.png), cards and theme files by their post or their role.
FINGERPRINTED = re.compile(r"(?:^|/)(?:pagefind\.)?[a-z0-9-]+_[0-9a-f]{7,}\.pf_[a-z]+$")

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml", ".json": "application/json",
    ".webmanifest": "application/manifest+json", ".map": "application/json",
    ".css": "text/css; charset=utf-8", ".js": "application/javascript",
    ".mjs": "application/javascript", ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
    ".avif": "image/avif", ".ico": "image/x-icon", ".woff2": "font/woff2",
    ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf",
    ".wasm": "application/wasm", ".pdf": "application/pdf", ".gz": "application/gzip",
    # Pagefind's own files are gzip streams its script reads itself: sent as they are.
    ".pf_meta": "application/octet-stream", ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream", ".pf_filter": "application/octet-stream",
    ".pagefind": "application/octet-stream",
}
FALLBACK_TYPE = "application/octet-stream"
# Text worth compressing; images, fonts, Pagefind's files are compressed already.
GZIP_SUFFIXES = frozenset({".html", ".htm", ".css", ".js", ".mjs", ".xml", ".json",
                           ".webmanifest", ".map", ".svg", ".txt"})
# Short-cached files that are not pages: sent after the pages they point to.
INDEX_SUFFIXES = frozenset({".xml", ".txt", ".json", ".webmanifest"})
SHORT_SUFFIXES = INDEX_SUFFIXES | {".html", ".htm"}
# Raise when a rule above changes: every object is sent again with the new headers.
RULES_VERSION = 1
# Upload phases: the files pages use, then the pages, then what lists the pages.
PHASES = ("assets", "pages", "indexes")
# The object (under the prefix) recording the header policy of the last publish.
MARKER = ".s3-publish-headers.json"
# The object recording, for each site file, the MD5 of the file and of what was stored
# for it (an unchanged file need not be gzipped again to be compared), the header
# policy they were stored under and whether the publish that wrote it finished.
DIGESTS = ".s3-publish-digests.json"
# The LastModified of every object a trusted record stands for, and the marker time it
# is compared with: a finished record's objects are all stored under its policy.
TRUSTED = datetime(1970, 1, 1, tzinfo=UTC)
OWN_OBJECTS = (MARKER, DIGESTS)
SETTING_DEFAULTS = {"S3_CACHE_CONTROL_HTML": CACHE_SHORT,
                    "S3_CACHE_CONTROL_ASSETS": CACHE_LONG,
                    "S3_CACHE_CONTROL_DEFAULT": CACHE_MIDDLE, "S3_GZIP": True}
BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
# Settings that would hold a credential; boto3 finds credentials itself.
SECRET_SETTING = re.compile(r"^(?:AWS|S3)_\w*(?:SECRET|ACCESS_KEY|SESSION_TOKEN|PASSWORD)")


class TargetError(ValueError):
    """The target is not an s3:// address this tool can publish to."""


@dataclass(frozen=True)
class Target:
    bucket: str
    prefix: str  # without slashes at either end; "" for the whole bucket

    def key(self, relative: str) -> str:
        return f"{self.prefix}/{relative}" if self.prefix else relative

    @property
    def list_prefix(self) -> str:
        """What every key of the site starts with (the prefix and a slash)."""
        return f"{self.prefix}/" if self.prefix else ""

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}" if self.prefix else f"s3://{self.bucket}"


def parse_target(target: str) -> Target:
    """`s3://bucket` or `s3://bucket/some/prefix/` as a Target; TargetError otherwise."""
    expected = "expected s3://bucket or s3://bucket/prefix"
    if not target.startswith("s3://"):
        raise TargetError(f"{target!r} is not an S3 address; {expected}")
    bucket, _, prefix = target[len("s3://"):].partition("/")
    if not BUCKET.match(bucket) or ".." in bucket:
        raise TargetError(f"{bucket!r} in {target!r} is not a bucket name (3 to 63 lowercase "
                          f"letters, digits, dots and hyphens); {expected}")
    prefix = prefix.strip("/")
    parts = prefix.split("/") if prefix else []
    if any(part in ("", ".", "..") for part in parts) or "\\" in prefix:
        raise TargetError(f"the prefix of {target!r} has an empty, '.' or '..' part; "
                          f"{expected}")
    return Target(bucket, prefix)


def secret_settings(settings: Mapping[str, object]) -> list[str]:
    """The names of settings that hold something like a key or a password."""
    return sorted(name for name, value in settings.items()
                  if value and SECRET_SETTING.match(name))


@dataclass(frozen=True)
class Headers:
    content_type: str
    cache_control: str
    gzip: bool  # the body is gzipped and sent with Content-Encoding: gzip

    def as_put_arguments(self) -> dict[str, str]:
        """The keyword arguments of put_object these headers become."""
        extra = {"ContentEncoding": "gzip"} if self.gzip else {}
        return {"ContentType": self.content_type, "CacheControl": self.cache_control,
                **extra}


def _suffix(relative: str) -> str:
    """PurePosixPath(relative).suffix, lower case, without building a path (27,000 a
    publish): from the last dot of the name, not a leading or a trailing one."""
    name = relative.rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


@cache
def _python_types() -> mimetypes.MimeTypes:
    """Python's own table, not the machine's /etc/mime.types: the same on every machine."""
    return mimetypes.MimeTypes()


def content_type(relative: str) -> str:
    """The Content-Type of a site file, from its name."""
    suffix = _suffix(relative)
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed, encoding = _python_types().guess_type(relative, strict=False)
    return guessed if guessed and not encoding else FALLBACK_TYPE


def is_fingerprinted(relative: str) -> bool:
    """True for files named by a digest of their content (Pagefind's index files)."""
    return bool(FINGERPRINTED.search(relative))


def settings_of(settings: Mapping[str, object]) -> dict[str, object]:
    """The header settings in force: each S3_* header setting or its default."""
    return {name: settings.get(name, default) for name, default in SETTING_DEFAULTS.items()}


def object_headers(relative: str, settings: Mapping[str, object]) -> Headers:
    """The headers a site file (a path relative to the site folder) is stored with."""
    chosen = settings_of(settings)
    suffix = _suffix(relative)
    if is_fingerprinted(relative):
        cache = chosen["S3_CACHE_CONTROL_ASSETS"]
    elif suffix in SHORT_SUFFIXES:
        cache = chosen["S3_CACHE_CONTROL_HTML"]
    else:
        cache = chosen["S3_CACHE_CONTROL_DEFAULT"]
    return Headers(content_type(relative), str(cache),
                   bool(chosen["S3_GZIP"]) and suffix in GZIP_SUFFIXES)


def phase(relative: str) -> int:
    """The upload phase of a site file: 0 assets, 1 pages, 2 feeds, sitemap and the like."""
    suffix = _suffix(relative)
    if suffix in (".html", ".htm"):
        return 1
    return 2 if suffix in INDEX_SUFFIXES and not is_fingerprinted(relative) else 0


def header_policy(settings: Mapping[str, object]) -> str:
    """A digest of everything `object_headers` depends on besides the path."""
    inputs = {"rules": RULES_VERSION, "settings": settings_of(settings),
              "types": CONTENT_TYPES, "python_types": _python_types().types_map,
              "fingerprinted": FINGERPRINTED.pattern, "gzip": sorted(GZIP_SUFFIXES),
              "short": sorted(SHORT_SUFFIXES)}
    text = json.dumps(inputs, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class LocalFile:
    relative: str  # path in the site folder, with forward slashes
    md5: str  # hex MD5 of the body as uploaded (gzipped when headers.gzip)
    size: int  # bytes of that body
    headers: Headers
    raw_md5: str = ""  # hex MD5 of the file itself (of interest when gzipped)


@dataclass(frozen=True)
class RemoteObject:
    etag: str  # as listed, quotes removed
    last_modified: datetime


@dataclass
class Plan:
    """What a publish does: the uploads by phase, the keys to delete, the counts."""

    uploads: list[list[LocalFile]] = field(default_factory=lambda: [[] for _ in PHASES])
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    deletions: list[str] = field(default_factory=list)

    @property
    def sends(self) -> list[LocalFile]:
        return [file for files in self.uploads for file in files]

    @property
    def bytes(self) -> int:
        return sum(file.size for file in self.sends)


@dataclass(frozen=True)
class Record:
    """The digests record: each site file's (MD5 of the file, MD5 and size of what was
    stored for it), the header policy they were stored under, and whether the publish
    that wrote it finished (a publish marks it unfinished before its first change)."""

    files: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    policy: str | None = None
    complete: bool = False


def record_listing(record: Record, target: Target, policy: str
                   ) -> dict[str, RemoteObject] | None:
    """The listing a record stands for when it may replace one (S3_TRUST_RECORD): one a
    finished publish wrote under `policy`, so nothing has changed under the prefix since
    unless another tool changed it; else None (the prefix is listed)."""
    if not (record.complete and record.policy == policy and record.files):
        return None
    return {target.key(name): RemoteObject(entry[1], TRUSTED)
            for name, entry in record.files.items()}


def up_to_date(file: LocalFile, remote: RemoteObject | None, since: datetime | None) -> bool:
    """True if the stored object has the file's body and was stored under today's
    header policy: stored (LastModified) no earlier than the marker was written."""
    return (remote is not None and remote.etag.lower() == file.md5
            and since is not None and remote.last_modified >= since)


def make_plan(target: Target, files: Iterable[LocalFile],
              remote: Mapping[str, RemoteObject], since: datetime | None) -> Plan:
    """Compare the site's files with the listing of the prefix.

    `since` is when the marker of the current header policy was stored (None: no
    marker, or one of another policy, so every object is sent again). Keys under the
    prefix that the site no longer has are deleted, except the marker and folder
    placeholders (keys ending in a slash)."""
    plan = Plan()
    local_keys = set()
    for file in sorted(files, key=lambda item: item.relative):
        key = target.key(file.relative)
        local_keys.add(key)
        stored = remote.get(key)
        if up_to_date(file, stored, since):
            plan.unchanged += 1
            continue
        if stored is None:
            plan.new += 1
        else:
            plan.changed += 1
        plan.uploads[phase(file.relative)].append(file)
    keep = {target.key(name) for name in OWN_OBJECTS}
    plan.deletions = sorted(key for key in remote
                            if key not in local_keys and key not in keep
                            and key.startswith(target.list_prefix) and not key.endswith("/"))
    return plan


def _files(count: int) -> str:
    """`1 file`, `12 files`: counts without separators, as rsync's summary has them."""
    return f"{count} file{'' if count == 1 else 's'}"


def dry_run_summary(plan: Plan, target: Target) -> str:
    """`publish (dry run): would send 12 files (34,567 bytes: 5 new, 7 changed), delete 3,
    to s3://bucket/prefix; nothing was sent`."""
    return (f"publish (dry run): would send {_files(len(plan.sends))} ({plan.bytes:,} bytes: "
            f"{plan.new} new, {plan.changed} changed), delete {len(plan.deletions)}, "
            f"to {target}; nothing was sent")
