"""The font runs of each text line of a page, for giving every word its size and weight.

A ``LineStyle`` lists the runs of one line as ``(end, size, bold, font)``: ``end`` counts the
line's visible (non-space) characters up to the end of the run, so a word takes the style of the
run its first character falls in — the characters ``extractWORDS`` puts into words, counted the
same way, with no geometry involved.

Two sources, one shape:
- ``html_styles`` reads MuPDF's HTML rendering of the TextPage: a ``<p>`` per line, a ``<span>``
  per run with its font family and size, ``<b>`` where MuPDF's bold test says so (the test behind
  the bold flag of the ``dict`` output). MuPDF writes it in C as one string, for a fraction of the
  cost of the ``dict`` output with its Python dict per span. It is used only when its lines spell
  exactly the page's lines of words (``pipeline.parse.pymupdf_words``).
- ``dict_styles`` reads the ``dict`` output (exact sizes, full font names): the fallback.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape
from typing import Any

import pymupdf

RunStyle = tuple[int, float, bool, str]  # (visible characters up to the run's end, size, bold, font)
LineStyle = list[RunStyle]

_BOLD_FLAG = 16
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi", ",b")
# One alternative per thing the reader needs: a line opens, a line closes, bold opens or closes,
# a run (its family, its size in points, its text, which holds no '<': MuPDF escapes it).
_HTML_TOKEN = re.compile(
    r"(<p )|(</p>)|(</?b>)"
    r'|<span style="font-family:([^,;"]*)[^"]*?;font-size:([0-9.]+)pt[^"]*">([^<]*)</span>'
)


@lru_cache(maxsize=4096)
def is_bold(font: str, flags: int) -> bool:
    """Bold from the span flags, or from the font name when the flags do not say so."""
    if flags & _BOLD_FLAG:
        return True
    name = font.lower()
    return any(part in name for part in _BOLD_NAMES)


def _visible(text: str) -> str:
    """The characters of a run that can be part of a word (whitespace dropped)."""
    return "".join(text.split())


def html_styles(textpage: pymupdf.TextPage) -> tuple[list[str], list[LineStyle]]:
    """Each non-blank line's visible text and its runs, from the TextPage's HTML, in page order."""
    texts: list[str] = []
    styles: list[LineStyle] = []
    runs: LineStyle = []
    parts: list[str] = []
    count = 0
    bold = False
    for opens, closes, bold_tag, family, size, text in _HTML_TOKEN.findall(textpage.extractHTML()):
        if text:
            # MuPDF writes every character outside printable ASCII as an entity, so a run without
            # one holds no whitespace but plain spaces.
            visible = _visible(unescape(text)) if "&" in text else text.replace(" ", "")
            count += len(visible)
            parts.append(visible)
            runs.append((count, float(size), bold, family))
        elif opens:
            runs, parts, count = [], [], 0
        elif closes and count:
            texts.append("".join(parts))
            styles.append(runs)
        elif bold_tag:
            bold = bold_tag == "<b>"
    return texts, styles


def dict_styles(textpage: pymupdf.TextPage) -> dict[tuple[int, int], LineStyle]:
    """The runs of every line, keyed by (block, line) number as in ``extractWORDS``."""
    table: dict[tuple[int, int], LineStyle] = {}
    blocks: list[dict[str, Any]] = textpage.extractDICT()["blocks"]
    for b_no, block in enumerate(blocks):
        for l_no, line in enumerate(block.get("lines", ())):
            runs: LineStyle = []
            count = 0
            for span in line["spans"]:
                count += len(_visible(span["text"]))
                runs.append((count, span["size"], is_bold(span["font"], span["flags"]), span["font"]))
            table[(b_no, l_no)] = runs
    return table
