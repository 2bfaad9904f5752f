"""The checklist: each check's verdict, reason, values and evidence, with the decision buttons.

The buttons are disabled for users who may not decide checks, but the callbacks go through
``dpa.review`` anyway, which refuses them: hiding a button is a courtesy, not the control.
"""

from __future__ import annotations

import json

import streamlit as st

from dpa.review.checklist_views import CheckRow
from dpa.vocabulary import ReviewAction, Role, Verdict
from review_app import state
from review_app.components import actions
from review_app.components.evidence_picker import evidence_picker
from review_app.components.plain import alert, md
from review_app.components.status_actions import status_actions

_COLOUR = {
    Verdict.NON_COMPLIANT: "red",
    Verdict.MISSING: "orange",
    Verdict.NEEDS_REVIEW: "violet",
    Verdict.FOUND: "green",
}


def show_flash() -> None:
    """The message left by the last action, once."""
    message = state.take_flash()
    if message:
        alert(*message)


def agreement_actions(agreement_id: int) -> None:
    """Bulk approval, then the status changes the workflow offers (``status_actions``)."""
    user = state.current_user()
    role = user.role if user else None
    st.button(
        "Approve all high-confidence found checks",
        key="review.approve_all",
        on_click=actions.approve_all,
        args=(agreement_id,),
        disabled=role is not Role.REVIEWER,
    )
    status_actions(agreement_id)


# Keyboard shortcuts: Streamlit's own button shortcuts (1.5x+), which do not fire while the focus is
# in a text field (plain keys there are typing); "R" and "C" are reserved by Streamlit, hence X.
SHORTCUT_KEYS = {
    ReviewAction.APPROVE: "A",
    ReviewAction.REJECT: "X",
    "next": "N",
    "previous": "P",
}
SHORTCUT_HINT = (
    "Keys: **A** approve · **X** reject · **N** next check · **P** previous check "
    "(not while typing in a field: click outside it or press Tab first)"
)


def checklist_panel(checks: list[CheckRow], agreement_id: int | None = None) -> None:
    """Previous / next, then one block per check, riskiest first; the selected one shows the inputs."""
    selected = state.check_id()
    _navigation(checks, selected)
    for check in checks:
        with st.container(border=True):
            _check_summary(check)
            if check.id == selected:
                _decision_inputs(check)
                if agreement_id is not None:
                    evidence_picker(check, agreement_id, disabled=not _can_decide())


def _navigation(checks: list[CheckRow], selected: int | None) -> None:
    """Previous / next check in the checklist's order (riskiest first), and the keys hint."""
    if not checks:
        return
    ids = [c.id for c in checks]
    at = ids.index(selected) if selected in ids else None
    steps = (("previous", "Previous check", -1), ("next", "Next check", 1))
    for col, (name, label, step) in zip(st.columns(len(steps)), steps, strict=True):
        target = checks[(at + step) % len(checks)] if at is not None else checks[0 if step > 0 else -1]
        col.button(
            label,
            key=f"review.{name}",
            on_click=actions.select_check,
            args=_select_args(target),
            shortcut=SHORTCUT_KEYS[name],
        )
    st.caption(SHORTCUT_HINT)


def _select_args(check: CheckRow) -> tuple[int, int | None, str]:
    first_page = check.evidence[0].page if check.evidence else None
    return check.id, first_page, json.dumps(check.values)


def _check_summary(check: CheckRow) -> None:
    decided = " · undecided"
    if check.decision:
        decided = f" · {actions.PAST_TENSE[check.decision]} by {md(check.decided_by)}"
    verdict = f":{_COLOUR[check.verdict]}[**{check.verdict.value}**]"
    st.markdown(f"**{check.requirement_id.value}**: {verdict} ({check.confidence:.2f}){decided}")
    st.caption(md(check.reason) + (" · evidence marked by a reviewer" if check.evidence_marked else ""))
    pages = sorted({e.page for e in check.evidence})
    label = f"Show evidence (p. {', '.join(map(str, pages))})" if pages else "Select"
    st.button(label, key=f"review.select.{check.id}", on_click=actions.select_check, args=_select_args(check))


def _decision_inputs(check: CheckRow) -> None:
    if check.values:
        st.json(check.values, expanded=False)
    disabled = not _can_decide()
    st.text_input("Note", key=state.REVIEW_NOTE, disabled=disabled)
    st.selectbox(
        "Verdict (reject / correct)",
        ["(rule)"] + [v.value for v in Verdict],
        key=state.REVIEW_VERDICT,
        disabled=disabled,
    )
    st.text_area("Corrected values (JSON)", key=state.REVIEW_VALUES, disabled=disabled)
    cols = st.columns(3)
    for col, action in zip(cols, ReviewAction, strict=True):
        col.button(
            action.value.capitalize(),
            key=f"review.{action.value}.{check.id}",
            on_click=actions.decide,
            args=(check.id, check.version, action),
            disabled=disabled,
            shortcut=SHORTCUT_KEYS.get(action),
        )


def _can_decide() -> bool:
    user = state.current_user()
    return user is not None and user.role is Role.REVIEWER
