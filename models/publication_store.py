"""Reads of the publications of the public SOPPA listing.

Like ``models.store``, every function takes the caller's session and never commits it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.publication import Publication


def latest_publication(session: Session) -> Publication | None:
    """The newest publication, or None before the first."""
    statement = select(Publication).order_by(Publication.published_at.desc(), Publication.id.desc()).limit(1)
    return session.scalars(statement).first()


def last_published_at(session: Session) -> datetime | None:
    """When the listing was last published, or None."""
    return session.scalar(select(func.max(Publication.published_at)))


def publication_manifests(session: Session) -> list[tuple[datetime, dict[str, Any]]]:
    """(published at, manifest) of every publication."""
    statement = select(Publication.published_at, Publication.manifest)
    return [(published_at, manifest) for published_at, manifest in session.execute(statement)]
