"""Single sign-on: a provider's identity maps to an existing account, with the role from our database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from dpa.review.accounts import AuthenticationError, create_user, require_role
from dpa.review.sso import actor_for_identity
from dpa.settings import AuthMode, Settings
from models.db import open_database
from models.enums import Role
from models.user import User


@pytest.fixture
def session(settings: Settings) -> Iterator[Session]:
    database = open_database(settings.resolved_database_url)
    with database.session_factory() as session:
        create_user(session, "Riley.Reviewer@district.example", Role.REVIEWER, "a long password")
        create_user(session, "dana", Role.DIRECTOR, "a long password")
        session.commit()
        yield session
    database.engine.dispose()


def test_a_verified_email_maps_to_the_account_of_that_name_case_ignored(session: Session) -> None:
    claims = {"email": "riley.reviewer@DISTRICT.example", "email_verified": True, "name": "R. Reviewer"}
    actor = actor_for_identity(session, claims)
    assert (actor.name, actor.role) == ("Riley.Reviewer@district.example", Role.REVIEWER)


def test_the_role_comes_from_our_database_not_the_provider(session: Session) -> None:
    claims = {"email": "riley.reviewer@district.example", "roles": ["admin"], "groups": ["admins"]}
    actor = actor_for_identity(session, claims)
    assert actor.role is Role.REVIEWER
    user = session.get(User, actor.id)
    assert user is not None
    user.role = Role.DIRECTOR  # an administrator changes the role later: the next write sees it
    session.flush()
    with pytest.raises(PermissionError, match="A director cannot decide checks"):
        require_role(session, actor, {Role.REVIEWER}, "decide checks")


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"email": "stranger@district.example"}, "There is no account for stranger@district.example"),
        ({"email": "riley.reviewer@district.example", "email_verified": False}, "has not verified"),
        ({"name": "No Email"}, "gave no email address"),
        ({"email": "dana"}, "gave no email address"),  # a bare user name is not an identity
    ],
    ids=["unknown", "unverified", "no-email", "not-an-email"],
)
def test_unknown_or_unverified_identities_are_refused(
    session: Session, claims: dict[str, object], message: str
) -> None:
    with pytest.raises(AuthenticationError, match=message):
        actor_for_identity(session, claims)


def test_the_setting_defaults_to_passwords_and_reads_oidc(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().auth is AuthMode.PASSWORD
    monkeypatch.setenv("DPA_AUTH", "oidc")
    assert Settings().auth is AuthMode.OIDC
    monkeypatch.setenv("DPA_AUTH", "saml")
    with pytest.raises(ValueError, match="auth"):
        Settings()
