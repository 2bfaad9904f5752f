"""Tesseract OCR for pages without a usable text layer: ``ocr_page`` and ``ocr_pages``.

A scanned page comes back as the same ``Word`` values a digital page gives — boxes in
displayed-page points, top-left origin — so detection, highlighting and redaction need no
special case. Each word also carries Tesseract's confidence, and a page whose mean word
confidence is low is flagged rather than trusted.

Speed: Tesseract's own OpenMP threads oversubscribe a small machine (two threads per process on
two cores roughly double the time per page), so every Tesseract run is single-threaded
(``OMP_THREAD_LIMIT=1``) and pages run in parallel in a process pool instead. The page image is
written once as uncompressed PGM, which Tesseract reads without decoding cost, and both the OCR
and the orientation check read that file.

Weight: Tesseract reports no font weight, but a scan shows it: a bold line's strokes are clearly
wider for its size than the body text's (x1.45-1.8 against x0.9-1.1 here on 200-300 dpi office and
bilevel scans). A line whose mean horizontal ink run, over its size, is ``BOLD_STROKE`` times the
page's usual is bold, so headings are found on scans as on digital pages.

Orientation: most scans are upright, and orientation-and-script detection (OSD) costs about half
an OCR run and is unreliable on a single page, so the page is first read as it is. Only when that
reading is poor is OSD asked which way the page is turned; each candidate turn is then checked
by OCR confidence (OSD's hint first), and the best reading wins. Boxes read from a turned image
are mapped back onto the page as displayed, so a highlight lands where the words are drawn.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean, median
from typing import NamedTuple

import numpy as np
import pymupdf
from PIL import Image

from pipeline.errors import ParseError
from pipeline.guard import FORKSERVER_PRELOAD
from pipeline.parse.ocr_level import level_lines
from pipeline.parse.ocr_mend import mend_addresses
from pipeline.parse.ocr_rules import without_rule_ink
from pipeline.types import BBox, Word

# Mean word confidence (0..100) below which a scan is flagged. Clean and ordinary office scans read
# at 88-96 here; blurred low-resolution scans with about one word in ten misread come out at 75-81.
LOW_QUALITY_CONFIDENCE = 80.0
RETRY_ORIENTATION_BELOW = 55.0  # an upright reading this poor may be a page scanned turned
GOOD_READING = 75.0  # a turned reading this good is accepted without trying further turns
MAX_BLANK_INK = 0.005  # share of dark pixels up to which a page with no words read is blank
MIN_OSD_CONFIDENCE = 1.0  # below this, OSD's answer is only tried after 180 degrees
SAME_SIZE_SHARE = 0.25  # a short line this close to its paragraph's size is taken to share it
BOLD_STROKE = 1.3  # a line whose strokes are this much wider (for its size) than the page's usual is bold
BODY_LINE_WORDS = 3  # lines of at least this many words set the page's usual stroke width
_TURNS = (180, 90, 270)
_ASCENDERS = frozenset("bdfhklt()[]{}/|$%&@#!?")
_DESCENDERS = frozenset("gjpqy()[]{}|;,")
_THREAD_ENV = "OMP_THREAD_LIMIT"


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


class _RawWord(NamedTuple):
    """One word as Tesseract reports it, in the pixels of the image it read."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    conf: float
    line: int  # block, paragraph and line numbers folded into one key


@dataclass(frozen=True, slots=True)
class _Reading:
    """Tesseract's words in image pixels, before mapping to the page."""

    words: tuple[_RawWord, ...]
    rotation: int

    @property
    def mean_confidence(self) -> float:
        return fmean(w.conf for w in self.words) if self.words else 0.0

    @property
    def score(self) -> float:
        """Total confidence: a turn that reads a few words confidently must not beat one reading all."""
        return sum(w.conf for w in self.words)


