"""Ruled tables read row by row, cell by cell: ``ruled_grids()`` finds them, ``table_row_blocks()`` lays
them out.

Why: a table whose cells wrap over several lines ("Requirement | Provider commitment") is, line by line,
the left and right cells' words interleaved, so sentences are cut and mixed. Read cell by cell, each
body row is one block whose lines run down the first cell, then down the next: every sentence whole.

The grid is built from the page's drawn rules (``get_cdrawings``, listed once by ``pipeline.parse.drawn``):
runs of horizontal rules of one span joined by vertical rules, each band cut at the interior vertical rules
that cross it. Not PyMuPDF's ``find_tables``: it extracts every character of the page again, 0.1-0.2 s a
table page (a second with its layout model), a dozen times a whole page's parse; the rules are all a grid
needs. A page is only looked at when it draws a few lines or boxes (a byte count of its content stream
and of the form XObjects it draws): pages without a ruled table cost next to nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pipeline.layout import group_rows, line_of
from pipeline.signature_grammar import (
    BY,
    DATE,
    ITS,
    NAME,
    PRINTED_NAME,
    SIGNATURE,
    SIGNATURE_RULE,
    SIGNED,
    TITLE,
    labels,
)
from pipeline.types import BBox, Block, Line, Word

CellGrid = tuple[tuple[BBox, ...], ...]  # rows of cell boxes, top to bottom, each row left to right
Seg = tuple[float, float, float]  # a rule: (y, x0, x1) when horizontal, (x, top, bottom) when vertical

_MIN_RULE = 30.0  # points; a table's row rules are at least this long
_MIN_SEG = 4.0  # points; shorter strokes are tick marks (a table drawn cell by cell has short pieces)
_SNAP = 1.5  # points; rules this close are one
_EDGE = 3.0  # points; a rule this close to a table's edge or another rule meets it
_THIN = 2.5  # a filled rectangle thinner than this is a rule
_MIN_H_RULES, _MIN_V_RULES = 3, 2
MIN_RULE_OPS = 4  # path operators that draw rules ("x y l", "x y w h re") a ruled table needs at least
# A signature grid (By: / Name: / Title: cells side by side) is read by the segmenter's own rules.
# A cell that opens with a signature-block label or a signature line: a signature block, not a table.
_SIGNATURE_CELL = re.compile(
    rf"^{labels(BY, NAME, PRINTED_NAME, TITLE, ITS, DATE, SIGNATURE, SIGNED)}\s*:|^{SIGNATURE_RULE}", re.I
)


def ruled_grids(drawings: list[dict[str, Any]]) -> tuple[CellGrid, ...]:
    """The cell grids of the ruled tables drawn by a page's paths (``get_cdrawings`` form)."""
    hor, ver = _rules(drawings)
    if sum(1 for _, x0, x1 in hor if x1 - x0 >= _MIN_RULE) < _MIN_H_RULES or len(ver) < _MIN_V_RULES:
        return ()
    return tuple(grid for x0, x1, ys in _spans(hor) for grid in _grids(x0, x1, ys, ver))


def _rules(drawings: list[dict[str, Any]]) -> tuple[list[Seg], list[Seg]]:
    """Horizontal (y, x0, x1) and vertical (x, top, bottom) rules, collinear pieces merged.

    A stroked path gives each straight line and the edges of each box it draws; a filled path only
    counts when it is a thin bar (a filled area is a background or a shaded cell, not a rule).
    """
    hor: list[Seg] = []
    ver: list[Seg] = []
    for path in drawings:
        if "s" not in path["type"]:
            _rect(path["rect"], hor, ver, stroked=False)
            continue
        for item in path["items"]:
            if item[0] == "l":
                (x0, y0), (x1, y1) = item[1], item[2]
                if abs(y1 - y0) < 1 and abs(x1 - x0) >= _MIN_SEG:
                    hor.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
                elif abs(x1 - x0) < 1 and abs(y1 - y0) >= _MIN_SEG:
                    ver.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
            elif item[0] == "re":
                _rect(item[1], hor, ver, stroked=True)
    return _merge(hor), _merge(ver)


