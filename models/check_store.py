"""Reads of checks (the verdicts reviewers decide) and findings (the detections behind them).

Like ``models.store``, every function takes the caller's session and never commits it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.finding import Check, Finding
from pipeline.findings import RequirementId, Verdict


def checks_with_decisions(session: Session, agreement_id: int) -> list[Check]:
    """The agreement's checks, each with its review decisions loaded."""
    statement = select(Check).where(Check.agreement_id == agreement_id).options(selectinload(Check.decisions))
    return list(session.scalars(statement))


def findings_of(session: Session, agreement_id: int) -> list[Finding]:
    """The agreement's findings in the order they were recorded."""
    statement = select(Finding).where(Finding.agreement_id == agreement_id).order_by(Finding.id)
    return list(session.scalars(statement))


def check_verdicts(session: Session) -> list[tuple[RequirementId, Verdict]]:
    """(requirement, verdict) of every check of every agreement."""
    return [(r, v) for r, v in session.execute(select(Check.requirement_id, Check.verdict))]


def check_for(session: Session, agreement_id: int, requirement_id: RequirementId) -> Check | None:
    """The agreement's check of one requirement, or None."""
    statement = select(Check).where(
        Check.agreement_id == agreement_id, Check.requirement_id == requirement_id
    )
    return session.scalars(statement).first()


def strongest_finding(session: Session, agreement_id: int, requirement_id: RequirementId) -> Finding | None:
    """The agreement's most confident finding for one requirement, or None."""
    statement = (
        select(Finding)
        .where(Finding.agreement_id == agreement_id, Finding.requirement_id == requirement_id)
        .order_by(Finding.confidence.desc())
    )
    return session.scalars(statement).first()
