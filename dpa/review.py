"""Review use cases: sign-in, decisions on checks, agreement status, the audit export.

Roles are enforced here, where the data changes, not only in the app: every write reloads the
acting user from the database and checks the role it holds there, so a director calling
``decide_check`` directly gets ``NotAllowedError`` just as the page would. Each function takes the
caller's session and never commits; one user action is one transaction, and every change appends
an audit event with the state before and after.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from dpa.evidence_passages import Passage
from dpa.review_views import REVIEW_EVIDENCE_RULE, current_evidence
from dpa.settings import Settings
from dpa.workflows import IngestOutcome, ingest_file
from models import store
from models.agreement import Agreement
from models.enums import AgreementStatus, ReviewAction, Role
from models.finding import Check
from models.finding import Finding as FindingRow
from models.review import ReviewDecision
from models.user import User
from pipeline.detect.catalogue import default_catalogue
from pipeline.findings import Finding, RequirementId, Verdict
from pipeline.judge import judge_requirement

HIGH_CONFIDENCE = 0.8  # "approve all high-confidence found checks" takes checks at or above this
_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters

# Who may move an agreement to each status (the reviewer approves, the director posts).
_STATUS_ROLES: dict[AgreementStatus, frozenset[Role]] = {
    AgreementStatus.NEW: frozenset({Role.ADMIN}),
    AgreementStatus.IN_REVIEW: frozenset({Role.REVIEWER, Role.ADMIN}),
    AgreementStatus.APPROVED: frozenset({Role.REVIEWER}),
    AgreementStatus.REDACTED: frozenset({Role.REVIEWER}),
    AgreementStatus.POSTED: frozenset({Role.DIRECTOR}),
}


class ReviewError(Exception):
    """A review action that cannot be done as asked (message meant for the person)."""


class AuthenticationError(ReviewError):
    """Unknown user or wrong password (one message for both, so names cannot be probed)."""


class NotAllowedError(ReviewError, PermissionError):
    """The user's role does not allow this action."""


class ConflictError(ReviewError):
    """Someone else decided this check since it was shown; nothing was overwritten."""

    def __init__(self, check_id: int, expected: int, current: int) -> None:
        super().__init__(
            f"Check {check_id} was changed by someone else (version {current}, you saw {expected}). "
            "Reload it and decide again."
        )
        self.check_id, self.expected, self.current = check_id, expected, current


@dataclass(frozen=True, slots=True)
class Actor:
    """A signed-in user as the app keeps it: plain values, no ORM row."""

    id: int
    name: str
    role: Role


@dataclass(frozen=True, slots=True)
class CheckState:
    """A check after a decision (plain values for the caller to show)."""

    id: int
    requirement_id: RequirementId
    verdict: Verdict
    reason: str
    values: dict[str, Any]
    version: int


# --- users ----------------------------------------------------------------------------------------


def create_user(session: Session, name: str, role: Role, password: str, *, actor: str = "system") -> Actor:
    """Add a user with an argon2id password hash (raises ReviewError for a taken name or a short password)."""
    name = name.strip()
    if not name:
        raise ReviewError("A user name is required.")
    if len(password) < 8:
        raise ReviewError("The password must have at least 8 characters.")
    if session.scalars(select(User).where(User.name == name)).first() is not None:
        raise ReviewError(f"A user named {name!r} already exists.")
    user = User(name=name, role=Role(role), password_hash=_HASHER.hash(password))
    session.add(user)
    session.flush()
    store.record_event(
        session,
        actor=actor,
        action="user.created",
        entity_type="user",
        entity_id=user.id,
        after={"name": name, "role": user.role.value},
    )
    return _actor(user)


def add_user(session: Session, actor: Actor, name: str, role: Role, password: str) -> Actor:
    """Create an account, as an administrator (the app's user page)."""
    admin = require_role(session, actor, {Role.ADMIN}, "manage users")
    return create_user(session, name, role, password, actor=admin.name)


def list_users(session: Session) -> list[Actor]:
    """Every account, by name."""
    return [_actor(u) for u in session.scalars(select(User).order_by(User.name))]


def authenticate(session: Session, name: str, password: str) -> Actor:
    """The user whose name and password match; rehashes an outdated hash on the way."""
    user = session.scalars(select(User).where(User.name == name.strip())).first()
    if user is None or not user.password_hash:
        raise AuthenticationError("Unknown user name or wrong password.")
    try:
        _HASHER.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError) as exc:
        raise AuthenticationError("Unknown user name or wrong password.") from exc
    if _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = _HASHER.hash(password)
    return _actor(user)


