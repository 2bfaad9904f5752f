"""The queue as a table with filters, and a button per agreement to open it for review."""

from __future__ import annotations

import datetime as dt

import pandas as pd  # type: ignore[import-untyped]  # no stubs installed
import streamlit as st

from dpa.review.checklist_views import QueueRow
from dpa.vocabulary import AgreementStatus
from review_app import state
from review_app.components.plain import md

QUEUE_SEARCH = "queue.search"
QUEUE_STATUS = "queue.status"


def queue_table(rows: list[QueueRow]) -> None:
    """Filters, the table, and an "open" button per shown agreement."""
    search = st.text_input("Search title or operator", key=QUEUE_SEARCH).strip().lower()
    statuses = st.multiselect("Status", [s.value for s in AgreementStatus], key=QUEUE_STATUS)
    shown = [r for r in rows if _matches(r, search, statuses)]
    today = dt.date.today()
    frame = pd.DataFrame([_as_record(r, today) for r in shown])
    styled = frame.style.map(_overdue_red, subset=["posting deadline"]) if shown else frame
    st.dataframe(styled, hide_index=True, width="stretch")
    for row in shown:
        label = f"Review #{row.id}: {md(row.title[:60])}"
        if st.button(label, key=f"queue.open.{row.id}"):
            st.session_state[state.REVIEW_AGREEMENT] = row.id
            st.session_state[state.REVIEW_CHECK] = None
            st.session_state[state.REVIEW_PAGE] = 1
            st.switch_page("app_pages/review.py")


def _overdue_red(value: object) -> str:
    return "color: #c62828; font-weight: bold" if str(value).startswith("OVERDUE") else ""


def _matches(row: QueueRow, search: str, statuses: list[str]) -> bool:
    text = f"{row.title} {row.operator or ''}".lower()
    return (not search or search in text) and (not statuses or row.status.value in statuses)


def _as_record(row: QueueRow, today: dt.date) -> dict[str, object]:
    deadline = row.posting_deadline.isoformat() if row.posting_deadline else ""
    return {
        "id": row.id,
        "operator": row.operator or "(not found)",
        "title": row.title,
        "status": row.status.value,
        "non-compliant": row.non_compliant,
        "missing": row.missing,
        "needs review": row.needs_review,
        "undecided": row.undecided,
        "signed": row.signing_date.isoformat() if row.signing_date else "",
        "posting deadline": f"OVERDUE {deadline}" if row.overdue(today) else deadline,
    }
