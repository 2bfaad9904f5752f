"""Page logic of the review tools: previous/next and their keys, marking evidence, the label export, SSO."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dpa import review
from models import Check, Finding
from models.db import open_database
from models.enums import Role
from pipeline.findings import RequirementId
from review_app import state
from review_app.components.actions import BOX_EDGES, BOX_PAGE, EVIDENCE_QUERY
from tests.review_app.seed import CORPUS, PASSWORD, World, shown
from tests.review_app.test_app import APP, TIMEOUT, open_check, sign_in

BREACH_SENTENCE = json.loads((CORPUS / "velloway_short_dpa.labels.json").read_text(encoding="utf-8"))[
    "requirements"
]["breach_notice"]["evidence"][0]


@pytest.fixture
def app(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.setenv("DPA_DATABASE_URL", world.settings.resolved_database_url)
    monkeypatch.setenv("DPA_DATA_DIR", str(world.settings.data_dir))
    yield AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()


def marked(world: World) -> list[tuple[str, str, list[int]]]:
    """(requirement, clause, pages) of the passages reviewers marked, oldest first."""
    database = open_database(world.settings.resolved_database_url)
    with database.session_factory() as session:
        rows = session.scalars(select(Finding).where(Finding.rule == "review.evidence").order_by(Finding.id))
        found = [(f.requirement_id.value, f.clause_ref or "", [e["page"] for e in f.evidence]) for f in rows]
    database.engine.dispose()
    return found


def test_next_and_previous_walk_the_checklist_and_carry_their_keys(app: AppTest) -> None:
    sign_in(app, "riley")
    app.switch_page("app_pages/review.py").run()
    assert app.button(key="review.next").proto.shortcut.upper() == "N"
    assert app.button(key="review.previous").proto.shortcut.upper() == "P"
    assert any("**A** approve" in c.value and "**X** reject" in c.value for c in app.caption)
    app.button(key="review.next").click().run()
    first = app.session_state[state.REVIEW_CHECK]
    assert app.button(key=f"review.approve.{first}").proto.shortcut.upper() == "A"
    assert app.button(key=f"review.reject.{first}").proto.shortcut.upper() == "X"
    app.button(key="review.next").click().run()
    second = app.session_state[state.REVIEW_CHECK]
    app.button(key="review.previous").click().run()
    assert second != first and app.session_state[state.REVIEW_CHECK] == first


def test_reviewer_marks_a_passage_found_by_its_text(app: AppTest, world: World) -> None:
    sign_in(app, "riley")
    app, check_id = open_check(app, world, RequirementId.SCHOOL_OFFICIAL)
    app.text_input(key=EVIDENCE_QUERY).input(BREACH_SENTENCE.lower()).run()
    [choice] = app.radio
    assert len(choice.options) == 1 and shown(choice.options[0]).startswith("p. 2 ·"), choice.options
    app.button(key=f"review.evidence.use_text.{check_id}").click().run()
    assert not app.exception and "evidence set to p. 2" in shown(app.success[0].value)
    assert [(r, p) for r, _, p in marked(world)] == [("school_official", [2])]
    [caption] = app.image[0].captions  # the page jumped to the new evidence and highlights it
    assert caption == "Page 2 of 3 · 1 evidence box(es) of school_official"


def test_reviewer_marks_the_words_inside_a_drawn_box(app: AppTest, world: World) -> None:
    sign_in(app, "riley")
    app, check_id = open_check(app, world, RequirementId.BREACH_NOTICE)
    app.number_input(key=BOX_PAGE).set_value(1)
    for key, value in zip(BOX_EDGES, (0.0, 0.0, 612.0, 200.0), strict=True):
        app.number_input(key=key).set_value(value)
    app.button(key=f"review.evidence.use_box.{check_id}").click().run()
    assert not app.exception and app.success, [e.value for e in app.error]
    [(requirement, clause, pages)] = marked(world)
    assert requirement == "breach_notice" and clause.startswith("c") and pages == [1]


def test_a_box_with_no_text_is_refused_and_nothing_is_stored(app: AppTest, world: World) -> None:
    sign_in(app, "riley")
    app, check_id = open_check(app, world, RequirementId.BREACH_NOTICE)
    for key, value in zip(BOX_EDGES, (0.0, 0.0, 4.0, 4.0), strict=True):
        app.number_input(key=key).set_value(value)
    app.button(key=f"review.evidence.use_box.{check_id}").click().run()
    assert "no text of the agreement inside that box" in app.error[0].value and marked(world) == []


def test_director_cannot_mark_evidence_or_export(app: AppTest, world: World) -> None:
    sign_in(app, "dana")
    app, check_id = open_check(app, world, RequirementId.BREACH_NOTICE)
    assert app.button(key=f"review.evidence.use_box.{check_id}").disabled
    assert app.button(key="review.export.this").disabled and app.button(key="review.export.all").disabled


def _approve_everything(world: World) -> None:
    database = open_database(world.settings.resolved_database_url)
    with database.session_factory() as session:
        riley = review.authenticate(session, "riley", PASSWORD)
        for check in session.scalars(select(Check)):
            review.decide_check(session, riley, check.id, "approve", expected_version=check.version)
        session.commit()
    database.engine.dispose()


def _export_downloads(app: AppTest) -> list[object]:
    return [b for b in app.get("download_button") if b.key == "review.export.download"]


def test_export_is_offered_once_every_check_is_decided(app: AppTest, world: World) -> None:
    sign_in(app, "riley")
    app.switch_page("app_pages/review.py").run()
    app.button(key="review.export.this").click().run()
    assert any("Not exported: #1: undecided checks" in shown(c.value) for c in app.caption)
    assert not _export_downloads(app)
    _approve_everything(world)
    app.button(key="review.export.this").click().run()
    assert not app.exception
    assert any(shown(c.value).startswith("1 agreement(s) exported.") for c in app.caption)
    [download] = _export_downloads(app)
    assert download.proto.label == "Download labelled agreements (zip)"


def test_single_sign_on_maps_the_identity_to_our_account(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DPA_DATABASE_URL", world.settings.resolved_database_url)
    monkeypatch.setenv("DPA_DATA_DIR", str(world.settings.data_dir))
    monkeypatch.setenv("DPA_AUTH", "oidc")
    signed_out = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    signed_out.user = {"is_logged_in": False}
    signed_out.run()
    assert signed_out.button(key="auth.sso").label == "Sign in with single sign-on"
    assert not signed_out.text_input  # no password form in this mode
    stranger = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    stranger.user = {"is_logged_in": True, "email": "stranger@district.example"}
    stranger.run()
    assert "There is no account for stranger@district.example" in shown(stranger.error[0].value)
    assert stranger.session_state[state.AUTH_USER] is None
    known = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    known.user = {"is_logged_in": True, "email": "Riley@Example.org"}
    database = open_database(world.settings.resolved_database_url)
    with database.session_factory() as session:
        review.create_user(session, "riley@example.org", Role.REVIEWER, PASSWORD)
        session.commit()
    database.engine.dispose()
    known.run()
    assert not known.exception and known.session_state[state.AUTH_USER].name == "riley@example.org"
    assert [t.value for t in known.title] == ["Agreements"]
