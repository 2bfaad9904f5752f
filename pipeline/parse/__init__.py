"""Parse a PDF into pages of words, lines and blocks in reading order: ``parse()``.

Why PyMuPDF here: it extracts words with exact boxes and span fonts in C, at hundreds of pages per
second, and renders the same pages later for highlighting and redaction, so one library gives
one coordinate system end to end. pdfplumber is better where character-level geometry and the
page's drawn rectangles and lines matter, but PyMuPDF lists a page's paths, form fields and
check-box glyphs too (``pipeline.parse.drawn``), and ~50x faster.

Coordinates are converted once, here: every box is in displayed-page points (page rotation
applied, top-left origin). What a page draws (ruled grids, check boxes; for a scan, as seen in its
image) is read here too and carried on the ``Page``, so no later stage opens the file again.
Pages with no usable text layer are flagged ``needs_ocr``; OCR plugs in through
``assemble.PageWords`` / ``page_from_words`` (see ``pipeline.parse.assemble``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pymupdf

from pipeline.errors import ParseError
from pipeline.gc_pause import gc_paused
from pipeline.parse.assemble import PageWords, assemble_pages, page_from_words
from pipeline.parse.drawn import read_drawn
from pipeline.parse.ocr import OcrResult, ocr_pages
from pipeline.parse.ocr_lexicon import confirm_names
from pipeline.parse.pymupdf_words import image_coverage, page_words, unreadable_share
from pipeline.parse.scan_ink import scan_drawn
from pipeline.types import ParsedDocument, Problem

__all__ = ["OcrProgress", "PageWords", "assemble_pages", "extract_page", "page_from_words", "parse"]

_GARBLED_SHARE = 0.25  # above this share of unreadable characters a text layer is not trusted
_SPARSE_WORDS = 5  # a page with fewer words and a page-sized image is a scan
# MuPDF raises its own error classes (not RuntimeError) for broken page trees and streams.
_READ_ERRORS = (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase)
_METADATA_KEYS = ("title", "author", "subject", "keywords", "creator", "producer", "creationDate", "modDate")


OcrProgress = Callable[[int, int], None]


def parse(
    pdf_path: str | Path, *, sha256: str = "", ocr: bool = True, ocr_progress: OcrProgress | None = None
) -> ParsedDocument:
    """Read every page of a PDF; a page that fails becomes a Problem, an unreadable file a ParseError.

    Pages without a usable text layer go through Tesseract (``ocr=True``) and come back as the
    same words-with-boxes; ``ocr_progress(done, total)`` reports long OCR jobs.
    """
    path = Path(pdf_path)
    doc = _open(path)
    problems: list[Problem] = []
    with doc, gc_paused():
        pages = [_extract_or_problem(doc, index, problems) for index in range(doc.page_count)]
        metadata = {k: str(v).strip() for k, v in (doc.metadata or {}).items() if k in _METADATA_KEYS and v}
    if ocr:
        pages = _with_ocr(path, pages, problems, ocr_progress)
    with gc_paused():
        laid_out = assemble_pages(pages)
    return ParsedDocument(
        sha256=sha256,
        pdf_path=str(path),
        pages=laid_out,
        problems=tuple(problems),
        metadata=metadata,
    )


def _open(path: Path) -> pymupdf.Document:
    if not path.is_file():
        raise ParseError("The file could not be found.", file_name=path.name)
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except _READ_ERRORS as exc:
        raise ParseError(
            "The file could not be opened as a PDF: it may be damaged, or locked with a certificate.",
            file_name=path.name,
        ) from exc
    if doc.needs_pass:
        doc.close()
        raise ParseError("The PDF is password-protected; upload an unlocked copy.", file_name=path.name)
    if doc.page_count == 0:
        doc.close()
        raise ParseError("The PDF has no pages.", file_name=path.name)
    return doc


def _extract_or_problem(doc: pymupdf.Document, index: int, problems: list[Problem]) -> PageWords:
    try:
        return extract_page(doc[index], index + 1)
    except _READ_ERRORS as exc:
        problems.append(Problem("parse", f"Page {index + 1} could not be read: {exc}", page=index + 1))
        return PageWords(index + 1, 0.0, 0.0, 0, (), has_text_layer=False, needs_ocr=True)


def extract_page(page: pymupdf.Page, number: int) -> PageWords:
    """One page's words plus the text-layer flags (no text, or garbled text, means OCR)."""
    words = page_words(page)
    drawn, tables = read_drawn(page, words)
    rect = page.rect  # already the displayed size: width and height swap for /Rotate 90
    needs_ocr = (
        not words
        or unreadable_share(words) > _GARBLED_SHARE
        or (len(words) < _SPARSE_WORDS and image_coverage(page) > 0.5)
    )
    return PageWords(
        number=number,
        width=rect.width,
        height=rect.height,
        rotation=page.rotation,
        words=tuple(words),
        has_text_layer=bool(words),
        needs_ocr=needs_ocr,
        tables=tables,
        drawn=drawn,
    )


def _with_ocr(
    path: Path, pages: list[PageWords], problems: list[Problem], progress: OcrProgress | None
) -> list[PageWords]:
    """Replace the words of pages that need OCR by Tesseract's, recording poor scans as problems; a
    doubtful OCR'd name takes the spelling the document confirms elsewhere (``ocr_lexicon``)."""
    wanted = [p.number for p in pages if p.needs_ocr and p.width > 0]
    if not wanted:
        return pages
    try:
        results = ocr_pages(path, wanted, progress=progress)
    except ParseError as exc:
        problems.append(
            Problem("ocr", f"Text recognition failed, so scanned pages were not read: {exc.message}")
        )
        return pages
    read = [_ocr_page(p, results[p.number], problems) if p.number in results else p for p in pages]
    return _with_scan_ink(path, confirm_names(read))


def _with_scan_ink(path: Path, pages: list[PageWords]) -> list[PageWords]:
    """OCR'd pages with the grids and check marks of their image in place of their (absent) paths."""
    if not any(p.ocr_applied for p in pages):
        return pages
    with pymupdf.open(path, filetype="pdf") as doc:
        return [replace(p, drawn=scan_drawn(doc[p.number - 1])) if p.ocr_applied else p for p in pages]


def _ocr_page(page: PageWords, result: OcrResult, problems: list[Problem]) -> PageWords:
    if result.low_quality:
        problems.append(
            Problem(
                "ocr",
                f"Page {page.number} is a poor-quality scan (mean OCR confidence "
                f"{result.mean_confidence:.0f}/100); check its findings against the page image.",
                page=page.number,
            )
        )
    return replace(
        page,
        words=result.words,
        ocr_applied=True,
        ocr_mean_confidence=result.mean_confidence,
    )
