"""``dpa redact``: a redacted, verified copy of a file or of a stored agreement."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from dpa.cli.common import console, err_console, settings_of
from dpa.redaction.file_redaction import (
    SIGNER_NAME_CHOICES,
    RedactedFile,
    redact_file_detailed,
    redact_stored,
)
from dpa.settings import Settings
from pipeline.errors import PipelineError

if TYPE_CHECKING:  # the redaction package loads PyMuPDF and pdfplumber: only when a command runs
    from pipeline.redact.types import VerificationReport


def _redact_stored_or_exit(
    settings: Settings, ref: str, out: Path, terms: Sequence[str], patterns: Sequence[str]
) -> RedactedFile:
    """``redact_stored`` with its refusals printed as one line and exit code 1."""
    from dpa.review.accounts import ReviewError
    from models.store import AgreementNotFoundError

    try:
        result, note = redact_stored(settings, ref, out, terms, patterns)
    except AgreementNotFoundError as exc:
        err_console.print(f"{exc.args[0]} (and no file of that name)", highlight=False)
    except ReviewError as exc:
        err_console.print(str(exc), highlight=False)
    else:
        err_console.print(note, highlight=False)  # stderr: stdout stays the table or the JSON
        return result
    raise typer.Exit(1)


def _looks_like_ref(text: str) -> bool:
    """An agreement id or SHA-256 prefix, as ``dpa show`` takes them (anything else is a file name)."""
    ref = text.strip().lower()
    return ref.isdigit() or (len(ref) >= 4 and all(c in "0123456789abcdef" for c in ref))


def report_json(output: Path, report: VerificationReport) -> dict[str, object]:
    """The documented JSON of ``dpa redact --format json``; ``failures`` explains each failed check."""
    return {
        "output": str(output),
        "redactions": report.redactions,
        "verified": report.verified,
        "leaks": list(report.leaks),
        "protected_kept": report.protected_kept,
        "failures": [asdict(failure) for failure in report.failures],
    }


def register(app: typer.Typer) -> None:
    """Add ``redact`` to the ``dpa`` command."""
    app.command("redact")(redact)


def redact(
    ctx: typer.Context,
    file_or_agreement: Annotated[
        str,
        typer.Argument(
            metavar="FILE_OR_AGREEMENT",
            help="A PDF or DOCX file, or a stored agreement's id / SHA-256 prefix.",
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="Where to write the redacted PDF.")],
    term: Annotated[
        list[str] | None, typer.Option("--term", help="Also redact this text (repeatable).")
    ] = None,
    pattern: Annotated[
        list[str] | None, typer.Option("--pattern", help="Also redact matches of this regex (repeatable).")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    signer_names: Annotated[
        str,
        typer.Option(
            "--signer-names", help="Redact signers' names in signature blocks: none, district or all."
        ),
    ] = "none",
) -> None:
    """Redact personal data from an agreement, keep what the law keeps public, and verify the result."""
    if output_format not in ("table", "json"):
        err_console.print("--format must be 'table' or 'json'")
        raise typer.Exit(2)
    if signer_names not in SIGNER_NAME_CHOICES:
        err_console.print("--signer-names must be 'none', 'district' or 'all'")
        raise typer.Exit(2)
    settings = settings_of(ctx)
    path = Path(file_or_agreement)
    if not path.is_file() and not _looks_like_ref(file_or_agreement):
        err_console.print(f"No such file: {file_or_agreement}", highlight=False)
        raise typer.Exit(1)
    try:
        if path.is_file():
            result = redact_file_detailed(settings, path, out, term or (), pattern or (), signer_names)
        elif signer_names != "none":
            err_console.print("--signer-names applies to a file; for a stored agreement use the review app")
            raise typer.Exit(2)
        else:
            result = _redact_stored_or_exit(settings, file_or_agreement, out, term or (), pattern or ())
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
    for failure in report.failures:
        pages = ", ".join(str(n) for n in failure.pages)
        table.add_row(pages, "FAILED", f"{failure.problem}\nWhat you can do: {failure.advice}")
    return table
