"""Rendering the report templates: Jinja2 environments, Markdown escaping, embedded images.

The templates are in ``quota/templates/report/`` (the review report and the
scenario comparison). The HTML is autoescaped; in the Markdown every value is
written with ``&``, ``<`` and ``>`` as entities and table cells have their
``|`` escaped (:func:`escape_markdown_text`, :func:`escape_markdown`), so text
from the user cannot inject markup.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import markupsafe

from quota.locale import check_lang
from quota.outputs.document import phrase

if TYPE_CHECKING:
    import jinja2


#: CSS font stack: system fonts that carry Simplified Chinese first
FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",'
    ' "Hiragino Sans GB", "WenQuanYi Micro Hei", "Droid Sans Fallback", "Segoe UI",'
    " Helvetica, Arial, sans-serif"
)


def encode_png(data: bytes) -> str:
    """A PNG as a ``data:`` URI for an ``<img src>``."""
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def build_headings(lang: str, keys: Sequence[str]) -> dict[str, str]:
    """Section headings ``report.h.<key>`` in one language."""
    code = check_lang(lang)
    return {key: phrase(f"report.h.{key}", code) for key in keys}


# brackets too: a name like [x](javascript:...) must not become a live link
_HTML_IN_MARKDOWN = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "&#91;", "]": "&#93;"}
)


def escape_markdown_text(text: object) -> markupsafe.Markup:
    """Text safe anywhere in a Markdown file: ``&``, ``<``, ``>``, ``[`` and ``]`` as entities.

    Markdown viewers render raw HTML; escaped, a name like
    ``<script>alert(1)</script>`` or ``<img src=x onerror=...>`` is shown as
    text. Already escaped text (:class:`markupsafe.Markup`) is returned as it is.
    """
    if isinstance(text, markupsafe.Markup):
        return text
    return markupsafe.Markup(str(text).translate(_HTML_IN_MARKDOWN))


def escape_markdown(text: object) -> markupsafe.Markup:
    """Text safe inside a Markdown table cell.

    As :func:`escape_markdown_text`, and backslashes and pipes escaped (a ``|``
    would end the cell), line breaks replaced by spaces.
    """
    cell = str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    return escape_markdown_text(cell)


@functools.lru_cache(maxsize=2)
def build_environment(autoescape: bool) -> jinja2.Environment:
    """The Jinja2 environment of the report templates.

    ``autoescape=True``: the HTML environment (Jinja's HTML autoescaping).
    ``autoescape=False``: the Markdown environment, which escapes every value
    it writes with :func:`escape_markdown_text` (macro output and the ``md``
    filter's cells are escaped already and left alone).
    """
    import jinja2

    markdown = not autoescape
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("quota", "templates/report"),
        # Markdown: Jinja's autoescaping keeps track of what is escaped already,
        # and the finalize hook escapes the rest the Markdown way first
        autoescape=True,
        finalize=escape_markdown_text if markdown else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = escape_markdown
    return env


def render_template(name: str, **context: Any) -> str:
    """Render one template of ``quota/templates/report/`` (``*.html.j2`` autoescaped)."""
    env = build_environment(name.endswith(".html.j2"))
    return env.get_template(name).render(**context)


def render_source(source: str, *, html: bool, **context: Any) -> str:
    """Render template text with the report's environment (its macros, its escaping).

    ``html=True``: the autoescaped HTML environment; else the Markdown one.
    """
    return build_environment(html).from_string(source).render(**context)
