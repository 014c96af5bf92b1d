"""`invoke publish --to s3://bucket/prefix`: a built site to S3-compatible storage.

Works with AWS S3 and S3-compatible stores (Cloudflare R2, Backblaze B2, MinIO): the
endpoint comes from boto3's own AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_S3, or
~/.aws/config), or from S3_ENDPOINT_URL in publishconf.py; the region from S3_REGION
or boto3's chain (R2 wants "auto"). Credentials come only from boto3's standard chain
(environment, AWS_PROFILE and ~/.aws, instance and container roles): a setting that
holds a key or a secret is refused.

What is sent: one listing of the prefix (list_objects_v2, paginated; no request per
object) says each object's ETag; a file is sent when the MD5 of the exact bytes it
would be stored as differs. Each file is one put_object (single part, with
Content-MD5, so the server refuses a truncated body), so its ETag is that MD5 on AWS
(unencrypted or SSE-S3), R2, B2 and MinIO. Text is gzipped deterministically (no
name, mtime 0: the same bytes every run with the same zlib). So that an unchanged
file need not be gzipped again to know that MD5, the record
`<prefix>/.s3-publish-digests.json` maps each site file to the MD5 of its own bytes
and of what was stored for it; the listing stays the judge (a missing, stale or
foreign record only costs gzipping). A publish marks the record unfinished before its
first change and writes it anew, finished, after its last.

S3_TRUST_RECORD = True skips the listing when the record is finished and of today's
header policy: the record then says what is stored, so an unchanged republish is two
small requests whatever the site's size (listing 27,000 objects takes seconds). The
price: an object changed or deleted under the prefix by anything but this tool goes
unnoticed until a publish that lists (`invoke publish --verify`, or the setting off).
Limitation: objects whose ETag is not an MD5 (SSE-KMS or SSE-C encryption, multipart
uploads by another tool) never match and are sent again on every publish; nothing
breaks.

Headers (deploy_plan.object_headers): Content-Type from the file name, Cache-Control
short for pages and feeds, long for Pagefind's digest-named files, middle for the
rest, Content-Encoding: gzip for gzipped text (S3_GZIP = False turns that off).
A header-only change (a new S3_CACHE_CONTROL_* value, new rules) is caught without a
request per object: the marker object `<prefix>/.s3-publish-headers.json` holds a
digest of the header policy, written before the first upload under a new policy. An
object counts as up to date only if its ETag matches and it was stored no earlier
than the marker (LastModified in the listing, the server's own clock): so a policy
change sends everything once, and an interrupted publish, rerun, sends only what
did not arrive, whatever the policy. (Objects stored in the same second as the marker
by a concurrent publish with other settings would be trusted: don't publish the same
prefix from two places at once.)

Order, as atomic as S3 allows: assets first (stylesheets, scripts, images, search
index chunks), then the pages, then what lists the pages (feeds, sitemap, robots.txt,
the search index's entry file), then the deletion of keys under the prefix the site no
longer has (never outside it). Within a phase, S3_UPLOAD_WORKERS (default 8) uploads
run at once.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
import threading
import zlib
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from customer_evidence.tools import ToolError
from customer_evidence.tools.deploy_plan import (
    DIGESTS,
    MARKER,
    OWN_OBJECTS,
    TRUSTED,
    LocalFile,
    Plan,
    Record,
    RemoteObject,
    Target,
    TargetError,
    dry_run_summary,
    header_policy,
    make_plan,
    object_headers,
    parse_target,
    record_listing,
    secret_settings,
    settings_of,
)
from customer_evidence.tools.publishing import Transfer, summary

GZIP_LEVEL = 9
# gzip's header with no file name, mtime 0, "maximum compression", OS unknown (255):
# the same on every machine, unlike the OS byte zlib and Python write.
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
SKIPPED_NAMES = frozenset({".DS_Store"})  # as rsync's --exclude
DELETE_BATCH = 1000  # the most keys one DeleteObjects request takes
LIST_PAGE_KEYS = 50_000  # asked for; AWS S3 itself answers at most 1,000 a page
CREDENTIAL_ERRORS = {"InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken",
                     "InvalidToken", "TokenRefreshRequired", "InvalidClientTokenId"}
ACCESS_ERRORS = {"AccessDenied", "AllAccessDisabled", "Forbidden", "403"}
REGION_ERRORS = {"PermanentRedirect", "AuthorizationHeaderMalformed",
                 "IllegalLocationConstraintException", "301"}


def publish_s3(folder: Path, target: str, settings: dict, verbose: bool = False,
               dry_run: bool = False, verify: bool = False) -> list[str]:
    """Send the site in `folder` to `target` (s3://bucket/prefix): changed files only,
    in phases, then delete what the site no longer has; the lines to print.

    With `verbose`, each key is printed (flushed) as it is sent or deleted; with
    `dry_run`, nothing is written and the lines say what would be (each key too with
    `verbose`). With S3_TRUST_RECORD set, the record of the last finished publish
    stands in for the listing, unless `verify`. Failures raise ToolError with one line
    saying what to do."""
    try:
        where = parse_target(target)
    except TargetError as exc:
        raise ToolError(f"publish: {exc}", code=2) from None
    secrets = secret_settings(settings)
    if secrets:
        raise ToolError(f"publish: publishconf.py sets {', '.join(secrets)}; credentials never "
                        "go in a file of the repository: remove it and use the environment "
                        "(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or an AWS profile "
                        "(AWS_PROFILE, ~/.aws/credentials)", code=2)
    if not (folder / "index.html").is_file():
        raise ToolError(f"{folder.name}/ has no index.html; refusing to upload")
    names = site_files(folder)
    progress = Progress(verbose and not dry_run)
    policy = header_policy(settings)
    trust = policy if settings.get("S3_TRUST_RECORD") and not verify else None
    try:
        with ThreadPoolExecutor(max_workers=1) as worker:
            # The storage is reached and listed while the folder is read and hashed.
            connected = worker.submit(connect, settings, where, trust)
            read = read_files(folder, settings, names)
            client, record, remote, trusted = connected.result()
        files = stored_forms(folder, read, record.files)
        since = TRUSTED if trusted else marker_time(client, where, remote, policy)
        plan = make_plan(where, files, remote, since)
        if dry_run:
            return [*(planned_lines(plan, where) if verbose else []),
                    dry_run_summary(plan, where)]
        if (plan.sends or plan.deletions) and record.complete:
            # Until this publish finishes, the record no longer says what is stored.
            write_record(client, where, replace(record, complete=False))
        if plan.sends and since is None:
            write_marker(client, where, policy, settings)
        for batch in plan.uploads:
            upload(client, where, folder, batch, progress, workers(settings))
        delete(client, where, plan.deletions, progress)
        finished = Record(digests_of(files, progress.stored), policy, complete=True)
        if finished != record:
            write_record(client, where, finished)
    except ToolError:
        raise
    except Exception as exc:
        message = explain(exc, where, settings)
        if message is None:
            raise
        if progress.sent:
            message += (f"; {progress.sent} file(s) were sent before that: publish again "
                        "to finish (what arrived is not sent again)")
        raise ToolError(message) from None
    return [summary(Transfer(progress.sent, progress.deleted, progress.bytes), str(where))]


class Progress:
    """What a publish has done so far, each key printed as it happens when verbose."""

    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose
        self.sent = self.bytes = self.deleted = 0
        self.stored: dict[str, tuple[str, int]] = {}  # file sent: (MD5, size) of its body
        self._lock = threading.Lock()

    def did_send(self, key: str, size: int, relative: str = "", md5: str = "") -> None:
        with self._lock:
            self.sent += 1
            self.bytes += size
            self.stored[relative] = (md5, size)
            if self.verbose:
                print(f"sent {key} ({size:,} bytes)", flush=True)

    def did_delete(self, keys: list[str]) -> None:
        with self._lock:
            self.deleted += len(keys)
            if self.verbose:
                print("".join(f"deleted {key}\n" for key in keys), end="", flush=True)


def planned_lines(plan: Plan, where: Target) -> list[str]:
    """A dry run's lines, one a key: what would be sent (new or changed) and deleted."""
    lines = [f"would send {where.key(file.relative)} ({file.size:,} bytes)"
             for file in plan.sends]
    return [*lines, *(f"would delete {key}" for key in plan.deletions)]


# --- The site folder ---------------------------------------------------------------


def gzip_bytes(data: bytes) -> bytes:
    """`data` gzipped, the same bytes on every run and machine (for one zlib)."""
    deflate = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = deflate.compress(data) + deflate.flush()
    return GZIP_HEADER + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def site_files(folder: Path) -> list[str]:
    """Every file of the site folder, relative, with forward slashes, sorted."""
    found: list[str] = []

    def walk(path: str, base: str) -> None:
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.name in SKIPPED_NAMES:
                    continue
                if entry.is_dir():
                    walk(entry.path, f"{base}{entry.name}/")
                elif entry.is_file():
                    found.append(f"{base}{entry.name}")

    walk(str(folder), "")
    found.sort()
    for name in OWN_OBJECTS:
        if name in found:
            raise ToolError(f"publish: the site has a file named {name}, a name this tool "
                            "keeps for its own records; rename it")
    return found


def body(folder: Path, relative: str, gzip: bool) -> bytes:
    """The bytes a site file is stored as."""
    data = (folder / relative).read_bytes()
    return gzip_bytes(data) if gzip else data


def local_files(folder: Path, settings: Mapping[str, object],
                known: Mapping[str, tuple[str, str, int]] | None = None,
                names: list[str] | None = None) -> list[LocalFile]:
    """Each site file with the MD5 and size of its stored body and its headers.

    `known` maps a gzipped file to (MD5 of the file, MD5 and size of what was stored
    for it) as the last publish recorded: a file with that MD5 is not gzipped again."""
    return stored_forms(folder, read_files(folder, settings, names), known or {})


def read_files(folder: Path, settings: Mapping[str, object], names: list[str] | None = None
               ) -> list[LocalFile]:
    """Each site file with its headers, the MD5 and size of its own bytes."""
    files = []
    root = str(folder)
    # One thread reads and hashes: threads are slower for 27,000 small files.
    for relative in site_files(folder) if names is None else names:
        headers = object_headers(relative, settings)
        try:
            with open(os.path.join(root, relative), "rb") as stream:
                data = stream.read()
        except OSError as exc:
            raise ToolError(f"publish: cannot read {folder.name}/{relative} "
                            f"({exc.strerror or exc}); nothing was sent") from None
        raw = hashlib.md5(data).hexdigest()
        files.append(LocalFile(relative, raw, len(data), headers, raw))
    return files


def stored_forms(folder: Path, files: list[LocalFile],
                 known: Mapping[str, tuple[str, str, int]]) -> list[LocalFile]:
    """`files` (from read_files) with the MD5 and size of the body each is stored as:
    a gzipped file's from `known` when its MD5 is the one recorded, else gzipped anew."""
    files = list(files)
    to_gzip = []  # read again when gzipped: memory for one file a thread
    for index, file in enumerate(files):
        recorded = known.get(file.relative)
        if not file.headers.gzip:
            continue
        if recorded and recorded[0] == file.raw_md5:
            files[index] = replace(file, md5=recorded[1], size=recorded[2])
        else:
            to_gzip.append(index)

    def gzipped(index: int) -> None:
        stored = body(folder, files[index].relative, True)
        files[index] = replace(files[index], md5=hashlib.md5(stored).hexdigest(),
                               size=len(stored))

    # zlib and hashlib let go of the GIL while they work: gzipping uses every core.
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        list(pool.map(gzipped, to_gzip))
    return files


def digests_of(files: list[LocalFile], stored: Mapping[str, tuple[str, int]]
               ) -> dict[str, tuple[str, str, int]]:
    """The record's files once a publish is done: each site file's digests, those of
    the body just sent where it was sent (`stored`: MD5 and size by file)."""
    return {file.relative: (file.raw_md5, *stored.get(file.relative, (file.md5, file.size)))
            for file in files}


# --- The storage -------------------------------------------------------------------


def workers(settings: Mapping[str, object]) -> int:
    return max(1, int(settings.get("S3_UPLOAD_WORKERS") or 8))


def make_client(settings: Mapping[str, object]):
    """An S3 client from boto3's standard chain, with the site's endpoint and region."""
    import boto3
    import botocore.session
    from botocore.config import Config

    endpoint = settings.get("S3_ENDPOINT_URL") or None
    custom = endpoint or os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get(
        "AWS_ENDPOINT_URL")
    # Path-style addressing works on every S3-compatible store (MinIO needs it).
    style = settings.get("S3_ADDRESSING_STYLE") or ("path" if custom else "auto")
    config = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=10,
                    read_timeout=60, max_pool_connections=workers(settings) + 2,
                    s3={"addressing_style": style},
                    # Checksums beyond Content-MD5 only where S3 requires them, which
                    # every S3-compatible store supports.
                    request_checksum_calculation="when_required",
                    response_checksum_validation="when_required")
    core = botocore.session.get_session()
    # Timestamps stay text, read by `listed_time`: botocore's own parser (dateutil)
    # took longer than the rest of listing 27,000 objects.
    core.get_component("response_parser_factory").set_parser_defaults(
        timestamp_parser=str)
    session = boto3.session.Session(botocore_session=core,
                                    region_name=settings.get("S3_REGION") or None)
    return session.client("s3", endpoint_url=endpoint, config=config)


