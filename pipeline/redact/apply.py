"""Apply a redaction plan as a true redaction and rewrite the file without its history.

What is under each box is removed, not covered: text (visible or invisible, e.g. an OCR layer), image
pixels and touched line art. Then everything that can carry hidden copies is scrubbed (metadata, XMP,
annotations, form fields, links, attachments, JavaScript, thumbnails) and the file is written anew
(``garbage=4``, no incremental update), so no earlier revision survives.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pymupdf

from pipeline.redact.types import LABELS, Proposal, RedactionPlan
from pipeline.types import BBox

_LABEL_SIZE = 5.0  # points: the reason printed on each box, readable when zoomed, not dominant


def apply_redactions(pdf_path: str | Path, plan: RedactionPlan, out_path: str | Path) -> Path:
    """Write ``out_path``: ``pdf_path`` with every proposal of ``plan`` redacted and the file scrubbed."""
    out = Path(out_path)
    by_page: dict[int, list[Proposal]] = defaultdict(list)
    for proposal in plan.proposals:
        by_page[proposal.page].append(proposal)
    with pymupdf.open(pdf_path) as doc:
        for number, proposals in sorted(by_page.items()):
            _redact_page(doc[number - 1], proposals)
        _scrub(doc)
        doc.save(  # PDF_* constants: PyMuPDF sets them at import, its type information does not list them
            out,
            garbage=4,
            deflate=True,
            clean=True,
            incremental=False,
            encryption=pymupdf.PDF_ENCRYPT_NONE,  # type: ignore[attr-defined]
        )
    return out


def _redact_page(page: pymupdf.Page, proposals: list[Proposal]) -> None:
    rects = [_page_rect(page, p.bbox) for p in proposals]
    turned = page.rotation != 0  # MuPDF writes a box's label along the stored page: sideways on screen
    for rect, proposal in zip(rects, proposals, strict=True):
        page.add_redact_annot(
            rect,
            text=None if turned else LABELS[proposal.reason],
            fontsize=_LABEL_SIZE,
            fill=(0, 0, 0),
            text_color=(1, 1, 1),
            cross_out=False,
        )
    page.apply_redactions(
        images=_image_mode(page, rects),
        graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED,  # type: ignore[attr-defined]  # set at import, as above
        text=pymupdf.PDF_REDACT_TEXT_REMOVE,  # type: ignore[attr-defined]
    )
    if turned:
        for rect, proposal in zip(rects, proposals, strict=True):
            _upright_label(page, rect, LABELS[proposal.reason])


def _upright_label(page: pymupdf.Page, rect: pymupdf.Rect, label: str) -> None:
    """Write the reason on a box of a turned page so it reads upright as the page is shown."""
    page.insert_textbox(
        rect,
        label,
        fontsize=_LABEL_SIZE,
        fontname="helv",
        color=(1, 1, 1),
        rotate=page.rotation,
        align=pymupdf.TEXT_ALIGN_CENTER,
    )


def _page_rect(page: pymupdf.Page, box: BBox) -> pymupdf.Rect:
    """Our displayed-page box as the unrotated page rectangle PyMuPDF annotates."""
    rect = pymupdf.Rect(box.x0, box.top, box.x1, box.bottom)
    return rect * page.derotation_matrix if page.rotation else rect


def _image_mode(page: pymupdf.Page, rects: list[pymupdf.Rect]) -> int:
    """Remove images wholly under a box (signatures); blank only the covered pixels of larger ones (scans)."""
    for item in page.get_images(full=True):
        for placed in page.get_image_rects(item[0]):
            touched = [r for r in rects if r.intersects(placed)]
            if touched and not any(r.contains(placed) for r in touched):
                return int(pymupdf.PDF_REDACT_IMAGE_PIXELS)  # type: ignore[attr-defined]  # set at import
    return int(pymupdf.PDF_REDACT_IMAGE_REMOVE)  # type: ignore[attr-defined]


def _scrub(doc: pymupdf.Document) -> None:
    """Remove every place a redacted string could hide outside the page content."""
    doc.scrub(
        attached_files=True,
        clean_pages=True,
        embedded_files=True,
        hidden_text=True,
        javascript=True,
        metadata=True,
        redactions=True,
        remove_links=True,
        reset_fields=True,
        reset_responses=True,
        thumbnails=True,
        xml_metadata=True,
    )
    for page in doc:  # type: ignore[attr-defined]  # Document iterates by __getitem__; no __iter__ declared
        for widget in list(page.widgets()):
            page.delete_widget(widget)
        for annot in list(page.annots()):
            page.delete_annot(annot)
    for name in doc.embfile_names():
        doc.embfile_del(name)
    doc.set_metadata({})
    doc.del_xml_metadata()
