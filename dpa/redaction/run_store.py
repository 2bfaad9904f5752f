"""Loading, guarding and saving redaction runs: the version check, the audit events, the status.

A run is written with an UPDATE guarded by the version the caller saw, so of two reviewers
changing the same run the second gets ``RunConflictError`` instead of silently undoing the first.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dpa.redaction.source import RedactionSource, redaction_source
from dpa.review.accounts import ReviewError
from dpa.settings import Settings
from models import store
from models.agreement import Agreement
from models.agreement_store import agreement_with_document
from models.enums import Role
from models.redaction import RedactionRun
from models.redaction_store import update_run_at_version

EDIT_ROLES = frozenset({Role.REVIEWER})  # who may propose, change and apply runs (as approve/redact)


class RunConflictError(ReviewError):
    """Someone else changed the run since it was shown; nothing was overwritten."""

    def __init__(self, run_id: int, expected: int, current: int | None) -> None:
        now = f"version {current}" if current is not None else "a newer version"
        super().__init__(
            f"Redaction run {run_id} was changed by someone else ({now}, you saw {expected}). "
            "Reload it and try again."
        )


def agreement_for(session: Session, agreement_id: int) -> Agreement:
    """The agreement with what redaction reads (ReviewError when there is none)."""
    agreement = agreement_with_document(session, agreement_id)
    if agreement is None:
        raise ReviewError(f"There is no agreement {agreement_id}.")
    return agreement


def source_for(settings: Settings, agreement: Agreement) -> RedactionSource:
    """The agreement's document and checklist, once its stored PDF is known to be there."""
    source = redaction_source(settings, agreement)
    if not source.pdf_path.is_file():
        raise ReviewError(f"The stored PDF of agreement {agreement.id} is missing from the file store.")
    return source


def editable_run(session: Session, run_id: int, expected_version: int | None) -> RedactionRun:
    """The stored run, if it is still open to changes and at the version the caller saw (None: any)."""
    run = session.get(RedactionRun, run_id, populate_existing=True)
    if run is None:
        raise ReviewError(f"There is no redaction run {run_id}.")
    if run.verified:
        raise ReviewError(f"Redaction run {run_id} is applied and verified; propose a new run to change it.")
    if expected_version is not None and run.version != expected_version:
        raise RunConflictError(run_id, expected_version, run.version)
    return run


def save(session: Session, run: RedactionRun, expected_version: int, **changes: Any) -> None:
    """Write ``changes`` only if the run is still at ``expected_version`` (another writer may have won)."""
    if not update_run_at_version(session, run.id, expected_version, **changes):
        raise RunConflictError(run.id, expected_version, None)
    session.refresh(run)


def record(session: Session, who: str, action: str, run: RedactionRun, **after: Any) -> None:
    """An audit event on the run's agreement (so the agreement's trail shows its redactions)."""
    store.record_event(
        session,
        actor=who,
        action=action,
        entity_type="agreement",
        entity_id=run.agreement_id,
        after={"run": run.id, **after},
    )
