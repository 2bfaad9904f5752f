"""Reads of the audit trail (``models.store.record_event`` is the only writer)."""

from __future__ import annotations

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
