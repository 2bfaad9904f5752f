"""District settings, the authorized-signer list, and the signing-authority check of 105 ILCS 85/27(b)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select
from typer.testing import Result

from dpa.duties.district_settings import (
    DistrictChanges,
    DistrictSettingsError,
    add_signer,
    deactivate_signer,
    get_district,
    list_signers,
    update_district,
)
from dpa.duties.person_names import same_person
from dpa.duties.signing_authority import AuthorityStatus, ListEntry, judge_authority, signing_authority
from dpa.review.accounts import NotAllowedError
from models.audit import AuditEvent
from models.district import AuthorizedSigner
from models.finding import Check, Finding
from pipeline.findings import RequirementId
from tests.dpa import duties_world
from tests.dpa.duties_world import SAMPLE_LABELS, DutiesWorld

template, world, cli = duties_world.template, duties_world.world, duties_world.cli  # shared fixtures

SIGNER = SAMPLE_LABELS["signing"]["district_signer"]
SIGNED = date.fromisoformat(SAMPLE_LABELS["signing"]["date"])


# --- settings -----------------------------------------------------------------------------------------


def test_admin_saves_settings_normalised_and_audited(world: DutiesWorld) -> None:
    with world.session() as session:
        assert get_district(session).name == ""  # nothing configured yet
        info = update_district(
            session,
            world.users["ada"],
            DistrictChanges(
                name="  Prairie   Unit District 5 ",
                website_url="prairie5.example.org",
                privacy_officer_name="Pat Doe",
                privacy_officer_email="Privacy@Prairie5.Example.ORG",
                privacy_officer_phone="217.555.0100 ext. 12",
                parents_rights_procedure="Write to the privacy officer.\n\nWe answer within 45 days.",
            ),
        )
        session.commit()
    assert info.name == "Prairie Unit District 5"
    assert info.website_url == "https://prairie5.example.org"
    assert info.privacy_officer_email == "Privacy@prairie5.example.org"  # the domain is case-insensitive
    assert info.privacy_officer_phone == "(217) 555-0100 ext. 12"
    assert info.parents_rights_procedure.endswith("within 45 days.")  # paragraphs kept
    with world.session() as session:
        assert get_district(session).updated_by == "ada"
        [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "district.updated")).all()
    assert event.actor == "ada" and event.before["name"] == "" and event.after["name"] == info.name


def test_none_keeps_a_field_and_empty_clears_it(world: DutiesWorld) -> None:
    admin = world.users["ada"]
    with world.session() as session:
        update_district(session, admin, DistrictChanges(name="D", privacy_officer_name="Pat Doe"))
        info = update_district(session, admin, DistrictChanges(privacy_officer_name=""))
    assert info.name == "D" and info.privacy_officer_name is None


def test_enrollment_is_saved_and_cleared_with_zero(world: DutiesWorld) -> None:
    admin = world.users["ada"]
    with world.session() as session:
        saved = update_district(session, admin, DistrictChanges(name="D", enrollment=4200))
        kept = update_district(session, admin, DistrictChanges(privacy_officer_name="Pat Doe"))
        cleared = update_district(session, admin, DistrictChanges(enrollment=0))
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "district.updated")))
    assert (saved.enrollment, kept.enrollment, cleared.enrollment) == (4200, 4200, None)
    assert events[0].after["enrollment"] == 4200 and events[-1].before == {"enrollment": 4200}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (DistrictChanges(enrollment=-5), "cannot be negative"),
        (DistrictChanges(privacy_officer_email="privacy at district"), "not a usable e-mail"),
        (DistrictChanges(privacy_officer_phone="555-01"), "phone number"),
        (DistrictChanges(privacy_officer_phone="call the office"), "phone number"),
        (DistrictChanges(website_url="not a site"), "not a web address"),
        (DistrictChanges(name="   "), "cannot be empty"),
    ],
    ids=["enrollment", "email", "short-phone", "words-as-phone", "url", "empty-name"],
)
def test_bad_settings_are_refused(world: DutiesWorld, changes: DistrictChanges, message: str) -> None:
    with world.session() as session, pytest.raises(DistrictSettingsError, match=message):
        update_district(session, world.users["ada"], changes)


@pytest.mark.parametrize("user", ["dana", "riley"])
def test_only_an_admin_changes_settings_or_signers(world: DutiesWorld, user: str) -> None:
    actor = world.users[user]
    with world.session() as session:
        with pytest.raises(NotAllowedError):
            update_district(session, actor, DistrictChanges(name="Taken over"))
        with pytest.raises(NotAllowedError):
            add_signer(session, actor, "Someone Else")
        assert get_district(session).name == "" and list_signers(session) == []


# --- signers ------------------------------------------------------------------------------------------


def test_signers_are_added_deduplicated_deactivated_and_reactivated(world: DutiesWorld) -> None:
    admin = world.users["ada"]
    with world.session() as session:
        added = add_signer(session, admin, "Dr. Jane Q. Roe", "Superintendent")
        with pytest.raises(DistrictSettingsError, match="already on the list as Dr. Jane Q. Roe"):
            add_signer(session, admin, "ROE, JANE")
        removed = deactivate_signer(session, admin, "Jane Roe")
        assert removed.id == added.id and not removed.active and removed.deactivated_at is not None
        assert list_signers(session) == [] and len(list_signers(session, include_inactive=True)) == 1
        again = add_signer(session, admin, "jane roe")
        assert again.id == added.id and again.active and again.title == "Superintendent"
        assert again.deactivated_at is None
        actions = list(
            session.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "authorized_signer"))
        )
    assert actions == ["signer.added", "signer.deactivated", "signer.reactivated"]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Dr. Jane Q. Roe, Ed.D.", "jane roe", True),
        ("ROE, JANE", "Jane Roe", True),
        ("Jane Roe, Superintendent", "Jane Roe", True),
        ("/s/ Jane Roe", "Jane Roe", True),
        ("José Núñez", "JOSE NUNEZ", True),
        ("Mary Ann O'Neil", "Mary ONeil", True),
        ("Marcus T. Ellery", "Marcus Ellery, Ph.D.", True),
        ("J. Roe", "Jane Roe", False),  # an initial is not enough
        ("Jane Q. Roe", "Jane R. Roe", False),  # different middle initials
        ("John Roe", "Jane Roe", False),
        ("Jane Roe", "Jane Rowe", False),
    ],
)
def test_name_matching(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same
    assert same_person(b, a) is same


# --- signing authority ----------------------------------------------------------------------------------


def test_no_list_then_authorized_then_not(world: DutiesWorld) -> None:
    admin = world.users["ada"]
    with world.session() as session:
        first = signing_authority(session, world.agreement_id)
        assert first.status is AuthorityStatus.NO_LIST_CONFIGURED and first.signer == SIGNER
        add_signer(session, admin, "Someone Else", "Board President")
        refused = signing_authority(session, world.agreement_id)
        add_signer(session, admin, f"Dr. {SIGNER.upper()}", "Assistant Superintendent")
        accepted = signing_authority(session, world.agreement_id)
    assert refused.status is AuthorityStatus.NOT_AUTHORIZED and refused.problem
    assert "105 ILCS 85/27(b): an agreement signed by someone the board has not authorized is void" in (
        refused.explanation
    )
    assert SIGNER in refused.explanation
    assert accepted.status is AuthorityStatus.AUTHORIZED and not accepted.problem
    assert accepted.matched == f"Dr. {SIGNER.upper()}" and accepted.signed_on == SIGNED


def test_signer_removed_after_signing_still_authorized_it(world: DutiesWorld) -> None:
    admin = world.users["ada"]
    with world.session() as session:
        add_signer(session, admin, SIGNER)
        add_signer(session, admin, "Someone Else")
        deactivate_signer(session, admin, SIGNER)  # today, after the agreement was signed
        result = signing_authority(session, world.agreement_id)
    assert result.status is AuthorityStatus.AUTHORIZED and "removed on" in result.explanation


def test_removal_date_comes_from_deactivated_at(world: DutiesWorld) -> None:
    """A signer taken off before the agreement was signed did not authorize it; after, they did."""
    admin = world.users["ada"]
    with world.session() as session:
        add_signer(session, admin, SIGNER)
        add_signer(session, admin, "Someone Else")
        deactivate_signer(session, admin, SIGNER)  # the audit event says: today
        row = session.scalars(select(AuthorizedSigner).where(AuthorizedSigner.name == SIGNER)).one()
        row.deactivated_at = datetime.combine(SIGNED - timedelta(days=1), time(12), tzinfo=UTC)
        before = signing_authority(session, world.agreement_id)
        row.deactivated_at = datetime.combine(SIGNED + timedelta(days=1), time(12), tzinfo=UTC)
        after = signing_authority(session, world.agreement_id)
    assert before.status is AuthorityStatus.NOT_AUTHORIZED and "is void" in before.explanation
    assert after.status is AuthorityStatus.AUTHORIZED and str(SIGNED + timedelta(days=1)) in after.explanation


def test_reviewer_correction_of_the_signer_is_what_counts(world: DutiesWorld) -> None:
    with world.session() as session:
        add_signer(session, world.users["ada"], SIGNER)
        check = session.scalars(
            select(Check).where(
                Check.agreement_id == world.agreement_id, Check.requirement_id == RequirementId.SIGNING
            )
        ).one()
        check.values = {**check.values, "district_signer": "Casey Intern"}
        corrected = signing_authority(session, world.agreement_id)
        check.values = {**check.values, "district_signer": None}
        for finding in session.scalars(
            select(Finding).where(Finding.requirement_id == RequirementId.SIGNING)
        ):
            finding.values = {**finding.values, "district_signer": None}
        unknown = signing_authority(session, world.agreement_id)
    assert corrected.status is AuthorityStatus.NOT_AUTHORIZED and corrected.signer == "Casey Intern"
    assert unknown.status is AuthorityStatus.UNKNOWN_SIGNER


def test_near_miss_names_the_entry_to_check() -> None:
    entries = [ListEntry("Jane Roe", "Superintendent", True, None)]
    result = judge_authority("J. Roe", None, None, entries)
    assert result.status is AuthorityStatus.NOT_AUTHORIZED
    assert "The list has Jane Roe" in result.explanation


def test_unknown_agreement_is_an_error(world: DutiesWorld) -> None:
    with world.session() as session, pytest.raises(LookupError):
        signing_authority(session, 999_999)


# --- CLI ----------------------------------------------------------------------------------------------


def test_cli_district_and_signers(cli: Callable[..., Result], world: DutiesWorld) -> None:
    result = cli(
        "district", "set", "--name", "Prairie Unit District 5", "--privacy-phone", "(217) 555-0100",
        "--enrollment", "3150",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert cli("district", "set", "--enrollment", "-1").exit_code != 0
    assert cli("district", "set", "--privacy-email", "nope").exit_code == 1
    assert cli("signer", "add", SIGNER, "--title", "Assistant Superintendent").exit_code == 0
    duplicate = cli("signer", "add", SIGNER.upper())
    assert duplicate.exit_code == 1 and "already on the list" in duplicate.output
    shown = cli("district", "show").output
    assert "Prairie Unit District 5" in shown and "(217) 555-0100" in shown and SIGNER in shown
    assert "3150" in shown
    assert SIGNER in cli("signer", "list").output
    detail = cli("show", str(world.agreement_id)).output
    assert "Signing authority" in detail and "authorized" in detail and "not authorized" not in detail
    assert cli("signer", "remove", SIGNER).exit_code == 0
    assert SIGNER not in cli("signer", "list").output
    removed_row = [line for line in cli("signer", "list", "--all").output.splitlines() if SIGNER in line]
    assert removed_row and date.today().isoformat() in removed_row[0]
    with world.session() as session:
        actors = set(
            session.scalars(
                select(AuditEvent.actor).where(AuditEvent.entity_type.in_(("district", "authorized_signer")))
            )
        )
    assert actors == {"cli"}
