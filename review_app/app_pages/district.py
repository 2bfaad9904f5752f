"""District (administrators): the settings the public site and parent notices use, and who may sign."""

import streamlit as st

from dpa.duties.district_settings import get_district, list_signers
from dpa.vocabulary import Role
from review_app import resources, state
from review_app.components import district_forms as forms
from review_app.components.checklist import show_flash
from review_app.components.plain import md

st.title("District")
user = state.current_user()
if user is None or user.role is not Role.ADMIN:
    st.error("Only an administrator manages the district settings.")
    st.stop()
with resources.reading() as session:
    info = get_district(session)
    signers = list_signers(session)
show_flash()

st.subheader("Settings")
with st.form("district.form"):
    st.text_input("District name", value=info.name, key=forms.DISTRICT_NAME)
    st.text_input("Website", value=info.website_url or "", key=forms.DISTRICT_WEBSITE)
    st.text_input(
        "Privacy officer (27(f))", value=info.privacy_officer_name or "", key=forms.DISTRICT_OFFICER
    )
    st.text_input("Privacy officer e-mail", value=info.privacy_officer_email or "", key=forms.DISTRICT_EMAIL)
    st.text_input("Privacy officer phone", value=info.privacy_officer_phone or "", key=forms.DISTRICT_PHONE)
    st.text_area(
        "How parents exercise their rights (27(a)(4), posted on the public site)",
        value=info.parents_rights_procedure or "",
        key=forms.DISTRICT_RIGHTS,
        height=160,
    )
    st.number_input(
        "Students enrolled (0: unknown; the breach list may omit breaches under 10% of it, 27(a)(5)(i))",
        min_value=0,
        value=info.enrollment or 0,
        step=1,
        key=forms.DISTRICT_ENROLLMENT,
    )
    st.form_submit_button("Save settings", key="district.save", on_click=forms.save_district, type="primary")
if info.updated_at:
    st.caption(f"Last changed by {md(info.updated_by)} on {info.updated_at:%Y-%m-%d %H:%M} UTC.")

st.subheader("Employees authorized to sign agreements (27(b))")
st.caption("An agreement signed for the district by anyone else is void under 105 ILCS 85/27(b).")
if not signers:
    st.info("No authorized signers yet: every agreement's signer is shown as unchecked.")
for signer in signers:
    left, right = st.columns([4, 1])
    left.write(f"**{md(signer.name)}**" + (f" — {md(signer.title)}" if signer.title else ""))
    right.button(
        "Remove", key=f"district.remove.{signer.id}", on_click=forms.remove_signer, args=(signer.id,)
    )
with st.form("district.signer_form", clear_on_submit=True):
    st.text_input("Name", key=forms.SIGNER_NAME)
    st.text_input("Title", key=forms.SIGNER_TITLE)
    st.form_submit_button("Add signer", key="district.add_signer", on_click=forms.add_signer)
