"""Labels of the Word documents (report.docx, compare.docx, plan.docx): key -> (zh, en)."""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {}
