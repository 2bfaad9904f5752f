"""An upload whose worker is stopped: a plain message for the director, nothing kept, the caller goes on.

The check of an upload runs in a guarded worker process (``pipeline.guarded``). Its time limit is
shrunk here so that a real check of a real PDF overruns it: the worker is killed as a hanging one
would be. (A worker that crashes outright is covered in ``tests/pipeline/test_guarded.py``.)
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dpa.intake import uploads
from dpa.intake.file_check import check_file
from dpa.intake.uploads import IngestStatus
from dpa.settings import Settings
from models.db import Database
from pipeline import guarded
from pipeline.errors import IngestError
from tests.dpa.conftest import SMALL_PDF, Snapshot


@pytest.fixture
def hurried_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give each job far less time than reading and checking a PDF takes."""
    monkeypatch.setattr(guarded, "DEFAULT_TIMEOUT_S", 0.0)
    monkeypatch.setattr(guarded, "SECONDS_PER_PAGE", 0.02)


def test_an_upload_whose_worker_overruns_is_stopped_and_nothing_is_kept(
    database: Database,
    settings: Settings,
    snapshot: Callable[[], Snapshot],
    hurried_workers: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = snapshot()
    with pytest.raises(IngestError) as caught, database.session_factory.begin() as session:
        uploads.ingest_file(session, settings, SMALL_PDF)
    assert caught.value.code == "timeout"
    assert f"Reading “{SMALL_PDF.name}” took longer than" in caught.value.message
    assert "print it to a new PDF" in caught.value.message  # what the director can do
    assert snapshot() == before  # no row, no stored file
    monkeypatch.undo()  # the same process takes the next upload as usual
    with database.session_factory.begin() as session:
        outcome = uploads.ingest_file(session, settings, SMALL_PDF)
    assert outcome.status is IngestStatus.NEW


def test_a_check_without_storing_is_stopped_the_same_way(settings: Settings, hurried_workers: None) -> None:
    with pytest.raises(IngestError, match=f"Reading “{SMALL_PDF.name}” took longer than"):
        check_file(settings, SMALL_PDF)
