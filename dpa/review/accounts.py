"""Accounts and roles: who may sign in, with what password, and what their role lets them do.

Roles are enforced where the data changes, not only in the app: every write reloads the acting
user from the database (``require_role``) and checks the role it holds there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from models import store, user_store
from models.enums import Role
from models.user import User

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters

NAME_MAX = 100  # the users.name column
# A user name: a letter or digit first (never = + - @, which a spreadsheet reads as a formula), then
# letters, digits, spaces and . _ - @ + ' (an email, as single sign-on uses, fits); no control
# characters and nothing that is Markdown or HTML (< > [ ] ( ) ! * ` ...).
_NAME = re.compile(r"[^\W_][\w .@+'-]*")
NAME_RULE = (
    "A user name starts with a letter or digit and holds only letters, digits, spaces and . _ - @ + ' "
    f"(at most {NAME_MAX} characters)."
)


class ReviewError(Exception):
    """A review action that cannot be done as asked (message meant for the person)."""


class AuthenticationError(ReviewError):
    """Unknown user or wrong password (one message for both, so names cannot be probed)."""


class NotAllowedError(ReviewError, PermissionError):
    """The user's role does not allow this action."""


@dataclass(frozen=True, slots=True)
class Actor:
    """A signed-in user as the app keeps it: plain values, no ORM row."""

    id: int
    name: str
    role: Role


# --- users ----------------------------------------------------------------------------------------


def create_user(session: Session, name: str, role: Role, password: str, *, actor: str = "system") -> Actor:
    """Add a user with an argon2id password hash (raises ReviewError for a taken name or a short password)."""
    name = name.strip()
    if not name:
        raise ReviewError("A user name is required.")
    check_user_name(name)
    if len(password) < 8:
        raise ReviewError("The password must have at least 8 characters.")
    if user_store.find_user(session, name) is not None:
        raise ReviewError(f"A user named {name!r} already exists.")
    user = User(name=name, role=Role(role), password_hash=_HASHER.hash(password))
    session.add(user)
    session.flush()
    store.record_event(
        session,
        actor=actor,
        action="user.created",
        entity_type="user",
        entity_id=user.id,
        after={"name": name, "role": user.role.value},
    )
    return _actor(user)


def check_user_name(name: str) -> None:
    """Raise ReviewError unless ``name`` (already stripped) follows ``NAME_RULE``."""
    if len(name) > NAME_MAX or _NAME.fullmatch(name) is None:
        raise ReviewError(NAME_RULE)


def add_user(session: Session, actor: Actor, name: str, role: Role, password: str) -> Actor:
    """Create an account, as an administrator (the app's user page)."""
    admin = require_role(session, actor, {Role.ADMIN}, "manage users")
    return create_user(session, name, role, password, actor=admin.name)


def list_users(session: Session) -> list[Actor]:
    """Every account, by name."""
    return [_actor(u) for u in user_store.list_users(session)]


def authenticate(session: Session, name: str, password: str) -> Actor:
    """The user whose name and password match; rehashes an outdated hash on the way."""
    user = user_store.find_user(session, name)
    if user is None or not user.password_hash:
        raise AuthenticationError("Unknown user name or wrong password.")
    try:
        _HASHER.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError) as exc:
        raise AuthenticationError("Unknown user name or wrong password.") from exc
    if _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = _HASHER.hash(password)
    return _actor(user)


def require_role(session: Session, actor: Actor, allowed: frozenset[Role] | set[Role], what: str) -> User:
    """The acting user's row, if the role the database holds for them is among ``allowed``."""
    user = session.get(User, actor.id)
    if user is None or user.name != actor.name:
        raise NotAllowedError("Your account no longer exists; sign in again.")
    if user.role not in allowed:
        raise NotAllowedError(f"A {user.role.value} cannot {what}.")
    return user


def _actor(user: User) -> Actor:
    return Actor(id=user.id, name=user.name, role=user.role)


def find_director(session: Session, name: str | None) -> Actor:
    """The named account, or the only director when no name is given (who publishes from the CLI)."""
    if name is not None:
        user = user_store.find_user(session, name)
        if user is None:
            raise ReviewError(f"There is no user named {name!r}.")
        return _actor(user)
    directors = user_store.users_with_role(session, Role.DIRECTOR)
    if len(directors) != 1:
        raise ReviewError("Name the director who publishes with --as USER.")
    return _actor(directors[0])
