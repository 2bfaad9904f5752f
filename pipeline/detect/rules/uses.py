"""Prohibited uses (Section 10): which prohibitions the agreement states, over all its sentences."""

from __future__ import annotations

from pipeline.detect.context import DocumentContext
from pipeline.detect.extractors.uses import ORDER, stated_uses
from pipeline.detect.registry import register_rule
from pipeline.detect.rules.base import sentence_finding
from pipeline.findings import Finding


@register_rule("prohibited_uses.v1")
class ProhibitedUsesRule:
    """Union of the prohibitions stated; evidence is the sentences stating the most of them."""

    name = "prohibited_uses.v1"

    def find(self, ctx: DocumentContext, requirement_id: str) -> list[Finding]:
        scored = []
        for cand in ctx.candidates(requirement_id):
            uses = stated_uses(cand.sentence.text)
            if uses:
                scored.append((len(uses) + cand.score / 10, cand, uses))
        if not scored:
            return []
        stated = {use for _, _, uses in scored for use in uses}
        values = {"stated": [use for use in ORDER if use in stated]}
        scored.sort(key=lambda item: (-item[0], item[1].sentence.order))
        chosen = [scored[0]] + [s for s in scored[1:] if set(s[2]) - set(scored[0][2])][:1]
        return [sentence_finding(c.sentence, requirement_id, values, c.score + n, self.name) for n, c, _ in chosen]
