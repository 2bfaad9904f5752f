"""From per-page words to ``Page`` values: running lines out, columns, lines and blocks.

This is the seam for OCR: an OCR page comes back as a ``PageWords`` (its words with boxes in
displayed-page points, ``ocr_applied=True``) and goes through exactly the same assembly as a
text-layer page, so segmentation, highlighting and redaction see the same structure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from pipeline.layout import Gutter, build_blocks, find_gutter, group_rows, gutter_fits, reading_order_lines
from pipeline.parse.running import MarginSplit, split_running
from pipeline.types import Page, Word


@dataclass(frozen=True, slots=True)
class PageWords:
    """One page's words before layout (displayed coordinates, 1-based page number)."""

    number: int
    width: float
    height: float
    rotation: int
    words: tuple[Word, ...]
    has_text_layer: bool
    needs_ocr: bool
    ocr_applied: bool = False
    ocr_mean_confidence: float | None = None


def assemble_pages(pages: Sequence[PageWords]) -> tuple[Page, ...]:
    """Lay out every page; running headers/footers are recognised across all the pages given."""
    rows = [group_rows(p.words) for p in pages]
    splits = split_running([(r, p.height) for r, p in zip(rows, pages, strict=True)])
    gutters = [find_gutter(s.body_rows, p.width) for p, s in zip(pages, splits, strict=True)]
    found = [g for g in gutters if g is not None]
    if found:  # carry the document's column layout onto sparser pages
        typical = Gutter(median(g.x0 for g in found), median(g.x1 for g in found))
        gutters = [
            g if g is not None or not gutter_fits(s.body_rows, typical) else typical
            for g, s in zip(gutters, splits, strict=True)
        ]
    return tuple(_page(p, s, g) for p, s, g in zip(pages, splits, gutters, strict=True))


def page_from_words(
    number: int,
    width: float,
    height: float,
    words: Sequence[Word],
    *,
    rotation: int = 0,
    ocr_applied: bool = True,
    ocr_mean_confidence: float | None = None,
) -> Page:
    """A single ``Page`` from a list of words (e.g. one OCR'd page on its own)."""
    page = PageWords(
        number, width, height, rotation, tuple(words), has_text_layer=False, needs_ocr=True,
        ocr_applied=ocr_applied, ocr_mean_confidence=ocr_mean_confidence,
    )
    return assemble_pages([page])[0]


def _page(p: PageWords, split: MarginSplit, gutter: Gutter | None) -> Page:
    lines = reading_order_lines(split.body_rows, gutter)
    return Page(
        number=p.number,
        width=p.width,
        height=p.height,
        rotation=p.rotation,
        blocks=build_blocks(lines),
        has_text_layer=p.has_text_layer,
        needs_ocr=p.needs_ocr,
        ocr_applied=p.ocr_applied,
        ocr_mean_confidence=p.ocr_mean_confidence,
        header_footer=split.running,
    )
