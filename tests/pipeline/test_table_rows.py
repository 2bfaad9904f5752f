"""Tables whose cells wrap over several lines are read row by row, cell by cell.

Written from how privacy addenda are drafted as tables: a "Requirement | Provider commitment" grid
whose right-hand cells are whole paragraphs, a subcontractor schedule (Name | Purpose | Location), a
bold header row, rows carried over a page break. Each body row must come out as one clause with its
sentences whole, and what a right-hand cell says (a breach period, a security standard, a deletion
duty) must be detected through the real parse -> segment -> detect -> judge.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from pipeline.findings import RequirementId, Verdict
from pipeline.parse import parse
from pipeline.run import check_pdf
from pipeline.segment import boxes_for_span, segment
from pipeline.types import Clause, ClauseKind

_SIZE, _LEAD = 10.0, 12.0
_X0, _X1 = 72.0, 540.0
_PAD = 4.0

BREACH = (
    "The Provider will notify the District in writing within thirty (30) calendar days after it "
    "determines that a breach of covered information has occurred, and the notice will state the date "
    "of the breach and the categories of covered information involved."
)
SECURITY = (
    "The Provider maintains reasonable security procedures and practices that meet or exceed industry "
    "standards, including an annual SOC 2 Type 2 examination by an independent auditor and an "
    "information security program certified to ISO/IEC 27001."
)
RETURN = (
    "When covered information is no longer needed for the purposes of the agreement, the Provider will "
    "delete it or return it to the District, as the District directs, within sixty (60) days."
)
THIRD = (
    "The Provider discloses covered information only to the subcontractors listed in the table below, "
    "each of which is bound in writing to protect it."
)
ROWS = [
    ("Breach notification to the District (Sec. 15(5))", BREACH),
    ("Reasonable security procedures and practices (Sec. 15(1))", SECURITY),
    ("Return or deletion when no longer needed (Sec. 15(4)(E))", RETURN),
    ("Third parties", THIRD),
]
SUBCONTRACTORS = [
    ("Subcontractor", "Purpose", "Location"),
    ("Granitepeak Hosting, Inc.", "Cloud hosting, database storage and encrypted backups", "Columbus, Ohio"),
    (
        "Relaypost Messaging LLC",
        "Delivery of notification emails to teachers and parents",
        "Atlanta, Georgia",
    ),
]


def _wrap(text: str, width: float, font: str) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and pymupdf.get_text_length(trial, fontname=font, fontsize=_SIZE) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


class _Writer:
    """Draws a small agreement: paragraphs and tables (ruled or not), turning pages as they fill."""

    def __init__(self, *, ruled: bool) -> None:
        self.doc = pymupdf.open()
        self.ruled = ruled
        self.page = self.doc.new_page(width=612, height=792)
        self.y = 72.0

    def text(self, text: str, font: str = "helv") -> None:
        for line in _wrap(text, _X1 - _X0, font):
            self.page.insert_text((_X0, self.y + _SIZE), line, fontname=font, fontsize=_SIZE)
            self.y += _LEAD
        self.y += _LEAD

    def table(self, rows: list[tuple[str, ...]], widths: tuple[float, ...], *, split_at: int = 0) -> None:
        """The rows, the first one bold (the header); ``split_at`` lines into the last row, a page break."""
        edges = [_X0]
        for w in widths:
            edges.append(edges[-1] + w)
        for index, row in enumerate(rows):
            font = "hebo" if index == 0 else "helv"
            cells = [_wrap(cell, w - 2 * _PAD, font) for cell, w in zip(row, widths, strict=True)]
            if split_at and index == len(rows) - 1:
                self._row([c[:split_at] for c in cells], edges, font)
                self._turn(rows[0], widths, edges)
                self._row([c[split_at:] for c in cells], edges, font)
                continue
            self._row(cells, edges, font)
        self.y += _LEAD

    def _turn(self, header: tuple[str, ...], widths: tuple[float, ...], edges: list[float]) -> None:
        self.page = self.doc.new_page(width=612, height=792)
        self.y = 72.0
        self._row(
            [_wrap(c, w - 2 * _PAD, "hebo") for c, w in zip(header, widths, strict=True)], edges, "hebo"
        )

    def _row(self, cells: list[list[str]], edges: list[float], font: str) -> None:
        height = max(len(c) for c in cells) * _LEAD + 2 * _PAD
        top = self.y
        for cell, x in zip(cells, edges, strict=False):
            for i, line in enumerate(cell):
                self.page.insert_text(
                    (x + _PAD, top + _PAD + _SIZE + i * _LEAD), line, fontname=font, fontsize=_SIZE
                )
        if self.ruled:
            for x in edges:
                self.page.draw_line((x, top), (x, top + height), width=0.5)
            self.page.draw_line((edges[0], top), (edges[-1], top), width=0.5)
            self.page.draw_line((edges[0], top + height), (edges[-1], top + height), width=0.5)
        self.y = top + height

    def save(self, path: Path) -> Path:
        self.doc.save(path)
        return path


def _addendum(path: Path, *, ruled: bool = True, split_last: bool = False) -> Path:
    writer = _Writer(ruled=ruled)
    writer.text("Student Data Privacy Addendum", font="hebo")
    writer.text(
        "This Addendum is between Example Learning, Inc., a Delaware corporation, and the Board of "
        "Education of Example School District 12. It applies to covered information under the Illinois "
        "Student Online Personal Protection Act."
    )
    rows = [("Requirement", "Provider commitment"), *ROWS]
    if split_last:
        writer.y = 560.0  # the table runs into the page's end
    writer.table(rows, (160.0, 308.0), split_at=2 if split_last else 0)
    writer.text("Schedule 1: Subcontractors", font="hebo")
    writer.table(SUBCONTRACTORS, (150.0, 200.0, 118.0))
    return writer.save(path)


def _clauses(path: Path) -> list[Clause]:
    return list(segment(parse(path, sha256="0" * 64, ocr=False)).clauses)


def _row_clause(clauses: list[Clause], lead: str) -> Clause:
    (clause,) = [c for c in clauses if c.heading == lead]
    return clause


@pytest.mark.parametrize(("ruled", "split_last"), [(True, False), (True, True), (False, False)])
def test_each_row_of_a_requirement_table_is_one_clause_with_whole_sentences(
    tmp_path: Path, ruled: bool, split_last: bool
) -> None:
    clauses = _clauses(_addendum(tmp_path / "addendum.pdf", ruled=ruled, split_last=split_last))
    for lead, commitment in ROWS:
        clause = _row_clause(clauses, lead)
        assert clause.kind is ClauseKind.CLAUSE
        assert clause.text == f"{lead}. {commitment}"
    assert not any("Requirement Provider commitment" in c.text and c.heading in dict(ROWS) for c in clauses)


def test_a_row_carried_over_a_page_break_is_highlighted_on_both_pages(tmp_path: Path) -> None:
    clause = _row_clause(_clauses(_addendum(tmp_path / "split.pdf", split_last=True)), "Third parties")
    start = clause.text.index("The Provider discloses")
    boxes = boxes_for_span(clause, start, len(clause.text))
    assert {b.page for b in boxes} == {1, 2}
    assert all(b.bbox.x0 >= _X0 + 160.0 for b in boxes)  # only the right-hand cell is highlighted


def test_each_subcontractor_row_is_one_table_clause_cell_by_cell(tmp_path: Path) -> None:
    clauses = _clauses(_addendum(tmp_path / "subs.pdf"))
    rows = [c for c in clauses if c.kind is ClauseKind.TABLE]
    assert [c.text for c in rows] == [" ".join(row) for row in SUBCONTRACTORS[1:]]


@pytest.mark.parametrize(("ruled", "split_last"), [(True, False), (True, True), (False, False)])
def test_what_the_right_hand_cells_say_is_detected(tmp_path: Path, ruled: bool, split_last: bool) -> None:
    results = check_pdf(_addendum(tmp_path / "check.pdf", ruled=ruled, split_last=split_last)).results
    breach = results[RequirementId.BREACH_NOTICE]
    assert (breach.values["period"], breach.values["unit"]) == (30, "calendar_days")
    assert breach.verdict == Verdict.FOUND
    assert "thirty (30) calendar days" in " ".join(e.text for e in breach.evidence)
    standards = " ".join(results[RequirementId.REASONABLE_SECURITY].values["standards"])
    assert "SOC 2" in standards and "27001" in standards
    assert results[RequirementId.RETURN_OR_DELETE].verdict == Verdict.FOUND
    names = " ".join(results[RequirementId.THIRD_PARTIES].values.get("names") or [])
    assert "Granitepeak Hosting" in names and "Relaypost Messaging" in names


def test_evidence_from_a_cell_is_boxed_inside_that_cell(tmp_path: Path) -> None:
    results = check_pdf(_addendum(tmp_path / "boxes.pdf")).results
    evidence = results[RequirementId.BREACH_NOTICE].evidence[0]
    assert evidence.bbox.x0 >= _X0 + 160.0  # the right-hand cell, not the row's label


def test_a_page_without_tables_is_laid_out_as_before(tmp_path: Path) -> None:
    writer = _Writer(ruled=True)
    writer.text("Data Privacy Terms", font="hebo")
    for _, commitment in ROWS:
        writer.text(commitment)
    writer.page.draw_line((_X0, 700), (_X1, 700), width=0.5)  # a lone rule is no table
    clauses = _clauses(writer.save(tmp_path / "plain.pdf"))
    assert [c.text for c in clauses[1:]] == [commitment for _, commitment in ROWS]
    assert all(c.kind is ClauseKind.CLAUSE and c.heading is None for c in clauses[1:])


def test_aligned_text_that_is_no_table_is_left_as_it_was(tmp_path: Path) -> None:
    """Hanging-indented list items and signature blocks side by side align like columns (and wrap) but
    are read line by line, as before."""
    writer = _Writer(ruled=False)
    writer.text("Termination", font="hebo")
    items = [
        (
            "(a)",
            "the other party fails to pay any amount due under this agreement within thirty days after "
            "receiving written notice that the amount is overdue;",
        ),
        (
            "(b)",
            "the other party commits a material breach of any term of this agreement and does not cure "
            "the breach within the time this agreement allows;",
        ),
        (
            "(c)",
            "the other party becomes insolvent, makes an assignment for the benefit of its creditors or has "
            "a receiver appointed over its assets.",
        ),
    ]
    writer.table([("", ""), *items], (40.0, 428.0))
    writer.page, writer.y = writer.doc.new_page(width=612, height=792), 72.0  # its own page: own columns
    writer.table(
        [
            ("", ""),
            (
                "By: Jane Doe, Superintendent of Schools, Example School District 12",
                "By: John Roe, Chief Executive Officer, Example Learning, Incorporated",
            ),
            ("Dated: May 1, 2025", "Dated: May 2, 2025"),
        ],
        (234.0, 234.0),
    )
    clauses = _clauses(writer.save(tmp_path / "aligned.pdf"))
    for marker, text in items:
        assert any(c.text == f"{marker} {text}" and c.heading != marker for c in clauses)
    assert any(c.kind is ClauseKind.SIGNATURE for c in clauses)
