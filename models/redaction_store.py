"""Reads of redaction runs, and the version-guarded write that keeps two reviewers from overwriting
each other.

Like ``models.store``, every function takes the caller's session and never commits it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from models.redaction import RedactionRun


def latest_run(session: Session, agreement_id: int) -> RedactionRun | None:
    """The agreement's newest run, applied or not (what the redaction page opens)."""
    statement = (
        select(RedactionRun)
        .where(RedactionRun.agreement_id == agreement_id)
        .order_by(RedactionRun.created_at.desc(), RedactionRun.id.desc())
    )
    return session.scalars(statement).first()


def _approved_runs(agreement_id: int) -> Select[RedactionRun]:
    """The agreement's runs whose output passed verification and that a reviewer approved."""
    return select(RedactionRun).where(
        RedactionRun.agreement_id == agreement_id,
        RedactionRun.verified.is_(True),
        RedactionRun.approved_by.is_not(None),
    )


def latest_verified_run(session: Session, agreement_id: int) -> RedactionRun | None:
    """The newest run whose output passed verification and a reviewer approved: the one to publish."""
    statement = (
        _approved_runs(agreement_id)
        .where(RedactionRun.output_sha256.is_not(None))
        .order_by(RedactionRun.approved_at.desc(), RedactionRun.id.desc())
    )
    return session.scalars(statement).first()


def latest_approved_run(session: Session, agreement_id: int) -> RedactionRun | None:
    """The newest verified run a reviewer approved, by id (what a label export says was taken out)."""
    return session.scalars(_approved_runs(agreement_id).order_by(RedactionRun.id.desc())).first()


def approved_run_created_since(session: Session, agreement_id: int, since: datetime) -> RedactionRun | None:
    """The newest verified, reviewer-approved run with an output that was created at or after ``since``."""
    statement = (
        _approved_runs(agreement_id)
        .where(RedactionRun.output_sha256.is_not(None), RedactionRun.created_at >= since)
        .order_by(RedactionRun.created_at.desc(), RedactionRun.id.desc())
    )
    return session.scalars(statement).first()


def update_run_at_version(session: Session, run_id: int, expected_version: int, **changes: Any) -> bool:
    """Write ``changes`` and the next version only if the run is still at ``expected_version``.

    False when another writer changed it first (nothing is written then).
    """
    result = session.execute(
        update(RedactionRun)
        .where(RedactionRun.id == run_id, RedactionRun.version == expected_version)
        .values(version=expected_version + 1, **changes)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]
