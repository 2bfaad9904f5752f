"""Page geometry: words -> lines -> blocks in reading order.

Works on plain ``Word`` values, so the same code lays out a text-layer page and an OCR page.
Everything is in displayed-page coordinates (top-left origin, rotation already applied).

Reading order: a page is two-column when a clear vertical gutter runs down its middle (few words
cross it, and the text on its left ends near it). Rows that cross the gutter (titles, headings
spanning both columns) stay in place and cut the page into bands; inside a band the left column is
read fully before the right one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from statistics import median

import numpy as np

from pipeline.types import BBox, Block, Line, Word

_BIN = 2.0  # points per histogram bin when looking for a gutter
_MIN_GUTTER = 8.0  # narrowest gap between columns, in points
_MIN_COLUMN_ROWS = 8  # lines needed on each side before a page counts as two-column
_STRAY_GAPPED = 0.1  # share of a running-text column's lines that may have cell-sized gaps (justified)
_X0 = attrgetter("bbox.x0")  # sort key (called from C either way; a lambda is no faster)


@dataclass(frozen=True, slots=True)
class Gutter:
    """The empty vertical strip between two columns."""

    x0: float
    x1: float


def line_of(words: Sequence[Word]) -> Line:
    """A Line from words already in left-to-right order."""
    first = words[0].bbox
    x0, top, x1, bottom = first.x0, first.top, first.x1, first.bottom
    for word in words:
        b = word.bbox
        if b.top < top:
            top = b.top
        if b.bottom > bottom:
            bottom = b.bottom
        if b.x0 < x0:
            x0 = b.x0
        if b.x1 > x1:
            x1 = b.x1
    return Line(words=tuple(words), bbox=BBox(x0, top, x1, bottom))


def group_rows(words: Sequence[Word]) -> list[list[Word]]:
    """Cluster words into rows sharing a baseline band, top to bottom, each row left to right.

    A row's band is fixed by its first (highest) word, so rows never chain downwards.
    Every word of every page passes here, so the clustering runs on runs of neighbouring words
    with the same top and bottom (the words of one line of one font), not on single words: a sort
    by centre keeps such a run together and in order, and every word of it joins the same row as
    its first word (see ``_runs``): the same rows as word by word, with a tenth of the loop turns.
    """
    if not words:
        return []
    boxes = [w.bbox for w in words]
    tops = [b.top for b in boxes]
    bottoms = [b.bottom for b in boxes]
    runs = _runs(tops, bottoms)
    centres = [(tops[start] + bottoms[start]) / 2 for start, _ in runs]
    rows: list[list[Word]] = []
    row: list[Word] = []
    ref_cy = ref_h = 0.0
    for r in sorted(range(len(runs)), key=centres.__getitem__):
        start, end = runs[r]
        cy, height = centres[r], bottoms[start] - tops[start]
        if row and cy - ref_cy <= 0.5 * (height if height < ref_h else ref_h):
            row.extend(words[start:end])
            continue
        row = [words[start]]  # the run's first word opens a row; the others join it...
        rows.append(row)
        ref_cy, ref_h = cy, height
        if height >= 0.0:
            row.extend(words[start + 1 : end])
        else:  # ...unless its box is upside down: then each opens a row of its own
            rows.extend([w] for w in words[start + 1 : end])
            row = rows[-1]
    for row in rows:
        if len(row) > 1:
            row.sort(key=_X0)
    return rows


def _runs(tops: list[float], bottoms: list[float]) -> list[tuple[int, int]]:
    """(start, end) of each run of consecutive words with equal top and bottom.

    Such a run sorts as one block (its words share the sort key and are adjacent), and each of its
    words meets the row test exactly as the first one did: so rows can be cut run by run.
    """
    pairs = zip(tops[1:], bottoms[1:], tops, bottoms, strict=False)
    cuts = [i for i, (top, bot, was_top, was_bot) in enumerate(pairs, 1) if top != was_top or bot != was_bot]
    starts = [0, *cuts]
    return list(zip(starts, [*cuts, len(tops)], strict=True))


def split_at_gaps(row: Sequence[Word], factor: float = 2.5) -> list[list[Word]]:
    """Cut a row where the space between words is much wider than the font (table cells, footers)."""
    parts: list[list[Word]] = [[row[0]]]
    prev = row[0]
    for word in row[1:]:
        size = prev.font_size if prev.font_size > word.font_size else word.font_size
        limit = factor * size if factor * size > 12.0 else 12.0
        if word.bbox.x0 - prev.bbox.x1 > limit:
            parts.append([word])
        else:
            parts[-1].append(word)
        prev = word
    return parts


def find_gutter(rows: Sequence[Sequence[Word]], width: float, *, scanned: bool = False) -> Gutter | None:
    """The column gutter of a two-column page of running text, or None.

    On a scanned page (``scanned``) one column may also hold a table beside the other's running
    text (see ``_text_beside_table``).
    """
    words = [w for row in rows for w in row]
    if len(words) < 40 or width <= 0:
        return None
    body_size = median([w.font_size for w in words])
    # Titles and headings may run across both columns: only body-text words mark the gutter.
    cover = _coverage([w for w in words if not w.bold and w.font_size <= body_size + 0.5], width)
    limit = max(2, int(0.03 * len(words)))
    lo, hi = int(0.3 * width / _BIN), int(0.7 * width / _BIN)
    for threshold in (0, limit):  # prefer a strip nothing crosses
        for run in _empty_runs(cover, lo, hi, threshold):
            first, last = _least_covered(cover, run)
            if (last - first + 1) * _BIN < _MIN_GUTTER:
                continue
            gutter = Gutter(first * _BIN, (last + 1) * _BIN)
            if _text_on_both_sides(rows, gutter, width) or (
                scanned and _text_beside_table(rows, gutter, width)
            ):
                return gutter
    return None


def _empty_runs(cover: Sequence[int], lo: int, hi: int, threshold: int) -> list[tuple[int, int]]:
    """Runs of bins in [lo, hi] covered by at most ``threshold`` words, widest first."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i in range(lo, hi + 1):
        empty = cover[i] <= threshold
        if empty and start is None:
            start = i
        if start is not None and (not empty or i == hi):
            runs.append((start, i if empty else i - 1))
            start = None
    runs = [r for r in runs if (r[1] - r[0] + 1) * _BIN >= _MIN_GUTTER]
    return sorted(runs, key=lambda r: r[0] - r[1])


