"""Breaches: the recorded breaches, the form to record one, and each breach's parent notice."""

import datetime as dt

import streamlit as st

from dpa.duties.breach_notice import NoticeError, notice_pdf, notice_text
from dpa.duties.breaches import BREACH_ROLES, list_breaches, operator_names, parent_notice
from review_app import resources, state
from review_app.components import district_forms as forms
from review_app.components.checklist import show_flash
from review_app.components.plain import alert

st.title("Breaches")
user = state.current_user()
may_record = user is not None and user.role in BREACH_ROLES
with resources.reading() as session:
    views = list_breaches(session)
    operators = operator_names(session)
show_flash()

today = dt.date.today()
st.dataframe(
    [
        {
            "id": b.id,
            "operator": b.operator or forms.DISTRICT_OWN_SYSTEMS,
            "occurred": b.occurred_text,
            "learned of": b.discovered_on,
            "students": b.students_affected,
            "information": b.information_involved,
            "notify parents by": b.notice_due,
            "delayed until": b.notice_delayed_until,
            "parents notified": str(
                b.parents_notified_on or ("" if b.parent_notice_required else "not required")
            ),
        }
        for b in views
    ],
    hide_index=True,
    width="stretch",
)
for b in views:
    if b.notice_overdue_on is not None:
        st.error(f"Breach #{b.id}: the parent notice was due on {b.notice_overdue_on} (105 ILCS 85/27(d)).")

if views:
    st.subheader("Parent notice")
    chosen = st.selectbox(
        "Breach", [b.id for b in views], key=forms.BREACH_SELECTED, format_func=lambda i: f"#{i}"
    )
    contact = st.text_input(
        "Operator's phone or e-mail for this notice (optional: replaces the one recorded)",
        key=forms.BREACH_CONTACT,
    )
    try:
        with resources.reading() as session:
            notice = parent_notice(session, int(chosen), operator_contact=contact or None)
    except NoticeError as exc:
        alert("warning", str(exc))
    else:
        left, right = st.columns(2)
        name = f"breach-{chosen}-parent-notice"
        left.download_button(
            "Download PDF", notice_pdf(notice), f"{name}.pdf", "application/pdf", key="breach.pdf"
        )
        right.download_button(
            "Download text", notice_text(notice), f"{name}.txt", "text/plain", key="breach.txt"
        )
    st.date_input("Parents notified on", value=today, key=forms.BREACH_NOTIFIED_ON)
    st.button(
        "Record parents notified",
        key="breach.notified",
        on_click=forms.mark_notified,
        args=(int(chosen),),
        disabled=not may_record,
    )

st.subheader("Record a breach")
with st.form("breach.form", clear_on_submit=True):
    st.selectbox("Operator", [forms.DISTRICT_OWN_SYSTEMS, *operators], key=forms.BREACH_OPERATOR)
    st.date_input(
        "Day the district learned of it (notice received or breach determined)", key=forms.BREACH_DISCOVERED
    )
    st.date_input("Breach date, or start of the range", key=forms.BREACH_FROM)
    st.date_input("End of the range (leave as is for a single day)", value=None, key=forms.BREACH_TO)
    st.checkbox("The date or range is an estimate", key=forms.BREACH_ESTIMATE)
    st.number_input("Number of students involved", min_value=0, value=None, step=1, key=forms.BREACH_STUDENTS)
    st.text_area("Information involved (goes into the parent notice)", key=forms.BREACH_INFORMATION)
    st.text_area("What happened (optional)", key=forms.BREACH_DESCRIPTION)
    st.text_area(
        "How parents reach the operator about it (phone, e-mail; goes into the parent notice)",
        key=forms.BREACH_OPERATOR_CONTACT,
    )
    st.checkbox(
        "Parents must be notified (27(d)); untick only when the Act requires no notice",
        value=True,
        key=forms.BREACH_NOTICE_REQUIRED,
    )
    st.date_input(
        "Law enforcement asked in writing to delay the notice until (27(d); leave empty if not)",
        value=None,
        key=forms.BREACH_DELAYED_UNTIL,
    )
    st.form_submit_button(
        "Record breach",
        key="breach.submit",
        on_click=forms.record_breach,
        disabled=not may_record,
        type="primary",
    )
if not may_record:
    st.caption("Reviewers and administrators record breaches.")
