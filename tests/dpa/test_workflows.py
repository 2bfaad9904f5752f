"""``ingest_file``: new, duplicate, and every failure leaving the database and the file store unchanged."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pymupdf
import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from dpa.intake import uploads as workflows
from dpa.intake.uploads import IngestStatus
from dpa.settings import Settings
from models import Agreement, AuditEvent, ClauseRow
from models.db import Database
from models.enums import ProcessingState
from pipeline.errors import IngestError, PipelineError
from pipeline.findings import RequirementId
from tests.dpa.conftest import CORPUS_DOCX, SMALL_PDF, Snapshot


@pytest.fixture
def clause_inserts_fail() -> Iterator[None]:
    """Make SQLite refuse writes just as the clauses are inserted: a real database error mid-upload."""

    def read_only(mapper: object, connection: object, target: object) -> None:
        connection.exec_driver_sql("PRAGMA query_only = ON")  # type: ignore[attr-defined]

    event.listen(ClauseRow, "before_insert", read_only)
    try:
        yield
    finally:
        event.remove(ClauseRow, "before_insert", read_only)


def test_new_pdf_is_stored_parsed_segmented_and_checked(database: Database, settings: Settings) -> None:
    with database.session_factory.begin() as session:
        outcome = workflows.ingest_file(session, settings, SMALL_PDF, actor="tester")
    assert outcome.status is IngestStatus.NEW
    assert outcome.processing is ProcessingState.CHECKED
    with pymupdf.open(SMALL_PDF) as doc:
        assert outcome.pages == doc.page_count
    assert settings.file_store().read(outcome.sha256) == SMALL_PDF.read_bytes()
    with database.session_factory() as session:
        agreement = session.get(Agreement, outcome.agreement_id)
        assert agreement is not None
        assert len(agreement.pages) == outcome.pages
        assert len(agreement.clauses) > 3
        assert agreement.title
        assert {c.requirement_id.value for c in agreement.checks} == {r.value for r in RequirementId}
        assert agreement.findings and all(f.evidence for f in agreement.findings)
        assert agreement.operator is not None and agreement.operator.business_address
        assert agreement.signing_date is not None and agreement.posting_deadline > agreement.signing_date
        events = session.scalars(select(AuditEvent)).all()
        assert [(e.actor, e.action, e.entity_id) for e in events] == [
            ("tester", "agreement.ingested", str(outcome.agreement_id))
        ]


def test_same_bytes_again_is_a_duplicate(
    database: Database, settings: Settings, snapshot: Callable[[], Snapshot], corpus_copy: Callable[..., Path]
) -> None:
    with database.session_factory.begin() as session:
        first = workflows.ingest_file(session, settings, SMALL_PDF)
    before = snapshot()
    renamed = corpus_copy(SMALL_PDF, "renamed copy.pdf")
    with database.session_factory.begin() as session:
        again = workflows.ingest_file(session, settings, renamed)
    assert again.status is IngestStatus.DUPLICATE
    assert again.agreement_id == first.agreement_id
    assert snapshot() == before


@pytest.mark.parametrize("kind", ["empty", "text_as_pdf", "truncated", "encrypted"])
def test_bad_input_changes_nothing(
    database: Database,
    settings: Settings,
    snapshot: Callable[[], Snapshot],
    bad_files: dict[str, Path],
    kind: str,
) -> None:
    before = snapshot()
    with pytest.raises(IngestError) as caught, database.session_factory.begin() as session:
        workflows.ingest_file(session, settings, bad_files[kind])
    assert caught.value.message
    assert snapshot() == before


def test_database_error_mid_upload_leaves_no_rows_and_no_file(
    database: Database, settings: Settings, snapshot: Callable[[], Snapshot], clause_inserts_fail: None
) -> None:
    before = snapshot()
    with pytest.raises(OperationalError, match="readonly"), database.session_factory.begin() as session:
        workflows.ingest_file(session, settings, SMALL_PDF)
    database.engine.dispose()  # drop the connection left read-only
    assert snapshot() == before
    assert before.objects == []


def test_rollback_by_the_caller_removes_the_new_file(
    database: Database, settings: Settings, snapshot: Callable[[], Snapshot]
) -> None:
    before = snapshot()
    with database.session_factory() as session:
        outcome = workflows.ingest_file(session, settings, SMALL_PDF)
        assert settings.file_store().exists(outcome.sha256)
        session.rollback()  # e.g. the commit failed, or a later step of the caller did
    assert snapshot() == before


def test_several_files_in_one_transaction_keep_earlier_ones_when_one_fails(
    database: Database, settings: Settings, bad_files: dict[str, Path]
) -> None:
    with database.session_factory.begin() as session:
        good = workflows.ingest_file(session, settings, SMALL_PDF)
        with pytest.raises(PipelineError):
            workflows.ingest_file(session, settings, bad_files["truncated"])
    assert settings.file_store().all_hashes() == [good.sha256]
    with database.session_factory() as session:
        assert session.get(Agreement, good.agreement_id) is not None


def test_word_file_is_converted_and_both_files_are_kept(database: Database, settings: Settings) -> None:
    with database.session_factory.begin() as session:
        outcome = workflows.ingest_file(session, settings, CORPUS_DOCX)
    assert outcome.status is IngestStatus.NEW
    with database.session_factory() as session:
        agreement = session.get(Agreement, outcome.agreement_id)
        assert agreement is not None
        assert outcome.processing is ProcessingState.CHECKED
        assert agreement.clauses and settings.file_store().exists(agreement.file.pdf_sha256 or "")
        assert settings.file_store().read(outcome.sha256) == CORPUS_DOCX.read_bytes()


@pytest.mark.ocr
def test_scanned_upload_reports_ocr_progress_and_is_checked(database: Database, settings: Settings) -> None:
    calls: list[tuple[int, int]] = []
    scan = SMALL_PDF.with_name("velloway_short_dpa.scanned.pdf")
    with database.session_factory.begin() as session:
        outcome = workflows.ingest_file(
            session, settings, scan, ocr_progress=lambda d, t: calls.append((d, t))
        )
    assert calls and calls[-1] == (outcome.pages, outcome.pages)
    with database.session_factory() as session:
        agreement = session.get(Agreement, outcome.agreement_id)
        assert agreement is not None and all(page.ocr_applied for page in agreement.pages)
        verdicts = {c.requirement_id.value: c.verdict.value for c in agreement.checks}
        assert verdicts["breach_notice"] == "found" and verdicts["posting_statement"] == "missing"
