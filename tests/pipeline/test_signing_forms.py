"""Every ordinary way of executing an agreement, read through the real parse -> segment -> detect ->
judge: the district's signer, title and date, the verdict, and the 27(c) posting deadline.

Each case is a small PDF drawn with PyMuPDF: a preamble naming both parties, a few clauses, then the
execution in one of its forms. The negatives are agreements the district has not signed, or text that
only talks about signing.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from pipeline.detect import detect
from pipeline.findings import Checklist, RequirementId, Verdict
from pipeline.judge import judge
from pipeline.parse import parse
from pipeline.segment import segment
from tests.pdf_support import Placed, placed_pdf, wrapped

PREAMBLE = (
    "This Student Data Privacy Agreement is made between the Board of Education of Northgate Community "
    "Unit School District 12, 900 Elm Road, Northgate, IL 60001 (the District), and Plumtree Software, "
    "Inc., a Nevada corporation with offices at 45 Quarry Lane, Suite 7, Reno, NV 89501 (Provider)."
)
BODY = [
    "1. Services. The Provider provides Plumtree Reader, an online reading program, to the District.",
    "2. Security. The Provider will implement and maintain reasonable security procedures and practices "
    "that meet or exceed industry standards to protect covered information.",
    "3. Breach. The Provider will notify the District within 30 calendar days after it determines that a "
    "breach of covered information has occurred.",
]
SIGNED = datetime.date(2026, 3, 3)
DEADLINE = datetime.date(2026, 3, 17)  # 10 Illinois business days after Tuesday, March 3, 2026


def _agreement(execution: Placed, *, intro: str | None = None, extra: list[str] = ()) -> list[Placed]:
    """Page 1: preamble and clauses; page 2: the optional executing sentence and the execution."""
    first: Placed = wrapped(72, PREAMBLE)
    y = 140.0
    for paragraph in [*BODY, *extra]:
        placed = wrapped(y, paragraph)
        first += placed
        y = placed[-1][1] + 24
    second: Placed = wrapped(72, intro) if intro else []
    return [first, second + execution]


def _checklist(tmp_path: Path, pages: list[Placed]) -> Checklist:
    return judge(detect(segment(parse(placed_pdf(tmp_path / "agreement.pdf", pages)))))


def _signing(checklist: Checklist) -> tuple[Verdict, str | None, str | None, str | None]:
    result = checklist.results[RequirementId.SIGNING]
    values = result.values or {}
    return result.verdict, values.get("district_signer"), values.get("title"), values.get("date")


WITNESS = "IN WITNESS WHEREOF, the parties have executed this Agreement as of the dates written below."
DATES_BELOW = (
    "The parties have signed this Agreement by their authorized representatives on the dates shown below."
)

FOUND_CASES = {
    "by-labels-side-by-side": (
        None,
        [
            (72, 150, "NORTHGATE COMMUNITY UNIT SCHOOL DISTRICT 12"),
            (320, 150, "PLUMTREE SOFTWARE, INC."),
            (72, 200, "By: ____________________"),
            (320, 200, "By: ____________________"),
            (72, 214, "Name: Ada Quill"),
            (320, 214, "Name: Ben Ode"),
            (72, 226, "Title: Superintendent"),
            (320, 226, "Title: Chief Executive Officer"),
            (72, 238, "Date: March 3, 2026"),
            (320, 238, "Date: February 27, 2026"),
        ],
        ("Ada Quill", "Superintendent"),
    ),
    "no-labels-stacked-after-witness": (
        WITNESS,
        [
            (72, 150, "PLUMTREE SOFTWARE, INC."),
            (72, 200, "______________________________"),
            (72, 214, "Ben Ode"),
            (72, 227, "Chief Executive Officer"),
            (72, 240, "February 27, 2026"),
            (72, 300, "NORTHGATE COMMUNITY UNIT SCHOOL DISTRICT 12"),
            (72, 350, "______________________________"),
            (72, 364, "Ada Quill"),
            (72, 377, "Superintendent"),
            (72, 390, "March 3, 2026"),
        ],
        ("Ada Quill", "Superintendent"),
    ),
    "no-labels-side-by-side-after-dates-sentence": (
        DATES_BELOW,
        [
            (72, 150, "Plumtree Software, Inc."),
            (320, 150, "Northgate School District 12"),
            (72, 200, "______________________"),
            (320, 200, "______________________"),
            (72, 214, "Ben Ode, Chief Executive Officer"),
            (320, 214, "Ada Quill, Superintendent"),
            (72, 227, "February 27, 2026"),
            (320, 227, "March 3, 2026"),
        ],
        ("Ada Quill", "Superintendent"),
    ),
    "typed-slash-s-signatures": (
        WITNESS,
        [
            (72, 150, "For the Provider:"),
            (320, 150, "For the District:"),
            (72, 180, "/s/ Ben Ode"),
            (320, 180, "/s/ Ada Quill"),
            (72, 194, "Chief Executive Officer"),
            (320, 194, "Superintendent"),
            (72, 207, "Dated: February 27, 2026"),
            (320, 207, "Dated: March 3, 2026"),
        ],
        ("Ada Quill", "Superintendent"),
    ),
    "e-signature-certificate": (
        "Certificate of Completion. Envelope ID 7F3A-2C91-B04E-88D1. Status: completed.",
        wrapped(
            150,
            "Signer 1: Ben Ode (bode@plumtree.example), typed signature adopted, signed 2026-02-27 09:51 CST",
        )
        + wrapped(
            190,
            "Signer 2: Ada Quill (aquill@northgate12.example), typed signature adopted, "
            "signed 2026-03-03 14:03 CST",
        ),
        ("Ada Quill", None),
    ),
    "e-signature-signed-by-on": (
        None,
        wrapped(150, "Electronically signed by Ada Quill, Superintendent, on March 3, 2026."),
        ("Ada Quill", "Superintendent"),
    ),
    "click-through-acceptance": (
        "Order Acceptance Record. This record is kept by the order system and is part of the contract.",
        wrapped(150, "Accepted electronically by Ada Quill, Superintendent, on March 3, 2026."),
        ("Ada Quill", "Superintendent"),
    ),
    "table-row-per-party-vendor-first": (
        "Signatures of the parties.",
        [
            (72, 150, "Party"),
            (230, 150, "Name"),
            (340, 150, "Title"),
            (470, 150, "Date"),
            (72, 170, "Plumtree Software, Inc."),
            (230, 170, "Ben Ode"),
            (340, 170, "Chief Executive Officer"),
            (470, 170, "02/27/2026"),
            (72, 190, "Northgate School District 12"),
            (230, 190, "Ada Quill"),
            (340, 190, "Superintendent"),
            (470, 190, "03/03/2026"),
        ],
        ("Ada Quill", "Superintendent"),
    ),
    "research-mou-three-signers-table": (
        "Signatures. Each signer signs for the party named in the row.",
        [
            (72, 150, "Party"),
            (230, 150, "Signer"),
            (340, 150, "Title"),
            (470, 150, "Date Signed"),
            (72, 170, "Board of Trustees of"),
            (72, 182, "Vermilion State University"),
            (230, 170, "Samuel Okonjo"),
            (340, 170, "Associate Vice President"),
            (470, 170, "May 30, 2025"),
            (72, 205, "Northgate School District 12"),
            (230, 205, "Ada Quill"),
            (340, 205, "Superintendent"),
            (470, 205, "March 3, 2026"),
            (72, 225, "Principal Investigator"),
            (230, 225, "Beatrix Halvorsen"),
            (340, 225, "Associate Professor"),
            (470, 225, "May 30, 2025"),
        ],
        ("Ada Quill", "Superintendent"),
    ),
}


@pytest.mark.parametrize("case", list(FOUND_CASES), ids=list(FOUND_CASES))
def test_the_district_execution_is_read_in_every_form(tmp_path: Path, case: str) -> None:
    intro, execution, (signer, title) = FOUND_CASES[case]
    checklist = _checklist(tmp_path, _agreement(execution, intro=intro))
    assert _signing(checklist) == (Verdict.FOUND, signer, title, SIGNED.isoformat())
    assert checklist.posting_deadline == DEADLINE
    evidence = checklist.results[RequirementId.SIGNING].evidence
    assert evidence and all(e.page == 2 for e in evidence)


def test_acceptance_by_an_unnamed_authorized_officer_gives_the_date_for_review(tmp_path: Path) -> None:
    """The date starts the posting clock; who signed must be checked against the authorized list."""
    execution = wrapped(150, "Accepted on behalf of the District by its authorized officer on March 3, 2026.")
    checklist = _checklist(tmp_path, _agreement(execution))
    assert _signing(checklist) == (Verdict.NEEDS_REVIEW, None, None, SIGNED.isoformat())
    assert checklist.posting_deadline == DEADLINE


def test_vendor_signed_with_the_district_block_blank_is_missing(tmp_path: Path) -> None:
    execution = [
        (72, 150, "PLUMTREE SOFTWARE, INC."),
        (72, 190, "By: ____________________"),
        (72, 204, "Name: Ben Ode"),
        (72, 216, "Title: Chief Executive Officer"),
        (72, 228, "Date: February 27, 2026"),
        (72, 280, "NORTHGATE COMMUNITY UNIT SCHOOL DISTRICT 12"),
        (72, 320, "By: ____________________"),
        (72, 334, "Printed Name: ____________________  Title: ____________________"),
        (72, 346, "Date: ______________"),
    ]
    checklist = _checklist(
        tmp_path, _agreement(execution, intro="The parties have signed this Agreement below.")
    )
    result = checklist.results[RequirementId.SIGNING]
    assert result.verdict == Verdict.MISSING
    assert "not signed" in result.reason
    assert (result.values or {}).get("district_signer") is None
    assert checklist.posting_deadline is None


def test_a_name_without_a_date_stays_for_review(tmp_path: Path) -> None:
    execution = [
        (72, 150, "NORTHGATE COMMUNITY UNIT SCHOOL DISTRICT 12"),
        (72, 190, "By: ____________________"),
        (72, 204, "Name: Ada Quill"),
        (72, 216, "Title: Superintendent"),
        (72, 228, "Date: ______________"),
    ]
    checklist = _checklist(tmp_path, _agreement(execution))
    assert _signing(checklist) == (Verdict.NEEDS_REVIEW, "Ada Quill", "Superintendent", None)
    assert checklist.posting_deadline is None


NOT_SIGNED_CASES = {
    "vendor-only-block-unlabelled": (
        WITNESS,
        [
            (72, 150, "PLUMTREE SOFTWARE, INC."),
            (72, 200, "______________________________"),
            (72, 214, "Ben Ode"),
            (72, 227, "Chief Executive Officer"),
            (72, 240, "February 27, 2026"),
        ],
        [],
    ),
    "vendor-only-e-signature": (
        None,
        wrapped(
            150,
            "Signed by Ben Ode, Chief Executive Officer of Plumtree Software, Inc., on February 27, 2026.",
        ),
        [],
    ),
    "date-in-a-recital": (
        None,
        [],
        [
            "WHEREAS, on March 3, 2026 the Board approved the use of Plumtree Reader in its schools, and the "
            "Agreement dated March 3, 2026 was presented to Ada Quill, Superintendent.",
        ],
    ),
    "e-signature-policy-sentence": (
        None,
        [],
        [
            "4. Counterparts. This Agreement may be signed electronically by either party on any date, and "
            "an "
            "electronic signature has the same effect as a signature in ink.",
            "5. Acceptance. The Terms will be accepted electronically by the School's authorized officer on "
            "the "
            "date of the first order, March 3, 2026.",
        ],
    ),
}


@pytest.mark.parametrize("case", list(NOT_SIGNED_CASES), ids=list(NOT_SIGNED_CASES))
def test_text_that_is_not_the_district_signing_gives_no_signer(tmp_path: Path, case: str) -> None:
    intro, execution, extra = NOT_SIGNED_CASES[case]
    checklist = _checklist(tmp_path, _agreement(execution, intro=intro, extra=extra))
    verdict, signer, _, date = _signing(checklist)
    assert (verdict, signer, date) == (Verdict.MISSING, None, None)
    assert checklist.posting_deadline is None
