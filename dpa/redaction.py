"""Redact-and-verify, the use case shared by ``dpa redact`` and the review app.

One file goes through every stage up to the verdicts (the protected provisions come from the
checklist), then plan -> apply -> verify. The output is written only through ``apply_redactions``
and is reported unverified, with its leaks and each failed check explained (which provision or
string, which page, what to do), when re-extraction finds anything.

``dpa redact`` also takes a stored agreement (its id or SHA-256 prefix, as ``dpa show``): then the
run is recorded in the database through ``dpa.redaction_runs`` as by ``cli`` and the verified
output kept in the file store, but not approved (nobody signed in): a reviewer approves in the app.
An argument naming an existing file is always taken as the file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
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
SIGNER_NAME_CHOICES = ("none", "district", "all")  # the values of pipeline.redact.SignerNames


@dataclass(frozen=True, slots=True)
class RedactedFile:
    """What ``redact_file`` produced: the output path, the plan applied and its verification."""

    output: Path
    plan: RedactionPlan
    report: VerificationReport


def redact_file(
    settings: Settings,
    path: Path,
    out: Path,
    terms: Sequence[str] = (),
    patterns: Sequence[str] = (),
    signer_names: str = "none",
) -> VerificationReport:
    """Write a truly redacted copy of ``path`` to ``out`` and return its verification."""
    return redact_file_detailed(settings, path, out, terms, patterns, signer_names).report


def redact_file_detailed(
    settings: Settings,
    path: Path,
    out: Path,
    terms: Sequence[str] = (),
    patterns: Sequence[str] = (),
    signer_names: str = "none",
) -> RedactedFile:
    """``redact_file`` keeping the plan (proposals and refusals) for display.

    ``signer_names`` (none, district or all) says whose names in signature blocks are redacted.
    """
    from dpa.workflows import upload_as_pdf  # spaCy and PyMuPDF load here, not at CLI start-up
    from pipeline.detect import detect
    from pipeline.judge import judge
    from pipeline.parse import parse
    from pipeline.redact import SignerNames, apply_redactions, plan_redactions, verify_redactions
    from pipeline.segment import segment

    names = SignerNames(signer_names)
    with upload_as_pdf(settings, path, path.name) as (upload, pdf_path):
        segmented = segment(parse(pdf_path, sha256=upload.sha256))
        checklist = judge(detect(segmented))
        plan = plan_redactions(
            segmented, checklist, terms=terms, patterns=patterns, redact_signer_names=names
        )
        output = apply_redactions(pdf_path, plan, out)
        report = verify_redactions(pdf_path, output, plan)
    return RedactedFile(output=output, plan=plan, report=report)


def redact_stored(
    settings: Settings, ref: str, out: Path, terms: Sequence[str] = (), patterns: Sequence[str] = ()
) -> tuple[RedactedFile, str]:
    """Redact a stored agreement as a recorded, unapproved run (one transaction); also a line saying so.

    Raises:
        AgreementNotFoundError: no agreement matches ``ref``.
        ReviewError: the run cannot be made as asked (a bad pattern, the stored PDF missing).
    """
    from dpa.redaction_runs import redact_agreement  # the stages load here, not at CLI start-up
    from models import store
    from models.db import open_database

    database = open_database(settings.resolved_database_url)
    try:
        with database.session_factory.begin() as session:
            agreement_id = store.get_agreement_detail(session, ref).summary.id
            outcome = redact_agreement(session, settings, agreement_id, out, terms=terms, patterns=patterns)
    finally:
        database.engine.dispose()
    note = (
        f"Recorded as redaction run {outcome.run_id} of agreement {agreement_id}"
        + (f", output stored as SHA-256 {outcome.sha256}" if outcome.sha256 else "")
        + ". Not approved: a reviewer approves the redaction in the review app before it can be posted."
    )
    return RedactedFile(output=out, plan=outcome.plan, report=outcome.report), note


def _redact_stored_or_exit(
    settings: Settings, ref: str, out: Path, terms: Sequence[str], patterns: Sequence[str]
) -> RedactedFile:
    """``redact_stored`` with its refusals printed as one line and exit code 1."""
    from dpa.review import ReviewError
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
    settings = ctx.obj.settings if ctx.obj is not None else Settings()
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
