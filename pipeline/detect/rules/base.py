"""Small helpers shared by the rules: candidates to findings, confidence from score."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipeline.detect.context import Candidate, DocumentContext, Sentence
from pipeline.detect.evidence import span_evidence
from pipeline.detect.extractors.durations import Duration, pick_deadline, pick_duty_deadline
from pipeline.findings import Finding, RequirementId


def confidence(score: float) -> float:
    """Map a candidate score (about 1..6) onto 0.3..0.95."""
    return round(max(0.3, min(0.95, 0.35 + 0.1 * score)), 2)


def sentence_finding(
    sentence: Sentence,
    requirement_id: str,
    values: Mapping[str, Any],
    score: float,
    rule: str,
    also: Sentence | None = None,
) -> Finding:
    """A finding whose evidence is one sentence (plus ``also``, e.g. the sentence giving the period)."""
    evidence = span_evidence(sentence.clause, sentence.start_char, sentence.end_char)
    if also is not None and also is not sentence:
        evidence += span_evidence(also.clause, also.start_char, also.end_char)
    return Finding(
        requirement_id=RequirementId(requirement_id),
        clause_id=sentence.clause.id,
        evidence=evidence,
        values=dict(values),
        confidence=confidence(score),
        rule=rule,
    )


def duty_deadline(sentence: Sentence, requirement_id: str, duty_group: str) -> Duration | None:
    """The period attached to the requirement's duty in ``sentence`` (its first duty word is the anchor)."""
    spans = sentence.spans(requirement_id, duty_group)
    if not spans:
        return pick_deadline(sentence.text)
    return pick_duty_deadline(sentence.text, spans[0].start_char - sentence.start_char)


def supporting(
    candidates: list[Candidate], best: Candidate, limit: int = 1, margin: float = 0.6
) -> list[Candidate]:
    """Other strong candidates in other clauses (extra evidence for the reviewer)."""
    out: list[Candidate] = []
    for cand in candidates:
        if len(out) >= limit:
            break
        if (
            cand is not best
            and cand.sentence.clause.id != best.sentence.clause.id
            and cand.score >= best.score - margin
        ):
            out.append(cand)
    return out


def run_extractors(ctx: DocumentContext, requirement_id: str, text: str) -> dict[str, Any]:
    """Apply the extractors the catalogue names for a requirement to one text."""
    from pipeline.detect.registry import get_extractor

    values: dict[str, Any] = {}
    for name in ctx.requirement(requirement_id).extractors:
        values |= get_extractor(name)(text)
    return values
