"""Reads Jekyll and Hugo sites: their Markdown posts with YAML or TOML front matter.

Jekyll: `_posts/YYYY-MM-DD-slug.md` (date and slug from the name unless the front matter
says otherwise) and `_drafts/` (drafts). Liquid with a Markdown equivalent is converted
(`{% highlight %}` to fenced code, `{% raw %}` unwrapped, `{{ site.baseurl }}` dropped from
links, `{% post_url %}` to the post's old address); other tags stay visible, each noted
with its line. Hugo: Markdown under `content/` (page bundles' `index.md` named by their
folder; `_index.md` section pages counted and passed over); shortcodes with a Markdown
equivalent converted (figure, youtube, vimeo, gist, tweet/x, instagram, highlight,
ref/relref), others left visible and noted with their line.

Note lines are lines of the source file. Besides `old_url`, a post's further old
addresses (`aliases`, `redirect_from`) are in its `redirect_from` attribute (a list).
Nothing is written.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from customer_evidence.core.front_matter import (
    FrontMatter,
    FrontMatterError,
    pelican_metadata,
    split_front_matter,
)
from customer_evidence.core.header import parse_header
from customer_evidence.importing.model import ImportFailed, Note, ReadStats, SourcePost
from customer_evidence.importing.plain import MAX_FILE_BYTES, decode, parse_date

logger = logging.getLogger(__name__)

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mkdn", ".mdown")
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml",
                "config.yaml", "config.yml", "config.json")
HUGO_CONTENT = "content"
_JEKYLL_NAME_RE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.+)$")
JEKYLL_DEFAULT_PERMALINK = "/:categories/:year/:month/:day/:title:output_ext"
_JEKYLL_STYLES = {
    "date": JEKYLL_DEFAULT_PERMALINK,
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


# -- shared -------------------------------------------------------------------------------

@dataclass
class _Parsed:
    post: SourcePost
    fm: FrontMatter | None
    meta: dict
    body_start: int  # file line of the body's first line


def _read_text(file: Path, source: str) -> tuple[str, list[Note]]:
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise ImportFailed(f"{source}: larger than {MAX_FILE_BYTES} bytes; is it a post?")
        return decode(file.read_bytes())
    except OSError as error:
        raise ImportFailed(f"{source}: cannot be read ({error.strerror})") from error


def _parse(file: Path, text: str, fmt: str, origin: str, source: str,
           notes: list[Note]) -> _Parsed:
    """A SourcePost from a Markdown file with (or without) front matter."""
    try:
        fm, body = split_front_matter(text)
        if fm is None:
            fm, body = _short_yaml(text)
        meta = pelican_metadata(fm) if fm is not None else {}
    except FrontMatterError as error:
        raise ImportFailed(f"{source}: line {error.line}: {error.message}") from error
    post = SourcePost(origin=origin, source=source, format=fmt, title=str(meta.get("title", "")),
                      body=body, body_format="markdown", notes=notes)
    where = fm.line_of if fm is not None else (lambda key: None)
    post.date = parse_date(meta.get("date"), notes, where("date"))
    post.modified = parse_date(meta.get("modified"), notes, where("lastmod"))
    post.slug = str(meta["slug"]) if meta.get("slug") else None
    post.category = str(meta["category"]) if meta.get("category") else None
    post.tags = list(meta.get("tags", []))
    post.authors = list(meta.get("authors", []))
    post.summary = str(meta["summary"]) if meta.get("summary") else None
    post.lang = str(meta["lang"]) if meta.get("lang") else None
    if str(meta.get("status", "")).lower() == "draft":
        post.status = "draft"
    post.redirect_from = list(meta.get("redirect_from", []))
    return _Parsed(post, fm, meta, fm.body_start if fm is not None else 1)


def _short_yaml(text: str) -> tuple[FrontMatter | None, str]:
    """A `---` block of plain `key: value` lines, which split_front_matter leaves to
    Pelican's header reader (so that such files build as before), read as YAML front
    matter, as Jekyll and Hugo read it."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text
    close = next((i for i, line in enumerate(lines[1:], start=1)
                  if line.rstrip() in ("---", "...")), None)
    if close is None:
        return None, text
    try:
        data = yaml.safe_load("\n".join(lines[1:close])) or {}
    except yaml.YAMLError:
        return None, text
    if not isinstance(data, dict):
        return None, text
    key_lines = {f.key: f.line for f in parse_header(text, front_matter=False).fields}
    return (FrontMatter("yaml", {str(k): v for k, v in data.items()}, key_lines, close + 2),
            "\n".join(lines[close + 1:]))