def _rect(rect: Sequence[float], hor: list[Seg], ver: list[Seg], *, stroked: bool) -> None:
    x0, y0, x1, y1 = (
        min(rect[0], rect[2]),
        min(rect[1], rect[3]),
        max(rect[0], rect[2]),
        max(rect[1], rect[3]),
    )
    if y1 - y0 < _THIN and x1 - x0 >= _MIN_SEG:
        hor.append(((y0 + y1) / 2, x0, x1))
    elif x1 - x0 < _THIN and y1 - y0 >= _MIN_SEG:
        ver.append(((x0 + x1) / 2, y0, y1))
    elif stroked:
        hor.extend([(y0, x0, x1), (y1, x0, x1)])
        ver.extend([(x0, y0, y1), (x1, y0, y1)])


def _merge(segments: list[Seg]) -> list[Seg]:
    """Collinear segments that touch or overlap joined into one (tables drawn cell by cell)."""
    out: list[Seg] = []
    for pos, start, end in sorted(segments):
        if out and abs(pos - out[-1][0]) <= _SNAP and start <= out[-1][2] + _SNAP:
            last = out[-1]
            out[-1] = (last[0], last[1], max(last[2], end))
        else:
            out.append((pos, start, end))
    return out


def _spans(hor: list[Seg]) -> list[tuple[float, float, list[float]]]:
    """Long horizontal rules grouped by the span they cover (the rows of one table share it)."""
    spans: list[tuple[float, float, list[float]]] = []
    for y, x0, x1 in sorted(hor):
        if x1 - x0 < _MIN_RULE:
            continue
        span = next((s for s in spans if abs(s[0] - x0) <= _EDGE and abs(s[1] - x1) <= _EDGE), None)
        if span is None:
            spans.append((x0, x1, [y]))
        elif y - span[2][-1] > _SNAP:
            span[2].append(y)
    return spans


def _grids(x0: float, x1: float, ys: list[float], ver: list[Seg]) -> list[CellGrid]:
    """The tables among one span's rules: consecutive rules joined by a vertical rule between them,
    each band cut into cells by the interior vertical rules that cross it."""
    inside = [v for v in ver if x0 - _EDGE <= v[0] <= x1 + _EDGE]
    runs: list[list[float]] = []
    for y in ys:
        if runs and any(_crosses(v, runs[-1][-1], y) for v in inside):
            runs[-1].append(y)
        else:
            runs.append([y])
    grids: list[CellGrid] = []
    for run in runs:
        rows = tuple(_cells(x0, x1, top, bottom, inside) for top, bottom in zip(run, run[1:], strict=False))
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            grids.append(rows)
    return grids


def _crosses(rule: Seg, top: float, bottom: float) -> bool:
    return rule[1] <= top + _EDGE and rule[2] >= bottom - _EDGE


def _cells(x0: float, x1: float, top: float, bottom: float, ver: list[Seg]) -> tuple[BBox, ...]:
    edges = [x0]
    for x, _, _ in (v for v in ver if x0 + _EDGE < v[0] < x1 - _EDGE and _crosses(v, top, bottom)):
        if x - edges[-1] > _EDGE:
            edges.append(x)
    edges.append(x1)
    return tuple(BBox(a, top, b, bottom) for a, b in zip(edges, edges[1:], strict=False))


def table_row_blocks(words: Sequence[Word], grids: Sequence[CellGrid]) -> list[tuple[list[Block], set[int]]]:
    """For each grid worth reading cell by cell: one block per body row, and the ids of its words.

    A grid is read this way only when some cell wraps over several lines (single-line cells read
    the same either way, and stay as they were) or it opens with a row carried over from the previous
    page, and no cell is a signature label. A first row in
    bold is the header: it stays in the ordinary flow.
    """
    tables: list[tuple[list[Block], set[int]]] = []
    for grid in grids:
        top, bottom = grid[0][0].top, grid[-1][0].bottom
        inside = [w for w in words if top <= (w.bbox.top + w.bbox.bottom) / 2 <= bottom]
        rows = [_row_cells(row, inside) for row in grid]
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


def _row_cells(row: Sequence[BBox], words: Sequence[Word]) -> list[list[Word]]:
    """The words whose centre lies in each cell of a row."""
    return [[w for w in words if _centre_in(w.bbox, cell)] for cell in row]


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
