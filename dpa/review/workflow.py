"""An agreement's workflow as a state machine: the only way its status changes.

The machine is the table ``TRANSITIONS`` below: from which status to which, its label in the app, who
may make it (roles), how it may be made (``Via``: by hand in the app, or as the consequence of a
decision, an approved redaction or a publication) and its precondition, a function that returns the
plain-language reason it is refused now (None when it is allowed)::

    new        -> in_review  Start review      reviewer  by hand, or the first decision on a check
    in_review  -> approved   Mark approved     reviewer  by hand; every check decided, none needs review
    approved   -> redacted   Mark redacted     reviewer  by hand, or approving a verified redaction;
                                                         a verified redaction of this agreement,
                                                         approved by a reviewer and made after the
                                                         agreement's latest approval
    approved   -> in_review  Reopen the review reviewer  by hand, or a decision changed after approval
    redacted   -> in_review  Reopen the review reviewer  by hand, or a decision changed after approval
    redacted   -> posted     Post by publishing director only by publishing the listing; a verified,
                                                         approved redaction (the one it posts)

Reopening keeps every decision and redaction run, but what was approved no longer counts: the agreement
is withheld from the listing until it is approved again, and only a redaction made after that new
approval can make it redacted (a run applied before the approval is not the approved version's
redaction: ``apply_run`` then leaves the status and says why). A posted agreement stays posted: it
is on the district website, and a corrected redaction of it is published by approving a new verified
run and publishing again.

Every move, by hand or automatic, goes through ``move``, which checks the transition, the role and the
precondition and records the ``agreement.status`` audit event; ``set_status`` is the by-hand use case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from dpa.review.accounts import Actor, NotAllowedError, ReviewError, require_role
from models import store
from models.agreement import Agreement
from models.audit_store import last_status_change_to
from models.enums import AgreementStatus, Role
from models.redaction_store import approved_run_created_since, latest_verified_run
from models.user import User
from pipeline.findings import Verdict

S = AgreementStatus
Precondition = Callable[[Session, Agreement], str | None]


class Via(StrEnum):
    """How a move is made."""

    HAND = "by hand"  # a status button in the app (``set_status``)
    DECISION = "a decision"  # a decision on a check, or its evidence (``dpa.review.decisions``)
    REDACTION = "a redaction"  # a reviewer approving a verified redaction run (``dpa.redaction.runs``)
    PUBLISHING = "publishing"  # the director publishing the listing (``dpa.publish.service``)


@dataclass(frozen=True, slots=True)
class Transition:
    """One allowed move, who may make it, how, and when."""

    source: AgreementStatus
    target: AgreementStatus
    label: str
    roles: frozenset[Role]
    via: frozenset[Via]
    precondition: Precondition


# --- preconditions: the reason a move is refused now, or None ---------------------------------------


def _none(session: Session, agreement: Agreement) -> str | None:
    return None


def every_check_decided(session: Session, agreement: Agreement) -> str | None:
    """Approval: every check has a decision and none is left as needs-review."""
    if not agreement.checks:
        return "This agreement has no checks to approve; check the file again first."
    undecided = sum(1 for c in agreement.checks if not c.decisions)
    if undecided:
        return f"Every check needs a decision first: {undecided} {_are(undecided)} undecided."
    unsure = sorted(c.requirement_id.value for c in agreement.checks if c.verdict is Verdict.NEEDS_REVIEW)
    if unsure:
        return (
            f"Every check needs a verdict other than needs review: {', '.join(unsure)} "
            f"{'is' if len(unsure) == 1 else 'are'} still marked needs review; reject or correct "
            f"{'it' if len(unsure) == 1 else 'them'}."
        )
    return None


def verified_redaction_since_approval(session: Session, agreement: Agreement) -> str | None:
    """Redacted (and posted): a verified, approved redaction made after the agreement's latest approval."""
    approved_at = last_status_change_to(session, agreement.id, AgreementStatus.APPROVED.value)
    if approved_at is not None and approved_run_created_since(session, agreement.id, approved_at) is not None:
        return None
    if approved_at is not None and latest_verified_run(session, agreement.id) is not None:
        return (
            "The verified redaction was made before the agreement's latest approval; "
            "propose and apply a new one."
        )
    return "No verified redaction of this agreement has been approved yet."


def verified_redaction(session: Session, agreement: Agreement) -> str | None:
    """Posted: the verified, approved redaction publishing copies (made redacted by the rule above)."""
    if latest_verified_run(session, agreement.id) is None:
        return "No verified redaction of this agreement has been approved yet."
    return None


def _are(count: int) -> str:
    return "is" if count == 1 else "are"


_REVIEWER = frozenset({Role.REVIEWER})
_REOPEN = "Reopen the review"

TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.NEW, S.IN_REVIEW, "Start review", _REVIEWER, frozenset({Via.HAND, Via.DECISION}), _none),
    Transition(
        S.IN_REVIEW, S.APPROVED, "Mark approved", _REVIEWER, frozenset({Via.HAND}), every_check_decided
    ),
    Transition(
        S.APPROVED,
        S.REDACTED,
        "Mark redacted",
        _REVIEWER,
        frozenset({Via.HAND, Via.REDACTION}),
        verified_redaction_since_approval,
    ),
    Transition(S.APPROVED, S.IN_REVIEW, _REOPEN, _REVIEWER, frozenset({Via.HAND, Via.DECISION}), _none),
    Transition(S.REDACTED, S.IN_REVIEW, _REOPEN, _REVIEWER, frozenset({Via.HAND, Via.DECISION}), _none),
    Transition(
        S.REDACTED,
        S.POSTED,
        "Post by publishing",
        frozenset({Role.DIRECTOR}),
        frozenset({Via.PUBLISHING}),
        verified_redaction,
    ),
)

