"""What the district told the public: breaches (27(a)(5), 27(d)) and each published listing."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow

if TYPE_CHECKING:
    from models.agreement import Operator


class Breach(Base):
    """A breach of covered information attributed to an operator, and the parent notice it needs."""

    __tablename__ = "breaches"

    id: Mapped[int] = mapped_column(primary_key=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"), index=True)
    discovered_on: Mapped[date]  # when the district learned of it: starts the 30-day notice clock
    occurred_from: Mapped[date | None]  # date, or start of the (estimated) range
    occurred_to: Mapped[date | None]
    date_is_estimate: Mapped[bool] = mapped_column(default=False)
    students_affected: Mapped[int | None]
    information_involved: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str | None] = mapped_column(Text)
    parents_notified_on: Mapped[date | None]
    # 27(d): a law-enforcement request may delay the parent notice; it is then due when the delay ends
    # (or 30 days after discovery, whichever is later).
    notice_delayed_until: Mapped[date | None]
    # 27(a)(5)(ii): a breach that needs no parent notice may be left off the public list.
    parent_notice_required: Mapped[bool] = mapped_column(default=True, server_default=true())
    operator_contact: Mapped[str | None] = mapped_column(Text)  # how parents reach the operator (27(d))
    recorded_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    operator: Mapped[Operator | None] = relationship()


class Publication(Base):
    """One run of ``dpa publish``: when, by whom, and the manifest (with its SHA-256) it wrote."""

    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by: Mapped[str] = mapped_column(String(100))
    out_dir: Mapped[str] = mapped_column(String(1000))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    manifest: Mapped[dict[str, Any]]
