"""A database with one ingested corpus agreement and one user per role, for the district-duty tests.

Ingesting runs the whole pipeline (seconds), so a test module builds it once into a template
folder and every test works on its own copy.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from dpa.review import Actor, create_user
from dpa.settings import Settings
from dpa.workflows import ingest_file
from models.db import open_database
from models.enums import Role
from tests.conftest import CORPUS

SAMPLE = CORPUS / "velloway_short_dpa.pdf"
SAMPLE_LABELS = json.loads((CORPUS / "velloway_short_dpa.labels.json").read_text())
PASSWORD = "correct horse battery"
ROLES = {"dana": Role.DIRECTOR, "riley": Role.REVIEWER, "ada": Role.ADMIN}


@dataclass(frozen=True)
class DutiesWorld:
    """A private copy: its settings, the agreement id and the users by name."""

    settings: Settings
    agreement_id: int
    users: dict[str, Actor]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session on this world's database (the caller commits)."""
        database = open_database(self.settings.resolved_database_url)
        try:
            with database.session_factory() as session:
                yield session
        finally:
            database.engine.dispose()


def settings_for(folder: Path) -> Settings:
    return Settings(data_dir=folder / "data", database_url=f"sqlite:///{folder / 'dpa.sqlite3'}")


def build_template(folder: Path) -> tuple[int, dict[str, Actor]]:
    """Ingest the sample and add the users; returns the agreement id and the users."""
    database = open_database(settings_for(folder).resolved_database_url)
    try:
        with database.session_factory() as session:
            outcome = ingest_file(session, settings_for(folder), SAMPLE, actor="dana")
            users = {name: create_user(session, name, role, PASSWORD) for name, role in ROLES.items()}
            session.commit()
    finally:
        database.engine.dispose()
    return outcome.agreement_id, users


def copy_world(template: Path, target: Path, agreement_id: int, users: dict[str, Actor]) -> DutiesWorld:
    shutil.copytree(template, target)
    return DutiesWorld(settings=settings_for(target), agreement_id=agreement_id, users=users)
