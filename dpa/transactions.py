"""The one way an action runs in a transaction, for the CLI and the review app alike.

The use cases take a session and never commit: the caller owns one transaction per user action
(see ``dpa.intake.uploads``). This is the caller's side, written once. ``transaction`` commits when
the action succeeds and rolls back when it raises, so a refused action changes nothing; ``reading``
is for views and never commits. ``open_database`` gives the migrated database both take.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from models.db import Database, open_database

__all__ = ["Database", "Session", "open_database", "reading", "transaction"]


@contextmanager
def transaction(database: Database) -> Iterator[Session]:
    """A session in one transaction: committed when the block succeeds, rolled back if it raises."""
    with database.session_factory.begin() as session:
        yield session


@contextmanager
def reading(database: Database) -> Iterator[Session]:
    """A session for reading: closed at the end of the block, nothing it did committed."""
    with database.session_factory() as session:
        yield session
