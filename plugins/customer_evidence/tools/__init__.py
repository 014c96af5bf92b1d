"""The tools tasks.py drives; each uses the core, none is a Pelican plugin.

- audit, audit_output: `invoke audit`, the plugins' checks without writing the site.
- scaffold: `invoke new`, a draft filled from the bank and the registry.
- site_init: `invoke init`, a fork made the team's own.
- coverage_table: `invoke questions`.
- question_import and its steps (csv_export, asking, export_dates, export_questions,
  personal_data, question_groups, bank_plan, bank_writer): `invoke questions --import`.
- privacy_scan: the scan of a built site for private values, and its command line.
- links_check: `invoke links`, a built site's links crawled (and --external, checked).
- serving: the local server, where it listens, a busy port in one line.
- publishing: staged builds swapped into place, rsync's summary, the git hook.
"""


class ToolError(Exception):
    """A tool cannot go on: the message is one line for the terminal, `code` the exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code
