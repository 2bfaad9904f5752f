"""How agreements list the student data provided (105 ILCS 85/15(4)(A)), rendered as small PDFs.

Each case is invented wording in a drafting pattern seen in vendor agreements: a list after "the
following" (bulleted, numbered, lettered or in one semicolon sentence), a requirement/commitment
table whose cell holds the list, a plain "Field | Description" table under "the fields listed
below", schedules of data with their columns in different orders, and lists that are not the data
provided (staff analytics, payment details, invoice lines). The real parse -> segment -> detect
runs on every PDF.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pymupdf
import pytest

from pipeline.detect import detect
from pipeline.parse import parse
from pipeline.segment import segment

INTRO = (
    "This Student Data Privacy Addendum is made between the Orchard Valley School District and "
    "Bramblewick Learning, Inc. (the Operator) under the Illinois Student Online Personal Protection Act."
)
AFTER = "The Operator will not ask for any other student information unless the parties amend this Addendum."
PLAIN = "Either party may end this Addendum on thirty days written notice to the other party."


def _norm(items: list[str] | None) -> list[str]:
    return [" ".join(re.sub(r"[^\w\s]", " ", item.lower()).split()) for item in items or []]


def _paragraphs(page: pymupdf.Page, paragraphs: list[str], top: float = 72.0) -> float:
    """Write paragraphs down the page (wrapped at the margins); the y below the last one."""
    y = top
    for text in paragraphs:
        rect = pymupdf.Rect(72, y, 540, y + 400)
        left = page.insert_textbox(rect, text, fontsize=10, fontname="helv")
        y += 400 - left + 14
    return y


def _detect_elements(path: Path) -> list[str] | None:
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    result = detect(segment(parse(path, sha256=sha)))
    found = result.findings.get("data_categories") or ()
    return list(found[0].values.get("elements") or []) if found else None


def _save(doc: pymupdf.Document, tmp_path: Path, name: str = "agreement.pdf") -> Path:
    path = tmp_path / name
    doc.save(path)
    doc.close()
    return path


ITEMS = ["learner given and family name", "homeroom section", "reading fluency scores", "bus route number"]

FOLLOWING = {
    "bulleted": ["The District will provide only the following student data:", *[f"- {i}" for i in ITEMS]],
    "numbered": [
        "The District will provide only the following student data:",
        *[f"{n}. {i}" for n, i in enumerate(ITEMS, 1)],
    ],
    "lettered": [
        "The District will provide only the following student data:",
        *[f"({chr(97 + n)}) {i}" for n, i in enumerate(ITEMS)],
    ],
    "semicolons": [
        "We receive from the District, or collect while students use the app, the following: learner given "
        "and family name; homeroom section; reading fluency scores; and bus route number."
    ],
}


@pytest.mark.parametrize("form", list(FOLLOWING))
def test_the_following_list_in_any_form(tmp_path: Path, form: str) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    _paragraphs(page, [AFTER, PLAIN], _paragraphs(page, [INTRO, *FOLLOWING[form]]) + 16)
    assert _norm(_detect_elements(_save(doc, tmp_path))) == _norm(ITEMS)


def test_items_of_one_semicolon_item_named_after_namely_and_examples_dropped(tmp_path: Path) -> None:
    doc = pymupdf.open()
    text = (
        "To run the app we receive each student's first and last name, grade level, school-assigned "
        "locker number, and the club and coach to which the student is assigned; the student's quiz "
        "scores; the practice data the app creates, namely problems attempted and hints used; and usage "
        "information such as log-in times and pages opened."
    )
    _paragraphs(doc.new_page(), [INTRO, text, PLAIN])
    got = _norm(_detect_elements(_save(doc, tmp_path)))
    assert "usage information" in got and "problems attempted" in got and "hints used" in got
    assert "first and last name" in got and "log in times" not in got


def _two_column_table(page: pymupdf.Page, rows: list[tuple[str, str]], top: float = 150.0) -> None:
    """A ruled requirement | commitment table; each row as tall as its longer cell."""
    cols = (72.0, 220.0, 540.0)
    y = top
    for left, right in rows:
        height = 14 * (len(right) // 52 + 2)
        for x0, x1, text in ((cols[0], cols[1], left), (cols[1], cols[2], right)):
            page.insert_textbox(
                pymupdf.Rect(x0 + 4, y + 3, x1 - 4, y + height), text, fontsize=9, fontname="helv"
            )
        page.draw_line((cols[0], y), (cols[-1], y), width=0.5)
        y += height
    page.draw_line((cols[0], y), (cols[-1], y), width=0.5)
    for x in cols:
        page.draw_line((x, top), (x, y), width=0.5)


def test_list_in_a_table_cell_is_read_whole(tmp_path: Path) -> None:
    elements = [
        "learner given and family name",
        "District learner number",
        "homeroom and grade band",
        "date of birth",
        "weekly goal check responses (goal rating and optional comment)",
        "coach referral flags",
        "coach notes entered by District staff",
        "guardian name and mobile number",
    ]
    cell = "Operator will receive only the following covered information: " + "; ".join(elements[:-1])
    cell += f"; and {elements[-1]}. Operator will not request Social Security numbers or health records."
    rows = [
        ("SOPPA requirement", "Operator commitment"),
        (
            "Product provided",
            "Operator provides Bramblewick Goals, a weekly goal-setting app for grades 4 to 8.",
        ),
        ("Categories of covered information (Sec. 15(4)(A))", cell),
        ("School official", "Operator acts as a school official under the direct control of the District."),
    ]
    doc = pymupdf.open()
    page = doc.new_page()
    _paragraphs(page, [INTRO])
    _two_column_table(page, rows)
    assert _norm(_detect_elements(_save(doc, tmp_path))) == _norm(elements)


FIELDS = [
    ("Study ID", "Random number assigned by the District"),
    ("Grade level", "Grade in which the student was enrolled"),
    ("Reading screening scores", "Fall and spring scores"),
    ("English learner status", "Yes or no"),
    ("Attendance rate", "Percent of days present"),
]


def _field_table(
    page: pymupdf.Page, header: tuple[str, str], rows: list[tuple[str, str]], top: float
) -> None:
    cols = (72.0, 250.0, 540.0)
    tops = [top + 20 * i for i in range(len(rows) + 2)]
    for y in tops:
        page.draw_line((cols[0], y), (cols[-1], y), width=0.5)
    for x in cols:
        page.draw_line((x, tops[0]), (x, tops[-1]), width=0.5)
    for y, (first, second) in zip(tops, [header, *rows], strict=False):
        page.insert_text((cols[0] + 4, y + 14), first, fontsize=10)
        page.insert_text((cols[1] + 4, y + 14), second, fontsize=10)


@pytest.mark.parametrize(
    ("lead_in", "header", "rows", "expected"),
    [
        ("The extract will contain only the fields listed below.", ("Field", "Description"), FIELDS, FIELDS),
        (
            "The District will send the following data fields once a year.",
            ("Field", "Meaning"),
            FIELDS,
            FIELDS,
        ),
        (  # an invoice: its lines are not data
            "The District will pay for the items listed below.",
            ("Item", "Price"),
            [("Annual licence", "4,200.00"), ("Teacher training", "900.00"), ("Setup", "300.00")],
            [],
        ),
    ],
)
def test_plain_table_under_a_lead_in_naming_fields(
    tmp_path: Path, lead_in: str, header: tuple[str, str], rows: list, expected: list
) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    y = _paragraphs(page, [INTRO, lead_in])
    _field_table(page, header, rows, y + 6)
    _paragraphs(page, [PLAIN], y + 20 * (len(rows) + 2) + 20)
    assert _norm(_detect_elements(_save(doc, tmp_path))) == _norm([name for name, _ in expected])


@pytest.mark.parametrize(
    "paragraph",
    [
        # analytics about staff: not the students' data the law asks about
        "We collect the following about teachers who sign in: log-in times, pages opened, device type and "
        "browser version.",
        # payment details after a colon
        "The District shall pay the Operator by bank transfer to: Harbor Community Bank, routing number "
        "101205681, account number 4410027795, account name Bramblewick Learning.",
        # services, not data
        "The Operator will provide the District with the following: onboarding webinars, a help desk, "
        "quarterly usage reports and an annual renewal review.",
    ],
)
def test_lists_that_are_not_the_data_provided(tmp_path: Path, paragraph: str) -> None:
    doc = pymupdf.open()
    _paragraphs(doc.new_page(), [INTRO, paragraph, PLAIN])
    assert not _detect_elements(_save(doc, tmp_path))


# A consortium schedule of data: categories spanning several rows, an "Other" row to fill in.
SCHEDULE = [
    ("Application Technology Meta Data", "IP addresses of users", True),
    ("", "Use of cookies", False),
    ("", "Other application technology meta data - please specify:", False),
    ("Demographics", "Date of birth", True),
    ("", "Place of birth", False),
    ("", "Language information", True),
    ("Enrollment", "Student grade level", True),
    ("", "Homeroom", True),
    ("Other", "Please list each additional data element used", False),
]
ORDERS = {
    "category-element-check": (0, 1, 2),
    "element-category-check": (1, 0, 2),
    "check-category-element": (2, 0, 1),
}


@pytest.mark.parametrize("order", list(ORDERS))
def test_schedule_of_data_with_columns_in_any_order(tmp_path: Path, order: str) -> None:
    position = ORDERS[order]
    widths = {0: 150.0, 1: 230.0, 2: 60.0}
    titles = ("Category of Data", "Elements", "Check if Used by Your System")
    order_of = sorted(range(3), key=lambda k: position[k])
    xs = [72.0]
    for k in order_of:
        xs.append(xs[-1] + widths[k])
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 90), "EXHIBIT B - SCHEDULE OF DATA", fontsize=12)
    tops = [110 + 22 * i for i in range(len(SCHEDULE) + 2)]
    for y in tops:
        page.draw_line((xs[0], y), (xs[-1], y), width=0.5)
    for x in xs:
        page.draw_line((x, tops[0]), (x, tops[-1]), width=0.5)
    for slot, k in enumerate(order_of):
        page.insert_text((xs[slot] + 3, tops[0] + 14), titles[k][:34], fontsize=7)
    for y, (category, element, checked) in zip(tops[1:], SCHEDULE, strict=False):
        for slot, k in enumerate(order_of):
            if k == 0:
                page.insert_text((xs[slot] + 3, y + 14), category, fontsize=7)
            elif k == 1:
                page.insert_text((xs[slot] + 3, y + 14), element[:60], fontsize=7)
            else:
                box = pymupdf.Rect(xs[slot] + 20, y + 6, xs[slot] + 29, y + 15)
                page.draw_rect(box, width=0.7)
                if checked:
                    page.draw_line(box.tl + (1.5, 1.5), box.br - (1.5, 1.5), width=0.9)
                    page.draw_line(box.bl + (1.5, -1.5), box.tr + (-1.5, 1.5), width=0.9)
    _paragraphs(page, [PLAIN], tops[-1] + 20)
    _paragraphs(
        doc.new_page(), [INTRO, "The Operator will collect only the data checked in Exhibit B.", PLAIN]
    )
    got = _norm(_detect_elements(_save(doc, tmp_path)))
    assert got == _norm([element for _, element, checked in SCHEDULE if checked])


def test_recipients_listed_below_are_not_data_elements(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    lead = "The Operator discloses covered information only to the subprocessors listed below:"
    names = ["- Ferncastle Hosting, Inc.", "- Quillmark Messaging LLC", "- Tern Support Desk Co."]
    _paragraphs(page, [PLAIN], _paragraphs(page, [INTRO, lead, *names]) + 16)
    assert not _detect_elements(_save(doc, tmp_path))
