"""Review use cases: sign-in, roles enforced at the data layer, audit before/after, conflicts."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dpa import review
from dpa.review.accounts import Actor, AuthenticationError, NotAllowedError, ReviewError
from dpa.review.audit_trail import export_audit_csv
from dpa.review.decisions import ConflictError
from models import Agreement, AuditEvent, Check, ReviewDecision, User
from models.db import open_database
from models.enums import AgreementStatus, ReviewAction, Role
from pipeline.findings import RequirementId, Verdict
from tests.review_app.seed import PASSWORD, World


def sign_in(session: Session, name: str) -> Actor:
    return review.authenticate(session, name, PASSWORD)


def check_for(session: Session, world: World, requirement: RequirementId) -> Check:
    statement = select(Check).where(
        Check.agreement_id == world.agreement_id, Check.requirement_id == requirement
    )
    return session.scalars(statement).one()


def events(session: Session, action: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_passwords_are_argon2_hashed_and_verified(session: Session) -> None:
    user = session.scalars(select(User).where(User.name == "riley")).one()
    assert user.password_hash is not None and user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert sign_in(session, "riley").name == "riley"
    with pytest.raises(AuthenticationError):
        review.authenticate(session, "riley", "wrong password")
    with pytest.raises(AuthenticationError):
        review.authenticate(session, "nobody", PASSWORD)


def test_create_user_refuses_duplicates_and_short_passwords(session: Session) -> None:
    with pytest.raises(ReviewError, match="already exists"):
        review.create_user(session, "riley", Role.REVIEWER, "long enough pw")
    with pytest.raises(ReviewError, match="8 characters"):
        review.create_user(session, "newbie", Role.REVIEWER, "short")


@pytest.mark.parametrize(
    "name",
    [
        "newbie",
        "Riley Reviewer",
        "riley.reviewer@district.example",  # single sign-on uses the email as the name
        "first.last+tag@sub.district-7.org",
        "o'brien_2",
        "Zoë Müller",
        "7th-grade team",
        "x" * 100,
    ],
)
def test_create_user_accepts_plain_names_and_emails(session: Session, name: str) -> None:
    assert review.create_user(session, name, Role.REVIEWER, "long enough pw").name == name


@pytest.mark.parametrize(
    "name",
    [
        "<img src=http://127.0.0.1/x.png>",
        '=HYPERLINK("http://evil.example","x")',
        "+1-555-0100",
        "-2+3",
        "@SUM(A1)",
        "\u202eevil",  # a right-to-left override (a format character)
        "![x](http://evil.example/x.png)",
        "**bold**",
        "$x^2$",
        "name\nsecond line",
        "bell\x07",
        "tab\tinside",
        ".hidden",
        "_underscore",
        "x" * 101,
    ],
)
def test_create_user_refuses_names_with_markup_formulas_or_control_characters(
    session: Session, name: str
) -> None:
    with pytest.raises(ReviewError, match="starts with a letter or digit") as refused:
        review.create_user(session, name, Role.REVIEWER, "long enough pw")
    assert name not in str(refused.value)  # a plain message: the refused name is not echoed
    assert session.scalars(select(User).where(User.name == name)).first() is None


def test_reviewer_approves_a_check_with_an_audit_event(session: Session, world: World) -> None:
    riley = sign_in(session, "riley")
    check = check_for(session, world, RequirementId.SERVICE_DESCRIPTION)
    state = review.decide_check(session, riley, check.id, ReviewAction.APPROVE, expected_version=1)
    session.commit()
    assert state.version == 2 and state.verdict is Verdict.FOUND
    decision = session.scalars(select(ReviewDecision).where(ReviewDecision.check_id == check.id)).one()
    assert decision.decision is ReviewAction.APPROVE and decision.user.name == "riley"
    [event] = events(session, "check.approve")
    assert event.actor == "riley" and event.entity_id == str(check.id)
    assert event.before["version"] == 1 and event.after["version"] == 2
    assert session.get(Agreement, world.agreement_id).status is AgreementStatus.IN_REVIEW
    assert events(session, "agreement.status")[0].after == {"status": "in_review", "via": "a decision"}


@pytest.mark.parametrize("name", ["dana", "ada"], ids=["director", "admin"])
def test_only_reviewers_decide_checks_even_when_called_directly(
    session: Session, world: World, name: str
) -> None:
    actor = sign_in(session, name)
    check = check_for(session, world, RequirementId.BREACH_NOTICE)
    with pytest.raises(NotAllowedError) as caught:
        review.decide_check(session, actor, check.id, ReviewAction.APPROVE, expected_version=1)
    assert isinstance(caught.value, PermissionError)
    with pytest.raises(NotAllowedError):
        review.approve_all_high_confidence(session, actor, world.agreement_id)
    assert check.decisions == [] and check.version == 1


def test_a_forged_role_in_the_actor_is_ignored(session: Session, world: World) -> None:
    dana = sign_in(session, "dana")
    forged = Actor(id=dana.id, name=dana.name, role=Role.REVIEWER)
    check = check_for(session, world, RequirementId.BREACH_NOTICE)
    with pytest.raises(NotAllowedError):
        review.decide_check(session, forged, check.id, ReviewAction.APPROVE, expected_version=1)


def test_correcting_a_value_reruns_the_verdict_rule(session: Session, world: World) -> None:
    riley = sign_in(session, "riley")
    check = check_for(session, world, RequirementId.BREACH_NOTICE)
    late = review.decide_check(
        session,
        riley,
        check.id,
        ReviewAction.CORRECT,
        expected_version=1,
        values={"period": 45, "unit": "calendar_days"},
        note="reads 45 days",
    )
    assert late.verdict is Verdict.NON_COMPLIANT and "45 calendar days" in late.reason
    fixed = review.decide_check(
        session,
        riley,
        check.id,
        ReviewAction.CORRECT,
        expected_version=2,
        values={"period": 20, "unit": "calendar_days"},
    )
    session.commit()
    assert fixed.verdict is Verdict.FOUND and fixed.version == 3
    last = events(session, "check.correct")[-1]
    assert last.before["verdict"] == "non_compliant" and last.after["verdict"] == "found"
    assert last.after["values"] == {"period": 20, "unit": "calendar_days"}


def test_judge_values_uses_the_pipeline_rules() -> None:
    assert (
        review.judge_values(RequirementId.BREACH_NOTICE, {"period": 72, "unit": "hours"})[0] is Verdict.FOUND
    )
    assert review.judge_values(RequirementId.RETURN_OR_DELETE, {})[0] is Verdict.NON_COMPLIANT
    assert review.judge_values(RequirementId.THIRD_PARTIES, {"names": ["A"]})[0] is Verdict.FOUND


def test_reject_needs_a_verdict_and_a_note(session: Session, world: World) -> None:
    riley = sign_in(session, "riley")
    check = check_for(session, world, RequirementId.SCHOOL_OFFICIAL)
    with pytest.raises(ReviewError, match="note"):
        review.decide_check(session, riley, check.id, ReviewAction.REJECT, expected_version=1)
    state = review.decide_check(
        session,
        riley,
        check.id,
        ReviewAction.REJECT,
        expected_version=1,
        verdict=Verdict.MISSING,
        note="clause is about staff, not the vendor",
    )
    assert state.verdict is Verdict.MISSING and "clause is about staff" in state.reason


def test_a_stale_version_is_a_conflict_and_overwrites_nothing(session: Session, world: World) -> None:
    riley = sign_in(session, "riley")
    check = check_for(session, world, RequirementId.BREACH_NOTICE)
    review.decide_check(session, riley, check.id, ReviewAction.APPROVE, expected_version=1)
    session.commit()
    with pytest.raises(ConflictError) as caught:  # a second reviewer still looking at version 1
        review.decide_check(
            session,
            riley,
            check.id,
            ReviewAction.CORRECT,
            expected_version=1,
            values={"period": 90, "unit": "days"},
        )
    assert caught.value.current == 2
    session.rollback()
    assert check_for(session, world, RequirementId.BREACH_NOTICE).verdict is Verdict.FOUND


def test_a_reviewer_holding_an_old_copy_gets_a_conflict(session: Session, world: World) -> None:
    """Another session loaded version 1 earlier; its decision is refused after ours is stored."""
    database = open_database(world.settings.resolved_database_url)
    riley = sign_in(session, "riley")
    check_id = check_for(session, world, RequirementId.BREACH_NOTICE).id
    try:
        with database.session_factory() as other:
            assert other.get(Check, check_id).version == 1
            other.commit()  # what the other reviewer's screen shows
            review.decide_check(session, riley, check_id, ReviewAction.APPROVE, expected_version=1)
            session.commit()
            with pytest.raises(ConflictError):
                review.decide_check(other, riley, check_id, ReviewAction.APPROVE, expected_version=1)
    finally:
        database.engine.dispose()
    assert len(check_for(session, world, RequirementId.BREACH_NOTICE).decisions) == 1


def test_approve_all_high_confidence_is_one_audited_action(session: Session, world: World) -> None:
    riley = sign_in(session, "riley")
    approved = review.approve_all_high_confidence(session, riley, world.agreement_id)
    session.commit()
    checks = {c.id: c for c in session.get(Agreement, world.agreement_id).checks}
    assert approved and all(
        checks[i].verdict is Verdict.FOUND and checks[i].confidence >= 0.8 for i in approved
    )
    assert all(c.decisions == [] for i, c in checks.items() if i not in approved)
    [event] = events(session, "checks.bulk_approved")
    assert event.after["checks"] == approved


def test_approval_needs_every_check_decided(session: Session, world: World) -> None:
    riley = sign_in(session, "riley")
    with pytest.raises(ReviewError, match="Only an agreement in review can be approved; this one is new"):
        review.set_status(session, riley, world.agreement_id, AgreementStatus.APPROVED)
    review.set_status(session, riley, world.agreement_id, AgreementStatus.IN_REVIEW)
    with pytest.raises(ReviewError, match="Every check needs a decision first: .* undecided"):
        review.set_status(session, riley, world.agreement_id, AgreementStatus.APPROVED)
    for check in session.get(Agreement, world.agreement_id).checks:
        review.decide_check(session, riley, check.id, ReviewAction.APPROVE, expected_version=check.version)
    review.set_status(session, riley, world.agreement_id, AgreementStatus.APPROVED)
    session.commit()
    assert session.get(Agreement, world.agreement_id).status is AgreementStatus.APPROVED
    with pytest.raises(NotAllowedError):
        review.set_status(session, sign_in(session, "dana"), world.agreement_id, AgreementStatus.APPROVED)


def test_audit_csv_holds_every_event_of_the_agreement(session: Session, world: World) -> None:
    riley = sign_in(session, "riley")
    check = check_for(session, world, RequirementId.SIGNING)
    review.decide_check(session, riley, check.id, ReviewAction.APPROVE, expected_version=1, note="ok")
    session.commit()
    rows = list(csv.DictReader(io.StringIO(export_audit_csv(session, world.agreement_id))))
    actions = [row["action"] for row in rows]
    assert actions[0] == "agreement.ingested" and "check.approve" in actions
    assert "user.created" not in actions  # other entities are not part of this agreement's trail
    approve = rows[actions.index("check.approve")]
    assert approve["actor"] == "riley" and '"note": "ok"' in approve["after"]


def test_audit_csv_quotes_cells_a_spreadsheet_would_compute(session: Session, world: World) -> None:
    from models import store

    planted = '=HYPERLINK("http://evil.example","click")'
    store.record_event(
        session, actor=planted, action="@cmd", entity_type="agreement", entity_id=world.agreement_id
    )
    session.commit()
    rows = list(csv.DictReader(io.StringIO(export_audit_csv(session, world.agreement_id))))
    assert rows[-1]["actor"] == "'" + planted and rows[-1]["action"] == "'@cmd"
    assert all(not value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())


def test_posting_deadlines_split_overdue_and_upcoming() -> None:
    import datetime as dt

    from dpa.review.checklist_views import QueueRow, posting_deadlines

    def row(i: int, deadline: dt.date | None, status: AgreementStatus = AgreementStatus.NEW) -> QueueRow:
        return QueueRow(i, f"t{i}", None, status, 0, 0, 0, 0, None, deadline)

    today = dt.date(2026, 11, 23)
    rows = [
        row(1, dt.date(2026, 11, 20)),
        row(2, dt.date(2026, 11, 30)),
        row(3, dt.date(2027, 1, 5)),
        row(4, dt.date(2026, 11, 1), AgreementStatus.POSTED),
        row(5, None),
    ]
    overdue, soon = posting_deadlines(rows, today, 14)
    assert [r.id for r in overdue] == [1] and [r.id for r in soon] == [2]
    assert rows[0].overdue(today) and not rows[3].overdue(today)
