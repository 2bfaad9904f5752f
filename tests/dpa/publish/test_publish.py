"""Publishing: statuses and posting dates, the manifest and its hash, change detection, CSV/JSON, roles."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import Result

from dpa.publish import PublishError, preview, publish
from dpa.publish.data_files import to_csv
from dpa.review.accounts import Actor, NotAllowedError
from dpa.settings import Settings
from models import Agreement, AuditEvent, Breach, Check, DistrictSettings, Operator, Publication
from models.db import Database
from models.enums import AgreementStatus, Role
from pipeline.findings import RequirementId
from tests.dpa.publish.seed import Spec, add_agreement, breach_row, users

ALPHA = "Alderpine Learning, Inc."
BETA = "Bramblecourt Software LLC"


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.session_factory() as session:
        yield session


@pytest.fixture
def actors(session: Session) -> dict[Role, Actor]:
    return users(session)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_publish_posts_records_and_hashes_the_manifest(
    session: Session, settings: Settings, actors: dict[Role, Actor], tmp_path: Path
) -> None:
    agreement = add_agreement(session, settings.file_store(), actors[Role.REVIEWER], Spec(ALPHA))
    out = tmp_path / "site"
    result = publish(session, settings.file_store(), actors[Role.DIRECTOR], out)
    session.refresh(agreement)
    assert agreement.status is AgreementStatus.POSTED
    assert agreement.posted_on == result.listing.generated_on
    actions = [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert "agreement.posted" in actions and "listing.published" in actions and "agreement.status" in actions
    row = session.scalars(select(Publication)).one()
    on_disk = (out / "manifest.json").read_bytes()
    assert row.manifest_sha256 == hashlib.sha256(on_disk).hexdigest() == result.manifest_sha256
    manifest = json.loads(on_disk)
    (entry,) = manifest["agreements"]
    assert entry["original"]["sha256"] == agreement.file.sha256
    pdf = out / entry["redacted"]["file"]
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == entry["redacted"]["sha256"]
    assert entry["redacted"]["approved_by"] == actors[Role.REVIEWER].name and entry["redacted"]["verified"]
    decisions = [d for c in entry["review"] for d in c["decisions"]]
    assert decisions and {d["who"] for d in decisions} == {actors[Role.REVIEWER].name}
    assert manifest["changes"]["first_publication"] is True


def test_second_publication_keeps_posting_date_and_reports_changes(
    session: Session, settings: Settings, actors: dict[Role, Actor], tmp_path: Path
) -> None:
    files, reviewer, director = settings.file_store(), actors[Role.REVIEWER], actors[Role.DIRECTOR]
    alpha = add_agreement(
        session, files, reviewer, Spec(ALPHA, subcontractors=["Old Host, Inc.", "Kept Mail LLC"])
    )
    out = tmp_path / "site"
    first = publish(session, files, director, out)
    first_posted = alpha.posted_on
    checks = {c.requirement_id: c for c in alpha.checks}
    checks[RequirementId.THIRD_PARTIES].values = {"names": ["Kept Mail LLC", "New Host, Inc."], "url": None}
    checks[RequirementId.DATA_CATEGORIES].values = {
        "elements": ["First and last name", "Grade level", "Photo"]
    }
    add_agreement(session, files, reviewer, Spec(BETA))
    session.flush()
    second = publish(session, files, director, out)
    assert alpha.posted_on == first_posted and len(second.newly_posted) == 1
    assert second.newly_posted[0] != alpha.id
    changes = json.loads((out / "manifest.json").read_text())["changes"]
    assert changes["first_publication"] is False
    assert changes["previous_manifest_sha256"] == first.manifest_sha256
    assert changes["new_operators"] == [BETA]
    assert changes["subcontractors_added"] == {ALPHA: ["New Host, Inc."]}
    assert changes["subcontractors_removed"] == {ALPHA: ["Old Host, Inc."]}
    assert changes["data_elements_added"] == {ALPHA: ["Photo"]}
    assert json.loads((out / "operators.json").read_text())["changes"] == changes
    index = (out / "index.html").read_text()
    assert f"New operator: {BETA}" in index and "New Host, Inc." in index and "Photo" in index
    assert session.scalar(select(Publication).order_by(Publication.id.desc())).manifest_sha256 == (
        second.manifest_sha256
    )


def test_csv_and_json_hold_the_listing(
    session: Session, settings: Settings, actors: dict[Role, Actor], tmp_path: Path
) -> None:
    files = settings.file_store()
    add_agreement(
        session, files, actors[Role.REVIEWER], Spec(ALPHA, subcontractors=["Host A, Inc.", "Mail B LLC"])
    )
    add_agreement(
        session, files, actors[Role.REVIEWER], Spec(BETA, subcontractors=[], url="https://beta.example/subs")
    )
    out = tmp_path / "site"
    publish(session, files, actors[Role.DIRECTOR], out)
    operators = _read_csv(out / "operators.csv")
    assert [r["operator"] for r in operators] == [ALPHA, BETA]
    assert operators[0]["business_address"] == Spec(ALPHA).address
    assert operators[0]["product_or_service"] == "Example Reader"
    assert all(
        (out / r["redacted_agreement"]).is_file() and (out / r["operator_page"]).is_file() for r in operators
    )
    assert operators[1]["subcontractor_list_url"] == "https://beta.example/subs"
    elements = _read_csv(out / "data_elements.csv")
    assert {(r["operator"], r["data_element"]) for r in elements} == {
        (name, e) for name in (ALPHA, BETA) for e in ("First and last name", "Grade level")
    }
    subs = _read_csv(out / "subcontractors.csv")
    assert [(r["operator"], r["subcontractor"], r["list_url"]) for r in subs] == [
        (ALPHA, "Host A, Inc.", ""),
        (ALPHA, "Mail B LLC", ""),
        (BETA, "", "https://beta.example/subs"),
    ]
    data = json.loads((out / "operators.json").read_text())
    by_name = {o["name"]: o for o in data["operators"]}
    assert by_name[ALPHA]["subcontractors"] == ["Host A, Inc.", "Mail B LLC"]
    assert by_name[BETA]["subcontractor_urls"] == ["https://beta.example/subs"]
    assert by_name[ALPHA]["agreements"][0]["uses_and_disclosures"]
    assert data["district"]["parents_rights_configured"] is False


def test_csv_neutralises_formula_cells() -> None:
    text = to_csv(("a", "b"), [('=HYPERLINK("http://x")', "plain"), ("@cmd", "-1+1")])
    rows = list(csv.reader(text.splitlines()))
    assert rows[1] == ['\'=HYPERLINK("http://x")', "plain"] and rows[2] == ["'@cmd", "'-1+1"]


def test_parents_rights_page_says_when_not_configured(
    session: Session, settings: Settings, actors: dict[Role, Actor], tmp_path: Path
) -> None:
    publish(session, settings.file_store(), actors[Role.DIRECTOR], tmp_path / "a")
    assert "has not yet configured this procedure" in (tmp_path / "a" / "parents-rights.html").read_text()
    session.add(
        DistrictSettings(
            id=1,
            district_name="Example Valley School District 7",
            privacy_officer_name="Privacy Officer",
            parents_rights_procedure="Write to the office to inspect records.\n\nWe answer within 30 days.",
        )
    )
    session.flush()
    publish(session, settings.file_store(), actors[Role.DIRECTOR], tmp_path / "b")
    page = (tmp_path / "b" / "parents-rights.html").read_text()
    assert "not yet configured" not in page
    assert (
        "<p>Write to the office to inspect records.</p>" in page
        and "<p>We answer within 30 days.</p>" in page
    )
    assert "Example Valley School District 7" in page


def test_breach_list_follows_27a5(
    session: Session, settings: Settings, actors: dict[Role, Actor], tmp_path: Path
) -> None:
    operator = Operator(name=ALPHA)
    session.add_all(
        [
            Breach(
                operator=operator,
                discovered_on=date(2025, 3, 10),
                occurred_from=date(2025, 3, 1),
                occurred_to=date(2025, 3, 4),
                date_is_estimate=True,
                students_affected=None,
                information_involved="Names and grade levels",
                description="internal note: vendor misconfigured a bucket",
                recorded_by="x",
            ),
            breach_row(
                discovered_on=date(2021, 5, 1),
                occurred_from=date(2021, 4, 2),
                information_involved="Old pre-SOPPA incident",
            ),
        ]
    )
    session.flush()
    out = tmp_path / "site"
    result = publish(session, settings.file_store(), actors[Role.DIRECTOR], out)
    [omitted] = result.listing.omitted_breaches
    assert omitted.rule.value == "27(a)(5)(iii)" and "before July 1, 2021" in omitted.reason
    page = (out / "breaches.html").read_text()
    assert ALPHA in page and "Estimated: 2025-03-01 to 2025-03-04" in page and "Not disclosed" in page
    assert "Old pre-SOPPA incident" not in page and "internal note" not in page
    rows = _read_csv(out / "breaches.csv")
    assert [(r["operator"], r["information_involved"]) for r in rows] == [(ALPHA, "Names and grade levels")]


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.ADMIN])
def test_only_a_director_publishes(
    session: Session, settings: Settings, actors: dict[Role, Actor], tmp_path: Path, role: Role
) -> None:
    add_agreement(session, settings.file_store(), actors[Role.REVIEWER], Spec(ALPHA))
    with pytest.raises(NotAllowedError):
        publish(session, settings.file_store(), actors[role], tmp_path / "site")
    assert not (tmp_path / "site").exists()
    assert session.scalars(select(Agreement)).one().status is AgreementStatus.REDACTED


def test_admin_may_preview_without_changing_anything(
    session: Session, settings: Settings, actors: dict[Role, Actor]
) -> None:
    add_agreement(session, settings.file_store(), actors[Role.REVIEWER], Spec(ALPHA))
    shown = preview(session, settings.file_store(), actors[Role.ADMIN])
    assert [a.operator for a in shown.listing.agreements] == [ALPHA] and shown.last is None
    assert session.scalars(select(Agreement)).one().posted_on is None
    with pytest.raises(NotAllowedError):
        preview(session, settings.file_store(), actors[Role.REVIEWER])


def test_refuses_to_overwrite_a_folder_it_did_not_write(
    session: Session, settings: Settings, actors: dict[Role, Actor], tmp_path: Path
) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "keep.txt").write_text("someone's file")
    with pytest.raises(PublishError, match="not a site published"):
        publish(session, settings.file_store(), actors[Role.DIRECTOR], out)
    assert (out / "keep.txt").read_text() == "someone's file"


def test_cli_publishes_as_the_only_director(
    database: Database, settings: Settings, run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    with database.session_factory.begin() as session:
        actors = users(session)
        add_agreement(session, settings.file_store(), actors[Role.REVIEWER], Spec(ALPHA))
    out = tmp_path / "site"
    dry = run_cli("publish", "--dry-run")
    assert dry.exit_code == 0 and ALPHA in dry.output and not out.exists()
    result = run_cli("publish", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Manifest SHA-256" in result.output and (out / "index.html").is_file()
    refused = run_cli("publish", "--out", str(tmp_path / "other"), "--as", actors[Role.REVIEWER].name)
    assert refused.exit_code == 1 and "cannot publish" in refused.output
    with database.session_factory() as session:
        assert session.scalars(select(Publication)).one().published_by == actors[Role.DIRECTOR].name
        assert all(c.decisions for c in session.scalars(select(Check)))


def test_cli_needs_as_when_several_directors_exist(
    database: Database, run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    from dpa.review.accounts import create_user

    with database.session_factory.begin() as session:
        users(session)
        create_user(session, "second-director", Role.DIRECTOR, "another long password")
    result = run_cli("publish", "--out", str(tmp_path / "site"))
    assert result.exit_code == 1 and "--as USER" in result.output
    assert run_cli("publish", "--out", str(tmp_path / "site"), "--as", "second-director").exit_code == 0


def test_every_csv_export_goes_through_the_formula_safe_writer() -> None:
    root = Path(__file__).resolve().parents[3]
    writers = [
        str(path.relative_to(root))
        for package in ("dpa", "models", "pipeline", "review_app")
        for path in (root / package).rglob("*.py")
        if "csv.writer" in path.read_text() or "DictWriter" in path.read_text()
    ]
    assert writers == ["dpa/csv_safe.py"]