def _least_covered(cover: Sequence[int], run: tuple[int, int]) -> tuple[int, int]:
    """The widest stretch of ``run`` at its lowest coverage (where a gutter would really be)."""
    low = min(cover[run[0] : run[1] + 1])
    best, start = (run[0], run[0] - 1), None
    for i in range(run[0], run[1] + 2):
        inside = i <= run[1] and cover[i] == low
        if inside and start is None:
            start = i
        if not inside and start is not None:
            if i - start > best[1] - best[0] + 1:
                best = (start, i - 1)
            start = None
    return best


def gutter_fits(rows: Sequence[Sequence[Word]], gutter: Gutter, min_rows: int = 3) -> bool:
    """True when almost nothing crosses ``gutter`` and both sides hold some lines.

    Used to carry a document's column layout onto its sparser pages (a page whose right column
    holds only a signature block does not look two-column on its own).
    """
    crossing = sum(1 for row in rows for w in row if w.bbox.x0 < gutter.x1 - 1 and w.bbox.x1 > gutter.x0 + 1)
    left = sum(1 for row in rows if any(w.bbox.x1 <= gutter.x0 + 1 for w in row))
    right = sum(1 for row in rows if any(w.bbox.x0 >= gutter.x1 - 1 for w in row))
    return crossing <= 2 and left >= min_rows and right >= min_rows


