"""Signature tables: a header row naming the columns ("Party | Name | Title | Date"), one row per party."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.detect.executions import Execution, Segment, cut_line, optional, strip_label
from pipeline.detect.signature_blocks import parse_date
from pipeline.geometry import merge
from pipeline.signature_grammar import (
    PERSON,
    TABLE_DATE_HEADING,
    TABLE_NAME_HEADING,
    TABLE_PARTY_HEADING,
    TABLE_TITLE_HEADING,
)
from pipeline.types import Line, PageBox, SegmentedDocument, Word


def signature_tables(segmented: SegmentedDocument) -> Iterator[Execution]:
    for page in segmented.parsed.pages:
        lines = sorted(page.lines, key=lambda ln: (ln.bbox.top, ln.bbox.x0))
        for index, line in enumerate(lines):
            if not _may_head_table(line):
                continue
            header = cut_line(line, page.number)
            roles = [_column_role(s.text) for s in header]
            if "name" in roles and "date" in roles and len(header) >= 3:
                yield from _table_rows(lines[index + 1 :], header, roles, page.number)


_HEADER_WORDS = frozenset({"date", "signed", "name", "signer", "signatory"})


_DATE_WORDS = frozenset({"date", "date:", "Date", "Date:", "DATE", "DATE:"})


def _may_head_table(line: Line) -> bool:
    """A cheap first look: a header row prints a date column and a name column as short words."""
    if not any(w.text in _DATE_WORDS for w in line.words):
        return False
    words = {w.text.strip(" :").lower() for w in line.words if len(w.text) <= 11}
    return bool(words & (_HEADER_WORDS - {"date"}))


def _column_role(text: str) -> str:
    text = text.strip(" :")
    for role, pattern in (
        ("name", TABLE_NAME_HEADING),
        ("date", TABLE_DATE_HEADING),
        ("title", TABLE_TITLE_HEADING),
        ("party", TABLE_PARTY_HEADING),
    ):
        if pattern.match(text):
            return role
    return "other"


def _table_rows(lines: list[Line], header: list[Segment], roles: list[str], page: int) -> Iterator[Execution]:
    """Rows under the header, each cell put in the column whose heading it starts under; a line with
    no name and no date continues the row above (a wrapped party or title)."""
    starts = [s.bbox.x0 for s in header]
    rows: list[dict[str, list[Segment]]] = []
    bottom = header[0].bbox.bottom
    for line in lines:
        if line.bbox.top - bottom > 40:
            break
        cells: dict[str, list[Segment]] = {}
        for role, words in _cells(line, starts, roles):
            cells.setdefault(role, []).append(
                Segment(page, merge(w.bbox for w in words), " ".join(w.text for w in words))
            )
        if rows and not ({"name", "date"} & cells.keys()):
            for role, segs in cells.items():
                rows[-1].setdefault(role, []).extend(segs)
        else:
            rows.append(cells)
        bottom = line.bbox.bottom
    for cells in rows:
        yield from optional(_row_execution(cells))


def _cells(line: Line, starts: list[float], roles: list[str]) -> list[tuple[str, list[Word]]]:
    """The words of a row under the heading each starts under (a cell may run close to the next)."""
    cells: dict[int, list[Word]] = {}
    for word in line.words:
        column = max((i for i, x in enumerate(starts) if x <= word.bbox.x0 + 6), default=0)
        cells.setdefault(column, []).append(word)
    return [(roles[i], words) for i, words in sorted(cells.items())]


def _row_execution(cells: dict[str, list[Segment]]) -> Execution | None:
    def text(role: str) -> str:
        return strip_label(" ".join(s.text for s in cells.get(role, [])))

    name = text("name")
    if not PERSON.match(name):
        return None
    party = text("party") or text("other")
    date = parse_date(text("date"))
    used = [s for role in ("party", "name", "title", "date") for s in cells.get(role, [])]
    return Execution(party, name, text("title") or None, date, tuple(PageBox(s.page, s.bbox) for s in used))
