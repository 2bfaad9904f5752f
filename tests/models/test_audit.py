"""Audit events can be added, never changed or deleted."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import AppendOnlyError, AuditEvent
from models.db import Database
from models.store import record_event


def _one_event(database: Database) -> int:
    with database.session_factory.begin() as session:
        event = record_event(
            session, actor="dana", action="check.approved", entity_type="check", entity_id=7, after={"v": 1}
        )
        session.flush()
        return event.id


def _count(database: Database) -> int:
    with database.session_factory() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def test_events_are_recorded_with_time_and_actor(database: Database) -> None:
    event_id = _one_event(database)
    with database.session_factory() as session:
        event = session.get(AuditEvent, event_id)
        assert event is not None
        assert (event.actor, event.action, event.entity_id, event.after) == (
            "dana",
            "check.approved",
            "7",
            {"v": 1},
        )
        assert event.at.tzinfo is not None


def test_changing_an_event_is_refused(database: Database) -> None:
    event_id = _one_event(database)
    with pytest.raises(AppendOnlyError), database.session_factory.begin() as session:
        event = session.get(AuditEvent, event_id)
        assert event is not None
        event.actor = "mallory"
        session.flush()
    with database.session_factory() as session:
        assert session.get(AuditEvent, event_id).actor == "dana"  # type: ignore[union-attr]


def test_deleting_an_event_is_refused(database: Database) -> None:
    event_id = _one_event(database)
    with pytest.raises(AppendOnlyError), database.session_factory.begin() as session:
        session.delete(session.get(AuditEvent, event_id))
        session.flush()
    assert _count(database) == 1


@pytest.mark.parametrize(
    "statement",
    [update(AuditEvent).values(actor="mallory"), delete(AuditEvent)],
    ids=["bulk-update", "bulk-delete"],
)
def test_bulk_statements_are_refused(database: Database, statement: object) -> None:
    _one_event(database)
    with pytest.raises(AppendOnlyError), database.session_factory.begin() as session:
        session.execute(statement)  # type: ignore[call-overload]
    assert _count(database) == 1


@pytest.mark.parametrize("sql", ["UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"])
def test_sqlite_triggers_refuse_raw_sql(database: Database, sql: str) -> None:
    _one_event(database)
    with pytest.raises(IntegrityError, match="append-only"), database.engine.begin() as connection:
        connection.execute(text(sql))
    assert _count(database) == 1


def test_other_tables_still_update(session: Session) -> None:
    from models import User
    from models.enums import Role

    user = User(name="dana", role=Role.REVIEWER)
    session.add(user)
    session.flush()
    user.role = Role.ADMIN
    session.flush()
    assert session.execute(text("SELECT role FROM users")).scalar() == "admin"
