"""Breach notification (15(5)): the operator's duty to notify the school, with its deadline.

Prefers sentences that state a deadline; drops sentences whose actor is the school (the district's
own duty to notify parents), sentences where notice is only an item of the breach costs someone pays
("reimburse the costs of notifying parents") and definitions; the catalogue drops contract-default
"breach of this Agreement" and "not required to notify" sentences.
"""

from __future__ import annotations

import re

from pipeline.detect.context import Candidate, DocumentContext, actor_is_school
from pipeline.detect.registry import register_rule
from pipeline.detect.rules.base import duty_deadline, sentence_finding
from pipeline.findings import Finding


@register_rule("breach_notice.v1")
class BreachNoticeRule:
    """Best operator-side breach-notice sentence and its deadline."""

    name = "breach_notice.v1"

    def find(self, ctx: DocumentContext, requirement_id: str) -> list[Finding]:
        ranked = []
        for cand in ctx.candidates(requirement_id):
            if _notice_is_a_cost(cand, requirement_id):
                continue
            values, bonus = _deadline(ctx, cand)
            if _school_acts(ctx, cand, requirement_id):
                bonus -= 3.0
            ranked.append((cand.score + bonus, cand, values))
        if not ranked:
            return []
        ranked.sort(key=lambda item: (-item[0], item[1].sentence.order))
        score, best, values = ranked[0]
        return [sentence_finding(best.sentence, requirement_id, values, score, self.name)]


def _deadline(ctx: DocumentContext, cand: Candidate) -> tuple[dict[str, object], float]:
    """The deadline in the sentence (or the next sentence of the clause) and a score bonus."""
    for sentence in [cand.sentence, *ctx.next_sentences(cand.sentence)]:
        duration = duty_deadline(sentence, cand.requirement_id.value, "notify")
        if duration is not None:
            bonus = 1.5 if duration.is_deadline else 0.5
            return {
                "period": duration.period,
                "unit": duration.unit,
            }, bonus if sentence is cand.sentence else 0.5
    return {"period": None, "unit": None}, 0.0


# "reimburse the LEA for costs, including notification of parents": notice as an item someone pays for.
_PAID_FOR = re.compile(
    r"\b(?:costs?|expenses?|fees|reimburs\w*|indemnif\w*|pay(?:s|ing)?\s+for|bear\w*)\b[^.;]{0,80}$", re.I
)


def _notice_is_a_cost(cand: Candidate, requirement_id: str) -> bool:
    """Every notice word of the sentence is an item of a cost list, not the operator's duty to notify."""
    spans = cand.sentence.spans(requirement_id, "notify")
    text, start = cand.sentence.text, cand.sentence.start_char
    return bool(spans) and all(_PAID_FOR.search(text[: span.start_char - start]) for span in spans)


def _school_acts(ctx: DocumentContext, cand: Candidate, requirement_id: str) -> bool:
    spans = cand.sentence.spans(requirement_id, "notify")
    stop = spans[0].start if spans else cand.sentence.span.start + 6
    return actor_is_school(cand.sentence, stop, ctx.operator_names)
