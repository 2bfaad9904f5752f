"""The district's SOPPA deadlines: what is due, what is overdue, and what to do about it.

Rules (105 ILCS 85, see ``shared/law``):
- 27(c): post each agreement no later than 10 business days after entering into it. Counted by
  ``pipeline.judge.posting_deadline``: the signing day is day 0, weekends and the holidays of
  ``holidays.US(subdiv="IL")`` (federal plus Lincoln's Birthday, Casimir Pulaski Day, Election Day
  in even years, observed days) are skipped.
- 27(a), last sentence: update the listing items (1) data elements, (3) subcontractor lists,
  (4) parents' rights procedure and (5) breach list no later than 30 calendar days after the start
  of the fiscal year (July 1, so July 31) and 30 days after the start of the calendar year (Jan 31).
- 15(6): each operator owes the school its current list of third parties by the beginning of each
  State fiscal year (July 1) and each calendar year (January 1).
- 27(d): notify the parents no later than 30 calendar days after the school received the
  operator's notice of a breach or determined that one occurred. A written law-enforcement request
  may delay the notice; the statute then says to notify "as soon as the notification will no longer
  interfere with the investigation" -- not 30 more days -- so the day the delay ends is the
  deadline when it is later than the ordinary one. A breach that needs no parent notice has none.

The date rules are pure functions; ``list_deadlines`` reads the database and applies them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy.orm import Session

from models.agreement_store import unposted_agreements
from models.duty_store import breaches_awaiting_notice
from models.publication_store import last_published_at
from pipeline.judge import posting_deadline

UPDATE_DAYS = 30  # 27(a): listing updates, calendar days after July 1 / January 1
PARENT_NOTICE_DAYS = 30  # 27(d): calendar days
FISCAL_YEAR_START_MONTH = 7  # Illinois school districts' fiscal year starts on July 1
DEFAULT_HORIZON_DAYS = 30
ACT_IN_FORCE = date(2021, 7, 1)  # the duties of Sec. 27 apply from this date


class DeadlineKind(StrEnum):
    """Which duty a deadline belongs to."""

    POSTING = "posting"
    THIRD_PARTY_LISTS = "third_party_lists"
    LISTING_UPDATE = "listing_update"
    PARENT_NOTICE = "parent_notice"


class DueState(StrEnum):
    """Overdue (the day has passed) or due (today or within the horizon)."""

    OVERDUE = "overdue"
    DUE = "due"


@dataclass(frozen=True, slots=True)
class Deadline:
    """One dated duty with what to do and the section that imposes it."""

    kind: DeadlineKind
    due: date
    state: DueState
    subject: str
    action: str
    citation: str
    ref: int | None = None  # agreement or breach id


@dataclass(frozen=True, slots=True)
class DeadlineReport:
    """The deadlines as of a day, and the agreements whose deadline cannot be computed."""

    as_of: date
    items: tuple[Deadline, ...]
    undated_agreements: tuple[int, ...] = ()

    @property
    def overdue(self) -> tuple[Deadline, ...]:
        """The items whose day has passed."""
        return tuple(d for d in self.items if d.state is DueState.OVERDUE)


# --- pure date rules ------------------------------------------------------------------------------


def posting_due(signed: date) -> date:
    """27(c): the last day to post an agreement signed on ``signed``."""
    return posting_deadline(signed)


def parent_notice_due(learned: date, delayed_until: date | None = None) -> date:
    """27(d): the last day to notify parents of a breach the district learned of on ``learned``.

    A law-enforcement delay ending on ``delayed_until`` moves the day to the end of the delay
    (notice is owed as soon as it no longer interferes), never earlier than the ordinary 30 days.
    """
    ordinary = learned + timedelta(days=PARENT_NOTICE_DAYS)
    return max(ordinary, delayed_until) if delayed_until is not None else ordinary


def cycle_starts(as_of: date) -> tuple[date, date]:
    """The latest update point (Jan 1 or Jul 1) on or before ``as_of``, and the next one after it."""
    if as_of.month >= FISCAL_YEAR_START_MONTH:
        return date(as_of.year, FISCAL_YEAR_START_MONTH, 1), date(as_of.year + 1, 1, 1)
    return date(as_of.year, 1, 1), date(as_of.year, FISCAL_YEAR_START_MONTH, 1)


def listing_update_due(cycle_start: date) -> date:
    """27(a): the last day to update the listing for the cycle starting on ``cycle_start``."""
    return cycle_start + timedelta(days=UPDATE_DAYS)


def due_state(due: date, as_of: date, horizon_days: int) -> DueState | None:
    """Overdue, due within the horizon, or None when it is further away."""
    if due < as_of:
        return DueState.OVERDUE
    return DueState.DUE if due <= as_of + timedelta(days=horizon_days) else None


def cycle_deadlines(as_of: date, last_published: date | None, horizon_days: int) -> list[Deadline]:
    """The semi-annual listing update and third-party lists of the current and next cycle."""
    current, upcoming = cycle_starts(as_of)
    items: list[Deadline] = []
    for start in (current, upcoming):
        done = last_published is not None and last_published >= start
        if done or start < ACT_IN_FORCE:
            continue
        items.extend(_cycle_items(start, as_of, horizon_days))
    return items


def _cycle_items(start: date, as_of: date, horizon_days: int) -> list[Deadline]:
    season = "fiscal year" if start.month == FISCAL_YEAR_START_MONTH else "calendar year"
    label = f"{season} starting {start:%B} {start.day}, {start.year}"
    candidates = [
        Deadline(
            DeadlineKind.THIRD_PARTY_LISTS,
            start,
            DueState.DUE,
            f"Operators' third-party lists for the {label}",
            "Ask every operator for its current list of third parties and subcontractors "
            "(or the link to it); they owe it by this day.",
            "105 ILCS 85/15(6)",
        ),
        Deadline(
            DeadlineKind.LISTING_UPDATE,
            listing_update_due(start),
            DueState.DUE,
            f"Update of the public SOPPA listing for the {label}",
            "Update the data-element explanation, each operator's subcontractor list, the parents' "
            "rights procedure and the breach list, then publish (`dpa publish`).",
            "105 ILCS 85/27(a)",
        ),
    ]
    items = []
    for candidate in candidates:
        state = due_state(candidate.due, as_of, horizon_days)
        if state is not None:
            items.append(replace(candidate, state=state))
    return items


@dataclass(frozen=True, slots=True)
class PostingInput:
    """An unposted agreement as the posting rule needs it."""

    agreement_id: int
    name: str
    signed: date


@dataclass(frozen=True, slots=True)
class BreachInput:
    """A breach whose parents have not been notified yet."""

    breach_id: int
    operator: str | None
    learned: date
    students: int | None
    delayed_until: date | None = None  # 27(d): end of a law-enforcement delay


def posting_deadlines(agreements: Iterable[PostingInput], as_of: date, horizon_days: int) -> list[Deadline]:
    """27(c) deadlines of agreements not yet posted."""
    items = []
    for a in agreements:
        due = posting_due(a.signed)
        state = due_state(due, as_of, horizon_days)
        if state is not None:
            items.append(
                Deadline(
                    DeadlineKind.POSTING,
                    due,
                    state,
                    f"Post agreement #{a.agreement_id} ({a.name}), signed {a.signed.isoformat()}",
                    "Finish review and redaction, then post the redacted agreement on the district website.",
                    "105 ILCS 85/27(c)",
                    a.agreement_id,
                )
            )
    return items


def parent_notice_deadlines(breaches: Iterable[BreachInput], as_of: date) -> list[Deadline]:
    """27(d) parent notices not yet sent (a breach is never further away than 30 days, so all show)."""
    items = []
    for b in breaches:
        due = parent_notice_due(b.learned, b.delayed_until)
        state = due_state(due, as_of, PARENT_NOTICE_DAYS)
        students = f"{b.students} student(s)" if b.students is not None else "the students involved"
        delay = (
            f" Delayed at law enforcement's written request until {b.delayed_until.isoformat()}."
            if b.delayed_until and b.delayed_until >= due
            else " A written law-enforcement request may delay it."
        )
        items.append(
            Deadline(
                DeadlineKind.PARENT_NOTICE,
                due,
                state or DueState.DUE,
                f"Breach #{b.breach_id} ({b.operator or 'district systems'}), "
                f"known since {b.learned.isoformat()}",
                f"Send the parent notice (`dpa breach notice {b.breach_id}`) to the parents of {students}, "
                f"then record the day it was sent.{delay}",
                "105 ILCS 85/27(d)",
                b.breach_id,
            )
        )
    return items


# --- database -------------------------------------------------------------------------------------


def list_deadlines(
    session: Session, as_of: date | None = None, horizon_days: int = DEFAULT_HORIZON_DAYS
) -> DeadlineReport:
    """Every due or overdue SOPPA deadline of the district, soonest first."""
    as_of = as_of or date.today()
    agreements = unposted_agreements(session)
    postings = [
        PostingInput(a.id, a.operator.name if a.operator else a.title, a.signing_date)
        for a in agreements
        if a.signing_date is not None
    ]
    breaches = [
        BreachInput(
            b.id,
            b.operator.name if b.operator else None,
            b.discovered_on,
            b.students_affected,
            b.notice_delayed_until,
        )
        for b in breaches_awaiting_notice(session)
    ]
    published = last_published_at(session)
    items = [
        *posting_deadlines(postings, as_of, horizon_days),
        *parent_notice_deadlines(breaches, as_of),
        *cycle_deadlines(as_of, published.date() if published else None, horizon_days),
    ]
    items.sort(key=lambda d: (d.due, d.kind.value, d.ref or 0))
    undated = tuple(sorted(a.id for a in agreements if a.signing_date is None))
    return DeadlineReport(as_of=as_of, items=tuple(items), undated_agreements=undated)
