"""Fixtures for the models tests: a fresh, migrated SQLite file per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from models.db import Database, open_database


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.engine.dispose()


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.session_factory() as session:
        yield session
