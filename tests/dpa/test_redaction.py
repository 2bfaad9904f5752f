"""``dpa redact``: the use case and its JSON interface on a real corpus agreement."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import typer
from rich.console import Console
from typer.testing import CliRunner

from dpa.cli.redaction_commands import _table, register, report_json
from dpa.redaction.file_redaction import RedactedFile, redact_file, redact_file_detailed
from dpa.settings import Settings
from pipeline.detect import detect
from pipeline.judge import judge
from pipeline.parse import parse
from pipeline.redact import (
    Proposal,
    RedactionPlan,
    RedactionReason,
    apply_redactions,
    plan_redactions,
    verify_redactions,
)
from pipeline.segment import segment
from pipeline.types import BBox
from tests.conftest import CORPUS
from tests.pdf_support import texts_by_page

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


def _forced_over_the_data_categories(tmp_path: Path) -> RedactedFile:
    """A real redaction with one box forced past the screen over the data-categories table header."""
    segmented = segment(parse(SAMPLE))
    checklist = judge(detect(segmented))
    plan = plan_redactions(segmented, checklist)
    with pymupdf.open(SAMPLE) as doc:
        rect = doc[0].search_for("Data element")[0]
    forced = Proposal(
        1, BBox(rect.x0, rect.y0, rect.x1, rect.y1), "Data element", RedactionReason.REVIEWER_TERM
    )
    forced_plan = RedactionPlan((*plan.proposals, forced), plan.refused, plan.protected)
    out = apply_redactions(SAMPLE, forced_plan, tmp_path / "out.pdf")
    return RedactedFile(out, forced_plan, verify_redactions(SAMPLE, out, forced_plan))


def test_a_failed_verification_is_explained_in_the_json_and_the_table(tmp_path: Path) -> None:
    result = _forced_over_the_data_categories(tmp_path)
    payload = json.loads(json.dumps(report_json(result.output, result.report)))
    assert payload["verified"] is False and payload["protected_kept"] is False
    [failure] = [f for f in payload["failures"] if f["check"] == "protected_provision_missing"]
    assert failure["provision"] == "the categories of student data (105 ILCS 85/15(4)(A))"
    assert failure["requirement"] == "data_categories" and failure["pages"] == [1]
    assert "Data element" in failure["text"] and "Reject the box" in failure["advice"]
    console = Console(record=True, width=200)
    console.print(_table(result))
    shown = " ".join(console.export_text().split())
    assert "NOT VERIFIED: do not post" in shown
    assert "The categories of student data (105 ILCS 85/15(4)(A)) on page 1" in shown
    assert "What you can do: Reject the box that covers it (page 1, over “Data element”)" in shown


def test_a_term_in_the_running_header_is_redacted_on_every_page(tmp_path: Path) -> None:
    """Regression: "Ashgrove" stayed readable in the sample's running header on all seven pages."""
    sample = Path(__file__).resolve().parents[2] / "samples" / "mossbrook_il_dpa.pdf"
    out = tmp_path / "posted.pdf"
    result = redact_file_detailed(Settings(data_dir=tmp_path), sample, out, terms=("Ashgrove",))
    assert result.report.verified and result.report.protected_kept, result.report.leaks
    texts = texts_by_page(out)
    assert len(texts) == 14
    for text in texts:
        assert "ashgrove" not in text.casefold()
    assert all("Mossbrook" in text for text in texts[:7])  # the rest of the header stays
