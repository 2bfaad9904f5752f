"""Reads and writes of the application's records, and the only place ORM rows meet pipeline types.

Every function takes the caller's ``session`` first and never opens, commits or closes it: the
caller (a CLI command, an app callback) owns the transaction.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models.agreement import Agreement, Operator
from models.audit import AuditEvent
from models.base import utcnow
from models.document import ClauseRow, PageRow, StoredFileRow
from models.enums import AgreementStatus, ProcessingState
from models.finding import Check, Finding
from pipeline.findings import Checklist, DetectionResult, Evidence
from pipeline.types import (
    PIPELINE_VERSION,
    BBox,
    Clause,
    FileType,
    PlacedWord,
    Problem,
    SegmentedDocument,
    Upload,
)

TITLE_MAX = 300


class AgreementNotFoundError(LookupError):
    """No agreement matches the id or SHA-256 prefix given."""


@dataclass(frozen=True, slots=True)
class AgreementSummary:
    """One line of the agreement list (plain values, safe to use after the session closes)."""

    id: int
    title: str
    operator: str | None
    file_name: str
    file_type: FileType
    sha256: str
    pages: int | None
    status: AgreementStatus
    processing: ProcessingState
    created_at: datetime
    clause_count: int
    verdict_counts: dict[str, int]  # verdict value -> number of checks
    signing_date: date | None
    posting_deadline: date | None


@dataclass(frozen=True, slots=True)
class AgreementDetail:
    """An agreement with its clauses rebuilt as pipeline types, for showing the outline."""

    summary: AgreementSummary
    problems: tuple[Problem, ...]
    clauses: tuple[Clause, ...]
    checks: tuple[CheckSummary, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckSummary:
    """One stored verdict, as the CLI shows it."""

    requirement_id: str
    verdict: str
    reason: str
    confidence: float


# --- writes -----------------------------------------------------------------------------------


def add_stored_file(
    session: Session, upload: Upload, *, store_path: str, page_count: int | None, pdf_sha256: str | None
) -> StoredFileRow:
    """Record an original upload kept in the file store."""
    row = StoredFileRow(
        sha256=upload.sha256,
        file_type=upload.file_type,
        size=upload.size,
        original_name=upload.original_name,
        store_path=store_path,
        page_count=page_count,
        pdf_sha256=pdf_sha256,
    )
    session.add(row)
    return row


def add_agreement(
    session: Session,
    file_row: StoredFileRow,
    *,
    title: str,
    processing: ProcessingState,
    problems: Sequence[Problem] = (),
) -> Agreement:
    """Record a new agreement for a stored file (status ``new``)."""
    agreement = Agreement(
        file=file_row,
        title=title[:TITLE_MAX],
        processing=processing,
        status=AgreementStatus.NEW,
        pipeline_version=PIPELINE_VERSION,
        problems=[problem_to_json(p) for p in problems],
    )
    session.add(agreement)
    return agreement


def add_document(session: Session, agreement: Agreement, segmented: SegmentedDocument) -> None:
    """Record the pages and clauses of a segmented document under ``agreement``."""
    agreement.pages = [
        PageRow(
            number=page.number,
            width=page.width,
            height=page.height,
            rotation=page.rotation,
            has_text_layer=page.has_text_layer,
            needs_ocr=page.needs_ocr,
            ocr_applied=page.ocr_applied,
            ocr_mean_confidence=page.ocr_mean_confidence,
        )
        for page in segmented.parsed.pages
    ]
    agreement.clauses = [clause_to_row(clause, ordinal) for ordinal, clause in enumerate(segmented.clauses)]
    session.flush()


def add_checklist(
    session: Session, agreement: Agreement, detection: DetectionResult, checklist: Checklist
) -> None:
    """Record the findings and one check per requirement, and the facts they give the agreement."""
    versions = {
        "pipeline_version": checklist.pipeline_version,
        "catalogue_version": checklist.catalogue_version,
    }
    agreement.findings = [
        Finding(
            requirement_id=finding.requirement_id,
            clause_ref=finding.clause_id,
            evidence=[evidence_to_json(e) for e in finding.evidence],
            values=_jsonable(finding.values),
            confidence=finding.confidence,
            rule=finding.rule[:100],
            **versions,
        )
        for found in detection.findings.values()
        for finding in found
    ]
    agreement.checks = [
        Check(
            requirement_id=result.requirement_id,
            verdict=result.verdict,
            reason=result.reason,
            confidence=result.confidence,
            values=_jsonable(result.values),
            **versions,
        )
        for result in checklist.results.values()
    ]
    agreement.kind = checklist.kind
    agreement.signing_date = checklist.signing.date if checklist.signing else None
    agreement.posting_deadline = checklist.posting_deadline
    agreement.operator = _operator_for(session, checklist)
    agreement.processing = ProcessingState.CHECKED
    session.flush()


def evidence_to_json(evidence: Evidence) -> dict[str, Any]:
    """Evidence as stored: page, text and box (the same shape as the checklist JSON)."""
    return {
        "page": evidence.page,
        "text": evidence.text,
        "bbox": evidence.bbox.as_list(),
        "clause": evidence.clause_id,
    }


def _operator_for(session: Session, checklist: Checklist) -> Operator | None:
    """The operator row named by the checklist, created on first sight (names are unique)."""
    info = checklist.operator
    if info is None or not info.name:
        return None
    operator = session.scalars(select(Operator).where(Operator.name == info.name)).first()
    if operator is None:
        operator = Operator(name=info.name[:TITLE_MAX], business_address=info.address)
        session.add(operator)
    elif info.address and not operator.business_address:
        operator.business_address = info.address
    return operator


def _jsonable(values: Any) -> Any:
    """Values as plain JSON (tuples to lists, dates to ISO strings)."""
    return json.loads(json.dumps(dict(values), default=str))


def record_event(
    session: Session,
    *,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str | int,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an audit event (the only way events are written)."""
    event = AuditEvent(
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=before,
        after=after,
        at=utcnow(),  # when it happened, not when the session happens to flush it
    )
    session.add(event)
    return event


