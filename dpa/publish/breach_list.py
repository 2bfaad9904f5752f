"""The 27(a)(5) breach list: what each line must say, and which breaches the Act lets the school omit.

27(a)(5) requires, per breach, the number of students involved, the date (or estimated date or
range) and, for an operator's breach under Section 15, the operator's name. The school *may* omit
a breach when (i) to its knowledge fewer than 10% of its enrollment is involved, (ii) no parent
notice is required under 27(d), (iii) it occurred before July 1, 2021, or (iv) it was posted on a
list no more than five years before this update. Each rule is applied only when the recorded facts
support it (an unknown head count or enrollment keeps the breach listed), and every omission is
returned with its rule so the publisher sees it: an omitted breach never vanishes silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from dpa.duties.breaches import BreachView
from dpa.publish.types import BreachEntry, OmissionRule, OmittedBreach

LIST_START = date(2021, 7, 1)  # 27(a)(5)(iii)
REPOST_YEARS = 5  # 27(a)(5)(iv)


@dataclass(frozen=True, slots=True)
class ListContext:
    """The facts outside the breach that the omission rules need."""

    today: date  # the day the list is updated
    enrollment: int | None = None  # the district's enrollment, when configured
    posted_on: Mapping[int, date] | None = None  # breach id -> last day it was on a published list


def breach_list(
    facts: Iterable[BreachView], context: ListContext
) -> tuple[tuple[BreachEntry, ...], tuple[OmittedBreach, ...]]:
    """The breaches to list, newest first, and those omitted with the rule that allowed it.

    Only the 27(a)(5) facts reach a ``BreachEntry``; descriptions and contacts stay internal.
    """
    listed: list[BreachEntry] = []
    omitted: list[OmittedBreach] = []
    for fact in facts:
        why = omission(fact, context)
        if why is None:
            listed.append(_entry(fact))
        else:
            omitted.append(OmittedBreach(fact.id, fact.operator, *why))
    listed.sort(key=lambda e: (e.occurred_from or date.min, e.breach_id), reverse=True)
    return tuple(listed), tuple(sorted(omitted, key=lambda o: o.breach_id))


def omission(fact: BreachView, context: ListContext) -> tuple[OmissionRule, str] | None:
    """The first 27(a)(5) rule the facts support for leaving the breach off, with why; else None."""
    for rule in _RULES:
        reason = rule(fact, context)
        if reason is not None:
            return reason
    return None


def _before_act(fact: BreachView, context: ListContext) -> tuple[OmissionRule, str] | None:
    last = _latest_date(fact)
    if last >= LIST_START:
        return None
    return OmissionRule.BEFORE_JULY_2021, f"it occurred before July 1, 2021 (by {last.isoformat()})."


def _no_notice(fact: BreachView, context: ListContext) -> tuple[OmissionRule, str] | None:
    if fact.parent_notice_required:
        return None
    return OmissionRule.NO_PARENT_NOTICE, "no parent notice is required for it under 27(d)."


def _few_students(fact: BreachView, context: ListContext) -> tuple[OmissionRule, str] | None:
    students, enrollment = fact.students_affected, context.enrollment
    if not enrollment or students is None or students * 10 >= enrollment:
        return None
    return (
        OmissionRule.UNDER_TEN_PERCENT,
        f"{students} students is less than 10% of the enrollment of {enrollment}.",
    )


def _posted_recently(fact: BreachView, context: ListContext) -> tuple[OmissionRule, str] | None:
    posted = (context.posted_on or {}).get(fact.id)
    if posted is None or posted < years_before(context.today, REPOST_YEARS):
        return None
    return (
        OmissionRule.POSTED_WITHIN_FIVE_YEARS,
        f"it was posted on the list published on {posted.isoformat()}, less than five years ago.",
    )


_RULES: tuple[Callable[[BreachView, ListContext], tuple[OmissionRule, str] | None], ...] = (
    _before_act,
    _no_notice,
    _few_students,
    _posted_recently,
)


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (February 29 becomes February 28)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _latest_date(fact: BreachView) -> date:
    """The latest day the breach can have happened (it cannot be after its discovery)."""
    return fact.occurred_to or fact.occurred_from or fact.discovered_on


def _entry(fact: BreachView) -> BreachEntry:
    return BreachEntry(
        breach_id=fact.id,
        operator=fact.operator,
        occurred_from=fact.occurred_from,
        occurred_to=fact.occurred_to,
        estimated=fact.date_is_estimate,
        students_affected=fact.students_affected,
        information_involved=fact.information_involved.strip(),
        date_text=fact.occurred_text,
    )
