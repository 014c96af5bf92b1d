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
# fast_build goes first: it writes the pages (in parallel, reusing unchanged ones) and
# must have written them before the other plugins read the output.
PLUGINS = [
    "pelican.plugins.fast_build",
    "pelican.plugins.content_guard",
    "pelican.plugins.customer_questions",
    "pelican.plugins.customer_sources",
    "pelican.plugins.article_images",
    "pelican.plugins.editorial_report",
    "pelican.plugins.sitemap",
    "pelican.plugins.site_search",
    "pelican.plugins.calls_to_action",
    "pelican.plugins.hub_structured_data",
    "pelican.plugins.author_profiles",
]
# 404 and robots.txt are not pages for search engines.
SITEMAP = {"format": "xml",
           "exclude": [r"^404\.html$", r"^robots\.txt$", r"^editorial/", r"^search/"]}

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

# author_profiles: each author's role, bio and photo (content/images/) come from
# content/authors.yml; without that file articles show no author box.
AUTHOR_PROFILES_FILE = "authors.yml"
# A link or #anchor in a post that leads to no page, file or id of the site (or a
# {filename} link Pelican cannot find): a warning while developing, an error in
# publish builds. `invoke links` checks the built site's links; --external, the web's.
CONTENT_GUARD_BROKEN_LINK_LEVEL = "warning"

# article_images: `Image: images/x.png` and `Image-Alt:` per post; images in
# content/images/ are published at 480, 800 and 1200 px for srcset (cached in
# CACHE_PATH, metadata stripped); a post without an image gets an og:image card.
# A missing image file or alt text: a warning while developing, an error in publish
# builds. SITE_LOGO: beside the site name (content/<file>, else theme/static/<file>).
ARTICLE_IMAGES_MISSING_LEVEL = "warning"
SITE_LOGO = "logo.svg"

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
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "404", "search"]
# site_search: Pagefind indexes every build into OUTPUT_PATH/pagefind/ (the published
# articles and pages only); theme/templates/search.html is the search page.
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
SITE_SEARCH = True
SITE_SEARCH_BUNDLE = "pagefind"
# Not in the indexed text, so not in excerpts: the byline, and the question line
# (results show the question from the index's metadata).
SITE_SEARCH_EXCLUDE = [".entry-header .meta", ".entry-header .answers"]
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

# A code block with no language is shown as plain text: Pygments' guessing was about
# a quarter of a real blog's build (issue #17) and often guessed wrong. content_guard's
# code_blocks is codehilite (same options, same HTML) that writes such blocks directly
# and prepares Pygments' CSS classes once, not once per block.
MARKDOWN = {
    "extension_configs": {
        "pelican.plugins.content_guard.code_blocks": {"css_class": "highlight",
                                                      "guess_lang": False},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}

# Footer links (label, URL); URLs starting with "/" are prefixed with SITEURL.
LINKS = ()
SOCIAL = ()

# calls_to_action: a block at the end of each article, and one in the footer. Each is
# a dict of "heading", "text" and either a link ("label", "url") or a form that posts
# an email address ("form_action", "label" for its button, optional "email_label").
# URLs are https:// or start with "/" (prefixed with SITEURL). An article gets the
# CTA of its category, else of its question's buying stage (CUSTOMER_QUESTIONS_STAGES
# ids), else "default". Unset or {} (None for the footer): no block. A bad entry is a
# `bad-call-to-action` warning naming it, and is left out.
CALLS_TO_ACTION = {
    "default": {
        "heading": "Ask us your question",
        "text": "Every article here answers a question a client asked us. "
                "Ask yours: someone from the team replies within a working day.",
        "label": "Ask us your question",
        "url": "/contact/",
    },
    "category": {
        "Cost and pricing": {
            "heading": "Get a fixed-price quote",
            "text": "Tell us what you need and we will send a fixed price, "
                    "with what it includes, within two working days.",
            "label": "Ask for a fixed-price quote",
            "url": "/contact/",
        },
    },
    "stage": {},  # e.g. {"decision": {...}}
}
FOOTER_CALL_TO_ACTION = {
    "heading": "Have a question we have not answered?",
    "text": "Tell us, and it may become our next article.",
    "label": "Contact us",
    "url": "/contact/",
}
# A newsletter form instead (the sample site has no newsletter endpoint):
# FOOTER_CALL_TO_ACTION = {
#     "heading": "One email a month",
#     "text": "The questions clients asked us, and our answers.",
#     "form_action": "https://newsletter.example.com/subscribe",
#     "label": "Subscribe",
#     "email_label": "Your work email",
# }

# Development builds are incremental (issue #17). Pelican's reader cache keeps each
# file's rendered Markdown (cache/readers/<digest>, see content_guard), keyed by the
# file's SHA-1 so that even a quick edit within the same second is seen; only changed
# files are rendered again, and `invoke audit` reads the same cache. fast_build keeps
# each page's inputs digest (cache/fast_build/) and reuses the unchanged pages of the
# previous output; the others are rendered on forked workers, one per CPU.
CACHE_CONTENT = True
CONTENT_CACHING_LAYER = "reader"
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "sha1"
GZIP_CACHE = False
