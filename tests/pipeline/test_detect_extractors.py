"""Value extractors: periods, standards, names, prohibited uses, data elements, products."""

from __future__ import annotations

import pytest

from pipeline.detect.extractors.durations import extract_duration
from pipeline.detect.extractors.elements import split_run_in
from pipeline.detect.extractors.names import find_entities, find_urls, item_name, run_in_names
from pipeline.detect.extractors.products import find_products
from pipeline.detect.extractors.standards import find_standards, standard_key
from pipeline.detect.extractors.uses import stated_uses

DURATIONS = [
    ("within seventy-two (72) hours", 72, "hours"),
    ("no later than thirty (30) calendar days after", 30, "calendar_days"),
    ("within one (1) month", 1, "months"),
    ("within sixty days", 60, "days"),
    ("promptly, and in no event later than 48 hours", 48, "hours"),
    ("within ten (10) working days", 10, "business_days"),
    ("within two (2) weeks", 2, "weeks"),
    ("within one year", 12, "months"),
    (
        "at least thirty (30) days before the change, and within five (5) business days of a request",
        5,
        "business_days",
    ),
    ("within twenty-one (21) days", 21, "days"),
]


@pytest.mark.parametrize(("text", "period", "unit"), DURATIONS, ids=[d[0][:30] for d in DURATIONS])
def test_duration_normalised(text: str, period: int, unit: str) -> None:
    assert extract_duration(text) == {"period": period, "unit": unit}


@pytest.mark.parametrize(
    "text", ["without unreasonable delay", "in a commercially reasonable time", "Section 12.3"]
)
def test_no_duration(text: str) -> None:
    assert extract_duration(text) == {"period": None, "unit": None}


def test_breach_inside_word_does_not_block_deadline() -> None:
    # "Breach" contains "each"; an earlier bug took that for "each" and skipped the deadline.
    assert extract_duration("notify of a Breach within 24 hours") == {"period": 24, "unit": "hours"}


def test_standards_named_and_keyed_by_family() -> None:
    text = (
        "aligned to ISO/IEC 27001:2013, NIST SP 800-171 Rev. 2, the CIS Controls v8 "
        "and a SOC 2 Type 2 report; FERPA"
    )
    found = find_standards(text)
    assert [standard_key(s) for s in found] == ["iso 27001", "nist_sp_800 171", "cis", "soc 2"]
    assert standard_key("ISO 27001") == standard_key("ISO/IEC 27001:2022")


def test_entities_urls_and_items() -> None:
    assert find_entities("hosted by Blue Ridge Data, Inc. and Ferro & Sons LLC") == [
        "Blue Ridge Data, Inc.",
        "Ferro & Sons LLC",
    ]
    assert find_urls("see https://example.org/vendors.") == ["https://example.org/vendors"]
    assert item_name("- Orchard Analytics – usage reporting") == "Orchard Analytics"
    assert item_name("the data is stored in the United States") is None
    assert run_in_names("We use: Alpha Cloud (hosting), Beta Mail (email) and Gamma Desk (support).") == [
        "Alpha Cloud",
        "Beta Mail",
        "Gamma Desk",
    ]


def test_stated_uses_need_a_prohibition() -> None:
    assert stated_uses("Vendor will never sell, lease or share Pupil Records or build student profiles.") == [
        "sale",
        "profiling",
        "disclosure",
    ]
    assert stated_uses("Vendor may disclose records when a court orders it.") == []


def test_run_in_elements() -> None:
    assert split_run_in(
        "The School provides: student name, grade level (K-8, incl. PK), and attendance."
    ) == ["student name", "grade level (K-8, incl. PK)", "attendance"]


def test_products_need_brand_or_introduction() -> None:
    text = "Maple Quizzer is an online quiz tool. The Services include Maple Grades Sync for the District."
    assert find_products(text, ["Maple"]) == ["Maple Quizzer", "Maple Grades Sync"]
    assert find_products("The Student Data is covered by the Agreement.", ["Maple"]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "are listed at https://acme.example/ trust/vendors and may change",
            "https://acme.example/trust/vendors",
        ),
        ("see https://acme.example/ subprocessors.", "https://acme.example/subprocessors"),
        (
            "posted at https://acme.example/help/ sub-processors, which we update",
            "https://acme.example/help/sub-processors",
        ),
        ("posted at https://acme.example/ and kept current", "https://acme.example/"),
        (
            "is kept at https://acme.example/legal/ subprocessors and is refreshed twice a year",
            "https://acme.example/legal/subprocessors",
        ),
        ("kept at https://acme.example/ which we refresh", "https://acme.example/"),
        ("kept at https:/Awww.acme.example/list and", "https://www.acme.example/list"),  # OCR misread "//"
        ("kept at https:/|acme.example/list.", "https://acme.example/list"),
        ("SEE HTTPS://ACME.EXAMPLE/LIST.", "HTTPS://ACME.EXAMPLE/LIST"),
        ("https://acme.example/ Our list changes", "https://acme.example/"),
    ],
)
def test_url_broken_at_a_line_end_is_joined_only_when_the_path_continues(text: str, expected: str) -> None:
    assert find_urls(text) == [expected]
