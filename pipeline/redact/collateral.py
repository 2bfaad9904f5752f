"""Catch collateral damage: render both files and compare every page outside the redaction boxes."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pymupdf

from pipeline.redact.types import Proposal

_DPI = 50  # coarse enough to be fast, fine enough to see a lost word or table rule
_MARGIN = 3.0  # points around each box left out of the comparison (anti-aliased edges, the label)
_CELL = 6  # pixels per side of the cells whose ink is compared
_TOLERANCE = 255 * 8  # ink (0-255 per pixel) a cell may gain or lose: about eight fully inked pixels


def damaged_pages(
    original: pymupdf.Document, redacted: pymupdf.Document, proposals: tuple[Proposal, ...]
) -> list[int]:
    """1-based pages whose rendering changed somewhere outside the redaction boxes."""
    boxes: dict[int, list[Proposal]] = defaultdict(list)
    for p in proposals:
        boxes[p.page].append(p)
    damaged: list[int] = []
    for index in range(min(original.page_count, redacted.page_count)):
        before = _render(original[index])
        after = _render(redacted[index])
        if before.shape != after.shape:
            damaged.append(index + 1)
            continue
        keep = np.ones(before.shape[:2], dtype=bool)
        scale = _DPI / 72
        for p in boxes.get(index + 1, []):
            x0, y0 = int((p.bbox.x0 - _MARGIN) * scale), int((p.bbox.top - _MARGIN) * scale)
            x1, y1 = int((p.bbox.x1 + _MARGIN) * scale) + 1, int((p.bbox.bottom + _MARGIN) * scale) + 1
            keep[max(0, y0) : y1, max(0, x0) : x1] = False
        if _ink_moved(before, after, keep):
            damaged.append(index + 1)
    return damaged


def _ink_moved(before: np.ndarray, after: np.ndarray, keep: np.ndarray) -> bool:
    """True when some cell outside the boxes gained or lost ink.

    Ink is summed over cells of ``_CELL`` pixels, because MuPDF rewrites the text it keeps with
    slightly different positions and a sub-pixel shift changes single pixels but not a cell's ink.
    """
    ink = [(255 - img.min(axis=2).astype(np.int64)) * keep for img in (before, after)]
    h, w = (keep.shape[0] // _CELL) * _CELL, (keep.shape[1] // _CELL) * _CELL
    cells = [i[:h, :w].reshape(h // _CELL, _CELL, w // _CELL, _CELL).sum(axis=(1, 3)) for i in ink]
    return bool(np.abs(cells[0] - cells[1]).max(initial=0) > _TOLERANCE)


def _render(page: pymupdf.Page) -> np.ndarray:
    pix = page.get_pixmap(dpi=_DPI, annots=False, alpha=False)
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)
