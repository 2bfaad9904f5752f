"""Redaction runs of a stored agreement: roles, protected provisions, apply/verify, audit, the CLI."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pymupdf
import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from dpa.cli import app
from dpa.intake.uploads import ingest_file
from dpa.redaction import runs
from dpa.review.accounts import Actor, NotAllowedError, ReviewError, create_user
from dpa.settings import Settings
from models import Agreement, AuditEvent, Finding, RedactionRun, store
from models.db import Database, open_database
from models.enums import AgreementStatus, Role
from pipeline.findings import RequirementId
from pipeline.types import BBox
from tests.pdf_support import texts_by_page

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "mossbrook_il_dpa.pdf"
PASSWORD = "correct horse battery"
SECRETS = ("mokafor@ashgrove212.example", "(217) 555-0132")  # from samples/README.md


@dataclass(frozen=True)
class World:
    settings: Settings
    database: Database
    agreement_id: int
    users: dict[Role, Actor]


def _settings(folder: Path) -> Settings:
    return Settings(data_dir=folder / "data", database_url=f"sqlite:///{folder / 'dpa.sqlite3'}")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, dict[Role, Actor]]:
    """The sample ingested once per module, with one user per role."""
    folder = tmp_path_factory.mktemp("redaction-runs")
    settings = _settings(folder)
    database = open_database(settings.resolved_database_url)
    with database.session_factory() as session:
        outcome = ingest_file(session, settings, SAMPLE, actor="dana")
        users = {role: create_user(session, role.value, role, PASSWORD) for role in Role}
        session.commit()
    database.engine.dispose()
    return folder, outcome.agreement_id, users


@pytest.fixture
def world(template: tuple[Path, int, dict[Role, Actor]], tmp_path: Path) -> Iterator[World]:
    """A private copy of the template for one test."""
    source, agreement_id, users = template
    shutil.copytree(source, tmp_path / "world")
    settings = _settings(tmp_path / "world")
    database = open_database(settings.resolved_database_url)
    yield World(settings, database, agreement_id, users)
    database.engine.dispose()


def _propose(world: World, session: Session) -> RedactionRun:
    return runs.propose_redactions(session, world.settings, world.agreement_id, world.users[Role.REVIEWER])


def _set_status(session: Session, agreement_id: int, status: AgreementStatus) -> None:
    """Test set-up: the agreement as if its checks had been approved (the review flow is tested elsewhere),
    with the status event the workflow dates an approval by."""
    agreement = session.get(Agreement, agreement_id)
    assert agreement is not None
    before, agreement.status = agreement.status, status
    store.record_event(
        session,
        actor="reviewer",
        action="agreement.status",
        entity_type="agreement",
        entity_id=agreement_id,
        before={"status": before.value},
        after={"status": status.value, "via": "by hand"},
    )
    session.flush()


def _events(session: Session, action: str) -> list[AuditEvent]:
    return list(
        session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
    )


def _text(pdf: Path) -> tuple[str, str]:
    with pymupdf.open(pdf) as doc:
        fitz = "".join(page.get_text() for page in doc)
    with pdfplumber.open(pdf) as doc:
        plumber = "".join(page.extract_text() or "" for page in doc.pages)
    return fitz, plumber


def _squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _protected_evidence(session: Session, agreement_id: int) -> dict[str, object]:
    finding = session.scalars(
        select(Finding).where(
            Finding.agreement_id == agreement_id, Finding.requirement_id == RequirementId.SCHOOL_OFFICIAL
        )
    ).first()
    assert finding is not None and finding.evidence
    return finding.evidence[0]


def test_proposals_are_stored_accepted_and_audited(world: World) -> None:
    with world.database.session_factory() as session:
        run = _propose(world, session)
        session.commit()
        texts = {p["text"] for p in run.proposals}
        assert set(SECRETS) <= texts
        with pymupdf.open(SAMPLE) as doc:
            images = sum(len(page.get_images()) for page in doc)  # the sample's only images are signatures
        assert sum(p["reason"] == "signature" for p in run.proposals) == images == 2
        assert all(p["accepted"] for p in run.proposals) and run.created_by == "reviewer"
        assert not any("privacy@" in p["text"] for p in run.proposals)  # a role mailbox stays
        [event] = _events(session, "redaction.proposed")
        assert (event.actor, event.entity_id, event.after["run"]) == (
            "reviewer",
            str(world.agreement_id),
            run.id,
        )


def test_directors_and_admins_may_not_change_or_apply_runs(world: World) -> None:
    with world.database.session_factory() as session:
        run = _propose(world, session)
        session.commit()
        director = world.users[Role.DIRECTOR]
        with pytest.raises(NotAllowedError, match="director cannot propose"):
            runs.propose_redactions(session, world.settings, world.agreement_id, director)
        with pytest.raises(NotAllowedError):
            runs.set_proposal_accepted(
                session, run.id, director, index=0, accepted=False, expected_version=run.version
            )
        with pytest.raises(NotAllowedError):
            runs.add_term(session, world.settings, run.id, director, "Ashgrove", expected_version=run.version)
        for role in (Role.DIRECTOR, Role.ADMIN):
            with pytest.raises(NotAllowedError, match=f"{role.value} cannot apply"):
                runs.apply_run(session, world.settings, run.id, world.users[role])
        session.rollback()
        stored = session.get(RedactionRun, run.id)
        assert stored is not None and stored.version == 1 and not stored.report
        assert all(p["accepted"] for p in stored.proposals)


def test_protected_provision_is_refused_whoever_asks(world: World, tmp_path: Path) -> None:
    reviewer = world.users[Role.REVIEWER]
    with world.database.session_factory() as session:
        evidence = _protected_evidence(session, world.agreement_id)
        run = _propose(world, session)
        by_clause = runs.add_clause(
            session, world.settings, run.id, reviewer, str(evidence["clause"]), expected_version=run.version
        )
        box = BBox(*evidence["bbox"])
        by_box = runs.add_box(
            session,
            world.settings,
            run.id,
            reviewer,
            int(evidence["page"]),
            box,
            expected_version=run.version,
        )
        assert by_box.added == 0 and len(by_box.refused) == 1
        assert by_clause.refused and all("15(4)(C)" in r.why for r in by_clause.refused)
        assert "school-official designation, which 105 ILCS 85/15(4)(F) keeps public" in by_box.message
        requests = {r["request"] for r in run.refused}
        assert f"clause: {evidence['clause']}" in requests and f"box on page {evidence['page']}" in requests
        outcome = runs.apply_run(session, world.settings, run.id, reviewer)
        session.commit()
        assert outcome.verified and outcome.report.protected_kept, outcome.message
        out = tmp_path / "posted.pdf"
        out.write_bytes(world.settings.file_store().read(str(outcome.sha256)))
    for text in _text(out):  # both extractors, ligatures (the sample sets "ﬃ") and line breaks aside
        assert _squash(str(evidence["text"])) in _squash(text)


def test_apply_stores_the_verified_pdf_under_its_sha256(world: World, tmp_path: Path) -> None:
    reviewer = world.users[Role.REVIEWER]
    with world.database.session_factory() as session:
        _set_status(session, world.agreement_id, AgreementStatus.APPROVED)
        run = _propose(world, session)
        outcome = runs.apply_run(session, world.settings, run.id, reviewer, expected_version=run.version)
        session.commit()
        assert outcome.verified, outcome.message
        data = world.settings.file_store().read(str(outcome.sha256))
        assert hashlib.sha256(data).hexdigest() == outcome.sha256 == run.output_sha256
        assert run.output_path == world.settings.file_store().relative_path(run.output_sha256)
        assert run.verified and run.report["verified"] is True and run.report["leaks"] == []
        assert run.approved_by == "reviewer" and run.approved_at is not None
        assert session.get(Agreement, world.agreement_id).status is AgreementStatus.REDACTED
        [applied] = _events(session, "redaction.applied")
        assert applied.actor == "reviewer"
        assert applied.after["sha256"] == outcome.sha256 and applied.after["verified"] is True
        assert _events(session, "agreement.status")[-1].after == {"status": "redacted", "via": "a redaction"}
        assert runs.latest_verified_run(session, world.agreement_id) == run
        with pytest.raises(ReviewError, match="applied and verified"):
            runs.add_term(session, world.settings, run.id, reviewer, "Ashgrove", expected_version=run.version)
    out = tmp_path / "posted.pdf"
    out.write_bytes(data)
    for text in _text(out):
        assert not any(secret in text for secret in SECRETS)
        assert "privacy@mossbrook.example" in text  # the generic address stays


def test_failed_verification_keeps_the_status_and_says_what_leaked(world: World) -> None:
    """A term the reviewer left readable in one place: the output may not be stored or posted."""
    reviewer = world.users[Role.REVIEWER]
    with world.database.session_factory() as session:
        _set_status(session, world.agreement_id, AgreementStatus.APPROVED)
        run = _propose(world, session)
        added = runs.add_term(
            session, world.settings, run.id, reviewer, "Ashgrove", expected_version=run.version
        )
        assert added.added >= 2 and not added.refused
        index = next(i for i, p in enumerate(run.proposals) if p["text"] == "Ashgrove")
        runs.set_proposal_accepted(
            session, run.id, reviewer, index=index, accepted=False, expected_version=run.version
        )
        outcome = runs.apply_run(session, world.settings, run.id, reviewer)
        session.commit()
        assert not outcome.verified and outcome.sha256 is None
        rejected = run.proposals[index]["page"]
        [failure] = outcome.report.failures  # one for "Ashgrove" and "ASHGROVE": the same name to the reader
        assert failure.check == "text_still_readable" and failure.text.casefold() == "ashgrove"
        assert rejected in failure.pages and f"“{failure.text}”" in failure.problem
        assert (
            " on page" in failure.problem
            and str(rejected) in failure.problem
            and "PyMuPDF" in failure.problem
        )
        assert "accepted box" in failure.advice
        assert outcome.message.startswith("NOT verified, so it cannot be posted:")
        assert f"- {failure.problem} What you can do: {failure.advice}" in outcome.message
        assert run.report is not None and run.report["verified"] is False and run.report["leaks"]
        shown = runs.run_view(world.settings, run).explained_failures  # what the app's page shows
        assert shown == (failure.explanation,)
        assert not run.verified and run.output_sha256 is None and run.approved_by is None
        assert session.get(Agreement, world.agreement_id).status is AgreementStatus.APPROVED
        assert runs.latest_verified_run(session, world.agreement_id) is None
        assert _events(session, "redaction.applied")[-1].after["verified"] is False
        assert _events(session, "redaction.rejected")[-1].after["index"] == index


def test_an_added_term_is_boxed_in_the_running_header_of_every_page(world: World, tmp_path: Path) -> None:
    """Regression: the run's term search read clause text only, so the header kept "Ashgrove"."""
    reviewer = world.users[Role.REVIEWER]
    with world.database.session_factory() as session:
        run = _propose(world, session)
        added = runs.add_term(
            session, world.settings, run.id, reviewer, "ashgrove", expected_version=run.version
        )
        assert not added.refused
        with pymupdf.open(SAMPLE) as doc:
            pages = doc.page_count
        assert {p["page"] for p in run.proposals if p["text"].casefold() == "ashgrove"} == set(
            range(1, pages + 1)
        )
        outcome = runs.apply_run(session, world.settings, run.id, reviewer)
        session.commit()
        assert outcome.verified, outcome.message
        out = tmp_path / "posted.pdf"
        out.write_bytes(world.settings.file_store().read(str(outcome.sha256)))
    texts = texts_by_page(out)
    assert len(texts) == 2 * pages and not any("ashgrove" in text.casefold() for text in texts)


