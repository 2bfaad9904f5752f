"""Redaction runs of stored agreements: propose, let a reviewer accept/reject/add, apply and verify.

Roles are enforced here, as in ``dpa.review``: only a reviewer changes or applies a run (the same
role that may mark an agreement approved or redacted); a director may look but not change runs.
Whoever asks, nothing inside the 15(4)(A)-(C) provisions or the operator's business address is
redacted: every addition is screened by ``screen_proposals`` and refused with the plain reason,
and ``apply`` screens the accepted boxes once more. Each function takes the caller's session,
never commits, and records every change as an audit event on the agreement.

The CLI (``dpa redact AGREEMENT``) runs in the operator's own shell, where nobody signed in: its
runs are recorded as by ``"cli"``, applied and verified, but not approved, so they never move the
agreement's status and are never the run ``latest_verified_run`` hands to publishing. A reviewer
approves a redaction in the review app.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from dpa.intake.uploads import _remove_if_rolled_back
from dpa.redaction.additions import (
    Addition,
    add_box,
    add_clause,
    add_pattern,
    add_request,
    add_term,
    compile_pattern,
)
from dpa.redaction.preview import preview_png
from dpa.redaction.run_store import (
    EDIT_ROLES,
    RunConflictError,
    agreement_for,
    editable_run,
    record,
    save,
    source_for,
)
from dpa.redaction.run_views import RunView, failure_message, latest_run, latest_verified_run, run_view
from dpa.redaction.source import (
    RedactionSource,
    proposal_from_json,
    proposal_to_json,
    refusal_from_json,
    refusal_to_json,
)
from dpa.review.accounts import Actor, ReviewError, require_role
from dpa.review.workflow import Via, move_if_allowed
from dpa.settings import Settings
from models.base import utcnow
from models.enums import AgreementStatus
from models.redaction import RedactionRun
from models.user import User
from pipeline.guarded import apply_and_verify_guarded, plan_redaction_guarded
from pipeline.redact.plan import protected_passages, screen_proposals
from pipeline.redact.types import RedactionPlan, VerificationReport

__all__ = [
    "CLI_ACTOR",
    "EDIT_ROLES",
    "Addition",
    "ApplyOutcome",
    "RunConflictError",
    "RunView",
    "add_box",
    "add_clause",
    "add_pattern",
    "add_term",
    "apply_run",
    "latest_run",
    "latest_verified_run",
    "preview_png",
    "propose_redactions",
    "run_view",
    "set_proposal_accepted",
]

CLI_ACTOR = "cli"


@dataclass(frozen=True, slots=True)
class ApplyOutcome:
    """The result of applying a run: verified or not, the stored output and the agreement's status."""

    run_id: int
    verified: bool
    sha256: str | None
    status: AgreementStatus
    plan: RedactionPlan
    report: VerificationReport
    status_note: str | None = None  # why an approved agreement did not become redacted

    @property
    def message(self) -> str:
        """What happened; for a failure, each failed check with its page and what the reviewer can do."""
        if self.verified:
            return (
                f"Verified: {self.report.redactions} redaction(s), nothing recoverable. "
                f"Stored as SHA-256 {self.sha256}; the agreement is {self.status.value}."
            ) + (f" {self.status_note}" if self.status_note else "")
        return failure_message([f.explanation for f in self.report.failures])


# --- propose --------------------------------------------------------------------------------------


def propose_redactions(
    session: Session,
    settings: Settings,
    agreement_id: int,
    actor: Actor,
    *,
    redact_signer_names: bool = False,
) -> RedactionRun:
    """A new run with the automatic proposals (all accepted) and the refusals, as a reviewer."""
    user = require_role(session, actor, EDIT_ROLES, "propose redactions")
    return _create_run(session, settings, agreement_id, user.name, redact_signer_names)


def _create_run(
    session: Session, settings: Settings, agreement_id: int, who: str, redact_signer_names: bool
) -> RedactionRun:
    agreement = agreement_for(session, agreement_id)
    source = source_for(settings, agreement)
    plan = plan_redaction_guarded(  # in a worker: signature images are read from the stored PDF
        source.segmented,
        source.checklist,
        file_name=agreement.file.original_name,
        signer_names="district" if redact_signer_names else "none",
    )
    run = RedactionRun(
        agreement_id=agreement.id,
        created_by=who,
        proposals=[proposal_to_json(p) for p in plan.proposals],
        refused=[refusal_to_json(r) for r in plan.refused],
    )
    session.add(run)
    session.flush()
    record(session, who, "redaction.proposed", run, proposals=len(plan.proposals), refused=len(plan.refused))
    return run


# --- review ---------------------------------------------------------------------------------------


