"""From Tesseract's words in image pixels to the page's ``Word`` values: sizes, bold, boxes.

Weight: Tesseract reports no font weight, but a scan shows it: a bold line's strokes are clearly
wider for its size than the body text's (x1.45-1.8 against x0.9-1.1 here on 200-300 dpi office and
bilevel scans). A line whose mean horizontal ink run, over its size, is ``BOLD_STROKE`` times the
page's usual is bold, so headings are found on scans as on digital pages.

Boxes read from a turned image are mapped back onto the page as displayed, so a highlight lands
where the words are drawn.
"""

from __future__ import annotations

from statistics import median

import numpy as np

from pipeline.parse.ocr_level import level_lines
from pipeline.parse.ocr_read import Reading
from pipeline.types import BBox, Word

SAME_SIZE_SHARE = 0.25  # a short line this close to its paragraph's size is taken to share it
BOLD_STROKE = 1.3  # a line whose strokes are this much wider (for its size) than the page's usual is bold
BODY_LINE_WORDS = 3  # lines of at least this many words set the page's usual stroke width
_ASCENDERS = frozenset("bdfhklt()[]{}/|$%&@#!?")
_DESCENDERS = frozenset("gjpqy()[]{}|;,")


def bold_lines(dark: np.ndarray, reading: Reading, heights: dict[int, float]) -> frozenset[int]:
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


def to_page_words(
    reading: Reading,
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


def line_heights(reading: Reading) -> dict[int, float]:
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
