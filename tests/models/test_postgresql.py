"""The same schema and use cases on a real PostgreSQL server, not only on the SQLite default.

A private cluster is started once for the module (``tests.pg_cluster``); each test gets its own
database in it. The sample agreement is ingested into SQLite and into PostgreSQL and must come out
the same, so a backend difference in types, JSON, enums or time zones shows up as a failure.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

import models
from dpa.intake import uploads as workflows
from dpa.settings import Settings
from models import AuditEvent
from models.audit import AppendOnlyError
from models.db import Database, alembic_config, current_revision, head_revision, open_database
from models.store import get_agreement_detail, list_agreements
from tests.pg_cluster import temporary_cluster

pytestmark = pytest.mark.postgresql

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "quillon_addendum.pdf"


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    with temporary_cluster() as url:
        yield url


@pytest.fixture
def pg_url(server_url: str) -> Iterator[str]:
    """A fresh, empty database on the module's server."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_database(pg_url: str) -> Iterator[Database]:
    database = open_database(pg_url)
    yield database
    database.engine.dispose()


def test_migrations_reach_head_and_match_the_models(pg_database: Database) -> None:
    assert current_revision(pg_database.engine) == head_revision()
    with pg_database.engine.connect() as connection:
        diff = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), models.Base.metadata
        )
    assert diff == []


def test_downgrade_to_base_and_back(pg_database: Database) -> None:
    config = alembic_config()
    with pg_database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(pg_database.engine).get_table_names()) == {"alembic_version"}
    with pg_database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    assert "agreements" in inspect(pg_database.engine).get_table_names()


def _ingest_and_read(database: Database, tmp_path: Path) -> tuple[list[tuple[str, str]], tuple[object, ...]]:
    settings = Settings(data_dir=tmp_path, database_url=str(database.engine.url))
    with database.session_factory.begin() as session:
        outcome = workflows.ingest_file(session, settings, SAMPLE, actor="tester")
    with database.session_factory() as session:
        detail = get_agreement_detail(session, str(outcome.agreement_id))
        verdicts = sorted((c.requirement_id, c.verdict) for c in detail.checks)
        (summary,) = list_agreements(session)
        return verdicts, (summary.operator, summary.signing_date, summary.posting_deadline)


def test_an_agreement_reads_back_the_same_as_on_sqlite(pg_database: Database, tmp_path: Path) -> None:
    on_postgres = _ingest_and_read(pg_database, tmp_path / "pg")
    sqlite = open_database(f"sqlite:///{tmp_path / 'lite.sqlite3'}")
    try:
        on_sqlite = _ingest_and_read(sqlite, tmp_path / "lite")
    finally:
        sqlite.engine.dispose()
    assert on_postgres == on_sqlite
    assert len(on_postgres[0]) == 13


def test_audit_events_stay_append_only(pg_database: Database, tmp_path: Path) -> None:
    _ingest_and_read(pg_database, tmp_path)
    with pg_database.session_factory() as session:
        event = session.scalars(select(AuditEvent)).one()
        assert event.at.tzinfo is not None
        event.actor = "someone else"
        with pytest.raises(AppendOnlyError):
            session.flush()
