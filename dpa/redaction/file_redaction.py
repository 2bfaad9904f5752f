"""Redact-and-verify, the use case shared by ``dpa redact`` and the review app.

One file goes through every stage up to the verdicts (the protected provisions come from the
checklist), then plan -> apply -> verify, each in a worker process (``pipeline.guarded``), as every
reading of an uploaded file. The output is written only through ``apply_redactions``
and is reported unverified, with its leaks and each failed check explained (which provision or
string, which page, what to do), when re-extraction finds anything.

``dpa redact`` also takes a stored agreement (its id or SHA-256 prefix, as ``dpa show``): then the
run is recorded in the database through ``dpa.redaction.runs`` as by ``cli`` and the verified
output kept in the file store, but not approved (nobody signed in): a reviewer approves in the app.
An argument naming an existing file is always taken as the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dpa.settings import Settings

if TYPE_CHECKING:  # the redaction package loads PyMuPDF and pdfplumber: only when a command runs
    from pipeline.redact.types import RedactionPlan, VerificationReport

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
    from dpa.intake.file_check import upload_as_pdf
    from pipeline.guarded import check_guarded, redact_guarded

    if signer_names not in SIGNER_NAME_CHOICES:
        raise ValueError(f"signer_names must be one of {', '.join(SIGNER_NAME_CHOICES)}")
    # Checking and redacting an untrusted file run in worker processes, never in ours.
    with upload_as_pdf(settings, path, path.name) as (upload, pdf_path, pages):
        checked = check_guarded(pdf_path, sha256=upload.sha256, file_name=upload.original_name, pages=pages)
        redacted = redact_guarded(
            pdf_path,
            checked.segmented,
            checked.checklist,
            out,
            file_name=upload.original_name,
            terms=terms,
            patterns=patterns,
            signer_names=signer_names,
        )
    output, plan, report = out, redacted.plan, redacted.report
    return RedactedFile(output=output, plan=plan, report=report)


def redact_stored(
    settings: Settings, ref: str, out: Path, terms: Sequence[str] = (), patterns: Sequence[str] = ()
) -> tuple[RedactedFile, str]:
    """Redact a stored agreement as a recorded, unapproved run (one transaction); also a line saying so.

    Raises:
        AgreementNotFoundError: no agreement matches ``ref``.
        ReviewError: the run cannot be made as asked (a bad pattern, the stored PDF missing).
    """
    from dpa.redaction.runs import redact_agreement  # the stages load here, not at CLI start-up
    from dpa.transactions import open_database, transaction
    from models import store

    database = open_database(settings.resolved_database_url)
    try:
        with transaction(database) as session:
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
