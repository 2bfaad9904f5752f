"""Reviewed agreements as labelled agreements in the corpus format, so the evaluation set grows from use.

``dpa export-labels --out DIR`` writes, for every agreement whose checks all have a decision,
``NAME.pdf`` (the original PDF, or the PDF made from a Word upload) and ``NAME.labels.json`` in
the format of ``shared/corpus/README.md``; ``dpa eval DIR`` then scores the pipeline against them.

What a decision says about the label of a requirement (the label is the *reviewed* state):

- approve: the detection was right; verdict, values and evidence are labelled as detected.
- correct with values: the corrected values are the label (the verdict rule re-ran on them); the
  evidence the reviewer corrected them from stays.
- correct with a verdict only: the verdict is the label; the detected values no longer fit it, so
  the label carries none (the evaluator then does not score values there).
- reject: the detection was wrong. The reviewer had to give the right verdict, which becomes the
  label (``missing`` -> present false; ``found`` -> present and compliant; ``non_compliant`` ->
  present, not compliant). The detected values and passage are not trusted: the label carries no
  values and no evidence unless the reviewer also marked the right passage, or a later approve or
  correction confirmed them.
- a passage marked as the evidence (``dpa.review.decisions.set_evidence``) is always the labelled evidence;
  marking it changes nothing else (a check whose only decision is a marked passage keeps its
  detected verdict and values, which the reviewer saw and left standing).

An agreement is left out, with the reason, while a check is undecided or its reviewed verdict is
still ``needs_review`` (that is no label: reject it with the right verdict). Redaction labels come
from an approved, verified redaction run (accepted texts; signatures counted); without one the
``redaction`` key is left out.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from dpa.review.accounts import Actor, require_role
from dpa.review.checklist_views import current_evidence, marked_evidence
from dpa.settings import Settings
from models import store
from models.agreement import Agreement
from models.agreement_store import agreements_with_decisions
from models.district import DistrictSettings
from models.enums import ReviewAction, Role
from models.finding import Check
from models.finding import Finding as FindingRow
from models.redaction_store import latest_approved_run
from models.review import ReviewDecision
from pipeline.findings import RequirementId, Verdict
from pipeline.guarded import box_text_guarded

EXPORT_ROLES = frozenset({Role.REVIEWER, Role.ADMIN})
# Requirements whose values the corpus keeps at the top level (``operator``, ``signing``).
_TOP_LEVEL = {RequirementId.OPERATOR_IDENTITY: "operator", RequirementId.SIGNING: "signing"}


class NotLabellableError(ValueError):
    """The agreement's review does not give a full label yet (the message says why)."""


@dataclass(frozen=True, slots=True)
class ExportedAgreement:
    """One agreement written as ``NAME.pdf`` + ``NAME.labels.json``."""

    agreement_id: int
    name: str
    pdf: Path
    labels: Path


@dataclass(frozen=True, slots=True)
class SkippedAgreement:
    """An agreement not exported, and why."""

    agreement_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class LabelExport:
    """What an export wrote and what it left out."""

    exported: tuple[ExportedAgreement, ...]
    skipped: tuple[SkippedAgreement, ...]


@dataclass(frozen=True, slots=True)
class _Trust:
    """Whether the check's values and detected evidence are confirmed by its decisions."""

    values: bool = True
    evidence: bool = True


# --- building the labels --------------------------------------------------------------------------


def export_labels(
    session: Session, settings: Settings, out: Path, agreement_ids: Iterable[int] | None = None
) -> LabelExport:
    """Write every fully reviewed agreement (or those of ``agreement_ids``) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    exported: list[ExportedAgreement] = []
    skipped: list[SkippedAgreement] = []
    district = session.get(DistrictSettings, 1)
    for agreement in agreements_with_decisions(session, agreement_ids):
        name = label_name(agreement)
        pdf_path = _pdf_path(settings, agreement)
        try:
            labels = agreement_labels(session, agreement, pdf_path, name)
        except NotLabellableError as exc:
            skipped.append(SkippedAgreement(agreement.id, str(exc)))
            continue
        if district is not None and district.district_name:
            labels["district"] = district.district_name
        target_pdf = out / f"{name}.pdf"
        target_pdf.write_bytes(pdf_path.read_bytes())
        target_labels = out / f"{name}.labels.json"
        target_labels.write_text(json.dumps(labels, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        exported.append(ExportedAgreement(agreement.id, name, target_pdf, target_labels))
    return LabelExport(tuple(exported), tuple(skipped))


def agreement_labels(session: Session, agreement: Agreement, pdf_path: Path, name: str) -> dict[str, Any]:
    """The corpus labels of one reviewed agreement (NotLabellableError while the review is unfinished)."""
    checks = {c.requirement_id: c for c in agreement.checks}
    missing = [r.value for r in RequirementId if r not in checks]
    undecided = [c.requirement_id.value for c in agreement.checks if not c.decisions]
    if missing or undecided:
        raise NotLabellableError(f"undecided checks: {', '.join(missing + undecided)}")
    open_verdicts = [c.requirement_id.value for c in agreement.checks if c.verdict is Verdict.NEEDS_REVIEW]
    if open_verdicts:
        raise NotLabellableError(f"still needs_review after review: {', '.join(open_verdicts)}")
    labels: dict[str, Any] = {"id": name, "operator": None, "district": None, "signing": None}
    requirements: dict[str, Any] = {}
    for rid in RequirementId:
        entry, values = _requirement_label(checks[rid], agreement.findings, pdf_path)
        requirements[rid.value] = entry
        if rid in _TOP_LEVEL:
            labels[_TOP_LEVEL[rid]] = values
    labels["requirements"] = requirements
    redaction = _redaction_labels(session, agreement.id)
    if redaction is not None:
        labels["redaction"] = redaction
    labels["notes"] = _notes(agreement)
    labels["review"] = {"agreement_id": agreement.id, "sha256": agreement.file.sha256}
    return labels


def _requirement_label(
    check: Check, findings: Sequence[FindingRow], pdf_path: Path
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The requirement's entry, and its values when trusted (top-level ones go elsewhere)."""
    present = check.verdict in (Verdict.FOUND, Verdict.NON_COMPLIANT)
    entry: dict[str, Any] = {"present": present, "compliant": check.verdict is Verdict.FOUND, "evidence": []}
    if not present:
        return entry, None
    trust = decision_trust(check.decisions)
    if marked_evidence(findings, check.requirement_id) is not None or trust.evidence:
        entry["evidence"] = _evidence_texts(current_evidence(findings, check.requirement_id), pdf_path)
    values = dict(check.values) if trust.values and check.values else None
    if values is not None and check.requirement_id not in _TOP_LEVEL:
        entry["values"] = values
    return entry, values


