"""Prohibited uses (Section 10): which prohibitions the agreement states, over all its sentences.

A use word counts when a prohibition governs it: in the same sentence ("will not sell"), through a
heading ("Prohibited Uses" over "(a) engage in targeted advertising"), or through a lead-in whose
list items follow ("Provider shall not:" then "(a) sell ..."). Only the operator's prohibitions count:
a sentence whose actor is the school ("The District will not share ...") binds the school, and the
re-disclosure limit of the FERPA school-official statement (105 ILCS 85/15(4)(C): "uses it only for
authorized purposes and will not re-disclose it without permission or a court order") is part of that
statement, not a Section 10 prohibition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.detect.context import DocumentContext, Sentence, actor_is_school
from pipeline.detect.extractors.uses import ORDER, stated_uses
from pipeline.detect.registry import register_rule
from pipeline.detect.rules.base import sentence_finding
from pipeline.detect.rules.lists import items_after
from pipeline.findings import Finding

_IMPLIED = "not "  # prefix that makes a heading's or lead-in's prohibition explicit for the extractor
_MAX_EVIDENCE = 4
_PROHIBITION_WORDS = frozenset(
    ["not", "never", "no", "nor", "prohibited", "prohibits", "forbidden", "refrain"]
)
# The school-official statement: the role itself, or 15(4)(C)'s "only for authorized purposes and not
# re-disclose".
_SCHOOL_OFFICIAL = re.compile(r"\bschool[- ]officials?\b", re.I)
_AUTHORIZED_PURPOSE = re.compile(r"\b(?:only|solely|exclusively)\s+(?:for|to)\b.{0,120}?\bre-?disclos", re.I)
# Prohibitions by reference to the statute or in a summary restate the law; the agreement's own wording is
# the better evidence ("any practice that Section 10 of SOPPA prohibits, including ...").
_RESTATES = re.compile(
    r"\bsection\s+10\b|\b105\s+ILCS\b|\bsoppa\b|\bstudent online personal protection act\b|\bthe act\b", re.I
)


@dataclass(frozen=True, slots=True)
class Stated:
    """One sentence and the prohibitions it states."""

    score: float
    sentence: Sentence
    uses: tuple[str, ...]

    @property
    def restates(self) -> bool:
        """A statute cross-reference or a summary row: evidence only when nothing else states the use."""
        return bool(_RESTATES.search(self.sentence.text)) or "summary" in self.sentence.heading


@register_rule("prohibited_uses.v1")
class ProhibitedUsesRule:
    """Union of the prohibitions stated; evidence is the fewest own-wording sentences that state them."""

    name = "prohibited_uses.v1"

    def find(self, ctx: DocumentContext, requirement_id: str) -> list[Finding]:
        scored: list[Stated] = []
        for cand in ctx.candidates(requirement_id):
            if _binds_school(ctx, cand.sentence):
                continue
            text = (_IMPLIED if cand.via_context else "") + cand.sentence.text
            if uses := _operator_uses(cand.sentence, stated_uses(text)):
                scored.append(Stated(len(uses) + cand.score / 10, cand.sentence, tuple(uses)))
        scored.extend(_lead_in_items(ctx, requirement_id))
        if not scored:
            return []
        stated = {use for item in scored for use in item.uses}
        values = {"stated": [use for use in ORDER if use in stated]}
        return [
            sentence_finding(item.sentence, requirement_id, values, 2 + item.score, self.name)
            for item in _evidence(scored)
        ]


def _operator_uses(sentence: Sentence, uses: list[str]) -> list[str]:
    """The uses a sentence prohibits as Section 10 prohibitions (not as the school-official statement)."""
    text = sentence.text
    if "disclosure" in uses and (_SCHOOL_OFFICIAL.search(text) or _AUTHORIZED_PURPOSE.search(text)):
        return [use for use in uses if use != "disclosure"]
    return uses


def _binds_school(ctx: DocumentContext, sentence: Sentence) -> bool:
    """The words before the prohibition name the school: the sentence states the school's own duty."""
    first = next((t.i for t in sentence.span if t.lower_ in _PROHIBITION_WORDS), None)
    return first is not None and actor_is_school(sentence, first, ctx.operator_names)


def _evidence(scored: list[Stated]) -> list[Stated]:
    """Greedy cover of the stated uses, the agreement's own wording before restatements, best first."""
    ranked = sorted(scored, key=lambda s: (s.restates, -s.score, s.sentence.order))
    chosen: list[Stated] = []
    covered: set[str] = set()
    for restated in (False, True):
        for item in ranked:
            if item.restates == restated and set(item.uses) - covered and len(chosen) < _MAX_EVIDENCE:
                chosen.append(item)
                covered.update(item.uses)
    return chosen


def _lead_in_items(ctx: DocumentContext, requirement_id: str) -> list[Stated]:
    """List items after a prohibiting lead-in ("... shall not:")."""
    out = []
    for sentence in ctx.sentences:
        if not sentence.text.rstrip().endswith(":") or "prohibit" not in sentence.groups(requirement_id):
            continue
        if _binds_school(ctx, sentence):
            continue
        for clause in items_after(ctx, sentence):
            first = next((s for s in ctx.sentences if s.clause.id == clause.id), None)
            if first is not None and (uses := _operator_uses(first, stated_uses(_IMPLIED + clause.text))):
                out.append(Stated(len(uses) + 0.1, first, tuple(uses)))
    return out
