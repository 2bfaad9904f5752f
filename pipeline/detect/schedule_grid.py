"""A ruled grid read as a data schedule: which column holds the check marks, which the element names,
and the rows it checks.

A grid whose every cell holds its own box and label ("[x] Grade level" in several columns under
category headers) is read cell by cell. A table with no check column counts only when its header
says it lists data elements. A grid that does not look like a data schedule gives no rows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipeline.detect.checkboxes import (
    CHECKED_GLYPHS,
    LETTER_CHECKED,
    LETTER_UNCHECKED,
    UNCHECKED_GLYPHS,
    Grid,
    Mark,
    MarkStyle,
    PageWord,
    cell_text,
    centre_in,
    letter_marks,
)
from pipeline.detect.schedule_terms import (
    ELEMENT_HEADER,
    NOTE_HEADER,
    element_share,
    looks_like_data_schedule,
    negative_header,
)
from pipeline.geometry import merge
from pipeline.types import BBox, PageBox

# Drawn in a cell's text by glyph-style check boxes; not part of the label beside them.
_BOX_GLYPHS = "".join(CHECKED_GLYPHS | UNCHECKED_GLYPHS)
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")  # symbol-font check boxes


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    """One row of a data schedule: its element text, check state and where it is drawn."""

    text: str
    checked: bool
    evidence: PageBox


@dataclass(frozen=True, slots=True)
class ScheduleTable:
    """A ruled grid read into cells: text, word boxes and marks per (row, column)."""

    page: int
    grid: Grid
    text: tuple[tuple[str, ...], ...]
    boxes: tuple[tuple[BBox | None, ...], ...]
    marks: tuple[tuple[tuple[Mark, ...], ...], ...]
    context: str  # text just above the table (its caption or introducing sentence)


def grid_tables(
    page: int, grids: list[Grid], words: list[PageWord], marks: list[Mark], heading: str
) -> list[ScheduleTable]:
    tables = []
    for grid in sorted(grids, key=lambda g: g.bbox.top):
        inside = [w for w in words if centre_in(w.bbox, grid.bbox)]
        above = [
            w.text
            for w in words
            if grid.bbox.top - 90 <= w.bbox.bottom <= grid.bbox.top + 1 and w.bbox.x0 < grid.bbox.x1
        ]
        texts, boxes, cell_marks = [], [], []
        for top, bottom in grid.rows:
            row_t, row_b, row_m = [], [], []
            for x0, x1 in grid.cols:
                cell = BBox(x0, top, x1, bottom)
                cell_words = [w for w in inside if centre_in(w.bbox, cell)]
                row_t.append(cell_text(cell_words))
                row_b.append(merge(w.bbox for w in cell_words) if cell_words else None)
                row_m.append(tuple(m for m in marks if centre_in(m.bbox, cell)) + _letters(cell_words))
            texts.append(tuple(row_t))
            boxes.append(tuple(row_b))
            cell_marks.append(tuple(row_m))
        context = f"{heading} {' '.join(above)}"
        tables.append(ScheduleTable(page, grid, tuple(texts), tuple(boxes), tuple(cell_marks), context))
    return tables


def _letters(cell_words: list[PageWord]) -> tuple[Mark, ...]:
    """A cell whose whole text is one letter value ("X", "Yes", "No") is a letter mark."""
    joined = " ".join(w.text for w in cell_words).strip().lower()
    if joined in LETTER_CHECKED or joined in LETTER_UNCHECKED:
        return tuple(letter_marks(cell_words[:1]))
    return ()


def table_rows(table: ScheduleTable, previous: ScheduleTable | None) -> tuple[list[ScheduleRow], str] | None:
    """The rows of ``table`` when it is a data schedule (with its mark style), else None."""
    continued = previous is not None and _continues(previous, table)
    header = _header_index(table, previous if continued else None)
    names = table.text[header] if header is not None else ()
    body = [r for r in range(len(table.text)) if r != header and (any(table.text[r]) or _row_marks(table, r))]
    check = _check_column(table, body, names)
    if check is None:
        if continued:
            return None
        return _cell_rows(table, body, names) or _plain_rows(table, body, names)
    label = _label_column(table, body, names, check)
    if label is None or not (continued or _is_schedule(table, body, names, label)):
        return None
    rows = []
    for r in body:
        text = table.text[r][label] or next((t for t in table.text[r] if t), "")
        box = table.boxes[r][label] or table.boxes[r][check]
        if not text or box is None:
            continue
        checked = any(m.checked for m in table.marks[r][check])
        rows.append(ScheduleRow(text, checked, PageBox(table.page, box)))
    styles = Counter(m.style.value for r in body for m in table.marks[r][check])
    return rows, styles.most_common(1)[0][0] if styles else MarkStyle.LETTER.value


def _row_marks(table: ScheduleTable, row: int) -> bool:
    return any(cell for cell in table.marks[row])


def _continues(previous: ScheduleTable, table: ScheduleTable) -> bool:
    """A grid on the next page with the same column widths continues the schedule (in the same
    place, or moved from the right column of a two-column page to the left one)."""
    if len(previous.grid.cols) != len(table.grid.cols) or table.page != previous.page + 1:
        return False
    shift = table.grid.cols[0][0] - previous.grid.cols[0][0]  # right column to left in a two-column page
    return all(
        abs(a[0] + shift - b[0]) <= 3 and abs(a[1] + shift - b[1]) <= 3
        for a, b in zip(previous.grid.cols, table.grid.cols, strict=True)
    )


def _header_index(table: ScheduleTable, previous: ScheduleTable | None) -> int | None:
    """Row 0 is a header when it carries no marks (or repeats the previous page's header)."""
    if not table.text or _row_marks(table, 0):
        return None
    if previous is not None:
        first = previous.text[0] if previous.text else ()
        return 0 if table.text[0] == first else None
    return 0 if any(table.text[0]) else None


def _check_column(table: ScheduleTable, body: list[int], names: tuple[str, ...]) -> int | None:
    """The one column made only of marks; two such columns are a matrix unless Yes/No."""
    candidates = []
    for c in range(len(table.grid.cols)):
        marked = [r for r in body if table.marks[r][c]]
        other = [r for r in body if table.text[r][c] and not table.marks[r][c]]
        boxes = [r for r in marked if table.marks[r][c][0].style != MarkStyle.LETTER]
        letters_ok = len(marked) - len(boxes) >= 2 or (marked and _check_header(names, c))
        if marked and len(other) <= len(body) // 10 and (len(boxes) >= 2 or letters_ok):
            candidates.append(c)
    if len(candidates) == 1:
        return candidates[0]
    yes = [c for c in candidates if c < len(names) and re.search(r"\byes\b", names[c], re.I)]
    return yes[0] if len(candidates) == 2 and len(yes) == 1 else None


def _check_header(names: tuple[str, ...], column: int) -> bool:
    name = names[column] if column < len(names) else ""
    return bool(re.search(r"\b(check|x|yes|provided|used|collected|shared|included|applies)\b", name, re.I))


def _label_column(table: ScheduleTable, body: list[int], names: tuple[str, ...], check: int) -> int | None:
    """The element column: named "element", else the text column with most distinct values."""
    columns = [c for c in range(len(table.grid.cols)) if c != check and any(table.text[r][c] for r in body)]
    named = [c for c in columns if c < len(names) and ELEMENT_HEADER.search(names[c])]
    if named:
        return max(named, key=lambda c: bool(re.search(r"\belements?\b", names[c], re.I)))
    columns = [c for c in columns if not (c < len(names) and NOTE_HEADER.search(names[c]))]
    if not columns:
        return None
    distinct = {c: len({table.text[r][c] for r in body if table.text[r][c]}) for c in columns}
    before = [c for c in columns if c < check] or columns
    return max(before, key=lambda c: (distinct[c], c))


def _is_schedule(table: ScheduleTable, body: list[int], names: tuple[str, ...], label: int) -> bool:
    labels = [table.text[r][label] for r in body]
    return looks_like_data_schedule(" ".join(names), table.context, labels)


def _cell_rows(
    table: ScheduleTable, body: list[int], names: tuple[str, ...]
) -> tuple[list[ScheduleRow], str] | None:
    """A grid of boxed labels: (nearly) every filled cell holds one mark and the element it marks,
    in several columns (the header names categories, not a check column)."""
    filled = [
        (r, c) for r in body for c in range(len(table.grid.cols)) if table.text[r][c] or table.marks[r][c]
    ]
    boxed = [
        (r, c, label)
        for r, c in filled
        if len(table.marks[r][c]) == 1 and (label := _label_text(table.text[r][c]))
    ]
    if len(table.grid.cols) < 2 or len(boxed) < 4 or len(boxed) < 0.9 * len(filled):
        return None
    if not looks_like_data_schedule(" ".join(names), table.context, [label for _, _, label in boxed]):
        return None
    rows = [
        ScheduleRow(label, table.marks[r][c][0].checked, PageBox(table.page, box))
        for r, c, label in boxed
        if (box := table.boxes[r][c]) is not None
    ]
    styles = Counter(table.marks[r][c][0].style.value for r, c, _ in boxed)
    return rows, styles.most_common(1)[0][0]


def _label_text(cell: str) -> str:
    """A cell's text without the check-box glyph drawn in it."""
    return _PRIVATE_USE.sub("", cell).strip(_BOX_GLYPHS + " ")


def _plain_rows(
    table: ScheduleTable, body: list[int], names: tuple[str, ...]
) -> tuple[list[ScheduleRow], str] | None:
    """A table with no check column lists provided elements only when its header says so."""
    named = sorted(
        (c for c, name in enumerate(names) if ELEMENT_HEADER.search(name)),
        key=lambda c: not re.search(r"\belements?\b", names[c], re.I),
    ) or _field_column(table, body, names)
    if not named or len(body) < 2 or negative_header(" ".join(names)):
        return None
    if any(_check_header(names, c) for c in range(len(names)) if c not in named):
        return None  # a check column whose marks were not read (a poor scan): not every row is provided
    rows = [
        ScheduleRow(table.text[r][named[0]], True, PageBox(table.page, box))
        for r in body
        if table.text[r][named[0]] and (box := table.boxes[r][named[0]]) is not None
    ]
    return rows, "table"


# A column titled by what each row is ("Field", "Variable", "Data item"); it lists data only when
# the sentence above the table says the data is these rows ("only the fields listed below").
_ROW_NOUN = re.compile(r"^\s*(?:data\s+)?(?:fields?|variables?|items?|attributes?)\s*$", re.I)
_LISTED_DATA = re.compile(
    r"\b(?:fields?|variables?|data|information|elements?)\b[^.:]{0,60}?"
    r"\b(?:listed|set out|set forth|shown|described|identified)\s+(?:below|in the (?:following )?table)"
    r"|\bthe following\s+(?:fields?|variables?|data|information|elements?)\b",
    re.I,
)


def _field_column(table: ScheduleTable, body: list[int], names: tuple[str, ...]) -> list[int]:
    """The first column, when its title names the rows as fields and the text above the table
    introduces them as the data provided, and most rows read like student data."""
    if not names or not _ROW_NOUN.match(names[0]) or not _LISTED_DATA.search(table.context):
        return []
    labels = [table.text[r][0] for r in body if table.text[r][0]]
    return [0] if element_share(labels) >= 0.4 else []
