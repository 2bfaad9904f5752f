"""What kind of document this is: template DPA, vendor addendum, terms of service, master agreement,
or not an agreement at all (an invoice or a privacy policy is reported as such, not scored).

Decided from the title and headings of the first pages, the outline, and how many SOPPA provisions
were found; no vendor wording is assumed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pipeline.findings import AgreementKind, Finding, RequirementId
from pipeline.types import ClauseKind, SegmentedDocument

_TOS = re.compile(
    r"\bterms\s+(?:of\s+(?:service|use)|and\s+conditions)\b|\bend[- ]user\s+licen[cs]e\b|\beula\b", re.I
)
_TEMPLATE = re.compile(
    r"\b(?:standard|national|model)\s+(?:student\s+)?data\s+privacy\s+agreement\b|\bndpa\b|\bgeneral\s+offer\s+of\s+"
    r"privacy\s+terms\b|\bstandard\s+clauses\b|\bstudent\s+data\s+privacy\s+consortium\b",
    re.I,
)
_ADDENDUM = re.compile(
    r"\b(?:data\s+(?:privacy|protection|processing|sharing|security|use)|privacy|student\s+data)\s+"
    r"(?:addendum|agreement|rider|terms)\b|\baddendum\b|\bdpa\b|\bdsa\b|"
    r"\bmemorandum\s+of\s+(?:understanding|agreement)\b|\bmou\b",
    re.I,
)
_MASTER = re.compile(
    r"\b(?:master|services?|license|licen[cs]ing|subscription|software|purchase|supply)\s+agreement\b|\bmsa\b",
    re.I,
)
_NOT_AGREEMENT = re.compile(
    r"\binvoice\b|\bamount\s+due\b|\bbill\s+to\b|\bprivacy\s+(?:policy|notice|statement)\b|\bquot(?:e|ation)\b|"
    r"\bpacking\s+slip\b|\breceipt\b|\bpurchase\s+order\b",
    re.I,
)
_AGREEMENT_WORDS = re.compile(
    r"\b(?:agree|agreement|parties|party|hereby|in witness whereof|addendum|terms)\b", re.I
)
_OPENING_CHARS = 1500


def classify_kind(
    segmented: SegmentedDocument, findings: Mapping[RequirementId, tuple[Finding, ...]]
) -> AgreementKind:
    """The kind of agreement (or not-an-agreement) a segmented document is."""
    opening = _opening(segmented)
    title = opening[:300]
    found = sum(1 for items in findings.values() if items)
    has_signature = any(c.kind == ClauseKind.SIGNATURE for c in segmented.clauses)
    if _NOT_AGREEMENT.search(title) and not _agreement_title(title) and found <= 6:
        return AgreementKind.NOT_AN_AGREEMENT
    if not _AGREEMENT_WORDS.search(opening) and not has_signature and found <= 3:
        return AgreementKind.NOT_AN_AGREEMENT
    if _TEMPLATE.search(opening):
        return AgreementKind.CONSORTIUM_DPA
    if _TOS.search(title):
        return AgreementKind.TERMS_OF_SERVICE
    if _ADDENDUM.search(title):
        return AgreementKind.VENDOR_ADDENDUM
    if _MASTER.search(title) or _MASTER.search(opening):
        return AgreementKind.MASTER_AGREEMENT
    return AgreementKind.UNKNOWN


def _agreement_title(title: str) -> bool:
    return bool(
        _TOS.search(title) or _ADDENDUM.search(title) or _MASTER.search(title) or _TEMPLATE.search(title)
    )


def _opening(segmented: SegmentedDocument) -> str:
    """Title, headings and text of the start of the document (where its kind is declared)."""
    parts: list[str] = []
    for clause in segmented.clauses:
        parts.extend(p for p in (clause.heading, clause.text) if p)
        if sum(len(p) for p in parts) > _OPENING_CHARS:
            break
    return " ".join(parts)[:_OPENING_CHARS]
