"""Check boxes outside any ruled grid, stacked in a column with a short label each: a data schedule
drawn as a list."""

from __future__ import annotations

from pipeline.detect.checkboxes import Mark, MarkStyle, PageWord, cell_text
from pipeline.detect.schedule_grid import ScheduleRow
from pipeline.detect.schedule_terms import looks_like_data_schedule
from pipeline.geometry import merge
from pipeline.types import PageBox


def list_rows(page: int, marks: list[Mark], words: list[PageWord], heading: str = "") -> list[ScheduleRow]:
    """Check boxes outside any ruled grid, stacked in a column, each followed by a short label.

    Such a list is a data schedule only when its labels are short noun phrases naming
    student data and the text above it talks about data; option lists ("the method
    checked below", sentences after each box) are not.
    """
    rows: list[ScheduleRow] = []
    for column in _mark_columns([m for m in marks if m.style != MarkStyle.LETTER]):
        labelled = [(m, _mark_label(m, column, words)) for m in column]
        labels = [" ".join(w.text for w in ws) for _, ws in labelled]
        top = column[0].bbox.top
        above = " ".join(w.text for w in words if top - 90 <= w.bbox.bottom <= top + 1)
        if not _short_labels(labels) or not looks_like_data_schedule("", f"{heading} {above}", labels):
            continue
        for mark, label_words in labelled:
            if label_words:
                box = merge(w.bbox for w in label_words)
                rows.append(ScheduleRow(cell_text(label_words), mark.checked, PageBox(page, box)))
    return rows


def _mark_columns(marks: list[Mark]) -> list[list[Mark]]:
    columns: list[list[Mark]] = []
    for mark in sorted(marks, key=lambda m: (m.bbox.x0, m.bbox.top)):
        if columns and abs(columns[-1][0].bbox.x0 - mark.bbox.x0) <= 3:
            columns[-1].append(mark)
        else:
            columns.append([mark])
    return [sorted(c, key=lambda m: m.bbox.top) for c in columns if len(c) >= 2]


def _mark_label(mark: Mark, column: list[Mark], words: list[PageWord]) -> list[PageWord]:
    """Words right of the box on its line, plus wrapped lines indented like them."""
    below = [m.bbox.top for m in column if m.bbox.top > mark.bbox.bottom]
    limit = min(below, default=mark.bbox.bottom + 40)
    centre = (mark.bbox.top + mark.bbox.bottom) / 2
    first = [
        w for w in words if w.bbox.x0 >= mark.bbox.x1 - 1 and w.bbox.top - 3 <= centre <= w.bbox.bottom + 3
    ]
    first = [w for w in first if w.bbox.x0 - mark.bbox.x1 < 300]
    if not first:
        return []
    start, bottom = min(w.bbox.x0 for w in first), max(w.bbox.bottom for w in first)
    height = bottom - min(w.bbox.top for w in first)
    more = [
        w
        for w in words
        if w.bbox.top > bottom - 1
        and w.bbox.bottom < limit - 1
        and w.bbox.x0 >= start - 2
        and w.bbox.top - bottom < 1.5 * height
    ]
    return first + more


def _short_labels(labels: list[str]) -> bool:
    sizes = sorted(len(label.split()) for label in labels)
    sentences = sum(1 for label in labels if label.rstrip().endswith("."))
    return bool(sizes) and sizes[len(sizes) // 2] <= 12 and sentences * 2 < len(labels)
