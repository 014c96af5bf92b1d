"""What each invoke task's options mean: the text `invoke --help TASK` shows."""

from __future__ import annotations

ADDRESS = {"port": "Port to listen on (default 8000)",
           "bind": "Address to listen on (default 127.0.0.1)"}

NEW = {
    "title": "The article's title; it also gives the file name and URL",
    "question-id": "Id of the question it answers, from content/questions.yml",
    "question": "The question it answers, in the customer's words (not in the bank)",
    "source": "Id of a customer source from content/sources.yml (repeatable)",
    "category": "Category, e.g. \"Cost and pricing\"",
    "tags": "Comma-separated tags",
    "author": "Author name (default: the site's)",
}

INIT = {
    "name": "The site's name (SITENAME), e.g. \"Acme Insights\"; needed the first time",
    "url": "The published site's address (PUBLISH_SITEURL), e.g. https://blog.acme.example; "
           "needed the first time",
    "author": "The default author (AUTHOR; default: the site's name)",
    "tagline": "The line under the site's name (SITESUBTITLE)",
    "timezone": "The time zone of posts' dates (TIMEZONE), e.g. Europe/Berlin",
    "lang": "The site's language code (DEFAULT_LANG), e.g. en or de",
    "keep-samples": "Keep the sample posts, as drafts, with the bank and registry they cite",
    "dry-run": "Print what init would do and write nothing",
}

AUDIT = {
    "format": "text (a table; the default), json (schema in README) or github "
              "(annotations on a pull request's lines)",
    "strict": "Also fail (exit 1) on warnings, not only on errors",
    "changed": "Only the content files changed since a git commit (default HEAD), "
               "untracked ones included; the registries are still checked whole",
}

QUESTIONS = {
    "import": "A CSV export (help-desk tickets, CRM or call notes, form submissions, a "
              "question-research list) whose questions to count into the bank",
    "column": "The text column (default: found from the header); Subject+Body reads two",
    "date-column": "The date column (default: found from the header)",
    "channel-column": "The channel column (default: found from the header)",
    "channel": "One channel for the whole file instead, e.g. support-ticket",
    "encoding": "The file's encoding (default utf-8, with or without a BOM)",
    "max-rows": "Refuse a file with more rows than this (default 50000)",
    "min-asked": "Propose a new entry only for a question heard this often (default 2)",
    "dry-run": "Print the change as a diff and write nothing",
    "bank": "The bank to update (default: CUSTOMER_QUESTIONS_BANK in the content folder)",
}

IMPORT = {
    "source": "The export to read: WordPress .xml, Ghost .json, Medium .zip, a Jekyll or "
              "Hugo site folder, or plain .txt/.html/.md files (more after --)",
    "into": "Where the articles go (default: the first of ARTICLE_PATHS in the content folder)",
    "pages-into": "Where pages go (default: the first of PAGE_PATHS)",
    "format": "Skip detection: wordpress, ghost, medium, jekyll, hugo or plain",
    "dry-run": "List what would be written, with every repair, and write nothing",
    "redirects": "The redirect list of old URLs to update (default: imported-redirects.csv)",
}

LINKS = {
    "external": "Also check the links to other sites (HEAD, then GET; bounded, in parallel)",
    "output": "The built site to check (default: the development output, output/)",
    "timeout": "Seconds to wait for each external server (default 10)",
    "max-links": "Check at most this many distinct external links (default 500)",
}

BENCH = {"articles": "Corpus size (default 2000)",
         "repeat": "Builds per configuration; the median time is kept",
         "speed-posts": "Real-world corpus sizes for benchmarks.speed, comma-separated "
                        "(default 400,4000; \"\" to skip it)"}

PUBLISH = {
    "to": "Where to publish (default PUBLISH_TARGET): an rsync destination such as "
          "deploy@web1:/var/www/blog/ or a local directory, or s3://bucket/prefix",
    "dry-run": "Build and check, then list what would be sent and deleted; send nothing",
    "verbose": "List every file sent or deleted, not only the summary",
    "verify": "S3: compare with a listing of the bucket even where S3_TRUST_RECORD is set "
              "(puts right what another tool changed there)",
}

GH_PAGES = {
    "push": "Push the gh-pages branch to origin (default: yes)",
    "dry-run": "Build and check, then say what the commit would add, change and delete; "
               "commit nothing",
}
