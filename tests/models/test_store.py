"""Rows <-> pipeline types, and the queries behind ``dpa list`` and ``dpa show``."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from models import store
from models.enums import AgreementStatus, ProcessingState
from pipeline.types import (
    BBox,
    Clause,
    ClauseKind,
    FileType,
    Page,
    ParsedDocument,
    PlacedWord,
    Problem,
    SegmentedDocument,
    Upload,
)


def _clause(cid: str, text_: str, parent: str | None = None, page: int = 1) -> Clause:
    words = []
    start = 0
    for index, word in enumerate(text_.split()):
        x0 = 72.0 + index * 30.125
        words.append(PlacedWord(start, start + len(word), page, BBox(x0, 100.5, x0 + 25.0, 112.25)))
        start += len(word) + 1
    return Clause(
        id=cid,
        kind=ClauseKind.CLAUSE if parent else ClauseKind.HEADING,
        text=text_,
        number="1.1" if parent else "1",
        heading=None if parent else text_,
        parent_id=parent,
        level=1 if parent else 0,
        words=tuple(words),
        section_path=("ARTICLE I",) if parent else (),
    )


def _segmented(sha: str, clauses: tuple[Clause, ...]) -> SegmentedDocument:
    page = Page(number=1, width=612, height=792, rotation=0, blocks=(), has_text_layer=True, needs_ocr=False)
    parsed = ParsedDocument(
        sha256=sha, pdf_path="/x.pdf", pages=(page,), problems=(Problem("parse", "odd", 1),)
    )
    return SegmentedDocument(parsed=parsed, clauses=clauses)


def _add(session: Session, data: bytes, title: str) -> int:
    sha = hashlib.sha256(data).hexdigest()
    upload = Upload(sha, FileType.PDF, len(data), f"{title}.pdf", 1, data)
    file_row = store.add_stored_file(
        session, upload, store_path=f"objects/{sha[:2]}/{sha}", page_count=1, pdf_sha256=None
    )
    segmented = _segmented(
        sha, (_clause("c0001", "Definitions"), _clause("c0002", "Data means data.", "c0001"))
    )
    agreement = store.add_agreement(
        session,
        file_row,
        title=title,
        processing=ProcessingState.SEGMENTED,
        problems=segmented.parsed.problems,
    )
    store.add_document(session, agreement, segmented)
    return agreement.id


def test_clause_round_trips_exactly() -> None:
    clause = _clause("c0007", "The Provider shall notify the District.", parent="c0001", page=3)
    assert store.clause_from_row(store.clause_to_row(clause, ordinal=6)) == clause


def test_agreement_detail_rebuilds_clauses_and_problems(session: Session) -> None:
    agreement_id = _add(session, b"one", "Alpha")
    session.commit()
    detail = store.get_agreement_detail(session, str(agreement_id))
    assert [c.id for c in detail.clauses] == ["c0001", "c0002"]
    assert detail.clauses[1].parent_id == "c0001"
    assert detail.clauses[1].words[0].bbox == BBox(72.0, 100.5, 97.0, 112.25)
    assert detail.problems == (Problem("parse", "odd", 1),)
    assert detail.summary.clause_count == 2
    assert detail.summary.status is AgreementStatus.NEW


def test_agreement_found_by_sha256_prefix(session: Session) -> None:
    agreement_id = _add(session, b"two", "Beta")
    prefix = hashlib.sha256(b"two").hexdigest()[:8]
    assert store.get_agreement_detail(session, prefix.upper()).summary.id == agreement_id


def test_unknown_agreement_is_reported(session: Session) -> None:
    _add(session, b"three", "Gamma")
    with pytest.raises(store.AgreementNotFoundError, match="no agreement"):
        store.get_agreement_detail(session, "999")
    with pytest.raises(store.AgreementNotFoundError):
        store.get_agreement_detail(session, "zz")


def test_list_is_newest_first_with_clause_counts(session: Session) -> None:
    first = _add(session, b"a", "First")
    second = _add(session, b"b", "Second")
    summaries = store.list_agreements(session)
    assert [s.id for s in summaries] == [second, first]
    assert [s.clause_count for s in summaries] == [2, 2]
    assert summaries[0].created_at.tzinfo is not None


def test_enums_are_stored_as_their_values(session: Session) -> None:
    _add(session, b"c", "Delta")
    row = session.execute(text("SELECT status, processing FROM agreements")).one()
    assert tuple(row) == ("new", "segmented")
    assert session.execute(text("SELECT kind FROM clauses ORDER BY ordinal")).scalars().all() == [
        "heading",
        "clause",
    ]
