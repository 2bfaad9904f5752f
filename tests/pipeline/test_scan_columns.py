"""A scanned two-column page whose left column is a checkbox table and whose right column is prose.

Tesseract reads a ruled table's vertical rules as unsure letters ("|", "}", "tert"), which stand in
the gutter beside the table; and OCR boxes are tight on the ink, so a justified line's stretched
spaces look like cell gaps. The page must still be read column by column: the prose clause with
its link whole, and each row of the table whole with its mark.
"""

from __future__ import annotations

import io
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

from pipeline.parse import parse
from pipeline.segment import segment

SCAN_DPI = 200
LINK = "https://vendors.quillfeather.example/data-partners"
# Invented rows: (category, element, checked)
ROWS = [
    ("Category", "Data element", None),
    ("Identity", "Learner given and family name", True),
    ("Identity", "Learner school e-mail address", True),
    ("Identity", "Locker combination", False),
    ("Enrollment", "Homeroom and grade band", True),
    ("Enrollment", "Bus route number", False),
    ("Family", "Guardian phone number", False),
    ("Usage", "Browser and app version", True),
    ("Grades", "Quiz and unit scores", True),
    ("Health", "Allergy information", False),
]
LEFT_COLS = (54.0, 112.0, 250.0, 294.0)
RIGHT = (318.0, 558.0)
RIGHT_TEXT = [
    ("bold", "6. USE OF STUDENT DATA"),
    (
        "body",
        "6.1 Quillfeather uses Student Data only to provide the services the District has ordered and"
        " for no other purpose, and will not sell or rent Student Data to anyone.",
    ),
    (
        "body",
        "6.2 Quillfeather will not use Student Data to direct advertising to students, whether in the"
        " services or on any other website, application or service, and will not build a profile of a"
        " student for any purpose other than the services.",
    ),
    ("bold", "7. DATA PARTNERS"),
    (
        "body",
        "7.1 Quillfeather relies on data partners to host, secure and support the services. The"
        " current list of data partners that may receive Student Data, with each partner's role and"
        f" location, is published at {LINK}.",
    ),
    (
        "body",
        "7.2 Quillfeather will update that list at least thirty (30) days before a new data partner"
        " begins to receive Student Data, and the District may subscribe to notice of updates.",
    ),
    (
        "body",
        "7.3 Quillfeather requires each data partner, by written contract, to use Student Data only to"
        " provide services to Quillfeather and to maintain reasonable security procedures.",
    ),
]
LEFT_TEXT = [
    (
        "body",
        "4.2 The District may ask at any time which of the elements above are collected, and"
        " Quillfeather will answer in writing within ten (10) days of the request.",
    ),
    ("bold", "5. SCHOOL OFFICIAL"),
    (
        "body",
        "5.1 The District designates Quillfeather as a school official with a legitimate educational"
        " interest in Student Data, performing a service for which the District would otherwise use its"
        " own employees, and under the direct control of the District in the use of Student Data.",
    ),
]


def _table(page: pymupdf.Page, top: float, ruled: bool) -> float:
    """The checkbox table in the left column; returns the y below it."""
    height = 22.0
    tops = [top + i * height for i in range(len(ROWS) + 1)]
    if ruled:
        for y in tops:
            page.draw_line((LEFT_COLS[0], y), (LEFT_COLS[-1], y), width=0.6)
        for x in LEFT_COLS:
            page.draw_line((x, tops[0]), (x, tops[-1]), width=0.6)
    for y, (category, element, checked) in zip(tops, ROWS, strict=False):
        font = "hebo" if checked is None else "helv"
        page.insert_text((LEFT_COLS[0] + 3, y + 14), category, fontsize=8.5, fontname=font)
        page.insert_text((LEFT_COLS[1] + 3, y + 14), element, fontsize=8.5, fontname=font)
        label = "Collected" if checked is None else ("X" if checked else "")
        if label:
            page.insert_text(
                (LEFT_COLS[2] + 4, y + 14), label, fontsize=8.5, fontname="hebo" if checked else font
            )
    return tops[-1]


def _page_pdf(ruled: bool) -> pymupdf.Document:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((54, 60), "Schedule A - Student data elements", fontsize=11, fontname="hebo")
    below = _table(page, 72.0, ruled)
    _paragraphs(page, LEFT_TEXT, (LEFT_COLS[0], LEFT_COLS[-1]), below + 24)
    _paragraphs(page, RIGHT_TEXT, RIGHT, 60.0)
    return doc


def _paragraphs(
    page: pymupdf.Page, paragraphs: list[tuple[str, str]], column: tuple[float, float], y: float
) -> None:
    """Justified paragraphs and bold headings down one column from ``y``."""
    for style, text in paragraphs:
        rect = pymupdf.Rect(column[0], y - 10, column[1], y + 200)
        font = "hebo" if style == "bold" else "helv"
        size = 11.5 if style == "bold" else 10
        spare = page.insert_textbox(
            rect, text, fontsize=size, fontname=font, align=pymupdf.TEXT_ALIGN_JUSTIFY
        )
        y += (rect.height - spare) + 8


def _scan(doc: pymupdf.Document, path: Path) -> Path:
    """The page drawn at SCAN_DPI, made bilevel like an office scanner's output, as an image-only PDF."""
    pixmap = doc[0].get_pixmap(dpi=SCAN_DPI, colorspace=pymupdf.csGRAY)
    image = Image.frombytes("L", (pixmap.width, pixmap.height), pixmap.samples).point(
        lambda v: 255 * (v > 160)
    )
    buffer = io.BytesIO()
    image.convert("1").save(buffer, "PNG")
    scan = pymupdf.open()
    page = scan.new_page(width=612, height=792)
    page.insert_image(page.rect, stream=buffer.getvalue())
    scan.save(path)
    return path


@pytest.mark.ocr
def test_prose_beside_a_scanned_checkbox_table_reads_whole_and_the_checked_rows_are_read(
    tmp_path: Path,
) -> None:
    segmented = segment(parse(_scan(_page_pdf(ruled=False), tmp_path / "two_column.scanned.pdf")))
    page = segmented.parsed.pages[0]
    by_number = {c.number: c.text for c in segmented.clauses if c.number}
    partners = by_number.get("7.1", "")
    assert partners.startswith("7.1 Quillfeather relies on data partners")
    assert (
        "role and location, is published at vendors.quillfeather.example/data-partners"
        in partners.replace("https://", "")
    )
    assert by_number.get("7.2", "").startswith("7.2 Quillfeather will update that list")
    assert by_number.get("5.1", "").endswith("in the use of Student Data.")
    left = [line.text for block in page.blocks if block.column == 0 for line in block.lines]
    for _, element, checked in ROWS[1:]:
        row = next(text for text in left if element in text)
        assert row.lower().endswith((" x", " xx")) == checked, row
