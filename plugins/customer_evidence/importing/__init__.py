"""Bringing an existing blog in: readers for each export format, repair, drafts."""
