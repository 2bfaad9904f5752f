"""``dpa check`` prints the documented checklist JSON; ``dpa eval`` scores a labelled folder."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from pipeline.findings import AgreementKind, RequirementId, Verdict
from tests.conftest import CORPUS
from tests.dpa.conftest import SMALL_PDF

TOP_KEYS = {
    "file",
    "sha256",
    "pages",
    "kind",
    "operator",
    "signing",
    "posting_deadline",
    "requirements",
    "problems",
}


def test_check_json_follows_the_documented_schema(run_cli: Callable[..., Result]) -> None:
    result = run_cli("check", str(SMALL_PDF), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == TOP_KEYS
    assert data["pages"] == 3 and len(data["sha256"]) == 64
    assert data["kind"] in {k.value for k in AgreementKind} and data["kind"] != "no_student_data_terms"
    assert set(data["operator"]) == {"name", "address"}
    assert set(data["signing"]) == {"district_signer", "title", "date"}
    assert set(data["requirements"]) == {r.value for r in RequirementId}
    for item in data["requirements"].values():
        assert set(item) == {"verdict", "reason", "confidence", "values", "evidence"}
        assert item["verdict"] in {v.value for v in Verdict} and item["reason"]
        for evidence in item["evidence"]:
            assert set(evidence) == {"page", "text", "bbox"} and len(evidence["bbox"]) == 4
    # the labelled facts of this agreement: a deadline 10 business days after the district signed
    labels = json.loads((CORPUS / "velloway_short_dpa.labels.json").read_text())
    assert data["signing"]["date"] == labels["signing"]["date"]
    assert data["posting_deadline"] > data["signing"]["date"]
    assert data["requirements"]["posting_statement"]["verdict"] == "missing"


def test_check_table_names_the_missing_requirements(run_cli: Callable[..., Result]) -> None:
    result = run_cli("check", str(SMALL_PDF))
    assert result.exit_code == 0
    assert "breach_cost_allocation" in result.output and "missing" in result.output
    assert "Posting deadline: 2025-09-09" in result.output  # signed Mon 25 Aug 2025; Labor Day 1 Sep skipped


def test_check_of_a_bad_file_is_a_plain_error(
    run_cli: Callable[..., Result], bad_files: dict[str, Path]
) -> None:
    result = run_cli("check", str(bad_files["encrypted"]))
    assert result.exit_code == 1
    assert "password" in result.output.lower() and "Traceback" not in result.output


def test_eval_scores_a_labelled_folder(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    folder = tmp_path / "labelled"
    folder.mkdir()
    for suffix in (".pdf", ".labels.json"):
        shutil.copy(CORPUS / f"velloway_short_dpa{suffix}", folder)
    result = run_cli("eval", str(folder), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert "macro" in json.dumps(report)
    text = run_cli("eval", str(folder)).output
    assert "velloway_short_dpa" in text or "1 agreement" in text
