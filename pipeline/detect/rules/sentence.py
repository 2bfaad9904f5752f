"""The generic rule: the best-scoring candidate sentence of a requirement is its evidence."""

from __future__ import annotations

from pipeline.detect.context import DocumentContext
from pipeline.detect.registry import register_rule
from pipeline.detect.rules.base import run_extractors, sentence_finding, supporting
from pipeline.findings import Finding


@register_rule("sentence.v1")
class SentenceRule:
    """Catalogue cues only: school-official statement, breach-cost allocation, posting statement."""

    name = "sentence.v1"

    def find(self, ctx: DocumentContext, requirement_id: str) -> list[Finding]:
        candidates = ctx.candidates(requirement_id)
        if not candidates:
            return []
        best = candidates[0]
        chosen = [best, *supporting(candidates, best)]
        return [
            sentence_finding(
                c.sentence,
                requirement_id,
                run_extractors(ctx, requirement_id, c.sentence.text),
                c.score,
                self.name,
            )
            for c in chosen
        ]