def listed_time(value: object) -> datetime:
    """A LastModified of the listing (ISO 8601 text, or a datetime) as a datetime."""
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:  # another server's way of writing it
        from botocore.utils import parse_timestamp

        return parse_timestamp(str(value))


def connect(settings: Mapping[str, object], where: Target, trust: str | None):
    """(client, the digests record, the listing of the prefix, whether the record stood
    in for the listing: only when `trust` is the header policy the record has)."""
    client = make_client(settings)
    record = stored_record(client, where)
    listed = record_listing(record, where, trust) if trust else None
    if listed is not None:
        return client, record, listed, True
    return client, record, list_prefix(client, where), False


def list_prefix(client, where: Target, page_keys: int = LIST_PAGE_KEYS
                ) -> dict[str, RemoteObject]:
    """Every object under the target's prefix: its ETag and LastModified.

    Asks for pages of `page_keys`: AWS, R2 and MinIO answer at most 1,000 whatever is
    asked; a server that allows more (moto, Ceph configured so) answers in fewer
    requests. One that refuses the number is asked again with its default."""
    from botocore.exceptions import ClientError

    found = {}
    pages = client.get_paginator("list_objects_v2").paginate(
        Bucket=where.bucket, Prefix=where.list_prefix,
        PaginationConfig={"PageSize": page_keys} if page_keys else {})
    try:
        for page in pages:
            for item in page.get("Contents", ()):
                found[item["Key"]] = RemoteObject(item["ETag"].strip('"'),
                                                  listed_time(item["LastModified"]))
    except ClientError as exc:
        if not page_keys or exc.response.get("Error", {}).get("Code") != "InvalidArgument":
            raise
        return list_prefix(client, where, 0)
    return found


