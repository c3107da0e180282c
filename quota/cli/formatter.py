"""Help pages in Chinese: click's formatter, with Chinese words and wide characters.

Click measures text in characters and breaks lines at spaces; Chinese has no
spaces and each character takes two columns of the terminal. In Chinese the
formatter wraps by display width, may break between any two Chinese
characters (never before a closing punctuation mark such as ``，`` or ``）``,
never after an opening one), and writes the headings and the usage line in
Chinese. In English it is click's own formatter, unchanged.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

import click

from quota.locale import msg

#: marks that must not start a line (they close what comes before)
NO_LINE_START = frozenset("，。；：、）》」』】！？…%,.;:)]}!?")
#: marks that must not end a line (they open what comes after)
NO_LINE_END = frozenset("（《「『【“‘([{")

#: click's section headings -> catalog keys
HEADINGS = {
    "Options": "cli.help.options",
    "Commands": "cli.help.commands",
    "Positional arguments": "cli.help.arguments",
}


def is_wide(char: str) -> bool:
    """Whether a character takes two columns of a terminal (Chinese characters, ``，``)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def display_width(text: str) -> int:
    """Columns a text takes on a terminal: two per wide character."""
    return sum(2 if is_wide(c) else 0 if unicodedata.combining(c) else 1 for c in text)


def _tokens(text: str) -> list[str]:
    """Unbreakable pieces of a text: words, single wide characters and single spaces.

    Punctuation sticks to its neighbour: a closing mark to the piece before
    it, an opening mark to the piece after it.
    """
    pieces: list[str] = []
    word = ""
    for char in text:
        if char.isspace() or is_wide(char):
            if word:
                pieces.append(word)
                word = ""
            if not char.isspace():
                pieces.append(char)
            elif pieces and pieces[-1] != " ":
                pieces.append(" ")
        else:
            word += char
    if word:
        pieces.append(word)
    glued: list[str] = []
    for piece in pieces:
        opened = glued and glued[-1] != " " and glued[-1][-1] in NO_LINE_END
        closes = glued and glued[-1] != " " and piece != " " and piece[0] in NO_LINE_START
        if piece != " " and (opened or closes):
            glued[-1] += piece
        else:
            glued.append(piece)
    return glued


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> str:
    """Fill one paragraph into lines of at most ``width`` columns (a longer word stays whole)."""
    lines: list[str] = []
    line, used, filled, space = initial_indent, display_width(initial_indent), False, False
    for piece in _tokens(text):
        if piece == " ":
            space = filled
            continue
        size = display_width(piece)
        gap = 1 if space else 0
        if filled and used + gap + size > width:
            lines.append(line)
            line, used, gap = subsequent_indent, display_width(subsequent_indent), 0
        line += " " * gap + piece
        used += gap + size
        filled, space = True, False
    lines.append(line)
    return "\n".join(lines)


def wrap_paragraphs(text: str, width: int, indent: str = "") -> str:
    """Fill each paragraph (blank-line separated) of ``text``; a ``\\b`` paragraph is kept as it is."""
    paragraphs = []
    for block in text.split("\n\n"):
        lines = block.strip("\n").splitlines()
        if lines and lines[0].strip() == "\b":
            paragraphs.append("\n".join(indent + line for line in lines[1:]))
        elif lines:
            joined = " ".join(line.strip() for line in lines)
            paragraphs.append(wrap(joined, width, indent, indent))
    return "\n\n".join(paragraphs)


class QuotaFormatter(click.HelpFormatter):
    """Click's help formatter that speaks ``lang`` (see the module's description)."""

    def __init__(
        self,
        lang: str = "zh",
        indent_increment: int = 2,
        width: int | None = None,
        max_width: int | None = None,
    ) -> None:
        super().__init__(indent_increment, width, max_width)
        self.lang = lang

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """The usage line: ``用法：quota run [选项] SCENARIOS...``."""
        if self.lang == "en" or prefix is not None:
            super().write_usage(prog, args, prefix)
            return
        lead = " " * self.current_indent + msg("cli.help.usage").render(self.lang) + f"{prog} "
        if not args:
            self.write(lead.rstrip(" ") + "\n")
            return
        lead_width = display_width(lead)
        if self.width - self.current_indent >= lead_width + 20:
            self.write(wrap(args, self.width, lead, " " * lead_width))
        else:
            indent = " " * (self.current_indent + 4)
            self.write(lead.rstrip(" ") + "\n" + wrap(args, self.width, indent, indent))
        self.write("\n")

    def write_heading(self, heading: str) -> None:
        """A section's heading: ``选项：``."""
        if self.lang == "en":
            super().write_heading(heading)
            return
        name = msg(HEADINGS[heading]).render(self.lang) if heading in HEADINGS else heading
        text = msg("cli.help.heading", heading=name).render(self.lang)
        self.write(" " * self.current_indent + text + "\n")

    def write_text(self, text: str) -> None:
        """A command's description, paragraphs filled to the width."""
        if self.lang == "en":
            super().write_text(text)
            return
        self.write(wrap_paragraphs(text, self.width, " " * self.current_indent) + "\n")

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        """Options or commands and their help, in two columns as click lays them out."""
        rows = list(rows)
        if self.lang == "en" or not rows:
            super().write_dl(rows, col_max, col_spacing)
            return
        first_col = min(max(display_width(first) for first, _ in rows), col_max) + col_spacing
        for first, second in rows:
            self.write(" " * self.current_indent + first)
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_paragraphs(second, max(self.width - first_col - 2, 10)).splitlines()
            self.write(_indent_rest(lines, " " * (first_col + self.current_indent)))


def _indent_rest(lines: Sequence[str], indent: str) -> str:
    if not lines:
        return "\n"
    return "".join([lines[0] + "\n", *(indent + line + "\n" for line in lines[1:])])


def short_help(text: str, limit: int) -> str:
    """The first sentence of a Chinese help text, cut to ``limit`` columns (``...`` when cut).

    A sentence too long is cut after its last clause (``；``, ``，``) that fits,
    or, when that leaves too little, between two words or characters.
    """
    first = text.split("\n\n", 1)[0].strip()
    end = first.find("。")
    sentence = first[: end + 1] if end >= 0 else first
    if display_width(sentence) <= limit:
        return sentence
    room = limit - 3
    clauses = [
        i for i, c in enumerate(sentence) if c in "；，" and display_width(sentence[:i]) <= room
    ]
    if clauses and display_width(sentence[: clauses[-1]]) * 2 >= room:
        return sentence[: clauses[-1]] + "..."
    kept = ""
    for piece in _tokens(sentence):
        if display_width(kept + piece) > room:
            break
        kept += piece
    return kept.rstrip("，；：、 ") + "..."
