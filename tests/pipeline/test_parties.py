"""Operator identity and district signing: crafted agreements and the labelled corpus."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from pipeline.detect.operator import find_operator, street_address
from pipeline.detect.party_names import org_names
from pipeline.detect.signature_blocks import find_district_signing, parse_date
from pipeline.detect.sources import read_operator, read_signing
from pipeline.parse import parse
from pipeline.segment import segment
from pipeline.types import SegmentedDocument
from tests.conftest import CORPUS as SHARED_CORPUS
from tests.pdf_support import Placed, placed_pdf, wrapped

CORPUS = SHARED_CORPUS


def _segmented(tmp_path: Path, lines_by_page: list[Placed]) -> SegmentedDocument:
    """A PDF with text placed at (x, y) per page, parsed and segmented by the real stages."""
    return segment(parse(placed_pdf(tmp_path / "agreement.pdf", lines_by_page)))


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
    info = find_operator(_segmented(tmp_path, [wrapped(80, PREAMBLE) + SIDE_BY_SIDE]))
    assert info.name == "Plumtree Software, Inc."
    assert info.address == "45 Quarry Lane, Suite 7, Reno, NV 89501"
    assert {e.page for e in info.evidence} == {1}


def test_operator_address_only_in_the_notices_clause(tmp_path: Path) -> None:
    text = [
        *wrapped(
            80,
            "This License is made on May 1, 2026 between Lindenfield Reading Labs LLC (Vendor) and "
            "Northgate School District 12 (the District).",
        ),
        *wrapped(
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
    text = wrapped(
        80,
        "THIS AGREEMENT is made by and between NORTHGATE SCHOOL DISTRICT 12 (the District) and "
        "QUILLFEATHER LEARNING CORP., having its principal place of business at 300 Mill Road, "
        "Akron, OH 44308 (Quillfeather).",
    )
    info = find_operator(_segmented(tmp_path, [text]))
    assert info.name == "Quillfeather Learning Corp."
    assert info.address == "300 Mill Road, Akron, OH 44308"


def test_no_company_named_gives_no_operator(tmp_path: Path) -> None:
    text = wrapped(80, "The school will keep its records in the office of the principal for five years.")
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
    info = find_district_signing(_segmented(tmp_path, [wrapped(80, PREAMBLE) + SIDE_BY_SIDE]))
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
    info = find_district_signing(_segmented(tmp_path, [wrapped(40, PREAMBLE)[:1], lines]))
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
        *wrapped(72, PREAMBLE),
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
        *wrapped(72, PREAMBLE),
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
    info = find_district_signing(_segmented(tmp_path, [wrapped(72, PREAMBLE) + lines]))
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


# ---------------------------------------------------------------------------------------------
# Issue 14: the operator's name and business address in every ordinary US form


def _page(*paragraphs: str) -> list[tuple[float, float, str]]:
    """Paragraphs one under the other with a blank line between, as an agreement prints them."""
    lines: list[tuple[float, float, str]] = []
    y = 80.0
    for text in paragraphs:
        block = wrapped(y, text)
        lines += block
        y = block[-1][1] + 26
    return lines


DISTRICT_PARTY = (
    "the Board of Education of Harlan Mill Community Unit School District 417, whose administrative "
    "office is at 600 North Orchard Street, Harlan Mill, Illinois 61488 (the District)"
)


@pytest.mark.parametrize(
    ("operator_party", "name", "address"),
    [
        (
            "Quillfeather Learning Systems, LLC, a Wisconsin limited liability company with its principal "
            "place of business at 2150 Cobalt Ridge Parkway, Suite 310, Madison, Wisconsin 53718 "
            '(the "Provider")',
            "Quillfeather Learning Systems, LLC",
            "2150 Cobalt Ridge Parkway, Suite 310, Madison, Wisconsin 53718",
        ),
        (
            "Lanternfly Tutoring Collaborative, NFP, an Illinois not-for-profit corporation whose business "
            'address is 4418 North Thornbury Avenue, Chicago, Illinois 60625 (the "Provider")',
            "Lanternfly Tutoring Collaborative, NFP",
            "4418 North Thornbury Avenue, Chicago, Illinois 60625",
        ),
        (
            "the Board of Trustees of Vermilion State University, a body politic and corporate of the State "
            "of Illinois, acting through its Learning Measurement Laboratory, 311 Hollis Hall, 900 West "
            'University Drive, Ashmore, Illinois 61912 (the "University")',
            "Board of Trustees of Vermilion State University",
            "311 Hollis Hall, 900 West University Drive, Ashmore, Illinois 61912",
        ),
        (
            'Brightmoor Reading Company, with offices at P.O. Box 4410, Boulder, CO 80306-4410 ("Vendor")',
            "Brightmoor Reading Company",
            "P.O. Box 4410, Boulder, CO 80306-4410",
        ),
        (
            "Ostrander Analytics Inc., 500 Grant Street, 12th Floor, Pittsburgh, Pennsylvania 15219 "
            '("Contractor")',
            "Ostrander Analytics Inc.",
            "500 Grant Street, 12th Floor, Pittsburgh, Pennsylvania 15219",
        ),
    ],
    ids=["state-name-suite", "nfp-inline", "body-politic-building", "po-box-zip4", "floor-after-name"],
)
def test_operator_party_of_the_preamble(tmp_path: Path, operator_party: str, name: str, address: str) -> None:
    preamble = f"This Agreement is made by and between {DISTRICT_PARTY}, and {operator_party}."
    subprocessors = (
        "The Provider discloses covered information only to the following subprocessors: Quietbrook "
        "Cloud, LLC, which hosts the service; Quietbrook Cloud, LLC also stores backups in Ohio."
    )
    info = find_operator(_segmented(tmp_path, [_page(preamble, subprocessors)]))
    assert (info.name, info.address) == (name, address)


def test_subprocessor_table_rows_are_never_the_operator(tmp_path: Path) -> None:
    """No corporate suffix in the preamble; companies named often in the subprocessor table."""
    preamble = (
        "This Agreement is between Harlan Mill School District 417 (District) and Fennel Tutoring "
        "Collaborative, an Illinois not-for-profit corporation, 20 Elm Street, Peoria, IL 61602 (Provider)."
    )
    rows = [
        (72, 300 + 14 * i, text)
        for i, text in enumerate(
            [
                "Subprocessor                      Purpose",
                "Quietbrook Cloud, LLC             hosting",
                "Quietbrook Cloud, LLC             backups",
                "Tallowmere Video, Inc.            video sessions",
            ]
        )
    ]
    info = find_operator(_segmented(tmp_path, [_page(preamble) + rows]))
    assert (info.name, info.address) == ("Fennel Tutoring Collaborative", "20 Elm Street, Peoria, IL 61602")


def test_without_a_preamble_the_subprocessor_list_does_not_name_the_operator(tmp_path: Path) -> None:
    body = [
        "Acme Learning, Inc. provides the Acme Reader service to the District under this addendum.",
        "Acme Learning, Inc. uses the following subprocessors: Quietbrook Cloud, LLC (hosting), Quietbrook "
        "Cloud, LLC (backups) and Quietbrook Cloud, LLC (logging).",
    ]
    assert find_operator(_segmented(tmp_path, [_page(*body)])).name == "Acme Learning, Inc."


def test_letterhead_address_over_three_lines(tmp_path: Path) -> None:
    letterhead = [
        (200, 60, "SPARROWFIELD MATH, INC."),
        (200, 74, "1875 Larkspur Avenue"),
        (200, 86, "Suite 204"),
        (200, 98, "Boulder, Colorado 80302"),
    ]
    body = wrapped(
        160,
        "Dear Business Manager: Sparrowfield Math, Inc. confirms that it will protect covered information "
        "of the students of Briar Crossing School District 88 as the Student Online Personal Protection "
        "Act requires.",
    )
    info = find_operator(_segmented(tmp_path, [letterhead + body]))
    assert info.name == "Sparrowfield Math, Inc."
    assert info.address == "1875 Larkspur Avenue, Suite 204, Boulder, Colorado 80302"


def test_address_in_a_table_cell_beside_the_operator(tmp_path: Path) -> None:
    rows = [
        (72, 100, "Local Education Agency"),
        (250, 100, "Westfield Community Unit School District 201"),
        (72, 124, "Provider"),
        (250, 124, "Copperleaf Student Wellness, Inc."),
        (72, 148, "Business address"),
        (250, 148, "4410 Burnet Road, Suite 220"),
        (250, 160, "Austin, Texas 78756"),
        (72, 184, "Agreement number"),
        (250, 184, "CSW-IL-25-066"),
    ]
    info = find_operator(_segmented(tmp_path, [rows]))
    assert info.name == "Copperleaf Student Wellness, Inc."
    assert info.address is not None and info.address.startswith("4410 Burnet Road")
    assert info.address.endswith("Austin, Texas 78756")


def test_address_only_in_the_notices_clause_with_the_state_written_out(tmp_path: Path) -> None:
    text = _page(
        "This Agreement is between Westfield School District 201 (District) and Plumtree Software, Inc. "
        "(Provider).",
        "12. Notices. Notices to the District go to 900 Elm Road, Westfield, Illinois 60001. Notices to "
        "the Provider go to its privacy office at 45 Quarry Lane, Suite 7, Reno, Nevada 89501-2201.",
    )
    info = find_operator(_segmented(tmp_path, [text]))
    assert (info.name, info.address) == (
        "Plumtree Software, Inc.",
        "45 Quarry Lane, Suite 7, Reno, Nevada 89501-2201",
    )


def test_a_date_and_a_section_reference_are_no_address(tmp_path: Path) -> None:
    text = _page(
        "This Agreement is made on August 4, 2025 between Westfield School District 201 (District) and "
        "Plumtree Software, Inc. (Provider) under Section 5, Illinois 60625 of the fee schedule of $12,500.",
    )
    info = find_operator(_segmented(tmp_path, [text]))
    assert (info.name, info.address) == ("Plumtree Software, Inc.", None)
