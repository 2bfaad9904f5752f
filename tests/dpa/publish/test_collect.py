"""What may reach the public site: only reviewed, redacted, verified, approved, intact agreements."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from dpa.publish import RedactedFileError, collect_listing, publish
from dpa.publish.collect import read_verified_bytes
from dpa.settings import Settings
from models import RedactionRun
from models.db import Database
from models.enums import AgreementStatus, Role
from tests.dpa.publish.seed import Spec, add_agreement, pdf_bytes, users

TODAY = date(2025, 10, 1)
READY = "Alderpine Learning, Inc."
NOT_READY = {
    "Birchwell Status LLC": Spec("Birchwell Status LLC", status=AgreementStatus.APPROVED),
    "Cobaltine Unverified LLC": Spec("Cobaltine Unverified LLC", verified=False),
    "Dunmere Unapproved LLC": Spec("Dunmere Unapproved LLC", approved=False),
    "Elmstead Undecided LLC": Spec("Elmstead Undecided LLC", decided=False),
    "Fernhollow Tampered LLC": Spec("Fernhollow Tampered LLC"),
}


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.session_factory() as session:
        yield session


def _seed_mixed(session: Session, settings: Settings) -> dict[Role, object]:
    files = settings.file_store()
    actors = users(session)
    reviewer = actors[Role.REVIEWER]
    add_agreement(session, files, reviewer, Spec(READY, subcontractors=["Secret Sub Ready Inc."]))
    for spec in NOT_READY.values():
        agreement = add_agreement(session, files, reviewer, spec)
        if spec.operator.startswith("Fernhollow"):
            run = session.query(RedactionRun).filter_by(agreement_id=agreement.id).one()
            target = files.root / str(run.output_path)
            target.chmod(0o644)
            target.write_bytes(pdf_bytes("swapped after verification"))
    session.flush()
    return actors  # type: ignore[return-value]


def test_only_ready_agreement_is_collected(session: Session, settings: Settings) -> None:
    _seed_mixed(session, settings)
    listing = collect_listing(session, settings.file_store(), today=TODAY)
    assert [a.operator for a in listing.agreements] == [READY]
    reasons = {w.title.removeprefix("Agreement with "): w.reason for w in listing.withheld}
    assert set(reasons) == set(NOT_READY)
    assert "approved and redacted first" in reasons["Birchwell Status LLC"]
    assert "no verified redaction" in reasons["Cobaltine Unverified LLC"]
    assert "no verified redaction" in reasons["Dunmere Unapproved LLC"]
    assert "without a reviewer decision" in reasons["Elmstead Undecided LLC"]
    assert "not the verified" in reasons["Fernhollow Tampered LLC"]


def test_nothing_withheld_leaks_into_any_published_file(
    session: Session, settings: Settings, tmp_path: Path
) -> None:
    actors = _seed_mixed(session, settings)
    out = tmp_path / "site"
    result = publish(session, settings.file_store(), actors[Role.DIRECTOR], out)  # type: ignore[arg-type]
    assert result.newly_posted and len(result.listing.agreements) == 1
    published = [p for p in out.rglob("*") if p.is_file()]
    assert len(list((out / "agreements").iterdir())) == 1
    for path in published:
        text = path.read_bytes().decode("utf-8", errors="ignore")
        for name in NOT_READY:
            assert name not in text, f"{name} leaked into {path.relative_to(out)}"
            assert name.split()[0] not in text, f"{name} leaked into {path.relative_to(out)}"
    assert READY in (out / "index.html").read_text()


def test_newest_unverified_run_does_not_replace_the_verified_one(
    session: Session, settings: Settings
) -> None:
    files = settings.file_store()
    reviewer = users(session)[Role.REVIEWER]
    agreement = add_agreement(session, files, reviewer, Spec(READY))
    verified_sha = session.query(RedactionRun).filter_by(agreement_id=agreement.id).one().output_sha256
    newer = files.put(pdf_bytes("a newer run that failed verification"))
    session.add(
        RedactionRun(
            agreement_id=agreement.id,
            created_by=reviewer.name,
            output_sha256=newer.sha256,
            output_path=files.relative_path(newer.sha256),
            verified=False,
            approved_by=reviewer.name,
        )
    )
    session.flush()
    listing = collect_listing(session, files, today=TODAY)
    assert [a.redaction.output_sha256 for a in listing.agreements] == [verified_sha]


def test_read_verified_bytes_refuses_changed_bytes(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.7 verified")
    good = hashlib.sha256(path.read_bytes()).hexdigest()
    assert read_verified_bytes(path, good) == b"%PDF-1.7 verified"
    path.write_bytes(b"%PDF-1.7 tampered")
    with pytest.raises(RedactedFileError, match="not the verified"):
        read_verified_bytes(path, good)


def test_run_pointing_outside_the_store_is_withheld(
    session: Session, settings: Settings, tmp_path: Path
) -> None:
    files = settings.file_store()
    agreement = add_agreement(session, files, users(session)[Role.REVIEWER], Spec(READY))
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(pdf_bytes("outside"))
    run = session.query(RedactionRun).filter_by(agreement_id=agreement.id).one()
    run.output_path = "../outside.pdf"
    run.output_sha256 = hashlib.sha256(outside.read_bytes()).hexdigest()
    session.flush()
    listing = collect_listing(session, files, today=TODAY)
    assert listing.agreements == ()
    assert "outside the file store" in listing.withheld[0].reason


def test_listing_values_come_from_reviewed_checks(session: Session, settings: Settings) -> None:
    spec = Spec(
        READY, elements=["Grade level", "grade  level", "Reading scores"], url="https://x.example/subs"
    )
    add_agreement(session, settings.file_store(), users(session)[Role.REVIEWER], spec)
    (entry,) = collect_listing(session, settings.file_store(), today=TODAY).agreements
    assert entry.data_elements == ("Grade level", "Reading scores")  # de-duplicated, order kept
    assert entry.products == ("Example Reader",)
    assert entry.business_address == spec.address
    assert entry.posting_date == TODAY and entry.newly_posted
    assert entry.signing_date == spec.signed
    uses = " ".join(entry.uses)
    assert "school official" in uses and "targeted advertising" in uses and "sell" in uses
    assert entry.subcontractor_url == "https://x.example/subs"
    assert {c.requirement_id for c in entry.review} >= {"data_categories", "third_parties"}
    assert all(c.decisions and c.decisions[0].action == "approve" for c in entry.review)
