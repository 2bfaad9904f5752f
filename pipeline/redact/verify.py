"""Check a redacted PDF by extracting it again, with more than one extractor, before anything is posted.

A string counts as leaked when PyMuPDF's text, pdfplumber's text or the decompressed raw objects and
streams still contain it, or when any word is still found under a redaction box. Images under a box
must be gone or blank there; metadata, XMP, annotations, form fields and attachments must be empty;
the file must have a single revision; every protected passage must still be readable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pymupdf

from pipeline.redact.collateral import damaged_pages
from pipeline.redact.types import LABELS, Proposal, RedactionPlan, VerificationReport

_LABELS = frozenset(w.casefold() for label in LABELS.values() for w in label.split())
_INFO_KEYS = ("title", "author", "subject", "keywords", "creator", "producer", "creationDate", "modDate")


@dataclass(frozen=True, slots=True)
class ExtractedText:
    """Everything each extractor reads in a PDF; ``ocr`` is Tesseract's reading of its scanned pages."""

    pymupdf: str
    pdfplumber: str
    raw: str
    ocr: str = ""

    def sources(self) -> tuple[tuple[str, str], ...]:
        """(extractor, text) pairs, for reports naming where a string was found."""
        return (
            ("PyMuPDF text", self.pymupdf),
            ("pdfplumber text", self.pdfplumber),
            ("raw objects", self.raw),
            ("OCR text", self.ocr),
        )


def extract_texts(pdf: str | Path) -> ExtractedText:
    """Read ``pdf`` with every extractor; pages without a text layer but with an image are OCR'd."""
    with pymupdf.open(pdf) as doc:
        fitz_text = "\n".join(page.get_text() for page in doc)
        scanned = any(not page.get_text().strip() and page.get_images() for page in doc)
        raw = _raw_objects(doc)
    return ExtractedText(fitz_text, _plumber_text(pdf), raw, _ocr_text(pdf) if scanned else "")


def verify_redactions(
    original_pdf: str | Path,
    redacted_pdf: str | Path,
    plan: RedactionPlan,
    *,
    extracted: ExtractedText | None = None,
) -> VerificationReport:
    """Re-extract ``redacted_pdf`` and report every way a redacted string or image could be recovered.

    ``extracted`` is ``extract_texts(redacted_pdf)`` when the caller already has it (OCR is slow).
    """
    leaks: list[str] = []
    texts = extracted or extract_texts(redacted_pdf)
    with pymupdf.open(original_pdf) as original, pymupdf.open(redacted_pdf) as doc:
        expected_pages = original.page_count
        damaged = damaged_pages(original, doc, plan.proposals)
        if doc.page_count != expected_pages:
            leaks.append(f"page count changed: {expected_pages} -> {doc.page_count}")
        leaks += _boxes_not_empty(doc, plan.proposals)
        images = _images_under_boxes(doc, plan.proposals)
        scrub = _scrub_problems(doc)
    allowed = " ".join(plan.protected) + " " + " ".join(r.proposal.text for r in plan.refused)
    for text in plan.texts:
        if _found(text, allowed):
            continue  # also inside a kept passage: the boxes check covers the redacted places
        leaks += [f"{text!r} still in the {where}" for where, found in texts.sources() if _found(text, found)]
    leaks += [f"an image is still visible under {n} redaction box(es)" for n in [images] if n]
    leaks += scrub
    leaks += [f"page {n} changed outside the redaction boxes" for n in damaged]
    revisions = _single_revision(Path(redacted_pdf))
    if not revisions:
        leaks.append("the file has more than one revision (an incremental update keeps the old text)")
    missing = tuple(p for p in plan.protected if not _found(p, texts.pymupdf + texts.ocr))
    return VerificationReport(
        verified=not leaks and not missing,
        leaks=tuple(leaks),
        protected_kept=not missing,
        missing_protected=missing,
        redactions=len(plan.proposals),
        images_under_boxes=images,
        metadata_clean=not scrub,
        single_revision=revisions,
        damaged_pages=tuple(damaged),
    )


def _squash(text: str) -> str:
    return re.sub(r"[\s\u00ad]+", "", text).casefold()


