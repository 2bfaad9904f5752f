"""Human decisions on checks."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.enums import ReviewAction
from pipeline.findings import Verdict

if TYPE_CHECKING:
    from models.finding import Check
    from models.user import User


class ReviewDecision(Base):
    """A reviewer's approve / reject / correct on one check, with who and when."""

    __tablename__ = "review_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("checks.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    decision: Mapped[ReviewAction]
    new_verdict: Mapped[Verdict | None]
    new_values: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    check: Mapped[Check] = relationship(back_populates="decisions")
    user: Mapped[User] = relationship(back_populates="decisions")
