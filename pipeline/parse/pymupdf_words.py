"""Words with boxes, font size and weight from a PDF text layer, via PyMuPDF.

Speed: one ``TextPage`` per page (most of MuPDF's cost, as for a plain ``get_text("words")``),
read twice: ``extractWORDS`` gives exact word boxes, and the font runs of each line come from its
HTML rendering, or from its ``dict`` when the HTML does not spell the same lines
(``pipeline.parse.span_styles``). ``rawdict`` (per-character boxes) would cost twenty times as
much. Images are not extracted. Lines have one font run in the common case, so the words of such
a line are built in one comprehension with one style.
"""

from __future__ import annotations

import re
from itertools import groupby
from operator import itemgetter

import pymupdf

from pipeline.parse.span_styles import LineStyle, dict_styles, html_styles
from pipeline.types import BBox, Word, from_fields

# No TEXT_PRESERVE_IMAGES (speed), no TEXT_PRESERVE_LIGATURES (so "ﬁ" comes out as "fi"),
# no TEXT_CID_FOR_UNKNOWN_UNICODE (so unmapped glyphs come out as U+FFFD and can be counted).
TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP

_UNREADABLE = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]")
_LINE_KEY = itemgetter(5, 6)  # (block number, line number) of a raw PyMuPDF word
RawWord = tuple[float, float, float, float, str, int, int, int]


def page_words(page: pymupdf.Page) -> list[Word]:
    """All words of the page's text layer, boxes in displayed (rotated) page coordinates."""
    textpage = page.get_textpage(flags=TEXT_FLAGS)
    lines = [list(group) for _, group in groupby(textpage.extractWORDS(), key=_LINE_KEY)]
    if not lines:
        return []
    words: list[Word] = []
    for line, runs in zip(lines, _line_styles(textpage, lines), strict=True):
        if len(runs) == 1:  # one font run: the common case, and most of the speed of this loop
            _, size, bold, font = runs[0]
            words += [
                from_fields(Word, (t, from_fields(BBox, (x0, y0, x1, y1)), size, bold, font, None, None))
                for x0, y0, x1, y1, t, _, _, _ in line
            ]
            continue
        offset = 0  # visible characters of the line before this word
        for x0, y0, x1, y1, t, _, _, _ in line:
            run = next((r for r in runs if r[0] > offset), runs[-1] if runs else None)
            size, bold, font = (0.0, False, "") if run is None else run[1:]
            words.append(Word(t, BBox(x0, y0, x1, y1), size, bold, font))
            offset += len(t)
    if page.rotation % 360:
        words = _rotated(words, page.rotation_matrix)
    return words


def _line_styles(textpage: pymupdf.TextPage, lines: list[list[RawWord]]) -> list[LineStyle]:
    """The font runs of each line of words: from the HTML when its lines spell exactly these
    words' lines, in order; otherwise from the ``dict`` by (block, line) number."""
    texts, styles = html_styles(textpage)
    if len(texts) == len(lines) and all(
        text == "".join([w[4] for w in line]) for text, line in zip(texts, lines, strict=True)
    ):
        return styles
    table = dict_styles(textpage)
    return [table.get(_LINE_KEY(line[0]), []) for line in lines]


def _rotated(words: list[Word], matrix: pymupdf.Matrix) -> list[Word]:
    """The words with their boxes turned from the unrotated page onto the displayed one."""
    turned = []
    for word in words:
        b = word.bbox
        rect = pymupdf.Rect(b.x0, b.top, b.x1, b.bottom) * matrix
        box = BBox(rect.x0, rect.y0, rect.x1, rect.y1)
        turned.append(Word(word.text, box, word.font_size, word.bold, word.font))
    return turned


def unreadable_share(words: list[Word]) -> float:
    """Share of characters that are unmapped glyphs, private-use or control characters."""
    text = "".join([w.text for w in words])
    if not text:
        return 1.0
    return len(_UNREADABLE.findall(text)) / len(text)


def image_coverage(page: pymupdf.Page) -> float:
    """Share of the page area covered by its largest image (only called for near-empty pages)."""
    area = abs(page.rect)
    if not area:
        return 0.0
    best = 0.0
    for info in page.get_image_info():
        best = max(best, abs(pymupdf.Rect(info["bbox"]) & page.rect) / area)
    return best
