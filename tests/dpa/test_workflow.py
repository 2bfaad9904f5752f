"""The agreement workflow (``dpa.review.workflow``): every forbidden move refused with nothing changed,
every allowed one made with its audit event, and each precondition refused in plain words."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dpa import review
from dpa.review import workflow
from dpa.review.accounts import Actor, NotAllowedError, ReviewError
from dpa.review.workflow import Via
from models import Agreement, AuditEvent, RedactionRun, User
from models.enums import AgreementStatus, ReviewAction
from pipeline.findings import Verdict
from tests.review_app.seed import PASSWORD, World

S = AgreementStatus
BY_HAND = {
    (S.NEW, S.IN_REVIEW),
    (S.IN_REVIEW, S.APPROVED),
    (S.APPROVED, S.REDACTED),
    (S.APPROVED, S.IN_REVIEW),
    (S.REDACTED, S.IN_REVIEW),
}
FORBIDDEN_BY_HAND = sorted(set(itertools.product(S, S)) - BY_HAND)
NOT_IN_MACHINE = sorted(set(itertools.product(S, S)) - {(t.source, t.target) for t in workflow.TRANSITIONS})


def sign_in(session: Session, name: str) -> Actor:
    return review.authenticate(session, name, PASSWORD)


def user_row(session: Session, name: str) -> User:
    return session.scalars(select(User).where(User.name == name)).one()


def agreement(session: Session, world: World) -> Agreement:
    row = session.get(Agreement, world.agreement_id)
    assert row is not None
    return row


def event_count(session: Session) -> int:
    session.flush()
    return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def status_events(session: Session, world: World) -> list[AuditEvent]:
    statement = select(AuditEvent).where(
        AuditEvent.action == "agreement.status", AuditEvent.entity_id == str(world.agreement_id)
    )
    return list(session.scalars(statement.order_by(AuditEvent.id)))


def decide_all(session: Session, world: World) -> None:
    """A decision on every check; one left as needs review is corrected to found."""
    riley = sign_in(session, "riley")
    for check in sorted(agreement(session, world).checks, key=lambda c: c.id):
        if check.decisions:
            continue
        if check.verdict is Verdict.NEEDS_REVIEW:
            review.decide_check(
                session,
                riley,
                check.id,
                ReviewAction.CORRECT,
                expected_version=check.version,
                verdict=Verdict.FOUND,
                note="read it myself",
            )
        else:
            review.decide_check(
                session, riley, check.id, ReviewAction.APPROVE, expected_version=check.version
            )


def add_verified_run(session: Session, world: World) -> RedactionRun:
    """A verified redaction run a reviewer approved (its file is not read by the workflow)."""
    run = RedactionRun(
        agreement_id=world.agreement_id,
        created_by="riley",
        output_sha256="0" * 64,
        verified=True,
        approved_by="riley",
    )
    session.add(run)
    session.flush()
    return run


def bring_to(session: Session, world: World, status: AgreementStatus) -> None:
    """Move the sample agreement to ``status`` the legitimate way, through the machine."""
    riley = sign_in(session, "riley")
    if status is S.NEW:
        return
    decide_all(session, world)  # the first decision starts the review
    if status is S.IN_REVIEW:
        return
    review.set_status(session, riley, world.agreement_id, S.APPROVED)
    if status is S.APPROVED:
        return
    add_verified_run(session, world)
    review.set_status(session, riley, world.agreement_id, S.REDACTED)
    if status is S.REDACTED:
        return
    workflow.move(session, user_row(session, "dana"), agreement(session, world), S.POSTED, Via.PUBLISHING)
    session.flush()


# --- forbidden moves ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "target"), FORBIDDEN_BY_HAND, ids=lambda s: s.value)
@pytest.mark.parametrize("who", ["riley", "dana", "ada"])
def test_every_forbidden_move_by_hand_is_refused_and_changes_nothing(
    session: Session, world: World, source: AgreementStatus, target: AgreementStatus, who: str
) -> None:
    bring_to(session, world, source)
    add_verified_run(session, world)  # a redaction is there: the move is refused for its own sake
    before = (agreement(session, world).status, event_count(session))
    with pytest.raises(ReviewError) as refused:
        review.set_status(session, sign_in(session, who), world.agreement_id, target)
    assert str(refused.value).strip()
    session.flush()
    session.expire_all()
    assert (agreement(session, world).status, event_count(session)) == before == (source, before[1])


@pytest.mark.parametrize(("source", "target"), NOT_IN_MACHINE, ids=lambda s: s.value)
@pytest.mark.parametrize("via", list(Via))
def test_no_automatic_move_bypasses_the_machine(
    session: Session, world: World, source: AgreementStatus, target: AgreementStatus, via: Via
) -> None:
    bring_to(session, world, source)
    add_verified_run(session, world)
    count = event_count(session)
    for name in ("riley", "dana"):
        row = agreement(session, world)
        with pytest.raises(ReviewError):
            workflow.move(session, user_row(session, name), row, target, via)
        assert workflow.move_if_allowed(session, user_row(session, name), row, target, via) is not None
    assert agreement(session, world).status is source and event_count(session) == count


@pytest.mark.parametrize(("source", "target"), sorted(BY_HAND), ids=lambda s: s.value)
@pytest.mark.parametrize("who", ["dana", "ada"])
def test_only_a_reviewer_makes_the_moves_by_hand(
    session: Session, world: World, source: AgreementStatus, target: AgreementStatus, who: str
) -> None:
    bring_to(session, world, source)
    add_verified_run(session, world)
    count = event_count(session)
    with pytest.raises(NotAllowedError, match=f"cannot mark an agreement {target.value.replace('_', ' ')}"):
        review.set_status(session, sign_in(session, who), world.agreement_id, target)
    assert agreement(session, world).status is source and event_count(session) == count


# --- allowed moves ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "target"), sorted(BY_HAND), ids=lambda s: s.value)
def test_each_allowed_move_with_its_precondition_met_is_made_and_audited(
    session: Session, world: World, source: AgreementStatus, target: AgreementStatus
) -> None:
    bring_to(session, world, source)
    if target is S.APPROVED:
        decide_all(session, world)
    if target is S.REDACTED:
        add_verified_run(session, world)
    riley = sign_in(session, "riley")
    assert target in [s for s, _ in review.allowed_transitions(session, riley, world.agreement_id)]
    review.set_status(session, riley, world.agreement_id, target)
    session.commit()
    assert agreement(session, world).status is target
    last = status_events(session, world)[-1]
    assert last.actor == "riley"
    assert last.before == {"status": source.value}
    assert last.after == {"status": target.value, "via": "by hand"}


def test_publishing_posts_a_redacted_agreement_as_the_director(session: Session, world: World) -> None:
    bring_to(session, world, S.REDACTED)
    with pytest.raises(NotAllowedError):
        workflow.move(
            session, user_row(session, "riley"), agreement(session, world), S.POSTED, Via.PUBLISHING
        )
    workflow.move(session, user_row(session, "dana"), agreement(session, world), S.POSTED, Via.PUBLISHING)
    session.flush()
    assert agreement(session, world).status is S.POSTED
    assert status_events(session, world)[-1].after == {"status": "posted", "via": "publishing"}


# --- preconditions, in plain words ----------------------------------------------------------------


def test_approval_needs_every_check_decided(session: Session, world: World) -> None:
    riley = sign_in(session, "riley")
    review.set_status(session, riley, world.agreement_id, S.IN_REVIEW)
    total = len(agreement(session, world).checks)
    with pytest.raises(ReviewError, match=rf"^Every check needs a decision first: {total} are undecided\.$"):
        review.set_status(session, riley, world.agreement_id, S.APPROVED)
    offers = review.offered_transitions(session, riley, world.agreement_id)
    assert [(o.status, o.label) for o in offers] == [(S.APPROVED, "Mark approved")]
    assert offers[0].refused == f"Every check needs a decision first: {total} are undecided."
    assert review.allowed_transitions(session, riley, world.agreement_id) == []


def test_approval_needs_no_check_left_as_needs_review(session: Session, world: World) -> None:
    riley = sign_in(session, "riley")
    decide_all(session, world)
    check = sorted(agreement(session, world).checks, key=lambda c: c.id)[0]
    review.decide_check(
        session,
        riley,
        check.id,
        ReviewAction.CORRECT,
        expected_version=check.version,
        verdict=Verdict.NEEDS_REVIEW,
        note="not sure",
    )
    with pytest.raises(ReviewError, match=f"{check.requirement_id.value} is still marked needs review"):
        review.set_status(session, riley, world.agreement_id, S.APPROVED)
    assert agreement(session, world).status is S.IN_REVIEW


def test_redacted_needs_a_verified_redaction_approved_after_the_approval(
    session: Session, world: World
) -> None:
    riley = sign_in(session, "riley")
    bring_to(session, world, S.APPROVED)
    with pytest.raises(
        ReviewError, match=r"^No verified redaction of this agreement has been approved yet\.$"
    ):
        review.set_status(session, riley, world.agreement_id, S.REDACTED)
    unverified = add_verified_run(session, world)
    unverified.verified, unverified.approved_by = False, None  # applied, failed verification
    session.flush()
    with pytest.raises(ReviewError, match="No verified redaction"):
        review.set_status(session, riley, world.agreement_id, S.REDACTED)
    add_verified_run(session, world)
    review.set_status(session, riley, world.agreement_id, S.IN_REVIEW)  # reopened: that run is stale now
    review.set_status(session, riley, world.agreement_id, S.APPROVED)
    with pytest.raises(ReviewError, match="made before the agreement's latest approval"):
        review.set_status(session, riley, world.agreement_id, S.REDACTED)
    add_verified_run(session, world)
    review.set_status(session, riley, world.agreement_id, S.REDACTED)
    assert agreement(session, world).status is S.REDACTED


def test_posted_only_by_publishing(session: Session, world: World) -> None:
    bring_to(session, world, S.REDACTED)
    for name in ("dana", "riley", "ada"):
        with pytest.raises(ReviewError, match=r"^Agreements are posted by publishing the listing\.$"):
            review.set_status(session, sign_in(session, name), world.agreement_id, S.POSTED)
    assert agreement(session, world).status is S.REDACTED


def test_a_decision_after_approval_reopens_the_review(session: Session, world: World) -> None:
    riley = sign_in(session, "riley")
    bring_to(session, world, S.REDACTED)
    check = sorted(agreement(session, world).checks, key=lambda c: c.id)[0]
    review.decide_check(session, riley, check.id, ReviewAction.APPROVE, expected_version=check.version)
    assert agreement(session, world).status is S.IN_REVIEW
    assert status_events(session, world)[-1].after == {"status": "in_review", "via": "a decision"}


def test_the_app_is_offered_only_the_moves_allowed_now(session: Session, world: World) -> None:
    riley, dana = sign_in(session, "riley"), sign_in(session, "dana")
    expected = {
        S.NEW: [(S.IN_REVIEW, "Start review")],
        S.IN_REVIEW: [(S.APPROVED, "Mark approved")],
        S.APPROVED: [(S.IN_REVIEW, "Reopen the review")],  # no redaction yet
        S.REDACTED: [(S.IN_REVIEW, "Reopen the review")],
        S.POSTED: [],
    }
    for status in S:
        session.rollback()  # back to the new agreement of the template
        bring_to(session, world, status)
        assert review.allowed_transitions(session, riley, world.agreement_id) == expected[status], status
        assert review.allowed_transitions(session, dana, world.agreement_id) == []
