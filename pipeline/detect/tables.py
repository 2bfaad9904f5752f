"""Read ruled tables and check-box rows of a page cell by cell when clause text is not enough.

The segmenter gives a table one clause per printed line, so a cell that wraps ("Example Cloud" /
"Services, Inc.") is cut in two. These helpers re-read the grid cell by cell from the grids and check
boxes parse found on the page (``Page.drawn``) and its words: the name column of a subprocessor
table, and the labels of checked boxes (a security-framework menu where only ticked frameworks count).
They read text-layer pages; a scanned page's cell marks are judged with its OCR words by ``schedule``.
"""

from __future__ import annotations

import re

from pipeline.detect.checkboxes import PageWord, cell_text, centre_in, parsed_page_words
from pipeline.geometry import merge
from pipeline.types import BBox, Clause, Grid, Page, ParsedDocument

_NAME_HEADER = re.compile(
    r"\b(sub-?processors?|sub-?contractors?|vendors?|names?|provider|company|third part\w*|"
    r"entity|recipient)\b",
    re.I,
)


def name_column(parsed: ParsedDocument, clause: Clause) -> list[str]:
    """Body cells of the name column of the ruled table that holds ``clause`` (empty if none)."""
    if not clause.words:
        return []
    page = _text_page(parsed, clause.words[0].page)
    if page is None:
        return []
    where = merge(w.bbox for w in clause.words if w.page == page.number)
    grids = [g for g in page.drawn.grids if centre_in(where, g.bbox, 2)]
    if not grids:
        return []
    rows = _cells(grids[0], parsed_page_words(page))
    if len(rows) < 2:
        return []
    header = rows[0]
    column = next((i for i, text in enumerate(header) if _NAME_HEADER.search(text)), 0)
    return [row[column] for row in rows[1:] if column < len(row) and row[column]]


def cell_at(parsed: ParsedDocument, page_number: int, where: BBox) -> str:
    """The whole text of the ruled-table cell around ``where`` on a 1-based page (empty if none).

    A two-column table (requirement | commitment) is segmented one printed line at a time, so a
    list in a long cell is cut where the left cell's text ends; the cell itself holds all of it."""
    page = _text_page(parsed, page_number)
    if page is None:
        return ""
    grids = [g for g in page.drawn.grids if centre_in(where, g.bbox, 2)]
    if not grids:
        return ""
    grid = grids[0]
    cells = [
        BBox(x0, top, x1, bottom)
        for top, bottom in grid.rows
        for x0, x1 in grid.cols
        if centre_in(where, BBox(x0, top, x1, bottom), 2)
    ]
    if not cells:
        return ""
    return cell_text([w for w in parsed_page_words(page) if centre_in(w.bbox, cells[0])])


def box_labels(parsed: ParsedDocument, pages: list[int] | None = None) -> list[tuple[str, bool]]:
    """Every check box (of the given 1-based pages, default all) with its label and whether it is
    ticked."""
    labels: list[tuple[str, bool]] = []
    for number in pages or range(1, parsed.page_count + 1):
        page = _text_page(parsed, number)
        if page is None or not page.drawn.marks:
            continue
        words = parsed_page_words(page)
        boxes = [m.bbox for m in page.drawn.marks]
        labels.extend((_label(mark.bbox, words, boxes), mark.checked) for mark in page.drawn.marks)
    return labels


def checked_labels(parsed: ParsedDocument) -> list[str]:
    """The labels of the ticked boxes."""
    return [label for label, checked in box_labels(parsed) if checked]


def _text_page(parsed: ParsedDocument, number: int) -> Page | None:
    """Page ``number`` (1-based) when parse read it from its text layer (not by OCR)."""
    if not 0 < number <= parsed.page_count:
        return None
    page = parsed.pages[number - 1]
    return page if page.number == number and not page.ocr_applied else None


def _label(mark: BBox, words: list[PageWord], marks: list[BBox]) -> str:
    """Words right of a box up to the next box on its line; failing that, the words left of it
    (a check column at the end of a table row)."""
    line = sorted((w for w in words if _same_line(w.bbox, mark)), key=lambda w: w.bbox.x0)
    stop = min((m.x0 for m in marks if m.x0 > mark.x1 and _same_line(m, mark)), default=float("inf"))
    right = [w.text for w in line if mark.x1 - 1 <= w.bbox.x0 < stop]
    left = [w.text for w in line if w.bbox.x1 <= mark.x0 + 1]
    return " ".join(right or left)


def _same_line(word: BBox, mark: BBox) -> bool:
    centre = (mark.top + mark.bottom) / 2
    return word.top - 3 <= centre <= word.bottom + 3


def _cells(grid: Grid, words: list[PageWord]) -> list[list[str]]:
    inside = [w for w in words if centre_in(w.bbox, grid.bbox)]
    rows = []
    for top, bottom in grid.rows:
        row = []
        for x0, x1 in grid.cols:
            cell = BBox(x0, top, x1, bottom)
            row.append(cell_text([w for w in inside if centre_in(w.bbox, cell)]))
        rows.append(row)
    return rows
