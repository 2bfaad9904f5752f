"""Alembic environment: runs migrations on a connection handed in by ``models.db`` or on DPA_DATABASE_URL."""

from __future__ import annotations

import os
from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection, Enum
from sqlalchemy.types import TypeDecorator

import models  # noqa: F401  (registers every table on Base.metadata)
from models.base import Base
from models.db import make_engine

config = context.config
target_metadata = Base.metadata


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Write column types as the plain SQL the database holds.

    TypeDecorators become their implementation (old migrations never import today's models) and our
    non-native enums become VARCHARs (their members are checked by the ORM, not by the schema).
    """
    if type_ != "type":
        return False
    if isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    if isinstance(obj, Enum) and not obj.native_enum:
        return f"sa.String(length={obj.length})"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_from_command_line() -> None:
    """``alembic -c models/alembic.ini ...`` from a shell: URL from the environment."""
    if config.config_file_name is not None:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    url = os.environ.get("DPA_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("set DPA_DATABASE_URL to the database to migrate")
    engine = make_engine(url)
    with engine.connect() as connection:
        _configure(connection)
        connection.commit()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run against a database")

given: Connection | None = config.attributes.get("connection")
if given is not None:
    _configure(given)
else:
    _run_from_command_line()