def set_proposal_accepted(
    session: Session, run_id: int, actor: Actor, *, index: int, accepted: bool, expected_version: int
) -> RedactionRun:
    """Accept or reject one proposal of the run, as a reviewer, if nobody changed the run meanwhile."""
    user = require_role(session, actor, EDIT_ROLES, "change redactions")
    run = editable_run(session, run_id, expected_version)
    if not 0 <= index < len(run.proposals):
        raise ReviewError(f"Run {run_id} has no proposal {index + 1}.")
    proposals = [dict(p) for p in run.proposals]
    before = bool(proposals[index].get("accepted", True))
    proposals[index]["accepted"] = bool(accepted)
    save(session, run, expected_version, proposals=proposals)
    record(
        session,
        user.name,
        "redaction.accepted" if accepted else "redaction.rejected",
        run,
        index=index,
        text=proposals[index]["text"],
        page=proposals[index]["page"],
        was_accepted=before,
    )
    return run


# --- apply ----------------------------------------------------------------------------------------


def apply_run(
    session: Session, settings: Settings, run_id: int, actor: Actor, *, expected_version: int | None = None
) -> ApplyOutcome:
    """Apply the accepted proposals, verify the output and, if it passes, store and approve it.

    A verified output goes into the file store under its SHA-256, the run records who approved it,
    and an approved agreement becomes redacted. A failed verification stores the report only: the
    output is discarded and the agreement's status is left as it was. ``expected_version`` (the
    version the reviewer saw) guards against applying boxes someone changed meanwhile.
    """
    user = require_role(session, actor, EDIT_ROLES, "apply redactions")
    run = editable_run(session, run_id, expected_version)
    return _apply(session, settings, run, user.name, approver=user)


def _apply(
    session: Session,
    settings: Settings,
    run: RedactionRun,
    who: str,
    *,
    approver: User | None,
    copy_to: Path | None = None,
) -> ApplyOutcome:
    agreement = agreement_for(session, run.agreement_id)
    source = source_for(settings, agreement)
    plan = _plan(source, run)
    with tempfile.TemporaryDirectory(prefix="dpa-redact-") as work:
        output = Path(work) / "redacted.pdf"
        report = apply_and_verify_guarded(  # in a worker, as every reading of an uploaded file
            source.pdf_path,
            plan,
            output,
            file_name=agreement.file.original_name,
            pages=source.segmented.parsed.page_count,
        )
        data = output.read_bytes()
    if copy_to is not None:
        copy_to.write_bytes(data)
    sha256 = _store(session, settings, data) if report.verified else None
    approved = approver is not None and report.verified
    version = run.version
    save(
        session,
        run,
        version,
        verified=report.verified,
        report=_report_json(report),
        output_sha256=sha256,
        output_path=settings.file_store().relative_path(sha256) if sha256 else None,
        approved_by=who if approved else None,
        approved_at=utcnow() if approved else None,
    )
    record(
        session,
        who,
        "redaction.applied",
        run,
        sha256=sha256,
        verified=report.verified,
        approved=approved,
        redactions=report.redactions,
        leaks=len(report.leaks),
    )
    note = None
    if approved and approver is not None and agreement.status is AgreementStatus.APPROVED:
        note = move_if_allowed(session, approver, agreement, AgreementStatus.REDACTED, Via.REDACTION)
    return ApplyOutcome(run.id, report.verified, sha256, agreement.status, plan, report, note)


def _plan(source: RedactionSource, run: RedactionRun) -> RedactionPlan:
    """The accepted proposals, screened once more, with the refusals and the passages to keep."""
    accepted = [proposal_from_json(p) for p in run.proposals if p.get("accepted", True)]
    kept, refused_now = screen_proposals(source.segmented, source.checklist, accepted)
    refused = tuple(refusal_from_json(r) for r in run.refused) + refused_now
    return RedactionPlan(kept, refused, protected_passages(source.checklist))


def _store(session: Session, settings: Settings, data: bytes) -> str:
    """Put the verified output in the file store; it is removed again if the transaction rolls back."""
    files = settings.file_store()
    stored = files.put(data)
    _remove_if_rolled_back(session, files, [stored.sha256] if stored.created else [])
    return stored.sha256


def _report_json(report: VerificationReport) -> dict[str, Any]:
    return {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(report).items()}


# --- the CLI's run --------------------------------------------------------------------------------


def redact_agreement(
    session: Session,
    settings: Settings,
    agreement_id: int,
    out: Path,
    *,
    terms: Sequence[str] = (),
    patterns: Sequence[str] = (),
) -> ApplyOutcome:
    """``dpa redact AGREEMENT``: propose, add the terms and patterns, apply, verify, write ``out``.

    Recorded as by ``CLI_ACTOR`` and never approved (see the module docstring).
    """
    run = _create_run(session, settings, agreement_id, CLI_ACTOR, False)
    for term in terms:
        if term.strip():
            add_request(session, settings, run.id, CLI_ACTOR, run.version, f"term: {term}", terms=(term,))
    for pattern in patterns:
        compiled = compile_pattern(pattern)
        request = f"pattern: {pattern}"
        add_request(session, settings, run.id, CLI_ACTOR, run.version, request, patterns=(compiled,))
    return _apply(session, settings, run, CLI_ACTOR, approver=None, copy_to=out)
