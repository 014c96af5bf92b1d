"""The privacy scan reads only the registry and the built output, and finds every private
value there however it is written, without ever printing the value."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CONTENT, ROOT, build_site
from customer_evidence.core import privacy
from customer_evidence.core.privacy import RegistryError, private_values
from customer_evidence.core.source_registry import load_registry
from customer_evidence.tools import privacy_scan
from customer_evidence.tools.privacy_scan import Leak, describe, scan

SOURCES = CONTENT / "sources.yml"
NAME = ("interview-test", "name", "Annika Holmgren")

REGISTRY = """\
- id: interview-2026-02-logistics
  kind: interview
  date: 2026-02-03
  attribution: Operations director, mid-size logistics firm
  consent: public
  private:
    name: Marisol Quenby-Thrale
    company: Greyfield Freight Ltd
    email: m.quenby@greyfield-freight.example
    notes: >-
      Renewal talk with Greyfield Freight Ltd in spring;
      don't call before ten.
    phone: 447700900123
    ref: "7Q"

- id: podcast-2026-01
  kind: podcast
  date: 2026-01-10
  attribution: Guest on a podcast
  consent: public
  private:
    name: Ignatius Wolversmith

- kind: interview
  date: 2026-01-11
  attribution: Nobody gave this one an id
  consent: public
  private:
    email: no-id@hidden.example

- id: bad-private
  kind: interview
  date: 2026-01-12
  attribution: Private written as one line
  consent: public
  private: Peregrine Oxtoby-Vance, Lindqvist Tooling

- id: empty-private
  kind: interview
  date: 2026-01-13
  attribution: Nothing private
  consent: public
  private:
    name: ""
    company:
    notes: "  Al  "
