"""What the plugins leave in Pelican's context and on articles for each other.

The theme, the editorial report, the audit and `invoke questions` read these;
each key is named here once, so a reader and a writer can never disagree.
"""

from __future__ import annotations

FINDINGS = "editorial_findings"  # every Finding of the build (customer_evidence.core.findings)
VOCABULARY = "editorial_vocabulary"  # the team's topic, stage and source-kind labels
QUESTIONS_HUB = "customer_questions_hub"  # the hub's URL and its groups (customer_questions)
QUESTION_PAGES = "customer_questions_pages"  # one group per answered question, by key
QUESTION_COVERAGE = "question_coverage"  # every bank question and the posts answering it
SOURCES_REGISTRY = "customer_sources_registry"  # the loaded registry (customer_sources)

# `article.source_verdict`, set by customer_sources: whether a post is backed by customers.
CITED, MISSING, EXEMPT = "cited", "missing", "exempt"
VERDICTS = (CITED, MISSING, EXEMPT)