def _found(needle: str, haystack: str) -> bool:
    """Whitespace-insensitive containment (a string broken over lines or runs still counts)."""
    squashed = _squash(needle)
    return bool(squashed) and squashed in _squash(haystack)


def _plumber_text(path: str | Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _ocr_text(path: str | Path) -> str:
    """What Tesseract reads on the redacted pages that have no text layer (a scan hides text in pixels)."""
    from pipeline.parse import parse  # OCR only when a page is a scan

    parsed = parse(path)
    return "\n".join(page.text for page in parsed.pages if page.ocr_applied)


def _raw_objects(doc: pymupdf.Document) -> str:
    """Every object's source and decompressed stream, as text (latin-1 and UTF-16 readings)."""
    parts: list[str] = []
    for xref in range(1, doc.xref_length()):
        parts.append(doc.xref_object(xref, compressed=False))
        if doc.xref_is_stream(xref):
            data = doc.xref_stream(xref) or b""
            parts.append(data.decode("latin-1"))
            parts.append(data.decode("utf-16-be", errors="ignore"))
    return "\n".join(parts)


def _boxes_not_empty(doc: pymupdf.Document, proposals: tuple[Proposal, ...]) -> list[str]:
    """Words whose centre still lies under a box (other than the reason label printed on it)."""
    leaks: list[str] = []
    for p in proposals:
        page = doc[p.page - 1]
        rect = _rect(page, p)
        for word in page.get_text("words"):
            centre = pymupdf.Point((word[0] + word[2]) / 2, (word[1] + word[3]) / 2)
            if centre in rect and word[4].casefold() not in _LABELS:
                leaks.append(f"{word[4]!r} still under a box on page {p.page}")
    return leaks


def _rect(page: pymupdf.Page, p: Proposal) -> pymupdf.Rect:
    rect = pymupdf.Rect(p.bbox.x0, p.bbox.top, p.bbox.x1, p.bbox.bottom)
    return rect * page.derotation_matrix if page.rotation else rect


def _images_under_boxes(doc: pymupdf.Document, proposals: tuple[Proposal, ...]) -> int:
    """Boxes under which some image still has non-uniform pixels."""
    count = 0
    for p in proposals:
        page = doc[p.page - 1]
        rect = _rect(page, p)
        for item in page.get_images(full=True):
            for placed, matrix in page.get_image_rects(item[0], transform=True):
                if (placed & rect).is_empty or not _pixels_vary(doc, item[0], placed & rect, matrix):
                    continue
                count += 1
    return count


def _pixels_vary(doc: pymupdf.Document, xref: int, area: pymupdf.Rect, matrix: pymupdf.Matrix) -> bool:
    """True when the image pixels drawn inside ``area`` are not all one value."""
    pix = pymupdf.Pixmap(doc, xref)
    unit = area * ~matrix  # back into the image's unit square
    x0, x1 = sorted((int(unit.x0 * pix.width), int(unit.x1 * pix.width)))
    y0, y1 = sorted((int(unit.y0 * pix.height), int(unit.y1 * pix.height)))
    x0, y0 = max(0, x0 + 1), max(0, y0 + 1)  # ignore the anti-aliased edge pixel
    x1, y1 = min(pix.width, x1 - 1), min(pix.height, y1 - 1)
    values = {pix.pixel(x, y) for y in range(y0, y1, 2) for x in range(x0, x1, 2)}
    return len(values) > 1


def _scrub_problems(doc: pymupdf.Document) -> list[str]:
    problems = [f"metadata {key} not empty" for key in _INFO_KEYS if (doc.metadata or {}).get(key)]
    if doc.get_xml_metadata():
        problems.append("XMP metadata present")
    if doc.embfile_count():
        problems.append("embedded files present")
    for page in doc:
        if page.first_annot is not None:
            problems.append(f"annotations left on page {page.number + 1}")
        if page.first_widget is not None:
            problems.append(f"form fields left on page {page.number + 1}")
    return problems


def _single_revision(path: Path) -> bool:
    data = path.read_bytes()
    return data.count(b"%%EOF") <= 1 and data.count(b"startxref") <= 1
