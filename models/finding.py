"""What detection found and what judging concluded, per agreement."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from pipeline.findings import RequirementId, Verdict

if TYPE_CHECKING:
    from models.agreement import Agreement
    from models.review import ReviewDecision


class Finding(Base):
    """One piece of evidence for a requirement, with the rule and versions that produced it."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    requirement_id: Mapped[RequirementId]
    clause_ref: Mapped[str | None] = mapped_column(String(32))  # ClauseRow.clause_id
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(default=list)  # [{page, text, bbox}]
    values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    confidence: Mapped[float]
    rule: Mapped[str] = mapped_column(String(100))
    pipeline_version: Mapped[str] = mapped_column(String(32))
    catalogue_version: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    agreement: Mapped[Agreement] = relationship(back_populates="findings")


class Check(Base):
    """The verdict on one requirement of one agreement; reviewers approve, reject or correct it."""

    __tablename__ = "checks"
    __table_args__ = (UniqueConstraint("agreement_id", "requirement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"))
    requirement_id: Mapped[RequirementId]
    verdict: Mapped[Verdict]
    reason: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[float]
    values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    pipeline_version: Mapped[str] = mapped_column(String(32))
    catalogue_version: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Optimistic concurrency: bumped by every review decision; an UPDATE naming a stale version
    # matches no row and SQLAlchemy raises StaleDataError instead of overwriting silently.
    version: Mapped[int] = mapped_column(default=1, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    agreement: Mapped[Agreement] = relationship(back_populates="checks")
    decisions: Mapped[list[ReviewDecision]] = relationship(
        back_populates="check", cascade="all, delete-orphan", order_by="ReviewDecision.created_at"
    )