def require_role(session: Session, actor: Actor, allowed: frozenset[Role] | set[Role], what: str) -> User:
    """The acting user's row, if the role the database holds for them is among ``allowed``."""
    user = session.get(User, actor.id)
    if user is None or user.name != actor.name:
        raise NotAllowedError("Your account no longer exists; sign in again.")
    if user.role not in allowed:
        raise NotAllowedError(f"A {user.role.value} cannot {what}.")
    return user


def _actor(user: User) -> Actor:
    return Actor(id=user.id, name=user.name, role=user.role)


# --- decisions on checks --------------------------------------------------------------------------


def judge_values(requirement_id: RequirementId | str, values: Mapping[str, Any]) -> tuple[Verdict, str]:
    """Re-run the pipeline's verdict rule for one requirement on (corrected) values."""
    requirement = default_catalogue().get(RequirementId(requirement_id))
    finding = Finding(requirement_id=requirement.id, clause_id="", evidence=(), values=dict(values))
    result = judge_requirement(requirement, (finding,))
    return result.verdict, result.reason


def decide_check(
    session: Session,
    actor: Actor,
    check_id: int,
    action: ReviewAction,
    *,
    expected_version: int,
    verdict: Verdict | None = None,
    values: Mapping[str, Any] | None = None,
    note: str | None = None,
) -> CheckState:
    """Approve, reject or correct one check, as a reviewer, if nobody else changed it meanwhile.

    approve keeps the verdict; reject needs the right verdict and a note; correct takes new values
    (the verdict rule runs again on them) and/or a verdict set by hand.
    """
    user = require_role(session, actor, {Role.REVIEWER}, "decide checks")
    check = _fresh_check(session, check_id, expected_version)
    before = _check_json(check)
    _apply(check, ReviewAction(action), verdict, values, note, user.name)
    check.version += 1  # the UPDATE is guarded by the old version (mapper version_id_col)
    session.add(
        ReviewDecision(
            check=check,
            user_id=user.id,
            decision=ReviewAction(action),
            new_verdict=check.verdict,
            new_values=dict(check.values) if values is not None else None,
            note=note,
        )
    )
    store.record_event(
        session,
        actor=user.name,
        action=f"check.{ReviewAction(action).value}",
        entity_type="check",
        entity_id=check.id,
        before=before,
        after={**_check_json(check), "note": note},
    )
    _start_review(session, check.agreement, user.name)
    try:
        session.flush()
    except StaleDataError as exc:  # another transaction wrote the same version first
        raise ConflictError(check_id, expected_version, expected_version + 1) from exc
    return _state(check)


def _fresh_check(session: Session, check_id: int, expected_version: int) -> Check:
    """The stored check (not a cached copy), if nobody changed it since ``expected_version``."""
    check = session.get(Check, check_id, populate_existing=True)
    if check is None:
        raise ReviewError(f"There is no check {check_id}.")
    if check.version != expected_version:
        raise ConflictError(check_id, expected_version, check.version)
    return check


def set_evidence(
    session: Session,
    actor: Actor,
    check_id: int,
    passage: Passage,
    *,
    expected_version: int,
    note: str | None = None,
) -> CheckState:
    """Mark ``passage`` as the check's evidence, as a reviewer: a correction, audited before/after.

    The passage is stored as a finding of the rule ``REVIEW_EVIDENCE_RULE``; from then on the review
    page highlights it instead of the detected evidence (which stays stored, as the audit's
    "before"), the redaction guard protects it and the label export uses it. The verdict and values
    are left as they are; the decision row has no ``new_verdict`` to say so.
    """
    user = require_role(session, actor, {Role.REVIEWER}, "decide checks")
    if not passage.evidence:
        raise ReviewError("The chosen passage has no place on a page; pick another one.")
    check = _fresh_check(session, check_id, expected_version)
    before = current_evidence(check.agreement.findings, check.requirement_id)
    stored = [store.evidence_to_json(e) for e in passage.evidence]
    session.add(
        FindingRow(
            agreement_id=check.agreement_id,
            requirement_id=check.requirement_id,
            clause_ref=passage.clause_id,
            evidence=stored,
            values=dict(check.values),
            confidence=1.0,
            rule=REVIEW_EVIDENCE_RULE,
            pipeline_version=check.pipeline_version,
            catalogue_version=check.catalogue_version,
        )
    )
    check.version += 1
    note = (note or "").strip() or None
    session.add(ReviewDecision(check=check, user_id=user.id, decision=ReviewAction.CORRECT, note=note))
    store.record_event(
        session,
        actor=user.name,
        action="check.evidence",
        entity_type="check",
        entity_id=check.id,
        before={"evidence": before, "version": check.version - 1},
        after={"evidence": stored, "clause": passage.clause_id, "version": check.version, "note": note},
    )
    _start_review(session, check.agreement, user.name)
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError(check_id, expected_version, expected_version + 1) from exc
    return _state(check)


