"""The audit trail as people read it: one agreement's events (its checks and redaction runs included)
and the CSV export the review app offers. Writing events is ``models.store.record_event``.
"""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.audit import AuditEvent
from models.finding import Check

AUDIT_COLUMNS = ("id", "at", "actor", "action", "entity_type", "entity_id", "before", "after")


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


def export_audit_csv(session: Session, agreement_id: int | None = None) -> str:
    """The audit trail as CSV text (before/after as JSON), for download or archiving."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(AUDIT_COLUMNS)
    for e in audit_events(session, agreement_id):
        writer.writerow(
            [
                e.id,
                e.at.isoformat(),
                e.actor,
                e.action,
                e.entity_type,
                e.entity_id,
                json.dumps(e.before, sort_keys=True) if e.before is not None else "",
                json.dumps(e.after, sort_keys=True) if e.after is not None else "",
            ]
        )
    return buffer.getvalue()
