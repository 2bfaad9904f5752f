"""The agreement's workflow buttons: only the moves ``dpa.review.workflow`` offers the user now.

A move the user's role makes from the agreement's status is shown; one whose precondition is not met
yet is disabled, with the reason beside it. The callback goes through ``dpa.review.set_status``
anyway, which checks it all again: the buttons are a courtesy, the machine is the control.
"""

from __future__ import annotations

import streamlit as st

from dpa import review
from dpa.review.accounts import ReviewError
from review_app import resources, state
from review_app.components import actions
from review_app.components.plain import md


def status_actions(agreement_id: int) -> None:
    """One button per move offered for ``agreement_id`` (the agreement the page shows)."""
    user = state.current_user()
    if user is None:
        return
    try:
        with resources.reading() as session:
            offers = review.offered_transitions(session, user, agreement_id)
    except ReviewError as exc:
        st.caption(md(str(exc)))
        return
    if not offers:
        st.caption("No status change is yours to make on this agreement now.")
        return
    for col, offer in zip(st.columns(len(offers)), offers, strict=True):
        col.button(
            offer.label,
            key=f"review.status.{offer.status.value}",
            on_click=actions.change_status,
            args=(agreement_id, offer.status),
            disabled=offer.refused is not None,
            help=md(offer.refused) if offer.refused else None,
        )
        if offer.refused:
            col.caption(md(offer.refused))