_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}


def transition(source: AgreementStatus, target: AgreementStatus) -> Transition | None:
    """The machine's transition from ``source`` to ``target``, if there is one."""
    return _BY_PAIR.get((AgreementStatus(source), AgreementStatus(target)))


def _no_transition(source: AgreementStatus, target: AgreementStatus) -> str:
    """Why there is no way from ``source`` to ``target``, in plain words."""
    if source is target:
        return f"The agreement is already {_word(target)}."
    if target is S.POSTED:
        return "Agreements are posted by publishing the listing."
    if source is S.POSTED:
        return "A posted agreement stays posted; publish a new verified redaction to correct it."
    if target is S.NEW:
        return "An agreement never goes back to new; reopen the review instead."
    if target is S.APPROVED:
        return f"Only an agreement in review can be approved; this one is {_word(source)}."
    if target is S.REDACTED:
        return f"Only an approved agreement can be marked redacted; this one is {_word(source)}."
    return f"An agreement that is {_word(source)} cannot be marked {_word(target)}."


def _word(status: AgreementStatus) -> str:
    return status.value.replace("_", " ")


def refusal(
    session: Session, user: User, agreement: Agreement, target: AgreementStatus, via: Via
) -> str | None:
    """Why ``user`` may not move ``agreement`` to ``target`` by ``via`` now, or None when they may."""
    found = _refusal(session, user, agreement, AgreementStatus(target), via)
    return found[0] if found else None


def _refusal(
    session: Session, user: User, agreement: Agreement, target: AgreementStatus, via: Via
) -> tuple[str, type[ReviewError]] | None:
    """The reason and the error to raise: the means first, then the role, the way, the precondition."""
    ways = [t for t in TRANSITIONS if t.target is target and via in t.via]
    if not ways:
        if target is S.POSTED:
            return "Agreements are posted by publishing the listing.", ReviewError
        if target is S.NEW:
            return "An agreement never goes back to new; reopen the review instead.", ReviewError
        means = sorted({m for t in TRANSITIONS if t.target is target for m in t.via})
        return f"An agreement is marked {_word(target)} only by {' or '.join(means)}.", ReviewError
    if not any(user.role in t.roles for t in ways):
        article = "An" if user.role.value[0] in "aeiou" else "A"
        return f"{article} {user.role.value} cannot mark an agreement {_word(target)}.", NotAllowedError
    found = transition(agreement.status, target)
    if found is None or found not in ways:
        return _no_transition(agreement.status, target), ReviewError
    reason = found.precondition(session, agreement)
    return (reason, ReviewError) if reason is not None else None


def move(session: Session, user: User, agreement: Agreement, target: AgreementStatus, via: Via) -> None:
    """Make the move with its audit event, or raise ReviewError (NotAllowedError for a role) saying why."""
    target = AgreementStatus(target)
    refused = _refusal(session, user, agreement, target, via)
    if refused is not None:
        raise refused[1](refused[0])
    before = agreement.status
    agreement.status = target
    store.record_event(
        session,
        actor=user.name,
        action="agreement.status",
        entity_type="agreement",
        entity_id=agreement.id,
        before={"status": before.value},
        after={"status": target.value, "via": via.value},
    )


def move_if_allowed(
    session: Session, user: User, agreement: Agreement, target: AgreementStatus, via: Via
) -> str | None:
    """The automatic moves: make the move when the machine allows it, else return why not (no change)."""
    reason = refusal(session, user, agreement, target, via)
    if reason is None:
        move(session, user, agreement, target, via)
    return reason


# --- the use cases ---------------------------------------------------------------------------------


def set_status(session: Session, actor: Actor, agreement_id: int, status: AgreementStatus) -> None:
    """Move an agreement to ``status`` by hand, if the machine allows it now; else ReviewError saying why."""
    user = require_role(session, actor, frozenset(Role), "change an agreement's status")
    move(session, user, get_agreement(session, agreement_id), AgreementStatus(status), Via.HAND)


@dataclass(frozen=True, slots=True)
class Offer:
    """A by-hand transition from the agreement's status for the actor's role; ``refused`` says why not now."""

    status: AgreementStatus
    label: str
    refused: str | None


def offered_transitions(session: Session, actor: Actor, agreement_id: int) -> list[Offer]:
    """The by-hand moves from the agreement's current status the actor's role makes, allowed or not."""
    user = require_role(session, actor, frozenset(Role), "see an agreement's status")
    agreement = get_agreement(session, agreement_id)
    return [
        Offer(t.target, t.label, t.precondition(session, agreement))
        for t in TRANSITIONS
        if t.source is agreement.status and Via.HAND in t.via and user.role in t.roles
    ]


def allowed_transitions(
    session: Session, actor: Actor, agreement_id: int
) -> list[tuple[AgreementStatus, str]]:
    """The moves the actor may make by hand now, as (status, label)."""
    return [
        (o.status, o.label) for o in offered_transitions(session, actor, agreement_id) if o.refused is None
    ]


def start_review(session: Session, user: User, agreement: Agreement) -> None:
    """After a decision on one of its checks: a new agreement goes into review, and an approved or
    redacted one is reopened (what was approved changed). A posted agreement stays posted."""
    if agreement.status in (S.NEW, S.APPROVED, S.REDACTED):
        move(session, user, agreement, S.IN_REVIEW, Via.DECISION)


def get_agreement(session: Session, agreement_id: int) -> Agreement:
    agreement = session.get(Agreement, agreement_id)
    if agreement is None:
        raise ReviewError(f"There is no agreement {agreement_id}.")
    return agreement
