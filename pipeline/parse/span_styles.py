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
# MuPDF's HTML: a ``<p>`` per line holding a ``<span>`` per run (family, size in points, text),
# wrapped in ``<b>``/``<i>``/``<sup>`` as the run's style says. Run text holds no '<' (MuPDF escapes
# it), so a line's body runs to its '</p>' (matched without a lazy '.*?', ten times slower here).
_LINE = re.compile(r"<p [^>]*>([^<]*(?:<(?!/p>)[^<]*)*)</p>")
_SPAN = r'<span style="font-family:([^,;"]*)[^"]*?;font-size:([0-9.]+)pt[^"]*">([^<]*)</span>'
_ONE_SPAN = re.compile(_SPAN)
_LINE_TOKEN = re.compile(r"(</?b>)|" + _SPAN)  # bold opens or closes, or a run
_ENTITY = re.compile(r"&[^;&]*;")  # MuPDF writes every '&' as an entity, each with its ';'


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


@lru_cache(maxsize=1024)
def _entity(entity: str) -> str:
    return unescape(entity)


def _visible_html(text: str) -> str:
    """The visible characters of a run's escaped HTML text. MuPDF writes every character outside
    printable ASCII as an entity, so a run without one holds no whitespace but plain spaces; the
    few entities a page uses (a dozen kinds) are decoded once each."""
    if "&" not in text:
        return text.replace(" ", "")
    return _visible(_ENTITY.sub(lambda m: _entity(m.group()), text))


def html_styles(textpage: pymupdf.TextPage) -> tuple[list[str], list[LineStyle]]:
    """Each non-blank line's visible text and its runs, from the TextPage's HTML, in page order.

    Nineteen lines in twenty hold a single run: those are read with one match.
    """
    texts: list[str] = []
    styles: list[LineStyle] = []
    for body in _LINE.findall(textpage.extractHTML()):
        span = _ONE_SPAN.search(body) if body.count("<span") == 1 else None
        if span is not None:
            family, size, text = span.groups()
            visible = _visible_html(text)
            if visible:
                texts.append(visible)
                styles.append([(len(visible), float(size), "<b>" in body, family)])
            continue
        runs: LineStyle = []
        parts: list[str] = []
        count = 0
        bold = False
        for bold_tag, family, size, text in _LINE_TOKEN.findall(body):
            if text:
                visible = _visible_html(text)
                count += len(visible)
                parts.append(visible)
                runs.append((count, float(size), bold, family))
            elif bold_tag:
                bold = bold_tag == "<b>"
        if count:
            texts.append("".join(parts))
            styles.append(runs)
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
