"""Shared by the project's plugins and tasks.py: one implementation of each rule.

- findings: the Finding record, and logging findings the same way everywhere.
- header: reading a Markdown file's metadata header with line numbers.
- registry: loading a YAML registry as entries with their line numbers.
- question_bank: loading and validating content/questions.yml.

Not a Pelican plugin itself (no register()); pelicanconf.py puts plugins/ on
sys.path so that every plugin and tasks.py can `import editorial`.
"""