def decision_trust(decisions: Iterable[ReviewDecision]) -> _Trust:
    """Walk the decisions in order: which parts of the detection the reviewer left standing."""
    trust = _Trust()
    for decision in decisions:
        if decision.decision is ReviewAction.APPROVE:
            trust = _Trust(values=True, evidence=True)
        elif decision.decision is ReviewAction.REJECT:
            trust = _Trust(values=False, evidence=False)
        elif decision.new_verdict is None:  # a marked passage: evidence only, values untouched
            continue
        elif decision.new_values is not None:
            trust = _Trust(values=True, evidence=trust.evidence)
        else:  # the verdict set by hand: the detected values no longer back it
            trust = _Trust(values=False, evidence=trust.evidence)
    return trust


def _evidence_texts(items: Iterable[dict[str, Any]], pdf_path: Path) -> list[str]:
    """One short text per evidence item; a box without text (a signature line) is read from the PDF,
    in a worker process like every reading of an uploaded file."""
    texts: list[str] = []
    for item in items:
        text = " ".join(str(item.get("text") or "").split())
        if not text and item.get("bbox") and int(item.get("page") or 0) > 0:
            x0, top, x1, bottom = (float(v) for v in item["bbox"])
            box = (x0, top, x1, bottom)
            text = box_text_guarded(pdf_path, int(item["page"]), box, file_name=pdf_path.name)
        if text and text not in texts:
            texts.append(text)
    return texts


def _redaction_labels(session: Session, agreement_id: int) -> dict[str, Any] | None:
    """What the approved, verified redaction took out (None without one)."""
    run = latest_approved_run(session, agreement_id)
    if run is None:
        return None
    accepted = [p for p in run.proposals if p.get("accepted", True)]
    texts = sorted({str(p["text"]).strip() for p in accepted if str(p.get("text") or "").strip()})
    signatures = sum(1 for p in accepted if p.get("reason") == "signature" and not p.get("text"))
    return {"must_redact": texts, "signature_images": signatures, "must_keep": []}


def _notes(agreement: Agreement) -> str:
    counts = {a: 0 for a in ReviewAction}
    for check in agreement.checks:
        counts[check.decisions[-1].decision] += 1
    summary = ", ".join(f"{n} {a.value}" for a, n in counts.items())
    return (
        f"Exported from the review of agreement {agreement.id} on {dt.date.today().isoformat()} "
        f"(last decisions: {summary}). Labels are the reviewed state; rejected detections carry no "
        "values or evidence unless the reviewer supplied them."
    )


def label_name(agreement: Agreement) -> str:
    """A file-safe, unique name: the uploaded file's name and the agreement id."""
    stem = Path(agreement.file.original_name).stem.lower()
    stem = stem.removesuffix(".scanned")
    slug = re.sub(r"[^a-z0-9]+", "_", stem).strip("_")[:60] or "agreement"
    return f"{slug}_a{agreement.id}"


def _pdf_path(settings: Settings, agreement: Agreement) -> Path:
    file_row = agreement.file
    return settings.file_store().path_for(file_row.pdf_sha256 or file_row.sha256)


# --- the app's download ---------------------------------------------------------------------------


def export_labels_zip(
    session: Session, settings: Settings, actor: Actor, work: Path, agreement_id: int | None = None
) -> tuple[bytes, LabelExport]:
    """The export as a zip, for a reviewer or an administrator; the download is audited."""
    user = require_role(session, actor, EXPORT_ROLES, "export labelled agreements")
    result = export_labels(session, settings, work, None if agreement_id is None else [agreement_id])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in result.exported:
            archive.write(item.pdf, item.pdf.name)
            archive.write(item.labels, item.labels.name)
    store.record_event(
        session,
        actor=user.name,
        action="labels.exported",
        entity_type="agreement" if agreement_id is not None else "labels",
        entity_id=agreement_id if agreement_id is not None else "all",
        after={
            "exported": [e.agreement_id for e in result.exported],
            "skipped": {str(s.agreement_id): s.reason for s in result.skipped},
        },
    )
    return buffer.getvalue(), result
