"""article_images: an image per article, responsive body images, og:image cards, a logo.

What it adds:

- `article.image`: the file an article's `Image:` field names in content/images/
  (`Image: images/x.png`, or `{static}/images/x.png`), with `Image-Alt:` as its alt
  text (`Image-Alt: ""` for decoration on purpose): a dict of src, srcset, sizes,
  width, height and alt for the theme (shown at the top of the article, eagerly,
  and small in lists, lazily).
- Images of an article's or a page's body that live in content/images/ get srcset,
  sizes, width, height, loading="lazy" and decoding="async".
- Copies at ARTICLE_IMAGES_WIDTHS (never wider than the file) are published next to
  the original as `name-480w.png`, made once and kept in CACHE_PATH by content hash
  and width; they keep the format and drop all metadata (EXIF, GPS, XMP, comments).
  An original carrying metadata is published without it too (re-saved, upright), and
  so is every other JPEG, PNG or WebP the static generator publishes (author photos,
  images no article names). A draft this build does not write publishes no copies;
  an image that is a link out of the content folder is never read.
- `article.og_image`: url, width, height and alt of the article's own image (its
  1200 px copy) or else of a 1200×630 card drawn with Pillow (the question the
  article answers, or its title, and the site name), written next to the article's
  page; also the BlogPosting's `image`.
- `site_logo` in the context: SITE_LOGO's URL and the width and height it is shown at.
- Findings: missing-image, missing-alt and unreadable-image, at
  ARTICLE_IMAGES_MISSING_LEVEL (a warning while developing, an error in publish
  builds; in a draft a warning at most), on the line of the field or body image.
"""

from __future__ import annotations

import os
import posixpath
import shutil
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from urllib.parse import quote

from pelican import signals

from customer_evidence.core.articles import PAGE_LISTS, address, all_articles
from customer_evidence.core.findings import (
    Finding,
    Note,
    findings_only,
    log_findings,
    note_finding,
    record,
)
from customer_evidence.core.internals import raw_html, replace_html
from customer_evidence.core.structured_data import image_object, plain_text, structured_data

from . import cards
from .logo import logo_file, proportions, shown_size
from .markup import ImgTag, img, img_tags, replace_tags, srcset
from .references import alt_text, content_path, in_folder
from .settings import check_settings, settings_of
from .variants import BadImage, Picture, prepared

PLANNED = "article_images_planned"  # context: output path -> cached file to copy there
# The same, by output folder, for the `finalized` handler (which gets no context).
_PLANNED: dict[str, dict[str, Path]] = {}
LOGO = "site_logo"  # context: the logo for the theme
HERO_SIZES = "(min-width: 53rem) 50rem, calc(100vw - 2rem)"  # the article column
LIST_SIZES = "7.5rem"  # the thumbnail of a list item (site.css)
BODY_SIZES = HERO_SIZES
OG_MIN_WIDTH = 600  # a narrower image of an article's own makes a poor share: the card


@dataclass
class Site:
    """What every article of one build needs: settings, and the images read so far."""

    content_root: Path
    folder: str
    widths: tuple[int, ...]
    cache: Path
    siteurl: str
    level: str
    pictures: dict[str, Picture | str] = field(default_factory=dict)
    folders: dict[str, str] = field(default_factory=dict)  # _source_dir's, this build
    _root: str | None = None  # content_root resolved, once a build

    def picture(self, path: str) -> Picture | str:
        """The image at a content-relative path, or what is wrong with it."""
        if path not in self.pictures:
            self.pictures[path] = self._read(path)
        return self.pictures[path]

    def _read(self, path: str) -> Picture | str:
        file = self.content_root / path
        if not file.is_file():
            return "missing"
        if self.inside(str(file)) is None:
            return "outside"  # a symlink out of the content folder: nothing read there
        try:
            return prepared(file, self.widths, self.cache / "variants")
        except BadImage as error:
            return f"unreadable: {error}"

    def url(self, path: str) -> str:
        return f"{self.siteurl}/{quote(path)}"

    def inside(self, file: str) -> str | None:
        """The file's path relative to the content folder, links resolved ("/"
        between folders); None if it resolves outside."""
        if self._root is None:
            self._root = os.path.realpath(self.content_root)
        real = os.path.realpath(file)
        if real == self._root:
            return "."
        if not real.startswith(self._root.rstrip(os.sep) + os.sep):
            return None
        return real[len(self._root.rstrip(os.sep)) + 1:].replace(os.sep, "/")


