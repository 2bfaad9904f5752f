"""Check a redacted PDF by extracting it again, with more than one extractor, before anything is posted.

A string counts as leaked when PyMuPDF's text, pdfplumber's text or the decompressed raw objects and
streams still contain it, or when any word is still found under a redaction box. Images under a box
must be gone or blank there; metadata, XMP, annotations, form fields and attachments must be empty;
the file must have a single revision; every protected passage must still be readable. Each failed
check is also explained (``pipeline.redact.explain``): which provision or string, which page, and
what the reviewer can do.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pymupdf

from pipeline.redact import explain
from pipeline.redact.collateral import damaged_pages
from pipeline.redact.types import LABELS, Proposal, RedactionPlan, VerificationFailure, VerificationReport

_LABELS = frozenset(w.casefold() for label in LABELS.values() for w in label.split())
_INFO_KEYS = ("title", "author", "subject", "keywords", "creator", "producer", "creationDate", "modDate")
_PLAIN_KEYS = {"creationDate": "creation date", "modDate": "date modified"}

Found = tuple[list[str], list[VerificationFailure]]  # one check's ``leaks`` lines and its explained failures


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
    Each failed check is reported twice: as the terse ``leaks`` lines and as an explained failure.
    """
    texts = extracted or extract_texts(redacted_pdf)
    with pymupdf.open(original_pdf) as original, pymupdf.open(redacted_pdf) as doc:
        damaged = damaged_pages(original, doc, plan.proposals)
        count = _page_count(original.page_count, doc.page_count)
        under = _boxes_not_empty(doc, plan.proposals)
        image_pages = _images_under_boxes(doc, plan.proposals)
        scrub = _scrub_problems(doc)
        page_texts = tuple(page.get_text() for page in doc)
    revisions = _revisions(Path(redacted_pdf))
    found = (
        count,
        under,
        _text_leaks(plan, texts, page_texts),
        _images(image_pages),
        scrub,
        _damage(damaged),
        revisions,
    )
    leaks = [line for lines, _ in found for line in lines]
    missing = tuple(p for p in plan.protected if not _found(p.text, texts.pymupdf + texts.ocr))
    failures = [explain.protected_missing(p, plan.proposals) for p in missing]
    failures += [failure for _, explained in found for failure in explained]
    return VerificationReport(
        verified=not leaks and not missing,
        leaks=tuple(leaks),
        protected_kept=not missing,
        missing_protected=tuple(p.text for p in missing),
        redactions=len(plan.proposals),
        images_under_boxes=len(image_pages),
        metadata_clean=not scrub[0],
        single_revision=not revisions[0],
        damaged_pages=tuple(damaged),
        failures=tuple(failures),
    )


def _page_count(expected: int, actual: int) -> Found:
    if expected == actual:
        return [], []
    return [f"page count changed: {expected} -> {actual}"], [explain.page_count_changed(expected, actual)]


def _text_leaks(plan: RedactionPlan, texts: ExtractedText, page_texts: tuple[str, ...]) -> Found:
    """Redacted strings any extractor still reads, unless the string is also in a kept passage."""
    allowed = " ".join(p.text for p in plan.protected) + " " + " ".join(r.proposal.text for r in plan.refused)
    lines: list[str] = []
    failures: list[VerificationFailure] = []
    explained: set[str] = set()
    for text in plan.texts:
        if _found(text, allowed):
            continue  # also inside a kept passage: the boxes check covers the redacted places
        where = [name for name, found in texts.sources() if _found(text, found)]
        if not where:
            continue
        lines += [f"{text!r} still in the {name}" for name in where]
        if _squash(text) in explained:
            continue  # "ASHGROVE" after "Ashgrove": the same leak to the reader, found the same way
        explained.add(_squash(text))
        seen = {n for n, page in enumerate(page_texts, start=1) if _found(text, page)}
        boxed = {p.page for p in plan.proposals if p.text == text}  # where it was meant to go
        failures.append(explain.text_still_readable(text, where, seen or boxed))
    return lines, failures


def _images(pages: list[int]) -> Found:
    if not pages:
        return [], []
    return [f"an image is still visible under {len(pages)} redaction box(es)"], [
        explain.image_under_box(pages)
    ]


def _damage(pages: list[int]) -> Found:
    lines = [f"page {n} changed outside the redaction boxes" for n in pages]
    return lines, [explain.page_changed(n) for n in pages]


def _revisions(path: Path) -> Found:
    if _single_revision(path):
        return [], []
    line = "the file has more than one revision (an incremental update keeps the old text)"
    return [line], [explain.extra_revision()]


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


def _boxes_not_empty(doc: pymupdf.Document, proposals: tuple[Proposal, ...]) -> Found:
    """Words whose centre still lies under a box (other than the reason label printed on it)."""
    lines: list[str] = []
    by_page: dict[int, list[str]] = defaultdict(list)
    for p in proposals:
        page = doc[p.page - 1]
        rect = _rect(page, p)
        for word in page.get_text("words"):
            centre = pymupdf.Point((word[0] + word[2]) / 2, (word[1] + word[3]) / 2)
            if centre in rect and word[4].casefold() not in _LABELS:
                lines.append(f"{word[4]!r} still under a box on page {p.page}")
                by_page[p.page].append(word[4])
    return lines, [explain.words_under_box(page, words) for page, words in sorted(by_page.items())]


def _rect(page: pymupdf.Page, p: Proposal) -> pymupdf.Rect:
    rect = pymupdf.Rect(p.bbox.x0, p.bbox.top, p.bbox.x1, p.bbox.bottom)
    return rect * page.derotation_matrix if page.rotation else rect


def _images_under_boxes(doc: pymupdf.Document, proposals: tuple[Proposal, ...]) -> list[int]:
    """The page of each box under which some image still has non-uniform pixels."""
    pages: list[int] = []
    for p in proposals:
        page = doc[p.page - 1]
        rect = _rect(page, p)
        for item in page.get_images(full=True):
            for placed, matrix in page.get_image_rects(item[0], transform=True):
                if (placed & rect).is_empty or not _pixels_vary(doc, item[0], placed & rect, matrix):
                    continue
                pages.append(p.page)
    return pages


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


def _scrub_problems(doc: pymupdf.Document) -> Found:
    """Places outside the page text that could repeat a redacted string, tersely and in plain words."""
    filled = [key for key in _INFO_KEYS if (doc.metadata or {}).get(key)]
    lines = [f"metadata {key} not empty" for key in filled]
    plain = [f"document properties ({', '.join(_PLAIN_KEYS.get(k, k) for k in filled)})"] if filled else []
    pages: list[int] = []
    if doc.get_xml_metadata():
        lines.append("XMP metadata present")
        plain.append("a second copy of the document properties (XMP)")
    if doc.embfile_count():
        lines.append("embedded files present")
        plain.append("attached files")
    for page in doc:  # type: ignore[attr-defined]  # Document iterates by __getitem__; no __iter__ declared
        number = page.number + 1
        if page.first_annot is not None:
            lines.append(f"annotations left on page {number}")
            plain.append(f"comments or notes on page {number}")
            pages.append(number)
        if page.first_widget is not None:
            lines.append(f"form fields left on page {number}")
            plain.append(f"form fields on page {number}")
            pages.append(number)
    return lines, [explain.hidden_data(plain, pages)] if lines else []


def _single_revision(path: Path) -> bool:
    data = path.read_bytes()
    return data.count(b"%%EOF") <= 1 and data.count(b"startxref") <= 1
