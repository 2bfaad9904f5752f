"""Engines, sessions and schema upgrades.

The database URL comes from one setting (``dpa.settings``); SQLite files get foreign keys and
write-ahead logging on every connection. The schema is owned by the Alembic migrations in
``models/migrations``; ``open_database`` applies them on first use, so a new data directory
just works.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

ALEMBIC_INI = Path(__file__).with_name("alembic.ini")
SQLITE_BUSY_TIMEOUT_MS = 10_000  # wait for another writer instead of failing at once


@dataclass(frozen=True, slots=True)
class Database:
    """An engine and the session factory bound to it; callers own the sessions."""

    engine: Engine
    session_factory: sessionmaker[Session]


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``; a SQLite file's parent folder is created if missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    """Foreign keys on (SQLite's default is off), WAL so readers never block the writer.

    The driver's own transaction handling is switched off (``isolation_level = None``) and
    ``_sqlite_begin`` emits BEGIN instead: otherwise the sqlite3 module skips BEGIN before DDL and
    SAVEPOINT, and migrations and nested transactions would not roll back as a whole.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory; objects stay readable after commit (no reload needed to print them)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def alembic_config() -> Config:
    """The Alembic configuration kept inside the package (works from any working directory)."""
    return Config(str(ALEMBIC_INI))


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision among the migrations shipped with the code."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def upgrade_to_head(engine: Engine) -> None:
    """Apply every pending migration (a no-op when the database is current)."""
    if current_revision(engine) == head_revision():
        return
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(url: str) -> Database:
    """Engine + session factory for ``url``, with the schema upgraded to the current code."""
    engine = make_engine(url)
    upgrade_to_head(engine)
    return Database(engine=engine, session_factory=make_session_factory(engine))
