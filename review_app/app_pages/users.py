"""Users (administrators): the accounts, and a form to add one."""

import streamlit as st

from dpa.review.accounts import list_users
from dpa.vocabulary import Role
from review_app import resources, state
from review_app.components import actions
from review_app.components.plain import alert

st.title("Users")
with resources.reading() as session:
    users = list_users(session)
st.dataframe([{"name": u.name, "role": u.role.value} for u in users], hide_index=True, width="stretch")
with st.form("users.form", clear_on_submit=True):
    st.text_input("User name", key=state.USERS_NAME)
    st.selectbox("Role", [r.value for r in Role], key=state.USERS_ROLE)
    st.text_input("Password (8 characters or more)", type="password", key=state.USERS_PASSWORD)
    st.form_submit_button("Add user", key="users.submit", on_click=actions.add_user)
message = state.take_flash()
if message:
    alert(*message)
