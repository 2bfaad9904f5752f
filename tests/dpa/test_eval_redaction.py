"""Redaction figures of ``dpa eval``: scored per agreement, shown in the table and under "redaction"."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from dpa.devtools.eval_redaction import evaluate_redaction
from dpa.devtools.eval_report import render_text, report_to_json
from dpa.devtools.evaluate import evaluate
from tests.conftest import CORPUS

SUMMARY_KEYS = {
    "agreements",
    "errors",
    "must_redact_absent_rate",
    "must_keep_present_rate",
    "must_keep_unreadable",
    "signatures_expected",
    "signatures_redacted",
    "signature_match_rate",
    "metadata_clean_rate",
    "verified_rate",
}


def _labelled(folder: Path, names: list[str], suffix: str = ".pdf") -> Path:
    folder.mkdir()
    for name in names:
        for ending in (suffix, ".labels.json"):
            shutil.copy(CORPUS / f"{name}{ending}", folder)
    return folder


@pytest.fixture(scope="module")
def two_agreements(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _labelled(tmp_path_factory.mktemp("eval") / "two", ["velloway_short_dpa", "glimmerstone_tos"])


def test_corpus_agreements_redact_cleanly(two_agreements: Path) -> None:
    result = evaluate_redaction(two_agreements)
    assert [a.agreement for a in result.agreements] == ["glimmerstone_tos", "velloway_short_dpa"]
    assert not result.errors
    summary = result.summary()
    assert set(summary) == SUMMARY_KEYS
    assert summary["must_redact_absent_rate"] == 1.0 and summary["must_keep_present_rate"] == 1.0
    assert summary["signatures_redacted"] == summary["signatures_expected"] == 4
    assert summary["metadata_clean_rate"] == 1.0 and summary["verified_rate"] == 1.0
    assert all(not a.leaks for a in result.agreements)


def test_a_missed_string_and_a_wrong_signature_count_show(tmp_path: Path) -> None:
    folder = _labelled(tmp_path / "one", ["velloway_short_dpa"])
    labels_path = folder / "velloway_short_dpa.labels.json"
    labels = json.loads(labels_path.read_text())
    labels["redaction"]["must_redact"].append("Velloway Labs, Inc.")  # printed, never proposed
    labels["redaction"]["must_keep"].append("a sentence this agreement does not contain")
    labels["redaction"]["signature_images"] = 3
    labels_path.write_text(json.dumps(labels))
    (agreement,) = evaluate_redaction(folder).agreements
    assert agreement.redacted == agreement.must_redact - 1
    assert any("Velloway Labs, Inc." in leak and "PyMuPDF" in leak for leak in agreement.leaks)
    assert agreement.must_keep_unreadable == 1 and agreement.kept == agreement.must_keep
    assert not agreement.signatures_match and agreement.signatures_redacted == 2


def test_eval_report_carries_the_redaction_figures(two_agreements: Path) -> None:
    report = evaluate(two_agreements, redaction=True)
    data = report_to_json(report)
    assert {"macro", "requirements", "wrong"} <= set(data)  # the detection figures are still there
    assert set(data["redaction"]["summary"]) == SUMMARY_KEYS
    assert len(data["redaction"]["agreements"]) == 2
    text = render_text(report)
    assert "redaction [pdf] - 2 agreements" in text and "signatures 4/4" in text
    assert report_to_json(evaluate(two_agreements))["redaction"] is None


def test_cli_eval_prints_redaction_unless_skipped(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    folder = _labelled(tmp_path / "one", ["velloway_short_dpa"])
    result = run_cli("eval", str(folder), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["redaction"]["summary"]["verified_rate"] == 1.0
    skipped = run_cli("eval", str(folder), "--json", "--no-redaction")
    assert json.loads(skipped.output)["redaction"] is None


@pytest.mark.ocr
def test_scanned_agreement_signatures_are_found_in_the_image(tmp_path: Path) -> None:
    folder = _labelled(tmp_path / "scan", ["velloway_short_dpa"], ".scanned.pdf")
    result = evaluate_redaction(folder, "scanned")
    (agreement,) = result.agreements
    assert agreement.signatures_redacted == agreement.signatures_expected == 2
    assert agreement.redacted == agreement.must_redact and agreement.verified, agreement.leaks
