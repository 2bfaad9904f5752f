"""Every session-state key the app uses, named once, with small typed getters.

Keys are prefixed by the page that owns them. Nothing here is module-level mutable state: the
values live in ``st.session_state`` of each browser session.
"""

from __future__ import annotations

import streamlit as st

from dpa.review.accounts import Actor

AUTH_USER = "auth.user"  # Actor of the signed-in user, or None
AUTH_NAME = "auth.name"  # sign-in form: user name
AUTH_PASSWORD = "auth.password"  # sign-in form: password
AUTH_ERROR = "auth.error"  # message of the last failed sign-in

# The agreement chosen: one value shared by the queue, review, redaction and audit pages, so a page
# never acts on another agreement than the one last chosen on any of them.
REVIEW_AGREEMENT = "review.agreement_id"
REVIEW_CHECK = "review.check_id"  # the selected check (its evidence is highlighted)
REVIEW_PAGE = "review.page"  # page shown (1-based)
REVIEW_FLASH = "review.flash"  # (level, message) of the last action
REVIEW_NOTE = "review.note"  # note typed for the next decision
REVIEW_VALUES = "review.values"  # corrected values (JSON text)
REVIEW_VERDICT = "review.verdict"  # verdict chosen for reject / correct

UPLOAD_FILES = "upload.files"  # the file uploader widget
UPLOAD_RESULTS = "upload.results"  # [(file name, level, message)] of the last upload

USERS_NAME = "users.name"  # add-user form: name
USERS_ROLE = "users.role"  # add-user form: role
USERS_PASSWORD = "users.password"  # add-user form: password

_DEFAULTS: dict[str, object] = {
    AUTH_USER: None,
    AUTH_ERROR: None,
    REVIEW_AGREEMENT: None,
    REVIEW_CHECK: None,
    REVIEW_PAGE: 1,
    REVIEW_FLASH: None,
    UPLOAD_RESULTS: [],
}


def init_defaults() -> None:
    """Give every key its default on a new session (existing values are kept)."""
    for key, value in _DEFAULTS.items():
        st.session_state.setdefault(key, value.copy() if isinstance(value, list) else value)


def current_user() -> Actor | None:
    """The signed-in user, if any."""
    user = st.session_state.get(AUTH_USER)
    return user if isinstance(user, Actor) else None


def agreement_id() -> int | None:
    """The agreement chosen (on the queue, review or redaction page), shared by those pages."""
    value = st.session_state.get(REVIEW_AGREEMENT)
    return int(value) if value is not None else None


def check_id() -> int | None:
    """The selected check."""
    value = st.session_state.get(REVIEW_CHECK)
    return int(value) if value is not None else None


def page_number() -> int:
    """The page shown on the review page (1-based)."""
    return int(st.session_state.get(REVIEW_PAGE) or 1)


def flash(level: str, message: str) -> None:
    """Remember a message for the next run of the page ("success", "warning" or "error")."""
    st.session_state[REVIEW_FLASH] = (level, message)


def take_flash() -> tuple[str, str] | None:
    """The remembered message, cleared once shown."""
    value = st.session_state.get(REVIEW_FLASH)
    st.session_state[REVIEW_FLASH] = None
    return value


def sign_out() -> None:
    """Forget the user and everything they had open."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    init_defaults()
