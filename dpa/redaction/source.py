"""What a stored agreement gives the redaction stages: its document, its protected passages, its proposals.

Redaction runs work on what ingest stored, not on a fresh parse: the clauses are rebuilt exactly
as segment produced them (``models.store.clause_from_row``), the checklist from the stored
findings and checks, so the passages a reviewer saw as the 15(4)(A)-(C) provisions are the ones
protected. The JSON shapes of ``RedactionRun.proposals`` / ``refused`` are converted here only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dpa.settings import Settings
from models import store
from models.agreement import Agreement
from pipeline.findings import (
    AgreementKind,
    Checklist,
    Evidence,
    OperatorInfo,
    RequirementId,
    RequirementResult,
    SigningInfo,
    Verdict,
)
from pipeline.redact.types import Proposal, RedactionReason, Refusal
from pipeline.types import BBox, Page, ParsedDocument, SegmentedDocument


@dataclass(frozen=True, slots=True)
class RedactionSource:
    """A stored agreement as the redaction stages take it."""

    agreement_id: int
    pdf_sha256: str
    pdf_path: Path
    segmented: SegmentedDocument
    checklist: Checklist

    @property
    def page_count(self) -> int:
        """Pages of the stored PDF."""
        return self.segmented.parsed.page_count


def stored_pdf(settings: Settings, agreement: Agreement) -> tuple[str, Path]:
    """SHA-256 and path of the PDF that was parsed (for a Word upload, its converted PDF)."""
    sha256 = agreement.file.pdf_sha256 or agreement.file.sha256
    return sha256, settings.file_store().path_for(sha256)


def redaction_source(settings: Settings, agreement: Agreement) -> RedactionSource:
    """Rebuild the segmented document and the checklist of a stored agreement."""
    sha256, pdf_path = stored_pdf(settings, agreement)
    pages = tuple(
        Page(
            number=p.number,
            width=p.width,
            height=p.height,
            rotation=p.rotation,
            blocks=(),
            has_text_layer=p.has_text_layer,
            needs_ocr=p.needs_ocr,
            ocr_applied=p.ocr_applied,
            ocr_mean_confidence=p.ocr_mean_confidence,
        )
        for p in agreement.pages
    )
    parsed = ParsedDocument(sha256=agreement.file.sha256, pdf_path=str(pdf_path), pages=pages)
    clauses = tuple(store.clause_from_row(row) for row in agreement.clauses)
    segmented = SegmentedDocument(parsed=parsed, clauses=clauses)
    return RedactionSource(agreement.id, sha256, pdf_path, segmented, stored_checklist(agreement, pdf_path))


def stored_checklist(agreement: Agreement, pdf_path: Path) -> Checklist:
    """The checklist as stored: every finding's evidence under its requirement (as ``judge`` joins them).

    Evidence of a requirement is kept even when a reviewer rejected the check: protecting a passage
    that might be a 15(4)(A)-(C) provision costs nothing, redacting one breaks the law.
    """
    evidence: dict[RequirementId, list[Evidence]] = {}
    for finding in agreement.findings:
        evidence.setdefault(finding.requirement_id, []).extend(_evidence(e) for e in finding.evidence)
    results = {
        rid: RequirementResult(rid, Verdict.FOUND, "", 0.0, {}, tuple(found))
        for rid, found in evidence.items()
    }
    signer = None
    for check in agreement.checks:
        found = tuple(evidence.get(check.requirement_id, ()))
        results[check.requirement_id] = RequirementResult(
            check.requirement_id, check.verdict, check.reason, check.confidence, dict(check.values), found
        )
        if check.requirement_id is RequirementId.SIGNING:
            signer = check.values.get("district_signer") or None
    operator = agreement.operator
    return Checklist(
        results=results,
        kind=agreement.kind or AgreementKind.UNKNOWN,
        operator=OperatorInfo(operator.name, operator.business_address) if operator else None,
        signing=SigningInfo(str(signer) if signer else None, None, agreement.signing_date),
        posting_deadline=agreement.posting_deadline,
        sha256=agreement.file.sha256,
        pdf_path=str(pdf_path),
        pages=len(agreement.pages),
    )


def _evidence(data: dict[str, Any]) -> Evidence:
    x0, top, x1, bottom = (float(v) for v in data["bbox"])
    return Evidence(
        int(data["page"]), str(data["text"]), BBox(x0, top, x1, bottom), str(data.get("clause", ""))
    )


# --- the JSON of a run ----------------------------------------------------------------------------


def proposal_to_json(proposal: Proposal, *, accepted: bool = True, request: str = "") -> dict[str, Any]:
    """A proposal as ``RedactionRun.proposals`` keeps it (``request``: what the reviewer asked for)."""
    return {
        "page": proposal.page,
        "bbox": proposal.bbox.as_list(),
        "text": proposal.text,
        "reason": proposal.reason.value,
        "source": proposal.source,
        "accepted": accepted,
        "request": request,
    }


def proposal_from_json(data: dict[str, Any]) -> Proposal:
    """Inverse of ``proposal_to_json`` (the ``accepted`` flag stays in the JSON)."""
    x0, top, x1, bottom = (float(v) for v in data["bbox"])
    return Proposal(
        page=int(data["page"]),
        bbox=BBox(x0, top, x1, bottom),
        text=str(data.get("text", "")),
        reason=RedactionReason(data["reason"]),
        source=str(data.get("source", "")),
    )


def refusal_to_json(refusal: Refusal, *, request: str = "") -> dict[str, Any]:
    """A refusal as ``RedactionRun.refused`` keeps it: the proposal and the plain reason why."""
    return {**proposal_to_json(refusal.proposal, accepted=False, request=request), "why": refusal.why}


def refusal_from_json(data: dict[str, Any]) -> Refusal:
    """Inverse of ``refusal_to_json``."""
    return Refusal(proposal_from_json(data), str(data["why"]))
