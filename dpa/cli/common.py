"""What every ``dpa`` command shares: the two consoles, the error exit, the settings and the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import typer
from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dpa.settings import Settings
from dpa.transactions import Database, open_database
from dpa.transactions import transaction as run_in_transaction

console = Console()
err_console = Console(stderr=True)


@dataclass(frozen=True, slots=True)
class AppState:
    """What the global options decided, handed to every command through ``ctx.obj``."""

    settings: Settings


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``error: message`` and stop the command (``raise fail(...)`` reads well at call sites)."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def settings_of(ctx: typer.Context) -> Settings:
    """The settings the global options chose (the environment's when a command is called directly)."""
    state = ctx.obj
    return state.settings if state is not None else Settings()


def open_db(ctx: typer.Context) -> Database:
    """The configured database, migrated; an unreachable one ends the command with the driver's reason."""
    settings = settings_of(ctx)
    try:
        return open_database(settings.resolved_database_url)
    except SQLAlchemyError as exc:
        raise fail(f"cannot open the database {settings.resolved_database_url}: {db_reason(exc)}") from None


def db_reason(exc: SQLAlchemyError) -> str:
    """The driver's own words (e.g. 'attempt to write a readonly database'), without SQL or parameters."""
    orig = getattr(exc, "orig", None)
    return str(orig) if orig is not None else type(exc).__name__


@contextmanager
def transaction(ctx: typer.Context, *shown: type[Exception]) -> Iterator[Session]:
    """One transaction for one command: committed when its work succeeds, rolled back otherwise.

    An exception of a ``shown`` type is a use-case refusal meant for the user: it ends the command
    with its message instead of a traceback.
    """
    database = open_db(ctx)
    try:
        with run_in_transaction(database) as session:
            yield session
    except shown as exc:
        raise fail(str(exc)) from None
    finally:
        database.engine.dispose()
