"""`invoke publish --to s3://...` (s3_publish.publish_s3) against moto's S3 server on
127.0.0.1: what arrives, with which headers, in which order, what a rerun sends."""

from __future__ import annotations

import gzip
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

from conftest import CONTENT, build_site, copy_site, run_invoke
from customer_evidence.tools import ToolError, s3_publish
from customer_evidence.tools.deploy_plan import (
    CACHE_LONG,
    CACHE_MIDDLE,
    CACHE_SHORT,
    DIGESTS,
    MARKER,
    TRUSTED,
    Record,
    TargetError,
    object_headers,
    parse_target,
    record_listing,
)
from customer_evidence.tools.s3_publish import local_files, publish_s3

# One summary line for rsync and S3 alike: `publish: 3 files sent (1,234 bytes), 1 deleted`.
SUMMARY = re.compile(r"^publish: (\d+) files? sent \(([\d,]+) bytes\)(?:, (\d+) deleted)?, "
                     r"to (\S+)$")
DRY_RUN = re.compile(r"^publish \(dry run\): would send (\d+) files? \(([\d,]+) bytes: "
                     r"(\d+) new, (\d+) changed\), delete (\d+), to (\S+); nothing was sent$")
PAGE = "<!doctype html><html><head><title>{0}</title></head><body>{0} {1}</body></html>\n"
# A tiny but real PNG (1x1, grey), and a Pagefind chunk: gzip already, named by digest.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010800000000"
                    "3a7e9b550000000a49444154789c6360000000020001e221bc330000000049454e44ae426082")


@pytest.fixture(scope="module")
def endpoint():
    """moto's S3 server on a free port of 127.0.0.1, for this module's tests."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws_env(endpoint, monkeypatch, tmp_path):
    """boto3's standard chain pointed at the local server, nothing from ~/.aws."""
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL_S3", "AWS_SESSION_TOKEN",
                 "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    return endpoint


@pytest.fixture
def s3(aws_env):
    """A client of the local server and a new bucket of its own: (client, bucket)."""
    client = boto3.client("s3")
    bucket = f"site-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    return client, bucket


def write(folder: Path, relative: str, data: bytes | str) -> None:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)


