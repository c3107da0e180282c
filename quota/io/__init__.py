"""Reading what analysts send: files, encodings, grids, headers, cells, the street table.

Real street tables come out of Excel and WPS. :func:`quota.io.table.read_table`
copes with what they contain, in this order, one module a step:

- :mod:`quota.io.files`: only a regular file is read, once and bounded; CSV
  bytes are decoded (UTF-16 with BOM, UTF-8, GB18030) and split with broken
  quoting refused; an XLSX archive is checked and a sheet chosen. The result
  is a :class:`~quota.io.files.Grid` of cell texts.
- :mod:`quota.io.formulas`: formula cells of a workbook by their stored
  results; simple ``SUM(...)`` formulas computed; nothing else evaluated.
- :mod:`quota.io.headers`: the header found under title rows, one row or two
  merged (a group over its columns, a kind over what its columns count), and
  the units a units row or a header in brackets states.
- :mod:`quota.io.rows`: the rows under the header sorted into streets, totals
  (checked against the streets above) and notes; street names checked.
- :mod:`quota.io.cells`: each cell's text read as a number (full-width digits,
  thousands separators, a unit the column is in) or refused with the reason.
- :mod:`quota.io.table`: the steps put together into a
  :class:`~quota.io.table.StreetTable`, and the checks of the columns a
  scenario uses.
- :mod:`quota.io.decisions`: the committee's numbers read back from the 决定
  column of a review workbook (``quota run --decisions``).
- :mod:`quota.io.unit_table`: a table of an upper level's own figures
  (``unit_data:``), one row per unit named in the level's column, read with the
  same files, headers and cells steps.

Imports inside the package point one way: ``cells`` imports none of the others,
``formulas`` and ``headers`` import ``cells``, ``files`` imports those three,
``rows`` imports ``cells``, ``headers`` and ``files``, ``table`` imports them
all, ``decisions`` imports ``cells``, ``files`` and ``rows``, and ``unit_table``
imports ``cells``, ``files``, ``headers`` and ``rows``. Nothing here
imports from further up the pipeline.
"""
