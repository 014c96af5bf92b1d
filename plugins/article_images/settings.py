"""article_images' settings: defaults, merging, and a check with clear messages."""

from __future__ import annotations

from customer_evidence.core.rules import LEVELS

DEFAULTS = {
    # The folder under the content folder whose images are published resized.
    "ARTICLE_IMAGES_FOLDER": "images",
    # The widths (px) published for srcset; an image is never made wider than it is.
    "ARTICLE_IMAGES_WIDTHS": (480, 800, 1200),
    # A missing or unreadable image file, or a missing alt text: the finding's level
    # (a warning while developing, an error in publish builds; a draft's, a warning).
    "ARTICLE_IMAGES_MISSING_LEVEL": "warning",
    # The generated og:image card, written next to the article's page.
    "ARTICLE_IMAGES_CARD_NAME": "card.png",
    # The card's colours: background, text, accent (the theme's light scheme).
    "ARTICLE_IMAGES_CARD_COLOURS": ("#fdfdfc", "#1c1e21", "#0b5cad"),
    # The logo beside the site name: a file under the content folder (images/logo.png),
    # else under the theme's static folder (logo.svg); None for no logo.
    "SITE_LOGO": None,
    "SITE_LOGO_HEIGHT": 40,  # px, as shown; the width follows the file's proportions
}


def settings_of(settings: dict) -> dict:
    """The plugin's settings: defaults overridden by the user's, user dict untouched."""
    return {key: settings.get(key, default) for key, default in DEFAULTS.items()}


def check_settings(pelican) -> None:
    """Fail early, naming the setting, when one is wrong."""
    config = settings_of(pelican.settings)
    widths = config["ARTICLE_IMAGES_WIDTHS"]
    if (not isinstance(widths, list | tuple) or not widths
            or not all(isinstance(w, int) and not isinstance(w, bool) and w > 0
                       for w in widths)):
        raise ValueError("ARTICLE_IMAGES_WIDTHS must be a list of widths in pixels, e.g. "
                         "(480, 800, 1200)")
    if config["ARTICLE_IMAGES_MISSING_LEVEL"] not in LEVELS:
        raise ValueError(f"ARTICLE_IMAGES_MISSING_LEVEL must be one of {', '.join(LEVELS)}")
    if config["SITE_LOGO"] is not None and not isinstance(config["SITE_LOGO"], str):
        raise ValueError("SITE_LOGO must be a file name (images/logo.png) or None")
    height = config["SITE_LOGO_HEIGHT"]
    if not isinstance(height, int) or isinstance(height, bool) or height < 1:
        raise ValueError("SITE_LOGO_HEIGHT must be a whole number of pixels")
    colours = config["ARTICLE_IMAGES_CARD_COLOURS"]
    if not isinstance(colours, list | tuple) or len(colours) != 3:
        raise ValueError("ARTICLE_IMAGES_CARD_COLOURS must be (background, text, accent), "
                         "e.g. ('#fdfdfc', '#1c1e21', '#0b5cad')")
