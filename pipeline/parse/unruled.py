"""Tables without rules: cell grids inferred from aligned columns and row spacing, ``unruled_grids()``.

An unruled table with wrapped cells ("Requirement   Provider commitment", each cell a few lines, rows
set apart by extra space) reads line by line as the cells' words interleaved, like a ruled one. Its
grid is inferred from the words: columns are x positions where a cell starts after a wide gap on
several lines; a table is a run of consecutive lines whose every piece starts at one of those columns
and stops short of the next; rows are cut where the space between lines is clearly wider than the
line pitch. The grid then goes through the same row-by-row reading as a ruled one
(``pipeline.parse.tables``).

Deliberately narrow, because aligned text is everywhere (hanging-indent lists, addresses and signature
blocks printed side by side): a run must hold a cell that wraps, several lines with two or more cells,
rows told apart by spacing (uniform spacing cannot say where a row ends), a label in every row's first
cell (not a list marker), running sentences in at least half its rows, and nothing that reads as a
signature or notice block. Otherwise the lines are left as they were. Pages read in two columns are not
looked at.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from operator import itemgetter, sub
from statistics import median

from pipeline.parse.tables import CellGrid
from pipeline.signature_grammar import (
    BY,
    CONFORMED,
    DATE,
    DATED,
    NAME,
    PHONE,
    SIGNATURE,
    SIGNED,
    TEL,
    TITLE,
    WITNESS,
    labels,
)
from pipeline.types import BBox, Word

_MIN_GAP = 6.0  # points; no line with a narrower widest gap can hold two cells (the cheap reject)
_X0, _X1 = itemgetter(0), itemgetter(2)  # of a BBox
_CELL_EM = 0.6  # a gap this many times the font size parts two cells (a word space is about 0.25)
_ALIGN = 2.0  # points; cell starts this close are one column
_MIN_COLUMN_LINES = 3  # a column start must recur on this many lines
_MIN_MULTI = 2  # lines with two or more cells a table needs
_INDENT = 90.0  # points; a line starting this far right of the left edge (past a hanging indent)
_ROW_SPACE = 1.35  # a step this many times the line pitch starts a new row
_PROSE_WORDS = 8  # a cell this long that ends a sentence is running text
_SENTENCE_END = re.compile(r"[.;:!?][\"'\u201d\u2019)]*$")
# A list marker in front of hanging-indented text: "(a)", "1.", "19.2.2.", "iv)", a bullet.
_MARKER = re.compile(
    r"^(?:\(?[0-9A-Za-z]{1,4}[.)]|\d+(?:\.\d+)+\.?|[\u2022\u25aa\u25cf\u25e6\u00b7o*\-\u2013])$"
)
# Signature and notice blocks printed side by side look like tables: never read them as one.
_BLOCK_WORDS = labels(BY, NAME, TITLE, DATE, DATED, SIGNED, SIGNATURE, WITNESS, TEL, PHONE)
_NOTICE_WORDS = "(?:Attn|Attention|Fax)"  # a notice block's address lines
_NOT_A_TABLE = re.compile(rf"{CONFORMED}|@|\b(?:{_BLOCK_WORDS}|{_NOTICE_WORDS})\b\s*[:.]", re.I)


def unruled_grids(rows: Sequence[Sequence[Word]], width: float) -> tuple[CellGrid, ...]:
    """Grids of the page's unruled tables with wrapped cells (``rows``: the page's lines in order).

    Columns are first found over the page, to find runs of lines whose pieces all start at one; each
    run then gets its own columns (two tables on a page need not share them) and is cut where a piece
    runs into the next column.
    """
    if not _continued_column(rows):
        return ()
    wide = _rows_with_wide_gaps(rows)
    if len(wide) < _MIN_MULTI:
        return ()
    parts = [_parts(row) if i in wide else [list(row)] for i, row in enumerate(rows)]
    if sum(1 for p in parts if len(p) > 1) < _MIN_MULTI:
        return ()
    page_columns = _columns([p for p in parts if len(p) > 1], _MIN_COLUMN_LINES)
    if len(page_columns) < 2:
        return ()
    grids: list[CellGrid] = []
    for start, end in _runs(parts, page_columns, strict=False):
        run = parts[start:end]
        columns = _columns([p for p in run if len(p) > 1], _MIN_MULTI)
        for s, e in _runs(run, columns, strict=True):
            if grid := _grid(rows[start + s : start + e], run[s:e], columns, width):
                grids.append(grid)
    return tuple(grids)


def _continued_column(rows: Sequence[Sequence[Word]]) -> bool:
    """True when two lines start at the same x well right of the page's left edge: the wrapped lines
    of a right-hand cell. A look at each line's first word only: most pages stop here."""
    lefts = [row[0].bbox.x0 for row in rows if row]
    if len(lefts) < 2:
        return False
    margin = min(lefts)
    indented = sorted(x for x in lefts if x > margin + _INDENT)
    return any(b - a <= _ALIGN for a, b in zip(indented, indented[1:], strict=False))


def _rows_with_wide_gaps(rows: Sequence[Sequence[Word]]) -> set[int]:
    """Indices of the rows with a gap of at least ``_MIN_GAP`` between two of their words.

    This runs on every page: the gaps are taken over the page's words at once (a row's last word and
    the next row's first give a gap that is ignored), not row by row.
    """
    boxes = [w.bbox for row in rows for w in row]
    gaps = list(map(sub, map(_X0, boxes[1:]), map(_X1, boxes)))
    hits = [i for i, gap in enumerate(gaps) if gap >= _MIN_GAP]  # gap i: between words i and i + 1
    if len(hits) < _MIN_MULTI:
        return set()
    ends = list(accumulate(map(len, rows)))  # one past each row's last word
    found = set()
    for i in hits:
        row = bisect_right(ends, i)
        if i + 1 < ends[row]:  # both words in the row
            found.add(row)
    return found


