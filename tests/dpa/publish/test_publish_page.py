"""The app's publish page (AppTest): a director previews and publishes, an admin only previews."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dpa.settings import Settings
from models import Publication
from models.db import open_database
from models.enums import Role
from review_app import state
from review_app.components.publish_actions import PUBLISH_OUT
from tests.dpa.publish.seed import PASSWORD, Spec, add_agreement, breach_row, users
from tests.review_app.seed import shown as unescaped

APP = Path(__file__).resolve().parents[3] / "review_app" / "streamlit_app.py"
PAGE = "app_pages/publish.py"
OPERATOR = "Alderpine Learning, Inc."


@pytest.fixture
def app(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    database = open_database(settings.resolved_database_url)
    with database.session_factory.begin() as session:
        add_agreement(session, settings.file_store(), users(session)[Role.REVIEWER], Spec(OPERATOR))
    database.engine.dispose()
    monkeypatch.setenv("DPA_DATABASE_URL", settings.resolved_database_url)
    monkeypatch.setenv("DPA_DATA_DIR", str(settings.data_dir))
    yield AppTest.from_file(str(APP), default_timeout=60).run()


def _sign_in(at: AppTest, role: Role) -> AppTest:
    at.text_input(key=state.AUTH_NAME).input(f"{role.value}-user")
    at.text_input(key=state.AUTH_PASSWORD).input(PASSWORD)
    return at.button(key="auth.submit").click().run()


def test_director_publishes_from_the_page(app: AppTest, settings: Settings, tmp_path: Path) -> None:
    _sign_in(app, Role.DIRECTOR).switch_page(PAGE).run()
    assert not app.exception
    assert OPERATOR in app.dataframe[0].value["operator"].tolist()
    assert any("not configured" in w.value for w in app.warning)
    out = tmp_path / "public"
    app.text_input(key=PUBLISH_OUT).set_value(str(out))
    app.button(key="publish.submit").click().run()
    assert not app.exception and "Manifest SHA-256" in unescaped(app.success[0].value)
    database = open_database(settings.resolved_database_url)
    with database.session_factory() as session:
        row = session.scalars(select(Publication)).one()
    database.engine.dispose()
    assert row.manifest_sha256 in app.success[0].value and (out / "index.html").is_file()
    shown = {t.label: t.value for t in app.text_input}
    assert shown["Manifest SHA-256"] == row.manifest_sha256  # the last publication, after the rerun


def test_admin_previews_but_cannot_publish(app: AppTest) -> None:
    _sign_in(app, Role.ADMIN).switch_page(PAGE).run()
    assert not app.exception
    assert app.button(key="publish.submit").disabled


def test_preview_names_breaches_left_off_the_list(app: AppTest, settings: Settings) -> None:
    database = open_database(settings.resolved_database_url)
    with database.session_factory.begin() as session:
        session.add(breach_row(students_affected=5, parent_notice_required=False))
    database.engine.dispose()
    _sign_in(app, Role.DIRECTOR).switch_page(PAGE).run()
    assert not app.exception
    [line] = [unescaped(i.value) for i in app.info if "Not listed" in i.value]
    assert "Breach #1" in line and "27(a)(5)(ii)" in line and "no parent notice is required" in line


def test_reviewer_has_no_publish_page(app: AppTest) -> None:
    _sign_in(app, Role.REVIEWER)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(PAGE).run()
