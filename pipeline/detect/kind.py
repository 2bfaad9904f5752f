"""What kind of document this is: template DPA, vendor addendum, terms of service, master agreement,
an amendment or a lone exhibit (which hold only some terms), an agreement with no student-data terms at
all, or not an agreement (an invoice or a privacy policy is reported as such, not scored).

Decided from the title and headings of the first pages, the outline, how often the document speaks of
students and schools, and how many SOPPA provisions were found; no vendor wording is assumed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pipeline.detect.subject import holds_student_data_terms
from pipeline.findings import PARTY_REQUIREMENTS, AgreementKind, Finding, RequirementId
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
# Papers that bind nobody to privacy terms: a bill or an offer carries them only if the vendor added them,
# and then they are findings to keep, so these are "not an agreement" only when no term was found.
_COMMERCIAL_PAPER = re.compile(
    r"\binvoice\b|\bamount\s+due\b|\bbill\s+to\b|\bquot(?:e|ation)\b|\bpacking\s+slip\b|\breceipt\b|"
    r"\bpurchase\s+order\b",
    re.I,
)
# A policy states what the vendor does, not what it owes the district: reported, not scored.
_POLICY = re.compile(r"\bprivacy\s+(?:policy|notice|statement)\b", re.I)
_POLICY_MAX_FOUND = 6
# "First Amendment to ...", "Amendment No. 2", "Amendatory Agreement"; an amended and restated agreement is
# whole again, so it is judged as the agreement it restates.
_AMENDMENT = re.compile(
    r"\b(?:(?:first|second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th))\s+)?amendment\s+(?:no\.?\s*\d+\s+)?"
    r"(?:to|of)\b|\bamendment\s+(?:no\.?|number)\s*\d+\b|\bamendatory\s+agreement\b",
    re.I,
)
_RESTATED = re.compile(r"\bamended\s+and\s+restated\b", re.I)
# A title made of the exhibit's own label: "Exhibit C - Security Measures", "Schedule of Data" (the
# segmenter may put the caption first, so the label is looked for in the first words, not at the start).
_EXHIBIT_TITLE = re.compile(
    r"\b(?:exhibit|appendix|attachment|annex|schedule)\s+(?:[A-Z]{1,2}|\d{1,2}|[IVX]{1,4})\b|\bschedule\s+of\s+data\b"
)
_EXHIBIT_TITLE_CHARS = 80
# A preamble that makes a document an agreement of its own ("entered into by and between ..."), unless it
# says the document belongs to another ("This Exhibit G ... is incorporated in the attached DPA").
_PREAMBLE = re.compile(r"\bby\s+and\s+between\b|\bentered\s+into\b|\bis\s+made\b", re.I)
_PART_OF_ANOTHER = re.compile(
    r"\b(?:attached|incorporated\s+(?:in|into|by\s+reference)|made\s+(?:a\s+)?part\s+of|forms?\s+(?:a\s+)?part\s+of|"
    r"supplements?|amends?)\s+(?:\w+\s+){0,3}?(?:the\s+|this\s+|that\s+)?(?:attached\s+)?"
    r"(?:agreement|dpa|contract|addendum|terms)\b",
    re.I,
)
_AGREEMENT_WORDS = re.compile(
    r"\b(?:agree|agreement|parties|party|hereby|in witness whereof|addendum|terms)\b", re.I
)
_OPENING_CHARS = 1500
_TITLE_CHARS = 160  # where a document names itself an amendment


def classify_kind(
    segmented: SegmentedDocument,
    findings: Mapping[RequirementId, tuple[Finding, ...]],
    *,
    student_data: bool | None = None,
) -> AgreementKind:
    """The kind of agreement (or not-an-agreement) a segmented document is (``student_data``: whether it
    speaks of students, when the caller has already read it)."""
    opening = _opening(segmented)
    title = opening[:300]
    found = sum(1 for items in findings.values() if items)
    terms = sum(1 for rid, items in findings.items() if items and rid not in PARTY_REQUIREMENTS)
    has_signature = any(c.kind == ClauseKind.SIGNATURE for c in segmented.clauses)
    if not _agreement_title(title):
        if _POLICY.search(title) and found <= _POLICY_MAX_FOUND:
            return AgreementKind.NOT_AN_AGREEMENT
        if _COMMERCIAL_PAPER.search(title) and not terms:
            return AgreementKind.NOT_AN_AGREEMENT
    if student_data is None:
        student_data = holds_student_data_terms(segmented)
    if (
        student_data
        and _EXHIBIT_TITLE.search(_caseless_label(title[:_EXHIBIT_TITLE_CHARS]))
        and (not _PREAMBLE.search(opening) or _PART_OF_ANOTHER.search(opening))
    ):
        return AgreementKind.EXHIBIT
    if not _AGREEMENT_WORDS.search(opening) and not has_signature and not terms:
        return AgreementKind.NOT_AN_AGREEMENT
    if not student_data:
        return AgreementKind.NO_STUDENT_DATA_TERMS
    if _AMENDMENT.search(title[:_TITLE_CHARS]) and not _RESTATED.search(title):
        return AgreementKind.AMENDMENT
    if _TEMPLATE.search(opening):
        return AgreementKind.CONSORTIUM_DPA
    if _TOS.search(title):
        return AgreementKind.TERMS_OF_SERVICE
    if _ADDENDUM.search(title):
        return AgreementKind.VENDOR_ADDENDUM
    if _MASTER.search(title) or _MASTER.search(opening):
        return AgreementKind.MASTER_AGREEMENT
    return AgreementKind.UNKNOWN


def _caseless_label(text: str) -> str:
    """'EXHIBIT C' and 'Exhibit C' alike, with the letter kept upper-case so 'exhibit a list' is no label."""
    return re.sub(
        r"\b(exhibit|appendix|attachment|annex|schedule)\b", lambda m: m.group(1).lower(), text, flags=re.I
    )


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
