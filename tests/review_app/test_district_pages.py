"""District, Breaches, the dashboard's duties and the review page's signing banner, with AppTest."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from dpa.duties.breaches import NewBreach, record_breach_as
from dpa.duties.district_settings import DistrictChanges, add_signer_as, update_district_as
from models import AuditEvent, AuthorizedSigner, Breach, DistrictSettings
from models.db import open_database
from review_app import state
from review_app.components import district_forms as forms
from tests.review_app.seed import PASSWORD, World, shown

APP = Path(__file__).resolve().parents[2] / "review_app" / "streamlit_app.py"
TIMEOUT = 60
SIGNER = "Annika Brandvold"  # the district signer of the seeded sample agreement


@pytest.fixture
def app(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.setenv("DPA_DATABASE_URL", world.settings.resolved_database_url)
    monkeypatch.setenv("DPA_DATA_DIR", str(world.settings.data_dir))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    yield at.run()


def sign_in(at: AppTest, name: str) -> AppTest:
    at.text_input(key=state.AUTH_NAME).input(name)
    at.text_input(key=state.AUTH_PASSWORD).input(PASSWORD)
    return at.button(key="auth.submit").click().run()


@contextmanager
def in_db(world: World) -> Iterator[Session]:
    """A session on the world's database, outside the app."""
    database = open_database(world.settings.resolved_database_url)
    try:
        with database.session_factory() as session:
            yield session
    finally:
        database.engine.dispose()


def texts(at: AppTest, kind: str) -> list[str]:
    return [shown(e.value) for e in getattr(at, kind)]


def test_admin_saves_settings_and_adds_a_signer(app: AppTest, world: World) -> None:
    sign_in(app, "ada")
    app.switch_page("app_pages/district.py").run()
    assert not app.exception and [t.value for t in app.title] == ["District"]
    app.text_input(key=forms.DISTRICT_NAME).input("Prairie Unit District 5")
    app.text_input(key=forms.DISTRICT_EMAIL).input("privacy@prairie5.example.org")
    app.text_input(key=forms.DISTRICT_PHONE).input("217-555-0100")
    app.number_input(key=forms.DISTRICT_ENROLLMENT).set_value(3150)
    app.button(key="district.save").click().run()
    assert not app.exception and "Saved the settings of Prairie Unit District 5" in texts(app, "success")[0]
    app.text_input(key=forms.SIGNER_NAME).input(SIGNER)
    app.text_input(key=forms.SIGNER_TITLE).input("Assistant Superintendent")
    app.button(key="district.add_signer").click().run()
    assert not app.exception and f"{SIGNER} may now sign" in texts(app, "success")[0]
    with in_db(world) as session:
        settings = session.get(DistrictSettings, 1)
        assert settings.privacy_officer_phone == "(217) 555-0100" and settings.updated_by == "ada"
        assert settings.enrollment == 3150
        assert [s.name for s in session.scalars(select(AuthorizedSigner))] == [SIGNER]
        actors = {
            e.actor for e in session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "district"))
        }
    assert actors == {"ada"}


def test_admin_sees_a_bad_phone_refused(app: AppTest, world: World) -> None:
    sign_in(app, "ada")
    app.switch_page("app_pages/district.py").run()
    app.text_input(key=forms.DISTRICT_NAME).input("Prairie Unit District 5")
    app.text_input(key=forms.DISTRICT_PHONE).input("call the front office")
    app.button(key="district.save").click().run()
    assert "phone number" in texts(app, "error")[0]
    with in_db(world) as session:
        assert session.get(DistrictSettings, 1) is None


def test_director_has_no_district_page(app: AppTest) -> None:
    sign_in(app, "dana")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("app_pages/district.py")


def test_review_page_shows_the_signing_authority(app: AppTest, world: World) -> None:
    sign_in(app, "riley")
    app.switch_page("app_pages/review.py").run()
    assert any("Signing authority" in m and "has not entered its list" in m for m in texts(app, "info"))
    with in_db(world) as session:
        add_signer_as(session, "Someone Else", by="test")
        session.commit()
    app.run()
    [refused] = [m for m in texts(app, "error") if "Signing authority" in m]
    assert "is void" in refused and SIGNER in refused
    with in_db(world) as session:
        add_signer_as(session, f"Dr. {SIGNER}", by="test")
        session.commit()
    app.run()
    assert any("Signing authority" in m and "is on the authorized list" in m for m in texts(app, "success"))


def test_breach_form_takes_contact_delay_and_no_notice(app: AppTest, world: World) -> None:
    sign_in(app, "riley")
    app.switch_page("app_pages/breaches.py").run()
    app.selectbox(key=forms.BREACH_OPERATOR).select("Velloway Labs, Inc.")
    app.date_input(key=forms.BREACH_DISCOVERED).set_value(date(2026, 3, 10))
    app.date_input(key=forms.BREACH_FROM).set_value(date(2026, 3, 1))
    app.text_area(key=forms.BREACH_INFORMATION).input("Student names.")
    app.text_area(key=forms.BREACH_OPERATOR_CONTACT).input("privacy@operator.example")
    app.date_input(key=forms.BREACH_DELAYED_UNTIL).set_value(date(2026, 5, 15))
    app.button(key="breach.submit").click().run()
    assert not app.exception and "notify the parents by May 15, 2026" in texts(app, "success")[0]
    app.text_area(key=forms.BREACH_INFORMATION).input("Encrypted file, key not exposed.")
    app.checkbox(key=forms.BREACH_NOTICE_REQUIRED).uncheck()
    app.button(key="breach.submit").click().run()
    assert not app.exception and "no parent notice is required" in texts(app, "success")[0]
    with in_db(world) as session:
        first, second = session.scalars(select(Breach).order_by(Breach.id)).all()
    assert first.operator_contact == "privacy@operator.example"
    assert first.notice_delayed_until == date(2026, 5, 15) and first.parent_notice_required
    assert not second.parent_notice_required and second.notice_delayed_until is None


