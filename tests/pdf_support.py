"""Small PDFs drawn with PyMuPDF for tests, and the text every extractor reads back from a PDF."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pymupdf

Placed = list[tuple[float, float, str]]  # (x, baseline y, text) of each printed line of one page


def placed_pdf(path: Path, pages: list[Placed]) -> Path:
    """A PDF whose pages print each line at its place, in 10-point Helvetica."""
    doc = pymupdf.open()
    for placed in pages:
        page = doc.new_page()
        for x, y, text in placed:
            page.insert_text((x, y), text, fontsize=10)
    doc.save(path)
    return path


def wrapped(y: float, text: str, width: int = 95) -> Placed:
    """``text`` as lines of at most ``width`` characters from the left margin down from ``y``."""
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return [(72, y + 13 * i, line) for i, line in enumerate(lines)]


def paragraphs_pdf(path: Path, paragraphs: list[str]) -> Path:
    """A PDF of wrapped paragraphs, one text box each, starting a page when the last is full."""
    doc = pymupdf.open()
    page, top = doc.new_page(), 60.0
    for text in paragraphs:
        height = 16 * (len(text) // 80 + 2)
        if top + height > 780:
            page, top = doc.new_page(), 60.0
        page.insert_textbox(pymupdf.Rect(60, top, 540, top + height), text, fontsize=10)
        top += height
    doc.save(str(path))
    return path


def texts_by_page(pdf: Path) -> list[str]:
    """Each page's text as PyMuPDF reads it, then as pdfplumber does (redaction must beat both)."""
    with pymupdf.open(pdf) as doc:
        texts = [page.get_text() for page in doc]
    with pdfplumber.open(pdf) as plumbed:
        texts += [page.extract_text() or "" for page in plumbed.pages]
    return texts
