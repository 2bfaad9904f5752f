"""The font runs of a page's text, for giving every word its size and weight.

A run is a stretch of characters in one font. Runs are located by counting visible (non-space)
characters — the characters ``extractWORDS`` puts into words, counted the same way — so a word
takes the style of the run its first character falls in, with no geometry involved.

Two sources:
- ``html_runs`` reads MuPDF's HTML rendering of the TextPage: a ``<p>`` per line, a ``<span>``
  per run with its font family and size, ``<b>`` where MuPDF's bold test says so (the test behind
  the bold flag of the ``dict`` output). MuPDF writes it in C as one string, for a fraction of the
  cost of the ``dict`` output with its Python dict per span. It gives the whole page's characters
  and runs, and is used only when those characters are exactly the words' characters
  (``pipeline.parse.pymupdf_words``).
- ``dict_styles`` reads the ``dict`` output (exact sizes, full font names), line by line: the
  fallback. A ``LineStyle`` lists one line's runs as ``(end, size, bold, font)``, ``end`` counting
  the line's visible characters up to the end of the run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from typing import Any

import pymupdf

RunFont = tuple[float, bool, str]  # (size, bold, font)
RunStyle = tuple[int, float, bool, str]  # (the line's visible characters to the run's end, size, bold, font)
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


@dataclass(frozen=True, slots=True)
class PageRuns:
    """The font runs of a whole page: ``text`` holds its visible characters in reading order; run
    ``i`` ends where ``ends[i]`` characters of ``text`` have passed and has style ``fonts[i]``."""

    text: str
    ends: list[int]
    fonts: list[RunFont]


def html_runs(textpage: pymupdf.TextPage) -> PageRuns:
    """The page's runs from the TextPage's HTML (lines without a visible character are left out).

    Nineteen lines in twenty hold a single run: those are read with one match.
    """
    parts: list[str] = []
    ends: list[int] = []
    fonts: list[RunFont] = []
    count = 0
    for body in _LINE.findall(textpage.extractHTML()):
        span = _ONE_SPAN.search(body) if body.count("<span") == 1 else None
        if span is not None:
            family, size, text = span.groups()
            visible = _visible_html(text)
            if visible:
                count += len(visible)
                parts.append(visible)
                ends.append(count)
                fonts.append((float(size), "<b>" in body, family))
            continue
        line_start, line_ends, line_fonts = count, [], []
        bold = False
        for bold_tag, family, size, text in _LINE_TOKEN.findall(body):
            if text:
                visible = _visible_html(text)
                count += len(visible)
                parts.append(visible)
                line_ends.append(count)
                line_fonts.append((float(size), bold, family))
            elif bold_tag:
                bold = bold_tag == "<b>"
        if count > line_start:
            ends += line_ends
            fonts += line_fonts
    return PageRuns("".join(parts), ends, fonts)


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
