"""People who use the review app."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.enums import Role

if TYPE_CHECKING:
    from models.review import ReviewDecision


class User(Base):
    """A director, reviewer or administrator; decisions and audit events name them."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[Role]
    password_hash: Mapped[str | None] = mapped_column(String(255))  # set once the app has log-in
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    decisions: Mapped[list[ReviewDecision]] = relationship(back_populates="user")
