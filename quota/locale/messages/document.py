"""Messages of the Word documents (report.docx, compare.docx, plan.docx): key -> (zh, en)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
