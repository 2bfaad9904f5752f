"""Prohibited uses, school-official and posting statements count only what the law asks for.

Prohibited uses are the operator's own prohibitions, in the scope of the prohibiting word (not an
exception or permission after it, not the school's duty, not the FERPA re-disclosure limit of the
school-official statement); a school-official statement designates the operator as one; a posting
statement publishes the agreement itself.
"""

from __future__ import annotations

import pytest

from pipeline.detect.catalogue import default_catalogue
from pipeline.detect.extractors.uses import stated_uses
from pipeline.detect.registry import get_rule
from pipeline.findings import Finding
from tests.pipeline.detect_support import context


def run(requirement_id: str, *paragraphs: str | tuple[str, str]) -> list[Finding]:
    rule = get_rule(default_catalogue().get(requirement_id).rule)
    return rule.find(context(*paragraphs), requirement_id)


def stated(*paragraphs: str | tuple[str, str]) -> list[str]:
    findings = run("prohibited_uses", *paragraphs)
    return findings[0].values["stated"] if findings else []


SCOPES = [
    ("Vendor will not sell Student Data, but may disclose it to its subprocessors.", ["sale"]),
    (
        "Provider shall not sell Pupil Records; Provider may share Pupil Records with its affiliates.",
        ["sale"],
    ),
    (
        "Company will not rent Customer Data except that it is permitted to disclose Customer Data to "
        "service providers.",
        ["sale"],
    ),
    (
        "Provider shall not: (a) use Student Data for targeted advertising; (b) amass a profile of a student "
        "except in furtherance of K-12 school purposes; (c) sell Student Data; or (d) disclose Student Data.",
        ["sale", "targeted_advertising", "profiling", "disclosure"],
    ),
    (
        "Vendor will not use Pupil Records other than for school purposes, and will not sell them.",
        ["sale"],
    ),
    (
        "Operator shall not disclose Covered Information except to the subcontractors listed in Schedule 2.",
        ["disclosure"],
    ),
    (
        "The Provider may not sell student data and may not use it to target advertising.",
        ["sale", "targeted_advertising"],
    ),
]


@pytest.mark.parametrize(("text", "uses"), SCOPES, ids=[f"scope{i}" for i in range(len(SCOPES))])
def test_use_counts_only_inside_the_prohibitions_scope(text: str, uses: list[str]) -> None:
    assert stated_uses(text) == uses


FERPA_REDISCLOSURE = [
    "We use it only for purposes the District authorizes and will not re-disclose it to a third party or "
    "affiliate without the District's permission or a court order.",
    "Vendor uses Pupil Records solely for the authorized purposes of this Agreement and shall not redisclose "
    "them to third parties without the Board's permission or pursuant to a court order.",
    "Provider is a school official with a legitimate educational interest and will not re-disclose Customer "
    "Data without Customer's written permission or a court order.",
]


@pytest.mark.parametrize(
    "ferpa", FERPA_REDISCLOSURE, ids=[f"ferpa{i}" for i in range(len(FERPA_REDISCLOSURE))]
)
def test_school_official_redisclosure_limit_is_not_a_section_10_disclosure_prohibition(ferpa: str) -> None:
    assert stated("Vendor will not sell or rent Student Data.", ferpa) == ["sale"]


def test_standalone_redisclosure_prohibition_counts() -> None:
    text = "Vendor will not re-disclose Student Data to third parties except as this Addendum allows."
    assert stated("Vendor will not sell Student Data.", text) == ["sale", "disclosure"]


@pytest.mark.parametrize(
    "school_duty",
    [
        "The District will not share disciplinary records or health records with the Vendor.",
        "The Board shall not disclose Pupil Records to the Contractor by ordinary email.",
    ],
)
def test_schools_own_duty_is_not_an_operator_prohibition(school_duty: str) -> None:
    assert stated("Vendor will not sell Student Data.", school_duty) == ["sale"]


def test_evidence_prefers_the_agreements_own_list_over_a_statute_restatement() -> None:
    findings = run(
        "prohibited_uses",
        "The Provider shall not engage in any practice that Section 10 of SOPPA prohibits, including "
        "targeted advertising, selling covered information or disclosing it except as SOPPA permits.",
        "The Provider shall not sell, rent or trade Student Data.",
        "The Provider shall not use Student Data for targeted advertising.",
        "The Provider shall not disclose Student Data to third parties except as Section 4 allows.",
    )
    evidence = " ".join(e.text for f in findings for e in f.evidence)
    assert "Section 10" not in evidence
    assert "sell, rent or trade" in evidence and "targeted advertising" in evidence


DESIGNATIONS = [
    "For purposes of FERPA, Vendor is a school official with a legitimate educational interest.",
    'The District designates Contractor as a "school official" with a legitimate educational interest.',
    "Pursuant to FERPA, the Operator is acting as a school official under the direct control of the Board.",
    "Supplier shall be deemed a school official within the meaning of 34 C.F.R. 99.31(a)(1).",
    "When we handle your students' information we act as a school official with a legitimate "
    "educational interest.",
]


@pytest.mark.parametrize("text", DESIGNATIONS, ids=[f"designates{i}" for i in range(len(DESIGNATIONS))])
def test_school_official_designation_is_found(text: str) -> None:
    assert run("school_official", text)


NOT_DESIGNATIONS = [
    "The University is an independent researcher; it is not designated as a school official of the District "
    "by this MOU.",
    "The Researcher is not a school official of the District and does not perform an institutional function.",
    "FERPA permits the District to disclose education records to school officials with a legitimate "
    "educational interest.",
    "This disclosure is made under the studies exception of FERPA, and the District's school "
    "officials remain responsible for the records.",
]


@pytest.mark.parametrize(
    "text", NOT_DESIGNATIONS, ids=[f"not_designation{i}" for i in range(len(NOT_DESIGNATIONS))]
)
def test_passing_or_negated_school_official_mention_is_not_the_statement(text: str) -> None:
    assert run("school_official", text) == []


POSTINGS = [
    "The District will publish this DPA on its website.",
    "Because the District maintains a website, the District will publish this DPA, including its "
    "exhibits, on its website, together with the Provider's address and the Subprocessor list.",
    "We understand that the District will post this letter on its website, as SOPPA requires.",
    "This Agreement will be posted on the Board's website within ten business days after signing.",
    ("Publication", "The School will post it on its website within ten business days after it is signed."),
]


@pytest.mark.parametrize("text", POSTINGS, ids=[f"posting{i}" for i in range(len(POSTINGS))])
def test_publishing_the_agreement_is_the_posting_statement(text: str | tuple[str, str]) -> None:
    assert run("posting_statement", text)


NOT_POSTINGS = [
    ("Publication of Study Results", "The University may present and publish the results of the Study."),
    ("Publication of Study Results", "The University shall not name the District in any publication."),
    "Vendor will post its privacy policy and the subprocessor list for this Agreement on its website.",
    "The Researcher may publish findings from this MOU in scholarly journals.",
]


@pytest.mark.parametrize("text", NOT_POSTINGS, ids=[f"not_posting{i}" for i in range(len(NOT_POSTINGS))])
def test_publishing_something_else_is_not_the_posting_statement(text: str | tuple[str, str]) -> None:
    assert run("posting_statement", text) == []
