"""Read-only pieces of the district duties shown on other pages: the signing-authority banner of
the review page and the deadline list of the dashboard."""

from __future__ import annotations

from collections.abc import Collection

import streamlit as st

from dpa.duties.deadlines import DeadlineKind, DueState, list_deadlines
from dpa.duties.signing_authority import AuthorityStatus, signing_authority
from review_app import resources
from review_app.components.plain import md

_BANNER = {
    AuthorityStatus.AUTHORIZED: st.success,
    AuthorityStatus.NOT_AUTHORIZED: st.error,
    AuthorityStatus.UNKNOWN_SIGNER: st.warning,
    AuthorityStatus.NO_LIST_CONFIGURED: st.info,
}


def signing_banner(agreement_id: int) -> None:
    """The district signer against the board's authorized list (105 ILCS 85/27(b))."""
    with resources.reading() as session:
        authority = signing_authority(session, agreement_id)
    _BANNER[authority.status](f"Signing authority: {md(authority.explanation)}")


def deadline_section(exclude: Collection[DeadlineKind] = ()) -> None:
    """The district's SOPPA duties that are due or overdue, each with what to do."""
    with resources.reading() as session:
        report = list_deadlines(session)
    items = [d for d in report.items if d.kind not in exclude]
    st.subheader("District SOPPA duties")
    if not items:
        st.success("No district duty is due in the next 30 days.")
    for item in items:
        show = st.error if item.state is DueState.OVERDUE else st.warning
        when = "was due" if item.state is DueState.OVERDUE else "due"
        show(f"**{md(item.subject)}** — {when} {item.due:%B %d, %Y} ({md(item.citation)}). {md(item.action)}")
