"""Operator identity and district signing: crafted agreements and the labelled corpus."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pymupdf
import pytest

from pipeline.detect.parties import (
    find_district_signing,
    find_operator,
    org_names,
    parse_date,
    street_address,
)
from pipeline.detect.sources import read_operator, read_signing
from pipeline.parse import parse
from pipeline.segment import segment
from pipeline.types import SegmentedDocument
from tests.conftest import CORPUS as SHARED_CORPUS

CORPUS = SHARED_CORPUS


def _segmented(tmp_path: Path, lines_by_page: list[list[tuple[float, float, str]]]) -> SegmentedDocument:
    """A PDF with text placed at (x, y) per page, parsed and segmented by the real stages."""
    doc = pymupdf.open()
    for lines in lines_by_page:
        page = doc.new_page()
        for x, y, text in lines:
            page.insert_text((x, y), text, fontsize=10)
    path = tmp_path / "agreement.pdf"
    doc.save(path)
    return segment(parse(path))


def _paragraph(y: float, text: str, width: int = 95) -> list[tuple[float, float, str]]:
    words, lines, current = text.split(), [], ""
    for word in words:
        if len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return [(72, y + 13 * i, line) for i, line in enumerate(lines)]


PREAMBLE = (
    "This Data Agreement is made between the Board of Education of Northgate Community Unit School "
    "District 12, 900 Elm Road, Northgate, IL 60001 (the District), and Plumtree Software, Inc., a Nevada "
    "corporation with offices at 45 Quarry Lane, Suite 7, Reno, NV 89501 (Provider)."
)
SIDE_BY_SIDE = [
    (72, 400, "NORTHGATE COMMUNITY UNIT SCHOOL"),
    (72, 412, "DISTRICT 12"),
    (320, 400, "PLUMTREE SOFTWARE, INC."),
    (72, 450, "By: ____________________"),
    (320, 450, "By: ____________________"),
    (72, 466, "Name: Ada Quill"),
    (320, 466, "Name: Ben Ode"),
    (72, 478, "Title: Superintendent"),
    (320, 478, "Title: Chief Executive Officer"),
    (72, 490, "Date: March 3, 2026"),
    (320, 490, "Date: February 27, 2026"),
]


def test_operator_from_preamble_after_the_district(tmp_path: Path) -> None:
    info = find_operator(_segmented(tmp_path, [_paragraph(80, PREAMBLE) + SIDE_BY_SIDE]))
    assert info.name == "Plumtree Software, Inc."
    assert info.address == "45 Quarry Lane, Suite 7, Reno, NV 89501"
    assert {e.page for e in info.evidence} == {1}


def test_operator_address_only_in_the_notices_clause(tmp_path: Path) -> None:
    text = [
        *_paragraph(
            80,
            "This License is made on May 1, 2026 between Lindenfield Reading Labs LLC (Vendor) and "
            "Northgate School District 12 (the District).",
        ),
        *_paragraph(
            140,
            "9.3 Notices. Notices to the District go to 900 Elm Road, Northgate, IL 60001. Notices to "
            "Vendor go to Lindenfield Reading Labs LLC, 12 Harbor Street, Floor 3, Duluth, MN 55802, "
            "Attention: Legal.",
        ),
    ]
    info = find_operator(_segmented(tmp_path, [text]))
    assert info.name == "Lindenfield Reading Labs LLC"
    assert info.address == "12 Harbor Street, Floor 3, Duluth, MN 55802"


def test_operator_in_capitals_gets_title_case(tmp_path: Path) -> None:
    text = _paragraph(
        80,
        "THIS AGREEMENT is made by and between NORTHGATE SCHOOL DISTRICT 12 (the District) and "
        "QUILLFEATHER LEARNING CORP., having its principal place of business at 300 Mill Road, "
        "Akron, OH 44308 (Quillfeather).",
    )
    info = find_operator(_segmented(tmp_path, [text]))
    assert info.name == "Quillfeather Learning Corp."
    assert info.address == "300 Mill Road, Akron, OH 44308"


def test_no_company_named_gives_no_operator(tmp_path: Path) -> None:
    text = _paragraph(80, "The school will keep its records in the office of the principal for five years.")
    assert find_operator(_segmented(tmp_path, [text])).name is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("between Acme Widgets, Inc. and the District", ["Acme Widgets, Inc."]),
        ("Provider is Blue Heron Data LLC, a Delaware corporation", ["Blue Heron Data LLC"]),
        ("the Board of Education of Northgate School District", []),
        ("NORTH STAR TUTORS CO. and others", ["NORTH STAR TUTORS CO."]),
    ],
    ids=["inc", "llc-not-state", "district-only", "capitals"],
)
def test_org_names(text: str, expected: list[str]) -> None:
    assert [name for _, _, name in org_names(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            ", a Texas corporation with its office at 9 Oak Street, Austin, TX 78701 (Vendor)",
            "9 Oak Street, Austin, TX 78701",
        ),
        (
            "whose business address is 1 Main Plaza, Suite 400, Denver, CO 80202-1234.",
            "1 Main Plaza, Suite 400, Denver, CO 80202-1234",
        ),
        ("at P.O. Box 55, Springfield, IL 62701", "P.O. Box 55, Springfield, IL 62701"),
        ("no address in this sentence", None),
    ],
    ids=["preamble", "zip4", "po-box", "none"],
)
def test_street_address(text: str, expected: str | None) -> None:
    found = street_address(text)
    assert (found[2] if found else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 3, 2026", datetime.date(2026, 3, 3)),
        ("4/15/2026", datetime.date(2026, 4, 15)),
        ("this 9th day of September, 2025", datetime.date(2025, 9, 9)),
        ("________________", None),
        (None, None),
    ],
    ids=["long", "numeric", "day-of", "blank", "none"],
)
def test_parse_date(text: str | None, expected: datetime.date | None) -> None:
    assert parse_date(text) == expected


def test_side_by_side_blocks_pick_the_district(tmp_path: Path) -> None:
    info = find_district_signing(_segmented(tmp_path, [_paragraph(80, PREAMBLE) + SIDE_BY_SIDE]))
    assert (info.signer, info.title, info.date) == ("Ada Quill", "Superintendent", datetime.date(2026, 3, 3))
    assert info.evidence and all(e.bbox.x1 < 320 for e in info.evidence)


def test_stacked_blocks_president_not_attesting_secretary(tmp_path: Path) -> None:
    lines = [
        (72, 100, "PLUMTREE SOFTWARE, INC."),
        (72, 140, "By: __________"),
        (72, 154, "Name: Ben Ode"),
        (72, 166, "Title: Chief Executive Officer"),
        (72, 178, "Date: January 5, 2026"),
        (72, 230, "BOARD OF EDUCATION OF NORTHGATE SCHOOL DISTRICT 12"),
        (72, 270, "By: __________"),
        (72, 284, "Name: Ivo Brandt"),
        (72, 296, "Title: President, Board of Education"),
        (72, 308, "Date: January 12, 2026"),
        (72, 360, "ATTEST"),
        (72, 400, "By: __________"),
        (72, 414, "Name: Wren Calloway"),
        (72, 426, "Title: Secretary, Board of Education"),
        (72, 438, "Date: January 12, 2026"),
    ]
    info = find_district_signing(_segmented(tmp_path, [_paragraph(40, PREAMBLE)[:1], lines]))
    assert (info.signer, info.title, info.date) == (
        "Ivo Brandt",
        "President, Board of Education",
        datetime.date(2026, 1, 12),
    )


def test_bare_name_and_title_under_the_signature_line(tmp_path: Path) -> None:
    lines = [
        (72, 100, "NORTHGATE SCHOOL DISTRICT 12"),
        (72, 140, "By: ______________________"),
        (72, 154, "Cora Vance"),
        (72, 166, "Director of Technology"),
        (72, 178, "Date: 4/15/2026"),
    ]
    info = find_district_signing(_segmented(tmp_path, [lines]))
    assert (info.signer, info.title, info.date) == (
        "Cora Vance",
        "Director of Technology",
        datetime.date(2026, 4, 15),
    )


def test_unsigned_blank_block_is_not_a_signer(tmp_path: Path) -> None:
    lines = [
        (72, 100, "SUBSCRIBING SCHOOL DISTRICT"),
        (72, 140, "By: ____________"),
        (72, 154, "Name: ____________"),
        (72, 166, "Title: ____________"),
        (72, 178, "Date: ________"),
    ]
    info = find_district_signing(_segmented(tmp_path, [lines]))
    assert info.signer is None and info.date is None


# ---------------------------------------------------------------------------------------------
# The labelled corpus

NAMES = sorted(p.name.removesuffix(".labels.json") for p in CORPUS.glob("*.labels.json"))


@pytest.fixture(scope="module")
def corpus_segmented() -> dict[str, SegmentedDocument]:
    return {name: segment(parse(CORPUS / f"{name}.pdf")) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_corpus_operator(name: str, corpus_segmented: dict[str, SegmentedDocument]) -> None:
    expected = json.loads((CORPUS / f"{name}.labels.json").read_text())["operator"]
    info = find_operator(corpus_segmented[name])
    assert (info.name, info.address) == (expected["name"], expected["address"])


@pytest.mark.parametrize("name", NAMES)
def test_corpus_district_signing(name: str, corpus_segmented: dict[str, SegmentedDocument]) -> None:
    expected = json.loads((CORPUS / f"{name}.labels.json").read_text())["signing"]
    info = find_district_signing(corpus_segmented[name])
    date = info.date.isoformat() if info.date else None
    assert (info.signer, info.title, date) == (
        expected["district_signer"],
        expected["title"],
        expected["date"],
    )


def test_issue_6_block_without_a_by_line(tmp_path: Path) -> None:
    """On a scan the "By:" line can vanish under the handwritten signature; name/title/date still count."""
    lines = [
        *_paragraph(72, PREAMBLE),
        (72, 400, "NORTHGATE COMMUNITY UNIT SCHOOL DISTRICT 12"),
        (72, 460, "Name: Lena Okafor"),
        (72, 472, "Title: Superintendent"),
        (72, 484, "Date: May 2, 2025"),
        (72, 540, "PLUMTREE SOFTWARE, INC."),
        (72, 600, "Name: Ivo Brandt"),
        (72, 612, "Title: Chief Executive Officer"),
        (72, 624, "Date: May 1, 2025"),
    ]
    found = find_district_signing(_segmented(tmp_path, [lines]))
    expected = ("Lena Okafor", "Superintendent", datetime.date(2025, 5, 2))
    assert (found.signer, found.title, found.date) == expected


def test_issue_6_two_word_labels_spaced_wide(tmp_path: Path) -> None:
    """A converted Word file spaces "Printed   Name:" widely; the label starts at its first word."""
    lines = [
        *_paragraph(72, PREAMBLE),
        (72, 400, "NORTHGATE COMMUNITY UNIT SCHOOL DISTRICT 12"),
        (72, 440, "By:"),
        (72, 460, "Printed"),
        (122, 460, "Name: Lena Okafor"),
        (72, 472, "Title: Superintendent"),
        (72, 484, "Date"),
        (104, 484, "Signed: May 2, 2025"),
        (72, 540, "PLUMTREE SOFTWARE, INC."),
        (72, 580, "By:"),
        (72, 600, "Printed"),
        (122, 600, "Name: Ivo Brandt"),
        (72, 612, "Title: Chief Executive Officer"),
    ]
    found = find_district_signing(_segmented(tmp_path, [lines]))
    assert (found.signer, found.date) == ("Lena Okafor", datetime.date(2025, 5, 2))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (  # "By: <name>" / "Its:" with a numeric date, side by side with the vendor's block
            [
                (72, 400, "ORCHARD LAKE CUSD 9"),
                (320, 400, "PLUMTREE SOFTWARE, INC."),
                (72, 440, "By: Nadia Ferrante"),
                (320, 440, "By: Otto Brill"),
                (72, 454, "Its: Chief Technology Officer"),
                (320, 454, "Its: President"),
                (72, 468, "Date: 03/04/2026"),
                (320, 468, "Date: 03/01/2026"),
            ],
            ("Nadia Ferrante", "Chief Technology Officer", datetime.date(2026, 3, 4)),
        ),
        (  # no field labels but "Dated:"; the party named by its role
            [
                (72, 400, "FOR THE DISTRICT"),
                (320, 400, "FOR THE VENDOR"),
                (72, 450, "Dr. Imre Solvang"),
                (320, 450, "Petra Wilk"),
                (72, 463, "Superintendent"),
                (320, 463, "Chief Operating Officer"),
                (72, 476, "Dated: April 9, 2026"),
                (320, 476, "Dated: April 2, 2026"),
            ],
            ("Dr. Imre Solvang", "Superintendent", datetime.date(2026, 4, 9)),
        ),
        (  # "Name, Title" on one line under the signature, then "Date signed:"; blocks stacked
            [
                (72, 400, "For the District:"),
                (72, 450, "Marisol Okwuosa, Director of Technology"),
                (72, 463, "Date signed: June 1, 2026"),
                (72, 520, "For the Vendor:"),
                (72, 570, "Petra Wilk, Chief Operating Officer"),
                (72, 583, "Date signed: May 28, 2026"),
            ],
            ("Marisol Okwuosa", "Director of Technology", datetime.date(2026, 6, 1)),
        ),
        (  # side by side, the district signer's "Name," wrapping its title, so "Signed:" rows differ
            [
                (72, 400, "For the District:"),
                (320, 400, "For the Vendor:"),
                (72, 450, "Dr. Augustin Pellerano-Vasquez,"),
                (320, 450, "Petra Wilk, Chief Operating Officer"),
                (72, 463, "Superintendent of Schools"),
                (320, 463, "Signed: May 28, 2026"),
                (72, 476, "Signed: June 2, 2026"),
            ],
            ("Dr. Augustin Pellerano-Vasquez", "Superintendent of Schools", datetime.date(2026, 6, 2)),
        ),
    ],
    ids=["by-its-numeric-date", "unlabelled-dated", "name-comma-title-stacked", "name-wrapped-side-by-side"],
)
def test_signature_block_drafting_variants(
    tmp_path: Path, lines: list[tuple[float, float, str]], expected: tuple
) -> None:
    info = find_district_signing(_segmented(tmp_path, [_paragraph(72, PREAMBLE) + lines]))
    assert (info.signer, info.title, info.date) == expected
    assert info.evidence and all(e.bbox.x1 < 320 for e in info.evidence)


@pytest.mark.parametrize("name", NAMES)
def test_corpus_operator_and_signing_evidence_reads_what_it_highlights(
    name: str, corpus_segmented: dict[str, SegmentedDocument]
) -> None:
    """The reviewer sees the words under each highlight, taken from the clause they belong to."""
    segmented = corpus_segmented[name]
    operator, signing = read_operator(segmented), read_signing(segmented)
    clauses = {c.id: c.text for c in segmented.clauses}
    evidence = [*operator.evidence, *signing.evidence]
    assert evidence
    for item in evidence:
        assert item.text and item.text in clauses[item.clause_id], item
    if operator.name:
        assert any(operator.name.split()[0] in e.text for e in operator.evidence)
