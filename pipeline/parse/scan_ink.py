"""Ruled grids and check marks of a scanned page, read from the page image: ``scan_drawn``.

A scan has neither vector paths nor check-box glyphs: its table rules and its boxes, ticks and X's
are pixels, and Tesseract garbles or drops the marks ("xX", "|", nothing at all). So the page is
rendered once in grey, its small skew (scans are rarely square, and half a degree moves the right
end of a rule several points) is measured and undone on the ink, the long straight ink runs become
rules for ``rule_grids.grids_from_segments``, and every cell is judged by its own ink: an empty box
outline is unchecked, a box with ink inside or a compact glyph (X, tick) is checked. Which of those
cells hold text rather than a mark is for detection to say, from the OCR words.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pymupdf

from pipeline.parse.rule_grids import grids_from_segments
from pipeline.types import BBox, Drawn, Grid, Mark, MarkStyle

DPI = 150
_INK = 180  # grey level below which a pixel is ink (rendering greys the edges of thin rules)
_MAX_SKEW = 2.0  # degrees searched either way
_SKEW_STEP = 0.1
_RULE_MIN = 40.0  # points: shorter straight runs are letters, not rules
_MARK_MAX = 24.0  # points: a mark's ink fits in a square this size
_MIN_INK = 12  # pixels: less is dust
_BORDER = 0.6  # share of a box edge that must be inked for an outline
_INSIDE = 0.06  # ink share inside an outline that makes it checked
_EDGE = 5  # pixels along a cell's edges where skewed rules may still lie


def scan_drawn(page: pymupdf.Page) -> Drawn:
    """The grids of the page image and, for every grid cell whose ink is a box or a glyph, the
    cell and its mark, in page points; with the scan's skew."""
    ink = _deskewed_ink(page)
    hor, ver = _rules(ink.bits, horizontal=True), _rules(ink.bits, horizontal=False)
    scale = 72.0 / DPI
    grids = grids_from_segments(
        [(y * scale, a * scale, b * scale) for y, a, b in hor],
        [(x * scale, a * scale, b * scale) for x, a, b in ver],
    )
    cells = tuple(found for grid in grids for found in _grid_marks(ink, grid))
    return Drawn(grids=tuple(ink.to_page(g) for g in grids), cell_marks=cells, skew=ink.tan)


@dataclass(frozen=True, slots=True)
class _Ink:
    """A page's ink as a boolean bitmap, squared by a turn of ``tan`` about its centre."""

    bits: np.ndarray
    tan: float

    def page_point(self, x: float, y: float) -> tuple[float, float]:
        """A point of the squared bitmap (points) back on the page (points), inverting the turn."""
        h, w = (d * 72.0 / DPI for d in self.bits.shape)
        dx, dy = x - w / 2, y - h / 2
        return w / 2 + dx - dy * self.tan, h / 2 + dy + dx * self.tan

    def to_page(self, grid: Grid) -> Grid:
        """The grid on the page: every band shifted by the turn at the grid's centre."""
        cx, cy = (grid.bbox.x0 + grid.bbox.x1) / 2, (grid.bbox.top + grid.bbox.bottom) / 2
        px, py = self.page_point(cx, cy)
        sx, sy = px - cx, py - cy
        return Grid(
            BBox(grid.bbox.x0 + sx, grid.bbox.top + sy, grid.bbox.x1 + sx, grid.bbox.bottom + sy),
            tuple((a + sy, b + sy) for a, b in grid.rows),
            tuple((a + sx, b + sx) for a, b in grid.cols),
        )


def _deskewed_ink(page: pymupdf.Page) -> _Ink:
    pix = page.get_pixmap(dpi=DPI, colorspace=pymupdf.csGRAY)
    grey = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    ys, xs = np.nonzero(grey < _INK)
    tan = _skew(ys, xs)
    h, w = grey.shape
    dx, dy = xs - w / 2, ys - h / 2
    nx = np.round(w / 2 + dx + dy * tan).astype(int)
    ny = np.round(h / 2 + dy - dx * tan).astype(int)
    keep = (nx >= 0) & (nx < w) & (ny >= 0) & (ny < h)
    bits = np.zeros((h, w), dtype=bool)
    bits[ny[keep], nx[keep]] = True
    return _Ink(bits, tan)


