"""Detection stage: a segmented agreement in, findings per SOPPA requirement out.

``detect`` runs the catalogue's spaCy pipeline once over all clauses, then each requirement's
registered rule. Other readers of the PDF (data schedule, operator, signing) run first; a reader or
rule that fails is recorded in ``problems`` and its requirement in ``failed`` so the verdict becomes
``needs_review`` instead of a silent ``missing``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from pipeline.detect.catalogue import Catalogue, default_catalogue
from pipeline.detect.kind import classify_kind
from pipeline.detect.precedence import apply_substitutions, find_substitutions, with_overridden_text
from pipeline.detect.registry import get_rule
from pipeline.detect.sources import read_box_standards, read_operator, read_schedule, read_signing
from pipeline.detect.subject import holds_student_data_terms
from pipeline.findings import AgreementKind, DetectionResult, Finding, RequirementId
from pipeline.gc_pause import gc_paused
from pipeline.types import Problem, SegmentedDocument

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["detect"]
log = logging.getLogger(__name__)
T = TypeVar("T")
_MIN_TEXT = 200  # characters; below this nothing can be judged
_SUFFIXES = {
    "inc",
    "llc",
    "ltd",
    "co",
    "corp",
    "corporation",
    "company",
    "incorporated",
    "limited",
    "the",
    "pbc",
    "nfp",
    "llp",
    "lp",
    "pllc",
}


def detect(
    segmented: SegmentedDocument, *, catalogue: Catalogue | None = None, nlp: Language | None = None
) -> DetectionResult:
    """Find the evidence and values of every catalogue requirement in ``segmented``."""
    with gc_paused():  # no reference cycles made here either: see pipeline.gc_pause
        return _detect(segmented, catalogue, nlp)


def _detect(
    segmented: SegmentedDocument, catalogue: Catalogue | None, nlp: Language | None
) -> DetectionResult:
    # spaCy (about a second to import) loads with the first detection, not with this package:
    # reading the catalogue, as the CLI and the review app do at start-up, must not pay for it.
    from pipeline.detect.context import DocumentContext
    from pipeline.detect.nlp import build_nlp, default_nlp

    catalogue = catalogue or default_catalogue()
    nlp = nlp or (default_nlp() if catalogue is default_catalogue() else build_nlp(catalogue))
    problems: list[Problem] = []
    failed: set[RequirementId] = set()
    operator = _guard(
        lambda: read_operator(segmented), "operator", RequirementId.OPERATOR_IDENTITY, problems, failed
    )
    signing = _guard(
        lambda: read_signing(segmented, operator), "signing", RequirementId.SIGNING, problems, failed
    )
    student_data = holds_student_data_terms(segmented)
    schedule = boxed = None
    if student_data:  # the boxes of a data schedule or a security menu are read from the page's drawings:
        # a document that never speaks of students has neither, and its terms are judged missing anyway
        schedule = _guard(
            lambda: read_schedule(segmented), "data schedule", RequirementId.DATA_CATEGORIES, problems, failed
        )
        boxed = _guard(
            lambda: read_box_standards(segmented),
            "check boxes",
            RequirementId.REASONABLE_SECURITY,
            problems,
            failed,
        )
    ctx = DocumentContext(segmented, catalogue, nlp, operator_names=_operator_words(operator))
    ctx.extras.update(
        operator=operator, signing=signing, schedule=schedule, boxed_standards=boxed or ([], [])
    )
    findings: dict[RequirementId, tuple[Finding, ...]] = {}
    for req in catalogue.requirements:
        rule = get_rule(req.rule)
        found = _guard(partial(rule.find, ctx, req.id.value), f"rule {req.rule}", req.id, problems, failed)
        findings[req.id] = tuple(
            with_overridden_text(f, ctx.candidates(req.id.value), ctx.governing) for f in found or ()
        )
    findings = _as_amended(segmented, findings)
    kind = classify_kind(segmented, findings, student_data=student_data)
    if _unreadable(segmented):
        problems.append(Problem("detect", _unreadable_message(segmented)))
        failed.update(req.id for req in catalogue.requirements)
        kind = AgreementKind.UNKNOWN
    return DetectionResult(
        findings=findings,
        kind=kind,
        operator=operator,
        signing=signing,
        problems=tuple(problems),
        failed=frozenset(failed),
        sha256=segmented.parsed.sha256,
        pdf_path=segmented.parsed.pdf_path,
        pages=segmented.parsed.page_count,
        catalogue_version=catalogue.version,
    )


def _as_amended(
    segmented: SegmentedDocument, findings: dict[RequirementId, tuple[Finding, ...]]
) -> dict[RequirementId, tuple[Finding, ...]]:
    """Findings with the periods the document itself replaces word for word ("sixty" struck, "120" put in)."""
    substitutions = find_substitutions(segmented)
    if not substitutions:
        return findings
    texts = {c.id: c.text for c in segmented.clauses}
    return {
        rid: tuple(apply_substitutions(f, substitutions, texts) for f in items)
        for rid, items in findings.items()
    }


def _guard(
    step: Callable[[], T],
    what: str,
    requirement: RequirementId | None,
    problems: list[Problem],
    failed: set[RequirementId],
) -> T | None:
    """Run one reader or rule; a failure becomes a Problem (and a failed requirement), never a crash."""
    try:
        return step()
    except Exception as exc:  # noqa: BLE001 - recorded as data below; the verdict becomes needs_review
        log.warning("detect: %s failed", what, exc_info=True)
        problems.append(Problem("detect", f"{what} could not be checked: {type(exc).__name__}: {exc}"))
        if requirement is not None:
            failed.add(requirement)
        return None


def _unreadable(segmented: SegmentedDocument) -> bool:
    """Too little text to judge anything: a scan whose pages were not OCR'd, or a blank file."""
    text = sum(len(c.text) for c in segmented.clauses)
    return text < _MIN_TEXT or _pages_not_ocrd(segmented) and text < 20 * _MIN_TEXT


def _pages_not_ocrd(segmented: SegmentedDocument) -> bool:
    """Some page has no text layer and was not read by OCR."""
    return any(p.needs_ocr and not p.ocr_applied for p in segmented.parsed.pages)


def _unreadable_message(segmented: SegmentedDocument) -> str:
    """Why nothing could be judged: no text at all (a blank or un-OCR'd scan), or a mere fragment of text."""
    if not any(c.text.strip() for c in segmented.clauses) or _pages_not_ocrd(segmented):
        return "The document has no readable text (scanned pages not OCR'd?); check by hand."
    return "The document holds too little text to judge (a cover page or a fragment?); check by hand."


def _operator_words(operator: Any) -> tuple[str, ...]:
    """Words that name the operator in the text (its legal name without the corporate suffix)."""
    name = getattr(operator, "name", None) or ""
    words = [w.strip(",.") for w in name.split()]
    kept = [w for w in words if w and w.lower().strip(".") not in _SUFFIXES]
    return tuple(dict.fromkeys([*kept[:1], " ".join(kept)])) if kept else ()
