"""Status words of the stored records that the pure pipeline does not define.

The pipeline owns the document-level enums (``pipeline.types``: FileType, ClauseKind, StageStatus;
``pipeline.findings``: RequirementId, Verdict, AgreementKind); the ones here belong to the
application's records only.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a user may do in the review app."""

    DIRECTOR = "director"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class AgreementStatus(StrEnum):
    """Where an agreement is on its way to the district website."""

    NEW = "new"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REDACTED = "redacted"
    POSTED = "posted"


class ProcessingState(StrEnum):
    """How far the automatic stages got with the uploaded file."""

    SEGMENTED = "segmented"  # parsed and cut into clauses
    CHECKED = "checked"  # requirements detected and judged


class ReviewAction(StrEnum):
    """What a reviewer did with a check."""

    APPROVE = "approve"
    REJECT = "reject"
    CORRECT = "correct"
