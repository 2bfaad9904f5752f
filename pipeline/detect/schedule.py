"""The checked data elements of a "schedule of data" (105 ILCS 85/15(4)(A)).

Checkbox grids come drawn four ways (vector boxes with an X, check-box glyphs, an "X"
letter in a column, real AcroForm check boxes); ``checkboxes`` turns each into ``Mark``s
and ruled ``Grid``s, and this module decides which grid is the data schedule, which
column holds the check marks and which the element names, and reads the checked rows.
A grid whose every cell holds its own box and label ("[x] Grade level" in several columns under
category headers) is read cell by cell. Only checked rows count; a table with no check column
counts only when its header says it lists data elements. Anything that does not look like a
data schedule gives an empty result rather than a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from pipeline.detect.checkboxes import (
    CHECKED_GLYPHS,
    LETTER_CHECKED,
    LETTER_UNCHECKED,
    UNCHECKED_GLYPHS,
    Grid,
    Mark,
    MarkStyle,
    PageWord,
    box_marks,
    centre_in,
    find_grids,
    letter_marks,
    page_words,
    words_of,
)
from pipeline.detect.scan_grid import scan_grids
from pipeline.geometry import merge
from pipeline.types import BBox, Page, PageBox, SegmentedDocument

# Header words naming the element column, a free-text column, or a grid that is not a
# data schedule at all (security frameworks, responsibilities, options, prices).
ELEMENT_HEADER = re.compile(
    r"\belements?\b|\bdata\s+(fields?|types?|items?)\b|\bcategor(y|ies)\s+of\s+(data|information|records)\b",
    re.I,
)
NOTE_HEADER = re.compile(
    r"\b(source|notes?|comments?|purpose|reason|explanation|location|retention|specify)\b", re.I
)
_NEGATIVE = re.compile(
    r"\b(frameworks?|tasks?|responsibilit\w*|methods?|options?|renewal|price|fees?|amount|qty|quantity|"
    r"disposition|subprocessors?|service providers?|priority)\b",
    re.I,
)
_DATA_WORDS = re.compile(
    r"\b(data|elements?|information|categor(y|ies)|records?|fields?|pii|collected)\b", re.I
)
# Nouns typical of student data elements; used to judge a grid's row labels.
_ELEMENT_NOUNS = re.compile(
    r"\b(names?|id|identifiers?|numbers?|grades?|e-?mail|address(es)?|phone|birth|gender|race|ethnicity|"
    r"language|enrollment|attendance|assessments?|scores?|usernames?|passwords?|ip|devices?|parents?|"
    r"guardians?|teachers?|schools?|courses?|schedules?|disabilit\w*|iep|504|health|medical|photo\w*|"
    r"biometric|location|geolocation|log-?in|cookies|browser|demographics?|behavior\w*|discipline|"
    r"transcripts?|students?|messages?|recordings?|metadata|responses|work)\b",
    re.I,
)

# Drawn in a cell's text by glyph-style check boxes; not part of the label beside them.
_BOX_GLYPHS = "".join(CHECKED_GLYPHS | UNCHECKED_GLYPHS)
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")  # symbol-font check boxes


def is_header_label(text: str) -> bool:
    """A row label that is only a column title ("Elements", "Data Elements", "Category of Data"):
    a wrapped header cell read as a row, never an element a district shares."""
    return bool(text) and ELEMENT_HEADER.sub("", text).strip(" :-/&") in ("", "data", "Data")


def negative_header(text: str) -> bool:
    """True when a header or caption names something other than data elements."""
    return bool(_NEGATIVE.search(text))


def element_share(labels: list[str]) -> float:
    """The share of ``labels`` that name student data (a name, an ID, a grade, scores ...)."""
    return sum(1 for label in labels if _ELEMENT_NOUNS.search(label)) / len(labels) if labels else 0.0


def looks_like_data_schedule(header: str, context: str, labels: list[str]) -> bool:
    """A grid is a data schedule when its header (or caption) talks about data and its rows
    read like data elements (short noun phrases naming student data), and nothing says otherwise."""
    if negative_header(header) or not labels:
        return False
    nouns = element_share(labels)
    if _DATA_WORDS.search(header):
        return nouns >= 0.2
    return bool(_DATA_WORDS.search(context)) and not negative_header(context) and nouns >= 0.4


def cell_text(words: list[PageWord]) -> str:
    """Words of a cell joined line by line; a line ending in a hyphen joins without a space."""
    out = ""
    last_key: tuple[int, int] | None = None
    for word in words:
        if not out:
            out = word.text
        elif word.line_key != last_key and out.endswith("-"):
            out += word.text
        else:
            out += " " + word.text
        last_key = word.line_key
    return " ".join(out.split())


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    """One row of a data schedule: its element text, check state and where it is drawn."""

    text: str
    checked: bool
    evidence: PageBox


@dataclass(frozen=True, slots=True)
class DataSchedule:
    """The data elements of a schedule of data: checked ones, unchecked ones, and where."""

    elements: tuple[str, ...] = ()
    unchecked: tuple[str, ...] = ()
    evidence: tuple[PageBox, ...] = ()
    style: str = ""  # vector | glyph | letter | acroform | table | list | "" (none found)
    pages: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class _Table:
    """A ruled grid read into cells: text, word boxes and marks per (row, column)."""

    page: int
    grid: Grid
    text: tuple[tuple[str, ...], ...]
    boxes: tuple[tuple[BBox | None, ...], ...]
    marks: tuple[tuple[tuple[Mark, ...], ...], ...]
    context: str  # text just above the table (its caption or introducing sentence)


def extract_data_elements(pdf_path: str | Path, segmented: SegmentedDocument | None = None) -> DataSchedule:
    """Read the checked elements of every data-schedule grid in the PDF.

    ``segmented`` (optional) adds the section headings of each page to the context used
    to tell a data schedule from other checkbox grids, and gives the words parse already
    read, so the PDF is opened only for what the text layer lacks (drawings, form fields,
    check-box glyphs, scanned images), and only on pages that can hold a data schedule.
    """
    headings = _page_headings(segmented)
    parsed = {p.number: p for p in segmented.parsed.pages} if segmented is not None else {}
    rows: list[ScheduleRow] = []
    styles: Counter[str] = Counter()
    with pymupdf.open(str(pdf_path)) as doc:
        previous: _Table | None = None
        for page in doc:
            number = page.number + 1
            previous = _read_page(page, parsed.get(number), headings.get(number, ""), previous, rows, styles)
    return _schedule(rows, styles)


def _read_page(
    page: pymupdf.Page,
    known: Page | None,
    heading: str,
    previous: _Table | None,
    rows: list[ScheduleRow],
    styles: Counter[str],
) -> _Table | None:
    """Add the schedule rows of one page to ``rows``; the last schedule table read so far."""
    number = page.number + 1
    continued = previous is not None and previous.page == number - 1
    text = _page_text(page, known)
    if not continued and not _may_hold_schedule(text, heading):
        return previous
    words, grids, marks = _page_parts(page, known, text)
    for table in _tables(number, grids, words, marks, heading):
        found = _read_table(table, previous)
        if found is not None:
            rows.extend(found[0])
            styles[found[1]] += len(found[0])
            previous = table
    in_grid = [m for m in marks if not any(centre_in(m.bbox, g.bbox) for g in grids)]
    listed = list_rows(number, in_grid, words, heading)
    rows.extend(listed)
    styles["list"] += len(listed)
    return previous


def _page_text(page: pymupdf.Page, known: Page | None) -> str:
    """Every word of the page, whitespace-separated (for a scanned page, all its OCR words)."""
    if known is None:
        return " ".join(w.text for w in page_words(page))
    running = " ".join(line.text for line in known.header_footer)
    return f"{known.text}\n{running}"


def _may_hold_schedule(page_text: str, heading: str) -> bool:
    """False when no table or list of the page can pass ``looks_like_data_schedule``: that needs a
    data word in a header cell or in the heading and words above; cells and captions are made of
    whole page words, and every data word is one word, so a page without one can be skipped (a
    table continued from the page before is read regardless)."""
    return bool(_DATA_WORDS.search(heading) or _DATA_WORDS.search(page_text))


def _page_parts(
    page: pymupdf.Page, known: Page | None, text: str
) -> tuple[list[PageWord], list[Grid], list[Mark]]:
    """Words, ruled grids and marks of a page: from its text layer and paths, or, for a page read
    by OCR, from the OCR words and the page image. Without a grid or a mark nothing on the page
    is read, so its words are not gathered."""
    if known is not None and known.ocr_applied:
        found = scan_grids(page, known)
        return list(found.words), list(found.grids), list(found.marks)
    drawings = page.get_drawings()
    grids, marks = find_grids(drawings), box_marks(page, drawings, text)
    return (words_of(page, known) if grids or marks else []), grids, marks


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


def _page_headings(segmented: SegmentedDocument | None) -> dict[int, str]:
    if segmented is None:
        return {}
    found: dict[int, list[str]] = {}
    for clause in segmented.clauses:
        for page in clause.pages:
            found.setdefault(page, []).extend(h for h in (clause.heading, *clause.section_path) if h)
    return {page: " ".join(dict.fromkeys(items)) for page, items in found.items()}


def _tables(
    page: int, grids: list[Grid], words: list[PageWord], marks: list[Mark], heading: str
) -> list[_Table]:
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
        tables.append(_Table(page, grid, tuple(texts), tuple(boxes), tuple(cell_marks), context))
    return tables


def _letters(cell_words: list[PageWord]) -> tuple[Mark, ...]:
    """A cell whose whole text is one letter value ("X", "Yes", "No") is a letter mark."""
    joined = " ".join(w.text for w in cell_words).strip().lower()
    if joined in LETTER_CHECKED or joined in LETTER_UNCHECKED:
        return tuple(letter_marks(cell_words[:1]))
    return ()


def _read_table(table: _Table, previous: _Table | None) -> tuple[list[ScheduleRow], str] | None:
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


def _row_marks(table: _Table, row: int) -> bool:
    return any(cell for cell in table.marks[row])


def _continues(previous: _Table, table: _Table) -> bool:
    """A grid on the next page with the same column widths continues the schedule (in the same
    place, or moved from the right column of a two-column page to the left one)."""
    if len(previous.grid.cols) != len(table.grid.cols) or table.page != previous.page + 1:
        return False
    shift = table.grid.cols[0][0] - previous.grid.cols[0][0]  # right column to left in a two-column page
    return all(
        abs(a[0] + shift - b[0]) <= 3 and abs(a[1] + shift - b[1]) <= 3
        for a, b in zip(previous.grid.cols, table.grid.cols, strict=True)
    )


def _header_index(table: _Table, previous: _Table | None) -> int | None:
    """Row 0 is a header when it carries no marks (or repeats the previous page's header)."""
    if not table.text or _row_marks(table, 0):
        return None
    if previous is not None:
        first = previous.text[0] if previous.text else ()
        return 0 if table.text[0] == first else None
    return 0 if any(table.text[0]) else None


def _check_column(table: _Table, body: list[int], names: tuple[str, ...]) -> int | None:
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


def _label_column(table: _Table, body: list[int], names: tuple[str, ...], check: int) -> int | None:
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


def _is_schedule(table: _Table, body: list[int], names: tuple[str, ...], label: int) -> bool:
    labels = [table.text[r][label] for r in body]
    return looks_like_data_schedule(" ".join(names), table.context, labels)


def _cell_rows(
    table: _Table, body: list[int], names: tuple[str, ...]
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
    table: _Table, body: list[int], names: tuple[str, ...]
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


def _field_column(table: _Table, body: list[int], names: tuple[str, ...]) -> list[int]:
    """The first column, when its title names the rows as fields and the text above the table
    introduces them as the data provided, and most rows read like student data."""
    if not names or not _ROW_NOUN.match(names[0]) or not _LISTED_DATA.search(table.context):
        return []
    labels = [table.text[r][0] for r in body if table.text[r][0]]
    return [0] if element_share(labels) >= 0.4 else []


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
