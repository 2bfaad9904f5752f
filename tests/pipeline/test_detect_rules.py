"""Rule tables: invented sentences -> requirement found (with values) or not, with negations/distractors."""

from __future__ import annotations

import pytest

from pipeline.detect.catalogue import default_catalogue
from pipeline.detect.registry import get_rule
from pipeline.findings import Finding
from tests.pipeline.detect_support import context


def run(requirement_id: str, *paragraphs: str | tuple[str, str]) -> list[Finding]:
    rule = get_rule(default_catalogue().get(requirement_id).rule)
    return rule.find(context(*paragraphs), requirement_id)


FOUND = [
    (
        "breach_notice",
        "The Contractor shall notify the Board of any Unauthorized Disclosure of Pupil Records within "
        "seventy-two (72) hours of discovering it.",
        {"period": 72, "unit": "hours"},
    ),
    (
        "breach_notice",
        "Upon confirming a Security Incident, Supplier will inform the School promptly, and in no event "
        "later than 48 hours.",
        {"period": 48, "unit": "hours"},
    ),
    (
        "breach_notice",
        "Vendor will notify the District of a data breach within twenty (20) business days.",
        {"period": 20, "unit": "business_days"},
    ),
    (
        "breach_notice",
        "Company will report any breach of Customer Data to Customer without unreasonable delay.",
        {"period": None, "unit": None},
    ),
    (
        "breach_notice",
        "The Operator shall notify the LEA of an Incident within sixty days after it is determined.",
        {"period": 60, "unit": "days"},
    ),
    (
        "return_or_delete",
        "When the Covered Information is no longer needed for the purposes of this Agreement, the "
        "Operator shall destroy it within one (1) month.",
        {"period": 1, "unit": "months"},
    ),
    (
        "return_or_delete",
        "Upon termination of the Agreement, Vendor will return or erase all Student Records within "
        "forty-five (45) calendar days.",
        {"period": 45, "unit": "calendar_days"},
    ),
    (
        "return_or_delete",
        "On expiration of the Term, Supplier shall purge all Pupil Records in accordance with its "
        "retention policy.",
        {"period": None, "unit": None},
    ),
    (
        "delete_on_request",
        "Within ten (10) business days after the District requests it, Vendor will delete a "
        "student's Covered Information.",
        {"period": 10, "unit": "business_days"},
    ),
    (
        "reasonable_security",
        "Contractor shall maintain administrative, technical and physical safeguards that meet or "
        "exceed industry standards, including NIST SP 800-53 and an annual SOC 2 Type II audit.",
        {"standards": ["NIST SP 800-53", "SOC 2 Type II"]},
    ),
    (
        "school_official",
        "For purposes of FERPA, Vendor is a school official with a legitimate educational interest "
        "and is under the direct control of the School.",
        {},
    ),
    (
        "breach_cost_allocation",
        "If an Incident is attributable to Supplier, Supplier shall reimburse the School for the "
        "costs of notifying parents, credit monitoring and forensic investigation.",
        {},
    ),
    ("posting_statement", "The Board will post this Agreement on its website as the Act requires.", {}),
    (
        "prohibited_uses",
        "Operator shall not sell or rent Pupil Records, use them for targeted advertising, or amass a "
        "profile of a student except for K-12 school purposes.",
        {"stated": ["sale", "targeted_advertising", "profiling"]},
    ),
    (
        "third_parties",
        "Supplier shares Student Data only with these Authorized Third Parties: Nimbus Hosting, Inc. "
        "(hosting); Quillmail LLC (email).",
        {"names": ["Nimbus Hosting, Inc.", "Quillmail LLC"], "url": None},
    ),
    (
        "third_parties",
        "The current list of our Subprocessors is available at https://vendor.example/subprocessors.",
        {"names": [], "url": "https://vendor.example/subprocessors"},
    ),
    (
        "data_categories",
        "The categories of Pupil Records the District will provide are listed in Exhibit B.",
        {},
    ),
    (  # the incident told as what happened to the data, not named as a breach
        "breach_notice",
        "Should any pupil record be acquired without authorization, the Contractor will alert the Board "
        "within 48 hours.",
        {"period": 48, "unit": "hours"},
    ),
    (  # the agreement names itself a memorandum of understanding
        "posting_statement",
        "The Board shall publish this Memorandum of Understanding on the district website.",
        {},
    ),
    (
        "posting_statement",
        "The school will post this MOU and its rider on its public web page.",
        {},
    ),
]


@pytest.mark.parametrize(
    ("requirement", "text", "values"),
    [(r, t, v) for r, t, v in FOUND],
    ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(FOUND)],
)
def test_rule_finds_requirement_and_values(requirement: str, text: str, values: dict) -> None:
    findings = run(requirement, text)
    assert findings, f"{requirement} not found in: {text}"
    for key, expected in values.items():
        assert findings[0].values.get(key) == expected
    assert findings[0].evidence and findings[0].evidence[0].page == 1


