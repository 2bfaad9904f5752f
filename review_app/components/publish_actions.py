"""The publish page's write: one on_click callback, one transaction (``dpa.publish`` checks the role)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dpa.publish import PublishError, RedactedFileError, publish
from dpa.review.accounts import ReviewError
from review_app import resources, state

PUBLISH_OUT = "publish.out_dir"  # the output folder typed on the page


def publish_now() -> None:
    """Publish the listing into the folder typed on the page, as the signed-in user."""
    actor = state.current_user()
    folder = str(st.session_state.get(PUBLISH_OUT) or "").strip()
    if actor is None or not folder:
        state.flash("error", "Sign in and name the folder to publish to.")
        return
    try:
        with resources.transaction() as session:
            result = publish(session, resources.settings().file_store(), actor, Path(folder))
    except (ReviewError, PublishError, RedactedFileError, OSError) as exc:
        state.flash("error", str(exc))
        return
    state.flash(
        "success",
        f"Published {len(result.listing.agreements)} agreement(s) to {result.out_dir} "
        f"({len(result.newly_posted)} newly posted). Manifest SHA-256: {result.manifest_sha256}",
    )
