"""Redaction: a run's proposals on the page, accept/reject/add, preview, then apply and verify."""

import streamlit as st

from dpa.redaction.run_views import agreement_choices, clause_choices, latest_run, run_view
from dpa.vocabulary import Role
from review_app import resources, state
from review_app.components import redaction_actions as actions
from review_app.components import redaction_state as keys
from review_app.components.plain import md
from review_app.components.redaction_panels import (
    additions_panel,
    page_panel,
    proposals_panel,
    refusals_panel,
    result_panel,
)

st.title("Redaction")
user = state.current_user()
reviewer = user is not None and user.role is Role.REVIEWER
with resources.reading() as session:
    choices = agreement_choices(session)
    chosen = keys.agreement_id([i for i, _ in choices])
    run = latest_run(session, chosen) if chosen else None
    view = run_view(resources.settings(), run) if run else None
    clauses = clause_choices(session, chosen) if chosen else []
if chosen is None:
    st.info("No agreement yet. Upload one on the Upload page.")
    st.stop()
labels = dict(choices)
st.session_state[state.REVIEW_AGREEMENT] = chosen  # one choice for this page and the review page
st.session_state[keys.AGREEMENT] = chosen
st.selectbox(
    "Agreement",
    options=list(labels),
    format_func=labels.__getitem__,
    key=keys.AGREEMENT,
    on_change=keys.choose_agreement,
)
keys.show_flash()
if not reviewer:
    st.caption("Only a reviewer proposes, changes and applies redactions; you can look at them here.")
left, right = st.columns([3, 2])
with right:
    st.checkbox("Also redact the names in signature blocks", key=keys.SIGNER_NAMES, disabled=not reviewer)
    st.button(
        "Propose redactions" if view is None else "Start over with new proposals",
        key="redact.propose",
        on_click=actions.propose,
        args=(chosen,),
        disabled=not reviewer,
    )
if view is None:
    st.info("No redaction proposed for this agreement yet.")
    st.stop()
editable = reviewer and not view.verified
with left:
    page = page_panel(view)
with right:
    st.caption(
        f"Run {view.id} by {md(view.created_by)}, {view.created_at:%Y-%m-%d %H:%M} UTC, "
        f"version {view.version}"
    )
    result_panel(view, can_apply=reviewer)
    proposals_panel(view, editable)
    refusals_panel(view)
    with st.expander("Add a redaction", expanded=editable):
        additions_panel(view, page, clauses, editable)