def site_of(settings: dict) -> Site:
    config = settings_of(settings)
    return Site(
        content_root=Path(settings["PATH"]),
        folder=config["ARTICLE_IMAGES_FOLDER"].strip("/"),
        widths=tuple(config["ARTICLE_IMAGES_WIDTHS"]),
        cache=cache_root(settings) / "article_images",
        siteurl=(settings.get("SITEURL") or "").rstrip("/"),
        level=config["ARTICLE_IMAGES_MISSING_LEVEL"],
    )


def cache_root(settings: dict) -> Path:
    """CACHE_PATH as the site set it: content_guard points a reader cache at
    CACHE_PATH/readers/<digest>, one per reading settings; images are the same for
    the development and the publish build, so they share one cache above it."""
    path = Path(settings.get("CACHE_PATH") or "cache")
    return path.parent.parent if path.parent.name == "readers" else path


def variant_path(path: str, width: int) -> str:
    """Where the copy `width` wide of a content-relative image is published."""
    stem, extension = posixpath.splitext(path)
    return f"{stem}-{width}w{extension}"


def responsive(path: str, picture: Picture, site: Site, planned: dict) -> dict:
    """src, srcset, width and height of an image, its copies planned for the output.

    src stays the original's URL (Pelican publishes it; the link check knows it),
    replaced in the output by a copy without metadata if it has any; srcset lists
    the copies."""
    if picture.full is not None:
        planned[path] = picture.full
    if not picture.variants:  # GIF and the like: published as they are
        return {"src": site.url(path), "srcset": None, "width": picture.width,
                "height": picture.height}
    candidates = []
    for variant in picture.variants:
        published = variant_path(path, variant.width)
        planned[published] = variant.cached
        candidates.append((site.url(published), variant.width))
    return {"src": site.url(path), "srcset": srcset(candidates), "width": picture.width,
            "height": picture.height}


def process_articles(generator) -> None:
    """Images, body images and og:image of every article; then log the findings."""
    settings = generator.settings
    site = site_of(settings)
    planned = generator.context.setdefault(PLANNED, {})
    if not findings_only(settings):
        _PLANNED[str(Path(generator.output_path).resolve())] = planned
    config = settings_of(settings)
    findings: list[Finding] = []
    only_findings = findings_only(settings)
    articles = all_articles(generator)
    save_as = {id(a): address(a, generator.context)[1] for a in articles}
    if not only_findings:
        _draw_cards_ahead([a for a in articles if save_as[id(a)]], site, config, settings)
    for article in articles:
        level = site.level if site.level != "error" or article.status != "draft" else "warning"
        # An article this build does not write (a draft in a publish build) publishes
        # no copies of its images.
        mine = planned if save_as[id(article)] else {}
        notes = _header_image(article, site, mine, level)
        body, body_notes = _body_images(raw_html(article), article, site, mine, level)
        notes += body_notes
        if not only_findings:
            if body != raw_html(article):
                replace_html(article, body)
            _og_image(article, save_as[id(article)], site, config, mine, settings,
                      generator.context)
        findings += [note_finding(article.source_path, note) for note in notes]
    log_findings(record(generator.context, findings))


def process_pages(generator) -> None:
    """Pages' body images made responsive, like articles'; then log the findings."""
    settings = generator.settings
    site = site_of(settings)
    planned = generator.context.setdefault(PLANNED, {})
    if not findings_only(settings):
        _PLANNED[str(Path(generator.output_path).resolve())] = planned
    findings: list[Finding] = []
    pages = chain.from_iterable(getattr(generator, name, ()) for name in PAGE_LISTS)
    for page in sorted(pages, key=lambda p: p.source_path):
        level = site.level if site.level != "error" or page.status != "draft" else "warning"
        mine = planned if getattr(page, "save_as", "") else {}
        body, notes = _body_images(raw_html(page) or "", page, site, mine, level)
        if body != (raw_html(page) or "") and not findings_only(settings):
            replace_html(page, body)
        findings += [note_finding(page.source_path, note) for note in notes]
    log_findings(record(generator.context, findings))


def _field(metadata: dict, key: str) -> str | None:
    value = metadata.get(key)
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    return None if value is None else str(value)


def _source_dir(article, site: Site) -> str:
    """The article's folder relative to the content folder (resolved once a build)."""
    folder = os.path.dirname(article.source_path)
    if folder not in site.folders:
        site.folders[folder] = _relative_folder(Path(folder), site.content_root)
    return site.folders[folder]


