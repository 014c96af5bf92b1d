"""Development settings: `invoke build` and `invoke livereload` use these.

publishconf.py imports everything here and overrides what production needs.
"""

AUTHOR = "Bridgewell"
SITENAME = "Bridgewell"
SITESUBTITLE = "Sales and marketing, one team: answers to the questions our clients ask"
SITEURL = ""  # root-relative links while developing

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
THEME = "theme"

TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

# Namespace plugins, installed with this repository (`pip install -e .`, which
# bootstrap.py runs) or from PyPI (pelican-sitemap). Full names: an editable install
# is not listed by Pelican's namespace discovery, which finds short names.
PLUGINS = [
    "pelican.plugins.content_guard",
    "pelican.plugins.customer_questions",
    "pelican.plugins.customer_sources",
    "pelican.plugins.editorial_report",
    "pelican.plugins.sitemap",
]
# 404 and robots.txt are not pages for search engines.
SITEMAP = {"format": "xml", "exclude": [r"^404\.html$", r"^robots\.txt$", r"^editorial/"]}

# customer_questions: the bank is content/questions.yml. While developing, the hub
# also lists the bank questions nobody has answered yet, and the coverage goes to
# a JSON file for editors. publishconf.py turns both off.
CUSTOMER_QUESTIONS_SHOW_UNANSWERED = True
CUSTOMER_QUESTIONS_COVERAGE_SAVE_AS = "editorial/question-coverage.json"

# customer_sources: the registry is content/sources.yml. A post citing no customer
# source is a warning while developing and an error in publish builds.
CUSTOMER_SOURCES_MISSING_LEVEL = "warning"
CUSTOMER_SOURCES_STALE_DAYS = 730

# content_guard: a "TODO:" line that `invoke new` wrote and nobody replaced is a
# warning while developing and an error in publish builds (drafts: a warning).
CONTENT_GUARD_PLACEHOLDER_LEVEL = "warning"
# Scripts, iframes, event handlers and javascript: links in a post's body are left
# out of the page unless its header says `Allow-Scripts: yes`: a warning while
# developing, an error in publish builds. Feeds never carry them.
CONTENT_GUARD_ACTIVE_CONTENT_LEVEL = "warning"

# Feeds are for readers of the published site; publishconf.py turns them on.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Readable, extensionless URLs: /posts/<slug>/, /category/<slug>/, ...
ARTICLE_URL = "posts/{slug}/"
ARTICLE_SAVE_AS = "posts/{slug}/index.html"
ARTICLE_LANG_URL = "posts/{slug}/{lang}/"
ARTICLE_LANG_SAVE_AS = "posts/{slug}/{lang}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{slug}/{lang}/"
PAGE_LANG_SAVE_AS = "{slug}/{lang}/index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
# Period archives are off; the archives page lists every article by date.
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

# "404" renders theme/templates/404.html to output/404.html.
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "404"]
DEFAULT_PAGINATION = 6
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Autoescape on: metadata and registry text can never become markup by accident.
# Templates mark Markdown output (content, summary) with |safe.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    "autoescape": True,
}

DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = True

# Summary is plain text, shown as written (content_guard escapes it); Markdown
# would let raw HTML in it through.
FORMATTED_FIELDS = []

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}

# Footer links (label, URL); URLs starting with "/" are prefixed with SITEURL.
LINKS = ()
SOCIAL = ()

# Development builds keep a content cache so rebuilds stay quick.
# Each build renders every file, and keeps what it read in Pelican's reader cache
# (cache/readers/<digest>, see content_guard) for `invoke audit`, which then renders
# only the files changed since.
CACHE_CONTENT = True
CONTENT_CACHING_LAYER = "reader"
LOAD_CONTENT_CACHE = False
GZIP_CACHE = False