def _parts(row: Sequence[Word]) -> list[list[Word]]:
    """The row cut where the space between words is wider than a word space can be (about 0.6 em)."""
    if len(row) < 2:
        return [list(row)]
    boxes = [w.bbox for w in row]
    gaps = list(map(sub, map(_X0, boxes[1:]), map(_X1, boxes)))
    limit = max(_MIN_GAP, _CELL_EM * row[0].font_size)
    if max(gaps) < limit:
        return [list(row)]
    out: list[list[Word]] = [[row[0]]]
    for word, gap in zip(row[1:], gaps, strict=True):
        if gap >= limit:
            out.append([word])
        else:
            out[-1].append(word)
    return out


def _columns(multi: Sequence[Sequence[Sequence[Word]]], min_lines: int) -> list[float]:
    """x positions where a piece starts on at least ``min_lines`` lines holding two or more pieces."""
    starts = sorted(part[0].bbox.x0 for parts in multi for part in parts)
    columns: list[float] = []
    group: list[float] = []
    for x in [*starts, float("inf")]:
        if group and x - group[0] > _ALIGN:
            if len(group) >= min_lines:
                columns.append(group[0])
            group = []
        group.append(x)
    return columns


def _fits(parts: Sequence[Sequence[Word]], columns: Sequence[float], strict: bool) -> bool:
    """Every piece starts at a column (and, ``strict``, ends before the next column starts)."""
    for part in parts:
        at = next((i for i, c in enumerate(columns) if abs(part[0].bbox.x0 - c) <= _ALIGN), None)
        if at is None:
            return False
        if strict and at + 1 < len(columns) and part[-1].bbox.x1 > columns[at + 1] - _ALIGN:
            return False
    return True


def _runs(
    parts: Sequence[Sequence[Sequence[Word]]], columns: Sequence[float], *, strict: bool
) -> list[tuple[int, int]]:
    """(start, end) of each run of consecutive lines that fit the columns, opening with a line of two
    or more pieces and holding enough of them."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, line in enumerate([*parts, None]):
        fits = line is not None and _fits(line, columns, strict)
        if fits and start is None and line is not None and len(line) > 1:
            start = i
        if not fits and start is not None:
            if sum(1 for p in parts[start:i] if len(p) > 1) >= _MIN_MULTI:
                runs.append((start, i))
            start = None
    return runs


def _grid(
    rows: Sequence[Sequence[Word]],
    parts: Sequence[Sequence[Sequence[Word]]],
    columns: list[float],
    width: float,
) -> CellGrid:
    """Cell boxes of the run's rows, or () when its spacing does not tell rows apart."""
    tops = [min(w.bbox.top for w in row) for row in rows]
    bottoms = [max(w.bbox.bottom for w in row) for row in rows]
    steps = [b - a for a, b in zip(tops, tops[1:], strict=False)]
    if not steps:
        return ()
    pitch = min(steps)
    breaks = [i + 1 for i, step in enumerate(steps) if step > _ROW_SPACE * pitch]
    if not breaks or all(step > _ROW_SPACE * pitch for step in steps):
        return ()  # uniform spacing: every line a row (as before) or no way to tell
    bands = list(zip([0, *breaks], [*breaks, len(rows)], strict=True))
    cut = next((i for i, (s, _) in enumerate(bands) if len(parts[s]) < 2), len(bands))
    bands = bands[:cut]  # each row opens with its cells side by side; a lone line after is not a row
    if len(bands) < 2 or not any(e - s > 1 for s, e in bands):
        return ()
    if median([e - s for s, e in bands]) > 8:
        return ()  # rows of more than eight lines: more likely paragraphs beside labels than a table
    if not _reads_as_table([_cell_texts(parts[s:e], columns) for s, e in bands]):
        return ()
    edges = [c - _ALIGN for c in columns] + [width]
    return tuple(
        tuple(BBox(a, tops[s] - 0.5, b, bottoms[e - 1] + 0.5) for a, b in zip(edges, edges[1:], strict=False))
        for s, e in bands
    )


def _cell_texts(lines: Sequence[Sequence[Sequence[Word]]], columns: Sequence[float]) -> list[str]:
    """A row's text per column, from the pieces of its lines (each starts at a column)."""
    cells: list[list[str]] = [[] for _ in columns]
    for parts in lines:
        for part in parts:
            at = min(range(len(columns)), key=lambda i: abs(columns[i] - part[0].bbox.x0))
            cells[at].extend(w.text for w in part)
    return [" ".join(cell) for cell in cells]


def _reads_as_table(rows: Sequence[Sequence[str]]) -> bool:
    """Every row opens with a label (no list marker), half the rows hold a sentence, and no cell is
    part of a signature or notice block."""
    if any(not row[0] or _MARKER.match(row[0].split()[0]) for row in rows):
        return False
    if any(_NOT_A_TABLE.search(cell) for row in rows for cell in row):
        return False
    prose = sum(1 for row in rows if any(_is_prose(cell) for cell in row[1:]))
    return 2 * prose >= len(rows)


def _is_prose(text: str) -> bool:
    """A sentence: long enough, ends like one, and mostly lower-case words (not a list of names)."""
    words = text.split()
    lower = sum(1 for w in words if w[:1].islower())
    return len(words) >= _PROSE_WORDS and bool(_SENTENCE_END.search(text)) and 2 * lower >= len(words)
