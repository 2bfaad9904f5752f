"""US business addresses in every ordinary written form (105 ILCS 85/27(a)(2))."""

from __future__ import annotations

import pytest

from pipeline.detect.addresses import STATES, find_addresses, first_address, join_lines, state_code


@pytest.mark.parametrize(
    ("text", "expected", "state", "zip_code"),
    [
        ("at 9 Oak Street, Austin, TX 78701 (Vendor)", "9 Oak Street, Austin, TX 78701", "TX", "78701"),
        (
            "with its principal place of business at 2150 Cobalt Ridge Parkway, Suite 310, Madison, "
            "Wisconsin 53718 (the Provider)",
            "2150 Cobalt Ridge Parkway, Suite 310, Madison, Wisconsin 53718",
            "WI",
            "53718",
        ),
        (
            "whose business address is 4418 North Thornbury Avenue, Chicago, Illinois 60625.",
            "4418 North Thornbury Avenue, Chicago, Illinois 60625",
            "IL",
            "60625",
        ),
        (
            "whose business address is 1 Main Plaza, Suite 400, Denver, CO 80202-1234.",
            "1 Main Plaza, Suite 400, Denver, CO 80202-1234",
            "CO",
            "80202-1234",
        ),
        (
            "acting through its Measurement Laboratory, 311 Hollis Hall, 900 West University Drive, "
            "Ashmore, Illinois 61912",
            "311 Hollis Hall, 900 West University Drive, Ashmore, Illinois 61912",
            "IL",
            "61912",
        ),
        (
            "Attn: Legal Department, P.O. Box 1200, Springfield, Illinois 62701",
            "P.O. Box 1200, Springfield, Illinois 62701",
            "IL",
            "62701",
        ),
        (
            "12 Harbor Street, 3rd Floor, Duluth, Minnesota 55802",
            "12 Harbor Street, 3rd Floor, Duluth, Minnesota 55802",
            "MN",
            "55802",
        ),
        (
            "Suite 400, 77 West Wacker Drive, Chicago, IL 60601-1604",
            "Suite 400, 77 West Wacker Drive, Chicago, IL 60601-1604",
            "IL",
            "60601-1604",
        ),
        (
            "One Market Plaza, Floor 12, San Francisco, California 94105",
            "One Market Plaza, Floor 12, San Francisco, California 94105",
            "CA",
            "94105",
        ),
        (
            "1875 LARKSPUR AVENUE, SUITE 204, BOULDER, COLORADO 80302",
            "1875 LARKSPUR AVENUE, SUITE 204, BOULDER, COLORADO 80302",
            "CO",
            "80302",
        ),
        (
            "Acme, Inc., 10 Main St., Washington, D.C. 20001",
            "10 Main St., Washington, D.C. 20001",
            "DC",
            "20001",
        ),
        (
            "located at 700 Lakeview Road, Raleigh, North Carolina 27601",
            "700 Lakeview Road, Raleigh, North Carolina 27601",
            "NC",
            "27601",
        ),
        (
            "whose business address is 4418 North Thornbury Avenue, Chicago, Illinois (the Provider)",
            "4418 North Thornbury Avenue, Chicago, Illinois",
            "IL",
            None,
        ),
    ],
    ids=[
        "code",
        "state-name-suite",
        "inline-sentence",
        "zip4",
        "building-line",
        "po-box",
        "floor",
        "suite-first",
        "spelled-number",
        "capitals",
        "dc",
        "two-word-state",
        "no-zip",
    ],
)
def test_first_address(text: str, expected: str, state: str, zip_code: str | None) -> None:
    found = first_address(text)
    assert found is not None
    assert (found.text, found.state, found.zip_code) == (expected, state, zip_code)
    assert " ".join(text[found.start : found.end].split()) == expected


@pytest.mark.parametrize(
    "text",
    [
        "This Agreement is dated August 4, 2025 and runs for 12 months.",
        "The fee is $60,625 per year, payable in Chicago, Illinois.",
        "as defined in Section 5, Illinois 60625 notwithstanding",
        "Vendor, a Delaware corporation, and the District, an Illinois school district",
        "District 113, Cook County, Illinois, whose office is open",
        "Order No. 44120 placed in Texas",
        "no address in this sentence",
    ],
    ids=["date", "dollars", "section-phrase", "states-of-incorporation", "county", "order-number", "none"],
)
def test_not_an_address(text: str) -> None:
    assert first_address(text) is None
    assert find_addresses(text) == []


def test_two_addresses_in_one_preamble_both_found_in_order() -> None:
    text = (
        "between the District, 600 North Orchard Street, Harlan Mill, Illinois 61488 (District), and "
        "Acme LLC, 2150 Cobalt Ridge Parkway, Suite 310, Madison, WI 53718 (Provider)"
    )
    assert [a.text for a in find_addresses(text)] == [
        "600 North Orchard Street, Harlan Mill, Illinois 61488",
        "2150 Cobalt Ridge Parkway, Suite 310, Madison, WI 53718",
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["1875 Larkspur Avenue", "Suite 204", "Boulder, Colorado 80302"],
            "1875 Larkspur Avenue, Suite 204, Boulder, Colorado 80302",
        ),
        (["P.O. Box 77", "Ames, IA 50010-0077"], "P.O. Box 77, Ames, IA 50010-0077"),
        (
            ["311 Hollis Hall", "900 West University Drive", "Ashmore, Illinois 61912"],
            "311 Hollis Hall, 900 West University Drive, Ashmore, Illinois 61912",
        ),
    ],
    ids=["three-lines", "box-two-lines", "building-three-lines"],
)
def test_address_over_lines(lines: list[str], expected: str) -> None:
    found = first_address(join_lines(lines))
    assert found is not None and found.text == expected


@pytest.mark.parametrize(
    ("written", "code"),
    [("Illinois", "IL"), ("ILLINOIS", "IL"), ("New  York", "NY"), ("WI", "WI"), ("D.C.", "DC")],
)
def test_state_code(written: str, code: str) -> None:
    assert state_code(written) == code


def test_state_table_is_the_states_and_dc() -> None:
    codes = set(STATES.values())
    assert len(codes) == len(STATES) == 52  # 50 states, DC, Puerto Rico
    assert {"IL", "DC", "WI", "CO"} <= codes