@pytest.fixture
def site(tmp_path) -> Path:
    """A small built site: pages in nested folders, a stylesheet, a script, an image,
    feeds, sitemap, robots.txt and a Pagefind index."""
    folder = tmp_path / "site"
    for relative, title in [("index.html", "Home"), ("about/index.html", "About"),
                            ("posts/first/index.html", "First"),
                            ("posts/second/index.html", "Second"),
                            ("posts/café-notes/index.html", "Café"), ("404.html", "Lost")]:
        write(folder, relative, PAGE.format(title, "text " * 200))
    write(folder, "theme/css/site.css", "body { color: #222; }\n" * 50)
    write(folder, "theme/js/search.js", "console.log('search');\n" * 20)
    write(folder, "theme/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"></svg>\n')
    write(folder, "images/photo.png", PNG)
    write(folder, "posts/first/card.png", PNG + b"first")
    write(folder, "feeds/all.atom.xml", '<?xml version="1.0"?><feed>entries</feed>\n')
    write(folder, "sitemap.xml", '<?xml version="1.0"?><urlset></urlset>\n')
    write(folder, "robots.txt", "User-agent: *\nAllow: /\n")
    write(folder, "pagefind/fragment/en_10386f7.pf_fragment", gzip.compress(b"fragment"))
    write(folder, "pagefind/pagefind-entry.json", '{"version": "1.5.2"}')
    return folder


def publish(site: Path, bucket: str, prefix: str = "blog", **kwargs) -> list[str]:
    settings = kwargs.pop("settings", {})
    return publish_s3(site, f"s3://{bucket}/{prefix}" if prefix else f"s3://{bucket}",
                      settings, **kwargs)


def counts(lines: list[str]) -> tuple[int, int, int]:
    """(files sent, bytes, deleted) from the summary, the last line."""
    match = SUMMARY.match(lines[-1])
    assert match, lines
    return int(match[1]), int(match[2].replace(",", "")), int(match[3])


def listing(client, bucket: str, own: bool = False) -> dict[str, tuple[str, object]]:
    """Every object of the bucket: key -> (ETag, LastModified); with `own`, also the
    records publish_s3 keeps beside the site."""
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", ()):
            if own or not item["Key"].endswith((MARKER, DIGESTS)):
                found[item["Key"]] = (item["ETag"], item["LastModified"])
    return found


def stored_site(client, bucket: str, prefix: str = "blog") -> dict[str, bytes]:
    """The site as stored under the prefix, each body decoded as a browser would."""
    site = {}
    for key in listing(client, bucket):
        relative = key.removeprefix(f"{prefix}/") if prefix else key
        if prefix and not key.startswith(f"{prefix}/"):
            continue
        response = client.get_object(Bucket=bucket, Key=key)
        data = response["Body"].read()
        if response.get("ContentEncoding") == "gzip":
            data = gzip.decompress(data)
        site[relative] = data
    return site


def folder_content(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in folder.rglob("*") if path.is_file()}


# --- Headers and targets, decided from the path alone ----------------------------------


@pytest.mark.parametrize("relative, content_type, cache, gzipped", [
    ("index.html", "text/html; charset=utf-8", CACHE_SHORT, True),
    ("posts/a-post/index.html", "text/html; charset=utf-8", CACHE_SHORT, True),
    ("feeds/all.atom.xml", "application/xml", CACHE_SHORT, True),
    ("sitemap.xml", "application/xml", CACHE_SHORT, True),
    ("robots.txt", "text/plain; charset=utf-8", CACHE_SHORT, True),
    ("pagefind/pagefind-entry.json", "application/json", CACHE_SHORT, True),
    ("theme/css/site.css", "text/css; charset=utf-8", CACHE_MIDDLE, True),
    ("theme/js/search.js", "application/javascript", CACHE_MIDDLE, True),
    ("pagefind/pagefind.js", "application/javascript", CACHE_MIDDLE, True),
    ("theme/logo.svg", "image/svg+xml", CACHE_MIDDLE, True),
    ("images/handoff-failures-480w.png", "image/png", CACHE_MIDDLE, False),
    ("images/why-sellers-skip-leads.jpg", "image/jpeg", CACHE_MIDDLE, False),
    ("posts/x/card.png", "image/png", CACHE_MIDDLE, False),
    ("images/photo.webp", "image/webp", CACHE_MIDDLE, False),
    ("theme/fonts/body.woff2", "font/woff2", CACHE_MIDDLE, False),
    ("pagefind/wasm.en.pagefind", "application/octet-stream", CACHE_MIDDLE, False),
    ("pagefind/fragment/en_10386f7.pf_fragment", "application/octet-stream", CACHE_LONG,
     False),
    ("pagefind/index/en_2a2bb3b.pf_index", "application/octet-stream", CACHE_LONG, False),
    ("pagefind/filter/en_259578a.pf_filter", "application/octet-stream", CACHE_LONG, False),
    ("pagefind/pagefind.en_fb5fc4296f.pf_meta", "application/octet-stream", CACHE_LONG,
     False),
    ("downloads/guide.pdf", "application/pdf", CACHE_MIDDLE, False),
    ("files/data.unknownext", "application/octet-stream", CACHE_MIDDLE, False),
])
def test_headers_follow_from_the_path(relative, content_type, cache, gzipped):
    headers = object_headers(relative, {})
    assert (headers.content_type, headers.cache_control, headers.gzip) == (
        content_type, cache, gzipped)


def test_header_settings_replace_the_defaults():
    settings = {"S3_CACHE_CONTROL_HTML": "no-cache", "S3_CACHE_CONTROL_ASSETS": "max-age=9",
                "S3_CACHE_CONTROL_DEFAULT": "max-age=60", "S3_GZIP": False}
    assert object_headers("index.html", settings).cache_control == "no-cache"
    assert object_headers("pagefind/index/en_2a2bb3b.pf_index", settings).cache_control == (
        "max-age=9")
    assert object_headers("theme/css/site.css", settings).cache_control == "max-age=60"
    assert not object_headers("index.html", settings).gzip
    assert "ContentEncoding" not in object_headers("index.html", settings).as_put_arguments()


@pytest.mark.parametrize("target, bucket, prefix", [
    ("s3://my-site", "my-site", ""), ("s3://my-site/", "my-site", ""),
    ("s3://my.site/blog", "my.site", "blog"), ("s3://my-site/blog/en/", "my-site", "blog/en"),
])
def test_targets_parse_into_bucket_and_prefix(target, bucket, prefix):
    parsed = parse_target(target)
    assert (parsed.bucket, parsed.prefix) == (bucket, prefix)


@pytest.mark.parametrize("target", ["my-site/blog", "https://my-site/blog", "s3://",
                                    "s3://My_Site/blog", "s3://ab", "s3://site/a//b",
                                    "s3://site/../other"])
def test_other_targets_are_refused(target):
    with pytest.raises(TargetError, match=r"s3://bucket or s3://bucket/prefix"):
        parse_target(target)


# --- Publishing to the local server ----------------------------------------------------


def test_first_publish_sends_everything_with_its_headers(s3, site):
    client, bucket = s3
    sent, size, deleted = counts(publish(site, bucket))
    files = folder_content(site)
    assert (sent, deleted) == (len(files), 0)
    stored = listing(client, bucket)
    assert size == sum(client.head_object(Bucket=bucket, Key=key)["ContentLength"]
                       for key in stored)
    assert stored_site(client, bucket) == files
    page = client.head_object(Bucket=bucket, Key="blog/posts/first/index.html")
    assert (page["ContentType"], page["CacheControl"], page.get("ContentEncoding")) == (
        "text/html; charset=utf-8", CACHE_SHORT, "gzip")
    css = client.head_object(Bucket=bucket, Key="blog/theme/css/site.css")
    assert (css["ContentType"], css["CacheControl"], css.get("ContentEncoding")) == (
        "text/css; charset=utf-8", CACHE_MIDDLE, "gzip")
    image = client.get_object(Bucket=bucket, Key="blog/images/photo.png")
    assert (image["ContentType"], image["CacheControl"], image.get("ContentEncoding")) == (
        "image/png", CACHE_MIDDLE, None)
    assert image["Body"].read() == PNG
    chunk = client.get_object(Bucket=bucket, Key="blog/pagefind/fragment/en_10386f7.pf_fragment")
    assert (chunk["CacheControl"], chunk.get("ContentEncoding")) == (CACHE_LONG, None)
    assert chunk["Body"].read() == files["pagefind/fragment/en_10386f7.pf_fragment"]
    feed = client.head_object(Bucket=bucket, Key="blog/feeds/all.atom.xml")
    assert (feed["ContentType"], feed["CacheControl"]) == ("application/xml", CACHE_SHORT)
    # The Unicode folder name arrives as itself.
    assert "blog/posts/café-notes/index.html" in stored


def test_an_unchanged_site_sends_nothing(s3, site):
    client, bucket = s3
    publish(site, bucket)
    before = listing(client, bucket, own=True)
    assert counts(publish(site, bucket)) == (0, 0, 0)
    assert listing(client, bucket, own=True) == before  # not even a record rewritten


def test_one_changed_file_sends_one(s3, site):
    client, bucket = s3
    publish(site, bucket)
    before = listing(client, bucket)
    write(site, "theme/css/site.css", "body { color: #000; }\n")
    assert counts(publish(site, bucket))[0] == 1
    after = listing(client, bucket)
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {"blog/theme/css/site.css"}
    assert stored_site(client, bucket) == folder_content(site)


def test_a_file_the_site_no_longer_has_is_deleted(s3, site):
    client, bucket = s3
    publish(site, bucket)
    (site / "posts" / "second" / "index.html").unlink()
    assert counts(publish(site, bucket)) == (0, 0, 1)
    assert "blog/posts/second/index.html" not in listing(client, bucket)
    assert stored_site(client, bucket) == folder_content(site)


def watch_clients(monkeypatch, handlers: dict) -> None:
    """Register botocore event `handlers` (event name: function) on every client
    publish_s3 makes."""
    make_client = s3_publish.make_client

    def watched_client(settings):
        client = make_client(settings)
        for event, handler in handlers.items():
            client.meta.events.register(event, handler)
        return client

    monkeypatch.setattr(s3_publish, "make_client", watched_client)


def record_requests(monkeypatch) -> list[tuple[str, str]]:
    """Every PutObject (with its key) and DeleteObjects publish_s3 sends, in order."""
    calls: list[tuple[str, str]] = []

    def recorder(model, params, **kwargs):
        key = params.get("Key") or ",".join(item["Key"]
                                            for item in params["Delete"]["Objects"])
        calls.append((model.name, key))

    watch_clients(monkeypatch, {"before-parameter-build.s3.PutObject": recorder,
                                "before-parameter-build.s3.DeleteObjects": recorder})
    return calls


def stage(call: tuple[str, str]) -> int:
    """0: assets, 1: pages, 2: feeds, sitemap, robots.txt, search entry; 3: deletions."""
    operation, key = call
    if operation == "DeleteObjects":
        return 3
    if key.endswith(".html"):
        return 1
    return 2 if key.endswith((".xml", ".txt", ".json")) else 0


def test_assets_go_first_then_pages_then_feeds_and_deletions_last(s3, site, monkeypatch):
    client, bucket = s3
    calls = record_requests(monkeypatch)
    publish(site, bucket, settings={"S3_UPLOAD_WORKERS": 4})
    assert calls[0] == ("PutObject", f"blog/{MARKER}")  # the header policy, before all
    assert calls[-1] == ("PutObject", f"blog/{DIGESTS}")  # the digests, after all
    stages = [stage(call) for call in calls[1:-1]]
    assert stages == sorted(stages) and set(stages) == {0, 1, 2}
    calls.clear()
    write(site, "theme/css/site.css", "a { color: red; }\n")
    write(site, "images/new.png", PNG + b"new")
    write(site, "posts/third/index.html", PAGE.format("Third", "new"))
    write(site, "feeds/all.atom.xml", "<feed>third</feed>")
    (site / "posts" / "second" / "index.html").unlink()
    (site / "posts" / "first" / "card.png").unlink()
    publish(site, bucket)
    assert calls.pop(0) == ("PutObject", f"blog/{DIGESTS}")  # marked unfinished, first
    assert calls.pop() == ("PutObject", f"blog/{DIGESTS}")  # finished, last
    assert [stage(call) for call in calls] == [0, 0, 1, 2, 3]  # uploads in parallel per stage
    assert set(calls) == {("PutObject", "blog/images/new.png"),
                          ("PutObject", "blog/theme/css/site.css"),
                          ("PutObject", "blog/posts/third/index.html"),
                          ("PutObject", "blog/feeds/all.atom.xml"),
                          ("DeleteObjects",
                           "blog/posts/first/card.png,blog/posts/second/index.html")}
    assert stored_site(client, bucket) == folder_content(site)


def test_objects_outside_the_prefix_are_left_alone(s3, site):
    client, bucket = s3
    outside = {"other/index.html": b"other site", "blogroll/index.html": b"shares a prefix",
               "blog": b"the prefix's own name", "index.html": b"the bucket's root"}
    for key, data in outside.items():
        client.put_object(Bucket=bucket, Key=key, Body=data)
    before = listing(client, bucket)
    publish(site, bucket)
    (site / "about" / "index.html").unlink()
    assert counts(publish(site, bucket))[2] == 1
    after = listing(client, bucket)
    assert {key: after[key] for key in outside} == {key: before[key] for key in outside}
    assert not [key for key in after if key not in outside and not key.startswith("blog/")]


def test_a_stale_object_under_the_prefix_is_deleted(s3, site):
    client, bucket = s3
    client.put_object(Bucket=bucket, Key="blog/old-post/index.html", Body=b"old")
    sent, _, deleted = counts(publish(site, bucket))
    assert (sent, deleted) == (len(folder_content(site)), 1)
    assert stored_site(client, bucket) == folder_content(site)


def test_the_whole_bucket_as_target(s3, site):
    client, bucket = s3
    lines = publish(site, bucket, prefix="")
    assert lines[-1].endswith(f"to s3://{bucket}")
    assert stored_site(client, bucket, prefix="") == folder_content(site)
    assert counts(publish(site, bucket, prefix="")) == (0, 0, 0)


def test_a_dry_run_sends_nothing_and_says_what_the_publish_sends(s3, site):
    client, bucket = s3
    [line] = publish(site, bucket, dry_run=True)
    match = DRY_RUN.match(line)
    assert match and match[6] == f"s3://{bucket}/blog"
    assert listing(client, bucket, own=True) == {}
    first = counts(publish(site, bucket))
    assert (int(match[1]), int(match[2].replace(",", "")), int(match[5])) == first
    assert (int(match[3]), int(match[4])) == (first[0], 0)

    write(site, "posts/first/index.html", PAGE.format("First", "edited"))
    write(site, "posts/fourth/index.html", PAGE.format("Fourth", "new"))
    (site / "robots.txt").unlink()
    before = listing(client, bucket, own=True)
    lines = publish(site, bucket, dry_run=True, verbose=True)
    match = DRY_RUN.match(lines[-1])
    assert match and (int(match[1]), int(match[3]), int(match[4]), int(match[5])) == (
        2, 1, 1, 1)
    assert [line.split(" (")[0] for line in lines[:-1]] == [
        "would send blog/posts/first/index.html", "would send blog/posts/fourth/index.html",
        "would delete blog/robots.txt"]
    assert listing(client, bucket, own=True) == before
    assert counts(publish(site, bucket)) == (2, int(match[2].replace(",", "")), 1)


def test_verbose_names_each_key_as_it_is_sent(s3, site, capsys):
    _, bucket = s3
    publish(site, bucket)
    write(site, "index.html", PAGE.format("Home", "new"))
    (site / "404.html").unlink()
    lines = publish(site, bucket, verbose=True)
    printed = capsys.readouterr().out.splitlines()
    assert [line.split(" (")[0] for line in printed] == ["sent blog/index.html",
                                                         "deleted blog/404.html"]
    assert counts(lines)[:1] == (1,)


def test_new_header_settings_send_every_object_again_once(s3, site):
    client, bucket = s3
    publish(site, bucket)
    settings = {"S3_CACHE_CONTROL_HTML": "public, max-age=60"}
    assert counts(publish(site, bucket, settings=settings))[0] == len(folder_content(site))
    page = client.head_object(Bucket=bucket, Key="blog/about/index.html")
    assert page["CacheControl"] == "public, max-age=60"
    assert counts(publish(site, bucket, settings=settings)) == (0, 0, 0)


def test_no_gzip_setting_stores_the_files_as_they_are(s3, site):
    client, bucket = s3
    publish(site, bucket, settings={"S3_GZIP": False})
    page = client.get_object(Bucket=bucket, Key="blog/index.html")
    assert page.get("ContentEncoding") is None
    assert page["Body"].read() == (site / "index.html").read_bytes()


def test_the_endpoint_may_come_from_the_settings(s3, site, monkeypatch):
    client, bucket = s3
    endpoint = os.environ.pop("AWS_ENDPOINT_URL")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    settings = {"S3_ENDPOINT_URL": endpoint, "S3_REGION": "us-east-1"}
    assert counts(publish(site, bucket, settings=settings))[0] == len(folder_content(site))


# --- An interrupted upload, rerun ------------------------------------------------------


def stale_files(client, bucket: str, folder: Path) -> int:
    """Site files the bucket does not hold with the body publish_s3 would store."""
    stored = {key: etag.strip('"') for key, (etag, _) in listing(client, bucket).items()}
    return sum(1 for file in local_files(folder, {})
               if stored.get(f"blog/{file.relative}") != file.md5)


def test_an_upload_killed_half_way_is_finished_by_the_rerun(s3, site, aws_env):
    client, bucket = s3
    for number in range(240):
        write(site, f"posts/p{number}/index.html", PAGE.format(number, os.urandom(8000).hex()))
    total = len(folder_content(site))
    code = ("import sys; from pathlib import Path; "
            "from customer_evidence.tools.s3_publish import publish_s3; "
            "print(*publish_s3(Path(sys.argv[1]), sys.argv[2], {'S3_UPLOAD_WORKERS': 2}, "
            "verbose=True), sep='\\n')")
    child = subprocess.Popen([sys.executable, "-c", code, str(site), f"s3://{bucket}/blog"],
                             stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    reported = 0
    for line in child.stdout:
        reported += line.startswith("sent ")
        if reported == 60:
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=60)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL, "the upload ended before it was killed"
    missing = stale_files(client, bucket, site)
    assert 0 < missing <= total - 60
    assert counts(publish(site, bucket))[0] == missing
    assert stored_site(client, bucket) == folder_content(site)
    assert counts(publish(site, bucket)) == (0, 0, 0)


# --- Failures, each one line -----------------------------------------------------------


def one_line_error(site: Path, target: str, settings: dict | None = None) -> str:
    with pytest.raises(ToolError) as caught:
        publish_s3(site, target, settings or {})
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_a_bad_target_is_refused_in_one_line(site, aws_env):
    assert "s3://bucket/prefix" in one_line_error(site, "s3://Not_A_Bucket/blog")


def test_a_missing_bucket_says_so(site, aws_env):
    message = one_line_error(site, "s3://no-such-bucket-here/blog")
    assert "no bucket no-such-bucket-here" in message and "create it" in message


def test_no_credentials_says_where_they_come_from(site, aws_env, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    message = one_line_error(site, "s3://some-bucket/blog")
    assert "no AWS credentials" in message and "AWS_ACCESS_KEY_ID" in message


def test_an_unreachable_endpoint_says_so(site, aws_env, monkeypatch):
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    message = one_line_error(site, "s3://some-bucket/blog")
    assert f"cannot reach http://127.0.0.1:{port}" in message


def test_a_key_in_the_settings_is_refused_before_any_request(site, aws_env, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # never reached
    message = one_line_error(site, "s3://some-bucket/blog",
                             {"AWS_SECRET_ACCESS_KEY": "abc", "S3_SECRET_KEY": "def"})
    assert "AWS_SECRET_ACCESS_KEY, S3_SECRET_KEY" in message
    assert "environment" in message and "AWS profile" in message


def test_a_folder_without_index_html_is_refused(site, aws_env):
    (site / "index.html").unlink()
    assert "no index.html" in one_line_error(site, "s3://some-bucket/blog")


# --- A real build: a one-post edit sends the pages that changed --------------------------


def test_a_one_post_edit_sends_only_the_files_that_changed(s3, tmp_path):
    client, bucket = s3
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    first = build_site("publishconf.py", tmp_path / "first", content)
    assert counts(publish(first, bucket))[0] == len(folder_content(first))
    post = content / "articles" / "workshop-cost.md"
    text = post.read_text(encoding="utf-8")
    paragraph = text.rstrip().rsplit("\n\n", 1)[-1]
    post.write_text(text.replace(paragraph, paragraph + " One sentence more."),
                    encoding="utf-8")
    second = build_site("publishconf.py", tmp_path / "second", content)
    old, new = folder_content(first), folder_content(second)
    differ = {name for name in new if old.get(name) != new[name]}
    gone = set(old) - set(new)
    sent, _, deleted = counts(publish(second, bucket))
    assert (sent, deleted) == (len(differ), len(gone))
    assert 0 < sent < len(new) // 4
    assert stored_site(client, bucket) == new
    assert "posts/how-much-does-a-sales-and-marketing-alignment-workshop-cost/index.html" in (
        differ)


# --- The digests record: an unchanged file is not gzipped again ----------------------


def test_an_unchanged_republish_gzips_nothing(s3, site, monkeypatch):
    _, bucket = s3
    publish(site, bucket)
    gzipped = []
    original = s3_publish.gzip_bytes
    monkeypatch.setattr(s3_publish, "gzip_bytes", lambda data: gzipped.append(1) or original(
        data))
    assert counts(publish(site, bucket)) == (0, 0, 0)
    assert gzipped == []


def test_without_the_digests_record_the_comparison_still_holds(s3, site):
    client, bucket = s3
    publish(site, bucket)
    client.delete_object(Bucket=bucket, Key=f"blog/{DIGESTS}")
    assert counts(publish(site, bucket)) == (0, 0, 0)
    client.put_object(Bucket=bucket, Key=f"blog/{DIGESTS}", Body=b"not json")
    write(site, "about/index.html", PAGE.format("About", "changed"))
    assert counts(publish(site, bucket))[0] == 1
    assert stored_site(client, bucket) == folder_content(site)


def test_an_object_changed_behind_the_publish_is_sent_again(s3, site):
    client, bucket = s3
    publish(site, bucket)
    client.put_object(Bucket=bucket, Key="blog/posts/first/index.html", Body=b"defaced")
    client.delete_object(Bucket=bucket, Key="blog/theme/css/site.css")
    assert counts(publish(site, bucket))[0] == 2
    assert stored_site(client, bucket) == folder_content(site)


def test_the_listing_follows_every_page(s3, site):
    client, bucket = s3
    publish(site, bucket)
    where = parse_target(f"s3://{bucket}/blog")
    small_pages = s3_publish.list_prefix(s3_publish.make_client({}), where, page_keys=3)
    assert set(small_pages) == set(listing(client, bucket, own=True))


def test_a_wrong_digests_record_costs_one_upload_and_is_put_right(s3, site):
    client, bucket = s3
    publish(site, bucket)
    where = parse_target(f"s3://{bucket}/blog")
    record = s3_publish.stored_record(client, where)
    raw, _, size = record.files["index.html"]
    record.files["index.html"] = (raw, "0" * 32, size)  # as if another zlib made the body
    s3_publish.write_record(client, where, record)
    assert counts(publish(site, bucket))[0] == 1
    assert counts(publish(site, bucket)) == (0, 0, 0)
    assert s3_publish.stored_record(client, where).files["index.html"][1] != "0" * 32


# --- S3_TRUST_RECORD: the record of the last finished publish instead of a listing -------

TRUST = {"S3_TRUST_RECORD": True}


def count_listings(monkeypatch) -> list[int]:
    """One entry for each ListObjectsV2 request publish_s3 sends."""
    listings: list[int] = []
    watch_clients(monkeypatch, {"before-call.s3.ListObjectsV2":
                                lambda **kwargs: listings.append(1)})
    return listings


@pytest.mark.parametrize("record, trusted", [
    (Record({"index.html": ("a" * 32, "b" * 32, 10)}, "policy-1", True), True),
    (Record({"index.html": ("a" * 32, "b" * 32, 10)}, "policy-1", False), False),
    (Record({"index.html": ("a" * 32, "b" * 32, 10)}, "policy-2", True), False),
    (Record({"index.html": ("a" * 32, "b" * 32, 10)}, None, True), False),
    (Record({}, "policy-1", True), False),
])
def test_only_a_finished_record_of_todays_headers_stands_in_for_a_listing(record, trusted):
    listed = record_listing(record, parse_target("s3://bucket/blog"), "policy-1")
    if not trusted:
        assert listed is None
    else:
        assert set(listed) == {"blog/index.html"}
        assert listed["blog/index.html"].etag == "b" * 32  # what was stored, not the file
        assert listed["blog/index.html"].last_modified == TRUSTED


def test_a_trusted_record_replaces_the_listing(s3, site, monkeypatch):
    client, bucket = s3
    listings = count_listings(monkeypatch)
    publish(site, bucket, settings=TRUST)  # no record yet: listed
    assert len(listings) == 1
    assert counts(publish(site, bucket, settings=TRUST)) == (0, 0, 0)
    write(site, "posts/first/index.html", PAGE.format("First", "edited"))
    write(site, "posts/third/index.html", PAGE.format("Third", "new"))
    (site / "images" / "photo.png").unlink()
    assert counts(publish(site, bucket, settings=TRUST))[::2] == (2, 1)
    assert len(listings) == 1  # neither publish listed the bucket
    assert stored_site(client, bucket) == folder_content(site)
    assert counts(publish(site, bucket, settings=TRUST)) == (0, 0, 0)


def test_trusting_the_record_misses_what_another_tool_changed_until_verify(
        s3, site, monkeypatch):
    client, bucket = s3
    publish(site, bucket, settings=TRUST)
    client.delete_object(Bucket=bucket, Key="blog/about/index.html")
    assert counts(publish(site, bucket, settings=TRUST)) == (0, 0, 0)  # as documented
    listings = count_listings(monkeypatch)
    assert counts(publish(site, bucket, settings=TRUST, verify=True))[0] == 1
    assert len(listings) == 1
    assert stored_site(client, bucket) == folder_content(site)


def test_an_unfinished_publish_makes_the_next_one_list(s3, site, monkeypatch):
    client, bucket = s3
    publish(site, bucket, settings=TRUST)
    write(site, "posts/first/index.html", PAGE.format("First", "edited"))
    write(site, "posts/second/index.html", PAGE.format("Second", "edited"))
    upload = s3_publish.upload

    def fail_after_the_assets(client, where, folder, files, progress, threads):
        if any(file.relative.endswith(".html") for file in files):
            raise ConnectionError("the network went away")
        upload(client, where, folder, files, progress, threads)

    monkeypatch.setattr(s3_publish, "upload", fail_after_the_assets)
    with pytest.raises(ConnectionError):
        publish(site, bucket, settings=TRUST)
    where = parse_target(f"s3://{bucket}/blog")
    assert not s3_publish.stored_record(client, where).complete
    monkeypatch.setattr(s3_publish, "upload", upload)
    # Objects may have changed since the record: this publish lists, then trusts again.
    client.delete_object(Bucket=bucket, Key="blog/theme/css/site.css")
    listings = count_listings(monkeypatch)
    assert counts(publish(site, bucket, settings=TRUST))[0] == 3
    assert counts(publish(site, bucket, settings=TRUST)) == (0, 0, 0)
    assert len(listings) == 1
    assert s3_publish.stored_record(client, where).complete
    assert stored_site(client, bucket) == folder_content(site)


def test_a_record_of_other_header_settings_is_not_trusted(s3, site, monkeypatch):
    client, bucket = s3
    publish(site, bucket, settings=TRUST)
    listings = count_listings(monkeypatch)
    changed = {**TRUST, "S3_CACHE_CONTROL_HTML": "public, max-age=60"}
    sent = counts(publish(site, bucket, settings=changed))[0]
    assert sent == len(folder_content(site)) and len(listings) == 1
    head = client.head_object(Bucket=bucket, Key="blog/index.html")
    assert head["CacheControl"] == "public, max-age=60"
    assert counts(publish(site, bucket, settings=changed)) == (0, 0, 0)
    assert len(listings) == 1


# --- Through `invoke publish`, as a user runs it ----------------------------------------


def test_invoke_publish_to_s3_runs_the_gate_then_uploads_the_production_build(
        s3, tmp_path):
    client, bucket = s3
    repo = copy_site(tmp_path / "repo")
    dry = run_invoke(repo, "publish", "--dry-run", "--to", f"s3://{bucket}/site")
    assert dry.returncode == 0, dry.stderr
    assert "publish (dry run): would send" in dry.stdout and "nothing was sent" in dry.stdout
    assert listing(client, bucket, own=True) == {}, "a dry run stores nothing"
    real = run_invoke(repo, "publish", "--to", f"s3://{bucket}/site",
                      SITEURL="https://blog.test")
    assert real.returncode == 0, real.stderr
    built = folder_content(repo / "output-publish")
    assert counts(real.stdout.splitlines())[0] == len(built)
    assert stored_site(client, bucket, "site") == built
    assert "privacy scan" in real.stderr, "the gate ran before the upload"
    # With S3_TRUST_RECORD in publishconf.py, --verify still lists and repairs the bucket.
    with (repo / "publishconf.py").open("a") as conf:
        conf.write("\nS3_TRUST_RECORD = True\n")
    client.delete_object(Bucket=bucket, Key="site/index.html")
    trusted = run_invoke(repo, "publish", "--to", f"s3://{bucket}/site",
                         SITEURL="https://blog.test")
    assert trusted.returncode == 0, trusted.stderr
    assert "site/index.html" not in listing(client, bucket), "the record was trusted"
    verified = run_invoke(repo, "publish", "--to", f"s3://{bucket}/site", "--verify",
                          SITEURL="https://blog.test")
    assert verified.returncode == 0, verified.stderr
    assert stored_site(client, bucket, "site") == folder_content(repo / "output-publish")
