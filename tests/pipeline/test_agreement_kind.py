"""What a document is, and what follows from it for the checklist.

Commercial contracts promise confidentiality, security, return of materials and notice of breaches too,
but of business secrets; SOPPA's terms are promises about student data. Real contracts from SEC filings
(CUAD, ``../shared/realworld/contracts``) must therefore yield no content requirement at all, while a
short student-data agreement of any kind keeps its findings. Amendments and lone exhibits are named as
such, so a director knows why most terms are missing from them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.detect.subject import STUDENT_CONTEXT_MIN, student_context_mentions
from pipeline.findings import PARTY_REQUIREMENTS, AgreementKind, RequirementId, Verdict
from pipeline.run import check_pdf
from tests.conftest import REALWORLD
from tests.pdf_support import paragraphs_pdf

CONTRACTS = sorted((REALWORLD / "contracts").glob("*.pdf"))


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("The Provider shall protect Student Data and Pupil Records.", 2),
        ("Covered information of the LEA under FERPA and SOPPA", 4),
        ("teachers and learners in K-12 classrooms", 4),
        ("The school district and its schools", 2),  # "school district" counts once, "schools" once
        ("the Executive's parent company in the Western sales district", 0),
        ("Confidential Information includes trade secrets, know-how and customer lists", 0),
    ],
)
def test_words_of_the_school_setting_are_counted(text: str, mentions: int) -> None:
    assert student_context_mentions(text) == mentions


@pytest.mark.parametrize("contract", CONTRACTS[::4], ids=lambda p: p.name[:40])
def test_a_commercial_contract_holds_no_student_data_terms(contract: Path) -> None:
    checklist = check_pdf(contract)
    assert checklist.kind in {AgreementKind.NO_STUDENT_DATA_TERMS, AgreementKind.NOT_AN_AGREEMENT}
    content = [r for rid, r in checklist.results.items() if rid not in PARTY_REQUIREMENTS]
    assert content and all(r.verdict == Verdict.MISSING and not r.evidence for r in content)


NDA = [
    "MUTUAL NONDISCLOSURE AGREEMENT",
    "This Mutual Nondisclosure Agreement is entered into by and between Harbor Parts Inc. and Delta Tooling "
    "LLC.",
    "1. Confidential Information. Each party will not disclose the other party's Confidential Information to "
    "any third party and will protect it with reasonable security measures that meet industry standards.",
    "2. Return of Materials. Within thirty (30) days after termination, the Recipient shall return or "
    "destroy "
    "all Confidential Information, including all copies.",
    "3. Notice. The Recipient shall notify the Discloser within 48 hours after any unauthorized disclosure.",
    "4. Costs. The Recipient shall bear the costs of any unauthorized disclosure caused by it.",
]


def test_an_nda_reads_like_the_terms_but_finds_none(tmp_path: Path) -> None:
    checklist = check_pdf(paragraphs_pdf(tmp_path / "nda.pdf", NDA))
    assert checklist.kind == AgreementKind.NO_STUDENT_DATA_TERMS
    for rid in (
        RequirementId.BREACH_NOTICE,
        RequirementId.RETURN_OR_DELETE,
        RequirementId.REASONABLE_SECURITY,
    ):
        assert checklist.results[rid].verdict == Verdict.MISSING
        assert "no student-data terms" in checklist.results[rid].reason
    assert any("No student-data terms found" in p.message for p in checklist.problems)


def test_the_same_terms_about_student_data_are_found(tmp_path: Path) -> None:
    """Control: the NDA's clauses, written about a school's student records, are the SOPPA terms."""
    student = [
        line.replace("Confidential Information", "Student Data")
        .replace("Harbor Parts Inc.", "Harbor School District 12")
        .replace("MUTUAL NONDISCLOSURE AGREEMENT", "STUDENT DATA PRIVACY AGREEMENT")
        for line in NDA
    ]
    student.append("The Provider acts as a school official for the students of the District's schools.")
    checklist = check_pdf(paragraphs_pdf(tmp_path / "dpa.pdf", student))
    assert checklist.kind != AgreementKind.NO_STUDENT_DATA_TERMS
    assert checklist.results[RequirementId.BREACH_NOTICE].verdict == Verdict.FOUND
    assert checklist.results[RequirementId.RETURN_OR_DELETE].verdict == Verdict.FOUND


@pytest.mark.parametrize(
    "title",
    [
        "FIRST AMENDMENT TO STUDENT DATA PRIVACY AGREEMENT",
        "Amendment No. 2 to the Master Subscription Agreement",
        "SECOND AMENDMENT OF THE DATA SHARING AGREEMENT",
        "Amendment Number 3",
    ],
)
def test_an_amendment_is_named_as_one(tmp_path: Path, title: str) -> None:
    body = [
        title,
        "The District and the Provider are parties to an agreement on student data. The parties agree to "
        "amend "
        "it as follows.",
        "Section 6.3 is deleted and replaced with the following: The Provider shall notify the District of a "
        "breach of Student Data within 72 hours. All other terms remain in effect for the students and "
        "schools.",
    ]
    assert check_pdf(paragraphs_pdf(tmp_path / "amendment.pdf", body)).kind == AgreementKind.AMENDMENT


def test_an_amended_and_restated_agreement_is_whole(tmp_path: Path) -> None:
    body = [
        "AMENDED AND RESTATED STUDENT DATA PRIVACY AGREEMENT",
        "This Amended and Restated Agreement is entered into by and between the District and the Provider "
        "and "
        "replaces in full the agreement on student data made before; it governs the students' records.",
    ]
    assert check_pdf(paragraphs_pdf(tmp_path / "restated.pdf", body)).kind != AgreementKind.AMENDMENT


def test_a_lone_exhibit_is_named_as_one(tmp_path: Path) -> None:
    body = [
        "EXHIBIT C - SECURITY MEASURES",
        "The Provider maintains an information security program for Student Data that follows the NIST "
        "Cybersecurity Framework and ISO/IEC 27001, with annual audits of the controls protecting students' "
        "records held for schools.",
        "Access to Student Data is limited to staff who need it to provide the service to the school.",
    ]
    checklist = check_pdf(paragraphs_pdf(tmp_path / "exhibit.pdf", body))
    assert checklist.kind == AgreementKind.EXHIBIT


def test_the_threshold_is_more_than_a_passing_word() -> None:
    assert STUDENT_CONTEXT_MIN >= 2


def test_terms_missing_from_an_amendment_point_to_the_original(tmp_path: Path) -> None:
    body = [
        "FIRST AMENDMENT TO STUDENT DATA PRIVACY AGREEMENT",
        "The District and the Provider are parties to an agreement on student data. The parties agree to "
        "amend "
        "it as follows.",
        "Section 6.3 is deleted and replaced with the following: The Provider shall notify the District of a "
        "breach of Student Data within 72 hours. All other terms remain in effect for the students and "
        "schools.",
    ]
    checklist = check_pdf(paragraphs_pdf(tmp_path / "amendment.pdf", body))
    assert checklist.results[RequirementId.BREACH_NOTICE].verdict == Verdict.FOUND
    posting = checklist.results[RequirementId.POSTING_STATEMENT]
    assert posting.verdict == Verdict.MISSING and "original" not in posting.reason
    assert "agreement the amendment belongs to" in posting.reason
    assert any("amends an earlier agreement" in p.message for p in checklist.problems)


def test_a_fragment_of_text_is_too_little_to_judge_not_unreadable(tmp_path: Path) -> None:
    checklist = check_pdf(
        paragraphs_pdf(tmp_path / "fragment.pdf", ["Exhibit A", "Student Data Privacy Agreement"])
    )
    assert {r.verdict for r in checklist.results.values()} == {Verdict.NEEDS_REVIEW}
    assert any("too little text" in p.message for p in checklist.problems)
    assert not any("scanned" in p.message for p in checklist.problems)


@pytest.mark.parametrize(
    "opening",
    [
        "This Exhibit G, effective with the attached Student Data Privacy Agreement by and between the "
        "District "
        "and the Provider, is incorporated in the attached DPA and amends it as follows.",
        "This Schedule is made a part of the Agreement entered into by and between the District and the "
        "Provider.",
    ],
)
def test_an_exhibit_that_belongs_to_an_agreement_is_an_exhibit(tmp_path: Path, opening: str) -> None:
    body = [
        "EXHIBIT G - SUPPLEMENTAL STATE TERMS",
        opening,
        "The Provider acts as a school official for the students of the District's schools and uses Student "
        "Data "
        "only for authorized purposes.",
    ]
    assert check_pdf(paragraphs_pdf(tmp_path / "exhibit_g.pdf", body)).kind == AgreementKind.EXHIBIT
