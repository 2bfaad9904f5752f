"""A database with one ingested corpus agreement and one user per role, for the district-duty tests.

Ingesting runs the whole pipeline (seconds), so a test module builds it once into a template
folder and every test works on its own copy. The fixtures ``template``, ``world`` and ``cli`` are
imported by the test modules that use them (module scope: one template per module).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from dpa.cli import app
from dpa.intake.uploads import ingest_file
from dpa.review.accounts import Actor, create_user
from dpa.settings import Settings
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


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, dict[str, Actor]]:
    """The ingested sample and the users, built once per test module."""
    folder = tmp_path_factory.mktemp("duties-template")
    agreement_id, users = build_template(folder)
    return folder, agreement_id, users


@pytest.fixture
def world(template: tuple[Path, int, dict[str, Actor]], tmp_path: Path) -> DutiesWorld:
    """This test's own copy of the template."""
    folder, agreement_id, users = template
    return copy_world(folder, tmp_path / "world", agreement_id, users)


@pytest.fixture
def cli(world: DutiesWorld) -> Callable[..., Result]:
    """Run ``dpa`` on this test's world, on a wide terminal so tables do not wrap."""

    def run(*args: str) -> Result:
        options = ["--db", world.settings.resolved_database_url, "--data-dir", str(world.settings.data_dir)]
        return CliRunner().invoke(app, [*options, *args], catch_exceptions=False, env={"COLUMNS": "300"})

    return run
