"""Page logic with streamlit's AppTest: sign-in gate, a reviewer's decision, a director refused."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from models import AuditEvent, Check, ReviewDecision
from models.db import open_database
from pipeline.findings import RequirementId
from review_app import state
from tests.review_app.seed import PASSWORD, World, shown

APP = Path(__file__).resolve().parents[2] / "review_app" / "streamlit_app.py"
TIMEOUT = 60


@pytest.fixture
def app(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.setenv("DPA_DATABASE_URL", world.settings.resolved_database_url)
    monkeypatch.setenv("DPA_DATA_DIR", str(world.settings.data_dir))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    yield at.run()


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key=state.AUTH_NAME).input(name)
    at.text_input(key=state.AUTH_PASSWORD).input(password)
    return at.button(key="auth.submit").click().run()


def open_check_id(world: World, requirement: RequirementId) -> int:
    database = open_database(world.settings.resolved_database_url)
    with database.session_factory() as session:
        check_id = session.scalars(select(Check.id).where(Check.requirement_id == requirement)).one()
    database.engine.dispose()
    return check_id


def open_check(at: AppTest, world: World, requirement: RequirementId) -> tuple[AppTest, int]:
    check_id = open_check_id(world, requirement)
    at.switch_page("app_pages/review.py").run()
    at.button(key=f"review.select.{check_id}").click().run()
    return at, check_id


def stored(world: World, check_id: int) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """(decision, user, verdict) rows of the check, and (actor, action) of its audit events."""
    database = open_database(world.settings.resolved_database_url)
    with database.session_factory() as session:
        decisions = [
            (d.decision.value, d.user.name, d.new_verdict.value if d.new_verdict else "")
            for d in session.scalars(select(ReviewDecision).where(ReviewDecision.check_id == check_id))
        ]
        events = [
            (e.actor, e.action)
            for e in session.scalars(
                select(AuditEvent).where(
                    AuditEvent.entity_type == "check", AuditEvent.entity_id == str(check_id)
                )
            )
        ]
    database.engine.dispose()
    return decisions, events


def test_signed_out_visitor_sees_only_the_sign_in_form(app: AppTest) -> None:
    assert not app.exception
    assert [t.value for t in app.title] == ["Sign in"]
    assert len(app.text_input) == 2 and not app.dataframe and not app.image
    assert "Velloway" not in str([m.value for m in app.markdown])
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("app_pages/queue.py")  # no data page is even registered


def test_wrong_password_is_refused(app: AppTest) -> None:
    sign_in(app, "riley", "not the password")
    assert app.session_state[state.AUTH_USER] is None
    assert "wrong password" in app.error[0].value


def test_queue_lists_the_agreement_after_sign_in(app: AppTest, world: World) -> None:
    sign_in(app, "dana")
    assert not app.exception
    assert [t.value for t in app.title] == ["Agreements"]
    table = app.dataframe[0].value
    assert list(table["id"]) == [world.agreement_id] and table["operator"][0] == "Velloway Labs, Inc."


def test_reviewer_approves_a_check_and_it_is_stored(app: AppTest, world: World) -> None:
    sign_in(app, "riley")
    app, check_id = open_check(app, world, RequirementId.BREACH_NOTICE)
    assert not app.exception
    [caption] = app.image[0].captions  # jumped to the evidence page, its boxes drawn
    assert re.fullmatch(r"Page \d+ of \d+ · [1-9]\d* evidence box\(es\) of breach_notice", caption), caption
    app.button(key=f"review.approve.{check_id}").click().run()
    assert not app.exception and "approved" in app.success[0].value
    decisions, events = stored(world, check_id)
    assert decisions == [("approve", "riley", "found")]
    assert events == [("riley", "check.approve")]


def test_reviewer_correction_reruns_the_rule(app: AppTest, world: World) -> None:
    sign_in(app, "riley")
    app, check_id = open_check(app, world, RequirementId.BREACH_NOTICE)
    app.text_area(key=state.REVIEW_VALUES).input('{"period": 60, "unit": "days"}')
    app.button(key=f"review.correct.{check_id}").click().run()
    assert not app.exception and "non_compliant" in shown(app.success[0].value)
    decisions, _ = stored(world, check_id)
    assert decisions == [("correct", "riley", "non_compliant")]


def test_director_sees_the_decision_buttons_disabled(app: AppTest, world: World) -> None:
    sign_in(app, "dana")
    app, check_id = open_check(app, world, RequirementId.BREACH_NOTICE)
    assert app.button(key=f"review.approve.{check_id}").disabled
    assert app.button(key="review.approve_all").disabled


def _call_the_approve_callback(name: str, password: str, check_id: int) -> None:
    """A script that signs in for real, then calls the page's approve action directly."""
    import streamlit as st

    from dpa.review.accounts import authenticate
    from models.enums import ReviewAction
    from review_app import resources, state
    from review_app.components import actions

    state.init_defaults()
    with resources.reading() as session:
        st.session_state[state.AUTH_USER] = authenticate(session, name, password)
    actions.decide(check_id, 1, ReviewAction.APPROVE)
    level, message = state.take_flash() or ("", "")
    st.text(f"{level}: {message}")


