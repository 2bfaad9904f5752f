"""The evaluator's tolerance rules and an end-to-end run on a copy of two corpus agreements."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dpa.evaluate import evaluate, render_text, report_to_json, values_match
from tests.conftest import CORPUS as SHARED_CORPUS

CORPUS = SHARED_CORPUS


@pytest.mark.parametrize(
    ("key", "expected", "got", "ok"),
    [
        ("period", 30, 30, True),
        ("unit", "calendar_days", "days", False),
        ("standards", ["ISO/IEC 27001:2022"], ["ISO 27001"], True),
        ("standards", ["SOC 2"], ["SOC 2 Type II", "NIST CSF"], False),
        ("names", ["Acme Cloud, Inc.", "Beta LLC"], ["acme cloud inc", "Beta LLC"], True),
        ("names", ["Acme Cloud, Inc.", "Beta LLC"], ["Acme Cloud, Inc."], False),
        ("url", "https://www.x.example/subs/", "x.example/subs", True),
        ("stated", ["sale", "profiling"], ["profiling", "sale"], True),
        ("elements", [], [], True),
    ],
)
def test_value_tolerance(key: str, expected, got, ok: bool) -> None:
    assert values_match(key, expected, got) is ok


def test_evaluate_two_agreements(tmp_path: Path) -> None:
    for name in ("velloway_short_dpa", "glimmerstone_tos"):
        for suffix in (".pdf", ".labels.json"):
            shutil.copy(CORPUS / f"{name}{suffix}", tmp_path / f"{name}{suffix}")
    report = evaluate(tmp_path)
    assert sorted(report.agreements) == ["glimmerstone_tos", "velloway_short_dpa"]
    macro = report.macro()
    assert macro["presence_f1"] >= 0.9 and macro["verdict_accuracy"] >= 0.9
    data = report_to_json(report)
    json.dumps(data)
    assert set(data["requirements"]) >= {"breach_notice", "signing"}
    assert "breach_notice" in render_text(report)


def test_missing_variant_is_skipped(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "glimmerstone_tos.labels.json", tmp_path / "glimmerstone_tos.labels.json")
    assert evaluate(tmp_path, variant="docx").agreements == []
