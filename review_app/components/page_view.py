"""The rendered PDF page with the selected check's evidence boxes, and page navigation."""

from __future__ import annotations

import streamlit as st

from dpa.review.checklist_views import AgreementView, CheckRow
from review_app import resources, state
from review_app.components.page_image import draw_boxes

ZOOM = 1.5


def page_view(view: AgreementView, checks: list[CheckRow]) -> None:
    """Page number input, then the page image with highlights of the selected check on this page."""
    if view.page_count < 1 or not view.pdf_path.is_file():
        st.warning("The stored PDF of this agreement is not available.")
        return
    page = min(max(state.page_number(), 1), view.page_count)
    st.session_state[state.REVIEW_PAGE] = page
    st.number_input("Page", min_value=1, max_value=view.page_count, step=1, key=state.REVIEW_PAGE)
    selected = next((c for c in checks if c.id == state.check_id()), None)
    boxes = [e.bbox for e in selected.evidence if e.page == page] if selected else []
    png = resources.page_png(view.pdf_sha256, page, ZOOM, view.pdf_path)
    image = draw_boxes(png, boxes, ZOOM) if boxes else png
    caption = f"Page {page} of {view.page_count}"
    if selected:
        caption += f" · {len(boxes)} evidence box(es) of {selected.requirement_id.value}"
    st.image(image, caption=caption, width="stretch")
