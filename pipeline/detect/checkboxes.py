"""A page's words as check-box grids read them, and letter marks ("X", "Yes", "No" in a column).

The grids and check boxes themselves are read by parse (``pipeline.parse.drawn``, or for a scan
``pipeline.parse.scan_ink``) and carried on ``Page.drawn``: detection works on the document alone.
Coordinates are displayed-page points with a top-left origin, as in ``pipeline.types``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from pipeline.check_glyphs import CHECKED_GLYPHS, UNCHECKED_GLYPHS
from pipeline.geometry import centre_in
from pipeline.types import BBox, Grid, Mark, MarkStyle, Page

__all__ = [
    "CHECKED_GLYPHS",
    "LETTER_CHECKED",
    "LETTER_UNCHECKED",
    "UNCHECKED_GLYPHS",
    "Grid",
    "Mark",
    "MarkStyle",
    "PageWord",
    "cell_text",
    "centre_in",
    "letter_marks",
    "parsed_page_words",
]

# Cell values that mark a row in a "letter" column; blank means not checked.
LETTER_CHECKED = frozenset({"x", "yes", "y", "✓", "✔"})
LETTER_UNCHECKED = frozenset({"no", "n", "-", "–", "—", "n/a"})


class PageWord(NamedTuple):
    """A word of the page with its line identity (for joining multi-line cells).

    A NamedTuple, like ``pipeline.types.Word``: one is made per word of every page searched for
    check boxes, and a tuple is several times cheaper to make than a frozen dataclass."""

    text: str
    bbox: BBox
    line_key: tuple[int, int]


def parsed_page_words(page: Page) -> list[PageWord]:
    """The words parse read from the page: body lines in reading order, then running headers and
    footers. Line keys are the parsed (block, line) indices; running lines get block -1."""
    words = [
        PageWord(w.text, w.bbox, (b, i))
        for b, block in enumerate(page.blocks)
        for i, line in enumerate(block.lines)
        for w in line.words
    ]
    running = enumerate(page.header_footer)
    words += [PageWord(w.text, w.bbox, (-1, i)) for i, line in running for w in line.words]
    return words


def letter_marks(words: Iterable[PageWord]) -> list[Mark]:
    """Words that could be a letter-column value ("X", "Yes", "No"); validated per column later."""
    marks = []
    for word in words:
        token = word.text.strip().lower()
        if token in LETTER_CHECKED or token in LETTER_UNCHECKED:
            marks.append(Mark(word.bbox, token in LETTER_CHECKED, MarkStyle.LETTER))
    return marks


def cell_text(words: list[PageWord]) -> str:
    """Words of a cell joined line by line; a line ending in a hyphen joins without a space."""
    out = ""
    last_key: tuple[int, int] | None = None
    for word in words:
        if not out:
            out = word.text
        elif word.line_key != last_key and out.endswith("-"):
            out += word.text
        else:
            out += " " + word.text
        last_key = word.line_key
    return " ".join(out.split())
