"""Writes of the redaction page, as on_click callbacks: one transaction and audit event per action.

The callbacks hand the signed-in user to ``dpa.redaction.runs``, which checks the role the
database holds and refuses anything inside a protected provision; the page only shows the answer.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dpa.redaction import runs
from dpa.review.accounts import Actor, ReviewError
from dpa.transactions import Session
from dpa.vocabulary import BBox, PipelineError
from review_app import resources, state
from review_app.components import redaction_state as keys


def propose(agreement_id: int) -> None:
    """Start a new run with the automatic proposals."""
    names = bool(st.session_state.get(keys.SIGNER_NAMES))

    def act(session: Session, actor: Actor) -> str:
        run = runs.propose_redactions(
            session, resources.settings(), agreement_id, actor, redact_signer_names=names
        )
        return f"Proposed {len(run.proposals)} redaction(s); {len(run.refused)} refused."

    _do(act)


def set_accepted(run_id: int, index: int, version: int, accepted: bool) -> None:
    """Accept or reject one proposal (the checkbox's new value)."""

    def act(session: Session, actor: Actor) -> str:
        runs.set_proposal_accepted(
            session, run_id, actor, index=index, accepted=accepted, expected_version=version
        )
        return f"Proposal {index + 1} {'accepted' if accepted else 'rejected'}."

    _do(act)


def add_term(run_id: int, version: int) -> None:
    """Add every occurrence of the typed term."""
    term = str(st.session_state.get(keys.TERM) or "")
    _add(lambda s, a: runs.add_term(s, resources.settings(), run_id, a, term, expected_version=version))


def add_pattern(run_id: int, version: int) -> None:
    """Add every match of the typed regular expression."""
    pattern = str(st.session_state.get(keys.PATTERN) or "")
    _add(lambda s, a: runs.add_pattern(s, resources.settings(), run_id, a, pattern, expected_version=version))


def add_box(run_id: int, version: int) -> None:
    """Add the box typed in points (x0, top, x1, bottom) on its page."""
    page = int(st.session_state.get(keys.BOX_PAGE) or 1)
    edges = [
        float(st.session_state.get(k) or 0.0)
        for k in (keys.BOX_X0, keys.BOX_TOP, keys.BOX_X1, keys.BOX_BOTTOM)
    ]
    box = BBox(*edges)
    _add(lambda s, a: runs.add_box(s, resources.settings(), run_id, a, page, box, expected_version=version))


def add_clause(run_id: int, version: int) -> None:
    """Add the chosen clause, line by line."""
    clause_id = str(st.session_state.get(keys.CLAUSE) or "")
    _add(
        lambda s, a: runs.add_clause(s, resources.settings(), run_id, a, clause_id, expected_version=version)
    )


def apply(run_id: int, version: int) -> None:
    """Apply and verify the run; a failure says exactly what leaked."""
    outcome: list[runs.ApplyOutcome] = []

    def act(session: Session, actor: Actor) -> str:
        outcome.append(runs.apply_run(session, resources.settings(), run_id, actor, expected_version=version))
        return outcome[0].message

    _do(act, level=lambda: "success" if outcome and outcome[0].verified else "error")


def _add(call: Callable[[Session, Actor], runs.Addition]) -> None:
    """Run an addition; refusals make it a warning that names the protected provision."""
    result: list[runs.Addition] = []

    def act(session: Session, actor: Actor) -> str:
        result.append(call(session, actor))
        return result[0].message

    _do(act, level=lambda: "warning" if result and (result[0].refused or not result[0].added) else "success")


def _do(act: Callable[[Session, Actor], str], level: Callable[[], str] = lambda: "success") -> None:
    """One action in one transaction as the signed-in user; a refusal is shown, nothing is kept."""
    actor = state.current_user()
    if actor is None:
        keys.flash("error", "Sign in first.")
        return
    try:
        with resources.transaction() as session:
            message = act(session, actor)
    except (ReviewError, PipelineError) as exc:
        keys.flash("error", str(exc))
        return
    keys.flash(level(), message)
