"""Upload: several agreements at once; one message per file (stored, duplicate, or why it was refused)."""

import streamlit as st

from review_app import state
from review_app.components import actions
from review_app.components.plain import alert

st.title("Upload agreements")
st.file_uploader(
    "PDF or Word files", type=["pdf", "docx"], accept_multiple_files=True, key=state.UPLOAD_FILES
)
st.button("Check and store", key="upload.submit", on_click=actions.upload, type="primary")
for name, level, message in st.session_state.get(state.UPLOAD_RESULTS) or []:
    alert(level, f"{name}: {message}")
