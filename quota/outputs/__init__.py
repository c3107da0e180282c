"""Everything a person reads: the message catalog, the output folder, workbook, reports, charts."""