def front_matter_post(file: Path, text: str, fmt: str, origin: str, source: str,
                      notes: list[Note]) -> SourcePost | None:
    """A post from a Markdown file with front matter, as Jekyll reads it (no Liquid
    conversion); None when the file has no front matter."""
    parsed = _parse(file, text, fmt, origin, source, notes)
    if parsed.fm is None:
        return None
    if not parsed.post.title:
        parsed.post.title = file.stem
    url = parsed.fm.data.get("permalink") or parsed.fm.data.get("url")
    if isinstance(url, str) and url.strip() and ":" not in url:
        parsed.post.old_url = "/" + url.strip().lstrip("/")
    return parsed.post


def _line_at(text: str, pos: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, pos)


def _title_from_slug(slug: str) -> str:
    return " ".join(w.capitalize() for w in re.split(r"[-_\s]+", slug) if w)


def _markdown_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


# -- Jekyll -------------------------------------------------------------------------------

def looks_like_jekyll(path: Path) -> bool:
    """A Jekyll site folder (with `_posts/` or `_config.yml`) or one Jekyll post file."""
    if path.is_dir():
        return (path / "_posts").is_dir() or (
            (path / "_config.yml").is_file() and (path / "_drafts").is_dir())
    if path.suffix.lower() not in MARKDOWN_SUFFIXES:
        return False
    return path.parent.name in ("_posts", "_drafts") or bool(_JEKYLL_NAME_RE.match(path.stem))


def read_jekyll(path: Path, stats: ReadStats | None = None) -> Iterator[SourcePost]:
    """The posts (`_posts/`) and drafts (`_drafts/`) of a Jekyll site, or one post file."""
    stats = stats if stats is not None else ReadStats()
    if path.is_file():
        yield _with_liquid(_jekyll_post(path, path.name, path.parent.name == "_drafts",
                                        _jekyll_permalink(path.parent.parent)), {})
        return
    if not path.is_dir():
        raise ImportFailed(f"{path}: no such file or folder")
    permalink = _jekyll_permalink(path)
    entries = []
    for folder, draft in (("_posts", False), ("_drafts", True)):
        for file in _markdown_files(path / folder):
            relative = file.relative_to(path).as_posix()
            if file.suffix.lower() not in MARKDOWN_SUFFIXES:
                stats.skip("not a Markdown post")
            elif not draft and not _JEKYLL_NAME_RE.match(file.stem):
                stats.skip("post not named YYYY-MM-DD-title")
                logger.warning("%s: not named YYYY-MM-DD-title; Jekyll ignores it too", relative)
            else:
                entries.append((file, relative, draft))
    _count_outside(path, stats)
    parsed = [_jekyll_post(file, relative, draft, permalink) for file, relative, draft in entries]
    # The old address of each post, for {% post_url %}.
    urls = {Path(p.post.source).stem: p.post.old_url for p in parsed}
    for item in parsed:
        yield _with_liquid(item, urls)


def _count_outside(site: Path, stats: ReadStats) -> None:
    """Count Markdown pages outside _posts/_drafts (not imported: pages by hand)."""
    for file in site.iterdir():
        if file.is_file() and file.suffix.lower() in MARKDOWN_SUFFIXES and (
                file.stem.lower() not in ("readme", "changelog", "license")):
            stats.skip("page outside _posts/_drafts")


def _jekyll_permalink(site: Path) -> str:
    """The site's baseurl and permalink pattern from _config.yml (Jekyll's default when
    absent), as "baseurl|pattern"."""
    config = site / "_config.yml"
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8-sig")) if config.is_file() else {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        logger.warning("%s: cannot be read; Jekyll's default permalinks assumed", config)
        data = {}
    data = data if isinstance(data, dict) else {}
    value, base = data.get("permalink"), data.get("baseurl")
    pattern = value.strip() if isinstance(value, str) and value.strip() else "date"
    base = "/" + base.strip("/") if isinstance(base, str) and base.strip("/") else ""
    return base + "|" + _JEKYLL_STYLES.get(pattern, pattern)


