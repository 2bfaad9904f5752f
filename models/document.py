"""The stored file and what parse + segment made of it (pages, clauses)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from pipeline.types import ClauseKind, FileType

if TYPE_CHECKING:
    from models.agreement import Agreement


class StoredFileRow(Base):
    """An original upload, kept unchanged in the file store under its SHA-256."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_type: Mapped[FileType]
    size: Mapped[int]
    original_name: Mapped[str] = mapped_column(String(500))
    store_path: Mapped[str] = mapped_column(String(500))  # relative to the file-store root
    page_count: Mapped[int | None]  # None while a Word file awaits conversion
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))  # the PDF made from a Word file
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    agreement: Mapped[Agreement | None] = relationship(back_populates="file")


class PageRow(Base):
    """One page of the parsed PDF: size, rotation and whether OCR was needed."""

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("agreement_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"))
    number: Mapped[int]  # 1-based
    width: Mapped[float]
    height: Mapped[float]
    rotation: Mapped[int]
    has_text_layer: Mapped[bool]
    needs_ocr: Mapped[bool]
    ocr_applied: Mapped[bool]
    ocr_mean_confidence: Mapped[float | None]

    agreement: Mapped[Agreement] = relationship(back_populates="pages")


class ClauseRow(Base):
    """A clause of the segmented agreement, enough to rebuild ``pipeline.types.Clause`` exactly."""

    __tablename__ = "clauses"
    __table_args__ = (UniqueConstraint("agreement_id", "clause_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    clause_id: Mapped[str] = mapped_column(String(32))  # stable within the document, e.g. "c0042"
    ordinal: Mapped[int]  # reading order
    kind: Mapped[ClauseKind]
    number: Mapped[str | None] = mapped_column(String(64))
    heading: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    parent_clause_id: Mapped[str | None] = mapped_column(String(32))
    level: Mapped[int]
    first_page: Mapped[int | None]
    section_path: Mapped[list[Any]] = mapped_column(default=list)
    # The clause's boxes, one per word: [start, end, page, x0, top, x1, bottom] (PDF points, top-left).
    words: Mapped[list[Any]] = mapped_column(JSON, default=list)

    agreement: Mapped[Agreement] = relationship(back_populates="clauses")
