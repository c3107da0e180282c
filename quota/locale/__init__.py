"""The one catalog of everything a person reads, in Chinese and English.

- :mod:`quota.locale.labels`: labels, headers and phrases of the outputs
  (reports, workbook, charts, documents), looked up with :func:`label`;
- :mod:`quota.locale.messages`: the messages the program says (errors,
  notices, the CLI's summaries and help), made with :func:`msg` into a
  :class:`quota.errors.Msg` that renders in either language.

It sits at the bottom of the house (only :mod:`quota.errors` is below it), so
every layer, from reading a file to the CLI, can say things in the user's
language.
"""

from __future__ import annotations

from quota.locale.labels import LABELS, LANGUAGES, check_lang, column_labels, kind_label, label
from quota.locale.messages import MESSAGES, kind_name, msg

__all__ = [
    "LABELS",
    "LANGUAGES",
    "MESSAGES",
    "check_lang",
    "column_labels",
    "kind_label",
    "kind_name",
    "label",
    "msg",
]