def _skew(ys: np.ndarray, xs: np.ndarray) -> float:
    """Tangent of the turn that makes text rows sharpest (the classic projection-profile test)."""
    if len(ys) == 0:
        return 0.0
    sample = slice(None, None, max(1, len(ys) // 200_000))
    ys, xs = ys[sample], xs[sample]
    best, best_tan = -1.0, 0.0
    for angle in np.arange(-_MAX_SKEW, _MAX_SKEW + 1e-9, _SKEW_STEP):
        tan = float(np.tan(np.radians(angle)))
        rows = np.round(ys - xs * tan).astype(int)
        sharpness = float((np.bincount(rows - rows.min()).astype(float) ** 2).sum())
        if sharpness > best:
            best, best_tan = sharpness, tan
    return best_tan


def _rules(bits: np.ndarray, *, horizontal: bool) -> list[tuple[float, float, float]]:
    """Straight ink runs at least ``_RULE_MIN`` long: (position, start, end) in pixels."""
    grid = _thicken(bits if horizontal else bits.T)
    min_run = int(_RULE_MIN * DPI / 72.0)
    out: list[tuple[float, float, float]] = []
    for pos in np.nonzero(grid.sum(axis=1) >= min_run)[0]:
        row = np.concatenate(([0], grid[pos].astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(row))
        for start, end in zip(edges[::2], edges[1::2], strict=True):
            if end - start >= min_run:
                out.append((float(pos), float(start), float(end)))
    return _consolidate(out)


def _consolidate(runs: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """One segment per stretch of a rule: runs on adjacent pixel rows that overlap are joined,
    at their middle row, spanning their union."""
    out: list[tuple[float, float, float]] = []
    groups: list[list[tuple[float, float, float]]] = []
    for run in sorted(runs, key=lambda r: (r[1], r[0])):
        group = next(
            (g for g in groups if abs(g[-1][0] - run[0]) <= 2 and run[1] <= max(r[2] for r in g) + 3), None
        )
        if group is None:
            groups.append([run])
        else:
            group.append(run)
    for group in groups:
        rows = sorted(r[0] for r in group)
        out.append((rows[len(rows) // 2], min(r[1] for r in group), max(r[2] for r in group)))
    return out


def _thicken(bits: np.ndarray) -> np.ndarray:
    """Close the one-pixel steps and specks of a scanned rule: OR each row with its neighbours
    above and below, and bridge gaps of up to two pixels along the row."""
    out = bits.copy()
    out[1:] |= bits[:-1]
    out[:-1] |= bits[1:]
    along = out.copy()
    for shift in (1, 2):
        along[:, shift:] |= out[:, :-shift]
    return along


def _grid_marks(ink: _Ink, grid: Grid) -> list[tuple[BBox, Mark]]:
    """Each cell (page points) whose ink is a compact box or glyph, with that mark."""
    marks = []
    page_grid = ink.to_page(grid)
    for (top, bottom), (ptop, pbottom) in zip(grid.rows, page_grid.rows, strict=True):
        for (x0, x1), (px0, px1) in zip(grid.cols, page_grid.cols, strict=True):
            cell = BBox(px0, ptop, px1, pbottom)
            mark = _cell_mark(ink.bits, BBox(x0, top, x1, bottom))
            if mark is not None:
                marks.append((cell, Mark(_shift(mark.bbox, cell, x0, top), mark.checked, mark.style)))
    return marks


def _shift(box: BBox, cell: BBox, x0: float, top: float) -> BBox:
    dx, dy = cell.x0 - x0, cell.top - top
    return BBox(box.x0 + dx, box.top + dy, box.x1 + dx, box.bottom + dy)


def _cell_mark(bits: np.ndarray, cell: BBox) -> Mark | None:
    """The mark drawn in one cell (squared-bitmap points), or None when the cell holds none."""
    px = DPI / 72.0
    pad = 3
    y0, y1 = int(cell.top * px) + pad, int(cell.bottom * px) - pad
    x0, x1 = int(cell.x0 * px) + pad, int(cell.x1 * px) - pad
    if y1 <= y0 or x1 <= x0:
        return None
    region = _without_rules(bits[y0:y1, x0:x1])
    ys, xs = np.nonzero(region)
    if len(ys) < _MIN_INK:
        return None
    top, bottom, left, right = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    if max(bottom - top, right - left) > _MARK_MAX * px:
        return None
    box = BBox(float(x0 + left) / px, float(y0 + top) / px, float(x0 + right) / px, float(y0 + bottom) / px)
    outline = _outline_filled(region[top:bottom, left:right])
    if outline is None:
        return Mark(box, True, MarkStyle.LETTER)
    return Mark(box, outline, MarkStyle.VECTOR)


def _without_rules(region: np.ndarray) -> np.ndarray:
    """The cell's ink less the stretches of its own rules that the skew left along its edges
    (rows or columns near an edge that are a quarter inked); a mark keeps clear of the edges."""
    out = region.copy()
    for axis, size in ((1, region.shape[0]), (0, region.shape[1])):
        share = region.mean(axis=axis)
        near_edge = np.zeros(size, dtype=bool)
        near_edge[:_EDGE] = near_edge[-_EDGE:] = True
        ruled = near_edge & (share > 0.25)
        if axis == 1:
            out[ruled, :] = False
        else:
            out[:, ruled] = False
    return out


def _outline_filled(ink: np.ndarray) -> bool | None:
    """For a square box outline: whether ink lies inside it. None when ``ink`` is no outline."""
    h, w = ink.shape
    if min(h, w) < 8 or not 0.7 <= w / h <= 1.4:
        return None
    edges = (ink[:2].any(axis=0), ink[-2:].any(axis=0), ink[:, :2].any(axis=1), ink[:, -2:].any(axis=1))
    if min(float(edge.mean()) for edge in edges) < _BORDER:
        return None
    inside = ink[h // 4 : h - h // 4, w // 4 : w - w // 4]
    return bool(inside.size) and float(inside.mean()) > _INSIDE
