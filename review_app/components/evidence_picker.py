"""Mark a different passage as the selected check's evidence: find it by its text, or draw a box.

"Find text" searches the agreement's clauses for what the reviewer types and lists every place it
occurs; the reviewer picks one. "Draw a box" takes a page and a box in PDF points (from the
top-left corner, 72 points per inch) and takes the words inside it. Either way the choice is
stored by ``dpa.review.decisions.set_evidence`` (reviewers only) and then highlighted on the page.
"""

from __future__ import annotations

import streamlit as st

from dpa.review.checklist_views import CheckRow
from dpa.review.evidence_passages import Passage, agreement_clauses, find_passages
from review_app import resources, state
from review_app.components import actions
from review_app.components.actions import BOX_EDGES, BOX_PAGE, EVIDENCE_PICK, EVIDENCE_QUERY
from review_app.components.plain import md

_EDGE_LABELS = ("Left", "Top", "Right", "Bottom")
_DEFAULT_BOX = (72.0, 72.0, 540.0, 144.0)  # a band near the top of a letter page


def evidence_picker(check: CheckRow, agreement_id: int, *, disabled: bool) -> None:
    """An expander with the two ways of choosing the passage."""
    with st.expander("Mark a different passage as the evidence"):
        by_text, by_box = st.tabs(["Find text", "Draw a box"])
        with by_text:
            _find_text(check, agreement_id, disabled)
        with by_box:
            _draw_box(check, agreement_id, disabled)


def _find_text(check: CheckRow, agreement_id: int, disabled: bool) -> None:
    query = st.text_input("Text in the agreement", key=EVIDENCE_QUERY, disabled=disabled)
    if not query.strip():
        return
    with resources.reading() as session:
        passages = find_passages(agreement_clauses(session, agreement_id), query)
    if not passages:
        st.info("That text is not in the agreement's clauses (check the spelling, or draw a box).")
        return
    st.radio(
        "Where it occurs",
        passages,
        format_func=_label,
        key=EVIDENCE_PICK,
        disabled=disabled,
    )
    st.button(
        "Use this passage as the evidence",
        key=f"review.evidence.use_text.{check.id}",
        on_click=actions.mark_evidence,
        args=(check.id, check.version),
        disabled=disabled,
    )


def _label(passage: Passage) -> str:
    """The passage's line for the pick list, as text: the options of a radio render Markdown."""
    return md(passage.label())


def _draw_box(check: CheckRow, agreement_id: int, disabled: bool) -> None:
    shown = [e for e in check.evidence if e.page == state.page_number()]
    start = shown[0].bbox if shown else _DEFAULT_BOX
    st.caption("PDF points from the page's top-left corner (72 per inch; a letter page is 612 × 792).")
    cols = st.columns(5)
    cols[0].number_input(
        "Page", min_value=1, step=1, value=state.page_number(), key=BOX_PAGE, disabled=disabled
    )
    for col, key, label, value in zip(cols[1:], BOX_EDGES, _EDGE_LABELS, start, strict=True):
        col.number_input(
            label, min_value=0.0, value=float(round(value)), step=1.0, key=key, disabled=disabled
        )
    st.button(
        "Use the words in this box as the evidence",
        key=f"review.evidence.use_box.{check.id}",
        on_click=actions.mark_evidence_in_box,
        args=(check.id, check.version, agreement_id),
        disabled=disabled,
    )