def _jekyll_url(pattern: str, stem: str, categories: list[str], slug: str | None = None,
                date=None) -> str | None:
    """A post's address as Jekyll made it from `pattern` (`/:year/:month/:day/:title.html`)."""
    match = _JEKYLL_NAME_RE.match(stem)
    if date is None and match is None:
        return None
    year, month, day = (f"{date:%Y}", f"{date:%m}", f"{date:%d}") if date is not None else (
        match["date"].split("-"))
    title = slug or (match["slug"] if match else stem)
    values = {
        ":categories": "/".join(c.lower().replace(" ", "-") for c in categories),
        ":year": year, ":month": month, ":day": day, ":i_month": str(int(month)),
        ":i_day": str(int(day)), ":short_year": year[2:], ":title": title, ":slug": title,
        ":output_ext": ".html", ":y_day": "",
    }
    url = pattern
    for token in sorted(values, key=len, reverse=True):
        url = url.replace(token, values[token])
    return "/" + re.sub(r"/{2,}", "/", url).lstrip("/")


def _with_liquid(parsed: _Parsed, urls: dict[str, str | None]) -> SourcePost:
    post = parsed.post
    post.body, found = convert_liquid(post.body, parsed.body_start, urls)
    post.notes.extend(found)
    return post


def _jekyll_post(file: Path, relative: str, draft: bool, permalink: str) -> _Parsed:
    text, notes = _read_text(file, relative)
    parsed = _parse(file, text, "jekyll", f"jekyll:{relative}", relative, notes)
    post = parsed.post
    match = _JEKYLL_NAME_RE.match(file.stem)
    name_slug = match["slug"] if match else file.stem
    if post.date is None and match:
        post.date = parse_date(match["date"], notes)
    post.slug = post.slug or name_slug
    if not post.title:
        post.title = _title_from_slug(name_slug)
    if draft:
        post.status = "draft"
    categories = [post.category] if post.category else []
    base, permalink = permalink.split("|", 1)
    front = parsed.fm.data if parsed.fm is not None else {}
    if post.status != "draft":
        own = front.get("permalink")
        if isinstance(own, str) and own.strip():
            url = _jekyll_url(own.strip(), file.stem, categories, post.slug, post.date) \
                if ":" in own else "/" + own.strip().lstrip("/")
        else:
            cats = front.get("categories", front.get("category"))
            cats = cats.split() if isinstance(cats, str) else [str(c) for c in cats or []]
            url = _jekyll_url(permalink, file.stem, cats, post.slug, post.date)
        post.old_url = base + url if url else None
    return parsed


_RAW_RE = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.S)
_LIQUID_RE = re.compile(r"\{%-?\s*(?P<tag>\w+)(?P<args>.*?)-?%\}|\{\{-?(?P<expr>.*?)-?\}\}", re.S)
_SITE_URL_RE = re.compile(r"^\s*site\.(baseurl|url)\s*$")


def convert_liquid(body: str, first_line: int = 1,
                   urls: dict[str, str | None] | None = None) -> tuple[str, list[Note]]:
    """Jekyll's Liquid made Markdown where it has an equivalent; the rest noted by line.

    `first_line` is the file line of the body's first line; `urls` maps posts' file
    names (without suffix) to their old addresses, for `{% post_url %}`.
    """
    urls = urls or {}
    notes: list[Note] = []
    out: list[str] = []
    pos = 0
    for raw in _RAW_RE.finditer(body):
        out.append(_convert_liquid_part(body, pos, raw.start(), first_line, urls, notes))
        out.append(raw.group(1))
        pos = raw.end()
    out.append(_convert_liquid_part(body, pos, len(body), first_line, urls, notes))
    return "".join(out), notes