def _apply(
    check: Check,
    action: ReviewAction,
    verdict: Verdict | None,
    values: Mapping[str, Any] | None,
    note: str | None,
    who: str,
) -> None:
    """Change the check as the decision says (approve changes nothing)."""
    if action is ReviewAction.APPROVE:
        return
    if action is ReviewAction.REJECT:
        if verdict is None or not (note or "").strip():
            raise ReviewError("Rejecting a check needs the right verdict and a note saying why.")
    elif verdict is None and values is None:
        raise ReviewError("A correction needs new values or a verdict.")
    if values is not None:
        check.values = dict(values)
        check.verdict, check.reason = judge_values(check.requirement_id, values)
    if verdict is not None:
        check.verdict = Verdict(verdict)
        check.reason = f"Set by {who} on review" + (f": {note.strip()}" if note and note.strip() else ".")


def approve_all_high_confidence(
    session: Session, actor: Actor, agreement_id: int, *, threshold: float = HIGH_CONFIDENCE
) -> list[int]:
    """Approve every undecided ``found`` check at or above ``threshold``, as one audited action."""
    user = require_role(session, actor, {Role.REVIEWER}, "decide checks")
    agreement = _agreement(session, agreement_id)
    chosen = [
        c
        for c in sorted(agreement.checks, key=lambda c: c.id)
        if c.verdict is Verdict.FOUND and c.confidence >= threshold and not c.decisions
    ]
    for check in chosen:
        check.version += 1
        session.add(
            ReviewDecision(
                check=check,
                user_id=user.id,
                decision=ReviewAction.APPROVE,
                new_verdict=check.verdict,
                note="approved in bulk (high confidence)",
            )
        )
    store.record_event(
        session,
        actor=user.name,
        action="checks.bulk_approved",
        entity_type="agreement",
        entity_id=agreement.id,
        before=None,
        after={
            "threshold": threshold,
            "checks": [c.id for c in chosen],
            "requirements": [c.requirement_id.value for c in chosen],
        },
    )
    if chosen:
        _start_review(session, agreement, user.name)
    session.flush()
    return [c.id for c in chosen]


# --- uploads --------------------------------------------------------------------------------------

UPLOAD_ROLES = frozenset({Role.DIRECTOR, Role.REVIEWER})


def upload_file(
    session: Session,
    settings: Settings,
    actor: Actor,
    data: bytes,
    name: str,
    *,
    ocr_progress: Callable[[int, int], None] | None = None,
) -> IngestOutcome:
    """Ingest one uploaded file as the acting director or reviewer (PipelineError for a bad file)."""
    user = require_role(session, actor, UPLOAD_ROLES, "upload agreements")
    return ingest_file(session, settings, data, name=name, actor=user.name, ocr_progress=ocr_progress)


# --- agreement status -----------------------------------------------------------------------------


def set_status(session: Session, actor: Actor, agreement_id: int, status: AgreementStatus) -> None:
    """Move an agreement to ``status``; approval needs a decision on every check."""
    status = AgreementStatus(status)
    user = require_role(session, actor, _STATUS_ROLES[status], f"mark an agreement {status.value}")
    agreement = _agreement(session, agreement_id)
    if status is AgreementStatus.APPROVED:
        undecided = [c.requirement_id.value for c in agreement.checks if not c.decisions]
        if undecided or not agreement.checks:
            raise ReviewError(
                f"Every check needs a decision first; undecided: {', '.join(undecided) or 'all'}."
            )
    change_status(session, agreement, status, user.name)


def _start_review(session: Session, agreement: Agreement, who: str) -> None:
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


def _agreement(session: Session, agreement_id: int) -> Agreement:
    agreement = session.get(Agreement, agreement_id)
    if agreement is None:
        raise ReviewError(f"There is no agreement {agreement_id}.")
    return agreement


def _check_json(check: Check) -> dict[str, Any]:
    return {
        "verdict": check.verdict.value,
        "reason": check.reason,
        "values": dict(check.values),
        "version": check.version,
    }


def _state(check: Check) -> CheckState:
    return CheckState(
        id=check.id,
        requirement_id=check.requirement_id,
        verdict=check.verdict,
        reason=check.reason,
        values=dict(check.values),
        version=check.version,
    )
