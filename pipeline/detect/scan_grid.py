"""Words, grids and marks of a scanned page, from its OCR words and what parse saw in its image.

Parse reads the image once (``pipeline.parse.scan_ink``): the grids of its ink rules, each cell whose
ink is a box or a glyph, and the scan's skew. Tesseract garbles marks ("xX", "|") but reads real
words, so a cell whose OCR text is a word (or a "No") holds no mark. The words are the parsed page's
OCR words regrouped into the page's true (skewed) lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from pipeline.detect.checkboxes import LETTER_CHECKED, LETTER_UNCHECKED, Grid, Mark, PageWord, centre_in
from pipeline.types import BBox, Page, Word


@dataclass(frozen=True, slots=True)
class ScanGrids:
    """What one scanned page gives: its OCR words in reading order, grids and marks, in page points."""

    words: tuple[PageWord, ...]
    grids: tuple[Grid, ...]
    marks: tuple[Mark, ...]


def scan_grids(page: Page) -> ScanGrids:
    """The page's image grids, a mark for every grid cell whose ink is a box or a glyph and whose
    words are not text, and its OCR words regrouped into the page's true (skewed) lines."""
    words = ocr_words(page, page.drawn.skew)
    marks = [mark for cell, mark in page.drawn.cell_marks if not _holds_text(cell, words)]
    return ScanGrids(tuple(words), page.drawn.grids, tuple(marks))


def _holds_text(cell: BBox, words: list[PageWord]) -> bool:
    text = " ".join(w.text for w in words if centre_in(w.bbox, cell)).strip().lower()
    return text in LETTER_UNCHECKED or bool(text and text not in LETTER_CHECKED and _is_text(text))


def ocr_words(page: Page, tan: float = 0.0) -> list[PageWord]:
    """The OCR'd words of a parsed page, minus specks, with line keys from their height on the
    squared page: a skewed line that layout split in two is one line again."""
    words = [w for line in page.lines for w in line.words if not _speck(w)]
    if not words:
        return []
    height = median(w.bbox.height for w in words)

    def level(word: Word) -> float:
        return (word.bbox.top + word.bbox.bottom) / 2 - ((word.bbox.x0 + word.bbox.x1) / 2) * tan

    out: list[PageWord] = []
    line, last = 0, None
    for word in sorted(words, key=level):
        if last is not None and level(word) - last > 0.5 * height:
            line += 1
        last = level(word)
        out.append(PageWord(word.text, word.bbox, (line, 0)))
    return sorted(out, key=lambda w: (w.line_key, w.bbox.x0))


def _speck(word: Word) -> bool:
    """Rules and dirt read as text: no letter or digit, or one unsure character."""
    unsure = word.ocr_confidence is not None and word.ocr_confidence < 50
    return not any(ch.isalnum() for ch in word.text) or (len(word.text) <= 2 and unsure)


def _is_text(text: str) -> bool:
    """OCR text of a real word (three letters in a row), not the noise a mark reads as."""
    letters = "".join(ch if ch.isalpha() else " " for ch in text)
    return any(len(token) >= 3 for token in letters.split())
