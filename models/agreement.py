"""Operators (vendors) and their agreements with the district."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.enums import AgreementStatus, ProcessingState
from pipeline.findings import AgreementKind

if TYPE_CHECKING:
    from models.document import ClauseRow, PageRow, StoredFileRow
    from models.finding import Check, Finding


class Operator(Base):
    """A vendor as the public SOPPA listing names it: legal name and business address."""

    __tablename__ = "operators"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    business_address: Mapped[str | None] = mapped_column(Text)

    agreements: Mapped[list[Agreement]] = relationship(back_populates="operator")


class Agreement(Base):
    """One uploaded agreement: its file, clauses, findings, checks and where it is in review."""

    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"), unique=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[AgreementKind | None]  # set by detection
    status: Mapped[AgreementStatus] = mapped_column(default=AgreementStatus.NEW)
    processing: Mapped[ProcessingState]
    signing_date: Mapped[date | None]
    posting_deadline: Mapped[date | None]
    posted_on: Mapped[date | None]  # when the redacted agreement went on the district website
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    pipeline_version: Mapped[str] = mapped_column(String(32))
    # Non-fatal problems met by the stages: [{"stage", "message", "page"}].
    problems: Mapped[list[dict[str, Any]]] = mapped_column(default=list)

    file: Mapped[StoredFileRow] = relationship(back_populates="agreement")
    operator: Mapped[Operator | None] = relationship(back_populates="agreements")
    pages: Mapped[list[PageRow]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="PageRow.number"
    )
    clauses: Mapped[list[ClauseRow]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="ClauseRow.ordinal"
    )
    findings: Mapped[list[Finding]] = relationship(back_populates="agreement", cascade="all, delete-orphan")
    checks: Mapped[list[Check]] = relationship(back_populates="agreement", cascade="all, delete-orphan")
