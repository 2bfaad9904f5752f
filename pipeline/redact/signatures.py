"""Signatures: pictures drawn in a signature block, and handwriting on a signer's line in a scan.

A digital agreement usually carries each signature as an image placed in the block. On a scanned
page (or a digitally drawn one) the signature is ink in the page itself: each signer's slot (see
``signers``) that holds no signature image is searched for handwriting (see ``ink``).
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from pipeline.geometry import expand, merge, overlaps
from pipeline.redact.ink import ink_box, render_gray
from pipeline.redact.signers import SignerSlot, printed_words, signer_slots
from pipeline.redact.types import Proposal, RedactionReason
from pipeline.types import BBox, ClauseKind, SegmentedDocument

_NEAR = 48.0  # points: a signature picture sits on the line above "By:"/the name
_WIDE = 0.6  # share of the page width above which an image is a page (a scan), not a signature


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
    """A proposal for every signature image and every handwritten signature in a signer's slot."""
    blocks = signature_boxes(segmented)
    slots = signer_slots(segmented)
    proposals: list[Proposal] = []
    with pymupdf.open(pdf_path) as doc:
        for number in sorted(set(blocks) | {s.page for s in slots}):
            page = doc[number - 1]
            images = _signature_pictures(page, blocks.get(number, []))
            proposals += [
                Proposal(number, rect, "", RedactionReason.SIGNATURE, "signature image") for rect in images
            ]
            page_slots = [s for s in slots if s.page == number]
            proposals += _handwriting(segmented, page, page_slots, images)
    return proposals


def _signature_pictures(page: pymupdf.Page, blocks: list[BBox]) -> list[BBox]:
    return [
        rect
        for rect in _image_rects(page)
        if any(overlaps(expand(b, _NEAR), rect) for b in blocks) and rect.width < page.rect.width * _WIDE
    ]


def _handwriting(
    segmented: SegmentedDocument, page: pymupdf.Page, slots: list[SignerSlot], images: list[BBox]
) -> list[Proposal]:
    """Ink in the slots that no signature image already covers."""
    open_slots = [s for s in slots if not any(overlaps(s.region, rect) for rect in images)]
    if not open_slots:
        return []
    gray = render_gray(page)
    printed = printed_words(segmented.parsed.pages[page.number])
    proposals: list[Proposal] = []
    for slot in open_slots:
        box = ink_box(gray, slot.region, [b for b in printed if overlaps(b, slot.region)])
        if box is not None:
            proposals.append(Proposal(slot.page, box, "", RedactionReason.SIGNATURE, "handwritten signature"))
    return proposals


def _image_rects(page: pymupdf.Page) -> list[BBox]:
    """Where each image of the page is drawn, in top-left points of the displayed page."""
    rects: list[BBox] = []
    for item in page.get_images(full=True):
        for rect in page.get_image_rects(item[0]):
            rects.append(BBox(rect.x0, rect.y0, rect.x1, rect.y1))
    return rects
