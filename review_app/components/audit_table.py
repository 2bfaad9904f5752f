"""The audit trail as a table with a CSV download (all events, or one agreement's)."""

from __future__ import annotations

import streamlit as st

from dpa.review.audit_trail import audit_events, export_audit_csv
from review_app import resources


def audit_table(agreement_id: int | None) -> None:
    """Events oldest first: when, who, what, on what, before and after."""
    with resources.reading() as session:
        rows = [
            {
                "at": e.at.isoformat(timespec="seconds"),
                "actor": e.actor,
                "action": e.action,
                "entity": f"{e.entity_type} {e.entity_id}",
                "before": _short(e.before),
                "after": _short(e.after),
            }
            for e in audit_events(session, agreement_id)
        ]
        csv_text = export_audit_csv(session, agreement_id)
    st.dataframe(rows, hide_index=True, width="stretch")
    name = f"audit-agreement-{agreement_id}.csv" if agreement_id else "audit.csv"
    st.download_button(
        "Download CSV",
        csv_text,
        file_name=name,
        mime="text/csv",
        key=f"audit.download.{agreement_id or 'all'}",
    )


def _short(value: object) -> str:
    return "" if value is None else str(value)
