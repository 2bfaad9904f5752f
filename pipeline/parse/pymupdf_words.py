"""Words with boxes, font size and weight from a PDF text layer, via PyMuPDF.

Speed: one ``TextPage`` per page, read twice — ``words`` gives exact word boxes, ``dict`` gives the
spans with font name, size and flags. Sharing the TextPage makes the second read nearly free (the
text extraction is done once by MuPDF in C), while ``rawdict`` (per-character boxes) would cost
about three times as much and push per-character work into Python. Images are not extracted.
Each word takes its font from the span of its own line that it starts in; lines have one span in
the common case, so the lookup is a single index.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pymupdf

from pipeline.types import BBox, Word

# No TEXT_PRESERVE_IMAGES (speed), no TEXT_PRESERVE_LIGATURES (so "ﬁ" comes out as "fi"),
# no TEXT_CID_FOR_UNKNOWN_UNICODE (so unmapped glyphs come out as U+FFFD and can be counted).
TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP

_BOLD_FLAG = 16
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi", ",b")
_UNREADABLE = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]")

SpanInfo = tuple[float, float, bool, str]  # (x1 of the span, size, bold, font name)


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
    matrix = page.rotation_matrix if page.rotation % 360 else None
    words: list[Word] = []
    append = words.append
    block = line = -1
    spans: list[SpanInfo] = []
    size, bold, font = 0.0, False, ""  # a word with no span keeps Word's defaults
    for x0, y0, x1, y1, text, b_no, l_no, _ in raw:
        if l_no != line or b_no != block:  # words come line by line: one lookup per line
            block, line = b_no, l_no
            spans = table.get((b_no, l_no), [])
            if len(spans) == 1:
                _, size, bold, font = spans[0]
        if len(spans) != 1:
            span = _span_for(spans, x0)
            size, bold, font = (0.0, False, "") if span is None else span[1:]
        if matrix is not None:
            rect = pymupdf.Rect(x0, y0, x1, y1) * matrix
            x0, y0, x1, y1 = rect.x0, rect.y0, rect.x1, rect.y1
        append(Word(text, BBox(x0, y0, x1, y1), size, bold, font))
    return words


def unreadable_share(words: list[Word]) -> float:
    """Share of characters that are unmapped glyphs, private-use or control characters."""
    text = "".join(w.text for w in words)
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
