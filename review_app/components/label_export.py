"""Download reviewed agreements as labelled agreements (corpus format, zipped) from the review page.

Two steps, so the zip is built once, in a callback that records the export in the audit trail,
and not on every run of the page: "Prepare" builds it, then a download button offers it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from dpa.review.accounts import ReviewError
from dpa.review.label_export import EXPORT_ROLES, export_labels_zip
from review_app import resources, state
from review_app.components.plain import md

EXPORT_ZIP = "review.export.zip"  # (file name, bytes) of the last prepared export
EXPORT_MESSAGE = "review.export.message"  # what the last export wrote and skipped


def label_export(agreement_id: int) -> None:
    """The prepare buttons and, once built, the download (reviewers and administrators)."""
    user = state.current_user()
    allowed = user is not None and user.role in EXPORT_ROLES
    st.caption("Corrections become evaluation data: `dpa eval` runs on the unzipped folder.")
    this, every = st.columns(2)
    this.button(
        "Prepare labels of this agreement",
        key="review.export.this",
        on_click=prepare,
        args=(agreement_id,),
        disabled=not allowed,
    )
    every.button(
        "Prepare labels of all reviewed agreements",
        key="review.export.all",
        on_click=prepare,
        args=(None,),
        disabled=not allowed,
    )
    if st.session_state.get(EXPORT_MESSAGE):
        st.caption(md(st.session_state[EXPORT_MESSAGE]))
    prepared = st.session_state.get(EXPORT_ZIP)
    if allowed and prepared:
        name, data = prepared
        st.download_button(
            "Download labelled agreements (zip)",
            data=data,
            file_name=name,
            mime="application/zip",
            key="review.export.download",
            on_click="ignore",
        )


def prepare(agreement_id: int | None) -> None:
    """Build the zip for one agreement (or all) and keep it for the download button."""
    actor = state.current_user()
    st.session_state[EXPORT_ZIP] = None
    try:
        with tempfile.TemporaryDirectory() as work, resources.transaction() as session:
            if actor is None:
                raise ReviewError("Sign in first.")
            data, result = export_labels_zip(session, resources.settings(), actor, Path(work), agreement_id)
    except ReviewError as exc:
        state.flash("error", str(exc))
        return
    skipped = "; ".join(f"#{s.agreement_id}: {s.reason}" for s in result.skipped)
    message = f"{len(result.exported)} agreement(s) exported."
    st.session_state[EXPORT_MESSAGE] = message + (f" Not exported: {skipped}" if skipped else "")
    if result.exported:
        scope = f"agreement-{agreement_id}" if agreement_id is not None else "all"
        st.session_state[EXPORT_ZIP] = (f"labels-{scope}.zip", data)
