"""Decisions on checks: approve, reject or correct a check, mark its evidence, approve in bulk.

Each function takes the caller's session and never commits; one user action is one transaction,
and every change appends an audit event with the state before and after. A check carries a
version: a decision made on a stale copy raises ``ConflictError`` and overwrites nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from dpa.review.accounts import Actor, ReviewError, require_role
from dpa.review.checklist_views import REVIEW_EVIDENCE_RULE, current_evidence
from dpa.review.evidence_passages import Passage
from dpa.review.workflow import get_agreement, start_review
from models import store
from models.enums import ReviewAction, Role
from models.finding import Check
from models.finding import Finding as FindingRow
from models.review import ReviewDecision
from pipeline.detect.catalogue import default_catalogue
from pipeline.findings import Finding, RequirementId, Verdict
from pipeline.judge import judge_requirement

HIGH_CONFIDENCE = 0.8  # "approve all high-confidence found checks" takes checks at or above this


class ConflictError(ReviewError):
    """Someone else decided this check since it was shown; nothing was overwritten."""

    def __init__(self, check_id: int, expected: int, current: int) -> None:
        super().__init__(
            f"Check {check_id} was changed by someone else (version {current}, you saw {expected}). "
            "Reload it and decide again."
        )
        self.check_id, self.expected, self.current = check_id, expected, current


@dataclass(frozen=True, slots=True)
class CheckState:
    """A check after a decision (plain values for the caller to show)."""

    id: int
    requirement_id: RequirementId
    verdict: Verdict
    reason: str
    values: dict[str, Any]
    version: int


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
    start_review(session, user, check.agreement)
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
    start_review(session, user, check.agreement)
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
    agreement = get_agreement(session, agreement_id)
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
        start_review(session, user, agreement)
    session.flush()
    return [c.id for c in chosen]


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
