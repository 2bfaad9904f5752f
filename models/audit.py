"""The append-only audit trail: every upload and every human decision, with who and when.

Rows are insert-only. The ORM refuses to flush a change to, or a deletion of, an event, and
refuses ``update()``/``delete()`` statements aimed at the table.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Connection, Index, String, event
from sqlalchemy.orm import Mapped, Mapper, ORMExecuteState, Session, mapped_column

from models.base import Base, utcnow


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or delete an audit event."""


class AuditEvent(Base):
    """One recorded action: actor, action, the entity it touched, and the entity before and after."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(100))  # a user name, or "system" for automatic stages
    action: Mapped[str] = mapped_column(String(64))  # e.g. "agreement.ingested", "check.approved"
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(mapper: Mapper[AuditEvent], connection: Connection, target: AuditEvent) -> None:
    raise AppendOnlyError(f"audit event {target.id} cannot be changed: the audit trail is append-only")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(mapper: Mapper[AuditEvent], connection: Connection, target: AuditEvent) -> None:
    raise AppendOnlyError(f"audit event {target.id} cannot be deleted: the audit trail is append-only")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_change(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    if any(mapper.class_ is AuditEvent for mapper in state.all_mappers):
        raise AppendOnlyError("audit events cannot be changed or deleted: the audit trail is append-only")
