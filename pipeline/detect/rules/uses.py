"""Prohibited uses (Section 10): which prohibitions the agreement states, over all its sentences.

A use word counts when a prohibition governs it: in the same sentence ("will not sell"), through a
heading ("Prohibited Uses" over "(a) engage in targeted advertising"), or through a lead-in whose
list items follow ("Provider shall not:" then "(a) sell ...").
"""

from __future__ import annotations

from pipeline.detect.context import DocumentContext, Sentence
from pipeline.detect.extractors.uses import ORDER, stated_uses
from pipeline.detect.registry import register_rule
from pipeline.detect.rules.base import sentence_finding
from pipeline.detect.rules.lists import items_after
from pipeline.findings import Finding

_IMPLIED = "not "  # prefix that makes a heading's or lead-in's prohibition explicit for the extractor


@register_rule("prohibited_uses.v1")
class ProhibitedUsesRule:
    """Union of the prohibitions stated; evidence is the sentences stating the most of them."""

    name = "prohibited_uses.v1"

    def find(self, ctx: DocumentContext, requirement_id: str) -> list[Finding]:
        scored: list[tuple[float, Sentence, list[str]]] = []
        for cand in ctx.candidates(requirement_id):
            text = (_IMPLIED if cand.via_context else "") + cand.sentence.text
            if uses := stated_uses(text):
                scored.append((len(uses) + cand.score / 10, cand.sentence, uses))
        scored.extend(_lead_in_items(ctx, requirement_id))
        if not scored:
            return []
        stated = {use for _, _, uses in scored for use in uses}
        values = {"stated": [use for use in ORDER if use in stated]}
        scored.sort(key=lambda item: (-item[0], item[1].order))
        chosen = [scored[0]] + [s for s in scored[1:] if set(s[2]) - set(scored[0][2])][:1]
        return [
            sentence_finding(sentence, requirement_id, values, 2 + n, self.name) for n, sentence, _ in chosen
        ]


def _lead_in_items(ctx: DocumentContext, requirement_id: str) -> list[tuple[float, Sentence, list[str]]]:
    """List items after a prohibiting lead-in ("... shall not:")."""
    out = []
    for sentence in ctx.sentences:
        if not sentence.text.rstrip().endswith(":") or "prohibit" not in sentence.groups(requirement_id):
            continue
        for clause in items_after(ctx, sentence):
            first = next((s for s in ctx.sentences if s.clause.id == clause.id), None)
            if first is not None and (uses := stated_uses(_IMPLIED + clause.text)):
                out.append((len(uses) + 0.1, first, uses))
    return out
