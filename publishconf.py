"""Production settings: `invoke publish`, `invoke preview` and `invoke gh-pages`.

SITEURL comes from the SITEURL environment variable when set, else PUBLISH_SITEURL
below. PUBLISH_TARGET is the rsync destination `invoke publish` uploads to.
"""

import os
from pathlib import Path

from pelican.settings import get_settings_from_file

# Every setting of pelicanconf.py, read from the file beside this one.
development = get_settings_from_file(str(Path(__file__).with_name("pelicanconf.py")))
globals().update(development)

# Production builds have their own folder: a publish, failed or not, never replaces
# the development build in output/ that `invoke serve` shows.
OUTPUT_PATH = "output-publish"

PUBLISH_SITEURL = "https://blog.bridgewell.example"
SITEURL = os.environ.get("SITEURL", PUBLISH_SITEURL).rstrip("/")
RELATIVE_URLS = False

# rsync destination, e.g. "deploy@web1:/var/www/blog/" or a local directory.
PUBLISH_TARGET = os.environ.get("PUBLISH_TARGET", "")

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
RSS_FEED_SUMMARY_ONLY = False  # full content in RSS too (Atom always has it)
FEED_MAX_ITEMS = None

# Drafts are previews for authors: nothing of them reaches the published site.
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_URL = ""
DRAFT_PAGE_LANG_SAVE_AS = ""

# Unanswered bank questions, the coverage file and the editorial report are
# internal plans.
CUSTOMER_QUESTIONS_SHOW_UNANSWERED = False
CUSTOMER_QUESTIONS_COVERAGE_SAVE_AS = ""
EDITORIAL_REPORT_SAVE_AS = ""
EDITORIAL_REPORT_JSON_SAVE_AS = ""

# A post with no customer source may not be published (the publish gate).
CUSTOMER_SOURCES_MISSING_LEVEL = "error"
# Nor one with a placeholder from `invoke new` still in it.
CONTENT_GUARD_PLACEHOLDER_LEVEL = "error"
# Nor one with a script, iframe or javascript: link it does not allow.
CONTENT_GUARD_ACTIVE_CONTENT_LEVEL = "error"
# Nor one with a link or #anchor that leads nowhere on the site.
CONTENT_GUARD_BROKEN_LINK_LEVEL = "error"
# Nor one with an image file missing, unreadable or without alt text.
ARTICLE_IMAGES_MISSING_LEVEL = "error"

# robots.txt is rendered from theme/templates/robots.html.
DIRECT_TEMPLATES = [*development["DIRECT_TEMPLATES"], "robots"]
ROBOTS_SAVE_AS = "robots.txt"

DELETE_OUTPUT_DIRECTORY = True
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
# Every published page is rendered afresh (on parallel workers); none is reused.
FAST_BUILD_INCREMENTAL = False
