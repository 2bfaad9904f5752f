"""Publish (directors; administrators preview): what the public site would show, and the publish button."""

import streamlit as st

from dpa.publish import preview
from dpa.vocabulary import Role
from review_app import resources, state
from review_app.components.plain import alert, md
from review_app.components.publish_actions import PUBLISH_OUT, publish_now

st.title("Publish the public listing")
user = state.current_user()
if user is None or user.role not in (Role.DIRECTOR, Role.ADMIN):
    st.info("Only a director publishes the listing; an administrator may preview it.")
    st.stop()
message = state.take_flash()
if message:
    alert(*message)
with resources.reading() as session:
    shown = preview(session, resources.settings().file_store(), user)
listing, last = shown.listing, shown.last

st.subheader("Last publication")
if last is None:
    st.write("Nothing has been published yet.")
else:
    st.write(
        f"{last.published_at:%Y-%m-%d %H:%M} UTC by {md(last.published_by)}: "
        f"{last.agreements} agreement(s) to {md(last.out_dir)}."
    )
    st.text_input("Manifest SHA-256", value=last.manifest_sha256, disabled=True)

st.subheader("What publishing now would post")
st.dataframe(
    [
        {
            "agreement": a.agreement_id,
            "operator": a.operator,
            "product or service": a.product_text,
            "signed": a.signing_date,
            "posting date": a.posting_date,
            "newly posted": a.newly_posted,
            "data elements": len(a.data_elements),
            "subcontractors": len(a.subcontractors) or (a.subcontractor_url or 0),
        }
        for a in listing.agreements
    ],
    hide_index=True,
    width="stretch",
)
for withheld in listing.withheld:
    st.warning(f"Not published: #{withheld.agreement_id} {md(withheld.title)}: {md(withheld.reason)}")
st.subheader("Breach list (27(a)(5))")
st.write(f"{len(listing.breaches)} breach(es) would be listed.")
for omitted in listing.omitted_breaches:
    st.info(f"Not listed: {md(omitted.line)}")
if listing.district.parents_rights_procedure is None:
    st.warning("The parents' rights procedure (27(a)(4)) is not configured; the site will say so.")
if listing.district.privacy_officer_name is None:
    st.warning("No privacy officer is configured; the site will say so.")

st.subheader("Changes since the last publication")
if shown.changes.first_publication:
    st.write("This would be the first publication.")
for line in shown.changes.lines() or ("No change in operators, subcontractors or data elements.",):
    st.markdown(f"- {md(line)}")

st.session_state.setdefault(
    PUBLISH_OUT, last.out_dir if last else str(resources.settings().data_dir / "site")
)
st.text_input("Folder to write the site to", key=PUBLISH_OUT)
st.button(
    "Publish",
    key="publish.submit",
    type="primary",
    on_click=publish_now,
    disabled=user.role is not Role.DIRECTOR,
    help="Writes the site, marks new agreements posted and records the manifest.",
)