def _relative_folder(folder: Path, root: Path) -> str:
    try:
        return folder.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return ""


def _header_image(article, site: Site, planned: dict, level: str) -> list[Note]:
    """article.image from the Image and Image-Alt fields; what is wrong with them."""
    article.image = None
    value = _field(article.metadata, "image")
    if not value or not value.strip():
        return []
    notes = []
    path = content_path(value, _source_dir(article, site))
    alt, decorative = alt_text(_field(article.metadata, "image-alt"))
    if alt is None and not decorative:
        notes.append(Note(level, "missing-alt", f"the article's image ({value.strip()}) has no "
                          "alt text: add 'Image-Alt: <what the image shows>', or "
                          "'Image-Alt: \"\"' if it is only decoration", field="Image"))
    problem = _problem(path, site)
    if problem:
        notes.append(Note(level, problem[0], f"Image: {problem[1]}", field="Image"))
        return notes
    picture = site.picture(path)
    article.image = {**responsive(path, picture, site, planned), "alt": alt or "",
                     "sizes": HERO_SIZES, "list_sizes": LIST_SIZES, "path": path}
    return notes


def _problem(path: str | None, site: Site) -> tuple[str, str] | None:
    """The rule and message for an image that cannot be used, or None."""
    where = f"content/{site.folder}/"
    if path is None or not in_folder(path, site.folder):
        return "missing-image", (f"{path or 'the value'} is not a file in {where}; put the "
                                 f"image there and name it as {site.folder}/<file>")
    found = site.picture(path)
    if found == "missing":
        return "missing-image", (f"{path} is not in {where}; check the file name (the image "
                                 "is left out)")
    if found == "outside":
        return "missing-image", (f"{path} is a link to a file outside the content folder; "
                                 "copy the image into it (the image is left out)")
    if isinstance(found, str):
        return "unreadable-image", (f"{path} cannot be read as an image "
                                    f"({found.removeprefix('unreadable: ')}); save it again "
                                    "as PNG, JPEG or WebP (the image is left out)")
    return None


def _body_images(html: str, article, site: Site, planned: dict, level: str
                 ) -> tuple[str, list[Note]]:
    """The article's HTML with its content/images/ images made responsive; the notes."""
    notes: list[Note] = []
    replacements: list[tuple[ImgTag, str]] = []
    source_dir = _source_dir(article, site)
    for tag in img_tags(html):
        src = tag.get("src") or ""
        alt, decorative = alt_text(tag.get("alt"))
        if alt is None and not decorative:
            notes.append(Note(level, "missing-alt", f"the image {src} has no alt text: write "
                              "what it shows between the brackets, ![what it shows](...), "
                              "or ![\"\"](...) if it is only decoration", text=src or "<img"))
        path = content_path(src, source_dir) if src else None
        if path is None or not in_folder(path, site.folder):
            if decorative:
                replacements.append((tag, img({**dict(tag.attrs), "alt": ""})))
            continue
        problem = _problem(path, site)
        if problem:
            notes.append(Note(level, problem[0], f"body image {problem[1]}", text=src))
            continue
        attrs = dict(tag.attrs)
        attrs.update({k: v for k, v in responsive(path, site.picture(path), site, planned).items()
                      if k != "src"})  # src as written: Pelican resolves {static}
        attrs.update(sizes=BODY_SIZES if attrs.get("srcset") else None, alt=alt or "",
                     loading="lazy", decoding="async")
        replacements.append((tag, img(attrs)))
    return (replace_tags(html, replacements) if replacements else html), notes


def _card_inputs(article) -> tuple[str | None, str]:
    """What an article's card shows: its question's text, and its title."""
    question = getattr(article, "customer_question", None) or {}
    text = question.get("text") if isinstance(question, dict) else None
    return text, plain_text(article.title)


def _draw_cards_ahead(articles, site: Site, config: dict, settings: dict) -> None:
    """The cards of the (written) articles with no Image field, drawn in parallel (one
    whose image cannot be used gets its card drawn later, with the rest of its checks)."""
    cards.draw_missing([_card_inputs(a) for a in articles
                        if not (_field(a.metadata, "image") or "").strip()],
                       plain_text(settings.get("SITENAME", "")),
                       config["ARTICLE_IMAGES_CARD_COLOURS"], site.cache / "cards")


def card_path(save_as: str, name: str) -> str:
    """Where an article's card is written: beside its page."""
    if save_as.endswith("index.html"):
        return save_as[:-len("index.html")] + name
    return f"{posixpath.splitext(save_as)[0]}-{name}"


