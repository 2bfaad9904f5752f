"""Writes of the review app, as on_click callbacks: one transaction and one audit trail per action.

Every callback hands the signed-in user to ``dpa.review``, which checks the role the database
holds; a refused or conflicting action leaves a message for the page and changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import streamlit as st

from dpa import review
from dpa.intake.uploads import upload_file
from dpa.review.accounts import ReviewError
from dpa.review.evidence_passages import Passage, agreement_clauses, passage_in_box
from dpa.vocabulary import AgreementStatus, BBox, PipelineError, ReviewAction, Role, Verdict
from review_app import resources, state

# Keys of the evidence picker (components/evidence_picker.py), read by the callbacks below.
EVIDENCE_QUERY = "review.evidence.query"  # text typed to find a passage
EVIDENCE_PICK = "review.evidence.pick"  # the Passage picked among the matches
BOX_PAGE = "review.evidence.page"  # drawn box: page (1-based)
BOX_EDGES = ("review.evidence.x0", "review.evidence.top", "review.evidence.x1", "review.evidence.bottom")

PAST_TENSE = {
    ReviewAction.APPROVE: "approved",
    ReviewAction.REJECT: "rejected",
    ReviewAction.CORRECT: "corrected",
}


def select_check(check_id: int, page: int | None, values_json: str) -> None:
    """Show this check's evidence (jump to its first page) and fresh decision inputs."""
    st.session_state[state.REVIEW_CHECK] = check_id
    st.session_state[state.REVIEW_VALUES] = values_json
    st.session_state[state.REVIEW_NOTE] = ""
    st.session_state[state.REVIEW_VERDICT] = "(rule)"
    if page is not None:
        st.session_state[state.REVIEW_PAGE] = page


def decide(check_id: int, version: int, action: ReviewAction) -> None:
    """Approve, reject or correct one check, using the note / verdict / values typed on the page."""
    actor = state.current_user()
    if actor is None:
        state.flash("error", "Sign in first.")
        return
    try:
        kwargs = _decision_inputs(ReviewAction(action))
        with resources.transaction() as session:
            result = review.decide_check(session, actor, check_id, action, expected_version=version, **kwargs)
    except (ReviewError, ValueError) as exc:
        state.flash("error", str(exc))
        return
    done = PAST_TENSE[ReviewAction(action)]
    state.flash("success", f"{result.requirement_id.value}: {done}, now {result.verdict.value}.")


def mark_evidence(check_id: int, version: int) -> None:
    """Store the passage picked among the text matches as the check's evidence."""
    passage = st.session_state.get(EVIDENCE_PICK)
    if not isinstance(passage, Passage):
        state.flash("error", "Pick one of the places where the text occurs first.")
        return
    _store_evidence(check_id, version, passage)


def mark_evidence_in_box(check_id: int, version: int, agreement_id: int) -> None:
    """Store the words inside the box typed in "Draw a box" as the check's evidence."""
    page = int(st.session_state.get(BOX_PAGE) or 1)
    x0, top, x1, bottom = (float(st.session_state.get(k) or 0.0) for k in BOX_EDGES)
    if x1 <= x0 or bottom <= top:
        state.flash("error", "The box needs its right edge after its left and its bottom below its top.")
        return
    with resources.reading() as session:
        passage = passage_in_box(agreement_clauses(session, agreement_id), page, BBox(x0, top, x1, bottom))
    if passage is None:
        state.flash("error", f"There is no text of the agreement inside that box on page {page}.")
        return
    _store_evidence(check_id, version, passage)


def _store_evidence(check_id: int, version: int, passage: Passage) -> None:
    actor = state.current_user()
    note = str(st.session_state.get(state.REVIEW_NOTE) or "").strip() or None
    try:
        with resources.transaction() as session:
            if actor is None:
                raise ReviewError("Sign in first.")
            result = review.set_evidence(
                session, actor, check_id, passage, expected_version=version, note=note
            )
    except ReviewError as exc:
        state.flash("error", str(exc))
        return
    if passage.pages:
        st.session_state[state.REVIEW_PAGE] = passage.pages[0]
    state.flash(
        "success",
        f"{result.requirement_id.value}: evidence set to {passage.label()[:120]} "
        f"(verdict still {result.verdict.value}; change it with Reject or Correct if it is wrong).",
    )