def _convert_liquid_part(body: str, start: int, end: int, first_line: int,
                         urls: dict[str, str | None], notes: list[Note]) -> str:
    def replace(match: re.Match[str]) -> str:
        line = _line_at(body, start + match.start(), first_line)
        if match["expr"] is not None:
            if _SITE_URL_RE.match(match["expr"]):
                return ""
            notes.append(Note(f"line {line}: Liquid {match.group(0).strip()} left as it is; "
                              "replace it by its value", line=line))
            return match.group(0)
        tag, args = match["tag"], match["args"].strip()
        if tag == "highlight":
            return "```" + (args.split()[0] if args else "")
        if tag == "endhighlight":
            return "```"
        if tag == "post_url":
            name = args.split()[0] if args else ""
            stem = PurePosixPath(name).name
            known = urls.get(stem)
            url = known or _jekyll_url("/:year/:month/:day/:title:output_ext", stem, [])
            if url:
                why = ("the redirect list leads it to the new post" if known else
                       "Jekyll's default address, not one of the posts read: check it")
                notes.append(Note(f"line {line}: {{% post_url {name} %}} became its old "
                                  f"address {url}; {why} (or link the new file by hand)",
                                  line=line, level="info" if known else "warning"))
                return url
        notes.append(Note(f"line {line}: Liquid tag {{% {tag} %}} left as it is; convert it "
                          "by hand", line=line))
        return match.group(0)

    return _LIQUID_RE.sub(replace, body[start:end]) if start < end else ""


# -- Hugo ---------------------------------------------------------------------------------

def looks_like_hugo(path: Path) -> bool:
    """A Hugo site folder (`content/` and a Hugo config) or one Hugo content file."""
    if path.is_dir():
        has_config = any((path / name).is_file() for name in HUGO_CONFIGS) or (
            path / "config").is_dir()
        return (path / HUGO_CONTENT).is_dir() and has_config
    if path.suffix.lower() not in MARKDOWN_SUFFIXES:
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(65536).decode("utf-8", "replace")
    except OSError:
        return False
    return head.lstrip("\ufeff").startswith("+++") or "{{<" in head or "{{%" in head


def read_hugo(path: Path, stats: ReadStats | None = None) -> Iterator[SourcePost]:
    """The Markdown pages under a Hugo site's `content/` (or one file); `_index.md`
    section pages and bundles' other files are counted in `stats` and passed over."""
    stats = stats if stats is not None else ReadStats()
    if path.is_file():
        root = next((p for p in path.parents if p.name == HUGO_CONTENT), path.parent)
        yield _hugo_post(path, root, path.name)
        return
    if not path.is_dir():
        raise ImportFailed(f"{path}: no such file or folder")
    root = path / HUGO_CONTENT if (path / HUGO_CONTENT).is_dir() else path
    for file in _markdown_files(root):
        relative = file.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            stats.skip("hidden file")
        elif file.suffix.lower() not in MARKDOWN_SUFFIXES:
            stats.skip("not Markdown (bundle resource or other file)")
        elif file.stem == "_index":
            stats.skip("section page (_index.md)")
        else:
            yield _hugo_post(file, root, f"{HUGO_CONTENT}/{relative.as_posix()}")


def _hugo_post(file: Path, root: Path, source: str) -> SourcePost:
    text, notes = _read_text(file, source)
    relative = file.relative_to(root) if file.is_relative_to(root) else Path(file.name)
    parsed = _parse(file, text, "hugo", f"hugo:{relative.as_posix()}", source, notes)
    post = parsed.post
    bundle = file.stem == "index" and len(relative.parts) > 1
    section = relative.parts[:-2] if bundle else relative.parts[:-1]
    name = relative.parts[-2] if bundle else file.stem
    post.slug = post.slug or name
    if not post.title:
        post.title = _title_from_slug(name)
    post.kind = "article" if section else "page"
    front = parsed.fm.data if parsed.fm is not None else {}
    url = front.get("url")
    if post.status != "draft":
        if isinstance(url, str) and url.strip():
            post.old_url = "/" + url.strip().lstrip("/")
        else:
            post.old_url = "/" + "/".join([*section, post.slug]).lower() + "/"
    post.body, found = convert_shortcodes(post.body, parsed.body_start)
    post.notes.extend(found)
    return post


_ARG_RE = re.compile(r"""(?:(?P<key>[\w-]+)=)?(?P<value>"(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|\S+)""")