NOT_FOUND = [
    (
        "breach_notice",
        '"Security Incident" means any unauthorized acquisition of Student Data.',
    ),  # definition
    ("breach_notice", "The Vendor is not required to notify the District of unsuccessful log-in attempts."),
    (
        "breach_notice",
        "Either party may terminate on notice if the other commits a material breach of this Agreement "
        "and fails to cure it within thirty (30) days.",
    ),
    (
        "return_or_delete",
        "Provider is not obligated to delete Student Data from archival backup tapes upon termination.",
    ),
    (
        "delete_on_request",
        "The Operator is not required to delete de-identified data at the School's request.",
    ),
    (
        "delete_on_request",
        "A parent may ask to review a student's records, and Vendor will respond within five (5) "
        "business days.",
    ),
    (
        "third_parties",
        "Our hardware subcontractors ship and install the classroom devices and receive no Student Data.",
    ),
    ("reasonable_security", "Licensee shall pay a security deposit of two thousand dollars on signing."),
    (
        "breach_cost_allocation",
        "Each party shall indemnify the other against third-party claims arising from its negligence.",
    ),
    ("posting_statement", "Vendor publishes its list of subprocessors on its website."),
    ("school_official", "The parties will comply with COPPA and obtain parental consent where required."),
]


@pytest.mark.parametrize(
    ("requirement", "text"), NOT_FOUND, ids=[f"{r}-neg{i}" for i, (r, _) in enumerate(NOT_FOUND)]
)
def test_rule_ignores_negations_and_distractors(requirement: str, text: str) -> None:
    assert run(requirement, text) == []


def test_breach_prefers_operator_duty_over_district_parent_notice() -> None:
    findings = run(
        "breach_notice",
        "The District shall notify affected parents of a breach within thirty (30) calendar days.",
        "The Vendor shall notify the District of a breach within five (5) days after discovering it.",
    )
    assert findings[0].values == {"period": 5, "unit": "days"}


def test_heading_context_makes_short_duty_a_candidate() -> None:
    findings = run(
        "breach_notice", ("Security Incidents", "Vendor will notify the District within 24 hours.")
    )
    assert findings and findings[0].values == {"period": 24, "unit": "hours"}


def test_deletion_on_request_prefers_individual_student_over_end_of_term() -> None:
    findings = run(
        "delete_on_request",
        "Upon termination and at the District's request, Vendor will delete all data within 90 days.",
        "At the District's request, Vendor will delete a particular student's records within 15 days.",
    )
    assert findings[0].values == {"period": 15, "unit": "days"}


def test_third_party_list_after_lead_in_and_hardware_carriers_excluded() -> None:
    findings = run(
        "third_parties",
        "Vendor discloses Student Data only to the following subprocessors:",
        "• Cobalt Compute, Inc. - hosting",
        "• Lark Messaging LLC - email delivery",
        "Our shipping carrier, Route Freight Co., ships devices and receives no Student Data.",
    )
    assert findings[0].values["names"] == ["Cobalt Compute, Inc.", "Lark Messaging LLC"]


def test_prohibited_uses_from_lead_in_items() -> None:
    findings = run(
        "prohibited_uses",
        "Vendor shall not:",
        "(a) sell Student Data;",
        "(b) use Student Data for targeted advertising.",
    )
    assert set(findings[0].values["stated"]) == {"sale", "targeted_advertising"}


def test_permission_sentence_is_not_a_prohibition() -> None:
    assert (
        run("prohibited_uses", "Nothing in this Section prohibits Vendor from using de-identified data.")
        == []
    )


GENERALISED_FOUND = [
    (
        "return_or_delete",
        "We will erase every record we hold about your pupils within 45 days after the end of the "
        "subscription.",
        {"period": 45, "unit": "days"},
    ),
    (
        "return_or_delete",
        "When the Customer's subscription ends, the Vendor will delete the Customer's pupil records from its "
        "servers",
        {"period": None},
    ),
    (
        "return_or_delete",
        "Once the records are no longer needed, and at the latest within 120 days after the last order ends, "
        "Supplier will return all pupil data and then delete it, including backups.",
        {"period": 120, "unit": "days"},
    ),
]


@pytest.mark.parametrize(
    ("requirement", "text", "values"),
    GENERALISED_FOUND,
    ids=[f"{r}-gen{i}" for i, (r, _, _) in enumerate(GENERALISED_FOUND)],
)
def test_first_person_and_subscription_end_drafting(requirement: str, text: str, values: dict) -> None:
    findings = run(requirement, text)
    assert findings, f"{requirement} not found in: {text}"
    for key, expected in values.items():
        assert findings[0].values.get(key) == expected


@pytest.mark.parametrize(
    "text",
    [
        "If you do not fix the breach within 15 days of our notice, we may suspend your account.",
        "Either party may end this agreement when the other fails to remedy the breach within 20 days of "
        "written notice.",
    ],
)
def test_cure_period_is_not_a_breach_notice(text: str) -> None:
    assert run("breach_notice", text) == []


def test_service_description_names_the_operators_companion_product_in_the_same_paragraph() -> None:
    rule = get_rule(default_catalogue().get("service_description").rule)
    ctx = context(
        (
            "1. The Service",
            "Larkspur Gradebook is a web-based gradebook that lets teachers record marks and comments. "
            "Parents follow progress in the free Larkspur Home app. Exhibit B lists the fees.",
        ),
        operator=("Larkspur Systems",),
    )
    products = rule.find(ctx, "service_description")[0].values["products"]
    assert products == ["Larkspur Gradebook", "Larkspur Home"]
