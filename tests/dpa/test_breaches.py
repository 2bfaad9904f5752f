"""Breaches: recording (roles, validation), the 27(d) deadline, and the parent notice's required elements."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pdfplumber
import pymupdf
import pytest
from sqlalchemy import select
from typer.testing import Result

from dpa.duties.breach_notice import FRAUD_STATEMENT, NoticeError, notice_pdf, notice_text
from dpa.duties.breaches import (
    BreachError,
    NewBreach,
    get_breach,
    list_breaches,
    mark_parents_notified,
    parent_notice,
    record_breach,
)
from dpa.duties.consumer_contacts import CONSUMER_REPORTING_AGENCIES, FEDERAL_TRADE_COMMISSION
from dpa.duties.district_settings import DistrictChanges, update_district
from dpa.review.accounts import NotAllowedError
from models.audit import AuditEvent
from tests.dpa import duties_world
from tests.dpa.duties_world import SAMPLE_LABELS, DutiesWorld

template, world, cli = duties_world.template, duties_world.world, duties_world.cli  # shared fixtures

OPERATOR = SAMPLE_LABELS["operator"]["name"]
TODAY = date(2026, 3, 20)
BREACH = NewBreach(
    discovered_on=date(2026, 3, 10),
    occurred_from=date(2026, 3, 1),
    occurred_to=date(2026, 3, 4),
    date_is_estimate=True,
    information_involved="Student names, grade levels and reading assessment scores.",
    operator=OPERATOR.upper(),  # names are matched without regard to case
    students_affected=42,
    description="An unprotected export file was reachable from the internet for four days.",
)
DISTRICT = DistrictChanges(
    name="Prairie Unit District 5",
    website_url="https://prairie5.example.org",
    privacy_officer_name="Pat Doe",
    privacy_officer_email="privacy@prairie5.example.org",
    privacy_officer_phone="(217) 555-0100",
)


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- recording ------------------------------------------------------------------------------------------


def test_reviewer_records_a_breach_with_its_notice_deadline(world: DutiesWorld) -> None:
    with world.session() as session:
        view = record_breach(session, world.users["riley"], BREACH, today=TODAY)
        session.commit()
    assert view.operator == OPERATOR and view.students_affected == 42
    assert view.notice_due == date(2026, 4, 9)  # 30 calendar days after the district learned of it
    with world.session() as session:
        assert [b.id for b in list_breaches(session)] == [view.id]
        [event] = session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "breach")).all()
    assert (
        event.actor == "riley"
        and event.action == "breach.recorded"
        and event.after["students_affected"] == 42
    )


def test_a_director_cannot_record_a_breach(world: DutiesWorld) -> None:
    with world.session() as session:
        with pytest.raises(NotAllowedError):
            record_breach(session, world.users["dana"], BREACH, today=TODAY)
        assert list_breaches(session) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"discovered_on": date(2026, 4, 1)}, "future"),
        ({"occurred_to": date(2026, 2, 1)}, "before its start"),
        ({"occurred_from": date(2026, 3, 12), "occurred_to": None}, "after the district learned"),
        ({"students_affected": -1}, "negative"),
        ({"information_involved": "  "}, "27\\(d\\)\\(2\\)"),
        ({"operator": "Nobody Known"}, "No operator named"),
    ],
    ids=[
        "future",
        "range-reversed",
        "after-discovery",
        "negative-count",
        "no-information",
        "unknown-operator",
    ],
)
def test_bad_breach_records_are_refused(world: DutiesWorld, changes: dict, message: str) -> None:
    data = replace(BREACH, **changes)
    with world.session() as session, pytest.raises(BreachError, match=message):
        record_breach(session, world.users["ada"], data, today=TODAY)


def test_parents_notified_is_recorded_but_not_before_discovery(world: DutiesWorld) -> None:
    with world.session() as session:
        view = record_breach(session, world.users["riley"], BREACH, today=TODAY)
        with pytest.raises(BreachError, match="before the breach was known"):
            mark_parents_notified(session, world.users["riley"], view.id, date(2026, 3, 9))
        with pytest.raises(NotAllowedError):
            mark_parents_notified(session, world.users["dana"], view.id, date(2026, 3, 25))
        mark_parents_notified(session, world.users["ada"], view.id, date(2026, 3, 25))
        assert get_breach(session, view.id).parents_notified_on == date(2026, 3, 25)


def test_delay_contact_and_no_notice_are_recorded(world: DutiesWorld) -> None:
    delayed = replace(
        BREACH, notice_delayed_until=date(2026, 5, 15), operator_contact="Help desk 1-800-555-0199"
    )
    with world.session() as session:
        view = record_breach(session, world.users["riley"], delayed, today=TODAY)
        quiet = record_breach(
            session, world.users["riley"], replace(BREACH, parent_notice_required=False), today=TODAY
        )
        session.commit()
    # 27(d): notify as soon as the delay ends, not 30 days after it
    assert view.notice_due == date(2026, 5, 15) and view.operator_contact == "Help desk 1-800-555-0199"
    assert quiet.notice_due is None and quiet.notice_overdue_on is None
    with world.session() as session:
        stored, unrequired = get_breach(session, view.id), get_breach(session, quiet.id)
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "breach", AuditEvent.entity_id == str(view.id))
        ).one()
    assert stored.notice_delayed_until == date(2026, 5, 15) and not unrequired.parent_notice_required
    assert event.after["notice_delayed_until"] == "2026-05-15"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"notice_delayed_until": date(2026, 3, 9)}, "cannot end before"),
        (
            {"notice_delayed_until": date(2026, 5, 1), "parent_notice_required": False},
            "only to a parent notice",
        ),
    ],
    ids=["delay-before-discovery", "delay-without-notice"],
)
def test_bad_delays_are_refused(world: DutiesWorld, changes: dict, message: str) -> None:
    with world.session() as session, pytest.raises(BreachError, match=message):
        record_breach(session, world.users["ada"], replace(BREACH, **changes), today=TODAY)


# --- the parent notice ------------------------------------------------------------------------------------


def required_elements() -> dict[str, list[str]]:
    """Each 27(d) element and the strings that show it is there."""
    agencies = [
        part for a in CONSUMER_REPORTING_AGENCIES for part in (a.name, a.toll_free, *a.address, *a.websites)
    ]
    ftc = FEDERAL_TRADE_COMMISSION
    return {
        "(1) date or estimated range": ["between March 1, 2026 and March 4, 2026 (estimated date range)"],
        "(2) information compromised": [BREACH.information_involved],
        "(3) contact the operator": [OPERATOR, SAMPLE_LABELS["operator"]["address"].split(",")[0]],
        "(3) contact the school": [
            DISTRICT.name,
            DISTRICT.privacy_officer_phone,
            DISTRICT.privacy_officer_email,
        ],
        "(4) consumer reporting agencies": agencies,
        "(5) Federal Trade Commission": [ftc.toll_free, *ftc.address, *ftc.websites],
        "(6) fraud alerts and security freezes": [FRAUD_STATEMENT],
    }


@pytest.fixture
def notice_world(world: DutiesWorld) -> tuple[DutiesWorld, int]:
    with world.session() as session:
        update_district(session, world.users["ada"], DISTRICT)
        view = record_breach(session, world.users["riley"], BREACH, today=TODAY)
        session.commit()
    return world, view.id


def test_notice_has_every_required_element_in_text_and_pdf(
    notice_world: tuple[DutiesWorld, int], tmp_path: Path
) -> None:
    world, breach_id = notice_world
    with world.session() as session:
        notice = parent_notice(session, breach_id, issued_on=TODAY)
    text = _flat(notice_text(notice))
    pdf_path = tmp_path / "notice.pdf"
    pdf_path.write_bytes(notice_pdf(notice))
    with pymupdf.open(pdf_path) as doc:
        pymupdf_text = _flat(" ".join(page.get_text() for page in doc))
        assert doc.metadata["title"] == notice.title
    with pdfplumber.open(pdf_path) as pdf:
        plumber_text = _flat(" ".join(page.extract_text() or "" for page in pdf.pages))
    for element, needles in required_elements().items():
        for needle in needles:
            for name, haystack in (
                ("text", text),
                ("pdf/pymupdf", pymupdf_text),
                ("pdf/pdfplumber", plumber_text),
            ):
                assert _flat(needle) in haystack, f"{element}: {needle!r} missing from the {name} notice"


def test_notice_uses_the_recorded_operator_contact(world: DutiesWorld) -> None:
    contact = "Privacy desk: 1-800-555-0199, privacy@operator.example"
    with world.session() as session:
        update_district(session, world.users["ada"], DISTRICT)
        view = record_breach(
            session, world.users["riley"], replace(BREACH, operator_contact=contact), today=TODAY
        )
        recorded = _flat(notice_text(parent_notice(session, view.id, issued_on=TODAY)))
        replaced = _flat(
            notice_text(parent_notice(session, view.id, operator_contact="x@y.z", issued_on=TODAY))
        )
    assert "Privacy desk: 1-800-555-0199, privacy@operator.example" in recorded
    assert "x@y.z" in replaced and "Privacy desk" not in replaced


def test_notice_for_a_single_day_and_the_districts_own_systems(world: DutiesWorld) -> None:
    single = replace(BREACH, operator=None, occurred_to=None, date_is_estimate=False)
    with world.session() as session:
        update_district(session, world.users["ada"], DISTRICT)
        view = record_breach(session, world.users["riley"], single, today=TODAY)
        text = _flat(notice_text(parent_notice(session, view.id, issued_on=TODAY)))
    assert "happened on March 1, 2026." in text and "systems maintained by Prairie Unit District 5" in text
    assert "The operator:" not in text


def test_notice_refused_without_a_way_to_reach_the_school(world: DutiesWorld) -> None:
    with world.session() as session:
        update_district(session, world.users["ada"], DistrictChanges(name="Prairie Unit District 5"))
        view = record_breach(session, world.users["riley"], BREACH, today=TODAY)
        with pytest.raises(NoticeError, match="privacy officer's phone or e-mail"):
            parent_notice(session, view.id)


# --- CLI --------------------------------------------------------------------------------------------------


def test_cli_breach_add_list_notice_notified(cli: Callable[..., Result], tmp_path: Path) -> None:
    settings = [
        "district",
        "set",
        "--name",
        "Prairie Unit District 5",
        "--privacy-email",
        "p@prairie5.example.org",
    ]
    assert cli(*settings).exit_code == 0
    added = cli(
        "breach", "add", "--operator", OPERATOR, "--discovered", "2026-03-10",
        "--occurred", "2026-03-01..2026-03-04", "--estimate", "--students", "42",
        "--information", "Student names.", "--operator-contact", "help@operator.example",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "notify parents by 2026-04-09" in added.output
    delayed = cli(
        "breach", "add", "--discovered", "2026-03-10", "--occurred", "2026-03-01",
        "--information", "Names.", "--delayed-until", "2026-06-01",
    )  # fmt: skip
    assert "notify parents by 2026-06-01" in delayed.output
    quiet = cli(
        "breach", "add", "--discovered", "2026-03-10", "--occurred", "2026-03-01",
        "--information", "Names.", "--no-parent-notice",
    )  # fmt: skip
    assert "no parent notice required" in quiet.output
    listed = cli("breach", "list").output
    assert OPERATOR in listed and "Estimated: 2026-03-01 to 2026-03-04" in listed and "overdue" in listed
    assert "not required" in listed and "due 2026-06-01 (delayed by law enforcement)" in listed
    out, text_out = tmp_path / "notice.pdf", tmp_path / "notice.txt"
    notice = cli("breach", "notice", "1", "--out", str(out), "--text", str(text_out))
    assert notice.exit_code == 0, notice.output
    with pymupdf.open(out) as doc:
        pdf_text = "".join(page.get_text() for page in doc)
    assert "help@operator.example" in pdf_text and "help@operator.example" in text_out.read_text()
    assert FRAUD_STATEMENT.split()[0] in text_out.read_text()
    assert cli("breach", "notified", "1", "--on", "2026-03-25").exit_code == 0
    assert "2026-03-25" in cli("breach", "list").output
    missing = cli("breach", "notice", "99", "--out", str(out))
    assert missing.exit_code == 1 and "There is no breach 99" in missing.output
