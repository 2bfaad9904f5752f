"""From per-page words to ``Page`` values: running lines out, columns, lines and blocks.

This is the seam for OCR: an OCR page comes back as a ``PageWords`` (its words with boxes in
displayed-page points, ``ocr_applied=True``) and goes through exactly the same assembly as a
text-layer page, so segmentation, highlighting and redaction see the same structure.

An OCR word of a tilted scan carries a level ``layout_bbox`` besides the box of its ink. Layout
runs on the level boxes (so a printed line is one row and a gutter is a vertical strip); the lines
and blocks it builds are then given back the words with their ink boxes, so a highlight or a
redaction covers the drawn word, while line and block boxes keep the level geometry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from statistics import median

from pipeline.layout import (
    Gutter,
    build_blocks,
    find_gutter,
    group_rows,
    gutter_fits,
    line_of,
    reading_order_lines,
)
from pipeline.parse.running import MarginSplit, split_running
from pipeline.parse.tables import CellGrid, table_row_blocks
from pipeline.parse.unruled import unruled_grids
from pipeline.types import BBox, Block, Drawn, Line, Page, Word


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
    tables: tuple[CellGrid, ...] = ()  # the cell grids of the page's ruled tables (``pipeline.parse.tables``)
    drawn: Drawn = Drawn()  # its ruled grids and check boxes (``pipeline.parse.drawn``)


def assemble_pages(pages: Sequence[PageWords]) -> tuple[Page, ...]:
    """Lay out every page; running headers/footers are recognised across all the pages given."""
    views = [_layout_view(p.words) if p.ocr_applied else (p.words, {}) for p in pages]
    rows = [group_rows(words) for words, _ in views]
    splits = split_running([(r, p.height) for r, p in zip(rows, pages, strict=True)])
    gutters = [
        find_gutter(s.body_rows, p.width, scanned=p.ocr_applied) for p, s in zip(pages, splits, strict=True)
    ]
    found = [g for g in gutters if g is not None]
    if found:  # carry the document's column layout onto sparser pages
        typical = Gutter(median(g.x0 for g in found), median(g.x1 for g in found))
        gutters = [
            g if g is not None or not gutter_fits(s.body_rows, typical) else typical
            for g, s in zip(gutters, splits, strict=True)
        ]
    laid_out = (_page(p, s, g) for p, s, g in zip(pages, splits, gutters, strict=True))
    return tuple(
        _with_ink_boxes(page, ink) if ink else page for page, (_, ink) in zip(laid_out, views, strict=True)
    )


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
        number,
        width,
        height,
        rotation,
        tuple(words),
        has_text_layer=False,
        needs_ocr=True,
        ocr_applied=ocr_applied,
        ocr_mean_confidence=ocr_mean_confidence,
    )
    return assemble_pages([page])[0]


def _page(p: PageWords, split: MarginSplit, gutter: Gutter | None) -> Page:
    return Page(
        number=p.number,
        width=p.width,
        height=p.height,
        rotation=p.rotation,
        blocks=_blocks(split.body_rows, gutter, p.tables or _unruled(p, split.body_rows, gutter)),
        has_text_layer=p.has_text_layer,
        needs_ocr=p.needs_ocr,
        ocr_applied=p.ocr_applied,
        ocr_mean_confidence=p.ocr_mean_confidence,
        header_footer=split.running,
        drawn=p.drawn,
    )


def _unruled(p: PageWords, rows: list[list[Word]], gutter: Gutter | None) -> tuple[CellGrid, ...]:
    """Unruled tables, looked for on text-layer pages read in one column and without ruled tables (OCR
    word boxes are too ragged for column starts aligned to a couple of points)."""
    return unruled_grids(rows, p.width) if gutter is None and not p.ocr_applied else ()


def _blocks(rows: list[list[Word]], gutter: Gutter | None, grids: tuple[CellGrid, ...]) -> tuple[Block, ...]:
    """The page's blocks in reading order, each row of a table read cell by cell one block of its own.

    The other blocks are cut exactly as without the table (their lines keep the page's spacing) and
    only lose the table's words; a table's rows go where its first line was read, so the text around
    it (in either column of a two-column page) reads as before.
    """
    blocks = build_blocks(reading_order_lines(rows, gutter))
    if not grids:
        return blocks
    tables = table_row_blocks([w for row in rows for w in row], grids)
    if not tables:
        return blocks
    owner = {wid: t for t, (_, used) in enumerate(tables) for wid in used}
    out: list[Block] = []
    placed: set[int] = set()
    for block in blocks:
        piece: list[Line] = []
        for line in block.lines:
            owners = {owner[id(w)] for w in line.words if id(w) in owner}
            if not owners:
                piece.append(line)
                continue
            if piece:
                out.append(_block_of(piece, block))
                piece = []
            for t in sorted(owners - placed):
                out.extend(tables[t][0])
                placed.add(t)
            if rest := [w for w in line.words if id(w) not in owner]:
                piece.append(line_of(rest))
        if piece:
            out.append(_block_of(piece, block))
    return tuple(out)


def _block_of(lines: list[Line], block: Block) -> Block:
    """``block`` itself when ``lines`` are all of it, else a block of those lines in its column."""
    if len(lines) == len(block.lines) and all(a is b for a, b in zip(lines, block.lines, strict=True)):
        return block
    box = BBox(
        min(ln.bbox.x0 for ln in lines),
        min(ln.bbox.top for ln in lines),
        max(ln.bbox.x1 for ln in lines),
        max(ln.bbox.bottom for ln in lines),
    )
    return Block(tuple(lines), box, block.column)


def _layout_view(words: tuple[Word, ...]) -> tuple[tuple[Word, ...], dict[int, Word]]:
    """The words as layout should see them, and the originals of those that were moved (by id).

    Only OCR words are ever moved (``pipeline.parse.ocr_level``): a text-layer page skips this.
    """
    if all([w.layout_bbox is None for w in words]):
        return words, {}
    view: list[Word] = []
    originals: dict[int, Word] = {}
    for word in words:
        if word.layout_bbox is None:
            view.append(word)
            continue
        moved = Word(word.text, word.layout_bbox, word.font_size, word.bold, word.font, word.ocr_confidence)
        originals[id(moved)] = word
        view.append(moved)
    return tuple(view), originals


def _with_ink_boxes(page: Page, originals: dict[int, Word]) -> Page:
    """The page with every moved word swapped back for its original (level line/block boxes kept)."""

    def restore(line: Line) -> Line:
        return Line(tuple(originals.get(id(w), w) for w in line.words), line.bbox)

    blocks = tuple(
        Block(tuple(restore(ln) for ln in b.lines), b.bbox, b.column, b.cells) for b in page.blocks
    )
    return replace(page, blocks=blocks, header_footer=tuple(restore(ln) for ln in page.header_footer))
