"""Sign-in: the form shown to a signed-out visitor, and the callback that checks the password."""

from __future__ import annotations

import streamlit as st

from dpa.review.accounts import AuthenticationError, authenticate
from dpa.review.sso import actor_for_identity
from dpa.settings import AuthMode
from review_app import resources, state
from review_app.components.plain import alert


def sign_in() -> None:
    """on_click of the sign-in form: remember the user if the name and password match."""
    name = str(st.session_state.get(state.AUTH_NAME) or "")
    password = str(st.session_state.get(state.AUTH_PASSWORD) or "")
    try:
        with resources.transaction() as session:  # an outdated hash may be upgraded
            actor = authenticate(session, name, password)
    except AuthenticationError as exc:
        st.session_state[state.AUTH_ERROR] = str(exc)
        return
    st.session_state[state.AUTH_PASSWORD] = ""
    st.session_state[state.AUTH_ERROR] = None
    st.session_state[state.AUTH_USER] = actor


def sign_out() -> None:
    """Forget the user; with single sign-on also end the provider's session (st.logout)."""
    state.sign_out()
    if resources.settings().auth is AuthMode.OIDC:
        st.logout()


def single_sign_on() -> None:
    """DPA_AUTH=oidc: the provider's button, then the identity mapped to one of our accounts."""
    st.title("Sign in")
    if not st.user.is_logged_in:
        st.button("Sign in with single sign-on", key="auth.sso", on_click=st.login, type="primary")
        return
    try:
        with resources.reading() as session:
            actor = actor_for_identity(session, st.user.to_dict())
    except AuthenticationError as exc:
        alert("error", str(exc))
        st.button("Sign out of single sign-on", key="auth.sso_out", on_click=st.logout)
        return
    st.session_state[state.AUTH_USER] = actor
    st.rerun()


def sign_in_form() -> None:
    """The only thing a signed-out visitor sees."""
    if resources.settings().auth is AuthMode.OIDC:
        single_sign_on()
        return
    st.title("Sign in")
    with st.form("auth.form"):
        st.text_input("User name", key=state.AUTH_NAME)
        st.text_input("Password", type="password", key=state.AUTH_PASSWORD)
        st.form_submit_button("Sign in", key="auth.submit", on_click=sign_in, type="primary")
    if st.session_state.get(state.AUTH_ERROR):
        alert("error", st.session_state[state.AUTH_ERROR])
    st.caption("Accounts are created with `dpa user add NAME --role director|reviewer|admin`.")
