"""Reviewed agreements exported in the corpus format: labels follow the review; `dpa eval` runs on them."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from dpa import review
from dpa.cli import app
from dpa.devtools.evaluate import EvalReport, evaluate
from dpa.review.accounts import NotAllowedError
from dpa.review.label_export import export_labels, export_labels_zip
from models import AuditEvent, Check
from models.db import open_database
from pipeline.findings import RequirementId, Verdict
from tests.review_app.seed import PASSWORD, World, build_template, copy_world

CORRECTED = {"period": 45, "unit": "calendar_days"}  # the sample says ten days; the reviewer says 45


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> World:
    """The sample, fully reviewed: breach notice corrected, data categories rejected, the rest approved."""
    folder = tmp_path_factory.mktemp("export-template")
    world = copy_world(folder, folder.parent / "export-world", build_template(folder))
    database = open_database(world.settings.resolved_database_url)
    with database.session_factory() as session:
        riley = review.authenticate(session, "riley", PASSWORD)
        checks = {c.requirement_id: c for c in session.scalars(select(Check))}
        breach, categories = checks[RequirementId.BREACH_NOTICE], checks[RequirementId.DATA_CATEGORIES]
        review.decide_check(session, riley, breach.id, "correct", expected_version=1, values=CORRECTED)
        review.decide_check(
            session,
            riley,
            categories.id,
            "reject",
            expected_version=1,
            verdict=Verdict.FOUND,
            note="list wrong",
        )
        for check in checks.values():
            if not check.decisions:
                review.decide_check(session, riley, check.id, "approve", expected_version=check.version)
        session.commit()
    database.engine.dispose()
    return world


@pytest.fixture(scope="module")
def exported(reviewed: World, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("labels")
    database = open_database(reviewed.settings.resolved_database_url)
    with database.session_factory() as session:
        result = export_labels(session, reviewed.settings, out)
    database.engine.dispose()
    [item] = result.exported
    assert result.skipped == () and item.pdf.read_bytes()[:5] == b"%PDF-"
    return out, json.loads(item.labels.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scored(exported: tuple[Path, dict[str, Any]]) -> EvalReport:
    return evaluate(exported[0])


def test_a_corrected_value_is_the_label(exported: tuple[Path, dict[str, Any]]) -> None:
    _, labels = exported
    breach = labels["requirements"]["breach_notice"]
    assert breach["present"] is True and breach["compliant"] is False and breach["values"] == CORRECTED
    assert any("ten (10) days" in sentence for sentence in breach["evidence"])  # evidence as detected


def test_approved_checks_are_labelled_as_detected(exported: tuple[Path, dict[str, Any]]) -> None:
    _, labels = exported
    requirements = labels["requirements"]
    assert requirements["return_or_delete"]["values"] == {"period": 30, "unit": "days"}
    assert requirements["posting_statement"] == {"present": False, "compliant": False, "evidence": []}
    assert labels["operator"]["name"] == "Velloway Labs, Inc."
    assert labels["signing"]["date"] == "2025-08-25"
    assert all(requirements["signing"]["evidence"])  # boxes without text were read from the PDF


def test_a_rejected_detection_keeps_the_verdict_but_no_values_or_evidence(
    exported: tuple[Path, dict[str, Any]],
) -> None:
    _, labels = exported
    assert labels["requirements"]["data_categories"] == {"present": True, "compliant": True, "evidence": []}


def test_eval_runs_on_the_export_and_scores_against_the_correction(scored: EvalReport) -> None:
    assert not scored.errors and len(scored.agreements) == 1
    rates = {name: score.rates() for name, score in scored.scores.items()}
    assert rates["breach_notice"]["verdict_accuracy"] == 0.0  # the pipeline still reads ten days
    assert rates["breach_notice"]["value_accuracy"] == 0.0
    assert rates["return_or_delete"]["verdict_accuracy"] == 1.0
    assert rates["return_or_delete"]["value_accuracy"] == 1.0
    assert rates["data_categories"]["value_accuracy"] is None  # rejected: values not labelled
    wrong = [w for w in scored.wrong if w.requirement == "breach_notice" and w.aspect == "value"]
    assert wrong and json.loads(wrong[0].expected) == CORRECTED
    # Approved detections round-trip: the correction is the only disagreement, evidence included.
    assert {(w.requirement, w.aspect) for w in scored.wrong} == {
        ("breach_notice", "verdict"),
        ("breach_notice", "value"),
    }
    assert scored.macro()["evidence_hit_rate"] == 1.0


def test_an_agreement_with_undecided_checks_is_skipped(tmp_path: Path) -> None:
    template = tmp_path / "fresh"
    template.mkdir()
    world = copy_world(template, tmp_path / "world", build_template(template))
    database = open_database(world.settings.resolved_database_url)
    with database.session_factory() as session:
        result = export_labels(session, world.settings, tmp_path / "out")
    database.engine.dispose()
    assert result.exported == () and "undecided checks" in result.skipped[0].reason
    assert list((tmp_path / "out").iterdir()) == []


def test_the_zip_is_for_reviewers_and_admins_and_is_audited(reviewed: World, tmp_path: Path) -> None:
    database = open_database(reviewed.settings.resolved_database_url)
    with database.session_factory() as session:
        dana = review.authenticate(session, "dana", PASSWORD)
        ada = review.authenticate(session, "ada", PASSWORD)
        with pytest.raises(NotAllowedError):
            export_labels_zip(session, reviewed.settings, dana, tmp_path / "refused")
        data, _ = export_labels_zip(session, reviewed.settings, ada, tmp_path / "zip", reviewed.agreement_id)
        names = sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())
        events = [
            (e.actor, e.after) for e in session.scalars(select(AuditEvent)) if e.action == "labels.exported"
        ]
    database.engine.dispose()
    assert names == ["velloway_short_dpa_a1.labels.json", "velloway_short_dpa_a1.pdf"]
    assert events == [("ada", {"exported": [reviewed.agreement_id], "skipped": {}})]


def test_the_command_writes_the_folder(reviewed: World, tmp_path: Path) -> None:
    settings = reviewed.settings
    args = ["--db", settings.resolved_database_url, "--data-dir", str(settings.data_dir)]
    out = tmp_path / "cli"
    result = CliRunner().invoke(app, [*args, "export-labels", "--out", str(out), "--agreement", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "velloway_short_dpa_a1.labels.json",
        "velloway_short_dpa_a1.pdf",
    ]
    missing = CliRunner().invoke(app, [*args, "export-labels", "--out", str(out), "--agreement", "99"])
    assert missing.exit_code == 1
