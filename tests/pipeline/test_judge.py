"""Verdicts from findings and the posting deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.detect.catalogue import default_catalogue
from pipeline.findings import (
    AgreementKind,
    DetectionResult,
    Evidence,
    Finding,
    RequirementId,
    SigningInfo,
    Verdict,
)
from pipeline.judge import breach_period_ok, judge, judge_requirement, posting_deadline
from pipeline.types import BBox

EVIDENCE = (Evidence(1, "text", BBox(0, 0, 10, 10), "c0001"),)


def _finding(rid: RequirementId, **values: object) -> tuple[Finding, ...]:
    return (Finding(rid, "c0001", EVIDENCE, values, 0.8, "test"),)


@pytest.mark.parametrize(
    ("period", "unit", "verdict"),
    [
        (72, "hours", Verdict.FOUND),
        (30, "calendar_days", Verdict.FOUND),
        (30, "days", Verdict.FOUND),
        (45, "calendar_days", Verdict.NON_COMPLIANT),
        (30, "business_days", Verdict.NON_COMPLIANT),
        (5, "business_days", Verdict.FOUND),
        (4, "weeks", Verdict.FOUND),
        (2, "months", Verdict.NON_COMPLIANT),
        (1, "months", Verdict.NEEDS_REVIEW),
        (None, None, Verdict.NON_COMPLIANT),
    ],
)
def test_breach_notice_verdicts(period: int | None, unit: str | None, verdict: Verdict) -> None:
    req = default_catalogue().get("breach_notice")
    result = judge_requirement(req, _finding(RequirementId.BREACH_NOTICE, period=period, unit=unit))
    assert result.verdict == verdict
    assert "105 ILCS 85/15(5)" in result.reason


def test_reason_names_the_period() -> None:
    req = default_catalogue().get("breach_notice")
    result = judge_requirement(req, _finding(RequirementId.BREACH_NOTICE, period=45, unit="calendar_days"))
    assert (
        result.reason
        == "Breach notice of 45 calendar days exceeds the 30 calendar days of 105 ILCS 85/15(5)."
    )


def test_return_or_delete_needs_a_period_and_third_parties_a_list() -> None:
    catalogue = default_catalogue()
    rod = judge_requirement(
        catalogue.get("return_or_delete"), _finding(RequirementId.RETURN_OR_DELETE, period=None, unit=None)
    )
    tp = judge_requirement(
        catalogue.get("third_parties"), _finding(RequirementId.THIRD_PARTIES, names=[], url=None)
    )
    ok = judge_requirement(
        catalogue.get("third_parties"),
        _finding(RequirementId.THIRD_PARTIES, names=[], url="https://x.example/l"),
    )
    missing = judge_requirement(catalogue.get("posting_statement"), ())
    assert (rod.verdict, tp.verdict, ok.verdict, missing.verdict) == (
        Verdict.NON_COMPLIANT,
        Verdict.NON_COMPLIANT,
        Verdict.FOUND,
        Verdict.MISSING,
    )


def test_business_days_rule_is_conservative() -> None:
    assert breach_period_ok(20, "business_days") and not breach_period_ok(21, "business_days")


def test_posting_deadline_skips_weekends_and_illinois_holidays() -> None:
    # Signed Thursday 2025-07-03: Jul 4 (Independence Day) and two weekends are skipped.
    assert posting_deadline(dt.date(2025, 7, 3)) == dt.date(2025, 7, 18)
    # Signed Friday 2026-02-06: Lincoln's Birthday (Thu Feb 12) and Presidents' Day (Mon Feb 16) skipped.
    assert posting_deadline(dt.date(2026, 2, 6)) == dt.date(2026, 2, 24)


def _detection(**kw: object) -> DetectionResult:
    base = {"findings": {}, "kind": AgreementKind.VENDOR_ADDENDUM, "operator": None, "signing": None}
    return DetectionResult(**(base | kw))  # type: ignore[arg-type]


def test_failed_stage_gives_needs_review_not_missing() -> None:
    checklist = judge(_detection(failed=frozenset({RequirementId.SIGNING})))
    assert checklist.results[RequirementId.SIGNING].verdict == Verdict.NEEDS_REVIEW
    assert checklist.results[RequirementId.POSTING_STATEMENT].verdict == Verdict.MISSING


def test_not_an_agreement_is_reported_and_every_term_missing() -> None:
    signing = SigningInfo("A. Person", "Superintendent", dt.date(2025, 8, 14))
    checklist = judge(_detection(kind=AgreementKind.NOT_AN_AGREEMENT, signing=signing))
    assert checklist.kind == AgreementKind.NOT_AN_AGREEMENT
    assert {r.verdict for r in checklist.results.values()} == {Verdict.MISSING}
    assert all("does not look like an agreement" in r.reason for r in checklist.results.values())
    assert any("not look like an agreement" in p.message for p in checklist.problems)
    assert checklist.posting_deadline is None


def test_posting_deadline_from_signing() -> None:
    signing = SigningInfo("A. Person", "Superintendent", dt.date(2025, 8, 14))
    assert judge(_detection(signing=signing)).posting_deadline == dt.date(2025, 8, 28)