def shortcode_args(text: str) -> tuple[list[str], dict[str, str]]:
    """A shortcode's positional and named arguments, quotes taken off."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for match in _ARG_RE.finditer(text):
        value = match["value"]
        if value[:1] in "\"'`" and value[-1:] == value[:1] and len(value) > 1:
            value = value[1:-1]
        if match["key"]:
            named[match["key"].lower()] = value
        else:
            positional.append(value)
    return positional, named


def _link(label: str, url: str) -> str:
    return f"[{label}]({url})"


def _convert_one(name: str, closing: bool, args: str) -> tuple[str | None, str | None]:
    """(Markdown, info note) for a shortcode with a Markdown equivalent; (None, None) else."""
    pos, named = shortcode_args(args)
    first = pos[0] if pos else ""
    if name == "highlight":
        return ("```" if closing else "```" + first), None
    if closing:
        return None, None
    if name == "figure":
        src = named.get("src", first)
        if not src:
            return None, None
        alt = named.get("alt") or named.get("title") or named.get("caption", "")
        image = f"![{alt}]({src})"
        if named.get("link"):
            image = f"[{image}]({named['link']})"
        caption = named.get("caption") or named.get("title")
        return (f"{image}\n\n*{caption}*" if caption else image), None
    if name == "youtube":
        video = named.get("id", first)
        return _link(named.get("title", "Video on YouTube"),
                     f"https://www.youtube.com/watch?v={video}") if video else None, None
    if name == "vimeo":
        video = named.get("id", first)
        return _link(named.get("title", "Video on Vimeo"),
                     f"https://vimeo.com/{video}") if video else None, None
    if name == "gist" and len(pos) >= 2:
        return _link(f"Gist {pos[0]}/{pos[1]}", f"https://gist.github.com/{pos[0]}/{pos[1]}"), \
            None
    if name in ("tweet", "x", "twitter"):
        user, post_id = named.get("user", "i" if len(pos) < 2 else pos[0]), named.get(
            "id", pos[-1] if pos else "")
        host = "x.com" if name == "x" else "twitter.com"
        return (_link(f"Post by @{user}" if user != "i" else "Post on X",
                      f"https://{host}/{user}/status/{post_id}") if post_id else None), None
    if name == "instagram" and first:
        return _link("Post on Instagram", f"https://www.instagram.com/p/{first}/"), None
    if name in ("ref", "relref") and first:
        target, _, anchor = first.partition("#")
        url = _hugo_ref_url(target) + (f"#{anchor}" if anchor else "")
        return url, (f"{{{{< {name} \"{first}\" >}}}} became the old address {url}; the "
                     "redirect list leads it to the new post (or link the new file by hand)")
    return None, None


def _hugo_ref_url(target: str) -> str:
    path = PurePosixPath(target.strip().lstrip("/"))
    parts = list(path.parts)
    if not parts:
        return "/"
    last = PurePosixPath(parts[-1])
    if last.suffix.lower() in MARKDOWN_SUFFIXES:
        parts[-1] = last.stem
    if parts[-1] in ("index", "_index"):
        parts = parts[:-1]
    return "/" + "/".join(parts).lower() + ("/" if parts else "")


_HUGO_SC_RE = re.compile(
    r"\{\{(?P<delim>[<%])(?P<esc>/\*)?\s*(?P<close>/)?\s*(?P<name>[\w./-]+)(?P<args>.*?)"
    r"\s*(?P<esc_end>\*/)?[>%]\}\}", re.S)


def convert_shortcodes(body: str, first_line: int = 1) -> tuple[str, list[Note]]:
    """Hugo shortcodes made Markdown where they have an equivalent; the rest left visible
    and noted with their file line (`first_line` is the file line of the body's first)."""
    notes: list[Note] = []

    def replace(match: re.Match[str]) -> str:
        line = _line_at(body, match.start(), first_line)
        whole = match.group(0)
        if match["esc"]:  # {{</* x */>}}: Hugo shows the shortcode itself
            return whole.replace("{{</*", "{{<").replace("*/>}}", ">}}").replace(
                "{{%/*", "{{%").replace("*/%}}", "%}}")
        name, closing = match["name"].lower(), bool(match["close"])
        markdown, info = _convert_one(name, closing, match["args"])
        if markdown is not None:
            if info:
                notes.append(Note(f"line {line}: {info}", line=line, level="info"))
            return markdown
        if not closing:
            notes.append(Note(f"line {line}: Hugo shortcode {{{{{match['delim']} "
                              f"{match['name']} ...}}}} left as it is; convert it by hand",
                              line=line))
        return whole

    return _HUGO_SC_RE.sub(replace, body), notes
