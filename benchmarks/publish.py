"""`invoke publish --to s3://...` on a 4,000-post site, against moto's S3 server (#18).

    python -m benchmarks.publish [--posts 4000] [--repeat 3] [--workdir DIR]

Generates benchmarks.realworld's corpus (as benchmarks.speed does), builds it twice
with publishconf.py, as `invoke preview` does (the second time with one sentence of
one post changed), starts moto's server on 127.0.0.1 as its own process, and times
publish_s3 in this process:

- the first publish to an empty bucket (everything sent);
- the unchanged republish, --repeat times (target: nothing sent, <= 5 s), with the
  time of its parts: reading the digests record, reading and hashing the folder,
  listing the bucket;
- the same with S3_TRUST_RECORD (the record of the last publish instead of a listing);
- a one-file change (one page's bytes changed in the folder): one file sent;
- the one-post edit (the second build): the files sent against the files whose
  bytes differ between the two builds.

The builds are kept in the work folder (default /dev/shm/publish-bench, else the temp
folder) and reused while the corpus is the same. Figures go to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from benchmarks.audit import site_repository
from benchmarks.bench import machine_info
from benchmarks.speed import _generator_version, prepare_corpus
from benchmarks.speed_child import edit_middle_sentence

TARGET_SECONDS = 5.0
TRUST = {"S3_TRUST_RECORD": True}


def build(site: Path, output: str) -> float:
    """Build the site copy with publishconf.py into `output`; the seconds it took."""
    env = {k: v for k, v in os.environ.items() if k not in {"SITEURL", "PUBLISH_TARGET"}}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pelican", "content", "-s", "publishconf.py", "-o",
                    output, "-q"], cwd=site, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def builds(workdir: Path, posts: int) -> tuple[Path, Path, float]:
    """The two production builds (before and after the edit), made unless kept."""
    marker = workdir / "publish-builds.json"
    wanted = {"posts": posts, "generator": _generator_version()}
    site = workdir / "site"
    before, after = site / "output-before", site / "output-after"
    if (marker.exists() and json.loads(marker.read_text()) == wanted
            and (before / "index.html").exists() and (after / "index.html").exists()):
        return before, after, 0.0
    corpus = prepare_corpus(workdir, posts)
    site_repository(corpus, site)
    seconds = build(site, before.name)
    articles = sorted((site / "content" / "articles").glob("*.md"))
    post = articles[len(articles) // 2]
    post.write_text(edit_middle_sentence(post.read_text(encoding="utf-8"), "publish"),
                    encoding="utf-8")
    seconds += build(site, after.name)
    marker.write_text(json.dumps(wanted))
    return before, after, seconds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    """moto's S3 server as its own process, once it answers."""
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                               str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("moto's server did not start")


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in folder.rglob("*") if path.is_file()}


def sent(lines: list[str]) -> tuple[int, int, int]:
    """(files sent, bytes, deleted) from publish_s3's summary line."""
    words = lines[-1].replace(",", "").replace("(", "").split()
    return int(words[1]), int(words[4]), int(words[6])


def verdict(what: str, runs: list[float]) -> None:
    median = statistics.median(runs)
    against = "within" if median <= TARGET_SECONDS else "OVER"
    print(f"{what}: median {median:.2f} s, min {min(runs):.2f} s, max {max(runs):.2f} s "
          f"({against} the {TARGET_SECONDS:.0f} s target)", flush=True)


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    shm = Path("/dev/shm")
    workdir = args.workdir or (shm if shm.is_dir() else Path(tempfile.gettempdir())) / (
        f"publish-bench-{args.posts}")
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine_info()}", flush=True)
    before, after, build_seconds = builds(workdir, args.posts)
    if build_seconds:
        print(f"built both outputs in {build_seconds:.1f} s", flush=True)
    old, new = files_of(before), files_of(after)
    differ = sum(1 for name in new if old.get(name) != new[name])
    gone = len(set(old) - set(new))
    print(f"site: {args.posts} posts, {len(old):,} files, {sum(map(len, old.values())):,} "
          f"bytes; the one-post edit changes {differ} files and removes {gone}", flush=True)

    port = free_port()
    server = start_server(port)
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
                      AWS_DEFAULT_REGION="us-east-1",
                      AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}")
    os.environ.pop("AWS_PROFILE", None)
    try:
        import boto3

        from customer_evidence.tools import s3_publish
        from customer_evidence.tools.deploy_plan import parse_target
        from customer_evidence.tools.s3_publish import publish_s3

        bucket = f"bench-{uuid.uuid4().hex[:8]}"
        boto3.client("s3").create_bucket(Bucket=bucket)
        target = f"s3://{bucket}/blog"
        folder = workdir / "publish-copy"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(before, folder)
        lines, seconds = timed(lambda: publish_s3(folder, target, {}))
        print(f"first publish: {lines[-1]} in {seconds:.2f} s", flush=True)

        client = s3_publish.make_client({})
        where = parse_target(target)
        runs = []
        for number in range(1, args.repeat + 1):
            lines, seconds = timed(lambda: publish_s3(folder, target, {}))
            record, reading = timed(lambda: s3_publish.stored_record(client, where))
            _, hashing = timed(lambda record=record: s3_publish.local_files(folder, {},
                                                                             record.files))
            _, listing = timed(lambda: s3_publish.list_prefix(client, where))
            runs.append(seconds)
            print(f"unchanged republish {number}/{args.repeat}: {lines[-1]} in {seconds:.2f} s "
                  f"(alone: the digests record {reading:.2f} s, reading and hashing the folder "
                  f"{hashing:.2f} s, listing the bucket {listing:.2f} s)",
                  flush=True)
            assert sent(lines)[:1] == (0,), lines
        verdict("unchanged republish", runs)
        trusted = []
        for number in range(1, args.repeat + 1):
            lines, seconds = timed(lambda: publish_s3(folder, target, TRUST))
            trusted.append(seconds)
            print(f"unchanged republish with S3_TRUST_RECORD {number}/{args.repeat}: "
                  f"{lines[-1]} in {seconds:.2f} s", flush=True)
            assert sent(lines)[:1] == (0,), lines
        verdict("unchanged republish with S3_TRUST_RECORD", trusted)

        page = next(path for path in sorted(folder.rglob("index.html"))
                    if "posts" in path.parts)
        page.write_bytes(page.read_bytes() + b"<!-- one-file change -->\n")
        lines, seconds = timed(lambda: publish_s3(folder, target, {}))
        print(f"one-file change: {lines[-1]} in {seconds:.2f} s", flush=True)
        assert sent(lines)[0] == 1, lines

        lines, seconds = timed(lambda: publish_s3(after, target, {}))
        files, _, deleted = sent(lines)
        # The one-file change above is one more file that differs from `after`.
        changed_page = page.relative_to(folder).as_posix()
        counted = changed_page in new and new[changed_page] != old.get(changed_page)
        expected = differ + (changed_page in new and not counted)
        print(f"one-post edit: {lines[-1]} in {seconds:.2f} s; files that differ: {expected}, "
              f"removed: {gone}", flush=True)
        assert (files, deleted) == (expected, gone), (lines, expected, gone)
    finally:
        server.kill()
        server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
