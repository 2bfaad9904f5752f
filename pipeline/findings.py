"""What detection finds and what judging decides: the types between ``detect`` and ``judge``.

Values (``Finding.values``, ``RequirementResult.values``) use the same keys as the corpus labels
(``period``/``unit``, ``standards``, ``names``/``url``, ``stated``, ``elements``, ``products``), so the
checklist JSON, the database and the evaluator all speak one vocabulary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pipeline.types import PIPELINE_VERSION, BBox, Problem


class RequirementId(StrEnum):
    """The 13 SOPPA requirements of DESIGN.md section 3 (ids are part of the JSON interface)."""

    DATA_CATEGORIES = "data_categories"
    SERVICE_DESCRIPTION = "service_description"
    SCHOOL_OFFICIAL = "school_official"
    BREACH_COST_ALLOCATION = "breach_cost_allocation"
    RETURN_OR_DELETE = "return_or_delete"
    POSTING_STATEMENT = "posting_statement"
    REASONABLE_SECURITY = "reasonable_security"
    DELETE_ON_REQUEST = "delete_on_request"
    BREACH_NOTICE = "breach_notice"
    THIRD_PARTIES = "third_parties"
    PROHIBITED_USES = "prohibited_uses"
    OPERATOR_IDENTITY = "operator_identity"
    SIGNING = "signing"


# Who the parties are and who signed: read from any paper. Every other requirement is a content term,
# a promise about the student data, which only an agreement on student data can hold.
PARTY_REQUIREMENTS = frozenset({RequirementId.OPERATOR_IDENTITY, RequirementId.SIGNING})


class Verdict(StrEnum):
    """Outcome for one requirement; ``needs_review`` means the product could not decide."""

    FOUND = "found"
    MISSING = "missing"
    NON_COMPLIANT = "non_compliant"
    NEEDS_REVIEW = "needs_review"


class AgreementKind(StrEnum):
    """What kind of document was checked (a non-agreement is reported, not scored)."""

    CONSORTIUM_DPA = "consortium_dpa"  # standard/template data privacy agreement with exhibits
    VENDOR_ADDENDUM = "vendor_addendum"  # vendor-drafted privacy addendum / data sharing agreement
    TERMS_OF_SERVICE = "terms_of_service"
    MASTER_AGREEMENT = (
        "master_agreement"  # master/license agreement with privacy terms in a section or exhibit
    )
    AMENDMENT = "amendment"  # changes an earlier agreement: holds only the terms it replaces or adds
    EXHIBIT = "exhibit"  # a schedule or exhibit on its own: holds only what that exhibit is about
    NO_STUDENT_DATA_TERMS = "no_student_data_terms"  # an agreement that never speaks of student data
    NOT_AN_AGREEMENT = "not_an_agreement"  # invoice, privacy policy, quote, ...
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Evidence:
    """A piece of text on one page that supports a finding (bbox = union of its lines on that page)."""

    page: int
    text: str
    bbox: BBox
    clause_id: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's claim that a requirement is addressed, with evidence, values and confidence."""

    requirement_id: RequirementId
    clause_id: str
    evidence: tuple[Evidence, ...]
    values: Mapping[str, Any] = field(default_factory=dict)
    confidence: float = 0.5
    rule: str = ""


@dataclass(frozen=True, slots=True)
class OperatorInfo:
    """The operator's legal name and business address as the agreement states them."""

    name: str | None
    address: str | None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class SigningInfo:
    """Who signed for the district, with what title, and when."""

    signer: str | None
    title: str | None
    date: dt.date | None
    evidence: tuple[Evidence, ...] = ()
    blank: bool = False  # the district's signature block is printed empty: not signed yet


@dataclass(frozen=True, slots=True)
class DetectionResult:
    """Everything ``detect`` learned about one document, before any verdict."""

    findings: Mapping[RequirementId, tuple[Finding, ...]]
    kind: AgreementKind
    operator: OperatorInfo | None
    signing: SigningInfo | None
    problems: tuple[Problem, ...] = ()
    failed: frozenset[RequirementId] = frozenset()  # requirements whose detection stage failed
    sha256: str = ""
    pdf_path: str = ""
    pages: int = 0
    catalogue_version: str = ""
    pipeline_version: str = PIPELINE_VERSION


@dataclass(frozen=True, slots=True)
class RequirementResult:
    """The verdict for one requirement with a one-sentence reason a director understands."""

    requirement_id: RequirementId
    verdict: Verdict
    reason: str
    confidence: float
    values: Mapping[str, Any] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Checklist:
    """One verdict per requirement plus the facts the district must post."""

    results: Mapping[RequirementId, RequirementResult]
    kind: AgreementKind
    operator: OperatorInfo | None
    signing: SigningInfo | None
    posting_deadline: dt.date | None
    problems: tuple[Problem, ...] = ()
    sha256: str = ""
    pdf_path: str = ""
    pages: int = 0
    pipeline_version: str = PIPELINE_VERSION
    catalogue_version: str = ""
