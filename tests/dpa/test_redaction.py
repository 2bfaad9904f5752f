"""``dpa redact``: the use case and its JSON interface on a real corpus agreement."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import typer
from typer.testing import CliRunner

from dpa.redaction import redact_file, redact_file_detailed, register
from dpa.settings import Settings
from tests.conftest import CORPUS

SAMPLE = CORPUS / "velloway_short_dpa.pdf"


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test host for the registered command."""

    register(app)
    return app


def test_redact_file_removes_a_term_and_refuses_the_business_address(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    result = redact_file_detailed(
        Settings(data_dir=tmp_path), SAMPLE, out, terms=("Data Location", "Boulder")
    )
    report = result.report
    assert report.verified and report.protected_kept, report.leaks
    assert [r.proposal.text for r in result.plan.refused] == ["Boulder"]
    assert "business address" in result.plan.refused[0].why
    with pymupdf.open(out) as doc:
        text = "".join(page.get_text() for page in doc)
    assert "Data Location" not in text and "31 Kestrel Court, Boulder, CO 80301" in text
    assert (
        redact_file(Settings(data_dir=tmp_path), SAMPLE, tmp_path / "again.pdf").redactions
        == report.redactions - 1
    )


def test_cli_json(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(
        _app(), ["redact", str(SAMPLE), "--out", str(out), "--pattern", r"\bgrades? \d\b", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["output"] == str(out) and out.exists()
    assert payload["verified"] is True and payload["leaks"] == [] and payload["protected_kept"] is True
    assert payload["redactions"] >= 6


def test_sample_payment_details_are_redacted_and_verified(tmp_path: Path) -> None:
    """Regression: a labelled routing number whose ABA checksum fails was left in the posted copy."""
    sample = Path(__file__).resolve().parents[2] / "samples" / "tessaline_msa.pdf"
    out = tmp_path / "posted.pdf"
    report = redact_file(Settings(data_dir=tmp_path), sample, out)
    assert report.verified and report.protected_kept
    with pymupdf.open(out) as doc:
        text = "".join(page.get_text() for page in doc)
    for secret in ("271987650", "4410229877", "36-5550142"):
        assert secret not in text
    assert "Tessaline" in text  # the operator is named in the posted copy
