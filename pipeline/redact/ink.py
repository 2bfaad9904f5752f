"""Handwriting in a page image: dark pixels in an area that are neither print nor ruled lines.

A scanned signature is part of the page picture, so it is found as ink: the area is rendered,
printed words and long straight strokes (signature lines, table rules) are cleared, specks are
dropped, and what remains, when there is enough of it, is the signature.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pymupdf

from pipeline.types import BBox

DPI = 100
_DARK = 140  # grey level (0-255) below which a pixel is ink
_EDGE = 1.5  # points a printed word's box is grown by before its pixels are cleared
_RULE = 36.0  # points: a straight run this long is a ruled line, not handwriting
_CELL = 3  # pixels per side of the cells ink is counted in
_CELL_INK = 2  # dark pixels that make a cell inked
_MIN_CELLS = 24  # inked cells (about 2 points square each) that make a signature, not a stray mark
_MIN_WIDTH = 24.0  # points: narrower ink is a tick or a letter, not a signature
_MIN_HEIGHT = 10.0  # points: flatter ink is a line or a row of dots
_GROW = 3.0  # points added around the ink found (within the slot)
_GAP = 8.0  # points of blank columns that set a group of ink apart
_MINOR = 0.15  # share of the ink below which a set-apart short group is a printed label
_LABEL_ZONE = 20.0  # points from the slot's left edge where a signer's label is printed
_SHORT = 13.0  # points: a group of ink shorter than this may be print


def render_gray(page: pymupdf.Page) -> np.ndarray:
    """The displayed page as a grey image at ``DPI`` (rows, columns)."""
    pix = page.get_pixmap(dpi=DPI, colorspace=pymupdf.csGRAY, annots=False, alpha=False)
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]


def ink_box(gray: np.ndarray, region: BBox, printed: Sequence[BBox]) -> BBox | None:
    """The box of the handwriting inside ``region`` (page points), or None when there is none."""
    scale = DPI / 72
    y0, x0 = max(0, int(region.top * scale)), max(0, int(region.x0 * scale))
    y1, x1 = min(gray.shape[0], int(region.bottom * scale)), min(gray.shape[1], int(region.x1 * scale))
    if y1 - y0 < _CELL or x1 - x0 < _CELL:
        return None
    ink = gray[y0:y1, x0:x1] < _DARK
    for box in printed:
        _clear(ink, box, region, scale)
    rule = max(2, int(_RULE * scale))
    ink &= ~_long_runs(ink, rule) & ~_long_runs(ink.T, rule).T
    cells = _drop_labels(_inked_cells(ink), _CELL / scale)
    if int(cells.sum()) < _MIN_CELLS:
        return None
    rows, cols = np.nonzero(cells)
    step = _CELL / scale
    width, height = (cols.max() + 1 - cols.min()) * step, (rows.max() + 1 - rows.min()) * step
    if width < _MIN_WIDTH or height < _MIN_HEIGHT:
        return None
    return BBox(
        max(region.x0, region.x0 + cols.min() * step - _GROW),
        max(region.top, region.top + rows.min() * step - _GROW),
        min(region.x1, region.x0 + (cols.max() + 1) * step + _GROW),
        min(region.bottom, region.top + (rows.max() + 1) * step + _GROW),
    )


def _clear(ink: np.ndarray, box: BBox, region: BBox, scale: float) -> None:
    """Forget the pixels of a printed word (grown by ``_EDGE`` for OCR's tight boxes and anti-aliasing)."""
    top = int((box.top - _EDGE - region.top) * scale)
    bottom = int((box.bottom + _EDGE - region.top) * scale) + 1
    left = int((box.x0 - _EDGE - region.x0) * scale)
    right = int((box.x1 + _EDGE - region.x0) * scale) + 1
    if bottom > 0 and right > 0 and top < ink.shape[0] and left < ink.shape[1]:
        ink[max(0, top) : bottom, max(0, left) : right] = False


def _long_runs(ink: np.ndarray, length: int) -> np.ndarray:
    """Pixels lying in a horizontal run of at least ``length`` ink pixels."""
    width = ink.shape[1]
    if width < length:
        return np.zeros_like(ink)
    sums = np.cumsum(np.pad(ink, ((0, 0), (1, 0))).astype(np.int32), axis=1)
    full = (sums[:, length:] - sums[:, :-length]) == length  # the window starting here is all ink
    starts = np.pad(np.cumsum(full, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    cols = np.arange(width)
    last = np.minimum(cols, width - length) + 1  # windows starting at or before the pixel ...
    first = np.maximum(0, cols - length + 1)  # ... and not ending before it
    return (starts[:, last] - starts[:, first]) > 0


def _drop_labels(cells: np.ndarray, step: float) -> np.ndarray:
    """Clear a small, short group of ink at the slot's left edge: a "By:" label the OCR did not read.

    Columns of ink separated by a gap of ``_GAP`` points form groups; the first group, when it starts
    within ``_LABEL_ZONE`` points of the slot's left, holds under ``_MINOR`` of the ink and is shorter
    than ``_SHORT`` points, is print-sized and where the label stands, not a pen stroke.
    """
    used = np.flatnonzero(cells.any(axis=0))
    if used.size == 0:
        return cells
    breaks = np.flatnonzero(np.diff(used) * step > _GAP)
    first = np.split(used, breaks + 1)[0]
    part = cells[:, first[0] : first[-1] + 1]
    rows = np.flatnonzero(part.any(axis=1))
    label_like = (
        first[0] * step < _LABEL_ZONE
        and (rows[-1] + 1 - rows[0]) * step < _SHORT
        and part.sum() < _MINOR * cells.sum()
        and breaks.size > 0
    )
    out = cells.copy()
    if label_like:
        out[:, first[0] : first[-1] + 1] = False
    return out


def _inked_cells(ink: np.ndarray) -> np.ndarray:
    """Cells holding ink, without the isolated ones (scanner specks)."""
    h, w = (ink.shape[0] // _CELL) * _CELL, (ink.shape[1] // _CELL) * _CELL
    counts = ink[:h, :w].reshape(h // _CELL, _CELL, w // _CELL, _CELL).sum(axis=(1, 3))
    cells = counts >= _CELL_INK
    padded = np.pad(cells, 1)
    neighbours = np.zeros(cells.shape, dtype=np.int32)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if dy or dx:
                neighbours += padded[1 + dy : padded.shape[0] - 1 + dy, 1 + dx : padded.shape[1] - 1 + dx]
    return np.asarray(cells & (neighbours > 0))
