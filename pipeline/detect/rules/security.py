"""Reasonable security (15(1)): the duty sentence, plus the standards named around it.

Standards are collected from the clauses of the security provisions (the duty sentence's clause and
clauses whose headings are about security), not from the whole document: a menu of frameworks
with unticked boxes, or a passing "FERPA", is not a commitment. Nor is a standard the operator says it
does not hold ("does not currently hold an ISO/IEC 27001 certification"), nor the other options of a
menu in which a box was ticked: the ticked ones are what was chosen.
"""

from __future__ import annotations

import re
from typing import cast

from pipeline.detect.context import DocumentContext
from pipeline.detect.extractors.standards import find_standards, standard_key
from pipeline.detect.registry import register_rule
from pipeline.detect.rules.base import sentence_finding
from pipeline.findings import Finding
from pipeline.types import ClauseKind

_MENU_SIZE = 3  # a clause naming this many standards as separate short items is an option list
# "does not (currently) hold / has not obtained / is not certified / has no ... certification"
_DISCLAIMED = re.compile(
    r"\b(?:(?:does|do|did|has|have)\s+not|doesn'?t|hasn'?t|is\s+not|are\s+not|not\s+yet|never)\s+"
    r"(?:\w+\s+){0,2}(?:hold|have|maintain|obtain(?:ed)?|achiev(?:e|ed)|been\s+(?:certified|audited)|certified|"
    r"audited|pursu(?:e|ing))\b|\bno\s+(?:current\s+)?(?:\S+\s+){0,3}(?:certification|report|attestation|audit)\b",
    re.I,
)


@register_rule("reasonable_security.v1")
class ReasonableSecurityRule:
    """Best security-duty sentence; standards from the security clauses."""

    name = "reasonable_security.v1"

    def find(self, ctx: DocumentContext, requirement_id: str) -> list[Finding]:
        candidates = ctx.candidates(requirement_id)
        if not candidates:
            return _framework_commitment(ctx, requirement_id, self.name)
        best = candidates[0]
        standards = _standards(ctx, requirement_id)
        values = {"standards": standards}
        with_standard = [c for c in candidates[1:4] if find_standards(c.sentence.text)]
        chosen = [best, *with_standard[:1]]
        return [sentence_finding(c.sentence, requirement_id, values, c.score, self.name) for c in chosen]


def _framework_commitment(ctx: DocumentContext, requirement_id: str, rule: str) -> list[Finding]:
    """A security exhibit that commits to named frameworks states the industry standard it meets.

    "Our security program is aligned with the CIS Controls and audited under SOC 2" says the operator
    keeps security practices that meet an industry standard without the words "reasonable" or
    "industry standard": the framework is the standard.
    """
    for sentence in ctx.sentences:
        if "security" not in sentence.groups(requirement_id) or _DISCLAIMED.search(sentence.text):
            continue
        found = find_standards(sentence.text)
        if found and not (len(found) >= _MENU_SIZE and len(sentence.text.split()) < 8 * len(found)):
            values = {"standards": _dedupe(found)}
            return [sentence_finding(sentence, requirement_id, values, 2.0, rule)]
    return []


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
        if _DISCLAIMED.search(sentence.text):
            continue
        names.extend(found)
    # set by detect from sources.read_box_standards: (next to ticked boxes, next to unticked ones)
    ticked, unticked = cast(tuple[list[str], list[str]], ctx.extras.get("boxed_standards") or ([], []))
    names = [n for n in names if not _in_ticked_menu(ctx, n, ticked)]
    menu_only = {standard_key(n) for n in unticked} - {standard_key(n) for n in ticked}
    names = [n for n in names if standard_key(n) not in menu_only] + list(ticked)
    return _dedupe(names)


def _in_ticked_menu(ctx: DocumentContext, name: str, ticked: list[str]) -> bool:
    """Whether ``name`` is another option of the menu a ticked standard was chosen from."""
    if not ticked or standard_key(name) in {standard_key(t) for t in ticked}:
        return False
    chosen = {standard_key(t) for t in ticked}
    for clause in ctx.segmented.clauses:
        if name in clause.text and chosen & {standard_key(n) for n in find_standards(clause.text)}:
            return True
    return False


def _dedupe(names: list[str]) -> list[str]:
    """Each spelling once, in order of appearance."""
    return list(dict.fromkeys(names))
