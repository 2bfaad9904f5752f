"""Words with boxes, font size and weight from a PDF text layer, via PyMuPDF.

Speed: one ``TextPage`` per page (most of MuPDF's cost, as for a plain ``get_text("words")``),
read twice: ``extractWORDS`` gives exact word boxes, and the font runs come from the page's HTML
rendering, or from its ``dict`` when the HTML does not spell the same characters
(``pipeline.parse.span_styles``). ``rawdict`` (per-character boxes) would cost twenty times as
much. Images are not extracted. The words are built in one comprehension, each with its run's
style found by bisection: no loop over lines.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, groupby, repeat
from operator import itemgetter

import pymupdf

from pipeline.parse.span_styles import dict_styles, html_runs
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
    raw: list[RawWord] = textpage.extractWORDS()
    if not raw:
        return []
    words = _words_by_html(textpage, raw)
    if words is None:
        words = _words_by_dict(textpage, raw)
    if page.rotation % 360:
        words = _rotated(words, page.rotation_matrix)
    return words


def _words_by_html(textpage: pymupdf.TextPage, raw: list[RawWord]) -> list[Word] | None:
    """The words with the fonts of the HTML runs, or None when the HTML does not spell the page.

    When the page's visible characters are the same string in both readings, the k-th character of
    the runs is the k-th character of the words, so a word takes the run its first character falls
    in (a bisection over where the runs end), without regard to how either reading cuts lines.
    """
    runs = html_runs(textpage)
    if "".join([w[4] for w in raw]) != runs.text:
        return None
    tails = [(size, bold, font, None, None) for size, bold, font in runs.fonts]  # a Word after text and box
    starts = accumulate([len(w[4]) for w in raw], initial=0)
    word_tails = map(tails.__getitem__, map(bisect_right, repeat(runs.ends), starts))
    return [
        from_fields(Word, (t, from_fields(BBox, (x0, y0, x1, y1)), *tail))
        for (x0, y0, x1, y1, t, _, _, _), tail in zip(raw, word_tails, strict=False)
    ]


def _words_by_dict(textpage: pymupdf.TextPage, raw: list[RawWord]) -> list[Word]:
    """The words with the fonts of the ``dict`` spans of their line (exact sizes, full names)."""
    table = dict_styles(textpage)
    words: list[Word] = []
    for key, group in groupby(raw, key=_LINE_KEY):
        runs = table.get(key, [])
        offset = 0  # visible characters of the line before this word
        for x0, y0, x1, y1, t, _, _, _ in group:
            run = next((r for r in runs if r[0] > offset), runs[-1] if runs else None)
            size, bold, font = (0.0, False, "") if run is None else run[1:]
            words.append(Word(t, BBox(x0, y0, x1, y1), size, bold, font))
            offset += len(t)
    return words


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
