"""The district's own facts: its name, privacy officer, parents' rights text and who may sign.

105 ILCS 85/27(b) makes an agreement signed by anyone but an authorized employee void, and
27(a)(4) asks the district to post how parents exercise their rights: both are configured here
by an administrator, not guessed from agreements.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class DistrictSettings(Base):
    """One row (id 1): what the public site and the parent notices say about the district."""

    __tablename__ = "district_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    district_name: Mapped[str] = mapped_column(String(300), default="")
    website_url: Mapped[str | None] = mapped_column(String(500))
    privacy_officer_name: Mapped[str | None] = mapped_column(String(200))
    privacy_officer_email: Mapped[str | None] = mapped_column(String(320))
    privacy_officer_phone: Mapped[str | None] = mapped_column(String(40))
    parents_rights_procedure: Mapped[str | None] = mapped_column(Text)  # 27(a)(4), the district's words
    enrollment: Mapped[int | None]  # students enrolled: the 10 % test of 27(a)(5)(i)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100), default="system")


class AuthorizedSigner(Base):
    """An employee the board authorized to sign SOPPA agreements (27(b))."""

    __tablename__ = "authorized_signers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    deactivated_at: Mapped[datetime | None]  # signatures before this date stay authorized
