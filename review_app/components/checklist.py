"""The checklist: each check's verdict, reason, values and evidence, with the decision buttons.

The buttons are disabled for users who may not decide checks, but the callbacks go through
``dpa.review`` anyway, which refuses them: hiding a button is a courtesy, not the control.
"""

from __future__ import annotations

import json

import streamlit as st

from dpa.review_views import CheckRow
from models.enums import AgreementStatus, ReviewAction, Role
from pipeline.findings import Verdict
from review_app import state
from review_app.components import actions

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
        getattr(st, message[0])(message[1])


_STATUS_BUTTONS = (  # (status, label, role that may press it)
    (AgreementStatus.APPROVED, "Mark approved", Role.REVIEWER),
    (AgreementStatus.REDACTED, "Mark redacted", Role.REVIEWER),
    (AgreementStatus.POSTED, "Mark posted", Role.DIRECTOR),
)


def agreement_actions(agreement_id: int) -> None:
    """Bulk approval and the status changes, enabled for the role that may make them."""
    user = state.current_user()
    role = user.role if user else None
    st.button(
        "Approve all high-confidence found checks",
        key="review.approve_all",
        on_click=actions.approve_all,
        args=(agreement_id,),
        disabled=role is not Role.REVIEWER,
    )
    cols = st.columns(len(_STATUS_BUTTONS))
    for col, (status, label, allowed) in zip(cols, _STATUS_BUTTONS, strict=True):
        col.button(
            label,
            key=f"review.status.{status.value}",
            on_click=actions.change_status,
            args=(agreement_id, status),
            disabled=role is not allowed,
        )


def checklist_panel(checks: list[CheckRow]) -> None:
    """One block per check, riskiest first; the selected one shows the decision inputs."""
    selected = state.check_id()
    for check in checks:
        with st.container(border=True):
            _check_summary(check)
            if check.id == selected:
                _decision_inputs(check)


def _check_summary(check: CheckRow) -> None:
    decided = (
        f" · {actions.PAST_TENSE[check.decision]} by {check.decided_by}" if check.decision else " · undecided"
    )
    verdict = f":{_COLOUR[check.verdict]}[**{check.verdict.value}**]"
    st.markdown(f"**{check.requirement_id.value}**: {verdict} ({check.confidence:.2f}){decided}")
    st.caption(check.reason)
    first_page = check.evidence[0].page if check.evidence else None
    pages = sorted({e.page for e in check.evidence})
    label = f"Show evidence (p. {', '.join(map(str, pages))})" if pages else "Select"
    st.button(
        label,
        key=f"review.select.{check.id}",
        on_click=actions.select_check,
        args=(check.id, first_page, json.dumps(check.values)),
    )


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
        )


def _can_decide() -> bool:
    user = state.current_user()
    return user is not None and user.role is Role.REVIEWER