def _decision_inputs(action: ReviewAction) -> dict[str, Any]:
    """Verdict, values and note from the page's inputs, as the action needs them."""
    note = str(st.session_state.get(state.REVIEW_NOTE) or "").strip() or None
    if action is ReviewAction.APPROVE:
        return {"note": note}
    chosen = st.session_state.get(state.REVIEW_VERDICT)
    verdict = Verdict(chosen) if chosen and chosen != "(rule)" else None
    values = None
    raw = str(st.session_state.get(state.REVIEW_VALUES) or "").strip()
    if action is ReviewAction.CORRECT and raw:
        try:
            values = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ValueError(f"The values are not valid JSON: {exc.msg} (line {exc.lineno}).") from exc
        if not isinstance(values, dict):
            raise ValueError('The values must be a JSON object, e.g. {"period": 20, "unit": "days"}.')
    return {"note": note, "verdict": verdict, "values": values}


def approve_all(agreement_id: int) -> None:
    """Approve every undecided high-confidence found check of the agreement."""
    actor = state.current_user()
    try:
        with resources.transaction() as session:
            done = review.approve_all_high_confidence(session, actor, agreement_id) if actor else []
    except ReviewError as exc:
        state.flash("error", str(exc))
        return
    state.flash("success", f"Approved {len(done)} high-confidence checks.")


def change_status(agreement_id: int, status: AgreementStatus) -> None:
    """Move the agreement to ``status``, if the workflow allows it now (else its reason is shown)."""
    actor = state.current_user()
    try:
        with resources.transaction() as session:
            if actor is None:
                raise ReviewError("Sign in first.")
            review.set_status(session, actor, agreement_id, status)
    except ReviewError as exc:
        state.flash("error", str(exc))
        return
    state.flash("success", f"The agreement is now {AgreementStatus(status).value}.")


def upload() -> None:
    """Ingest every chosen file, one transaction each; one message per file."""
    actor = state.current_user()
    files = st.session_state.get(state.UPLOAD_FILES) or []
    results: list[tuple[str, str, str]] = []
    settings = resources.settings()
    bar = st.progress(0.0, text="Checking the uploads…")
    for index, item in enumerate(files):
        bar.progress(index / len(files), text=f"Checking {item.name} ({index + 1} of {len(files)})")
        results.append(
            _upload_one(actor, settings, item.name, item.getvalue(), _ocr_progress(bar, item.name))
        )
    bar.empty()
    st.session_state[state.UPLOAD_RESULTS] = results


def _ocr_progress(bar: Any, name: str) -> Callable[[int, int], None]:
    """Show how many scanned pages of ``name`` have been read (OCR takes seconds per page)."""

    def report(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Reading the scanned pages of {name}: {done} of {total}")

    return report


def _upload_one(
    actor: review.Actor | None,
    settings: Any,
    name: str,
    data: bytes,
    ocr_progress: Callable[[int, int], None] | None = None,
) -> tuple[str, str, str]:
    if actor is None:
        return name, "error", "Sign in first."
    try:
        with resources.transaction() as session:
            outcome = upload_file(session, settings, actor, data, name, ocr_progress=ocr_progress)
    except (PipelineError, ReviewError) as exc:
        return name, "error", str(exc)
    if outcome.status.value == "duplicate":
        return name, "warning", f"Already uploaded as agreement {outcome.agreement_id}; nothing was added."
    return name, "success", f"Stored as agreement {outcome.agreement_id} ({outcome.pages} pages)."


def add_user() -> None:
    """Create the account typed in the users form (administrators only)."""
    actor = state.current_user()
    name = str(st.session_state.get(state.USERS_NAME) or "")
    role = Role(st.session_state.get(state.USERS_ROLE) or Role.REVIEWER)
    password = str(st.session_state.get(state.USERS_PASSWORD) or "")
    try:
        with resources.transaction() as session:
            if actor is None:
                raise ReviewError("Sign in first.")
            created = review.add_user(session, actor, name, role, password)
    except ReviewError as exc:
        state.flash("error", str(exc))
        return
    state.flash("success", f"Added {created.role.value} {created.name}.")
