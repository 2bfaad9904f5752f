"""SOPPA deadlines: business days over weekends and Illinois holidays, year ends, leap years, cycles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import holidays
import pytest
from rich.console import Console
from typer.testing import Result

from dpa.cli.duty_commands import deadline_table
from dpa.duties import deadlines
from dpa.duties.breaches import NewBreach, record_breach_as
from dpa.duties.deadlines import (
    DeadlineKind,
    DueState,
    cycle_deadlines,
    cycle_starts,
    due_state,
    list_deadlines,
    listing_update_due,
    parent_notice_due,
    posting_due,
)
from models.agreement import Agreement
from models.publication import Publication
from tests.dpa import duties_world
from tests.dpa.duties_world import SAMPLE_LABELS, DutiesWorld

template, world, cli = duties_world.template, duties_world.world, duties_world.cli  # shared fixtures

IL = holidays.US(subdiv="IL", years=range(2024, 2028))


@pytest.mark.parametrize(
    ("signed", "due"),
    [
        (date(2025, 3, 10), date(2025, 3, 24)),  # Monday: the signing day is day 0
        (date(2025, 3, 8), date(2025, 3, 21)),  # Saturday: counting starts Monday
        (date(2025, 8, 22), date(2025, 9, 8)),  # Labor Day skipped
        (date(2025, 2, 10), date(2025, 2, 26)),  # Lincoln's Birthday and Washington's Birthday
        (date(2025, 2, 28), date(2025, 3, 17)),  # Casimir Pulaski Day (first Monday of March)
        (date(2024, 10, 31), date(2024, 11, 18)),  # Election Day (even year) and Veterans Day
        (date(2025, 10, 30), date(2025, 11, 14)),  # odd year: no Election Day, Veterans Day only
        (date(2025, 6, 13), date(2025, 6, 30)),  # Juneteenth
        (date(2026, 6, 26), date(2026, 7, 13)),  # July 4 on a Saturday: observed Friday July 3
        (date(2025, 12, 31), date(2026, 1, 15)),  # Dec 31 signing runs into January past New Year's Day
        (date(2024, 12, 20), date(2025, 1, 7)),  # Christmas and New Year's Day across the year end
        (date(2024, 2, 28), date(2024, 3, 14)),  # leap day counts as a business day; Pulaski Day 2024
    ],
    ids=[
        "monday",
        "saturday",
        "labor-day",
        "lincoln-washington",
        "pulaski",
        "election-even-year",
        "no-election-odd-year",
        "juneteenth",
        "observed-independence",
        "dec31-to-january",
        "christmas-new-year",
        "leap-year",
    ],
)
def test_posting_due_counts_ten_illinois_business_days(signed: date, due: date) -> None:
    assert posting_due(signed) == due
    business = [
        d
        for d in (date.fromordinal(o) for o in range(signed.toordinal() + 1, due.toordinal() + 1))
        if d.weekday() < 5 and d not in IL
    ]
    assert len(business) == 10 and business[-1] == due  # the same count, done independently


def test_illinois_calendar_has_the_state_holidays() -> None:
    names = {name for _, name in holidays.US(subdiv="IL", years=2024).items()}
    assert {"Lincoln's Birthday", "Casimir Pulaski Day", "Election Day"} <= names
    assert date(2025, 11, 4) not in IL  # Election Day is a state holiday only in even years
    assert date(2025, 6, 19) in IL


@pytest.mark.parametrize(
    ("learned", "due"),
    [
        (date(2026, 3, 10), date(2026, 4, 9)),
        (date(2025, 12, 15), date(2026, 1, 14)),  # across the year end
        (date(2024, 2, 10), date(2024, 3, 11)),  # leap year: February has 29 days
        (date(2025, 2, 10), date(2025, 3, 12)),
        (date(2026, 1, 31), date(2026, 3, 2)),  # calendar days: ends on whatever weekday it falls
    ],
)
def test_parent_notice_is_due_thirty_calendar_days_after_learning(learned: date, due: date) -> None:
    assert parent_notice_due(learned) == due


@pytest.mark.parametrize(
    ("delayed_until", "due"),
    [
        (None, date(2026, 4, 9)),
        (date(2026, 3, 20), date(2026, 4, 9)),  # delay ends inside the 30 days: the 30 days still apply
        (date(2026, 4, 9), date(2026, 4, 9)),
        (date(2026, 5, 15), date(2026, 5, 15)),  # 27(d): as soon as it no longer interferes, not +30 days
        (date(2027, 1, 4), date(2027, 1, 4)),  # across the year end
    ],
)
def test_law_enforcement_delay_moves_the_notice_to_the_end_of_the_delay(
    delayed_until: date | None, due: date
) -> None:
    assert parent_notice_due(date(2026, 3, 10), delayed_until) == due


def test_due_state_boundaries() -> None:
    due = date(2026, 4, 9)
    assert due_state(due, date(2026, 4, 9), 30) is DueState.DUE  # the last day itself is not late
    assert due_state(due, date(2026, 4, 10), 30) is DueState.OVERDUE
    assert due_state(due, date(2026, 3, 1), 30) is None  # 39 days away: beyond the horizon


@pytest.mark.parametrize(
    ("as_of", "starts"),
    [
        (date(2026, 3, 15), (date(2026, 1, 1), date(2026, 7, 1))),
        (date(2026, 7, 1), (date(2026, 7, 1), date(2027, 1, 1))),
        (date(2026, 12, 31), (date(2026, 7, 1), date(2027, 1, 1))),
        (date(2027, 1, 1), (date(2027, 1, 1), date(2027, 7, 1))),
    ],
)
def test_update_cycles_start_on_july_first_and_january_first(as_of: date, starts: tuple[date, date]) -> None:
    assert cycle_starts(as_of) == starts


def test_listing_update_is_due_thirty_days_after_each_start() -> None:
    assert listing_update_due(date(2026, 7, 1)) == date(2026, 7, 31)
    assert listing_update_due(date(2027, 1, 1)) == date(2027, 1, 31)


def _kinds(items: list[deadlines.Deadline]) -> list[tuple[DeadlineKind, date, DueState]]:
    return [(d.kind, d.due, d.state) for d in items]


def test_cycle_without_a_publication_is_due_then_overdue() -> None:
    items = cycle_deadlines(date(2026, 7, 20), None, 30)
    assert _kinds(items) == [
        (DeadlineKind.THIRD_PARTY_LISTS, date(2026, 7, 1), DueState.OVERDUE),
        (DeadlineKind.LISTING_UPDATE, date(2026, 7, 31), DueState.DUE),
    ]
    late = cycle_deadlines(date(2026, 8, 1), None, 30)
    assert (DeadlineKind.LISTING_UPDATE, date(2026, 7, 31), DueState.OVERDUE) in _kinds(late)


def test_publishing_after_the_start_closes_the_cycle() -> None:
    assert cycle_deadlines(date(2026, 8, 5), date(2026, 7, 15), 30) == []


def test_year_end_brings_the_january_cycle() -> None:
    december = cycle_deadlines(date(2026, 12, 10), date(2026, 7, 15), 30)
    assert _kinds(december) == [(DeadlineKind.THIRD_PARTY_LISTS, date(2027, 1, 1), DueState.DUE)]
    published_in_december = date(2026, 12, 20)  # before January 1: does not count for the new cycle
    on_the_day = cycle_deadlines(date(2027, 1, 31), published_in_december, 30)
    assert (DeadlineKind.LISTING_UPDATE, date(2027, 1, 31), DueState.DUE) in _kinds(on_the_day)
    after = cycle_deadlines(date(2027, 2, 1), published_in_december, 30)
    assert (DeadlineKind.LISTING_UPDATE, date(2027, 1, 31), DueState.OVERDUE) in _kinds(after)


# --- from the database -------------------------------------------------------------------------------


SIGNED = date.fromisoformat(SAMPLE_LABELS["signing"]["date"])


def test_list_deadlines_reads_agreements_breaches_and_publications(world: DutiesWorld) -> None:
    as_of = posting_due(SIGNED) + timedelta(days=1)  # the day after the deadline
    with world.session() as session:
        assert session.get(Agreement, world.agreement_id).signing_date == SIGNED
        record_breach_as(
            session,
            NewBreach(
                discovered_on=as_of,
                occurred_from=as_of,
                information_involved="Student names.",
            ),
            by="test",
        )
        report = list_deadlines(session, as_of, horizon_days=30)
        posting = [d for d in report.items if d.kind is DeadlineKind.POSTING]
        assert [(d.ref, d.state) for d in posting] == [(world.agreement_id, DueState.OVERDUE)]
        [notice] = [d for d in report.items if d.kind is DeadlineKind.PARENT_NOTICE]
        assert notice.due == parent_notice_due(as_of) and notice.state is DueState.DUE
        assert [d.due for d in report.items] == sorted(d.due for d in report.items)

        session.get(Agreement, world.agreement_id).posted_on = as_of
        session.add(
            Publication(
                published_by="test",
                out_dir="site",
                manifest_sha256="0" * 64,
                manifest={},
                published_at=datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC),
            )
        )
        session.flush()
        after = list_deadlines(session, as_of, horizon_days=30)
    assert not [d for d in after.items if d.kind is DeadlineKind.POSTING]
    assert not [d for d in after.items if d.kind is DeadlineKind.LISTING_UPDATE and d.due <= as_of]


def test_delayed_and_unrequired_notices_in_the_list(world: DutiesWorld) -> None:
    learned = date(2026, 3, 10)
    base = NewBreach(discovered_on=learned, occurred_from=learned, information_involved="Names.")
    with world.session() as session:
        delayed = record_breach_as(session, replace(base, notice_delayed_until=date(2026, 5, 15)), by="t")
        record_breach_as(session, replace(base, parent_notice_required=False), by="t")
        report = list_deadlines(session, date(2026, 4, 20), horizon_days=30)
    notices = [d for d in report.items if d.kind is DeadlineKind.PARENT_NOTICE]
    assert [(d.ref, d.due, d.state) for d in notices] == [(delayed.id, date(2026, 5, 15), DueState.DUE)]
    assert "Delayed at law enforcement's written request until 2026-05-15" in notices[0].action


def test_cli_lists_overdue_items(world: DutiesWorld, cli: Callable[..., Result]) -> None:
    as_of = posting_due(SIGNED) + timedelta(days=2)
    result = cli("deadlines", "--as-of", as_of.isoformat())
    assert result.exit_code == 0, result.output
    assert f"Post agreement #{world.agreement_id}" in result.output
    assert "overdue" in result.output and "105 ILCS 85/27(c)" in result.output


def test_overdue_rows_are_red(world: DutiesWorld) -> None:
    as_of = posting_due(SIGNED) + timedelta(days=2)
    with world.session() as session:
        report = list_deadlines(session, as_of)
    console = Console(force_terminal=True, color_system="standard", width=300, record=True)
    console.print(deadline_table(report, 30))
    lines = console.export_text(styles=True).splitlines()
    [posting] = [line for line in lines if f"Post agreement #{world.agreement_id}" in line]
    assert "\x1b[1;31moverdue" in posting  # bold red
    assert all("\x1b[1;31m" not in line for line in lines if " due " in f" {line} " and "overdue" not in line)


def test_cli_rejects_a_bad_date(world: DutiesWorld, cli: Callable[..., Result]) -> None:
    result = cli("deadlines", "--as-of", "31/12/2026")
    assert result.exit_code == 1 and "--as-of must be a date" in result.output
