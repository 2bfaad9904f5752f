"""Words with boxes, font size and weight from a PDF text layer, via PyMuPDF.

Speed: one ``TextPage`` per page, read twice — ``words`` gives exact word boxes, ``dict`` gives the
spans with font name, size and flags. The TextPage is built once (it is most of MuPDF's cost, as
for a plain ``get_text("words")``); the ``dict`` read adds about half of that again, while
``rawdict`` (per-character boxes) would cost about three times as much and push per-character
work into Python. Images are not extracted.
Each word takes its font from the span of its own line that it starts in; lines have one span in
the common case, so the words of such a line are built in one comprehension with one lookup.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby
from operator import itemgetter

import pymupdf

from pipeline.types import BBox, Word

# No TEXT_PRESERVE_IMAGES (speed), no TEXT_PRESERVE_LIGATURES (so "ﬁ" comes out as "fi"),
# no TEXT_CID_FOR_UNKNOWN_UNICODE (so unmapped glyphs come out as U+FFFD and can be counted).
TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP

_BOLD_FLAG = 16
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi", ",b")
_UNREADABLE = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]")

SpanInfo = tuple[float, float, bool, str]  # (x1 of the span, size, bold, font name)
_LINE_KEY = itemgetter(5, 6)  # (block number, line number) of a raw PyMuPDF word


@lru_cache(maxsize=4096)
def is_bold(font: str, flags: int) -> bool:
    """Bold from the span flags, or from the font name when the flags do not say so."""
    if flags & _BOLD_FLAG:
        return True
    name = font.lower()
    return any(part in name for part in _BOLD_NAMES)


def _span_table(blocks: list[dict]) -> dict[tuple[int, int], list[SpanInfo]]:
    table: dict[tuple[int, int], list[SpanInfo]] = {}
    for b_no, block in enumerate(blocks):
        for l_no, line in enumerate(block.get("lines", ())):
            table[(b_no, l_no)] = [
                (s["bbox"][2], s["size"], is_bold(s["font"], s["flags"]), s["font"])
                for s in line["spans"]
                if not s["text"].isspace()
            ]
    return table


def _span_for(spans: list[SpanInfo], x0: float) -> SpanInfo | None:
    for span in spans:
        if span[0] > x0 + 0.5:
            return span
    return spans[-1] if spans else None


def page_words(page: pymupdf.Page) -> list[Word]:
    """All words of the page's text layer, boxes in displayed (rotated) page coordinates."""
    textpage = page.get_textpage(flags=TEXT_FLAGS)
    raw = page.get_text("words", textpage=textpage)
    if not raw:
        return []
    table = _span_table(page.get_text("dict", textpage=textpage)["blocks"])
    words: list[Word] = []
    # Words come line by line: one span lookup per line, and a comprehension per one-span line
    # (the common case), which is most of the speed of this loop.
    for key, group in groupby(raw, key=_LINE_KEY):
        spans = table.get(key, [])
        if len(spans) == 1:
            _, size, bold, font = spans[0]
            words += [Word(t, BBox(x0, y0, x1, y1), size, bold, font) for x0, y0, x1, y1, t, _, _, _ in group]
            continue
        for x0, y0, x1, y1, t, _, _, _ in group:
            span = _span_for(spans, x0)
            size, bold, font = (0.0, False, "") if span is None else span[1:]
            words.append(Word(t, BBox(x0, y0, x1, y1), size, bold, font))
    if page.rotation % 360:
        words = _rotated(words, page.rotation_matrix)
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
