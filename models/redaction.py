"""A redaction of one agreement: the proposals a reviewer accepted, the verified output, who approved it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow

if TYPE_CHECKING:
    from models.agreement import Agreement


class RedactionRun(Base):
    """Proposals under review, then (once applied) the redacted PDF and its verification report.

    ``proposals`` holds ``{"page", "bbox": [x0, top, x1, bottom], "text", "reason", "source",
    "accepted"}``; ``refused`` the refused ones with ``"why"``. The output lives in the file store
    under ``output_sha256``; only a run with ``verified`` true may be published.
    """

    __tablename__ = "redaction_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    proposals: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    refused: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    output_sha256: Mapped[str | None] = mapped_column(String(64))
    output_path: Mapped[str | None] = mapped_column(String(500))  # relative to the file-store root
    verified: Mapped[bool] = mapped_column(default=False)
    report: Mapped[dict[str, Any] | None]
    approved_by: Mapped[str | None] = mapped_column(String(100))
    approved_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)  # optimistic concurrency, like checks

    agreement: Mapped[Agreement] = relationship()