"""


def write(folder: Path, relative: str, content: str | bytes) -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def registry(tmp_path) -> Path:
    return write(tmp_path, "sources.yml", REGISTRY)


# The sample site


def test_the_sample_publish_build_leaks_no_private_value(publish_site):
    values = private_values(SOURCES)
    assert len(values) >= 30
    assert scan(publish_site, values) == []


def test_a_private_name_planted_in_the_theme_is_caught_on_every_page(tmp_path):
    source_id, field, name = next(v for v in private_values(SOURCES) if v[1] == "name")
    theme = shutil.copytree(ROOT / "theme", tmp_path / "theme")
    base = theme / "templates" / "base.html"
    text = base.read_text(encoding="utf-8")
    assert text.count("</footer>") == 1
    base.write_text(text.replace("</footer>", f"<p>{name}</p>\n  </footer>"), encoding="utf-8")
    output = build_site("publishconf.py", tmp_path / "output", THEME=str(theme))

    leaks = scan(output, private_values(SOURCES))
    files = {leak.file for leak in leaks if (leak.source_id, leak.field) == (source_id, field)}
    assert "index.html" in files
    assert any(f.startswith("posts/") and f.endswith("/index.html") for f in files)
    for leak in leaks:
        message = describe(leak)
        assert message.startswith(f"output/{leak.file}: ")
        assert repr(leak.source_id) in message and repr(leak.field) in message
        assert name.casefold() not in message.casefold()


# What the registry gives


def test_private_values_include_rejected_entries_and_every_private_key(registry):
    valid, _ = load_registry(registry)
    assert list(valid.sources) == ["interview-2026-02-logistics", "empty-private"]
    values = private_values(registry)
    assert ("podcast-2026-01", "name", "Ignatius Wolversmith") in values  # unknown kind
    assert ("(entry at line 24)", "email", "no-id@hidden.example") in values  # no id
    assert ("bad-private", "private", "Peregrine Oxtoby-Vance, Lindqvist Tooling") in values
    mine = {field: value for sid, field, value in values
            if sid == "interview-2026-02-logistics"}
    assert mine["phone"] == "447700900123"  # numbers are text, keys beyond the four kept
    assert mine["notes"] == (
        "Renewal talk with Greyfield Freight Ltd in spring; don't call before ten.")
    assert "ref" not in mine  # "7Q": too short to scan for
    assert not [v for v in values if v[0] == "empty-private"]  # empty and short values


def test_a_value_of_a_rejected_entry_is_still_scanned(tmp_path, registry):
    output = tmp_path / "output"
    write(output, "posts/a/index.html", "<p>Thanks to Ignatius Wolversmith.</p>")
    assert scan(output, private_values(registry)) == [
        Leak("posts/a/index.html", "podcast-2026-01", "name")]


def test_a_missing_or_unreadable_registry_is_an_error_not_an_empty_list(tmp_path):
    with pytest.raises(RegistryError):
        private_values(tmp_path / "nowhere.yml")
    broken = write(tmp_path, "broken.yml", "- id: x\n  private:\n    name: [Unclosed Name\n")
    with pytest.raises(RegistryError) as caught:
        private_values(broken)
    assert "Unclosed" not in str(caught.value) + "".join(caught.value.problems)


# How values are found


@pytest.mark.parametrize("written", [
    "<p>&#65;nnika Holmgren</p>",
    "<p>&#x41;nnika &#72;olmgren</p>",
    "<p>ANNIKA HOLMGREN</p>",
    "<p>annika holmgren</p>",
    "<p>Annika&nbsp;Holmgren</p>",
    "<p>Annika&#160;&#160;Holmgren</p>",
    "<p>Annika\n        Holmgren</p>",
    "<p>Annika\r\n\tHolmgren</p>",
    "<p>Annika <em>Holmgren</em></p>",
    "<p>Annika Holm&shy;gren</p>",
    '<img src="x.png" alt="Annika Holmgren">',
    '<script type="application/ld+json">{"author": "Annika Holmgren"}</script>',
])
def test_disguised_values_are_caught(tmp_path, written):
    write(tmp_path, "page.html", f"<!doctype html><html><body>{written}</body></html>")
    assert scan(tmp_path, [NAME]) == [Leak("page.html", "interview-test", "name")]


@pytest.mark.parametrize("relative", [
    "feeds/all.atom.xml", "data/people.json", "robots.txt", "theme/css/site.css",
    "theme/js/x.js", "CNAME", "sitemap.xml.bak",
])
def test_text_files_of_any_extension_are_scanned(tmp_path, relative):
    write(tmp_path, relative, '{"who": "annika holmgren"}\n')
    assert scan(tmp_path, [NAME]) == [Leak(relative, "interview-test", "name")]


def test_a_value_holding_an_angle_bracket_is_found_in_raw_script_text(tmp_path):
    values = [("s", "company", "A<B Partners")]
    write(tmp_path, "x.html", '<script>if (n) label = "a<b partners"; k = n>1;</script>')
    write(tmp_path, "y.html", "<p>A&lt;B Partners</p>")
    assert [leak.file for leak in scan(tmp_path, values)] == ["x.html", "y.html"]


def test_the_whitespace_lists_are_exactly_what_str_split_splits_on():
    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(privacy.ASCII_SPACES + privacy.OTHER_SPACES) == spaces


@pytest.mark.parametrize("text", [
    "Call Annika Holmgren today",
    "ANNIKA\u00a0\u00a0HOLMGREN",
    "annika\u2003holmgren",
    "annika\u3000\x1f holmgren",
    "Hol\u00admgren's partner Annika\n\n  Holm\u200bgren",
    "annikaholmgren",  # no space: not her name, though the quick test passes it on
    "Annika Holmgrenová \u201cquoted\u201d",
    "\u00e9t\u00e9 annika\u2028holmgren",
    "annika hol mgren",
    "Annika\ud800 Holmgren \u00e9",  # a lone surrogate (reStructuredText can make one)
    "nothing to see here \u2014 at all",
    "Greyfield\tFreight\r\nLtd in spring; don\u2019t call before ten.",
    "",
])
def test_the_quick_test_never_loses_a_value(text, registry):
    """present() skips the collapsing when the quick test fails: the result must match."""
    matcher = privacy.PrivateMatcher([NAME, *private_values(registry)])
    assert matcher.present(text) == matcher.found(privacy.normalise(text))


def test_no_values_no_leaks(tmp_path):
    write(tmp_path, "x.html", "<p>Annika Holmgren</p>")
    assert scan(tmp_path, []) == []


def test_a_whole_note_is_found_with_typographic_quotes_and_the_values_it_contains(
        tmp_path, registry):
    write(tmp_path / "output", "about/index.html",
          "<p>Renewal talk with Greyfield Freight Ltd in spring;\n"
          "don&rsquo;t call before ten.</p>")
    leaks = scan(tmp_path / "output", private_values(registry))
    assert {(leak.source_id, leak.field) for leak in leaks} == {
        ("interview-2026-02-logistics", "notes"), ("interview-2026-02-logistics", "company")}


def test_overlapping_values_are_all_found(tmp_path):
    values = [("a", "name", "Marta Linde"), ("b", "name", "Linde Brauer"),
              ("c", "company", "Marta Linde Brauer GmbH"), ("d", "email", "linde")]
    write(tmp_path, "x.html", "<p>Marta Linde Brauer</p>")
    assert {leak.source_id for leak in scan(tmp_path, values)} == {"a", "b", "d"}


def test_each_file_source_and_field_is_reported_once_and_sorted(tmp_path):
    values = [NAME, ("interview-test", "name", "A. Holmgren"),
              ("other", "company", "Greyfield Freight")]
    write(tmp_path, "b.html", "Annika Holmgren, A. Holmgren, annika holmgren, Greyfield Freight")
    write(tmp_path, "a/index.html", "Greyfield Freight " * 3)
    write(tmp_path, "c.html", "nothing private here")
    assert scan(tmp_path, values) == [
        Leak("a/index.html", "other", "company"),
        Leak("b.html", "interview-test", "name"),
        Leak("b.html", "other", "company"),
    ]


def test_a_value_shared_by_two_sources_is_reported_for_both(tmp_path):
    values = [("one", "company", "Greyfield Freight"), ("two", "company", "greyfield  freight")]
    write(tmp_path, "x.html", "Greyfield Freight")
    assert [leak.source_id for leak in scan(tmp_path, values)] == ["one", "two"]


def test_short_values_are_ignored(tmp_path):
    write(tmp_path, "x.html", "<p>Al from the UK, aged 42, said hi.</p>")
    assert scan(tmp_path, [("s", "name", "Al"), ("s", "company", " UK "),
                           ("s", "notes", "42"), ("s", "email", "")]) == []


def test_binary_and_oversized_files_are_skipped_and_listed(tmp_path, monkeypatch):
    write(tmp_path, "images/photo.png", b"\x89PNG\r\n\x1a\n\0\0\0 Annika Holmgren")
    write(tmp_path, "big.html", "Annika Holmgren " + "x" * 200)
    monkeypatch.setattr(privacy_scan, "MAX_BYTES", 100)
    skipped: list[tuple[str, str]] = []
    assert scan(tmp_path, [NAME], skipped) == []
    assert sorted(path for path, _ in skipped) == ["big.html", "images/photo.png"]


def test_a_leak_holds_no_value_and_its_description_names_file_source_and_field():
    leak = Leak("posts/x/index.html", "interview-2026-02-logistics", "name")
    assert not hasattr(leak, "value")
    assert describe(leak) == (
        "output/posts/x/index.html: private field 'name' of source "
        "'interview-2026-02-logistics' appears in the published file")


# The command line


def run_cli(*args: str, script: bool = False, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    plugins = str(ROOT / "plugins")
    if script:
        command = [sys.executable, f"{plugins}/customer_evidence/tools/privacy_scan.py", *args]
        env.pop("PYTHONPATH", None)
    else:
        command = [sys.executable, "-m", "customer_evidence.tools.privacy_scan", *args]
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [plugins, env.get("PYTHONPATH")]))
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("script", [False, True], ids=["module", "script"])
def test_the_command_line_exit_codes_and_output_never_show_a_value(
        tmp_path, registry, script):
    output = tmp_path / "output"
    write(output, "index.html", "<p>Clean page.</p>")
    clean = run_cli(str(output), "--registry", str(registry), script=script)
    assert clean.returncode == 0, clean.stderr
    assert "no private value" in clean.stdout

    write(output, "posts/a/index.html", "<footer>Marisol&nbsp;QUENBY-Thrale</footer>")
    write(output, "feed.xml", "<entry>m.quenby@greyfield-freight.example</entry>")
    leaky = run_cli(str(output), "--registry", str(registry), script=script)
    assert leaky.returncode == 1, leaky.stderr
    lines = leaky.stdout.splitlines()
    assert f"{output.as_posix()}/posts/a/index.html: private field 'name' of source " \
           "'interview-2026-02-logistics' appears in the published file" in lines
    assert any("feed.xml" in line and "'email'" in line for line in lines)
    printed = (leaky.stdout + leaky.stderr).casefold()
    for _, _, value in private_values(registry):
        assert value.casefold() not in printed

    missing = run_cli(str(tmp_path / "nowhere"), "--registry", str(registry), script=script)
    assert missing.returncode == 2
    no_registry = run_cli(str(output), "--registry", str(tmp_path / "none.yml"), script=script)
    assert no_registry.returncode == 2


def test_the_command_line_defaults_to_the_repository_registry(publish_site, tmp_path):
    # Run from a repository whose content/sources.yml is the tests' sample registry.
    (tmp_path / "content").mkdir()
    shutil.copy(CONTENT / "sources.yml", tmp_path / "content" / "sources.yml")
    result = run_cli(str(publish_site), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
