"""Message pieces the catalog cannot hold: a list joined by a separator of its own.

A list or tuple value of a :class:`~quota.errors.Msg` is joined with ``、`` in
Chinese and ``, `` in English. Some messages list their items with another
separator (``；`` / ``; `` between groups that contain commas themselves);
:func:`join_phrases` makes such a list a message value that renders in either
language, and :func:`join_sentences` puts whole messages one after the other.
"""

from __future__ import annotations

from collections.abc import Sequence

from quota.errors import Msg, render

#: Chinese punctuation that ends a sentence (no separator needed after it)
_ZH_ENDS = ("。", "！", "？", "；")


def _literal(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def join_phrases(items: Sequence[str | Msg], zh: str, en: str) -> Msg:
    """The items as one message value, joined by ``zh`` in Chinese and ``en`` in English.

    Parameters
    ----------
    items : sequence of str or Msg
        The pieces; messages render in the language of the message they go into.
    zh, en : str
        The separator in each language, e.g. ``"；"`` and ``"; "``.

    Returns
    -------
    Msg
        A message without a catalog key of its own (``analysis.joined``).
    """
    names = [f"item{i}" for i in range(len(items))]
    texts = tuple(_literal(sep).join("{" + name + "}" for name in names) for sep in (zh, en))
    return Msg("analysis.joined", texts, dict(zip(names, items, strict=True)))


def join_sentences(items: Sequence[str | Msg]) -> Msg:
    """Messages one after the other: a space between them in English, ``；`` in Chinese.

    In Chinese no separator follows a message that already ends a sentence (``。``).
    """
    names = [f"item{i}" for i in range(len(items))]
    zh = ""
    for i, name in enumerate(names):
        if i:
            zh += "" if render(items[i - 1], "zh").endswith(_ZH_ENDS) else "；"
        zh += "{" + name + "}"
    en = " ".join("{" + name + "}" for name in names)
    return Msg("analysis.joined", (zh, en), dict(zip(names, items, strict=True)))
