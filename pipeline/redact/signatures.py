"""Signature images: pictures drawn inside or just around a signature block."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from pipeline.geometry import expand, merge, overlaps
from pipeline.redact.types import Proposal, RedactionReason
from pipeline.types import BBox, ClauseKind, SegmentedDocument

_NEAR = 48.0  # points: a signature picture sits on the line above "By:"/the name


def signature_boxes(segmented: SegmentedDocument) -> dict[int, list[BBox]]:
    """The box of each signature clause on each page (page -> boxes)."""
    boxes: dict[int, list[BBox]] = {}
    for clause in segmented.clauses:
        if clause.kind is not ClauseKind.SIGNATURE:
            continue
        for page in clause.pages:
            words = [w.bbox for w in clause.words if w.page == page]
            boxes.setdefault(page, []).append(merge(words))
    return boxes


def signature_images(segmented: SegmentedDocument, pdf_path: str | Path) -> list[Proposal]:
    """A proposal for every image whose placement touches a signature block (grown by ``_NEAR``)."""
    blocks = signature_boxes(segmented)
    proposals: list[Proposal] = []
    with pymupdf.open(pdf_path) as doc:
        for number, boxes in blocks.items():
            page = doc[number - 1]
            for rect in _image_rects(page):
                if (
                    any(overlaps(expand(b, _NEAR), rect) for b in boxes)
                    and rect.width < page.rect.width * 0.6
                ):
                    proposals.append(Proposal(number, rect, "", RedactionReason.SIGNATURE, "signature image"))
    return proposals


def _image_rects(page: pymupdf.Page) -> list[BBox]:
    """Where each image of the page is drawn, in top-left points of the displayed page."""
    rects: list[BBox] = []
    for item in page.get_images(full=True):
        for rect in page.get_image_rects(item[0]):
            rects.append(BBox(rect.x0, rect.y0, rect.x1, rect.y1))
    return rects
