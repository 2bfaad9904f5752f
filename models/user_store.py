"""Account lookups: the queries on users that sign-in, role checks and publishing share."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.enums import Role
from models.user import User


def find_user(session: Session, name: str) -> User | None:
    """The account with exactly this name (surrounding spaces ignored), or None."""
    return session.scalars(select(User).where(User.name == name.strip())).first()


def list_users(session: Session) -> list[User]:
    """Every account, by name."""
    return list(session.scalars(select(User).order_by(User.name)))


def users_with_role(session: Session, role: Role) -> list[User]:
    """Every account holding ``role``, by name."""
    return list(session.scalars(select(User).where(User.role == role).order_by(User.name)))


def find_user_by_email(session: Session, email: str) -> User | None:
    """The account whose name is this email address, case ignored (single sign-on), or None."""
    return session.scalars(select(User).where(func.lower(User.name) == email.strip().lower())).first()
