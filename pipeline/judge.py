"""Judging: findings in, one verdict per SOPPA requirement out, with a reason a director understands.

Compliance rules (corpus README and the statute): a breach notice is compliant only within 30
calendar days of determining the breach (hours and unqualified "days" up to 30 are fine; business days
count only when they cannot exceed 30 calendar days); return-or-delete needs a time period; the third-
party provision needs names or a link; everything else is found when present. A requirement whose
detection failed is ``needs_review``, never ``missing``. A document that is not an agreement (an invoice,
a quote) has every requirement ``missing``, no posting deadline, and a problem that says why.

The posting deadline (105 ILCS 85/27(c)) is 10 business days after the district signed, counting
Monday-Friday and skipping the holidays of the ``holidays`` library's United States calendar for the
state of Illinois (``holidays.US(subdiv="IL")``: federal holidays plus Lincoln's Birthday, Casimir
Pulaski Day, Election Day, ...). A district closed on other days should count those by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import holidays

from pipeline.detect.catalogue import Catalogue, Requirement, default_catalogue
from pipeline.findings import (
    PARTY_REQUIREMENTS,
    AgreementKind,
    Checklist,
    DetectionResult,
    Finding,
    RequirementId,
    RequirementResult,
    Verdict,
)
from pipeline.types import Problem

POSTING_BUSINESS_DAYS = 10
BREACH_LIMIT_DAYS = 30
_WORST_CASE_HOLIDAYS = 2  # business days can straddle this many holidays inside a month


def judge(detection: DetectionResult, catalogue: Catalogue | None = None) -> Checklist:
    """Turn a ``DetectionResult`` into a ``Checklist`` (one ``RequirementResult`` per requirement)."""
    catalogue = catalogue or default_catalogue()
    problems = list(detection.problems)
    results: dict[RequirementId, RequirementResult] = {}
    for req in catalogue.requirements:
        findings = detection.findings.get(req.id, ())
        if detection.kind == AgreementKind.NOT_AN_AGREEMENT:
            results[req.id] = _not_agreement(req)
        elif detection.kind == AgreementKind.NO_STUDENT_DATA_TERMS and req.id not in PARTY_REQUIREMENTS:
            results[req.id] = _no_student_data(req)
        elif req.id in detection.failed:
            results[req.id] = _failed(req)
        else:
            results[req.id] = _partial_document(judge_requirement(req, findings), req, detection.kind)
    signed = detection.signing.date if detection.signing else None
    if detection.kind == AgreementKind.NOT_AN_AGREEMENT:
        problems.append(
            Problem(
                "judge",
                "The document does not look like an agreement (an invoice, quote or policy?): every "
                "requirement is reported missing. Upload the signed agreement itself.",
            )
        )
        signed = None  # nothing to post: the signing date of an invoice starts no 27(c) clock
    if detection.kind in _PARTIAL_KINDS:
        problems.append(Problem("judge", _PARTIAL_KINDS[detection.kind]))
    if detection.kind == AgreementKind.NO_STUDENT_DATA_TERMS:
        problems.append(
            Problem(
                "judge",
                "No student-data terms found: the document never speaks of students, schools or their "
                "records. If the vendor will receive student data, every SOPPA term is missing from it; "
                "if it will not, this is not a SOPPA agreement.",
            )
        )
    return Checklist(
        results=results,
        kind=detection.kind,
        operator=detection.operator,
        signing=detection.signing,
        posting_deadline=posting_deadline(signed) if signed else None,
        problems=tuple(problems),
        sha256=detection.sha256,
        pdf_path=detection.pdf_path,
        pages=detection.pages,
        pipeline_version=detection.pipeline_version,
        catalogue_version=detection.catalogue_version or catalogue.version,
    )


def judge_requirement(req: Requirement, findings: tuple[Finding, ...]) -> RequirementResult:
    """The verdict for one requirement from its findings (first finding is the primary one)."""
    cite = req.citation
    if not findings:
        reason = f"No provision found for: {req.title} ({cite})."
        return RequirementResult(req.id, Verdict.MISSING, reason, 0.6)
    primary = findings[0]
    evidence = tuple(e for f in findings for e in f.evidence)
    verdict, reason = _CHECKS.get(req.id, _present)(req, primary.values)
    return RequirementResult(req.id, verdict, reason, primary.confidence, dict(primary.values), evidence)


def posting_deadline(signed: dt.date) -> dt.date:
    """10 business days after ``signed`` (weekends and US/Illinois holidays skipped)."""
    calendar = holidays.country_holidays("US", subdiv="IL", years=range(signed.year, signed.year + 2))
    day, counted = signed, 0
    while counted < POSTING_BUSINESS_DAYS:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in calendar:
            counted += 1
    return day


def breach_period_ok(period: int, unit: str) -> bool | None:
    """Whether a notice period is within 30 calendar days (None when it cannot be told)."""
    if unit == "hours":
        return period <= BREACH_LIMIT_DAYS * 24
    if unit in ("calendar_days", "days"):
        return period <= BREACH_LIMIT_DAYS
    if unit == "business_days":
        worst = period + 2 * ((period + 4) // 5) + _WORST_CASE_HOLIDAYS
        return worst <= BREACH_LIMIT_DAYS
    if unit == "weeks":
        return period * 7 <= BREACH_LIMIT_DAYS
    if unit == "months":
        return False if period > 1 else None
    return None


def describe_period(values: Mapping[str, Any]) -> str:
    """'45 calendar days' / '72 hours' from ``{period, unit}``."""
    unit = str(values.get("unit") or "").replace("_", " ")
    period = values.get("period")
    if period == 1 and unit.endswith("s"):
        unit = unit[:-1]
    return f"{period} {unit}"


def _present(req: Requirement, values: Mapping[str, Any]) -> tuple[Verdict, str]:
    return Verdict.FOUND, f"Found: {req.title}, as {req.citation} requires."


def _breach(req: Requirement, values: Mapping[str, Any]) -> tuple[Verdict, str]:
    if values.get("period") is None:
        return Verdict.NON_COMPLIANT, (
            f"The breach notice sets no time limit, but {req.citation} "
            "requires notice within 30 calendar days."
        )
    ok = breach_period_ok(int(values["period"]), str(values.get("unit")))
    period = describe_period(values)
    if ok is None:
        return (
            Verdict.NEEDS_REVIEW,
            f"A breach notice of {period} may exceed the 30 calendar days of {req.citation}.",
        )
    if ok:
        return Verdict.FOUND, f"Breach notice within {period} meets the 30 calendar days of {req.citation}."
    return Verdict.NON_COMPLIANT, f"Breach notice of {period} exceeds the 30 calendar days of {req.citation}."


def _with_period(req: Requirement, values: Mapping[str, Any]) -> tuple[Verdict, str]:
    if values.get("period") is None:
        return Verdict.NON_COMPLIANT, (
            f"The agreement requires return or deletion but sets no time period, "
            f"which {req.citation} requires."
        )
    return Verdict.FOUND, f"Return or deletion within {describe_period(values)} meets {req.citation}."


def _deletion_request(req: Requirement, values: Mapping[str, Any]) -> tuple[Verdict, str]:
    if values.get("period") is None:
        return (
            Verdict.FOUND,
            f"Deletion at the school's request is promised ({req.citation}); no period is stated.",
        )
    return (
        Verdict.FOUND,
        f"Deletion at the school's request within {describe_period(values)} ({req.citation}).",
    )


def _third_parties(req: Requirement, values: Mapping[str, Any]) -> tuple[Verdict, str]:
    names, url = values.get("names") or [], values.get("url")
    if names or url:
        given = f"{len(names)} named" if names else "a link"
        return (
            Verdict.FOUND,
            f"Third parties receiving student data are listed ({given}) as {req.citation} requires.",
        )
    return Verdict.NON_COMPLIANT, (
        f"Third parties are mentioned but neither listed by name nor linked, as {req.citation} requires."
    )


def _data_categories(req: Requirement, values: Mapping[str, Any]) -> tuple[Verdict, str]:
    elements = values.get("elements") or []
    if not elements:
        return (
            Verdict.NEEDS_REVIEW,
            f"A data-categories provision was found but its elements could not be read ({req.citation}).",
        )
    return Verdict.FOUND, f"{len(elements)} categories of student data are listed as {req.citation} requires."


def _operator(req: Requirement, values: Mapping[str, Any]) -> tuple[Verdict, str]:
    if not values.get("address"):
        return (
            Verdict.NEEDS_REVIEW,
            f"The operator is named but no business address was found ({req.citation}).",
        )
    return Verdict.FOUND, f"The operator's legal name and business address are stated ({req.citation})."


def _signing(req: Requirement, values: Mapping[str, Any]) -> tuple[Verdict, str]:
    if values.get("unsigned"):
        return (
            Verdict.MISSING,
            "The district's signature block is blank: the district has not signed this agreement yet, "
            f"so no posting deadline runs; check the copy the district signed ({req.citation}).",
        )
    if not values.get("district_signer") or not values.get("date"):
        return (
            Verdict.NEEDS_REVIEW,
            f"The district signature block lacks a name or date; check it by hand ({req.citation}).",
        )
    return (
        Verdict.FOUND,
        f"Signed for the district by {values['district_signer']} on {values['date']} ({req.citation}).",
    )


def _failed(req: Requirement) -> RequirementResult:
    reason = f"Could not be checked automatically ({req.citation}); see problems and review by hand."
    return RequirementResult(req.id, Verdict.NEEDS_REVIEW, reason, 0.0)


def _not_agreement(req: Requirement) -> RequirementResult:
    """An invoice, quote or privacy policy binds the operator to nothing: every term is missing from it.

    ``missing`` (not ``needs_review``) because nothing was left undecided: the agreement SOPPA asks for is
    not this document. The checklist's problem says why, and a reviewer who sees an agreement corrects it.
    """
    reason = f"Not in this document, which does not look like an agreement ({req.citation})."
    return RequirementResult(req.id, Verdict.MISSING, reason, 0.5)


def _no_student_data(req: Requirement) -> RequirementResult:
    """A clause of a contract about business secrets is not the SOPPA term, however alike it reads."""
    reason = f"Not in this document, which holds no student-data terms ({req.citation})."
    return RequirementResult(req.id, Verdict.MISSING, reason, 0.6)


def _partial_document(result: RequirementResult, req: Requirement, kind: AgreementKind) -> RequirementResult:
    """A term missing from an amendment or a lone exhibit may stand in the agreement it belongs to."""
    if kind not in _PARTIAL_KINDS or result.verdict != Verdict.MISSING:
        return result
    what = "amendment" if kind == AgreementKind.AMENDMENT else "exhibit"
    reason = (
        f"Not in this {what} ({req.citation}); it may stand in the agreement the {what} belongs to, "
        "which must be checked and posted with it."
    )
    return RequirementResult(req.id, Verdict.MISSING, reason, result.confidence)


_PARTIAL_KINDS = {
    AgreementKind.AMENDMENT: (
        "This document amends an earlier agreement: it holds only the terms it replaces or adds. "
        "Terms reported missing may stand in the original agreement; check and post both."
    ),
    AgreementKind.EXHIBIT: (
        "This document is an exhibit or schedule on its own: it holds only what that exhibit is about. "
        "Upload the whole agreement to check every term."
    ),
}
_CHECKS = {
    RequirementId.BREACH_NOTICE: _breach,
    RequirementId.RETURN_OR_DELETE: _with_period,
    RequirementId.DELETE_ON_REQUEST: _deletion_request,
    RequirementId.THIRD_PARTIES: _third_parties,
    RequirementId.DATA_CATEGORIES: _data_categories,
    RequirementId.OPERATOR_IDENTITY: _operator,
    RequirementId.SIGNING: _signing,
}
