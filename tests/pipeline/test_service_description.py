"""The product or service provided (105 ILCS 85/15(4)(B)) is a sentence that describes it.

A lone schedule of data, a security-measures exhibit or an amendment of one period speaks of "the
Services" and names the product in passing; none of them says what is provided, so the checklist reports
no service description there. A description is found in the forms agreements use: a product introduced by
what it is, a defined offering (including a research study or a program without a brand name), a list in a
description-of-services exhibit, and an order form's rows (names, not catalogue codes or prices).
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from pipeline.detect.catalogue import default_catalogue
from pipeline.detect.registry import get_rule
from pipeline.findings import RequirementId, Verdict
from pipeline.run import check_pdf
from tests.pipeline.detect_support import context

SD = RequirementId.SERVICE_DESCRIPTION


def _pdf(path: Path, paragraphs: list[str]) -> Path:
    """A PDF with each paragraph as a wrapped text box; "# Title" is a bold heading on a new page."""
    doc = pymupdf.open()
    page, top = doc.new_page(), 60.0
    for text in paragraphs:
        heading = text.startswith("# ")
        height = 16 * (len(text) // 80 + 2)
        if top + height > 780 or (heading and top > 60.0):
            page, top = doc.new_page(), 60.0
        font = {"fontname": "hebo", "fontsize": 13} if heading else {"fontsize": 10}
        page.insert_textbox(pymupdf.Rect(60, top, 540, top + height), text.removeprefix("# "), **font)
        top += height
    doc.save(str(path))
    return path


SCHEDULE_ONLY = [
    "# EXHIBIT B - SCHEDULE OF DATA",
    "This Schedule of Data lists the categories of Student Data that the District will provide to Pellbrook "
    "Learning, Inc. for the Services under the Student Data Privacy Agreement.",
    "Student Data used by Pellbrook Reader to provide the Services is limited to the elements below.",
    "Student first and last name",
    "Grade level and homeroom teacher",
    "Reading assessment scores",
    "The Provider shall collect no other Student Data through the Services without the District's written "
    "consent.",
]

SECURITY_ONLY = [
    "# EXHIBIT D - SECURITY MEASURES",
    "The Provider shall maintain the following administrative, technical and physical safeguards for "
    "Student Data processed in connection with the Services.",
    "1. Encryption. Student Data is encrypted in transit with TLS 1.2 or later and at rest with AES-256 in "
    "every environment that supports Quillmark Classroom.",
    "2. Access. Only Provider staff who need Student Data to provide the Services have access, with "
    "multi-factor authentication.",
    "3. Testing. The Provider engages an independent firm to test the Services for vulnerabilities "
    "each year.",
]

AMENDMENT_ONLY = [
    "# FIRST AMENDMENT TO THE STUDENT DATA PRIVACY AGREEMENT",
    "This First Amendment amends the Student Data Privacy Agreement between Orrin Valley School District 12 "
    "and Tesselate Education, LLC concerning the Services, dated March 1, 2024.",
    "1. Section 6.2 of the Agreement is deleted and replaced with the following: The Provider shall notify "
    "the District of a breach of Student Data used by the Services within thirty (30) calendar days after "
    "the breach is determined.",
    "2. All other terms of the Agreement remain in effect, and the Provider shall continue to provide the "
    "Services under them.",
    "Signed for the District: Ada Morrow, Superintendent. Signed for the Provider: Lee Park, President.",
]


@pytest.mark.parametrize(
    "paragraphs",
    [SCHEDULE_ONLY, SECURITY_ONLY, AMENDMENT_ONLY],
    ids=["schedule-of-data", "security-exhibit", "breach-amendment"],
)
def test_a_passing_mention_of_the_services_is_no_service_description(
    tmp_path: Path, paragraphs: list[str]
) -> None:
    result = check_pdf(_pdf(tmp_path / "doc.pdf", paragraphs)).results[SD]
    assert result.verdict == Verdict.MISSING
    assert not result.evidence


def _agreement(*description: str) -> list[str]:
    """A short student-data addendum with the given description paragraphs."""
    return [
        "# STUDENT DATA PRIVACY ADDENDUM",
        'This Addendum is entered into by and between Hollins Bay School District 7 (the "District") and '
        'Brightwater Learning, Inc. (the "Provider").',
        *description,
        "The Provider shall use Student Data only to provide the Services and shall not sell Student Data or "
        "use it for targeted advertising.",
        "The Provider shall notify the District of a breach within thirty (30) days after it is determined.",
    ]


@pytest.mark.parametrize(
    ("description", "products"),
    [
        (
            [
                "1. Services. The Provider provides Brightwater Tutor, an online tutoring platform that "
                "connects students in grades 3 through 8 with certified teachers."
            ],
            ["Brightwater Tutor"],
        ),
        (
            [
                '1.4 "Platform" means Brightwater Studio, the Provider\'s web-based writing application in '
                "which students draft and revise essays."
            ],
            ["Brightwater Studio"],
        ),
        (
            [
                '1.1 "Program" means the Summer Bridge Literacy Program, a six-week reading tutoring program '
                "for rising fourth graders delivered by Provider staff."
            ],
            ["Summer Bridge Literacy Program"],
        ),
        (
            [
                '1.1 "Study" means the Early Numeracy Outcomes Study, a research project conducted under an '
                "approved protocol.",
                "2.1 The Provider will use Student Data solely to carry out the Study: to estimate whether "
                "the District's math intervention is associated with growth in spring scores.",
            ],
            ["Early Numeracy Outcomes Study"],
        ),
        (
            [
                "# EXHIBIT A - DESCRIPTION OF SERVICES",
                "Brightwater Screener is a computer-adaptive reading screener for kindergarten through "
                "grade 5.",
                "Brightwater Probe delivers short weekly probes to students receiving intervention.",
                "Brightwater Voice records a student reading a passage aloud and scores its accuracy.",
            ],
            ["Brightwater Screener", "Brightwater Probe", "Brightwater Voice"],
        ),
        (
            [
                "# ORDER FORM - PRODUCTS AND FEES",
                "BW-K5 Brightwater Screener, universal reading screener 1,200 student $4.00 $4,800.00",
                "BWP Brightwater Probe, weekly progress probes 300 student $2.50 $750.00",
                "The Provider will provide the District with Brightwater Screener, a reading screener, and "
                "Brightwater Probe, a progress-monitoring tool.",
            ],
            ["Brightwater Screener", "Brightwater Probe"],
        ),
    ],
    ids=[
        "provides-X-a",
        "platform-means",
        "program-without-brand",
        "research-study",
        "exhibit-list",
        "order-form",
    ],
)
def test_a_description_is_found_with_the_names_it_gives(
    tmp_path: Path, description: list[str], products: list[str]
) -> None:
    result = check_pdf(_pdf(tmp_path / "doc.pdf", _agreement(*description))).results[SD]
    assert result.verdict == Verdict.FOUND
    assert sorted(result.values["products"]) == sorted(products)


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("The Provider shall use Student Data solely to provide the Services to the District.", False),
        ('"Services" means the services the Provider performs for the District under the Agreement.', False),
        (
            '"Student Data" means any information that identifies a student and is collected by the '
            "Services.",
            False,
        ),
        ("Pellbrook Reader is updated from time to time, and the Services may change.", False),
        ("The Services provided under this DPA are described in Exhibit A.", True),
        (
            '"Services" means the Provider\'s web-based reading platform for students in grades K through 5.',
            True,
        ),
        (
            "Pellbrook will make available Pellbrook Reader, a library of leveled e-books for grades K-5.",
            True,
        ),
    ],
)
def test_only_a_describing_sentence_is_a_service_description(text: str, described: bool) -> None:
    rule = get_rule(default_catalogue().get("service_description").rule)
    ctx = context(("1. Terms", text), operator=("Pellbrook Learning, Inc.",))
    assert bool(rule.find(ctx, "service_description")) is described
