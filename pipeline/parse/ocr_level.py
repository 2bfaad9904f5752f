"""Level boxes for OCR words of a slightly rotated scan: ``level_lines`` and ``skew_slope``.

A scan is rarely fed quite straight: at half a degree, the end of a printed line sits a few points
higher or lower than its start, and the column edges lean. Tesseract finds its lines on the tilted
image itself, but its word boxes are level rectangles placed along the tilted line, so a layout
that groups words into rows by height splits one line in two and mixes words of neighbouring lines,
and a column gutter that leans is no longer an empty vertical strip.

The fix works on the boxes, not the image: the tilt is measured from Tesseract's own lines (the
slope of the baseline through the words of each line), every word's centre is turned back by that
angle about the page centre, and the words of one Tesseract line share one top and bottom. The
result is a layout box only; the word's own box stays on its ink for highlighting and redaction.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from statistics import median

from pipeline.types import BBox

MAX_SKEW_DEGREES = 5.0  # beyond this the page is not a tilted scan of level text: leave it alone
MIN_FIT_WORDS = 3  # baseline words needed in a line before its slope is trusted
MIN_FIT_SPAN = 72.0  # points between the first and last of those words
# A text layer's word box runs from about this far above the baseline to this far below it, in ems
# (PyMuPDF's boxes of Times and Helvetica: 1.05-1.07 and 0.28-0.30).
ASCENT = 1.05
DESCENT = 0.3
_DESCENDERS = frozenset("gjpqy()[]{}|;,")


def skew_slope(texts: Sequence[str], boxes: Sequence[BBox], lines: Sequence[Hashable]) -> float:
    """The page's tilt as dy/dx (y down), the median of the baseline slopes of its long lines.

    Only words without descenders are fitted: their box bottoms lie on the baseline. Returns 0.0
    when no line is long enough to measure, or when the tilt is too large to be a scanner's.
    """
    points: dict[Hashable, list[tuple[float, float]]] = {}
    for text, box, line in zip(texts, boxes, lines, strict=True):
        if any(c.isalnum() for c in text) and not any(c in _DESCENDERS for c in text):
            points.setdefault(line, []).append(((box.x0 + box.x1) / 2, box.bottom))
    slopes = [_fit(p) for p in points.values() if len(p) >= MIN_FIT_WORDS and _span(p) >= MIN_FIT_SPAN]
    if not slopes:
        return 0.0
    slope = median(slopes)
    return slope if abs(slope) <= math.tan(math.radians(MAX_SKEW_DEGREES)) else 0.0


def level_lines(
    texts: Sequence[str],
    boxes: Sequence[BBox],
    lines: Sequence[Hashable],
    sizes: Sequence[float],
    page_size: tuple[float, float],
) -> list[BBox]:
    """Layout boxes: each word turned back by the page's tilt, its line's words sharing one band.

    ``lines`` gives each word's line (any key; words of one printed line share it) and ``sizes``
    each word's font size. A word keeps its width; its top and bottom become its line's band: from
    the ascender height above the line's baseline to the descender depth below it, as a text
    layer's word boxes are, so layout measures line spacing on a scan as on a digital page.
    """
    theta = math.atan(skew_slope(texts, boxes, lines))
    cos, sin = math.cos(theta), math.sin(theta)
    cx, cy = page_size[0] / 2, page_size[1] / 2
    centres = []
    for box in boxes:
        dx, dy = (box.x0 + box.x1) / 2 - cx, (box.top + box.bottom) / 2 - cy
        centres.append((cx + dx * cos + dy * sin, cy - dx * sin + dy * cos))
    band = _bands(texts, boxes, lines, sizes, [y for _, y in centres])
    return [
        BBox(x - box.width / 2, band[line][0], x + box.width / 2, band[line][1])
        for box, (x, _), line in zip(boxes, centres, lines, strict=True)
    ]


def _bands(
    texts: Sequence[str],
    boxes: Sequence[BBox],
    lines: Sequence[Hashable],
    sizes: Sequence[float],
    centre_ys: Sequence[float],
) -> dict[Hashable, tuple[float, float]]:
    """Top and bottom of each line: its baseline (median bottom of words without descenders,
    else of all its words) less the ascender height and plus the descender depth of its font size."""
    on_baseline: dict[Hashable, list[float]] = {}
    bottoms: dict[Hashable, list[float]] = {}
    line_sizes: dict[Hashable, list[float]] = {}
    for text, box, line, size, y in zip(texts, boxes, lines, sizes, centre_ys, strict=True):
        bottom = y + box.height / 2
        bottoms.setdefault(line, []).append(bottom)
        line_sizes.setdefault(line, []).append(size)
        if any(c.isalnum() for c in text) and not any(c in _DESCENDERS for c in text):
            on_baseline.setdefault(line, []).append(bottom)
    bands = {}
    for line, values in bottoms.items():
        baseline = median(on_baseline.get(line) or values)
        size = median(line_sizes[line])
        bands[line] = (baseline - ASCENT * size, baseline + DESCENT * size)
    return bands


def _fit(points: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of y on x."""
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    sxy = sum((x - mx) * (y - my) for x, y in points)
    return sxy / sxx if sxx else 0.0


def _span(points: Sequence[tuple[float, float]]) -> float:
    return max(x for x, _ in points) - min(x for x, _ in points)
