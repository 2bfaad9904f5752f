"""Rows for the publishing tests, written straight to a real database with a real file store.

The redacted "outputs" are small real PDFs made here with PyMuPDF; the acceptance test runs the
whole pipeline instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pymupdf
from sqlalchemy.orm import Session

from dpa.review.accounts import Actor, create_user
from models import Agreement, Breach, Check, Operator, RedactionRun, ReviewDecision, StoredFileRow
from models.enums import AgreementStatus, ProcessingState, ReviewAction, Role
from models.filestore import FileStore
from pipeline.findings import RequirementId, Verdict
from pipeline.types import FileType

PASSWORD = "correct horse battery"


def users(session: Session) -> dict[Role, Actor]:
    """One account per role."""
    return {role: create_user(session, f"{role.value}-user", role, PASSWORD) for role in Role}


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF saying ``text``."""
    with pymupdf.open() as doc:
        page = doc.new_page()
        page.insert_text((72, 72), text)
        return doc.tobytes(garbage=4, deflate=True)


@dataclass
class Spec:
    """What one seeded agreement looks like."""

    operator: str
    address: str = "100 Example Street, Springfield, IL 62701"
    products: list[str] = field(default_factory=lambda: ["Example Reader"])
    elements: list[str] = field(default_factory=lambda: ["First and last name", "Grade level"])
    subcontractors: list[str] = field(default_factory=lambda: ["Hosting Co., Inc."])
    url: str | None = None
    status: AgreementStatus = AgreementStatus.REDACTED
    verified: bool = True
    approved: bool = True
    decided: bool = True
    signed: date = date(2025, 9, 3)


def add_agreement(session: Session, files: FileStore, reviewer: Actor, spec: Spec) -> Agreement:
    """An agreement with checks, decisions and a redaction run as ``spec`` says."""
    original = files.put(pdf_bytes(f"Original agreement with {spec.operator}"))
    file_row = StoredFileRow(
        sha256=original.sha256,
        file_type=FileType.PDF,
        size=original.path.stat().st_size,
        original_name=f"{spec.operator}.pdf",
        store_path=files.relative_path(original.sha256),
        page_count=1,
    )
    agreement = Agreement(
        file=file_row,
        title=f"Agreement with {spec.operator}",
        status=spec.status,
        processing=ProcessingState.CHECKED,
        pipeline_version="test",
        signing_date=spec.signed,
        operator=Operator(name=spec.operator, business_address=spec.address),
    )
    values = {
        RequirementId.OPERATOR_IDENTITY: {"name": spec.operator, "address": spec.address},
        RequirementId.SERVICE_DESCRIPTION: {"products": spec.products},
        RequirementId.DATA_CATEGORIES: {"elements": spec.elements},
        RequirementId.THIRD_PARTIES: {"names": spec.subcontractors, "url": spec.url},
        RequirementId.PROHIBITED_USES: {"stated": ["sale", "targeted_advertising"]},
        RequirementId.SCHOOL_OFFICIAL: {},
    }
    agreement.checks = [
        Check(
            requirement_id=rid,
            verdict=Verdict.FOUND,
            reason="",
            confidence=0.9,
            values=v,
            pipeline_version="test",
            catalogue_version="test",
        )
        for rid, v in values.items()
    ]
    session.add(agreement)
    session.flush()
    if spec.decided:
        for check in agreement.checks:
            session.add(ReviewDecision(check=check, user_id=reviewer.id, decision=ReviewAction.APPROVE))
    output = files.put(pdf_bytes(f"Redacted agreement with {spec.operator}"))
    session.add(
        RedactionRun(
            agreement_id=agreement.id,
            created_by=reviewer.name,
            output_sha256=output.sha256,
            output_path=files.relative_path(output.sha256),
            verified=spec.verified,
            approved_by=reviewer.name if spec.approved else None,
        )
    )
    session.flush()
    return agreement


def breach_row(**fields: object) -> Breach:
    """A breach of the district's own systems in March 2025, with ``fields`` changed."""
    values: dict[str, object] = {
        "discovered_on": date(2025, 3, 10),
        "occurred_from": date(2025, 3, 1),
        "students_affected": 12,
        "information_involved": "Names",
        "recorded_by": "t",
    }
    return Breach(**{**values, **fields})
