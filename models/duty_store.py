"""Reads of the district's duty records: authorized signers and breaches.

Like ``models.store``, every function takes the caller's session and never commits it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.district import AuthorizedSigner
from models.publication import Breach


def signers_by_name(session: Session, *, active_only: bool) -> list[AuthorizedSigner]:
    """The authorized signers by name: the active ones, or everyone ever on the list."""
    statement = select(AuthorizedSigner).order_by(AuthorizedSigner.name)
    if active_only:
        statement = statement.where(AuthorizedSigner.active.is_(True))
    return list(session.scalars(statement))


def all_signers(session: Session, *, active_first: bool = False) -> list[AuthorizedSigner]:
    """Everyone ever on the signers list, in the order stored (the active ones first if asked)."""
    statement = select(AuthorizedSigner)
    if active_first:
        statement = statement.order_by(AuthorizedSigner.active.desc())
    return list(session.scalars(statement))


def breaches_newest_first(session: Session) -> list[Breach]:
    """Every recorded breach with its operator, most recently learned of first."""
    statement = (
        select(Breach)
        .options(selectinload(Breach.operator))
        .order_by(Breach.discovered_on.desc(), Breach.id.desc())
    )
    return list(session.scalars(statement))


def breaches_awaiting_notice(session: Session) -> list[Breach]:
    """Breaches with their operators whose required parent notice has not gone out."""
    statement = (
        select(Breach)
        .options(selectinload(Breach.operator))
        .where(Breach.parents_notified_on.is_(None), Breach.parent_notice_required.is_(True))
    )
    return list(session.scalars(statement))