@pytest.mark.parametrize(
    ("name", "allowed"), [("dana", False), ("riley", True)], ids=["director", "reviewer"]
)
def test_calling_the_action_directly_is_refused_for_a_director(
    world: World, monkeypatch: pytest.MonkeyPatch, name: str, allowed: bool
) -> None:
    monkeypatch.setenv("DPA_DATABASE_URL", world.settings.resolved_database_url)
    monkeypatch.setenv("DPA_DATA_DIR", str(world.settings.data_dir))
    check_id = open_check_id(world, RequirementId.BREACH_NOTICE)
    script = AppTest.from_function(
        _call_the_approve_callback, args=(name, PASSWORD, check_id), default_timeout=TIMEOUT
    )
    script.run()
    assert not script.exception
    decisions, events = stored(world, check_id)
    if allowed:
        assert script.text[0].value.startswith("success") and decisions == [("approve", "riley", "found")]
    else:
        assert script.text[0].value == "error: A director cannot decide checks."
        assert decisions == [] and events == []


def test_upload_reports_each_file(app: AppTest, world: World) -> None:
    """A duplicate, a text file named .pdf and an empty file: one clear message each, nothing added."""
    from tests.review_app.seed import SAMPLE_PDF

    sign_in(app, "dana")
    app.switch_page("app_pages/upload.py").run()
    app.file_uploader(key=state.UPLOAD_FILES).set_value(
        [
            ("again.pdf", SAMPLE_PDF.read_bytes(), "application/pdf"),
            ("notes.pdf", b"just some meeting notes\n" * 40, "application/pdf"),
            ("empty.pdf", b"", "application/pdf"),
        ]
    ).run()
    app.button(key="upload.submit").click().run()
    assert not app.exception
    warnings = [shown(w.value) for w in app.warning]
    errors = [shown(e.value) for e in app.error]
    assert warnings == [f"again.pdf: Already uploaded as agreement {world.agreement_id}; nothing was added."]
    assert len(errors) == 2 and errors[0].startswith("notes.pdf: ") and errors[1].startswith("empty.pdf: ")
    assert all(len(e.split(": ", 1)[1]) > 10 for e in errors)


def test_dashboard_and_audit_pages_show_the_data(app: AppTest, world: World) -> None:
    sign_in(app, "riley")
    app.switch_page("app_pages/dashboard.py").run()
    assert not app.exception and [t.value for t in app.title] == ["Dashboard"]
    app.switch_page("app_pages/audit.py").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert "agreement.ingested" in list(table["action"]) and "dana" in list(table["actor"])


def status_buttons(at: AppTest) -> dict[str, bool]:
    """The workflow buttons shown, by key, and whether each is enabled."""
    return {b.key: not b.disabled for b in at.button if b.key and b.key.startswith("review.status.")}


def test_status_buttons_are_the_moves_the_workflow_offers_now(app: AppTest, world: World) -> None:
    sign_in(app, "riley")
    app.switch_page("app_pages/review.py").run()
    assert status_buttons(app) == {"review.status.in_review": True}  # a new agreement: start the review
    app.button(key="review.status.in_review").click().run()
    assert "The agreement is now in_review" in shown(app.success[0].value)
    assert status_buttons(app) == {"review.status.approved": False}  # checks are undecided
    assert any(shown(c.value).startswith("Every check needs a decision first: ") for c in app.caption)


def test_a_director_is_offered_no_status_change(app: AppTest, world: World) -> None:
    sign_in(app, "dana")
    app.switch_page("app_pages/review.py").run()
    assert not app.exception and status_buttons(app) == {}
    assert "No status change is yours to make on this agreement now." in [shown(c.value) for c in app.caption]


def test_second_reviewer_on_a_stale_screen_sees_the_conflict(app: AppTest, world: World) -> None:
    other = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    sign_in(app, "riley")
    sign_in(other, "riley")
    app, check_id = open_check(app, world, RequirementId.BREACH_NOTICE)
    other, _ = open_check(other, world, RequirementId.BREACH_NOTICE)  # both show version 1
    app.button(key=f"review.approve.{check_id}").click().run()
    other.text_area(key=state.REVIEW_VALUES).input('{"period": 90, "unit": "days"}')
    other.button(key=f"review.correct.{check_id}").click().run()
    assert "changed by someone else" in other.error[0].value
    decisions, _ = stored(world, check_id)
    assert decisions == [("approve", "riley", "found")]


def test_only_an_admin_gets_the_users_page_and_can_add_one(app: AppTest, world: World) -> None:
    from dpa.review.accounts import authenticate

    sign_in(app, "riley")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("app_pages/users.py").run()  # not among a reviewer's pages
    admin = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    sign_in(admin, "ada")
    admin.switch_page("app_pages/users.py").run()
    admin.text_input(key=state.USERS_NAME).input("sam")
    admin.selectbox(key=state.USERS_ROLE).select("reviewer")
    admin.text_input(key=state.USERS_PASSWORD).input("sam's long pass")
    admin.button(key="users.submit").click().run()
    assert not admin.exception and shown(admin.success[0].value) == "Added reviewer sam."
    database = open_database(world.settings.resolved_database_url)
    with database.session_factory() as session:
        assert authenticate(session, "sam", "sam's long pass").role.value == "reviewer"
    database.engine.dispose()
