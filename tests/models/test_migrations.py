"""The schema comes from the migrations, matches the models, and SQLite runs with FKs and WAL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

import models
from models.db import Database, alembic_config, current_revision, head_revision, make_engine, upgrade_to_head

EXPECTED_TABLES = {
    "agreements",
    "audit_events",
    "checks",
    "clauses",
    "findings",
    "operators",
    "pages",
    "review_decisions",
    "stored_files",
    "users",
}


def test_fresh_database_is_migrated_to_head(database: Database) -> None:
    tables = set(inspect(database.engine).get_table_names())
    assert tables >= EXPECTED_TABLES
    assert "alembic_version" in tables
    assert current_revision(database.engine) == head_revision() is not None


def test_upgrade_is_idempotent(database: Database) -> None:
    upgrade_to_head(database.engine)
    upgrade_to_head(database.engine)
    assert current_revision(database.engine) == head_revision()


def test_downgrade_to_base_and_back(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}")
    upgrade_to_head(engine)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    upgrade_to_head(engine)
    assert set(inspect(engine).get_table_names()) >= EXPECTED_TABLES
    engine.dispose()


def test_autogenerate_finds_nothing_to_change(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, models.Base.metadata)
    assert diff == []


def test_sqlite_runs_with_foreign_keys_and_wal(database: Database) -> None:
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_foreign_keys_are_enforced(database: Database) -> None:
    with pytest.raises(IntegrityError), database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO pages (agreement_id, number, width, height, rotation, has_text_layer,"
                " needs_ocr, ocr_applied) VALUES (999, 1, 612, 792, 0, 1, 0, 0)"
            )
        )


def test_database_file_is_created_in_a_new_folder(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "dpa.sqlite3"
    engine = make_engine(f"sqlite:///{target}")
    upgrade_to_head(engine)
    engine.dispose()
    assert target.is_file()
