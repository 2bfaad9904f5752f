"""The redaction page with AppTest: propose, reject, add, refusal shown, apply and verify, roles."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dpa.intake.uploads import ingest_file
from models import Agreement, AuditEvent, RedactionRun
from models.db import open_database
from models.enums import AgreementStatus
from review_app.components import redaction_state as keys
from tests.review_app.seed import CORPUS, PASSWORD, World, shown
from tests.review_app.test_app import APP, TIMEOUT, sign_in


@pytest.fixture
def app(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.setenv("DPA_DATABASE_URL", world.settings.resolved_database_url)
    monkeypatch.setenv("DPA_DATA_DIR", str(world.settings.data_dir))
    yield AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()


def open_page(app: AppTest, name: str) -> AppTest:
    sign_in(app, name)
    return app.switch_page("app_pages/redact.py").run()


def runs(world: World) -> list[RedactionRun]:
    database = open_database(world.settings.resolved_database_url)
    with database.session_factory() as session:
        rows = list(session.scalars(select(RedactionRun).order_by(RedactionRun.id)))
        session.expunge_all()
    database.engine.dispose()
    return rows


def actions(world: World) -> list[tuple[str, str]]:
    database = open_database(world.settings.resolved_database_url)
    with database.session_factory() as session:
        rows = [
            (e.actor, e.action)
            for e in session.scalars(select(AuditEvent).where(AuditEvent.action.like("redaction.%")))
        ]
    database.engine.dispose()
    return rows


def test_reviewer_proposes_reviews_adds_and_applies(app: AppTest, world: World) -> None:
    app = open_page(app, "riley")
    assert not app.exception and [t.value for t in app.title] == ["Redaction"]
    app.button(key="redact.propose").click().run()
    assert not app.exception and app.success[0].value.startswith("Proposed ")
    [run] = runs(world)
    assert run.proposals and all(p["accepted"] for p in run.proposals)
    assert "box(es) accepted" in app.image[0].captions[0]

    first = f"redact.accept.{run.id}.{run.version}.0"
    app.checkbox(key=first).uncheck().run()
    assert not app.exception and shown(app.success[0].value) == "Proposal 1 rejected."
    assert runs(world)[0].proposals[0]["accepted"] is False

    app.text_input(key=keys.TERM).input("Boulder").run()  # in the operator's business address
    app.button(key="redact.add_term").click().run()
    assert "business address must be posted" in shown(app.warning[0].value)
    assert any("term: Boulder" in shown(w.value) and "27(a)(2)" in shown(w.value) for w in app.warning[1:])

    app.button(key="redact.apply").click().run()
    assert not app.exception, app.exception
    [run] = runs(world)
    assert run.verified and run.approved_by == "riley" and run.output_sha256
    assert shown(app.success[0].value).startswith("Verified: ")
    assert any(run.output_sha256 in s.value and "approved by riley" in s.value for s in app.success)
    data = world.settings.file_store().read(run.output_sha256)
    assert hashlib.sha256(data).hexdigest() == run.output_sha256
    assert app.button(key="redact.apply").disabled  # a verified run is final
    assert ("riley", "redaction.applied") in actions(world)


def test_preview_and_a_drawn_box(app: AppTest, world: World) -> None:
    app = open_page(app, "riley")
    app.button(key="redact.propose").click().run()
    app.toggle(key=keys.PREVIEW).set_value(True).run()
    assert not app.exception and len(app.image) == 1
    edges = ((keys.BOX_X0, 10.0), (keys.BOX_TOP, 4.0), (keys.BOX_X1, 60.0), (keys.BOX_BOTTOM, 14.0))
    for key, value in edges:  # the top margin: nothing protected there
        app.number_input(key=key).set_value(value)
    app.button(key="redact.add_box").click().run()
    assert not app.exception and shown(app.success[0].value) == "1 box(es) added."
    [run] = runs(world)
    assert run.proposals[-1]["request"] == "box on page 1"
    assert run.proposals[-1]["bbox"] == [10.0, 4.0, 60.0, 14.0]


def _call_apply_as(name: str, password: str, run_id: int) -> None:
    """A script that signs in for real, then calls the page's apply action directly."""
    import streamlit as st

    from dpa.review.accounts import authenticate
    from review_app import resources, state
    from review_app.components import redaction_actions
    from review_app.components import redaction_state as keys

    state.init_defaults()
    with resources.reading() as session:
        st.session_state[state.AUTH_USER] = authenticate(session, name, password)
    redaction_actions.apply(run_id, 1)
    level, message = st.session_state.get(keys.FLASH) or ("", "")
    st.text(f"{level}: {message}")


