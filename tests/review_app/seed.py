"""A reviewed-app world for tests: one ingested corpus agreement and one user per role.

Ingesting runs the whole pipeline (seconds), so it happens once per test session into a template
folder; every test gets its own copy of the database file and the file store.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from dpa.intake.uploads import ingest_file
from dpa.review.accounts import create_user
from dpa.settings import Settings
from models.db import open_database
from models.enums import Role
from tests.conftest import CORPUS as SHARED_CORPUS

CORPUS = SHARED_CORPUS
SAMPLE_PDF = CORPUS / "velloway_short_dpa.pdf"
PASSWORD = "correct horse battery"
USERS = {"dana": Role.DIRECTOR, "riley": Role.REVIEWER, "ada": Role.ADMIN}


@dataclass(frozen=True)
class World:
    """Where a test's private copy lives, and the seeded agreement."""

    settings: Settings
    agreement_id: int


def build_template(folder: Path) -> int:
    """Ingest the sample and add the users into ``folder``; returns the agreement id."""
    settings = settings_for(folder)
    database = open_database(settings.resolved_database_url)
    try:
        with database.session_factory() as session:
            outcome = ingest_file(session, settings, SAMPLE_PDF, actor="dana")
            for name, role in USERS.items():
                create_user(session, name, role, PASSWORD)
            session.commit()
    finally:
        database.engine.dispose()  # checkpoints the WAL into the main file
    return outcome.agreement_id


def copy_world(template: Path, target: Path, agreement_id: int) -> World:
    """A private copy of the template for one test."""
    shutil.copytree(template, target)
    return World(settings=settings_for(target), agreement_id=agreement_id)


def settings_for(folder: Path) -> Settings:
    return Settings(data_dir=folder / "data", database_url=f"sqlite:///{folder / 'dpa.sqlite3'}")


def shown(markdown: str) -> str:
    """What the browser shows for Markdown the app escaped with ``review_app.components.plain.md``."""
    return re.sub(r"\\(.)", r"\1", markdown.replace("  \n", "\n"))
