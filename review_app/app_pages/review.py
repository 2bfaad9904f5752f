"""Review: the page with the selected check's evidence highlighted, beside the checklist."""

import streamlit as st

from dpa.review.checklist_views import agreement_view, checklist, review_queue
from review_app import resources, state
from review_app.components.audit_table import audit_table
from review_app.components.checklist import agreement_actions, checklist_panel, show_flash
from review_app.components.district_views import signing_banner
from review_app.components.label_export import label_export
from review_app.components.page_view import page_view
from review_app.components.plain import md

st.title("Review")
with resources.reading() as session:
    queue = review_queue(session)
    chosen = state.agreement_id() or (queue[0].id if queue else None)
    view = agreement_view(session, resources.settings(), chosen) if chosen else None
    checks = checklist(session, chosen) if chosen else []
if view is None:
    st.info("No agreement to review. Upload one, or open one from the queue.")
    st.stop()
st.session_state[state.REVIEW_AGREEMENT] = view.id
st.subheader(f"#{view.id} {md(view.title)}")
st.caption(
    f"Operator: {md(view.operator or '(not found)')} · status: {view.status.value} · "
    f"posting deadline: {view.posting_deadline or 'unknown'}"
)
show_flash()
signing_banner(view.id)  # 105 ILCS 85/27(b): signer against the authorized list
left, right = st.columns([3, 2])
with left:
    page_view(view, checks)
with right:
    agreement_actions(view.id)
    checklist_panel(checks, view.id)
with st.expander("Audit trail of this agreement"):
    audit_table(view.id)
with st.expander("Export the review as a labelled agreement"):
    label_export(view.id)
