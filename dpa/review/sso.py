"""Single sign-on: an OpenID Connect identity mapped to an account that already exists here.

With ``DPA_AUTH=oidc`` the app signs people in through Streamlit's ``st.login`` (the district's
identity provider, configured under ``[auth]`` in ``.streamlit/secrets.toml``). The provider only
says who someone is; what they may do still comes from our ``users`` table: the account whose name
is the verified email address (case ignored), with the role stored there. An identity without an
account is refused, never created, so an administrator decides who gets in and with which role.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from dpa.review.accounts import Actor, AuthenticationError
from models import user_store


def identity_email(claims: Mapping[str, Any]) -> str:
    """The identity's email, lower-cased (AuthenticationError when missing or marked unverified)."""
    email = str(claims.get("email") or "").strip().lower()
    if "@" not in email:
        raise AuthenticationError("The sign-on provider gave no email address; ask your administrator.")
    if claims.get("email_verified") is False:
        raise AuthenticationError(f"The sign-on provider has not verified {email}.")
    return email


def actor_for_identity(session: Session, claims: Mapping[str, Any]) -> Actor:
    """The account whose user name is the identity's email; its role comes from our database."""
    email = identity_email(claims)
    user = user_store.find_user_by_email(session, email)
    if user is None:
        raise AuthenticationError(
            f"There is no account for {email}. An administrator adds one with "
            f"`dpa user add {email} --role director|reviewer|admin`."
        )
    return Actor(id=user.id, name=user.name, role=user.role)