def read_own(client, where: Target, name: str) -> dict | None:
    """One of this tool's records under the prefix, as JSON; None if absent or unreadable."""
    from botocore.exceptions import ClientError

    try:
        response = client.get_object(Bucket=where.bucket, Key=where.key(name))
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            return None
        raise
    try:
        data = response["Body"].read()
        if response.get("ContentEncoding") == "gzip":
            data = zlib.decompress(data, 16 + zlib.MAX_WBITS)
        record = json.loads(data)
    except (ValueError, zlib.error):
        return None
    return record if isinstance(record, dict) else None


def stored_record(client, where: Target) -> Record:
    """The digests record under the prefix (an empty, unfinished one if absent or
    unreadable; version 1, which held gzipped files only, counts as unfinished)."""
    found = read_own(client, where, DIGESTS) or {}
    files = found.get("files") if found.get("version") in (1, 2) else None
    if not isinstance(files, dict):
        return Record()
    policy = found.get("policy")
    return Record({name: (entry[0], entry[1], entry[2]) for name, entry in files.items()
                   if isinstance(entry, list) and len(entry) == 3},
                  policy if isinstance(policy, str) else None,
                  found.get("version") == 2 and found.get("complete") is True)


def write_record(client, where: Target, record: Record) -> None:
    """Write the digests record: unfinished before a publish's first change, finished
    once everything else is done."""
    body = {"version": 2, "about": "written by `invoke publish`: for each site file, the "
            "MD5 of the file, and the MD5 and size of what was stored for it",
            "policy": record.policy, "complete": record.complete,
            "files": {name: list(entry) for name, entry in sorted(record.files.items())}}
    client.put_object(Bucket=where.bucket, Key=where.key(DIGESTS),
                      Body=gzip_bytes(json.dumps(body).encode()),
                      ContentType="application/json", ContentEncoding="gzip",
                      CacheControl="no-store")


