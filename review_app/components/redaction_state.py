"""Session-state keys of the redaction page, named once, with small typed getters.

Kept beside the page's components rather than in ``review_app.state`` so the page owns its keys;
they are prefixed ``redact.`` like the other pages' keys.
"""

from __future__ import annotations

import streamlit as st

from review_app import state
from review_app.components.plain import alert

AGREEMENT = "redact.agreement_id"  # the page's agreement picker (mirrors state.REVIEW_AGREEMENT)
PAGE = "redact.page"  # page shown (1-based)
PREVIEW = "redact.preview"  # show the page as it will be posted (boxes solid black)
SIGNER_NAMES = "redact.signer_names"  # also propose the signers' names
FLASH = "redact.flash"  # (level, message) of the last action
TERM = "redact.term"  # add by term: the words
PATTERN = "redact.pattern"  # add by pattern: the regular expression
BOX_PAGE = "redact.box.page"  # add a box: its page and edges in PDF points
BOX_X0 = "redact.box.x0"
BOX_TOP = "redact.box.top"
BOX_X1 = "redact.box.x1"
BOX_BOTTOM = "redact.box.bottom"
CLAUSE = "redact.clause"  # add a whole clause: its id


def agreement_id(choices: list[int]) -> int | None:
    """The agreement to show: the one chosen on any page (``state.REVIEW_AGREEMENT``), else the first.

    The page's picker only mirrors that shared choice (``choose_agreement`` copies a new pick back), so
    the review page opens the agreement last chosen here, and this page the one last opened there.
    """
    chosen = state.agreement_id()
    if chosen is not None and chosen in choices:
        return chosen
    return choices[0] if choices else None


def choose_agreement() -> None:
    """The picker's on_change: the new pick becomes the shared choice, with its first page and no check."""
    picked = st.session_state.get(AGREEMENT)
    if picked is None or picked == state.agreement_id():
        return
    st.session_state[state.REVIEW_AGREEMENT] = int(picked)
    st.session_state[state.REVIEW_CHECK] = None
    st.session_state[state.REVIEW_PAGE] = 1
    st.session_state[PAGE] = 1


def page_number(page_count: int) -> int:
    """The page shown, kept inside 1..page_count."""
    page = int(st.session_state.get(PAGE) or 1)
    return min(max(page, 1), max(page_count, 1))


def flash(level: str, message: str) -> None:
    """Remember a message for the next run of the page ("success", "warning" or "error")."""
    st.session_state[FLASH] = (level, message)


def show_flash() -> None:
    """The message left by the last action, once."""
    message = st.session_state.get(FLASH)
    st.session_state[FLASH] = None
    if message:
        alert(*message)
