"""The shared core: records, registries and rules that every plugin and tool uses.

- findings, rules: the Finding record, the catalogue of every rule, logging findings.
- header, registry: a Markdown file's metadata header, a YAML registry with line numbers.
- registry_limits: how much of a registry file is read (size, aliases, nesting).
- question_bank, source_registry: content/questions.yml and content/sources.yml.
- author_profiles, authors_settings: content/authors.yml (role, bio, photo per author).
- privacy: the registry's private values, and finding them in any text.
- structured_data: the schema.org data both plugins add to an article.
- articles, context: the articles of a build (one definition), the context keys.
- questions_settings, sources_settings: each plugin's settings, defaults and checks.
- vocabulary: the team's topics, stages and source kinds (settings with defaults).
- language, semantic, question_matching, inference: words (Snowball stems and stop
  words), WordLlama vectors, scoring texts and articles against the bank, and the
  matcher a site's settings ask for.
- placeholders: the "TODO:" lines `invoke new` writes.
- output: JSON files written next to the pages.
- pelican_internals: the one place that touches Pelican's or Markdown's internals.
"""
