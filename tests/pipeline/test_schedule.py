"""Schedule-of-data extraction: crafted checkbox grids of every style, and the labelled corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pymupdf
import pytest

from pipeline.detect.schedule import DataSchedule, extract_data_elements, is_header_label
from pipeline.parse import parse
from pipeline.segment import segment
from tests.conftest import CORPUS as SHARED_CORPUS

CORPUS = SHARED_CORPUS
GLYPH_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# Invented rows: (category, element, checked)
ROWS = [
    ("Identity", "Learner given and family name", True),
    ("Identity", "Locker combination", False),
    ("Enrollment", "Homeroom and grade band", True),
    ("Enrollment", "Bus pass barcode number", False),
    ("Usage", "Session length and device model", True),
]
CHECKED = [e for _, e, c in ROWS if c]
UNCHECKED = [e for _, e, c in ROWS if not c]
COLS = (72.0, 200.0, 460.0, 540.0)


def _norm(items) -> set[str]:
    return {" ".join(s.lower().split()) for s in items}


def _rule_table(page: pymupdf.Page, top: float, n_rows: int, height: float = 20.0, cols=COLS) -> list[float]:
    """Draw a ruled grid; return the row tops."""
    tops = [top + i * height for i in range(n_rows + 1)]
    for y in tops:
        page.draw_line((cols[0], y), (cols[-1], y), width=0.5)
    for x in cols:
        page.draw_line((x, tops[0]), (x, tops[-1]), width=0.5)
    return tops[:-1]


def _check_cell(page: pymupdf.Page, style: str, x: float, y: float, checked: bool, index: int) -> None:
    box = pymupdf.Rect(x, y + 5, x + 9, y + 14)
    if style == "vector":
        page.draw_rect(box, width=0.7)
        if checked:
            page.draw_line(box.tl + (1.5, 1.5), box.br - (1.5, 1.5), width=0.9)
            page.draw_line(box.bl + (1.5, -1.5), box.tr + (-1.5, 1.5), width=0.9)
    elif style == "glyph":
        page.insert_text(
            (x, y + 14), "☒" if checked else "☐", fontfile=str(GLYPH_FONT), fontname="djv", fontsize=11
        )
    elif style == "letter" and checked:
        page.insert_text((x, y + 14), "X", fontname="hebo", fontsize=10)
    elif style == "acroform":
        page.draw_rect(box, width=0.7)
        widget = pymupdf.Widget()
        widget.field_type = pymupdf.PDF_WIDGET_TYPE_CHECKBOX
        widget.field_name = f"box{page.number}_{index}"
        widget.rect = box
        widget.field_value = checked
        page.add_widget(widget)


def _schedule_page(page: pymupdf.Page, rows, style: str, top: float = 120.0, header: bool = True) -> None:
    page.insert_text((72, top - 30), "Attachment 2 - Categories of pupil data shared", fontsize=12)
    all_rows = ([("Category", "Data element", None)] if header else []) + list(rows)
    tops = _rule_table(page, top, len(all_rows))
    for i, (y, (category, element, checked)) in enumerate(zip(tops, all_rows, strict=True)):
        page.insert_text((COLS[0] + 4, y + 14), category, fontsize=10)
        page.insert_text((COLS[1] + 4, y + 14), element, fontsize=10)
        if checked is None:
            page.insert_text((COLS[2] + 4, y + 14), "Shared", fontsize=10)
        else:
            _check_cell(page, style, COLS[2] + 30, y, checked, i)


def _schedule(path: Path) -> DataSchedule:
    """The schedule detection reads from the parsed document (the file's text layer only)."""
    return extract_data_elements(segment(parse(path, ocr=False)))


def _pdf(tmp_path: Path, build, name: str = "grid.pdf") -> Path:
    doc = pymupdf.open()
    build(doc)
    path = tmp_path / name
    doc.save(path)
    return path


@pytest.mark.parametrize("style", ["vector", "glyph", "letter", "acroform"])
def test_each_checkbox_style_returns_only_checked_rows(tmp_path: Path, style: str) -> None:
    path = _pdf(tmp_path, lambda doc: _schedule_page(doc.new_page(), ROWS, style))
    result = _schedule(path)
    assert list(result.elements) == CHECKED
    assert _norm(result.unchecked) == _norm(UNCHECKED)
    assert result.style == style
    assert result.pages == (1,)
    assert len(result.evidence) == len(CHECKED) and all(e.page == 1 for e in result.evidence)


def test_evidence_boxes_sit_in_the_element_column(tmp_path: Path) -> None:
    path = _pdf(tmp_path, lambda doc: _schedule_page(doc.new_page(), ROWS, "vector"))
    result = _schedule(path)
    assert all(COLS[1] <= e.bbox.x0 and e.bbox.x1 <= COLS[2] for e in result.evidence)
    assert [round(e.bbox.top) for e in result.evidence] == sorted(round(e.bbox.top) for e in result.evidence)


def test_grid_continued_on_next_page_without_header(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        _schedule_page(doc.new_page(), ROWS[:3], "vector")
        page = doc.new_page()
        tops = _rule_table(page, 72.0, 2)
        for i, (y, (cat, element, checked)) in enumerate(zip(tops, ROWS[3:], strict=True)):
            page.insert_text((COLS[0] + 4, y + 14), cat, fontsize=10)
            page.insert_text((COLS[1] + 4, y + 14), element, fontsize=10)
            _check_cell(page, "vector", COLS[2] + 30, y, checked, i)

    result = _schedule(_pdf(tmp_path, build))
    assert list(result.elements) == CHECKED
    assert result.pages == (1, 2)


def test_wrapped_element_cell_is_one_element(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = doc.new_page()
        page.insert_text((72, 90), "Schedule of data: the information the school provides", fontsize=11)
        tops = _rule_table(page, 120.0, 3, height=44.0)
        cells = [
            ("Category", "Data element", None),
            ("Health", "Allergy notes entered by the school nurse for field trips and cafeteria", True),
            ("Health", "Immunization dates", False),
        ]
        for i, (y, (cat, element, checked)) in enumerate(zip(tops, cells, strict=True)):
            page.insert_text((COLS[0] + 4, y + 14), cat, fontsize=10)
            assert (
                page.insert_textbox(
                    pymupdf.Rect(COLS[1] + 4, y + 2, COLS[2] - 4, y + 42), element, fontsize=10
                )
                >= 0
            )
            if checked is not None:
                _check_cell(page, "glyph", COLS[2] + 30, y, checked, i)

    result = _schedule(_pdf(tmp_path, build))
    assert result.elements == ("Allergy notes entered by the school nurse for field trips and cafeteria",)
    assert result.unchecked == ("Immunization dates",)


def test_option_paragraphs_with_boxes_are_not_a_schedule(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = doc.new_page()
        page.insert_text(
            (72, 90), "4.2 Delivery method. The school will send its files by the method checked below:"
        )
        for i, (text, checked) in enumerate(
            [
                ("Nightly upload over a secure channel from the student information system.", True),
                ("Manual upload of a spreadsheet by the registrar each week of the term.", False),
            ]
        ):
            _check_cell(page, "vector", 72, 100 + 30 * i, checked, i)
            page.insert_text((90, 114 + 30 * i), text, fontsize=10)

    assert _schedule(_pdf(tmp_path, build)) == DataSchedule()


def test_responsibility_matrix_with_several_x_columns_is_not_a_schedule(tmp_path: Path) -> None:
    cols = (72.0, 300.0, 380.0, 460.0, 540.0)

    def build(doc: pymupdf.Document) -> None:
        page = doc.new_page()
        tops = _rule_table(page, 100.0, 4, cols=cols)
        rows = [
            ("Task", "Vendor", "School", "Both"),
            ("Export student rosters", "", "X", ""),
            ("Configure sign-on", "X", "", ""),
            ("Train teacher names list", "", "", "X"),
        ]
        for y, row in zip(tops, rows, strict=True):
            for x, text in zip(cols, row, strict=False):
                if text:
                    page.insert_text((x + 4, y + 14), text, fontsize=10)

    assert _schedule(_pdf(tmp_path, build)).elements == ()


def test_checked_security_framework_grid_is_not_a_schedule(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = doc.new_page()
        page.insert_text(
            (72, 90), "The vendor follows the cybersecurity framework checked below.", fontsize=10
        )
        rows = [
            ("Body", "Framework", None),
            ("Standards body A", "Control catalogue one", True),
            ("Standards body B", "Control catalogue two", False),
        ]
        tops = _rule_table(page, 100.0, len(rows))
        for i, (y, (a, b, checked)) in enumerate(zip(tops, rows, strict=True)):
            page.insert_text((COLS[0] + 4, y + 14), a, fontsize=10)
            page.insert_text((COLS[1] + 4, y + 14), b, fontsize=10)
            if checked is not None:
                _check_cell(page, "vector", COLS[2] + 30, y, checked, i)

    assert _schedule(_pdf(tmp_path, build)).elements == ()


# Invented category columns of boxed labels: (header, [(element, checked), ...])
MATRIX = [
    ("Identity", [("Pupil full name", True), ("Birth date", False), ("Locker code", True)]),
    ("Coursework", [("Quiz answers", True), ("Essay drafts", False), ("Rubric scores", True)]),
    ("Device", [("Network address", True), ("Browser version", False), ("Screen size", False)]),
]
MATRIX_COLS = (72.0, 232.0, 392.0, 552.0)


def _matrix_page(page: pymupdf.Page, style: str, caption: str, columns=MATRIX) -> None:
    page.insert_text((72, 90), caption, fontsize=10)
    n_rows = 1 + max(len(items) for _, items in columns)
    tops = _rule_table(page, 100.0, n_rows, cols=MATRIX_COLS)
    for c, (header, items) in enumerate(columns):
        x = MATRIX_COLS[c]
        page.insert_text((x + 4, tops[0] + 14), header, fontname="hebo", fontsize=10)
        for r, (element, checked) in enumerate(items, start=1):
            _check_cell(page, style, x + 4, tops[r], checked, c * 10 + r)
            page.insert_text((x + 18, tops[r] + 14), element, fontsize=10)


@pytest.mark.parametrize("style", ["vector", "glyph"])
def test_grid_of_boxed_labels_under_category_headers_is_read_cell_by_cell(tmp_path: Path, style: str) -> None:
    caption = "Checked boxes show the student data the provider collects."
    result = _schedule(_pdf(tmp_path, lambda doc: _matrix_page(doc.new_page(), style, caption)))
    items = [item for _, column in MATRIX for item in column]
    assert _norm(result.elements) == _norm(e for e, checked in items if checked)
    assert _norm(result.unchecked) == _norm(e for e, checked in items if not checked)
    assert result.style == style and len(result.evidence) == len(result.elements)


def test_grid_of_boxed_options_that_are_not_data_is_not_a_schedule(tmp_path: Path) -> None:
    options = [
        ("Support", [("Email help desk", True), ("Phone line", False)]),
        ("Billing", [("Annual invoice", True), ("Purchase order", False)]),
    ]
    caption = "Check the service options the district selects."
    path = _pdf(tmp_path, lambda doc: _matrix_page(doc.new_page(), "vector", caption, options))
    assert _schedule(path).elements == ()


def test_plain_element_table_without_boxes_lists_every_row(tmp_path: Path) -> None:
    rows = [("Data element", "Source"), ("Learner given name", "Registrar"), ("Reading level", "Teacher")]

    def build(doc: pymupdf.Document) -> None:
        page = doc.new_page()
        tops = _rule_table(page, 100.0, len(rows), cols=(72.0, 300.0, 540.0))
        for y, (a, b) in zip(tops, rows, strict=True):
            page.insert_text((76, y + 14), a, fontsize=10)
            page.insert_text((304, y + 14), b, fontsize=10)

    result = _schedule(_pdf(tmp_path, build))
    assert result.elements == ("Learner given name", "Reading level")
    assert result.style == "table"


def test_unruled_checkbox_list_under_a_data_heading(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = doc.new_page()
        page.insert_text((72, 90), "Exhibit A. Data elements the school will provide:", fontsize=11)
        for i, (_, element, checked) in enumerate(ROWS):
            _check_cell(page, "vector", 80, 100 + 18 * i, checked, i)
            page.insert_text((96, 114 + 18 * i), element, fontsize=10)

    result = _schedule(_pdf(tmp_path, build))
    assert list(result.elements) == CHECKED
    assert result.style == "list"


def test_page_with_no_grid_returns_empty(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        doc.new_page().insert_text((72, 90), "The provider will receive names and grade levels.", fontsize=11)

    assert _schedule(_pdf(tmp_path, build)) == DataSchedule()


# ---------------------------------------------------------------------------------------------
# The labelled corpus


def _labelled() -> list[str]:
    names = []
    for label in sorted(CORPUS.glob("*.labels.json")):
        values = json.loads(label.read_text())["requirements"]["data_categories"].get("values") or {}
        if values.get("elements"):
            names.append(label.name.removesuffix(".labels.json"))
    return names


def _table_rows(name: str) -> tuple[set[str], set[str]]:
    """Element texts of the source's checkbox table rows: (checked, unchecked)."""
    checked, unchecked = set(), set()
    for line in (CORPUS / f"{name}.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and ("[x]" in cells or "[ ]" in cells):
            text = next((c for c in reversed(cells) if c not in ("[x]", "[ ]", "-")), "")
            (checked if "[x]" in cells else unchecked).add(text)
    return _norm(checked), _norm(unchecked)


@pytest.mark.parametrize("name", _labelled())
def test_corpus_schedule_matches_labels(name: str) -> None:
    labels = json.loads((CORPUS / f"{name}.labels.json").read_text())
    expected = _norm(labels["requirements"]["data_categories"]["values"]["elements"])
    source = (CORPUS / f"{name}.md").read_text()
    in_a_table = any(re.search(rf"\|\s*{re.escape(e)}\s*\|", source, re.I) for e in expected)
    result = _schedule(CORPUS / f"{name}.pdf")
    if not in_a_table:  # prose or bulleted lists are read from the text by DETECT, not here
        assert result.elements == (), "no grid holds the elements: return nothing rather than a guess"
        return
    assert _norm(result.elements) == expected
    checked, unchecked = _table_rows(name)
    assert not (_norm(result.elements) & (unchecked - checked)), "an unchecked row was returned"


@pytest.mark.ocr
def test_issue_6_scanned_letter_grid_read_from_the_image() -> None:
    """A skewed scan: rules, cells and "X" marks come from the page image, element names from OCR."""
    name = "velloway_short_dpa"
    labels = json.loads((CORPUS / f"{name}.labels.json").read_text())
    expected = labels["requirements"]["data_categories"]["values"]["elements"]
    path = CORPUS / f"{name}.scanned.pdf"
    found = extract_data_elements(segment(parse(path)))
    words = lambda items: {w for item in items for w in re.findall(r"[a-z]+", item.lower())}  # noqa: E731
    assert len(found.elements) == len(expected)
    assert len(words(expected) & words(found.elements)) >= 0.9 * len(words(expected))
    assert not words(found.elements) & {"birth", "gender", "disability"}  # unchecked rows stay out


@pytest.mark.parametrize(
    ("label", "header"),
    [
        ("Elements", True),
        ("Data Elements", True),
        ("Category of Data", True),
        ("Student grade level", False),
        ("Other data elements collected", False),
        ("Meta data on user interaction", False),
    ],
)
def test_a_wrapped_column_title_is_not_an_element(label: str, header: bool) -> None:
    assert is_header_label(label) is header
