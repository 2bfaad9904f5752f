"""Data categories (15(4)(A)) and the service description (15(4)(B)).

Data elements come from the checked rows of the schedule of data (read from the PDF by
``pipeline.detect.schedule``), else from a bulleted or run-in list after the categories sentence.
Products are the names the service description introduces.
"""

from __future__ import annotations

from typing import Any

from pipeline.detect.context import Candidate, DocumentContext
from pipeline.detect.evidence import page_box_evidence
from pipeline.detect.extractors.elements import clean_item, split_run_in
from pipeline.detect.extractors.products import find_products
from pipeline.detect.registry import register_rule
from pipeline.detect.rules.base import sentence_finding, supporting
from pipeline.detect.rules.lists import items_after
from pipeline.findings import Finding, RequirementId
from pipeline.types import ClauseKind


@register_rule("data_categories.v1")
class DataCategoriesRule:
    """The categories sentence plus the elements of the schedule or list it introduces."""

    name = "data_categories.v1"

    def find(self, ctx: DocumentContext, requirement_id: str) -> list[Finding]:
        candidates = ctx.candidates(requirement_id)
        schedule = ctx.extras.get("schedule")
        elements = list(getattr(schedule, "elements", ()) or ())
        if not elements:
            elements = next((found for c in candidates[:5] if (found := _listed(ctx, c))), [])
        values = {"elements": elements}
        if candidates:
            best = candidates[0]
            chosen = [best, *supporting(candidates, best)]
            return [sentence_finding(c.sentence, requirement_id, values, c.score, self.name) for c in chosen]
        if elements and schedule is not None:
            evidence = page_box_evidence(tuple(schedule.evidence[:3]), tuple(elements[:3]))
            return [Finding(RequirementId(requirement_id), "", evidence, values, 0.6, self.name)]
        return []


def _listed(ctx: DocumentContext, cand: Candidate) -> list[str]:
    run_in = split_run_in(cand.sentence.text)
    if run_in:
        return run_in
    items = [c for c in items_after(ctx, cand.sentence) if c.kind != ClauseKind.TABLE]
    return [text for c in items if (text := clean_item(c.text))]


@register_rule("service_description.v1")
class ServiceDescriptionRule:
    """The sentences describing the product, and the product names they introduce."""

    name = "service_description.v1"

    def find(self, ctx: DocumentContext, requirement_id: str) -> list[Finding]:
        candidates = ctx.candidates(requirement_id)
        if not candidates:
            return []
        best = candidates[0]
        values: dict[str, Any] = {"products": _products(ctx, candidates)}
        chosen = [best, *supporting(candidates, best)]
        return [sentence_finding(c.sentence, requirement_id, values, c.score, self.name) for c in chosen]


def _products(ctx: DocumentContext, candidates: list[Candidate]) -> list[str]:
    """Names introduced by the strongest description sentences; a second pass catches names that
    reuse a brand word found in the first ("X Tracker" after "Acme X")."""
    top = candidates[0].score
    texts = [c.sentence.text for c in candidates if c.score >= top - 1.5][:8]
    words = [w for name in ctx.operator_names for w in name.split()]
    found: list[str] = []
    for _ in range(2):
        for text in texts:
            found.extend(find_products(text, words, found))
        found = list(dict.fromkeys(found))
    return [name for name in found if not any(name != other and name in other for other in found)]
