"""What the plugins and the tools share, in two layers; a third lives in editorial_report.

- customer_evidence.core: used by every plugin and tool, importing none of them:
  the finding record and the rule catalogue, the two registries (question bank,
  source registry), the privacy matcher, structured data, the articles of a build,
  the context keys, each plugin's settings and defaults, the vocabulary, and the
  question matcher with its offline model.
- customer_evidence.tools: what tasks.py drives: the audit and its formats,
  `invoke new`, `invoke init`, `invoke questions` and its import, the privacy
  scan's command line, the local server, staged output swaps, the git hook.
- pelican.plugins.editorial_report: the report's data and charts, inside the plugin.

Plugins (pelican.plugins.content_guard, customer_questions, customer_sources,
editorial_report) import the core, never each other; the core imports no plugin
and no tool (tests/test_layers.py checks both).
"""
