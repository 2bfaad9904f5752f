"""The checked data elements of a "schedule of data" (105 ILCS 85/15(4)(A)): ``extract_data_elements``.

Checkbox grids come drawn four ways (vector boxes with an X, check-box glyphs, an "X" letter in a
column, real AcroForm check boxes); parse carries each page's grids and check boxes (``Page.drawn``),
so this reads the document alone. Per page: the ruled grids read as schedules (``schedule_grid``),
then the check boxes outside any grid read as a list (``schedule_list``). Only checked rows count;
anything that does not look like a data schedule gives an empty result rather than a guess.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pipeline.detect.checkboxes import Grid, Mark, PageWord, cell_text, centre_in, parsed_page_words
from pipeline.detect.scan_grid import scan_grids
from pipeline.detect.schedule_grid import ScheduleRow, ScheduleTable, grid_tables, table_rows
from pipeline.detect.schedule_list import list_rows
from pipeline.detect.schedule_terms import (
    DATA_WORDS,
    element_share,
    is_header_label,
    looks_like_data_schedule,
)
from pipeline.types import Page, PageBox, SegmentedDocument

__all__ = [
    "DataSchedule",
    "ScheduleRow",
    "cell_text",
    "element_share",
    "extract_data_elements",
    "is_header_label",
    "list_rows",
    "looks_like_data_schedule",
]


@dataclass(frozen=True, slots=True)
class DataSchedule:
    """The data elements of a schedule of data: checked ones, unchecked ones, and where."""

    elements: tuple[str, ...] = ()
    unchecked: tuple[str, ...] = ()
    evidence: tuple[PageBox, ...] = ()
    style: str = ""  # vector | glyph | letter | acroform | table | list | "" (none found)
    pages: tuple[int, ...] = ()


def extract_data_elements(segmented: SegmentedDocument) -> DataSchedule:
    """Read the checked elements of every data-schedule grid or list of the document.

    The section headings of each page add to the context used to tell a data schedule from other
    checkbox grids; only pages that can hold a data schedule are read.
    """
    headings = _page_headings(segmented)
    rows: list[ScheduleRow] = []
    styles: Counter[str] = Counter()
    previous: ScheduleTable | None = None
    for page in segmented.parsed.pages:
        previous = _read_page(page, headings.get(page.number, ""), previous, rows, styles)
    return _schedule(rows, styles)


def _read_page(
    page: Page,
    heading: str,
    previous: ScheduleTable | None,
    rows: list[ScheduleRow],
    styles: Counter[str],
) -> ScheduleTable | None:
    """Add the schedule rows of one page to ``rows``; the last schedule table read so far."""
    number = page.number
    continued = previous is not None and previous.page == number - 1
    if not continued and not _may_hold_schedule(_page_text(page), heading):
        return previous
    words, grids, marks = _page_parts(page)
    for table in grid_tables(number, grids, words, marks, heading):
        found = table_rows(table, previous)
        if found is not None:
            rows.extend(found[0])
            styles[found[1]] += len(found[0])
            previous = table
    in_grid = [m for m in marks if not any(centre_in(m.bbox, g.bbox) for g in grids)]
    listed = list_rows(number, in_grid, words, heading)
    rows.extend(listed)
    styles["list"] += len(listed)
    return previous


def _page_text(page: Page) -> str:
    """Every word of the page, whitespace-separated (for a scanned page, all its OCR words)."""
    running = " ".join(line.text for line in page.header_footer)
    return f"{page.text}\n{running}"


def _may_hold_schedule(page_text: str, heading: str) -> bool:
    """False when no table or list of the page can pass ``looks_like_data_schedule``: that needs a
    data word in a header cell or in the heading and words above; cells and captions are made of
    whole page words, and every data word is one word, so a page without one can be skipped (a
    table continued from the page before is read regardless)."""
    return bool(DATA_WORDS.search(heading) or DATA_WORDS.search(page_text))


def _page_parts(page: Page) -> tuple[list[PageWord], list[Grid], list[Mark]]:
    """Words, ruled grids and marks of a page: its text-layer words and what parse found drawn, or,
    for a page read by OCR, the OCR words and what parse saw in the page image. Without a grid or
    a mark nothing on the page is read, so its words are not gathered."""
    if page.ocr_applied:
        found = scan_grids(page)
        return list(found.words), list(found.grids), list(found.marks)
    grids, marks = list(page.drawn.grids), list(page.drawn.marks)
    return (parsed_page_words(page) if grids or marks else []), grids, marks


def _schedule(rows: list[ScheduleRow], styles: Counter[str]) -> DataSchedule:
    rows = [r for r in rows if not is_header_label(r.text)]
    checked = [r for r in rows if r.checked and r.text]
    return DataSchedule(
        elements=tuple(dict.fromkeys(r.text for r in checked)),
        unchecked=tuple(dict.fromkeys(r.text for r in rows if not r.checked and r.text)),
        evidence=tuple(r.evidence for r in checked),
        style=styles.most_common(1)[0][0] if rows else "",
        pages=tuple(sorted({r.evidence.page for r in rows})),
    )


def _page_headings(segmented: SegmentedDocument) -> dict[int, str]:
    found: dict[int, list[str]] = {}
    for clause in segmented.clauses:
        for page in clause.pages:
            found.setdefault(page, []).extend(h for h in (clause.heading, *clause.section_path) if h)
    return {page: " ".join(dict.fromkeys(items)) for page, items in found.items()}
