"""The sidebar every signed-in page shares: who is signed in, and signing out."""

from __future__ import annotations

import streamlit as st

from dpa.review.accounts import Actor
from review_app import auth
from review_app.components.plain import md


def sidebar(user: Actor) -> None:
    """Name, role and the sign-out button."""
    with st.sidebar:
        st.markdown(f"Signed in as **{md(user.name)}** ({user.role.value})")
        st.button("Sign out", key="sidebar.sign_out", on_click=auth.sign_out)
