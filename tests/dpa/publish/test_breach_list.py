"""The 27(a)(5) omissions: each rule alone, the facts that keep a breach listed, and where omissions show."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import Result

from dpa.duties.breaches import BreachView
from dpa.publish import preview, publish
from dpa.publish.breach_list import ListContext, breach_list, omission, years_before
from dpa.publish.types import OmissionRule
from dpa.review.accounts import Actor
from dpa.settings import Settings
from models import DistrictSettings, Operator
from models.db import Database
from models.enums import Role
from tests.dpa.publish.seed import breach_row, users

TODAY = date(2026, 9, 1)
FACT = BreachView(
    id=7,
    operator="Alderpine Learning, Inc.",
    operator_address=None,
    discovered_on=date(2025, 3, 10),
    occurred_from=date(2025, 3, 1),
    occurred_to=date(2025, 3, 4),
    date_is_estimate=True,
    students_affected=42,
    information_involved="Names and grade levels",
    description="internal: never on the site",
    parents_notified_on=None,
    recorded_by="t",
)


@pytest.mark.parametrize(
    ("changes", "context", "rule"),
    [
        ({}, ListContext(TODAY), None),  # nothing supports an omission
        ({}, ListContext(TODAY, enrollment=1000), OmissionRule.UNDER_TEN_PERCENT),  # 42 < 100
        ({}, ListContext(TODAY, enrollment=420), None),  # exactly 10%: not less than 10%
        ({"students_affected": None}, ListContext(TODAY, enrollment=1000), None),  # count unknown
        ({"parent_notice_required": False}, ListContext(TODAY), OmissionRule.NO_PARENT_NOTICE),
        (
            {"occurred_from": date(2021, 6, 1), "occurred_to": date(2021, 6, 30)},
            ListContext(TODAY),
            OmissionRule.BEFORE_JULY_2021,
        ),
        ({"occurred_from": date(2021, 6, 1), "occurred_to": date(2021, 7, 2)}, ListContext(TODAY), None),
        (
            {"occurred_from": None, "occurred_to": None, "discovered_on": date(2021, 5, 1)},
            ListContext(TODAY),
            OmissionRule.BEFORE_JULY_2021,  # found before July 2021, so it happened before
        ),
        ({}, ListContext(TODAY, posted_on={7: date(2021, 9, 1)}), OmissionRule.POSTED_WITHIN_FIVE_YEARS),
        ({}, ListContext(TODAY, posted_on={7: date(2021, 8, 31)}), None),  # more than five years ago
        ({}, ListContext(TODAY, posted_on={8: date(2026, 1, 1)}), None),  # another breach was posted
    ],
    ids=[
        "none",
        "i-under-10-percent",
        "i-exactly-10-percent",
        "i-count-unknown",
        "ii-no-parent-notice",
        "iii-before-july-2021",
        "iii-range-reaches-july",
        "iii-undated-found-early",
        "iv-posted-five-years-ago-to-the-day",
        "iv-posted-longer-ago",
        "iv-other-breach",
    ],
)
def test_each_omission_rule(changes: dict, context: ListContext, rule: OmissionRule | None) -> None:
    found = omission(replace(FACT, **changes), context)
    assert (found[0] if found else None) is rule


def test_omitted_breaches_are_returned_with_their_rule_not_dropped() -> None:
    old = replace(FACT, id=1, occurred_from=date(2020, 1, 1), occurred_to=None)
    small = replace(FACT, id=2)
    big = replace(FACT, id=3, students_affected=900)
    listed, omitted = breach_list([old, small, big], ListContext(TODAY, enrollment=1000))
    assert [(e.breach_id, e.date_text) for e in listed] == [(3, "Estimated: 2025-03-01 to 2025-03-04")]
    assert [(o.breach_id, o.rule) for o in omitted] == [
        (1, OmissionRule.BEFORE_JULY_2021),
        (2, OmissionRule.UNDER_TEN_PERCENT),
    ]
    assert omitted[1].line.startswith("Breach #2 (Alderpine Learning, Inc.) left off under 27(a)(5)(i): 42 ")


def test_five_years_before_a_leap_day() -> None:
    assert years_before(date(2028, 2, 29), 5) == date(2023, 2, 28)


# --- through the database -------------------------------------------------------------------------------


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.session_factory() as session:
        yield session


def test_enrollment_no_notice_and_earlier_lists_come_from_the_database(
    session: Session, settings: Settings, tmp_path: Path
) -> None:
    actors: dict[Role, Actor] = users(session)
    operator = Operator(name="Alderpine Learning, Inc.")
    small = breach_row(operator=operator, students_affected=30)
    quiet = breach_row(students_affected=500, parent_notice_required=False)
    big = breach_row(students_affected=600)
    session.add_all([DistrictSettings(id=1, district_name="D", enrollment=1000), small, quiet, big])
    session.flush()
    first = publish(
        session,
        settings.file_store(),
        actors[Role.DIRECTOR],
        tmp_path / "site",
        now=datetime(2026, 1, 5, tzinfo=UTC),
    )
    assert [b.breach_id for b in first.listing.breaches] == [big.id]
    assert {(o.breach_id, o.rule) for o in first.listing.omitted_breaches} == {
        (small.id, OmissionRule.UNDER_TEN_PERCENT),
        (quiet.id, OmissionRule.NO_PARENT_NOTICE),
    }
    manifest = json.loads((tmp_path / "site" / "manifest.json").read_text())
    assert manifest["breaches_listed"] == [big.id]
    assert {o["rule"] for o in manifest["breaches_omitted"]} == {"27(a)(5)(i)", "27(a)(5)(ii)"}
    page = (tmp_path / "site" / "breaches.html").read_text()
    assert ">600<" in page and ">30<" not in page and ">500<" not in page
    shown = preview(session, settings.file_store(), actors[Role.ADMIN], today=date(2026, 7, 1))
    assert shown.listing.breaches == ()  # (iv): on the list published in January 2026
    [again] = [o for o in shown.listing.omitted_breaches if o.breach_id == big.id]
    assert again.rule is OmissionRule.POSTED_WITHIN_FIVE_YEARS and "2026-01-05" in again.reason


def test_dry_run_names_omitted_breaches_with_their_rule(
    database: Database, run_cli: Callable[..., Result]
) -> None:
    with database.session_factory.begin() as session:
        users(session)
        session.add(breach_row(discovered_on=date(2021, 5, 1), occurred_from=date(2021, 4, 2)))
    result = run_cli("publish", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Breaches listed: 0." in result.output
    assert "omitted Breach #1 (the district's own systems) left off under 27(a)(5)(iii)" in result.output
