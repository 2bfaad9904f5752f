"""The evaluator's tolerance rules, lenient and strict, and end-to-end runs on two corpus agreements."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dpa.cli import app
from dpa.devtools.eval_matching import Matching
from dpa.devtools.eval_report import render_text, report_to_json
from dpa.devtools.evaluate import evaluate, values_match
from tests.conftest import CORPUS as SHARED_CORPUS

CORPUS = SHARED_CORPUS
TWO_AGREEMENTS = ("velloway_short_dpa", "glimmerstone_tos")
NEAR_MISSES = ("velloway_short_dpa", "ospreyline_classroom_dpa")  # the latter: products found 2 of 3
FIVE = ["Student Name", "Date of Birth", "Grade Level", "Email Address", "Student ID"]


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


@pytest.mark.parametrize(
    ("key", "expected", "got", "lenient", "strict"),
    [
        ("products", ["Acme Reader"], ["Acme Reader app"], True, False),  # containment
        ("names", ["Northwind Hosting Services LLC"], ["Northwind Hosting LLC"], True, False),  # Jaccard 0.75
        ("elements", FIVE, FIVE[:4], True, False),  # one of five missing: item F1 0.89
        ("elements", FIVE[:4], FIVE, True, False),  # one extra
        ("names", ["Acme Cloud, Inc.", "Beta LLC"], ["ACME cloud  inc", "beta, llc."], True, True),
        ("name", "Velloway Learning, Inc.", "velloway learning inc", True, True),
        ("title", "Superintendent", "Assistant Superintendent", True, False),
        ("url", "https://www.x.example/subs/", "x.example/subs", True, True),
        ("url", "x.example/subs", "https://x.example/subs/", True, True),
        ("url", "https://x.example/subs", "https://x.example/subprocessors", False, False),
        ("standards", ["ISO/IEC 27001:2022", "SOC 2"], ["ISO 27001", "SOC 2 Type II"], True, True),
        ("period", 30, 30, True, True),
        ("unit", "calendar_days", "days", False, False),
        ("elements", [], [], True, True),
        ("elements", ["Student Name"], [], False, False),
    ],
)
def test_lenient_and_strict_matching(key: str, expected, got, lenient: bool, strict: bool) -> None:
    assert values_match(key, expected, got, Matching.lenient()) is lenient
    assert values_match(key, expected, got, Matching.strict()) is strict


def test_the_rules_are_worded_from_the_policy() -> None:
    lenient, strict = Matching.lenient().to_json(), Matching.strict().to_json()
    assert lenient["mode"] == "lenient" and strict["mode"] == "strict"
    assert any("contains" in rule for rule in lenient["rules"])
    assert not any("contains" in rule or "Jaccard" in rule for rule in strict["rules"])
    assert any("every listed item" in rule for rule in strict["rules"])


def _two_agreements(folder: Path, names: tuple[str, str] = TWO_AGREEMENTS) -> Path:
    for name in names:
        for suffix in (".pdf", ".labels.json"):
            shutil.copy(CORPUS / f"{name}{suffix}", folder / f"{name}{suffix}")
    return folder


def test_evaluate_two_agreements(tmp_path: Path) -> None:
    report = evaluate(_two_agreements(tmp_path))
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


def test_strict_scores_no_higher_and_says_so(tmp_path: Path) -> None:
    """The real evaluator through the CLI, both ways on the same agreements; each states its rules."""
    folder = _two_agreements(tmp_path, NEAR_MISSES)
    run = CliRunner().invoke
    base = ["--data-dir", str(tmp_path / "data"), "eval", "--no-redaction"]
    lenient, strict = run(app, [*base, str(folder)]), run(app, [*base, str(folder), "--strict"])
    assert lenient.exit_code == 0 and strict.exit_code == 0, lenient.output + strict.output
    assert _value_accuracy(strict.output) <= _value_accuracy(lenient.output)
    assert _value_misses(lenient.output) <= _value_misses(strict.output)  # strict only adds misses
    assert "values matched lenient:" in lenient.output and "values matched strict:" in strict.output
    assert all(rule in strict.output for rule in Matching.strict().rules())
    assert "one contains the other" in lenient.output and "one contains the other" not in strict.output
    (tmp_path / "empty").mkdir()
    as_json = run(app, [*base, str(tmp_path / "empty"), "--strict", "--json"])
    assert json.loads(as_json.output)["matching"] == Matching.strict().to_json()


def _value_accuracy(output: str) -> float:
    """The macro value accuracy from the text report's ``macro:`` line."""
    return float(re.search(r"\bvalue_accuracy=([0-9.]+)", output).group(1))


def _value_misses(output: str) -> set[str]:
    return {line.strip() for line in output.splitlines() if " [value] " in line}