def _og_image(article, save_as: str, site: Site, config: dict, planned: dict,
              settings: dict, context: dict) -> None:
    """article.og_image: the article's own image, else its card (written beside
    `save_as`, the article's page); and the JSON-LD's."""
    article.og_image = None
    image = article.image
    picture = site.picture(image["path"]) if image else None
    title = plain_text(article.title)
    if isinstance(picture, Picture) and picture.width >= OG_MIN_WIDTH:
        wanted = max(site.widths)
        chosen = next((v for v in picture.variants if v.width == wanted),
                      picture.variants[-1] if picture.variants else None)
        if chosen is not None:
            url = site.url(variant_path(image["path"], chosen.width))
            size = chosen.width, chosen.height
        else:
            url, size = image["src"], (picture.width, picture.height)
        article.og_image = {"url": url, "width": size[0], "height": size[1],
                            "alt": image["alt"] or title}
    elif save_as:
        text, title = _card_inputs(article)
        card = cards.cached_card(text, title, plain_text(settings.get("SITENAME", "")),
                                 config["ARTICLE_IMAGES_CARD_COLOURS"], site.cache / "cards")
        published = card_path(save_as, config["ARTICLE_IMAGES_CARD_NAME"])
        planned[published] = card
        article.og_image = {"url": site.url(published), "width": cards.WIDTH,
                            "height": cards.HEIGHT, "alt": text or title}
    if article.og_image:
        structured_data(article, settings, context)["image"] = image_object(article.og_image)


STRIPPED = (".jpg", ".jpeg", ".png", ".webp")  # the formats a copy without metadata is made of


def strip_static_images(generator) -> None:
    """Every image the static generator publishes (author photos, images no article
    names) goes out without its metadata too, as the copies do."""
    settings = generator.settings
    if findings_only(settings):
        return
    site = site_of(settings)
    planned = generator.context.setdefault(PLANNED, {})
    _PLANNED.setdefault(str(Path(generator.output_path).resolve()), planned)
    for static in getattr(generator, "staticfiles", ()):
        save_as = str(getattr(static, "save_as", "") or "").lstrip("/")
        if not save_as or save_as in planned or \
                not str(static.source_path).lower().endswith(STRIPPED):
            continue
        path = site.inside(str(static.source_path))
        if path is None:
            continue
        picture = site.picture(path)
        if isinstance(picture, Picture) and picture.full is not None:
            planned[save_as] = picture.full


def publish_images(pelican) -> None:
    """Copy the planned copies and cards into the output, once, when all is written
    (after the static files, whose originals the copies without metadata replace)."""
    planned = _PLANNED.pop(str(Path(pelican.output_path).resolve()), {})
    output = Path(pelican.output_path)
    for published, cached in planned.items():
        target = output / published
        try:
            if target.exists() and target.stat().st_size == cached.stat().st_size \
                    and target.stat().st_mtime >= cached.stat().st_mtime:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached, target)
        except OSError:  # the cache was emptied under a running build: made next time
            continue


def add_logo(generator) -> None:
    """Put SITE_LOGO's URL and shown size in the context for the theme's header."""
    settings = generator.settings
    config = settings_of(settings)
    generator.context[LOGO] = None
    value = config["SITE_LOGO"]
    if not value:
        return
    found = logo_file(value, Path(settings["PATH"]), Path(settings["THEME"]),
                      settings.get("THEME_STATIC_DIR", "theme"))
    own = proportions(found[0]) if found else None
    if found is None or own is None:
        what = "is not a file under the content folder or the theme's static folder" \
            if found is None else "has no width and height (an SVG needs a viewBox)"
        log_findings(record(generator.context, [Finding(
            "warning", "missing-image", "SITE_LOGO", None,
            f"the logo {value!r} {what}; the header shows the site name alone")]))
        return
    width, height = shown_size(own, config["SITE_LOGO_HEIGHT"])
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    generator.context[LOGO] = {"url": f"{siteurl}/{quote(found[1])}", "width": width,
                               "height": height}


def register() -> None:
    """Connect article_images' handlers to Pelican's signals."""
    signals.initialized.connect(check_settings)
    signals.article_generator_init.connect(add_logo)
    signals.article_generator_finalized.connect(process_articles)
    signals.page_generator_finalized.connect(process_pages)
    signals.static_generator_finalized.connect(strip_static_images)
    signals.finalized.connect(publish_images)
