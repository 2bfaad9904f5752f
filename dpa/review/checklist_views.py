"""What the review screens show: the queue, one agreement's checklist, the evidence boxes.

Plain frozen values built inside the caller's session, so the app can use them after it closes.
Ordering puts the riskiest first: non-compliant, then missing, then needs-review, then by the
lowest confidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from dpa.settings import Settings
from models.agreement import Agreement
from models.agreement_store import agreements_with_checks
from models.check_store import check_verdicts, checks_with_decisions, findings_of
from models.enums import AgreementStatus, ReviewAction
from models.finding import Check, Finding
from pipeline.findings import RequirementId, Verdict

# Findings of this rule are passages a reviewer marked as a check's evidence (``set_evidence``).
REVIEW_EVIDENCE_RULE = "review.evidence"

_RISK = {Verdict.NON_COMPLIANT: 0, Verdict.MISSING: 1, Verdict.NEEDS_REVIEW: 2, Verdict.FOUND: 3}


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One agreement in the queue."""

    id: int
    title: str
    operator: str | None
    status: AgreementStatus
    non_compliant: int
    missing: int
    needs_review: int
    undecided: int
    signing_date: dt.date | None
    posting_deadline: dt.date | None

    def overdue(self, today: dt.date) -> bool:
        """Past the posting deadline and not posted yet."""
        return bool(
            self.posting_deadline and self.posting_deadline < today and self.status != AgreementStatus.POSTED
        )


@dataclass(frozen=True, slots=True)
class EvidenceBox:
    """A highlighted passage: page (1-based), box in PDF points (top-left origin), its text."""

    page: int
    bbox: tuple[float, float, float, float]
    text: str


@dataclass(frozen=True, slots=True)
class CheckRow:
    """One check on the review page, with its evidence and latest decision."""

    id: int
    requirement_id: RequirementId
    verdict: Verdict
    reason: str
    confidence: float
    values: dict[str, Any]
    version: int
    evidence: tuple[EvidenceBox, ...]
    decision: ReviewAction | None
    decided_by: str | None
    evidence_marked: bool = False  # the evidence is a passage a reviewer marked, not the detected one


@dataclass(frozen=True, slots=True)
class AgreementView:
    """The header of the review page and where its PDF is."""

    id: int
    title: str
    operator: str | None
    status: AgreementStatus
    pdf_sha256: str
    pdf_path: Path
    page_count: int
    posting_deadline: dt.date | None


def review_queue(session: Session) -> list[QueueRow]:
    """Every agreement, riskiest first (most non-compliant, then missing, then undecided)."""
    rows = [_queue_row(a) for a in agreements_with_checks(session)]
    return sorted(rows, key=lambda r: (-r.non_compliant, -r.missing, -r.needs_review, -r.undecided, -r.id))


def _queue_row(agreement: Agreement) -> QueueRow:
    verdicts = [c.verdict for c in agreement.checks]
    return QueueRow(
        id=agreement.id,
        title=agreement.title,
        operator=agreement.operator.name if agreement.operator else None,
        status=agreement.status,
        non_compliant=verdicts.count(Verdict.NON_COMPLIANT),
        missing=verdicts.count(Verdict.MISSING),
        needs_review=verdicts.count(Verdict.NEEDS_REVIEW),
        undecided=sum(1 for c in agreement.checks if not c.decisions),
        signing_date=agreement.signing_date,
        posting_deadline=agreement.posting_deadline,
    )


def agreement_view(session: Session, settings: Settings, agreement_id: int) -> AgreementView | None:
    """The agreement's header and the PDF to render (the converted PDF for a Word upload)."""
    agreement = session.get(Agreement, agreement_id)
    if agreement is None:
        return None
    file_row = agreement.file
    sha256 = file_row.pdf_sha256 or file_row.sha256
    return AgreementView(
        id=agreement.id,
        title=agreement.title,
        operator=agreement.operator.name if agreement.operator else None,
        status=agreement.status,
        pdf_sha256=sha256,
        pdf_path=settings.file_store().path_for(sha256),
        page_count=file_row.page_count or 0,
        posting_deadline=agreement.posting_deadline,
    )


def checklist(session: Session, agreement_id: int) -> list[CheckRow]:
    """The agreement's checks, riskiest first, each with the evidence of its findings."""
    checks = checks_with_decisions(session, agreement_id)
    findings = findings_of(session, agreement_id)
    rows = []
    for check in checks:
        marked = marked_evidence(findings, check.requirement_id)
        boxes = tuple(_boxes(current_evidence(findings, check.requirement_id)))
        rows.append(_check_row(check, boxes, marked is not None))
    return sorted(rows, key=lambda r: (_RISK[r.verdict], r.confidence, r.id))


def current_evidence(findings: Iterable[Finding], requirement_id: RequirementId) -> list[dict[str, Any]]:
    """The evidence a check shows: the passage a reviewer marked last, else every detected one."""
    mine = [f for f in findings if f.requirement_id == requirement_id]
    marked = marked_evidence(mine, requirement_id)
    chosen = [marked] if marked is not None else [f for f in mine if f.rule != REVIEW_EVIDENCE_RULE]
    return [dict(item) for finding in chosen for item in finding.evidence]


def marked_evidence(findings: Iterable[Finding], requirement_id: RequirementId) -> Finding | None:
    """The latest passage a reviewer marked as the requirement's evidence, if any."""
    marked = [f for f in findings if f.requirement_id == requirement_id and f.rule == REVIEW_EVIDENCE_RULE]
    return max(marked, key=lambda f: f.id) if marked else None


def _check_row(check: Check, evidence: tuple[EvidenceBox, ...], marked: bool = False) -> CheckRow:
    last = check.decisions[-1] if check.decisions else None
    return CheckRow(
        id=check.id,
        requirement_id=check.requirement_id,
        verdict=check.verdict,
        reason=check.reason,
        confidence=check.confidence,
        values=dict(check.values),
        version=check.version,
        evidence=evidence,
        decision=last.decision if last else None,
        decided_by=last.user.name if last else None,
        evidence_marked=marked,
    )


def _boxes(stored: list[dict[str, Any]]) -> list[EvidenceBox]:
    boxes = []
    for item in stored:
        bbox = item.get("bbox")
        if item.get("page") and bbox and len(bbox) == 4:
            x0, top, x1, bottom = (float(v) for v in bbox)
            text = str(item.get("text", ""))
            boxes.append(EvidenceBox(page=int(item["page"]), bbox=(x0, top, x1, bottom), text=text))
    return boxes


def verdicts_by_requirement(session: Session) -> dict[str, dict[str, int]]:
    """For the dashboard: per requirement, how many agreements got each verdict."""
    counts: dict[str, dict[str, int]] = {r.value: {v.value: 0 for v in Verdict} for r in RequirementId}
    for requirement_id, verdict in check_verdicts(session):
        counts[requirement_id.value][verdict.value] += 1
    return counts


def posting_deadlines(
    rows: list[QueueRow], today: dt.date, upcoming_days: int
) -> tuple[list[QueueRow], list[QueueRow]]:
    """Unposted agreements past their posting deadline, and those due within ``upcoming_days``."""
    dated = sorted(
        ((r.posting_deadline, r) for r in rows if r.posting_deadline and r.status != AgreementStatus.POSTED),
        key=lambda pair: (pair[0], pair[1].id),
    )
    horizon = today + dt.timedelta(days=upcoming_days)
    overdue = [r for deadline, r in dated if deadline < today]
    soon = [r for deadline, r in dated if today <= deadline <= horizon]
    return overdue, soon
