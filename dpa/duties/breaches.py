"""Breaches of covered information: record them, track the parent notice, build the notice.

105 ILCS 85/27(a)(5) puts breaches on the public list (number of students, date or range, the
operator) and 27(d) gives the district 30 calendar days from learning of a breach to notify the
parents, unless law enforcement asked in writing for a delay (then: as soon as the delay ends).
Reviewers and administrators record breaches and the day parents were notified; anyone signed in
may read them and produce the notice. What the public list may omit is decided when publishing
(``dpa.publish.breach_list``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from dpa.duties.breach_notice import ParentNotice, build_notice
from dpa.duties.deadlines import parent_notice_due
from dpa.duties.district_settings import get_district
from dpa.review.accounts import Actor, ReviewError, require_role
from models import agreement_store, store
from models.agreement import Operator
from models.duty_store import breaches_newest_first
from models.enums import Role
from models.publication import Breach

BREACH_ROLES = frozenset({Role.REVIEWER, Role.ADMIN})


class BreachError(ReviewError):
    """A breach record that cannot be saved as given (message meant for the person)."""


@dataclass(frozen=True, slots=True)
class NewBreach:
    """What a person records about a breach."""

    discovered_on: date  # when the district received the operator's notice or determined the breach
    occurred_from: date  # the date, estimated date, or start of the (estimated) range
    information_involved: str
    operator: str | None = None  # None: covered information the district itself maintained
    occurred_to: date | None = None
    date_is_estimate: bool = False
    students_affected: int | None = None
    description: str | None = None
    operator_contact: str | None = None  # how parents reach the operator (27(d)(3))
    notice_delayed_until: date | None = None  # end of a written law-enforcement delay (27(d))
    parent_notice_required: bool = True  # False: 27(d) asks no notice (also 27(a)(5)(ii))


@dataclass(frozen=True, slots=True)
class BreachView:
    """A stored breach as plain values, with its parent-notice deadline."""

    id: int
    operator: str | None
    operator_address: str | None
    discovered_on: date
    occurred_from: date | None
    occurred_to: date | None
    date_is_estimate: bool
    students_affected: int | None
    information_involved: str
    description: str | None
    parents_notified_on: date | None
    recorded_by: str
    operator_contact: str | None = None
    notice_delayed_until: date | None = None
    parent_notice_required: bool = True

    @property
    def notice_due(self) -> date | None:
        """27(d): the last day to notify the parents (None when no notice is required)."""
        if not self.parent_notice_required:
            return None
        return parent_notice_due(self.discovered_on, self.notice_delayed_until)

    @property
    def occurred_text(self) -> str:
        """'2025-03-04', 'Estimated: 2025-03-01 to 2025-03-09', or that no date is known yet (27(a)(5)(B))."""
        start, end = self.occurred_from, self.occurred_to
        if start is None and end is None:
            return f"Date not yet determined (the district learned of it on {self.discovered_on.isoformat()})"
        if start is not None and end is not None and end != start:
            text = f"{start.isoformat()} to {end.isoformat()}"
        else:
            text = (start or end or self.discovered_on).isoformat()
        return f"Estimated: {text}" if self.date_is_estimate else text

    @property
    def notice_overdue_on(self) -> date | None:
        """The missed deadline when the parents are still not notified after it, else None."""
        due = self.notice_due
        late = due is not None and self.parents_notified_on is None and due < date.today()
        return due if late else None


def record_breach(
    session: Session, actor: Actor, data: NewBreach, *, today: date | None = None
) -> BreachView:
    """Record a breach, as a reviewer or administrator."""
    user = require_role(session, actor, BREACH_ROLES, "record breaches")
    return record_breach_as(session, data, by=user.name, today=today)


def record_breach_as(session: Session, data: NewBreach, *, by: str, today: date | None = None) -> BreachView:
    """Record a breach on the trusted path (the ``dpa`` command); one audit event."""
    _validate(data, today or date.today())
    operator = _operator(session, data.operator) if data.operator else None
    row = Breach(
        operator=operator,
        discovered_on=data.discovered_on,
        occurred_from=data.occurred_from,
        occurred_to=data.occurred_to if data.occurred_to != data.occurred_from else None,
        date_is_estimate=data.date_is_estimate,
        students_affected=data.students_affected,
        information_involved=data.information_involved.strip(),
        description=(data.description or "").strip() or None,
        operator_contact=(data.operator_contact or "").strip() or None,
        notice_delayed_until=data.notice_delayed_until,
        parent_notice_required=data.parent_notice_required,
        recorded_by=by,
    )
    session.add(row)
    session.flush()
    view = _view(row)
    store.record_event(
        session, actor=by, action="breach.recorded", entity_type="breach", entity_id=row.id, after=_json(view)
    )
    return view


def mark_parents_notified(session: Session, actor: Actor, breach_id: int, on: date) -> BreachView:
    """Record the day the parent notice went out, as a reviewer or administrator."""
    user = require_role(session, actor, BREACH_ROLES, "record breach notices")
    return mark_parents_notified_as(session, breach_id, on, by=user.name)


def mark_parents_notified_as(session: Session, breach_id: int, on: date, *, by: str) -> BreachView:
    """Record the notice day on the trusted path; it cannot be before the district learned of the breach."""
    row = _row(session, breach_id)
    if on < row.discovered_on:
        raise BreachError(
            f"Parents cannot have been notified before the breach was known ({row.discovered_on})."
        )
    before = {"parents_notified_on": row.parents_notified_on.isoformat() if row.parents_notified_on else None}
    row.parents_notified_on = on
    store.record_event(
        session,
        actor=by,
        action="breach.parents_notified",
        entity_type="breach",
        entity_id=row.id,
        before=before,
        after={"parents_notified_on": on.isoformat()},
    )
    session.flush()
    return _view(row)


def list_breaches(session: Session) -> list[BreachView]:
    """Every recorded breach, most recently learned of first."""
    return [_view(row) for row in breaches_newest_first(session)]


def get_breach(session: Session, breach_id: int) -> BreachView:
    """One breach by id (BreachError when there is none)."""
    return _view(_row(session, breach_id))


def parent_notice(
    session: Session, breach_id: int, *, operator_contact: str | None = None, issued_on: date | None = None
) -> ParentNotice:
    """The 27(d) parent notice of one breach, from the breach and the district settings.

    The operator's contact is the one recorded with the breach; ``operator_contact`` replaces it
    for this notice only.
    """
    breach = get_breach(session, breach_id)
    return build_notice(
        breach,
        get_district(session),
        operator_contact=operator_contact or breach.operator_contact,
        issued_on=issued_on or date.today(),
    )


def operator_names(session: Session) -> list[str]:
    """The operators a breach can be attributed to, by name."""
    return agreement_store.operator_names(session)


def _validate(data: NewBreach, today: date) -> None:
    if data.discovered_on > today:
        raise BreachError("The day the district learned of the breach cannot be in the future.")
    if data.occurred_to is not None and data.occurred_to < data.occurred_from:
        raise BreachError("The end of the date range is before its start.")
    if data.occurred_from > data.discovered_on:
        raise BreachError("The breach cannot have started after the district learned of it.")
    if data.students_affected is not None and data.students_affected < 0:
        raise BreachError("The number of students cannot be negative.")
    if not data.information_involved.strip():
        raise BreachError("Describe the information involved (the parent notice must say it, 27(d)(2)).")
    if data.notice_delayed_until is not None:
        if not data.parent_notice_required:
            raise BreachError("A law-enforcement delay applies only to a parent notice that is required.")
        if data.notice_delayed_until < data.discovered_on:
            raise BreachError(
                "The law-enforcement delay cannot end before the district learned of the breach."
            )


def _operator(session: Session, name: str) -> Operator:
    wanted = " ".join(name.split()).lower()
    found = agreement_store.operator_named(session, wanted)
    if found is None:
        known = ", ".join(operator_names(session)) or "none yet"
        raise BreachError(f"No operator named {name!r}; known operators: {known}.")
    return found


def _row(session: Session, breach_id: int) -> Breach:
    row = session.get(Breach, breach_id)
    if row is None:
        raise BreachError(f"There is no breach {breach_id}.")
    return row


def _view(row: Breach) -> BreachView:
    return BreachView(
        id=row.id,
        operator=row.operator.name if row.operator else None,
        operator_address=row.operator.business_address if row.operator else None,
        discovered_on=row.discovered_on,
        occurred_from=row.occurred_from,
        occurred_to=row.occurred_to,
        date_is_estimate=row.date_is_estimate,
        students_affected=row.students_affected,
        information_involved=row.information_involved,
        description=row.description,
        parents_notified_on=row.parents_notified_on,
        recorded_by=row.recorded_by,
        operator_contact=row.operator_contact,
        notice_delayed_until=row.notice_delayed_until,
        parent_notice_required=row.parent_notice_required,
    )


def _json(view: BreachView) -> dict[str, Any]:
    return {
        "operator": view.operator,
        "discovered_on": view.discovered_on.isoformat(),
        "occurred_from": view.occurred_from.isoformat() if view.occurred_from else None,
        "occurred_to": view.occurred_to.isoformat() if view.occurred_to else None,
        "date_is_estimate": view.date_is_estimate,
        "students_affected": view.students_affected,
        "information_involved": view.information_involved,
        "operator_contact": view.operator_contact,
        "notice_delayed_until": view.notice_delayed_until.isoformat() if view.notice_delayed_until else None,
        "parent_notice_required": view.parent_notice_required,
    }
