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
class ProtectedPassage:
    """Evidence of a provision the law keeps public (15(4)(A)-(C)), which must still read after redaction.

    ``provision`` is its plain name with the citation, so a failed check can say what was hidden.
    """

    provision: str
    page: int
    text: str
    bbox: BBox
    requirement: str = ""  # the requirement id, for tools reading the report


@dataclass(frozen=True, slots=True)
class RedactionPlan:
    """What to redact, what was refused, and the protected passages that must stay readable."""

    proposals: tuple[Proposal, ...]
    refused: tuple[Refusal, ...] = ()
    protected: tuple[ProtectedPassage, ...] = ()  # provisions (A)-(C), checked after applying

    @property
    def texts(self) -> tuple[str, ...]:
        """The distinct redacted strings (images excluded), longest first."""
        unique = {p.text for p in self.proposals if p.text}
        return tuple(sorted(unique, key=lambda t: (-len(t), t)))


class FailedCheck(StrEnum):
    """The verification checks a redacted PDF can fail (ids are part of the ``dpa redact`` JSON)."""

    PROTECTED_PROVISION_MISSING = "protected_provision_missing"
    TEXT_STILL_READABLE = "text_still_readable"
    WORD_UNDER_BOX = "word_under_box"
    IMAGE_UNDER_BOX = "image_under_box"
    HIDDEN_DATA = "hidden_data"
    EXTRA_REVISION = "extra_revision"
    PAGE_COUNT_CHANGED = "page_count_changed"
    PAGE_CHANGED_OUTSIDE_BOXES = "page_changed_outside_boxes"


@dataclass(frozen=True, slots=True)
class VerificationFailure:
    """One failed check in words a reviewer can act on: what failed, where, and what to do about it.

    ``provision`` names the protected provision concerned ("" for a leak); ``text`` is the passage or
    the string that leaked ("" when the check is about the whole file); ``pages`` are 1-based.
    """

    check: FailedCheck
    problem: str
    advice: str
    text: str = ""
    pages: tuple[int, ...] = ()
    provision: str = ""
    requirement: str = ""  # the requirement id of a protected provision, for tools

    @property
    def explanation(self) -> str:
        """The problem and the advice as one paragraph."""
        return f"{self.problem} What you can do: {self.advice}"


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
    failures: tuple[VerificationFailure, ...] = ()  # every failed check, explained; empty when verified
