"""Reads of the audit trail (``models.store.record_event`` is the only writer)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.audit import AuditEvent
from models.finding import Check


def audit_events(session: Session, agreement_id: int | None = None) -> list[AuditEvent]:
    """Audit events, oldest first: all, or those of one agreement and its checks."""
    statement = select(AuditEvent).order_by(AuditEvent.at, AuditEvent.id)
    if agreement_id is not None:
        check_ids = [
            str(i) for i in session.scalars(select(Check.id).where(Check.agreement_id == agreement_id))
        ]
        statement = statement.where(
            ((AuditEvent.entity_type == "agreement") & (AuditEvent.entity_id == str(agreement_id)))
            | ((AuditEvent.entity_type == "check") & AuditEvent.entity_id.in_(check_ids))
        )
    return list(session.scalars(statement))


def last_status_change_to(session: Session, agreement_id: int, status: str) -> datetime | None:
    """When the agreement last moved to ``status`` (its newest ``agreement.status`` event), if ever."""
    statement = (
        select(AuditEvent)
        .where(
            AuditEvent.entity_type == "agreement",
            AuditEvent.entity_id == str(agreement_id),
            AuditEvent.action == "agreement.status",
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    for event in session.scalars(statement):
        if (event.after or {}).get("status") == status:
            return event.at
    return None
