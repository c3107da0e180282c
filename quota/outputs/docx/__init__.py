"""Word documents in the official layout of GB/T 9704-2012 (党政机关公文格式).

- :mod:`~quota.outputs.docx.layout`: the page, the grid, the styles, the East Asian
  fonts, the theme, the odd and even page numbers;
- :mod:`~quota.outputs.docx.content`: what a document says (blocks, attachments,
  numbered headings, the front matter from a scenario's ``document:`` section);
- :mod:`~quota.outputs.docx.tables`: tables as WordprocessingML, their widths,
  portrait or landscape;
- :mod:`~quota.outputs.docx.writer`: the layout of a document and its
  deterministic saving;
- :mod:`~quota.outputs.docx.report_docx`: ``report.docx`` of one result.

The comparison's ``compare.docx`` and the plan's ``plan.docx`` are built in
:mod:`quota.analysis.compare_docx` and :mod:`quota.analysis.plan_docx` (they read
analysis results) and laid out here. python-docx is imported only when a
document is written.
"""