def stored_policy(client, where: Target, remote: Mapping[str, RemoteObject]) -> str | None:
    """The header policy the marker records; None without a (readable) marker."""
    if where.key(MARKER) not in remote:
        return None
    return (read_own(client, where, MARKER) or {}).get("policy")


def marker_time(client, where: Target, remote: Mapping[str, RemoteObject],
                policy: str) -> datetime | None:
    """When the marker of `policy` was stored; None if the marker has another policy."""
    if stored_policy(client, where, remote) != policy:
        return None
    return remote[where.key(MARKER)].last_modified


def write_marker(client, where: Target, policy: str, settings: Mapping[str, object]) -> None:
    """Record the header policy before the first upload made under it."""
    record = {"policy": policy, "settings": settings_of(settings),
              "about": "written by `invoke publish`: objects stored before this one "
                       "are sent again"}
    client.put_object(Bucket=where.bucket, Key=where.key(MARKER),
                      Body=json.dumps(record, sort_keys=True).encode(),
                      ContentType="application/json", CacheControl="no-store")


def upload(client, where: Target, folder: Path, files: list[LocalFile], progress: Progress,
           threads: int) -> None:
    """put_object each file (in `threads` at once); return when all have arrived.

    Each file sent is noted in `progress.stored` with the MD5 and size of its body."""
    def put(file: LocalFile) -> None:
        data = body(folder, file.relative, file.headers.gzip)
        md5 = hashlib.md5(data)
        key = where.key(file.relative)
        client.put_object(Bucket=where.bucket, Key=key, Body=data,
                          ContentMD5=base64.b64encode(md5.digest()).decode(),
                          **file.headers.as_put_arguments())
        progress.did_send(key, len(data), file.relative, md5.hexdigest())

    run_all(put, files, threads)