def ocr_page(pdf_path: str | Path, page_number: int, *, dpi: int = 300) -> OcrResult:
    """OCR one (1-based) page of a PDF, turning it upright first when it was scanned turned.

    Raises:
        ParseError: the page does not exist, or Tesseract is missing or fails.
    """
    with tempfile.TemporaryDirectory(prefix="dpa-ocr-") as workdir, _single_threaded_tesseract():
        image_path, image_size = _render(Path(pdf_path), page_number, dpi, Path(workdir))
        reading = _mended(_read_upright(image_path))
        unread_ink = not reading.words and _ink_share(image_path) > MAX_BLANK_INK
        line_heights = _line_heights(reading)
        bold = _bold_lines(_image_read(image_path, reading.rotation), reading, line_heights)
    scale = 72.0 / dpi
    words = without_rule_ink(
        _to_page_words(reading, image_size=image_size, scale=scale, heights=line_heights, bold=bold)
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
    with ProcessPoolExecutor(max_workers=count, mp_context=_pool_context(), initializer=_init_worker) as pool:
        futures = {pool.submit(ocr_page, str(pdf_path), number, dpi=dpi): number for number in numbers}
        for done, future in enumerate(as_completed(futures), start=1):
            results[futures[future]] = future.result()
            _report(progress, done, len(numbers))
    return dict(sorted(results.items()))


def _pool_context() -> multiprocessing.context.BaseContext:
    """forkserver with PyMuPDF preloaded, as ``pipeline.guard`` uses (one server per process).

    Not fork: the review app calls this from a threaded server, and forking a process with threads
    can copy a held lock into the child. Preloading PyMuPDF, this module and Tesseract's wrapper
    (most of the second a worker would spend importing) keeps the pool's start-up near 0.05 s. The
    preload list is the guard's, so whichever starts the server first, both get what they need.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(FORKSERVER_PRELOAD)
    return context


def _report(progress: Callable[[int, int], None] | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def _available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _init_worker() -> None:
    """Pool workers exist only for OCR, so their Tesseract runs are single-threaded for good."""
    os.environ[_THREAD_ENV] = "1"


@contextmanager
def _single_threaded_tesseract() -> Iterator[None]:
    """Make the Tesseract child processes single-threaded, restoring the caller's setting after."""
    previous = os.environ.get(_THREAD_ENV)
    os.environ[_THREAD_ENV] = "1"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(_THREAD_ENV, None)
        else:
            os.environ[_THREAD_ENV] = previous


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


def _read_upright(image_path: Path) -> _Reading:
    """Read the page as it is; if that reading is poor, try the turns OSD and confidence suggest."""
    best = _tesseract(image_path, 0)
    if not best.words or best.mean_confidence >= RETRY_ORIENTATION_BELOW:
        return best  # upright and readable, or blank: a turn cannot help
    for turn in _candidate_turns(image_path):
        reading = _tesseract(_turned_copy(image_path, turn), turn)
        if reading.score > best.score:
            best = reading
        if best.mean_confidence >= GOOD_READING:
            break
    return best


def _candidate_turns(image_path: Path) -> list[int]:
    """Clockwise turns to try, OSD's suggestion first when it is confident enough."""
    import pytesseract  # imported where used: it imports pandas (~0.6 s), which only OCR needs

    try:
        osd = pytesseract.image_to_osd(str(image_path), output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:  # "Too few characters": nothing to orient by
        return list(_TURNS)
    hinted = int(osd.get("rotate", 0)) % 360
    if hinted == 0 or float(osd.get("orientation_conf", 0.0)) < MIN_OSD_CONFIDENCE:
        return list(_TURNS)
    return [hinted, *(turn for turn in _TURNS if turn != hinted)]


def _turned_copy(image_path: Path, turn: int) -> Path:
    """The page image turned ``turn`` degrees clockwise (PIL turns counter-clockwise)."""
    transpose = {
        90: Image.Transpose.ROTATE_270,
        180: Image.Transpose.ROTATE_180,
        270: Image.Transpose.ROTATE_90,
    }
    target = _turned_path(image_path, turn)
    with Image.open(image_path) as image:
        image.transpose(transpose[turn]).save(target)
    return target


def _turned_path(image_path: Path, turn: int) -> Path:
    return image_path.with_name(f"turned-{turn}.pgm")


def _image_read(image_path: Path, rotation: int) -> np.ndarray:
    """The image the reading's boxes refer to (the turned copy for a page read turned), as dark pixels."""
    path = image_path if rotation == 0 else _turned_path(image_path, rotation)
    with Image.open(path) as image:
        return np.asarray(image.convert("L")) < 128


def _bold_lines(dark: np.ndarray, reading: _Reading, heights: dict[int, float]) -> frozenset[int]:
    """The OCR lines printed in bold: their strokes are much wider, for their size, than the body's.

    A line's stroke width is its dark pixels over its horizontal dark runs (a run is one stroke
    crossed by a pixel row), divided by its font size. The page's usual width is the median over
    lines of several words (the body); a page all in bold has no bold lines by this measure.
    """
    ink: dict[int, list[int]] = {}
    for raw in reading.words:
        box = dark[int(raw.y0) : int(raw.y1) + 1, int(raw.x0) : int(raw.x1) + 1]
        if box.size == 0:
            continue
        runs = int(box[:, 0].sum()) + int((box[:, 1:] & ~box[:, :-1]).sum())
        totals = ink.setdefault(raw.line, [0, 0, 0])
        totals[0] += int(box.sum())
        totals[1] += runs
        totals[2] += 1
    widths = {
        line: (pixels / runs) / heights[line]
        for line, (pixels, runs, _) in ink.items()
        if runs and heights.get(line)
    }
    body = [width for line, width in widths.items() if ink[line][2] >= BODY_LINE_WORDS]
    if not body:
        return frozenset()
    usual = median(body)
    return frozenset(line for line, width in widths.items() if width >= BOLD_STROKE * usual)


def _mended(reading: _Reading) -> _Reading:
    """The reading with web and e-mail addresses that Tesseract split at a glyph gap joined again."""
    words = mend_addresses(
        reading.words,
        text=lambda w: w.text,
        line=lambda w: w.line,
        span=lambda w: (w.x0, w.x1),
        join=_join_raw,
    )
    return reading if len(words) == len(reading.words) else _Reading(tuple(words), reading.rotation)


def _join_raw(left: _RawWord, right: _RawWord) -> _RawWord:
    """One word of two neighbours on a line: both boxes, the weaker confidence."""
    return _RawWord(
        left.text + right.text,
        min(left.x0, right.x0),
        min(left.y0, right.y0),
        max(left.x1, right.x1),
        max(left.y1, right.y1),
        min(left.conf, right.conf),
        left.line,
    )


def _tesseract(image_path: Path, rotation: int) -> _Reading:
    """Run Tesseract once and keep the words it actually read (level 5 rows with text)."""
    import pytesseract  # imported where used: see _candidate_turns

    try:
        data = pytesseract.image_to_data(str(image_path), output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractNotFoundError as exc:
        raise ParseError("OCR is not available: the Tesseract program is not installed.") from exc
    except pytesseract.TesseractError as exc:
        raise ParseError(f"OCR failed on this page ({exc.message}).") from exc
    words = []
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if data["level"][i] != 5 or conf < 0 or not text.strip():
            continue
        x0, y0 = float(data["left"][i]), float(data["top"][i])
        line = data["block_num"][i] * 10_000 + data["par_num"][i] * 100 + data["line_num"][i]
        words.append(
            _RawWord(text.strip(), x0, y0, x0 + data["width"][i], y0 + data["height"][i], conf, line)
        )
    return _Reading(tuple(words), rotation)


def _to_page_words(
    reading: _Reading,
    *,
    image_size: tuple[int, int],
    scale: float,
    heights: dict[int, float],
    bold: frozenset[int],
) -> list[Word]:
    """Map pixel boxes from the (possibly turned) image back to displayed-page points.

    Each word keeps the box of its ink (for highlighting and redaction) and gets a level layout
    box from ``level_lines``, so layout sees one printed line as one row even on a tilted scan.
    ``heights`` are the lines' font sizes in image pixels, ``bold`` the lines printed in bold.
    """
    boxes, sizes = [], []
    for raw in reading.words:
        box = unturn_box((raw.x0, raw.y0, raw.x1, raw.y1), reading.rotation, image_size)
        boxes.append(BBox(box[0] * scale, box[1] * scale, box[2] * scale, box[3] * scale))
        sizes.append(round(heights.get(raw.line, raw.y1 - raw.y0) * scale, 1))
    layout: list[BBox | None] = [None] * len(boxes)
    if reading.rotation == 0:  # a page read turned displays its lines sideways: nothing to level
        page_size = (image_size[0] * scale, image_size[1] * scale)
        layout = list(
            level_lines(
                [w.text for w in reading.words], boxes, [w.line for w in reading.words], sizes, page_size
            )
        )
    return [
        Word(
            text=raw.text,
            bbox=box,
            font_size=size,
            bold=raw.line in bold,
            font="ocr",
            ocr_confidence=raw.conf,
            layout_bbox=level,
        )
        for raw, box, size, level in zip(reading.words, boxes, sizes, layout, strict=True)
    ]


def _line_heights(reading: _Reading) -> dict[int, float]:
    """Font size estimate per OCR line (turned-image pixels): the median of its words' estimates.

    Tesseract's boxes are tight around the ink, so a word's height depends on its letters
    ("now" is shorter than "Day"); dividing by the share of the em that those letters span gives
    one estimate per word that does not depend on them. Still, a line's estimate is off by up to a
    fifth (a line of one word, or of capitals and punctuation), so a line takes its paragraph's
    size when the two are close: otherwise layout would start a new block at the apparent change.
    """
    estimates: dict[int, list[float]] = {}
    for raw in reading.words:
        share = _ink_share_of_em(raw.text)
        if share:
            estimates.setdefault(raw.line, []).append((raw.y1 - raw.y0) / share)
    by_paragraph: dict[int, list[float]] = {}
    for line, values in estimates.items():
        by_paragraph.setdefault(line // 100, []).extend(values)
    heights = {}
    for line, values in estimates.items():
        size, paragraph = median(values), by_paragraph[line // 100]
        if len(paragraph) > len(values):
            usual = median(paragraph)
            size = usual if abs(size - usual) <= SAME_SIZE_SHARE * usual else size
        heights[line] = size
    return heights


def _ink_share_of_em(text: str) -> float | None:
    """Typical height of the ink of ``text`` as a share of the font size.

    Measured on Tesseract's boxes of Times and Helvetica scans at 200-300 dpi (within about 7 %).
    """
    tall = any(c.isupper() or c.isdigit() or c in _ASCENDERS for c in text)
    low = any(c in _DESCENDERS for c in text)
    small = any(c.islower() for c in text)
    if tall and low:
        return 0.97
    if tall or low:
        return 0.75
    return 0.52 if small else None


def unturn_box(
    box: tuple[float, float, float, float], turn: int, size: tuple[int, int]
) -> tuple[float, float, float, float]:
    """A box read on the image turned ``turn`` degrees clockwise, in the unturned image's pixels.

    ``size`` is the unturned image's (width, height).
    """
    width, height = size
    x0, y0, x1, y1 = box
    if turn == 0:
        return box
    if turn == 180:
        return (width - x1, height - y1, width - x0, height - y0)
    if turn == 90:  # a point (x, y) went to (height - y, x)
        return (y0, height - x1, y1, height - x0)
    if turn == 270:  # a point (x, y) went to (y, width - x)
        return (width - y1, x0, width - y0, x1)
    raise ValueError(f"turn must be 0, 90, 180 or 270, not {turn}")
