"""Fixtures for the application tests: private settings per test, a CLI runner, corpus files, bad files,
and a session on the reviewed sample agreement (``world``, in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from dpa.cli import app
from dpa.settings import Settings
from models import Base
from models.db import Database, open_database
from tests.conftest import CORPUS as SHARED_CORPUS
from tests.review_app.seed import World

CORPUS = SHARED_CORPUS
SMALL_PDF = CORPUS / "velloway_short_dpa.pdf"
OTHER_PDF = CORPUS / "glimmerstone_tos.pdf"
CORPUS_DOCX = CORPUS / "fenwhistle_assessment_dpa.docx"


@dataclass(frozen=True)
class Snapshot:
    """Row counts of every table and the file-store contents: what a failed upload must not change."""

    rows: dict[str, int]
    objects: list[str]


@pytest.fixture(autouse=True)
def _wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich wraps tables at 80 columns when not on a terminal; messages must stay on one line."""
    monkeypatch.setenv("COLUMNS", "400")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'dpa.sqlite3'}")


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    database = open_database(settings.resolved_database_url)
    yield database
    database.engine.dispose()


@pytest.fixture
def snapshot(database: Database, settings: Settings) -> Callable[[], Snapshot]:
    def take() -> Snapshot:
        with database.session_factory() as session:
            rows = {
                table.name: session.scalar(select(func.count()).select_from(table)) or 0
                for table in Base.metadata.sorted_tables
            }
        return Snapshot(rows=rows, objects=settings.file_store().all_hashes())

    return take


@pytest.fixture
def run_cli(settings: Settings) -> Callable[..., Result]:
    runner = CliRunner()

    def run(*args: str) -> Result:
        options = ["--db", settings.resolved_database_url, "--data-dir", str(settings.data_dir)]
        return runner.invoke(app, [*options, *args], catch_exceptions=False)

    return run


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, Path]:
    """Small broken inputs written by the test: empty, text named .pdf, truncated PDF, encrypted PDF."""
    folder = tmp_path / "bad"
    folder.mkdir()
    files = {
        "empty": folder / "empty.pdf",
        "text_as_pdf": folder / "notes.pdf",
        "truncated": folder / "truncated.pdf",
        "encrypted": folder / "locked.pdf",
    }
    files["empty"].write_bytes(b"")
    files["text_as_pdf"].write_text("Meeting notes, not a PDF at all.\n" * 20)
    data = SMALL_PDF.read_bytes()
    files["truncated"].write_bytes(data[: len(data) // 3])
    with pymupdf.open(SMALL_PDF) as doc:
        doc.save(files["encrypted"], encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="user")
    return files


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Callable[[Path], Path]:
    """Copy a corpus file into tmp (tests never touch the shared corpus)."""

    def copy(source: Path, name: str | None = None) -> Path:
        target = tmp_path / "in" / (name or source.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        return target

    return copy


@pytest.fixture
def session(world: World) -> Iterator[Session]:
    """A session on the test's copy of the template."""
    database = open_database(world.settings.resolved_database_url)
    with database.session_factory() as session:
        yield session
    database.engine.dispose()
