"""What the redaction screens show of a run: plain frozen values, safe to use after the session closes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from dpa.settings import Settings
from models.agreement_store import agreement_titles, clause_outline
from models.redaction import RedactionRun
from models.redaction_store import latest_run as latest_run  # re-exported: runs are read here
from models.redaction_store import latest_verified_run as latest_verified_run
from pipeline.redact.types import LABELS, FailedCheck, RedactionReason, VerificationFailure

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, top-left origin


@dataclass(frozen=True, slots=True)
class ProposalRow:
    """One proposed box: its place in the run, what it hides, why, and whether the reviewer keeps it."""

    index: int
    page: int
    bbox: Box
    text: str
    reason: RedactionReason
    source: str
    request: str
    accepted: bool

    @property
    def label(self) -> str:
        """The words printed on the box in the output."""
        return LABELS[self.reason]


@dataclass(frozen=True, slots=True)
class RefusalRow:
    """A box that may not be redacted, and the plain reason why."""

    page: int
    bbox: Box
    text: str
    request: str
    why: str


@dataclass(frozen=True, slots=True)
class RunView:
    """A redaction run as the page shows it."""

    id: int
    agreement_id: int
    version: int
    created_by: str
    created_at: dt.datetime
    proposals: tuple[ProposalRow, ...]
    refused: tuple[RefusalRow, ...]
    verified: bool
    report: dict[str, Any] | None
    output_sha256: str | None
    approved_by: str | None
    approved_at: dt.datetime | None
    pdf_sha256: str
    pdf_path: Path
    page_count: int

    @property
    def applied(self) -> bool:
        """Whether the run was applied (its report is stored, verified or not)."""
        return self.report is not None

    @property
    def accepted_count(self) -> int:
        """How many boxes applying would redact."""
        return sum(1 for p in self.proposals if p.accepted)

    @property
    def explained_failures(self) -> tuple[str, ...]:
        """Each failed check of the stored report, explained (older reports have only their leak lines)."""
        if self.report is None:
            return ()
        if "failures" in self.report:
            return tuple(failure_from_json(f).explanation for f in self.report["failures"])
        missing = self.report.get("missing_protected", [])
        leaks = tuple(self.report.get("leaks", []))
        return leaks + tuple(f"protected passage missing: {t[:80]!r}" for t in missing)


def failure_message(explanations: Sequence[str]) -> str:
    """What a failed verification says: that it cannot be posted, then every failed check as a list."""
    return "NOT verified, so it cannot be posted:\n\n" + "\n".join(f"- {e}" for e in explanations)


def failure_from_json(data: dict[str, Any]) -> VerificationFailure:
    """A failure as stored in ``RedactionRun.report["failures"]`` (the fields of ``VerificationFailure``)."""
    return VerificationFailure(
        check=FailedCheck(data["check"]),
        problem=str(data["problem"]),
        advice=str(data["advice"]),
        text=str(data.get("text", "")),
        pages=tuple(int(n) for n in data.get("pages", ())),
        provision=str(data.get("provision", "")),
        requirement=str(data.get("requirement", "")),
    )


def run_view(settings: Settings, run: RedactionRun) -> RunView:
    """The run as plain values, with the stored PDF it redacts."""
    file_row = run.agreement.file
    pdf_sha256 = file_row.pdf_sha256 or file_row.sha256
    return RunView(
        id=run.id,
        agreement_id=run.agreement_id,
        version=run.version,
        created_by=run.created_by,
        created_at=run.created_at,
        proposals=tuple(_proposal_row(i, p) for i, p in enumerate(run.proposals)),
        refused=tuple(_refusal_row(r) for r in run.refused),
        verified=run.verified,
        report=dict(run.report) if run.report is not None else None,
        output_sha256=run.output_sha256,
        approved_by=run.approved_by,
        approved_at=run.approved_at,
        pdf_sha256=pdf_sha256,
        pdf_path=settings.file_store().path_for(pdf_sha256),
        page_count=file_row.page_count or 0,
    )


def agreement_choices(session: Session) -> list[tuple[int, str]]:
    """(id, label) of every agreement, newest first, for the page's chooser."""
    return [(i, f"#{i} {title} ({status.value})") for i, title, status in agreement_titles(session)]


def clause_choices(session: Session, agreement_id: int) -> list[tuple[str, str]]:
    """(clause id, "p. N  number  first words") of the agreement's clauses, in reading order."""
    choices = []
    for clause_id, page, number, heading, text in clause_outline(session, agreement_id):
        words = (heading or text or "").strip()
        words = words if len(words) <= 60 else words[:57].rstrip() + "…"
        choices.append((clause_id, f"p. {page or '?'}  {number or ''}  {words}".replace("   ", " ")))
    return choices


def _proposal_row(index: int, data: dict[str, Any]) -> ProposalRow:
    return ProposalRow(
        index=index,
        page=int(data["page"]),
        bbox=_box(data["bbox"]),
        text=str(data.get("text", "")),
        reason=RedactionReason(data["reason"]),
        source=str(data.get("source", "")),
        request=str(data.get("request", "")),
        accepted=bool(data.get("accepted", True)),
    )


def _refusal_row(data: dict[str, Any]) -> RefusalRow:
    return RefusalRow(
        page=int(data["page"]),
        bbox=_box(data["bbox"]),
        text=str(data.get("text", "")),
        request=str(data.get("request", "")),
        why=str(data["why"]),
    )


def _box(values: list[Any]) -> Box:
    x0, top, x1, bottom = (float(v) for v in values)
    return x0, top, x1, bottom
