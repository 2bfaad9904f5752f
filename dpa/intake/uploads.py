"""Uploads: a file validated, stored, parsed, segmented and checked, recorded as a new agreement.

Each takes the caller's session and never commits it; the caller owns one transaction per user
action. A failed use case leaves nothing half-written: its rows are rolled back (a SAVEPOINT
here, the caller's transaction outside) and files it newly put in the store are removed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

from dpa.review.accounts import Actor, require_role
from dpa.settings import Settings
from models import store
from models.agreement import Agreement
from models.document import StoredFileRow
from models.enums import ProcessingState, Role
from models.filestore import FileStore
from pipeline.guarded import check_guarded, convert_docx_guarded
from pipeline.ingest import ingest_guarded
from pipeline.parse import OcrProgress
from pipeline.types import ClauseKind, FileType, Problem, SegmentedDocument, Upload

SYSTEM_ACTOR = "system"
_PENDING_OBJECTS = "dpa.pending_store_objects"  # session.info key: objects to remove if rolled back


class IngestStatus(StrEnum):
    """What ingesting one file did."""

    NEW = "new"
    DUPLICATE = "duplicate"  # the same bytes were ingested before; nothing was added


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """The result of ``ingest_file``: the agreement the file is (now) stored as."""

    status: IngestStatus
    agreement_id: int
    sha256: str
    original_name: str
    file_type: FileType
    pages: int | None
    processing: ProcessingState
    problems: tuple[Problem, ...] = ()


def ingest_file(
    session: Session,
    settings: Settings,
    source: Path | bytes,
    name: str | None = None,
    *,
    actor: str = SYSTEM_ACTOR,
    ocr_progress: OcrProgress | None = None,
) -> IngestOutcome:
    """Validate, store, parse and segment one upload, recording it as a new agreement.

    Raises:
        PipelineError: the file cannot be accepted or read (message meant for the director).
        SQLAlchemyError, OSError: the database or the file store failed; nothing was kept.
    """
    # In a child process: a hostile file that hangs or crashes the PDF library fails alone.
    upload = ingest_guarded(source, name=name, limits=settings.ingest_limits())
    existing = store.find_file(session, upload.sha256)
    if existing is not None and existing.agreement is not None:
        return _outcome(IngestStatus.DUPLICATE, existing.agreement, ())
    files = settings.file_store()
    created: list[str] = []
    try:
        with session.begin_nested():
            agreement, problems = _add_agreement(
                session, settings, files, upload, existing, created, ocr_progress
            )
            store.record_event(
                session,
                actor=actor,
                action="agreement.ingested",
                entity_type="agreement",
                entity_id=agreement.id,
                after={"sha256": upload.sha256, "file": upload.original_name, "title": agreement.title},
            )
    except BaseException:
        for sha256 in created:
            files.remove(sha256)
        raise
    _remove_if_rolled_back(session, files, created)
    return _outcome(IngestStatus.NEW, agreement, problems)


def _add_agreement(
    session: Session,
    settings: Settings,
    files: FileStore,
    upload: Upload,
    existing: StoredFileRow | None,
    created: list[str],
    ocr_progress: OcrProgress | None = None,
) -> tuple[Agreement, tuple[Problem, ...]]:
    """Store the bytes, run the stages and add the rows; ``created`` collects new store objects."""
    original = files.put(upload.data)
    if original.created:
        created.append(original.sha256)
    pdf_path, pdf_sha256, pages = _pdf_for(upload, original.path, files, created)
    file_row = existing or store.add_stored_file(
        session,
        upload,
        store_path=files.relative_path(upload.sha256),
        page_count=upload.page_count,
        pdf_sha256=pdf_sha256,
    )
    # In a worker process: parsing, OCR and the checks of an untrusted file never run in ours.
    checked = check_guarded(
        pdf_path,
        sha256=upload.sha256,
        file_name=upload.original_name,
        pages=pages,
        max_pages=settings.max_pages,  # a converted Word file is only counted now
        ocr_progress=ocr_progress,
    )
    segmented = checked.segmented
    problems = tuple(dict.fromkeys(segmented.parsed.problems + segmented.problems))
    file_row.page_count = segmented.parsed.page_count
    agreement = store.add_agreement(
        session,
        file_row,
        title=_title(segmented) or _fallback_title(upload),
        processing=ProcessingState.SEGMENTED,
        problems=problems,
    )
    store.add_document(session, agreement, segmented)
    store.add_checklist(session, agreement, checked.detection, checked.checklist)
    agreement.problems = agreement.problems + [store.problem_to_json(p) for p in checked.checklist.problems]
    return agreement, problems


def _pdf_for(
    upload: Upload, original: Path, files: FileStore, created: list[str]
) -> tuple[Path, str | None, int | None]:
    """The PDF to check, for a Word file the hash of its converted PDF (kept in the store too), and pages."""
    if upload.file_type is FileType.PDF:
        return original, None, upload.page_count
    converted_pdf = convert_docx_guarded(upload.data, file_name=upload.original_name)
    converted = files.put(converted_pdf.pdf)
    if converted.created:
        created.append(converted.sha256)
    return converted.path, converted.sha256, converted_pdf.pages


def _title(segmented: SegmentedDocument) -> str | None:
    for clause in segmented.clauses:
        if clause.kind is ClauseKind.TITLE:
            return (clause.heading or clause.text).strip() or None
    return None


def _fallback_title(upload: Upload) -> str:
    return Path(upload.original_name).stem or upload.sha256[:12]


def _outcome(status: IngestStatus, agreement: Agreement, problems: tuple[Problem, ...]) -> IngestOutcome:
    file_row = agreement.file
    return IngestOutcome(
        status=status,
        agreement_id=agreement.id,
        sha256=file_row.sha256,
        original_name=file_row.original_name,
        file_type=file_row.file_type,
        pages=file_row.page_count,
        processing=agreement.processing,
        problems=problems,
    )


# --- store objects follow the fate of the transaction that recorded them ------------------------
# Only the outermost transaction decides: SAVEPOINT commits and rollbacks fire the same events
# (with ``in_nested_transaction()`` true) and are ignored. A rollback of this call's own savepoint is
# handled in ``ingest_file``; a caller that wraps it in a savepoint of its own and rolls only that
# back would leave an unreferenced object, which a later upload of the same bytes simply reuses.


def _remove_if_rolled_back(session: Session, files: FileStore, created: list[str]) -> None:
    """Remember new store objects until the caller's transaction ends; a rollback removes them."""
    if created:
        session.info.setdefault(_PENDING_OBJECTS, []).extend((files, sha256) for sha256 in created)


@event.listens_for(Session, "after_commit")
def _keep_committed_objects(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_PENDING_OBJECTS, None)


@event.listens_for(Session, "after_rollback")
def _remove_rolled_back_objects(session: Session) -> None:
    if session.in_nested_transaction():
        return
    for files, sha256 in session.info.pop(_PENDING_OBJECTS, []):
        files.remove(sha256)


# --- an upload by a signed-in person ---------------------------------------------------------------

UPLOAD_ROLES = frozenset({Role.DIRECTOR, Role.REVIEWER})


def upload_file(
    session: Session,
    settings: Settings,
    actor: Actor,
    data: bytes,
    name: str,
    *,
    ocr_progress: Callable[[int, int], None] | None = None,
) -> IngestOutcome:
    """Ingest one uploaded file as the acting director or reviewer (PipelineError for a bad file)."""
    user = require_role(session, actor, UPLOAD_ROLES, "upload agreements")
    return ingest_file(session, settings, data, name=name, actor=user.name, ocr_progress=ocr_progress)
