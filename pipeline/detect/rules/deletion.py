"""Deletion duties: return-or-delete when no longer needed (15(4)(E)) and delete on request (15(2)).

Both pick the candidate with a stated deadline when there is one; a sentence that looks like the
other duty is ranked down (a student's data on request vs. all data at the end of the agreement).
Negations ("is not required to delete") and backup/certificate distractors are dropped by the
catalogue.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.detect.context import Candidate, DocumentContext, Sentence
from pipeline.detect.registry import register_rule
from pipeline.detect.rules.base import duty_deadline, sentence_finding
from pipeline.findings import Finding

_INDIVIDUAL = (
    "student's",
    "students'",
    "individual student",
    "a student",
    "particular student",
    "specific student",
)


def _deadline(
    ctx: DocumentContext, cand: Candidate, erase_group: str
) -> tuple[dict[str, object], float, Sentence]:
    """Deadline of the sentence, else of a following sentence of the clause that also erases data
    (returned too, as evidence)."""
    duration = duty_deadline(cand.sentence, cand.requirement_id.value, erase_group)
    if duration is not None:
        return (
            {"period": duration.period, "unit": duration.unit},
            1.0 if duration.is_deadline else 0.3,
            cand.sentence,
        )
    for nxt in ctx.next_sentences(cand.sentence, 2):
        if erase_group in nxt.groups(cand.requirement_id.value) and (
            later := duty_deadline(nxt, cand.requirement_id.value, erase_group)
        ):
            return {"period": later.period, "unit": later.unit}, 0.5, nxt
    return {"period": None, "unit": None}, 0.0, cand.sentence


def _individual(text: str) -> bool:
    lowered = text.lower()
    return any(term in lowered for term in _INDIVIDUAL)


Picked = tuple[float, Candidate, dict[str, object], Sentence]


def _pick(ctx: DocumentContext, requirement_id: str, adjust: Callable[[Candidate], float]) -> Picked | None:
    ranked = []
    for cand in ctx.candidates(requirement_id):
        values, bonus, source = _deadline(ctx, cand, "erase")
        ranked.append((cand.score + bonus + adjust(cand), cand, values, source))
    if not ranked:
        return None
    ranked.sort(key=lambda item: (-item[0], item[1].sentence.order))
    return ranked[0]


@register_rule("return_or_delete.v1")
class ReturnOrDeleteRule:
    """All data deleted or returned once no longer needed, and within what period."""

    name = "return_or_delete.v1"

    def find(self, ctx: DocumentContext, requirement_id: str) -> list[Finding]:
        def adjust(cand: Candidate) -> float:
            text = cand.sentence.text.lower()
            bonus = 1.0 if "no longer" in text else 0.0
            return bonus - (1.5 if _individual(text) and "request" in text else 0.0)

        picked = _pick(ctx, requirement_id, adjust)
        if picked is None:
            return []
        score, best, values, source = picked
        return [sentence_finding(best.sentence, requirement_id, values, score, self.name, also=source)]


@register_rule("delete_on_request.v1")
class DeleteOnRequestRule:
    """A student's data deleted when the school asks, and within what period."""

    name = "delete_on_request.v1"

    def find(self, ctx: DocumentContext, requirement_id: str) -> list[Finding]:
        def adjust(cand: Candidate) -> float:
            text = cand.sentence.text.lower()
            bonus = 1.5 if _individual(text) else 0.0
            return bonus - (1.0 if "no longer" in text or "terminat" in text else 0.0)

        picked = _pick(ctx, requirement_id, adjust)
        if picked is None:
            return []
        score, best, values, source = picked
        return [sentence_finding(best.sentence, requirement_id, values, score, self.name, also=source)]
