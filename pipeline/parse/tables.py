"""Ruled tables read row by row, cell by cell: ``ruled_grids()`` finds them, ``table_row_blocks()`` lays
them out.

Why: a table whose cells wrap over several lines ("Requirement | Provider commitment") is, line by line,
the left and right cells' words interleaved, so sentences are cut and mixed. Read cell by cell, each
body row is one block whose lines run down the first cell, then down the next: every sentence whole.

The grid comes from PyMuPDF's ``find_tables`` on the drawn rules (``use_layout=False``: the layout model
costs a second a page and the rules are what we trust). It runs only on pages whose drawings hold
enough long horizontal and vertical rules for a grid (a check of the vector paths, milliseconds), so
pages without a ruled table cost nothing more and are laid out exactly as before.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

import pymupdf

from pipeline.layout import group_rows, line_of
from pipeline.types import BBox, Block, Line, Word

# find_tables otherwise prints (to stdout, once) a suggestion to install the layout model we do not use.
os.environ.setdefault("PYMUPDF_SUGGEST_LAYOUT_ANALYZER", "0")

Grid = tuple[tuple[BBox | None, ...], ...]  # rows of cell boxes, top to bottom (None: a merged cell)

_MIN_RULE = 30.0  # points; shorter strokes are underlines, check boxes, tick marks
_THIN = 2.5  # a filled rectangle thinner than this is a rule
_MIN_H_RULES, _MIN_V_RULES = 3, 2
# Path operators that draw rules ("x y l", "x y w h re") in a page's content stream: counting them is
# a quarter of the cost of listing the page's drawings, and most pages draw none or one or two.
_RULE_OPS = re.compile(rb"\s(?:l|re)\s")
_MIN_RULE_OPS = 4
# A signature grid (By: / Name: / Title: cells side by side) is read by the segmenter's own rules.
_SIGNATURE_CELL = re.compile(r"^(?:By|Name|Printed Name|Title|Its|Date|Signature|Signed)\s*:|^_{4,}", re.I)


def ruled_grids(page: pymupdf.Page) -> tuple[Grid, ...]:
    """The cell grids of the ruled tables of an unrotated page (empty when it has too few rules)."""
    if page.rotation % 360 or len(_RULE_OPS.findall(page.read_contents())) < _MIN_RULE_OPS:
        return ()
    if not _has_rules(page.get_cdrawings()):
        return ()
    try:
        found = page.find_tables(strategy="lines", use_layout=False)
    except (RuntimeError, ValueError, TypeError):  # a malformed path must not cost the page
        return ()
    grids: list[Grid] = []
    for table in found.tables:
        rows = tuple(tuple(_box(c) for c in row.cells) for row in table.rows)
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            grids.append(rows)
    return tuple(grids)


def _box(cell: Sequence[float] | None) -> BBox | None:
    return None if cell is None else BBox(*cell)


def _has_rules(drawings: list[dict]) -> bool:
    """True when the vector paths hold the long horizontal and vertical rules a ruled table needs.

    A filled path counts only as one rule when it is a thin bar (a filled polygon is more often a page
    background or a shaded box); a stroked path counts each straight line and each box it draws.
    """
    hor = ver = 0
    for path in drawings:
        if "s" in path["type"]:
            for item in path["items"]:
                h, v = _item_rules(item)
                hor, ver = hor + h, ver + v
        else:
            x0, y0, x1, y1 = path["rect"]
            h, v = _thin_bar(abs(x1 - x0), abs(y1 - y0))
            hor, ver = hor + h, ver + v
        if hor >= _MIN_H_RULES and ver >= _MIN_V_RULES:
            return True
    return False


def _item_rules(item: tuple) -> tuple[int, int]:
    """(horizontal, vertical) rules one stroked path item draws."""
    if item[0] == "l":
        (x0, y0), (x1, y1) = item[1], item[2]
        w, h = abs(x1 - x0), abs(y1 - y0)
        return int(h < 1 and w >= _MIN_RULE), int(w < 1 and h >= _MIN_RULE)
    if item[0] == "re":
        x0, y0, x1, y1 = item[1]
        w, h = abs(x1 - x0), abs(y1 - y0)
        if w >= _MIN_RULE and h >= _MIN_RULE:
            return 2, 2  # a boxed cell
        return _thin_bar(w, h)
    return 0, 0


def _thin_bar(w: float, h: float) -> tuple[int, int]:
    return int(h < _THIN and w >= _MIN_RULE), int(w < _THIN and h >= _MIN_RULE)


def table_row_blocks(words: Sequence[Word], grids: Sequence[Grid]) -> list[tuple[list[Block], set[int]]]:
    """For each grid worth reading cell by cell: one block per body row, and the ids of its words.

    A grid is read this way only when some cell wraps over several lines (single-line cells read
    the same either way, and stay as they were) or it opens with a row carried over from the previous
    page, and no cell is a signature label. A first row in
    bold is the header: it stays in the ordinary flow.
    """
    tables: list[tuple[list[Block], set[int]]] = []
    for grid in grids:
        rows = [_row_cells(row, words) for row in grid]
        if not _worth_reading(rows):
            continue
        first = next((i for i, r in enumerate(rows) if any(r)), len(rows))
        if first < len(rows) and all(w.bold for cell in rows[first] for w in cell):
            first += 1  # the header row
        body = [cells for cells in rows[first:] if any(cells)]
        if body:
            tables.append(
                ([_row_block(cells) for cells in body], {id(w) for c in body for cell in c for w in cell})
            )
    return tables


def _row_cells(row: Sequence[BBox | None], words: Sequence[Word]) -> list[list[Word]]:
    """The words whose centre lies in each (non-merged) cell of a row."""
    return [[w for w in words if _centre_in(w.bbox, cell)] for cell in row if cell is not None]


def _centre_in(box: BBox, cell: BBox) -> bool:
    cx, cy = (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2
    return cell.x0 <= cx <= cell.x1 and cell.top <= cy <= cell.bottom


def _worth_reading(rows: Sequence[Sequence[Sequence[Word]]]) -> bool:
    lines = [group_rows(cell) for row in rows for cell in row if cell]
    if any(_SIGNATURE_CELL.match(" ".join(w.text for w in cell[0])) for cell in lines):
        return False
    return any(len(cell) > 1 for cell in lines) or any(_continuation(row) for row in rows[:2])


def _continuation(cells: Sequence[Sequence[Word]]) -> bool:
    """A row carried over from the previous page: its first cell empty, another one not."""
    return len(cells) > 1 and not cells[0] and any(cells[1:])


def _row_block(cells: Sequence[Sequence[Word]]) -> Block:
    """A block of the row's lines, cell after cell; ``cells`` says how many lines each cell holds."""
    lines: list[Line] = []
    counts: list[int] = []
    for cell in cells:
        cell_lines = [line_of(r) for r in group_rows(cell)]
        lines.extend(cell_lines)
        counts.append(len(cell_lines))
    box = BBox(
        min(ln.bbox.x0 for ln in lines),
        min(ln.bbox.top for ln in lines),
        max(ln.bbox.x1 for ln in lines),
        max(ln.bbox.bottom for ln in lines),
    )
    return Block(lines=tuple(lines), bbox=box, column=0, cells=tuple(counts))
