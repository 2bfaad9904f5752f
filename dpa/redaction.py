"""Redact-and-verify, the use case shared by ``dpa redact`` and the review app.

One file goes through every stage up to the verdicts (the protected provisions come from the
checklist), then plan -> apply -> verify. The output is written only through ``apply_redactions``
and is reported unverified, with its leaks, when re-extraction finds anything.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from dpa.settings import Settings
from pipeline.errors import PipelineError

if TYPE_CHECKING:  # the redaction package loads PyMuPDF and pdfplumber: only when a command runs
    from pipeline.redact.types import RedactionPlan, VerificationReport

console = Console()
err_console = Console(stderr=True)


@dataclass(frozen=True, slots=True)
class RedactedFile:
    """What ``redact_file`` produced: the output path, the plan applied and its verification."""

    output: Path
    plan: RedactionPlan
    report: VerificationReport


def redact_file(
    settings: Settings, path: Path, out: Path, terms: Sequence[str] = (), patterns: Sequence[str] = ()
) -> VerificationReport:
    """Write a truly redacted copy of ``path`` to ``out`` and return its verification."""
    return redact_file_detailed(settings, path, out, terms, patterns).report


def redact_file_detailed(
    settings: Settings, path: Path, out: Path, terms: Sequence[str] = (), patterns: Sequence[str] = ()
) -> RedactedFile:
    """``redact_file`` keeping the plan (proposals and refusals) for display."""
    from dpa.workflows import upload_as_pdf  # spaCy and PyMuPDF load here, not at CLI start-up
    from pipeline.detect import detect
    from pipeline.judge import judge
    from pipeline.parse import parse
    from pipeline.redact import apply_redactions, plan_redactions, verify_redactions
    from pipeline.segment import segment

    with upload_as_pdf(settings, path, path.name) as (upload, pdf_path):
        segmented = segment(parse(pdf_path, sha256=upload.sha256))
        checklist = judge(detect(segmented))
        plan = plan_redactions(segmented, checklist, terms=terms, patterns=patterns)
        output = apply_redactions(pdf_path, plan, out)
        report = verify_redactions(pdf_path, output, plan)
    return RedactedFile(output=output, plan=plan, report=report)


def report_json(output: Path, report: VerificationReport) -> dict[str, object]:
    """The documented JSON of ``dpa redact --format json``."""
    return {
        "output": str(output),
        "redactions": report.redactions,
        "verified": report.verified,
        "leaks": list(report.leaks),
        "protected_kept": report.protected_kept,
    }


def register(app: typer.Typer) -> None:
    """Add ``redact`` to the ``dpa`` command."""
    app.command("redact")(redact)


def redact(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Agreement (PDF or DOCX).")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the redacted PDF.")],
    term: Annotated[
        list[str] | None, typer.Option("--term", help="Also redact this text (repeatable).")
    ] = None,
    pattern: Annotated[
        list[str] | None, typer.Option("--pattern", help="Also redact matches of this regex (repeatable).")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Redact personal data from an agreement, keep what the law keeps public, and verify the result."""
    if output_format not in ("table", "json"):
        err_console.print("--format must be 'table' or 'json'")
        raise typer.Exit(2)
    settings = ctx.obj.settings if ctx.obj is not None else Settings()
    try:
        result = redact_file_detailed(settings, file, out, term or (), pattern or ())
    except PipelineError as exc:
        err_console.print(str(exc), highlight=False)
        raise typer.Exit(1) from None
    if output_format == "json":
        typer.echo(json.dumps(report_json(result.output, result.report), indent=2, ensure_ascii=False))
    else:
        console.print(_table(result))
    if not result.report.verified:
        raise typer.Exit(1)


def _table(result: RedactedFile) -> Table:
    report = result.report
    table = Table(title=f"{result.output} — {'verified' if report.verified else 'NOT VERIFIED: do not post'}")
    table.add_column("page")
    table.add_column("reason")
    table.add_column("text")
    for p in result.plan.proposals:
        table.add_row(str(p.page), str(p.reason), p.text or "(image)")
    for r in result.plan.refused:
        table.add_row(str(r.proposal.page), "refused", f"{r.proposal.text}: {r.why}")
    for leak in report.leaks:
        table.add_row("", "LEAK", leak)
    return table
