"""Detection on real PDFs of the labelled corpus (end to end through parse and segment)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.findings import AgreementKind, RequirementId, Verdict
from pipeline.run import check_pdf
from tests.conftest import CORPUS as SHARED_CORPUS

CORPUS = SHARED_CORPUS


@pytest.fixture(scope="module")
def short_dpa():
    return check_pdf(CORPUS / "velloway_short_dpa.pdf")


def test_short_dpa_verdicts(short_dpa) -> None:
    verdicts = {rid: r.verdict for rid, r in short_dpa.results.items()}
    assert verdicts[RequirementId.BREACH_COST_ALLOCATION] == Verdict.MISSING
    assert verdicts[RequirementId.POSTING_STATEMENT] == Verdict.MISSING
    assert verdicts[RequirementId.BREACH_NOTICE] == Verdict.FOUND
    assert short_dpa.results[RequirementId.BREACH_NOTICE].values == {"period": 10, "unit": "days"}
    assert short_dpa.kind == AgreementKind.VENDOR_ADDENDUM


def test_evidence_points_at_the_page(short_dpa) -> None:
    result = short_dpa.results[RequirementId.SCHOOL_OFFICIAL]
    assert result.evidence[0].page == 1 and "school official" in result.evidence[0].text.lower()
    box = result.evidence[0].bbox
    assert 0 <= box.x0 < box.x1 <= 612 and 0 <= box.top < box.bottom <= 792


def test_master_agreement_distractors() -> None:
    checklist = check_pdf(CORPUS / "halvora_msa_exhibit.pdf")
    breach = checklist.results[RequirementId.BREACH_NOTICE]
    assert breach.verdict == Verdict.NON_COMPLIANT and breach.values == {"period": 45, "unit": "days"}
    names = checklist.results[RequirementId.THIRD_PARTIES].values["names"]
    assert len(names) == 4 and not any("Install" in n or "Freight" in n for n in names)


def _pdf(path: Path, lines: list[str]) -> Path:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    for i, line in enumerate(lines):
        page.insert_text((72, 72 + 16 * i), line, fontsize=11)
    doc.save(str(path))
    return path


def test_invoice_is_not_an_agreement(tmp_path: Path) -> None:
    lines = [
        "INVOICE No. 2024-118",
        "Bill To: Accounts Payable, Example School",
        "Item: annual subscription, 120 seats",
        "Subtotal: $4,800.00",
        "Amount due: $4,800.00 within 30 days of the invoice date.",
        "Please remit payment by check or wire transfer to the account shown below.",
    ]
    checklist = check_pdf(_pdf(tmp_path / "invoice.pdf", lines))
    assert checklist.kind == AgreementKind.NOT_AN_AGREEMENT
    assert all(r.verdict == Verdict.MISSING for r in checklist.results.values())
    assert any("not look like an agreement" in p.message for p in checklist.problems)


def test_blank_scan_needs_review_not_missing(tmp_path: Path) -> None:
    checklist = check_pdf(_pdf(tmp_path / "blank.pdf", []))
    assert {r.verdict for r in checklist.results.values()} == {Verdict.NEEDS_REVIEW}
    assert any("no readable text" in p.message for p in checklist.problems)