def test_reviewer_records_a_breach_and_downloads_the_notice(app: AppTest, world: World) -> None:
    with in_db(world) as session:
        update_district_as(
            session,
            DistrictChanges(name="Prairie Unit District 5", privacy_officer_phone="217-555-0100"),
            by="t",
        )
        session.commit()
    sign_in(app, "riley")
    app.switch_page("app_pages/breaches.py").run()
    assert not app.exception and [t.value for t in app.title] == ["Breaches"]
    app.selectbox(key=forms.BREACH_OPERATOR).select("Velloway Labs, Inc.")
    app.date_input(key=forms.BREACH_DISCOVERED).set_value(date(2026, 3, 10))
    app.date_input(key=forms.BREACH_FROM).set_value(date(2026, 3, 1))
    app.number_input(key=forms.BREACH_STUDENTS).set_value(42)
    app.text_area(key=forms.BREACH_INFORMATION).input("Student names and reading scores.")
    app.button(key="breach.submit").click().run()
    assert not app.exception and "Recorded breach #1" in texts(app, "success")[0]
    assert "April 09, 2026" in texts(app, "success")[0]
    table = app.dataframe[0].value
    assert list(table["students"]) == [42] and list(table["operator"]) == ["Velloway Labs, Inc."]
    assert not app.warning  # the notice could be built: both download buttons are offered
    assert {b.key for b in app.get("download_button")} >= {"breach.pdf", "breach.txt"}
    app.date_input(key=forms.BREACH_NOTIFIED_ON).set_value(date(2026, 3, 20))
    app.button(key="breach.notified").click().run()
    with in_db(world) as session:
        [breach] = session.scalars(select(Breach)).all()
        assert breach.recorded_by == "riley" and breach.parents_notified_on == date(2026, 3, 20)


def _call_as(name: str, password: str, which: str) -> None:
    """A script that signs in for real, fills the form state, then calls a page action directly."""
    import datetime as dt

    import streamlit as st

    from dpa.review.accounts import authenticate
    from review_app import resources, state
    from review_app.components import district_forms as forms

    state.init_defaults()
    with resources.reading() as session:
        st.session_state[state.AUTH_USER] = authenticate(session, name, password)
    st.session_state[forms.DISTRICT_NAME] = "Taken over"
    st.session_state[forms.BREACH_DISCOVERED] = dt.date(2026, 3, 10)
    st.session_state[forms.BREACH_FROM] = dt.date(2026, 3, 1)
    st.session_state[forms.BREACH_INFORMATION] = "Student names."
    {"settings": forms.save_district, "breach": forms.record_breach}[which]()
    level, message = state.take_flash() or ("", "")
    st.text(f"{level}: {message}")


@pytest.mark.parametrize(
    ("name", "which", "refusal"),
    [
        ("dana", "settings", "A director cannot change the district settings."),
        ("riley", "settings", "A reviewer cannot change the district settings."),
        ("dana", "breach", "A director cannot record breaches."),
    ],
)
def test_calling_an_action_directly_is_refused(
    world: World, monkeypatch: pytest.MonkeyPatch, name: str, which: str, refusal: str
) -> None:
    monkeypatch.setenv("DPA_DATABASE_URL", world.settings.resolved_database_url)
    monkeypatch.setenv("DPA_DATA_DIR", str(world.settings.data_dir))
    script = AppTest.from_function(_call_as, args=(name, PASSWORD, which), default_timeout=TIMEOUT).run()
    assert not script.exception
    assert script.text[0].value == f"error: {refusal}"
    with in_db(world) as session:
        assert session.get(DistrictSettings, 1) is None and session.scalars(select(Breach)).all() == []


def test_director_sees_the_breach_form_disabled(app: AppTest) -> None:
    sign_in(app, "dana")
    app.switch_page("app_pages/breaches.py").run()
    assert not app.exception and app.button(key="breach.submit").disabled


def test_dashboard_lists_district_duties(app: AppTest, world: World) -> None:
    with in_db(world) as session:
        record_breach_as(
            session,
            NewBreach(
                discovered_on=date(2026, 1, 5), occurred_from=date(2026, 1, 2), information_involved="Names."
            ),
            by="test",
        )
        session.commit()
    sign_in(app, "dana")
    app.switch_page("app_pages/dashboard.py").run()
    assert not app.exception
    assert "District SOPPA duties" in [h.value for h in app.subheader]
    [late] = [m for m in texts(app, "error") if "Breach #1" in m]
    assert "105 ILCS 85/27(d)" in late and "February 04, 2026" in late
