"""``dpa user add`` through a CLI built the way the lead will build it (register on a Typer app)."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy import select
from typer.testing import CliRunner

from dpa.cli.review_commands import register
from dpa.review.accounts import authenticate
from dpa.settings import Settings
from models import AuditEvent
from models.db import open_database


def make_app(settings: Settings) -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main(ctx: typer.Context) -> None:
        ctx.obj = type("State", (), {"settings": settings})()

    register(app)
    return app


def test_user_add_stores_an_argon2_account(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    runner = CliRunner()
    result = runner.invoke(
        make_app(settings),
        ["user", "add", "morgan", "--role", "admin", "--password-stdin"],
        input="a long secret\n",
    )
    assert result.exit_code == 0, result.output
    again = runner.invoke(
        make_app(settings),
        ["user", "add", "morgan", "--role", "reviewer", "--password-stdin"],
        input="another secret\n",
    )
    assert again.exit_code == 1 and "already exists" in again.output
    prompted = runner.invoke(
        make_app(settings),
        ["user", "add", "kim", "--role", "director"],
        input="pass phrase 1\npass phrase 1\n",
    )
    assert prompted.exit_code == 0, prompted.output
    database = open_database(settings.resolved_database_url)
    with database.session_factory() as session:
        assert authenticate(session, "morgan", "a long secret").role.value == "admin"
        assert authenticate(session, "kim", "pass phrase 1").role.value == "director"
        actions = list(session.scalars(select(AuditEvent.action)))
    database.engine.dispose()
    assert actions == ["user.created", "user.created"]
