"""An agreement's review status: who may move it where, and the audit event of every move."""

from __future__ import annotations

from sqlalchemy.orm import Session

from dpa.review.accounts import Actor, ReviewError, require_role
from models import store
from models.agreement import Agreement
from models.enums import AgreementStatus, Role

# Who may move an agreement to each status (the reviewer approves, the director posts).
_STATUS_ROLES: dict[AgreementStatus, frozenset[Role]] = {
    AgreementStatus.NEW: frozenset({Role.ADMIN}),
    AgreementStatus.IN_REVIEW: frozenset({Role.REVIEWER, Role.ADMIN}),
    AgreementStatus.APPROVED: frozenset({Role.REVIEWER}),
    AgreementStatus.REDACTED: frozenset({Role.REVIEWER}),
    AgreementStatus.POSTED: frozenset({Role.DIRECTOR}),
}


def set_status(session: Session, actor: Actor, agreement_id: int, status: AgreementStatus) -> None:
    """Move an agreement to ``status``; approval needs a decision on every check."""
    status = AgreementStatus(status)
    user = require_role(session, actor, _STATUS_ROLES[status], f"mark an agreement {status.value}")
    agreement = get_agreement(session, agreement_id)
    if status is AgreementStatus.APPROVED:
        undecided = [c.requirement_id.value for c in agreement.checks if not c.decisions]
        if undecided or not agreement.checks:
            raise ReviewError(
                f"Every check needs a decision first; undecided: {', '.join(undecided) or 'all'}."
            )
    change_status(session, agreement, status, user.name)


def start_review(session: Session, agreement: Agreement, who: str) -> None:
    if agreement.status is AgreementStatus.NEW:
        change_status(session, agreement, AgreementStatus.IN_REVIEW, who)


def change_status(session: Session, agreement: Agreement, status: AgreementStatus, who: str) -> None:
    """Move the agreement to ``status`` with its audit event; the caller has checked the role."""
    before = agreement.status
    agreement.status = status
    store.record_event(
        session,
        actor=who,
        action="agreement.status",
        entity_type="agreement",
        entity_id=agreement.id,
        before={"status": before.value},
        after={"status": status.value},
    )


def get_agreement(session: Session, agreement_id: int) -> Agreement:
    agreement = session.get(Agreement, agreement_id)
    if agreement is None:
        raise ReviewError(f"There is no agreement {agreement_id}.")
    return agreement
