"""Shared by the project's plugins and tasks.py: one implementation of each rule.

- findings: the Finding record, and logging findings the same way everywhere.
- header: reading a Markdown file's metadata header with line numbers.
- registry: loading a YAML registry as entries with their line numbers.
- question_bank: loading and validating content/questions.yml.
- source_registry: loading and validating content/sources.yml; the staleness rule.
- privacy_scan: the registry's private values, and the scan of a built site for them.
- structured_data: the schema.org data both plugins add to an article.
- audit, audit_output: `invoke audit`, the plugins' checks without writing the site.
- coverage_table: `invoke questions`.
- report, charts: the editorial report's data and its SVG charts.
- scaffold: `invoke new`, a draft filled from the bank and the registry.
- serving: where `invoke serve`, `reserve` and `livereload` listen; a busy port in one line.
- rsync_summary: `invoke publish`'s summary line, from `rsync --stats`.
- vocabulary: the team's topics, stages and source kinds (settings with defaults).
- language, semantic, question_matching: words (Snowball stems and stop words),
  WordLlama vectors, and scoring texts and articles against the bank.
- question_import and its steps (csv_export, asking, export_dates, export_questions,
  personal_data, question_groups, bank_plan, bank_writer): `invoke questions --import`.

Not a Pelican plugin itself (no register()); pelicanconf.py puts plugins/ on
sys.path so that every plugin and tasks.py can `import editorial`.
"""
