"""Queue: every agreement, riskiest first, with its status, open problems and posting deadline."""

import streamlit as st

from dpa.review.checklist_views import review_queue
from review_app import resources
from review_app.components.queue_table import queue_table

st.title("Agreements")
with resources.reading() as session:
    rows = review_queue(session)
if not rows:
    st.info("No agreements yet. Upload one on the Upload page.")
else:
    queue_table(rows)
