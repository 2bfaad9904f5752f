"""Redact-and-verify, the use case shared by ``dpa redact`` and the review app.

One file goes through every stage up to the verdicts (the protected provisions come from the
checklist), then plan -> apply -> verify. The output is written only through ``apply_redactions``
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
    from dpa.intake.file_check import upload_as_pdf  # spaCy and PyMuPDF load here, not at CLI start-up
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
