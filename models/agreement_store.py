"""Reads of agreements, their clauses and operators, each with what its caller goes on to read loaded.

Like ``models.store``, every function takes the caller's session and never commits it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models.agreement import Agreement, Operator
from models.document import ClauseRow
from models.enums import AgreementStatus
from models.finding import Check


def agreements_with_checks(session: Session) -> list[Agreement]:
    """Every agreement with its operator and checks (the review queue)."""
    statement = select(Agreement).options(selectinload(Agreement.operator), selectinload(Agreement.checks))
    return list(session.scalars(statement))


def agreements_with_decisions(
    session: Session, agreement_ids: Iterable[int] | None = None
) -> list[Agreement]:
    """Agreements by id (all, or those of ``agreement_ids``) with file, operator, findings, checks and
    their decisions: everything a label export or the public listing reads."""
    statement = (
        select(Agreement)
        .options(
            selectinload(Agreement.checks).selectinload(Check.decisions),
            selectinload(Agreement.findings),
            selectinload(Agreement.file),
            selectinload(Agreement.operator),
        )
        .order_by(Agreement.id)
    )
    if agreement_ids is not None:
        statement = statement.where(Agreement.id.in_(list(agreement_ids)))
    return list(session.scalars(statement))


def unposted_agreements(session: Session) -> list[Agreement]:
    """Agreements not yet posted, with their operators (whose posting deadlines still run)."""
    statement = (
        select(Agreement)
        .options(selectinload(Agreement.operator))
        .where(Agreement.posted_on.is_(None), Agreement.status != AgreementStatus.POSTED)
    )
    return list(session.scalars(statement))


def agreement_with_document(session: Session, agreement_id: int) -> Agreement | None:
    """One agreement with its file, operator, pages, clauses, findings and checks (what redaction reads)."""
    statement = (
        select(Agreement)
        .where(Agreement.id == agreement_id)
        .options(
            selectinload(Agreement.file),
            selectinload(Agreement.operator),
            selectinload(Agreement.pages),
            selectinload(Agreement.clauses),
            selectinload(Agreement.findings),
            selectinload(Agreement.checks),
        )
    )
    return session.scalars(statement).one_or_none()


def agreement_titles(session: Session) -> list[tuple[int, str, AgreementStatus]]:
    """(id, title, status) of every agreement, newest first."""
    statement = select(Agreement.id, Agreement.title, Agreement.status).order_by(Agreement.id.desc())
    return [(i, title, status) for i, title, status in session.execute(statement)]


def clause_rows(session: Session, agreement_id: int) -> list[ClauseRow]:
    """The agreement's clause rows in reading order."""
    statement = select(ClauseRow).where(ClauseRow.agreement_id == agreement_id).order_by(ClauseRow.ordinal)
    return list(session.scalars(statement))


def clause_outline(
    session: Session, agreement_id: int
) -> list[tuple[str, int | None, str | None, str | None, str]]:
    """(clause id, first page, number, heading, text) of the agreement's clauses in reading order,
    without their word boxes."""
    statement = (
        select(ClauseRow.clause_id, ClauseRow.first_page, ClauseRow.number, ClauseRow.heading, ClauseRow.text)
        .where(ClauseRow.agreement_id == agreement_id)
        .order_by(ClauseRow.ordinal)
    )
    return [
        (clause_id, page, number, heading, text)
        for clause_id, page, number, heading, text in session.execute(statement)
    ]


def operator_names(session: Session) -> list[str]:
    """Every operator's name, alphabetically."""
    return list(session.scalars(select(Operator.name).order_by(Operator.name)))


def operator_named(session: Session, name: str) -> Operator | None:
    """The operator with this name, case ignored, or None."""
    return session.scalars(select(Operator).where(func.lower(Operator.name) == name.lower())).first()
