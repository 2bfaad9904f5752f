"""The audit trail as people read it: one agreement's events (its checks and redaction runs included)
and the CSV export the review app offers. Writing events is ``models.store.record_event``.
"""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from dpa.csv_safe import to_csv
from models.audit_store import audit_events as audit_events  # re-exported: the app reads the trail here

AUDIT_COLUMNS = ("id", "at", "actor", "action", "entity_type", "entity_id", "before", "after")


def export_audit_csv(session: Session, agreement_id: int | None = None) -> str:
    """The audit trail as CSV text (before/after as JSON), for download or archiving; formula-safe."""
    return to_csv(
        AUDIT_COLUMNS,
        (
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
            for e in audit_events(session, agreement_id)
        ),
    )
