"""A reviewer marks a different passage as a check's evidence: found by text or by a box, stored, audited."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dpa import review
from dpa.review.accounts import NotAllowedError
from dpa.review.checklist_views import checklist
from dpa.review.decisions import ConflictError
from dpa.review.evidence_passages import agreement_clauses, find_passages, passage_in_box
from models import AuditEvent, Check
from pipeline.findings import RequirementId
from pipeline.types import BBox
from tests.review_app.seed import CORPUS, PASSWORD, World

LABELS = json.loads((CORPUS / "velloway_short_dpa.labels.json").read_text(encoding="utf-8"))
BREACH_SENTENCE = LABELS["requirements"]["breach_notice"]["evidence"][0]


def check_of(session: Session, requirement: RequirementId) -> Check:
    return session.scalars(select(Check).where(Check.requirement_id == requirement)).one()


def test_typed_text_is_found_whatever_its_case_and_line_breaks(session: Session, world: World) -> None:
    typed = BREACH_SENTENCE.upper().replace(" ", "\n", 3)
    [passage] = find_passages(agreement_clauses(session, world.agreement_id), typed)
    assert " ".join(passage.text.split()) == BREACH_SENTENCE
    assert passage.pages == (2,)  # the labelled sentence is printed on page 2
    [evidence] = passage.evidence
    assert (
        0 < evidence.bbox.x0 < evidence.bbox.x1 <= 612 and 0 < evidence.bbox.top < evidence.bbox.bottom <= 792
    )
    assert evidence.clause_id == passage.clause_id


def test_too_short_or_absent_text_finds_nothing(session: Session, world: World) -> None:
    clauses = agreement_clauses(session, world.agreement_id)
    assert find_passages(clauses, "  a ") == []
    assert find_passages(clauses, "this sentence is in no agreement at all") == []


def test_a_drawn_box_takes_the_words_inside_it(session: Session, world: World) -> None:
    clauses = agreement_clauses(session, world.agreement_id)
    [found] = find_passages(clauses, BREACH_SENTENCE)
    box = found.evidence[0].bbox
    passage = passage_in_box(clauses, 2, BBox(box.x0 - 1, box.top - 1, box.x1 + 1, box.bottom + 1))
    assert passage is not None and passage.clause_id == found.clause_id
    assert "ten (10) days after that determination" in passage.text
    assert passage_in_box(clauses, 2, BBox(0, 0, 5, 5)) is None  # an empty corner


def test_reviewer_marks_evidence_and_the_review_page_shows_it(session: Session, world: World) -> None:
    riley = review.authenticate(session, "riley", PASSWORD)
    school = check_of(session, RequirementId.SCHOOL_OFFICIAL)
    old_boxes = next(r for r in checklist(session, world.agreement_id) if r.id == school.id).evidence
    [passage] = find_passages(agreement_clauses(session, world.agreement_id), BREACH_SENTENCE)
    state = review.set_evidence(session, riley, school.id, passage, expected_version=1, note="wrong clause")
    session.commit()
    assert state.version == 2 and state.verdict == school.verdict  # the verdict is left alone
    row = next(r for r in checklist(session, world.agreement_id) if r.id == school.id)
    assert row.evidence_marked and [(e.page, e.text) for e in row.evidence] == [(2, passage.text)]
    assert row.evidence != old_boxes and row.decided_by == "riley"
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "check.evidence"))
    assert event.actor == "riley" and event.entity_id == str(school.id)
    assert [e["page"] for e in event.before["evidence"]] == [e.page for e in old_boxes]
    assert event.after["evidence"][0]["text"] == passage.text and event.after["note"] == "wrong clause"


def test_marking_evidence_needs_a_reviewer_and_a_fresh_version(session: Session, world: World) -> None:
    dana = review.authenticate(session, "dana", PASSWORD)
    riley = review.authenticate(session, "riley", PASSWORD)
    breach = check_of(session, RequirementId.BREACH_NOTICE)
    [passage] = find_passages(agreement_clauses(session, world.agreement_id), BREACH_SENTENCE)
    with pytest.raises(NotAllowedError):
        review.set_evidence(session, dana, breach.id, passage, expected_version=1)
    review.decide_check(session, riley, breach.id, "approve", expected_version=1)
    session.commit()
    with pytest.raises(ConflictError):
        review.set_evidence(session, riley, breach.id, passage, expected_version=1)
    session.rollback()
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "check.evidence")).all() == []
