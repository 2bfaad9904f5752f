"""Values passed between the redaction stages: proposals, the plan, the verification report."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pipeline.types import BBox


class RedactionReason(StrEnum):
    """Why a box is redacted (shown, small, on the redacted box)."""

    EMAIL = "email"
    PHONE = "phone"
    ROUTING_NUMBER = "routing_number"
    ACCOUNT_NUMBER = "account_number"
    TAX_ID = "tax_id"
    SSN = "ssn"
    SIGNATURE = "signature"
    SIGNER_NAME = "signer_name"
    REVIEWER_TERM = "reviewer_term"
    REVIEWER_PATTERN = "reviewer_pattern"


LABELS = {
    RedactionReason.EMAIL: "Personal contact information",
    RedactionReason.PHONE: "Personal contact information",
    RedactionReason.ROUTING_NUMBER: "Bank information",
    RedactionReason.ACCOUNT_NUMBER: "Bank information",
    RedactionReason.TAX_ID: "Tax identification number",
    RedactionReason.SSN: "Social security number",
    RedactionReason.SIGNATURE: "Signature",
    RedactionReason.SIGNER_NAME: "Personal name",
    RedactionReason.REVIEWER_TERM: "Redacted by reviewer",
    RedactionReason.REVIEWER_PATTERN: "Redacted by reviewer",
}


@dataclass(frozen=True, slots=True)
class Proposal:
    """One box to black out: ``text`` is what it hides ("" for an image), ``source`` the rule or clause."""

    page: int
    bbox: BBox
    text: str
    reason: RedactionReason
    source: str = ""


@dataclass(frozen=True, slots=True)
class Refusal:
    """A proposal that may not be applied, and the plain reason why."""

    proposal: Proposal
    why: str


@dataclass(frozen=True, slots=True)
class RedactionPlan:
    """What to redact, what was refused, and the protected passages that must stay readable."""

    proposals: tuple[Proposal, ...]
    refused: tuple[Refusal, ...] = ()
    protected: tuple[str, ...] = ()  # evidence texts of provisions (A)-(C), checked after applying

    @property
    def texts(self) -> tuple[str, ...]:
        """The distinct redacted strings (images excluded), longest first."""
        unique = {p.text for p in self.proposals if p.text}
        return tuple(sorted(unique, key=lambda t: (-len(t), t)))


@dataclass(frozen=True, slots=True)
class VerificationReport:
    """The outcome of re-extracting a redacted PDF; ``verified`` only when nothing leaked."""

    verified: bool
    leaks: tuple[str, ...]
    protected_kept: bool
    missing_protected: tuple[str, ...] = ()
    redactions: int = 0
    images_under_boxes: int = 0
    metadata_clean: bool = True
    single_revision: bool = True
    damaged_pages: tuple[int, ...] = ()  # pages changed outside the boxes (collateral damage)
