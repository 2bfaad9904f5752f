"""A failed verification names each failed check: the provision or string, its page, and what to do.

Real corpus agreement, real detection and real PyMuPDF redaction; the failures are provoked by
plans the planner itself would never make (a box forced past the screen, a box left out).
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from pipeline.detect import detect
from pipeline.findings import Checklist
from pipeline.judge import judge
from pipeline.parse import parse
from pipeline.redact import (
    Proposal,
    RedactionPlan,
    RedactionReason,
    apply_redactions,
    plan_redactions,
    verify_redactions,
)
from pipeline.redact.plan import screen_proposals
from pipeline.redact.types import FailedCheck, VerificationFailure
from pipeline.segment import segment
from pipeline.types import BBox, SegmentedDocument
from tests.conftest import CORPUS

SAMPLE = CORPUS / "velloway_short_dpa.pdf"
SCHOOL_OFFICIAL = "the statement that the operator acts as a school official (105 ILCS 85/15(4)(C))"
RAW_IDS = ("data_categories", "service_description", "school_official", "protected_provision_missing")


@pytest.fixture(scope="module")
def velloway() -> tuple[SegmentedDocument, Checklist]:
    """The sample through every stage up to the verdicts, once for the module."""
    segmented = segment(parse(SAMPLE))
    return segmented, judge(detect(segmented))


def _box(pdf: Path, page: int, text: str) -> BBox:
    with pymupdf.open(pdf) as doc:
        rect = doc[page - 1].search_for(text)[0]
    return BBox(rect.x0, rect.y0, rect.x1, rect.y1)


def _only(failures: tuple[VerificationFailure, ...], check: FailedCheck) -> VerificationFailure:
    [failure] = [f for f in failures if f.check is check]
    return failure


def _plain(failure: VerificationFailure) -> None:
    """What the reviewer reads has no internal ids."""
    assert not any(raw in failure.explanation for raw in RAW_IDS), failure.explanation


def test_a_box_forced_over_the_school_official_statement_is_named(
    velloway: tuple[SegmentedDocument, Checklist], tmp_path: Path
) -> None:
    """Issue 14: nothing leaked, the provision is gone, and the report must say which and where."""
    segmented, checklist = velloway
    plan = plan_redactions(segmented, checklist)
    forced = Proposal(
        1, _box(SAMPLE, 1, "legitimate educational"), "legitimate educational", RedactionReason.REVIEWER_TERM
    )
    assert screen_proposals(segmented, checklist, [forced])[1], "the screen refuses it; the test forces it"
    forced_plan = RedactionPlan(plan.proposals + (forced,), plan.refused, plan.protected)
    out = apply_redactions(SAMPLE, forced_plan, tmp_path / "out.pdf")
    report = verify_redactions(SAMPLE, out, forced_plan)
    assert not report.verified and not report.protected_kept and report.leaks == ()
    failure = _only(report.failures, FailedCheck.PROTECTED_PROVISION_MISSING)
    assert failure.provision == SCHOOL_OFFICIAL and failure.requirement == "school_official"
    assert failure.pages == (1,) and "designates Velloway as a school official" in failure.text
    assert failure.problem.startswith("The statement that the operator acts as a school official (105 ILCS")
    assert "on page 1" in failure.problem
    assert "Reject the box that covers it (page 1, over “legitimate educational”)" in failure.advice
    assert len(report.failures) == 1
    _plain(failure)


def test_a_provision_lost_without_any_box_says_so_and_what_to_compare(
    velloway: tuple[SegmentedDocument, Checklist], tmp_path: Path
) -> None:
    """The copy was changed after redacting (here: words removed by hand): no box is to blame."""
    segmented, checklist = velloway
    plan = plan_redactions(segmented, checklist)
    out = apply_redactions(SAMPLE, plan, tmp_path / "out.pdf")
    edited = tmp_path / "edited.pdf"
    with pymupdf.open(out) as doc:
        page = doc[0]
        page.add_redact_annot(page.search_for("block-based coding")[0])
        page.apply_redactions()
        doc.save(edited, garbage=4)
    report = verify_redactions(SAMPLE, edited, plan)
    assert not report.verified and not report.protected_kept
    failure = _only(report.failures, FailedCheck.PROTECTED_PROVISION_MISSING)
    assert failure.provision == "the description of the product or service (105 ILCS 85/15(4)(B))"
    assert failure.pages == (1,) and "Velloway Code Quest" in failure.text
    assert failure.advice.startswith("No box touches it") and "Compare page 1" in failure.advice
    changed = _only(report.failures, FailedCheck.PAGE_CHANGED_OUTSIDE_BOXES)
    assert changed.pages == (1,) and "Page 1 changed outside the black boxes" in changed.problem
    assert report.failures[0] is failure  # the law's provisions come first
    _plain(failure)


def test_a_term_left_readable_on_one_page_names_the_string_and_that_page(
    velloway: tuple[SegmentedDocument, Checklist], tmp_path: Path
) -> None:
    """Every occurrence boxed but those on page 2: the leak is reported where it can still be read."""
    segmented, checklist = velloway
    plan = plan_redactions(segmented, checklist, terms=("Effective Date",))
    kept = tuple(p for p in plan.proposals if not (p.text == "Effective Date" and p.page == 2))
    assert {p.page for p in plan.proposals if p.text == "Effective Date"} == {1, 2}
    partial = RedactionPlan(kept, plan.refused, plan.protected)
    out = apply_redactions(SAMPLE, partial, tmp_path / "out.pdf")
    report = verify_redactions(SAMPLE, out, partial)
    assert not report.verified and report.protected_kept
    assert "'Effective Date' still in the PyMuPDF text" in report.leaks  # the terse lines are kept
    failure = _only(report.failures, FailedCheck.TEXT_STILL_READABLE)
    assert failure.text == "Effective Date" and failure.pages == (2,) and not failure.provision
    assert "“Effective Date”" in failure.problem and "on page 2" in failure.problem
    assert "PyMuPDF text" in failure.problem
    assert "accepted box" in failure.advice and "run the redaction again" in failure.advice
    assert len(report.failures) == 1


def test_text_left_under_a_drawn_box_names_the_words_and_page(tmp_path: Path) -> None:
    """A black rectangle drawn over an e-mail address hides nothing: the words under it are named."""
    email = "abrandvold@bellmere15.example"
    box = _box(SAMPLE, 3, email)
    fake = tmp_path / "fake.pdf"
    with pymupdf.open(SAMPLE) as doc:
        doc[2].draw_rect(pymupdf.Rect(box.x0, box.top, box.x1, box.bottom), color=(0, 0, 0), fill=(0, 0, 0))
        doc.save(fake, garbage=4)
    plan = RedactionPlan((Proposal(3, box, email, RedactionReason.EMAIL),))
    report = verify_redactions(SAMPLE, fake, plan)
    under = _only(report.failures, FailedCheck.WORD_UNDER_BOX)
    assert under.pages == (3,) and email in under.text and "page 3" in under.problem
    assert "larger than them" in under.advice
    readable = _only(report.failures, FailedCheck.TEXT_STILL_READABLE)
    assert readable.pages == (3,) and readable.text == email
    hidden = _only(report.failures, FailedCheck.HIDDEN_DATA)
    assert "document properties" in hidden.problem and "Run the redaction again" in hidden.advice