# --- conversions ------------------------------------------------------------------------------


def problem_to_json(problem: Problem) -> dict[str, Any]:
    """A problem as stored in JSON columns."""
    return {"stage": problem.stage, "message": problem.message, "page": problem.page}


def problem_from_json(data: dict[str, Any]) -> Problem:
    """Inverse of ``problem_to_json``."""
    return Problem(stage=data["stage"], message=data["message"], page=data.get("page"))


def clause_to_row(clause: Clause, ordinal: int) -> ClauseRow:
    """A clause as a row; its word boxes become compact lists ``[start, end, page, x0, top, x1, bottom]``."""
    return ClauseRow(
        clause_id=clause.id,
        ordinal=ordinal,
        kind=clause.kind,
        number=clause.number,
        heading=clause.heading,
        text=clause.text,
        parent_clause_id=clause.parent_id,
        level=clause.level,
        first_page=clause.first_page,
        section_path=list(clause.section_path),
        words=[
            [w.start, w.end, w.page, w.bbox.x0, w.bbox.top, w.bbox.x1, w.bbox.bottom] for w in clause.words
        ],
    )


def clause_from_row(row: ClauseRow) -> Clause:
    """Rebuild the pipeline clause exactly as segment produced it."""
    return Clause(
        id=row.clause_id,
        kind=row.kind,
        text=row.text,
        number=row.number,
        heading=row.heading,
        parent_id=row.parent_clause_id,
        level=row.level,
        words=tuple(
            PlacedWord(start=int(s), end=int(e), page=int(p), bbox=BBox(x0, top, x1, bottom))
            for s, e, p, x0, top, x1, bottom in row.words
        ),
        section_path=tuple(row.section_path),
    )


# --- reads ------------------------------------------------------------------------------------


def find_file(session: Session, sha256: str) -> StoredFileRow | None:
    """The stored file with exactly this SHA-256, with its agreement loaded."""
    statement = (
        select(StoredFileRow)
        .where(StoredFileRow.sha256 == sha256)
        .options(selectinload(StoredFileRow.agreement))
    )
    return session.scalars(statement).one_or_none()


def list_agreements(session: Session) -> list[AgreementSummary]:
    """Every agreement, newest first."""
    statement = (
        select(Agreement)
        .options(
            selectinload(Agreement.file), selectinload(Agreement.operator), selectinload(Agreement.checks)
        )
        .order_by(Agreement.created_at.desc(), Agreement.id.desc())
    )
    agreements = session.scalars(statement).all()
    counts = _clause_counts(session, [a.id for a in agreements])
    return [_summary(a, counts.get(a.id, 0)) for a in agreements]


def get_agreement_detail(session: Session, ref: str) -> AgreementDetail:
    """An agreement by numeric id or by a prefix (4+ characters) of its file's SHA-256."""
    agreement = _resolve(session, ref)
    clauses = tuple(clause_from_row(row) for row in agreement.clauses)
    return AgreementDetail(
        summary=_summary(agreement, len(clauses)),
        problems=tuple(problem_from_json(p) for p in agreement.problems),
        clauses=clauses,
        checks=tuple(
            CheckSummary(c.requirement_id.value, c.verdict.value, c.reason, c.confidence)
            for c in sorted(agreement.checks, key=lambda c: c.id)
        ),
    )


def _resolve(session: Session, ref: str) -> Agreement:
    options = (
        selectinload(Agreement.file),
        selectinload(Agreement.operator),
        selectinload(Agreement.clauses),
        selectinload(Agreement.checks),
    )
    ref = ref.strip().lower()
    if ref.isdigit():
        found = session.scalars(select(Agreement).where(Agreement.id == int(ref)).options(*options)).all()
        if found:
            return found[0]
    if len(ref) >= 4 and all(c in "0123456789abcdef" for c in ref):
        statement = (
            select(Agreement)
            .join(Agreement.file)
            .where(StoredFileRow.sha256.startswith(ref))
            .options(*options)
        )
        matches = session.scalars(statement).all()
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise AgreementNotFoundError(f"{len(matches)} agreements match {ref!r}; give more characters")
    raise AgreementNotFoundError(f"no agreement with id or SHA-256 prefix {ref!r}")


def _clause_counts(session: Session, agreement_ids: list[int]) -> dict[int, int]:
    if not agreement_ids:
        return {}
    statement = (
        select(ClauseRow.agreement_id, func.count())
        .where(ClauseRow.agreement_id.in_(agreement_ids))
        .group_by(ClauseRow.agreement_id)
    )
    return {agreement_id: count for agreement_id, count in session.execute(statement)}


def _summary(agreement: Agreement, clause_count: int) -> AgreementSummary:
    file_row = agreement.file
    return AgreementSummary(
        id=agreement.id,
        title=agreement.title,
        operator=agreement.operator.name if agreement.operator else None,
        file_name=file_row.original_name,
        file_type=file_row.file_type,
        sha256=file_row.sha256,
        pages=file_row.page_count,
        status=agreement.status,
        processing=agreement.processing,
        created_at=agreement.created_at,
        clause_count=clause_count,
        verdict_counts=dict(Counter(check.verdict.value for check in agreement.checks)),
        signing_date=agreement.signing_date,
        posting_deadline=agreement.posting_deadline,
    )
