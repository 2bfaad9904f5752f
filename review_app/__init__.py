"""The Streamlit review app: reviewers approve or correct every check, with the evidence on the page."""

import dpa  # noqa: F401  (first: dpa keeps PyMuPDF's unused companions from loading)
