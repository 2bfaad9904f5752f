"""Sign-in page: the form and nothing else."""

from review_app.auth import sign_in_form

sign_in_form()
