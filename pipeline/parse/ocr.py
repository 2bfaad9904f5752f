"""Tesseract OCR for pages without a usable text layer: ``ocr_page`` and ``ocr_pages``.

A scanned page comes back as the same ``Word`` values a digital page gives — boxes in
displayed-page points, top-left origin — so detection, highlighting and redaction need no
special case. Each word also carries Tesseract's confidence, and a page whose mean word
confidence is low is flagged rather than trusted.

Speed: Tesseract's own OpenMP threads oversubscribe a small machine (two threads per process on
two cores roughly double the time per page), so every Tesseract run is single-threaded — the
process running OCR is a worker, configured with ``OMP_THREAD_LIMIT=1`` by
``pipeline.worker_process`` — and pages run in parallel in a process pool instead. The page image
is written once as uncompressed PGM, which Tesseract reads without decoding cost, and both the OCR
and the orientation check read that file.

The reading itself (orientation included) is ``pipeline.parse.ocr_read``; sizes, bold and boxes on
the page are ``pipeline.parse.ocr_words``.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import pymupdf
from PIL import Image

from pipeline.errors import ParseError
from pipeline.parse.ocr_read import image_read, mended, read_upright
from pipeline.parse.ocr_rules import without_rule_ink
from pipeline.parse.ocr_words import bold_lines, line_heights, to_page_words, unturn_box
from pipeline.types import Word
from pipeline.worker_process import configure_worker_process, is_worker_process

__all__ = ["LOW_QUALITY_CONFIDENCE", "OcrResult", "ocr_page", "ocr_pages", "unturn_box"]

# Mean word confidence (0..100) below which a scan is flagged. Clean and ordinary office scans read
# at 88-96 here; blurred low-resolution scans with about one word in ten misread come out at 75-81.
LOW_QUALITY_CONFIDENCE = 80.0
MAX_BLANK_INK = 0.005  # share of dark pixels up to which a page with no words read is blank


@dataclass(frozen=True, slots=True)
class OcrResult:
    """The words of one OCR'd page and how far they can be trusted.

    ``rotation_applied`` is the clockwise turn (0, 90, 180 or 270 degrees) given to the page image
    before reading it; the word boxes are already mapped back to the page as displayed.
    ``low_quality`` is set when the mean word confidence is low, or when nothing could be read on
    a page that is not blank; a blank page has no words, confidence 0 and is not flagged.
    """

    words: tuple[Word, ...]
    mean_confidence: float
    rotation_applied: int
    low_quality: bool


def ocr_page(pdf_path: str | Path, page_number: int, *, dpi: int = 300) -> OcrResult:
    """OCR one (1-based) page of a PDF, turning it upright first when it was scanned turned.

    Raises:
        ParseError: the page does not exist, or Tesseract is missing or fails.
    """
    with tempfile.TemporaryDirectory(prefix="dpa-ocr-") as workdir:
        image_path, image_size = _render(Path(pdf_path), page_number, dpi, Path(workdir))
        reading = mended(read_upright(image_path))
        unread_ink = not reading.words and _ink_share(image_path) > MAX_BLANK_INK
        heights = line_heights(reading)
        bold = bold_lines(image_read(image_path, reading.rotation), reading, heights)
    scale = 72.0 / dpi
    words = without_rule_ink(
        to_page_words(reading, image_size=image_size, scale=scale, heights=heights, bold=bold)
    )
    mean = round(reading.mean_confidence, 2)
    low_quality = unread_ink or (bool(words) and mean < LOW_QUALITY_CONFIDENCE)
    return OcrResult(tuple(words), mean, reading.rotation, low_quality)


def ocr_pages(
    pdf_path: str | Path,
    page_numbers: Iterable[int],
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    dpi: int = 300,
) -> dict[int, OcrResult]:
    """OCR several pages in parallel (one single-threaded Tesseract per core); ``progress(done, total)``."""
    numbers = sorted(set(page_numbers))
    count = min(workers or _available_cores(), len(numbers))
    results: dict[int, OcrResult] = {}
    if count <= 1:
        for done, number in enumerate(numbers, start=1):
            results[number] = ocr_page(pdf_path, number, dpi=dpi)
            _report(progress, done, len(numbers))
        return results
    with ProcessPoolExecutor(
        max_workers=count, mp_context=_pool_context(), initializer=configure_worker_process
    ) as pool:
        futures = {pool.submit(ocr_page, str(pdf_path), number, dpi=dpi): number for number in numbers}
        for done, future in enumerate(as_completed(futures), start=1):
            results[futures[future]] = future.result()
            _report(progress, done, len(numbers))
    return dict(sorted(results.items()))


def _pool_context() -> multiprocessing.context.BaseContext:
    """fork in a worker process (``pipeline.worker_process``), else spawn.

    A worker runs nothing but the stages, in one thread, so forking it copies no held lock, and the
    pool's processes start at once with everything imported and configured. Any other caller (a
    threaded server should not OCR at all) gets fresh interpreters, which configure themselves.
    """
    if is_worker_process() and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _report(progress: Callable[[int, int], None] | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def _available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _render(pdf_path: Path, page_number: int, dpi: int, workdir: Path) -> tuple[Path, tuple[int, int]]:
    """The page as displayed (its /Rotate applied), grey, written as PGM for Tesseract."""
    try:
        with pymupdf.open(pdf_path) as doc:
            if not 1 <= page_number <= doc.page_count:
                raise ParseError(f"Page {page_number} does not exist (the file has {doc.page_count}).")
            pixmap = doc[page_number - 1].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    except (RuntimeError, ValueError) as exc:
        raise ParseError(f"Page {page_number} could not be drawn for OCR ({exc}).") from exc
    path = workdir / "page.pgm"
    pixmap.save(path)
    return path, (pixmap.width, pixmap.height)


def _ink_share(image_path: Path) -> float:
    """Share of dark pixels: a page where nothing was read but much is drawn is not blank."""
    with Image.open(image_path) as image:
        histogram = image.convert("L").histogram()
    return sum(histogram[:128]) / max(1, sum(histogram))
