"""Reasonable security (15(1)): the duty sentence, plus the standards named around it.

Standards are collected from the clauses of the security provisions (the duty sentence's clause and
clauses whose headings are about security), not from the whole document: a menu of frameworks
with unticked boxes, or a passing "FERPA", is not a commitment.
"""

from __future__ import annotations

from pipeline.detect.context import DocumentContext
from pipeline.detect.extractors.standards import find_standards, standard_key
from pipeline.detect.registry import register_rule
from pipeline.detect.rules.base import sentence_finding
from pipeline.findings import Finding
from pipeline.types import ClauseKind

_MENU_SIZE = 3  # a clause naming this many standards as separate short items is an option list


@register_rule("reasonable_security.v1")
class ReasonableSecurityRule:
    """Best security-duty sentence; standards from the security clauses."""

    name = "reasonable_security.v1"

    def find(self, ctx: DocumentContext, requirement_id: str) -> list[Finding]:
        candidates = ctx.candidates(requirement_id)
        if not candidates:
            return []
        best = candidates[0]
        standards = _standards(ctx, requirement_id)
        values = {"standards": standards}
        with_standard = [c for c in candidates[1:4] if find_standards(c.sentence.text)]
        chosen = [best, *with_standard[:1]]
        return [sentence_finding(c.sentence, requirement_id, values, c.score, self.name) for c in chosen]


def _standards(ctx: DocumentContext, requirement_id: str) -> list[str]:
    clause_ids = {c.sentence.clause.id for c in ctx.candidates(requirement_id)}
    context = ctx.requirement(requirement_id).context
    names: list[str] = []
    for sentence in ctx.sentences:
        clause = sentence.clause
        in_scope = clause.id in clause_ids or any(word in sentence.heading for word in context)
        if not in_scope or clause.kind == ClauseKind.TABLE:
            continue
        found = find_standards(sentence.text)
        if len(found) >= _MENU_SIZE and len(sentence.text.split()) < 8 * len(found):
            continue
        names.extend(found)
    ticked, unticked = ctx.extras.get("boxed_standards") or ([], [])
    menu_only = {standard_key(n) for n in unticked} - {standard_key(n) for n in ticked}
    names = [n for n in names if standard_key(n) not in menu_only] + list(ticked)
    return _dedupe(names)


def _dedupe(names: list[str]) -> list[str]:
    """Each spelling once, in order of appearance."""
    return list(dict.fromkeys(names))