def run_all(action: Callable[[LocalFile], None], files: list[LocalFile],
            threads: int) -> None:
    """`action` on every file, `threads` at once; the first failure is raised."""
    if not files:
        return
    with ThreadPoolExecutor(max_workers=min(threads, len(files))) as pool:
        futures = [pool.submit(action, file) for file in files]
        try:
            for future in futures:
                future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def delete(client, where: Target, keys: list[str], progress: Progress) -> None:
    """Delete `keys`, all under the prefix, 1,000 a request."""
    outside = [key for key in keys if not key.startswith(where.list_prefix)]
    if outside:  # make_plan never lists one; a last guard before deleting
        raise ToolError(f"publish: refusing to delete {outside[0]}, outside {where}")
    for start in range(0, len(keys), DELETE_BATCH):
        batch = keys[start:start + DELETE_BATCH]
        response = client.delete_objects(Bucket=where.bucket, Delete={
            "Objects": [{"Key": key} for key in batch], "Quiet": True})
        errors = response.get("Errors") or []
        if errors:
            first = errors[0]
            raise ToolError(f"publish: could not delete {len(errors)} object(s), e.g. "
                            f"{first.get('Key')}: {first.get('Code')} {first.get('Message')}; "
                            "check the credentials may s3:DeleteObject")
        progress.did_delete(batch)


# --- What went wrong, in one line ----------------------------------------------------


def _endpoint(settings: Mapping[str, object]) -> str:
    return str(settings.get("S3_ENDPOINT_URL") or os.environ.get("AWS_ENDPOINT_URL_S3")
               or os.environ.get("AWS_ENDPOINT_URL") or "AWS S3")


def explain(exc: Exception, where: Target, settings: Mapping[str, object]) -> str | None:
    """A botocore failure as one line saying what to do; None for other exceptions."""
    from botocore import exceptions as boto

    endpoint = _endpoint(settings)
    if isinstance(exc, boto.ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        detail = " ".join(str(error.get("Message") or "").split())
        if code == "NoSuchBucket":
            return (f"publish: there is no bucket {where.bucket} at {endpoint}; create it, "
                    "or fix the target (s3://bucket/prefix) or the endpoint")
        if code in CREDENTIAL_ERRORS:
            return (f"publish: {endpoint} refused the credentials ({code}); check "
                    "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE")
        if code in ACCESS_ERRORS:
            return (f"publish: access denied to s3://{where.bucket} at {endpoint}; the "
                    "credentials need s3:ListBucket, s3:GetObject, s3:PutObject and "
                    "s3:DeleteObject on it")
        if code in REGION_ERRORS:
            return (f"publish: bucket {where.bucket} is in another region ({code}); set "
                    "S3_REGION in publishconf.py or AWS_REGION")
        operation = getattr(exc, "operation_name", "a request")
        return f"publish: {endpoint} refused {operation}: {code} {detail}".rstrip()
    if isinstance(exc, boto.NoCredentialsError | boto.PartialCredentialsError):
        return ("publish: no AWS credentials found; set AWS_ACCESS_KEY_ID and "
                "AWS_SECRET_ACCESS_KEY in the environment, or AWS_PROFILE for a profile "
                "in ~/.aws/credentials")
    if isinstance(exc, boto.ProfileNotFound):
        return f"publish: {exc}; fix AWS_PROFILE or add the profile to ~/.aws/config"
    if isinstance(exc, boto.EndpointConnectionError | boto.ConnectTimeoutError
                  | boto.ReadTimeoutError | boto.ConnectionClosedError):
        return (f"publish: cannot reach {endpoint}; check S3_ENDPOINT_URL (publishconf.py) "
                "or AWS_ENDPOINT_URL, and the network")
    if isinstance(exc, boto.BotoCoreError | boto.ClientError):
        return f"publish: {' '.join(str(exc).split())}"
    return None

