"""Audit trail: every recorded action, oldest first, and the CSV export."""

import streamlit as st

from review_app import state
from review_app.components.audit_table import audit_table

st.title("Audit trail")
only_open = st.toggle(
    "Only the agreement open on the review page",
    key="audit.only_open",
    value=state.agreement_id() is not None,
)
audit_table(state.agreement_id() if only_open else None)