def test_a_director_sees_disabled_controls_and_is_refused_anyway(
    app: AppTest, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_page(app, "dana")
    assert not app.exception
    assert app.button(key="redact.propose").disabled
    reviewer = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    reviewer = open_page(reviewer, "riley")
    reviewer.button(key="redact.propose").click().run()
    [run] = runs(world)
    app.run()
    assert app.button(key="redact.apply").disabled and app.button(key="redact.add_term").disabled
    assert app.checkbox(key=f"redact.accept.{run.id}.{run.version}.0").disabled
    script = AppTest.from_function(_call_apply_as, args=("dana", PASSWORD, run.id), default_timeout=TIMEOUT)
    script.run()
    assert script.text[0].value == "error: A director cannot apply redactions."
    [after] = runs(world)
    assert after.report is None and not after.verified


def test_a_protected_clause_is_refused_in_the_app(app: AppTest, world: World) -> None:
    from models import Finding
    from pipeline.findings import RequirementId

    database = open_database(world.settings.resolved_database_url)
    with database.session_factory() as session:
        finding = session.scalars(
            select(Finding).where(Finding.requirement_id == RequirementId.DATA_CATEGORIES)
        ).first()
        clause_id = finding.evidence[0]["clause"] if finding else None
    database.engine.dispose()
    assert clause_id
    app = open_page(app, "riley")
    app.button(key="redact.propose").click().run()
    app.selectbox(key=keys.CLAUSE).set_value(clause_id).run()
    app.button(key="redact.add_clause").click().run()
    assert not app.exception
    assert "15(4)(A) data categories" in shown(app.warning[0].value)
    [run] = runs(world)
    assert not any(p["request"] == f"clause: {clause_id}" for p in run.proposals)
    assert any(r["request"] == f"clause: {clause_id}" for r in run.refused)


def test_a_failed_verification_names_the_string_its_page_and_what_to_do(app: AppTest, world: World) -> None:
    """One occurrence of a term left unboxed: the error says which words, where, and what to do."""
    app = open_page(app, "riley")
    app.button(key="redact.propose").click().run()
    app.text_input(key=keys.TERM).input("Effective Date").run()
    app.button(key="redact.add_term").click().run()
    [run] = runs(world)
    index, page = next((i, p["page"]) for i, p in enumerate(run.proposals) if p["text"] == "Effective Date")
    app.checkbox(key=f"redact.accept.{run.id}.{run.version}.{index}").uncheck().run()
    app.button(key="redact.apply").click().run()
    assert not app.exception, app.exception
    [run] = runs(world)
    assert run.report is not None and not run.verified
    messages = [shown(e.value) for e in app.error]
    assert messages, "a failed verification is shown as an error"
    for message in messages:  # the action's message and the stored result below the button
        assert "NOT verified, so it cannot be posted" in message
        leak = "“Effective Date” was to be blacked out but can still be read in the redacted copy"
        assert f"{leak} on page {page} (found by PyMuPDF text" in message
        assert "What you can do: Make sure every place it occurs has an accepted box" in message
        assert "text_still_readable" not in message


def test_the_agreement_chosen_here_is_the_one_the_review_page_opens_and_acts_on(
    app: AppTest, world: World
) -> None:
    """The issue: 'Mark redacted' on the review page moved another agreement than the one redacted."""
    database = open_database(world.settings.resolved_database_url)
    with database.session_factory.begin() as session:
        other = ingest_file(
            session, world.settings, CORPUS / "glimmerstone_tos.pdf", actor="dana"
        ).agreement_id
    database.engine.dispose()
    app = open_page(app, "riley")
    first = app.selectbox(key=keys.AGREEMENT).value
    [second] = {world.agreement_id, other} - {first}
    app.selectbox(key=keys.AGREEMENT).select(second).run()
    app.switch_page("app_pages/review.py").run()
    assert not app.exception and app.subheader[0].value.startswith(f"#{second} ")
    app.button(key="review.status.in_review").click().run()  # acts on the agreement shown
    assert statuses(world) == {first: AgreementStatus.NEW, second: AgreementStatus.IN_REVIEW}
    app.switch_page("app_pages/redact.py").run()
    assert app.selectbox(key=keys.AGREEMENT).value == second
    app.selectbox(key=keys.AGREEMENT).select(first).run()
    app.switch_page("app_pages/review.py").run()
    assert app.subheader[0].value.startswith(f"#{first} ")


def statuses(world: World) -> dict[int, AgreementStatus]:
    database = open_database(world.settings.resolved_database_url)
    with database.session_factory() as session:
        rows = {a.id: a.status for a in session.scalars(select(Agreement))}
    database.engine.dispose()
    return rows