def _coverage(words: Sequence[Word], width: float) -> list[int]:
    """How many words cover each ``_BIN``-wide vertical strip of the page (numpy: this runs on
    every page, and a Python loop over the words was a fifth of the parse time)."""
    bins = int(width / _BIN) + 2
    if not words:
        return [0] * (bins + 1)
    starts = np.array([w.bbox.x0 for w in words], dtype=float) / _BIN
    ends = np.array([w.bbox.x1 for w in words], dtype=float) / _BIN + 1
    delta = np.bincount(np.clip(starts.astype(int), 0, bins), minlength=bins + 1)
    delta -= np.bincount(np.clip(ends.astype(int), 0, bins), minlength=bins + 1)
    counts: list[int] = np.cumsum(delta).tolist()  # numpy types tolist() as Any
    return counts


def _text_on_both_sides(rows: Sequence[Sequence[Word]], gutter: Gutter, width: float) -> bool:
    """True when both sides hold running text rather than table cells or short labels.

    Running text: lines on the left end near the gutter and lines on the right start there, most
    lines fill their column, and few lines have cell-sized gaps between words. This keeps a table
    whose cells happen to leave an empty strip from being read column by column.
    """
    return _running_text(*_sides(rows, gutter), gutter, width)


def _text_beside_table(rows: Sequence[Sequence[Word]], gutter: Gutter, width: float) -> bool:
    """True when one side is running text and the other is running text around a table.

    A two-column agreement often sets a schedule table in one column: its rows have cell gaps and
    a looser rhythm than prose, so the page fails ``_text_on_both_sides``. Here the lines with cell
    gaps are set aside on one side, provided the other side has next to none (a table running
    across the gutter has cell gaps on both sides), and the rest must pass as running text.
    """
    lefts, rights = _sides(rows, gutter)
    if not lefts or not rights:
        return False
    if _share(rights, _gapped) <= _STRAY_GAPPED:
        return _running_text([p for p in lefts if not _gapped(p)], rights, gutter, width)
    if _share(lefts, _gapped) <= _STRAY_GAPPED:
        return _running_text(lefts, [p for p in rights if not _gapped(p)], gutter, width)
    return False


def _gapped(part: Sequence[Word]) -> bool:
    return len(split_at_gaps(part)) > 1


def _sides(rows: Sequence[Sequence[Word]], gutter: Gutter) -> tuple[list[list[Word]], list[list[Word]]]:
    """Each row's words left of the gutter, and right of it (rows with none on a side left out)."""
    lefts = [p for p in ([w for w in row if w.bbox.x1 <= gutter.x0 + 1] for row in rows) if p]
    rights = [p for p in ([w for w in row if w.bbox.x0 >= gutter.x1 - 1] for row in rows) if p]
    return lefts, rights


def _running_text(
    lefts: Sequence[Sequence[Word]], rights: Sequence[Sequence[Word]], gutter: Gutter, width: float
) -> bool:
    """The tests of ``_text_on_both_sides`` on the lines either side of the gutter."""
    if min(len(lefts), len(rights)) < max(_MIN_COLUMN_ROWS, 0.25 * max(len(lefts), len(rights))):
        return False  # a last page's right column may be short, but it is not a few stray lines
    near = 0.1 * width
    left_span = gutter.x0 - min(p[0].bbox.x0 for p in lefts)
    right_span = max(p[-1].bbox.x1 for p in rights) - gutter.x1
    checks = (
        _share(lefts, lambda p: gutter.x0 - p[-1].bbox.x1 <= near) >= 0.4,
        _share(rights, lambda p: p[0].bbox.x0 - gutter.x1 <= near) >= 0.6,
        _share(lefts, lambda p: p[-1].bbox.x1 - p[0].bbox.x0 >= 0.5 * left_span) >= 0.5,
        _share(rights, lambda p: p[-1].bbox.x1 - p[0].bbox.x0 >= 0.5 * right_span) >= 0.5,
        _share([*lefts, *rights], _gapped) <= 0.2,
        _dense(lefts) and _dense(rights),
    )
    return all(checks)