def test_a_stale_version_is_a_conflict(world: World) -> None:
    reviewer = world.users[Role.REVIEWER]
    with world.database.session_factory() as session:
        run = _propose(world, session)
        seen = run.version
        runs.set_proposal_accepted(session, run.id, reviewer, index=0, accepted=False, expected_version=seen)
        with pytest.raises(runs.RunConflictError, match="changed by someone else"):
            runs.set_proposal_accepted(
                session, run.id, reviewer, index=1, accepted=False, expected_version=seen
            )
        assert [p["accepted"] for p in run.proposals[:2]] == [False, True]


def test_bad_additions_are_refused_with_a_reason(world: World) -> None:
    reviewer = world.users[Role.REVIEWER]
    with world.database.session_factory() as session:
        run = _propose(world, session)
        v = run.version
        with pytest.raises(ReviewError, match="not a valid regular expression"):
            runs.add_pattern(session, world.settings, run.id, reviewer, "(unclosed", expected_version=v)
        with pytest.raises(ReviewError, match="box is empty"):
            runs.add_box(
                session, world.settings, run.id, reviewer, 1, BBox(300, 100, 200, 120), expected_version=v
            )
        with pytest.raises(ReviewError, match="no clause"):
            runs.add_clause(session, world.settings, run.id, reviewer, "c9999", expected_version=v)
        added = runs.add_pattern(
            session, world.settings, run.id, reviewer, r"(?i)\barticle [IVX]+\b", expected_version=v
        )
        assert added.added >= 5 and run.proposals[-1]["request"] == r"pattern: (?i)\barticle [IVX]+\b"


