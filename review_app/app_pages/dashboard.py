"""Dashboard: compliance across all operators, and posting deadlines coming up or missed."""

import datetime as dt

import streamlit as st

from dpa.duties.deadlines import DeadlineKind
from dpa.review.checklist_views import posting_deadlines, review_queue, verdicts_by_requirement
from review_app import resources
from review_app.components.district_views import deadline_section
from review_app.components.plain import md

UPCOMING_DAYS = 14

st.title("Dashboard")
with resources.reading() as session:
    counts = verdicts_by_requirement(session)
    overdue, soon = posting_deadlines(review_queue(session), dt.date.today(), UPCOMING_DAYS)
st.subheader("Verdicts by requirement")
records = [
    {"requirement": requirement, "verdict": verdict, "checks": n}
    for requirement, by_verdict in counts.items()
    for verdict, n in by_verdict.items()
]
st.bar_chart(records, x="requirement", y="checks", color="verdict", horizontal=True)
left, right = st.columns(2)
left.metric("Overdue for posting", len(overdue))
right.metric(f"Due within {UPCOMING_DAYS} days", len(soon))
for row in overdue:
    st.error(
        f"#{row.id} {md(row.operator or row.title)}: the posting deadline {row.posting_deadline} has passed."
    )
for row in soon:
    st.warning(f"#{row.id} {md(row.operator or row.title)}: post by {row.posting_deadline}.")
deadline_section(exclude=(DeadlineKind.POSTING,))  # posting deadlines are listed above