def _dense(parts: Sequence[Sequence[Word]]) -> bool:
    """True when most lines follow the previous one at about one line pitch (running text).

    A table's last column has one short entry per (often multi-line) row, so its lines are far apart.
    """
    steps = [b[0].bbox.top - a[0].bbox.top for a, b in zip(parts, parts[1:], strict=False)]
    height = median(p[0].bbox.height for p in parts)
    return _share_of(steps, lambda d: d <= 1.6 * height) >= 0.6


def _share_of(values: Sequence[float], test: Callable[[float], bool]) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0


def _share(parts: Sequence[Sequence[Word]], test: Callable[[Sequence[Word]], bool]) -> float:
    return sum(1 for p in parts if test(p)) / len(parts)


def reading_order_lines(rows: Sequence[Sequence[Word]], gutter: Gutter | None) -> list[tuple[Line, int]]:
    """Lines in reading order with their column (0 = left or full width, 1 = right)."""
    if gutter is None:
        return [(line_of(row), 0) for row in rows]
    mid = (gutter.x0 + gutter.x1) / 2
    ordered: list[tuple[Line, int]] = []
    left: list[Line] = []
    right: list[Line] = []
    for row in rows:
        crossing = any(w.bbox.x0 < mid < w.bbox.x1 for w in row)
        if crossing:
            ordered += [(ln, 0) for ln in left] + [(ln, 1) for ln in right]
            left, right = [], []
            ordered.append((line_of(row), 0))
            continue
        lpart = [w for w in row if w.bbox.x1 <= mid]
        rpart = [w for w in row if w.bbox.x1 > mid]
        if lpart:
            left.append(line_of(lpart))
        if rpart:
            right.append(line_of(rpart))
    ordered += [(ln, 0) for ln in left] + [(ln, 1) for ln in right]
    return ordered


def build_blocks(lines: Sequence[tuple[Line, int]]) -> tuple[Block, ...]:
    """Group consecutive lines into paragraph-like blocks.

    A new block starts at a column change, a jump upwards, a change of font size or weight, or a
    vertical gap clearly wider than the page's usual gap between lines.
    """
    if not lines:
        return ()
    gaps = [
        b.bbox.top - a.bbox.bottom
        for (a, ca), (b, cb) in zip(lines, lines[1:], strict=False)
        if ca == cb and b.bbox.top > a.bbox.top
    ]
    usual_gap = median(gaps) if len(gaps) >= 3 else min(gaps + [2.0])  # too few lines to know the spacing
    style = [(ln.font_size, ln.bold) for ln, _ in lines]  # computed once: properties walk the words
    blocks: list[Block] = []
    current: list[Line] = [lines[0][0]]
    column = lines[0][1]
    for i in range(1, len(lines)):
        prev, line, col = lines[i - 1][0], lines[i][0], lines[i][1]
        height = max(1.0, min(prev.bbox.height, line.bbox.height))
        gap = line.bbox.top - prev.bbox.bottom
        new_block = (
            col != column
            or line.bbox.top < prev.bbox.top
            or gap > usual_gap + 0.3 * height
            or abs(style[i][0] - style[i - 1][0]) > 1.0
            or style[i][1] != style[i - 1][1]
        )
        if new_block:
            blocks.append(_block(current, column))
            current, column = [], col
        current.append(line)
    blocks.append(_block(current, column))
    return tuple(blocks)


def _block(lines: Sequence[Line], column: int) -> Block:
    return Block(
        lines=tuple(lines),
        bbox=BBox(
            min(ln.bbox.x0 for ln in lines),
            min(ln.bbox.top for ln in lines),
            max(ln.bbox.x1 for ln in lines),
            max(ln.bbox.bottom for ln in lines),
        ),
        column=column,
    )