def test_preview_draws_accepted_boxes_black_and_writes_nothing(world: World) -> None:
    with world.database.session_factory() as session:
        run = _propose(world, session)
        view = runs.run_view(world.settings, run)
    before = world.settings.file_store().all_hashes()
    email = next(p for p in view.proposals if p.text == SECRETS[0])
    zoom = 2.0
    image = Image.open(io.BytesIO(runs.preview_png(world.settings, view, email.page, zoom))).convert("L")
    x0, top, x1, bottom = email.bbox
    # the box's lower right corner (away from the white reason label) is black; the page outside is not
    assert image.getpixel((int(x1 * zoom) - 3, int(bottom * zoom) - 2)) < 30
    assert image.getpixel((5, 5)) > 200
    assert world.settings.file_store().all_hashes() == before
    assert hashlib.sha256(view.pdf_path.read_bytes()).hexdigest() == view.pdf_sha256


def test_cli_redacts_a_stored_agreement_without_approving_it(world: World, tmp_path: Path) -> None:
    out = tmp_path / "cli.pdf"
    options = ["--db", world.settings.resolved_database_url, "--data-dir", str(world.settings.data_dir)]
    args = [
        *options,
        "redact",
        str(world.agreement_id),
        "--out",
        str(out),
        "--term",
        "Okafor",
        "--format",
        "json",
    ]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"output", "redactions", "verified", "leaks", "protected_kept", "failures"}
    assert payload["verified"] is True and payload["output"] == str(out) and payload["failures"] == []
    for text in _text(out):
        assert "Okafor" not in text and SECRETS[0] not in text
    with world.database.session_factory() as session:
        [run] = session.scalars(select(RedactionRun)).all()
        assert run.created_by == "cli" and run.verified and run.approved_by is None
        assert run.output_sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
        assert session.get(Agreement, world.agreement_id).status is AgreementStatus.NEW
        assert runs.latest_verified_run(session, world.agreement_id) is None  # not approved: not posted
    missing = CliRunner().invoke(app, [*options, "redact", "9999", "--out", str(out)], catch_exceptions=False)
    assert missing.exit_code == 1 and "no agreement with id or SHA-256 prefix '9999'" in missing.output
