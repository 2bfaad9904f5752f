"""The SOPPA review app: sign-in, then the queue, the review page and uploads.

Start it with ``dpa review``. A signed-out visitor gets only the sign-in page; the pages a user
sees depend on their role, and ``dpa.review`` enforces the roles again on every write.
"""

from __future__ import annotations

import streamlit as st

from dpa.vocabulary import Role
from review_app import state
from review_app.components.sidebar import sidebar

st.set_page_config(page_title="SOPPA agreement review", layout="wide")
state.init_defaults()

user = state.current_user()
if user is None:
    pages = [st.Page("app_pages/sign_in.py", title="Sign in", default=True)]
else:
    pages = [
        st.Page("app_pages/queue.py", title="Queue", default=True),
        st.Page("app_pages/review.py", title="Review"),
        st.Page("app_pages/redact.py", title="Redaction"),
        st.Page("app_pages/upload.py", title="Upload"),
        st.Page("app_pages/dashboard.py", title="Dashboard"),
        st.Page("app_pages/audit.py", title="Audit trail"),
        *([st.Page("app_pages/publish.py", title="Publish")] if user.role is not Role.REVIEWER else []),
        st.Page("app_pages/breaches.py", title="Breaches"),
    ]
    if user.role is Role.ADMIN:
        pages.append(st.Page("app_pages/users.py", title="Users"))
        pages.append(st.Page("app_pages/district.py", title="District"))
page = st.navigation(pages)
if user is not None:
    sidebar(user)
page.run()
