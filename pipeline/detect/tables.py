"""Read ruled tables and check-box rows straight from the PDF page when clause text is not enough.

The segmenter gives a table one clause per printed line, so a cell that wraps ("Example Cloud" /
"Services, Inc.") is cut in two. These helpers re-read the grid cell by cell with the checkbox
module's geometry: the name column of a subprocessor table, and the labels of checked boxes (a
security-framework menu where only ticked frameworks count).
"""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf

from pipeline.detect.checkboxes import PageWord, box_marks, centre_in, find_grids, words_of
from pipeline.detect.schedule import cell_text
from pipeline.geometry import merge
from pipeline.types import BBox, Clause, Page, ParsedDocument

_NAME_HEADER = re.compile(
    r"\b(sub-?processors?|sub-?contractors?|vendors?|names?|provider|company|third part\w*|"
    r"entity|recipient)\b",
    re.I,
)


def name_column(pdf_path: str | Path, clause: Clause, parsed: ParsedDocument | None = None) -> list[str]:
    """Body cells of the name column of the ruled table that holds ``clause`` (empty if none).

    ``parsed`` (the document parse read) spares extracting the page's words again."""
    if not clause.words:
        return []
    page_number = clause.words[0].page
    where = merge(w.bbox for w in clause.words if w.page == page_number)
    with pymupdf.open(str(pdf_path)) as doc:
        page = doc[page_number - 1]
        grids = [g for g in find_grids(page.get_drawings()) if centre_in(where, g.bbox, 2)]
        if not grids:
            return []
        rows = _cells(grids[0], words_of(page, _parsed_page(parsed, page_number)))
    if len(rows) < 2:
        return []
    header = rows[0]
    column = next((i for i, text in enumerate(header) if _NAME_HEADER.search(text)), 0)
    return [row[column] for row in rows[1:] if column < len(row) and row[column]]


def cell_at(pdf_path: str | Path, page_number: int, where: BBox, parsed: ParsedDocument | None = None) -> str:
    """The whole text of the ruled-table cell around ``where`` on a 1-based page (empty if none).

    A two-column table (requirement | commitment) is segmented one printed line at a time, so a
    list in a long cell is cut where the left cell's text ends; the cell itself holds all of it."""
    if not Path(pdf_path).is_file():
        return ""
    with pymupdf.open(str(pdf_path)) as doc:
        if not 0 < page_number <= doc.page_count:
            return ""
        page = doc[page_number - 1]
        grids = [g for g in find_grids(page.get_drawings()) if centre_in(where, g.bbox, 2)]
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
        words = words_of(page, _parsed_page(parsed, page_number))
    return cell_text([w for w in words if centre_in(w.bbox, cells[0])])


def box_labels(
    pdf_path: str | Path, pages: list[int] | None = None, parsed: ParsedDocument | None = None
) -> list[tuple[str, bool]]:
    """Every check box (of the given 1-based pages, default all) with its label and whether it is
    ticked; ``parsed`` (the document parse read) spares extracting the words again."""
    labels: list[tuple[str, bool]] = []
    with pymupdf.open(str(pdf_path)) as doc:
        for number in pages or range(1, doc.page_count + 1):
            page = doc[number - 1]
            words = words_of(page, _parsed_page(parsed, number))
            marks = box_marks(page, page.get_drawings(), " ".join(w.text for w in words))
            boxes = [m.bbox for m in marks]
            labels.extend((_label(mark.bbox, words, boxes), mark.checked) for mark in marks)
    return labels


def checked_labels(pdf_path: str | Path) -> list[str]:
    """The labels of the ticked boxes."""
    return [label for label, checked in box_labels(pdf_path) if checked]


def _parsed_page(parsed: ParsedDocument | None, number: int) -> Page | None:
    """Page ``number`` (1-based) of ``parsed``, when it was parsed."""
    if parsed is None or not 0 < number <= parsed.page_count:
        return None
    page = parsed.pages[number - 1]
    return page if page.number == number else None


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


def _cells(grid, words: list[PageWord]) -> list[list[str]]:
    inside = [w for w in words if centre_in(w.bbox, grid.bbox)]
    rows = []
    for top, bottom in grid.rows:
        row = []
        for x0, x1 in grid.cols:
            cell = BBox(x0, top, x1, bottom)
            row.append(cell_text([w for w in inside if centre_in(w.bbox, cell)]))
        rows.append(row)
    return rows
