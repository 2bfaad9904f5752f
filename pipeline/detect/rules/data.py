"""Data categories (15(4)(A)) and the service description (15(4)(B)).

Data elements come from the checked rows of the schedule of data (read from the PDF by
``pipeline.detect.schedule``), else from a bulleted or run-in list after the categories sentence.
Products are the names the service description introduces.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.detect.context import Candidate, DocumentContext, Sentence
from pipeline.detect.evidence import page_box_evidence
from pipeline.detect.extractors.elements import clean_item, split_after_verb, split_run_in
from pipeline.detect.extractors.products import find_products
from pipeline.detect.nlp import NEGATION
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
        source: Sentence | None = None
        if not elements:
            elements, source = _first_listed(ctx, candidates[:5])
        if not elements:
            listing = _listing_sentences(ctx, requirement_id)
            elements, source = _first_listed(ctx, listing)
            candidates = candidates or listing
        values = {"elements": elements}
        if candidates:
            best = candidates[0]
            chosen = [best, *supporting(candidates, best)]
            findings = [
                sentence_finding(c.sentence, requirement_id, values, c.score, self.name) for c in chosen
            ]
            if source is not None and all(source is not c.sentence for c in chosen):
                findings.insert(0, sentence_finding(source, requirement_id, values, 2.0, self.name))
            return findings
        if elements and schedule is not None:
            evidence = page_box_evidence(tuple(getattr(schedule, "evidence", ())[:3]), tuple(elements[:3]))
            return [Finding(RequirementId(requirement_id), "", evidence, values, 0.6, self.name)]
        return []


def _listing_sentences(ctx: DocumentContext, requirement_id: str) -> list[Candidate]:
    """Sentences that hand over data with a list, used when no categories sentence gives elements:
    a list after a colon ("we need this information about each student: a, b, c") or as the object
    of a collecting verb ("we collect a, b and c")."""
    out = []
    for sentence in ctx.sentences:
        groups = sentence.groups(requirement_id)
        if "data" not in groups or NEGATION in groups or sentence.definition:
            continue
        lead = sentence.text.split(":", 1)[0]
        colon = (
            ":" in sentence.text
            and _DATA_WORD.search(lead) is not None
            and ("flow" in groups or _STUDENT.search(lead) is not None)
            and len(split_run_in(sentence.text)) >= 3
        )
        verb = "flow" in groups and len(_verb_list(sentence.text)) >= 3
        if colon or verb:
            out.append(Candidate(sentence, RequirementId(requirement_id), 2.0, frozenset(groups)))
    return out


_DATA_WORD = re.compile(r"\b(?:data|information|records?|elements?|fields?)\b", re.I)
_STUDENT = re.compile(r"\b(?:students?|pupils?|learners?|child(?:ren)?|minors?|users?|accounts?)\b", re.I)


def _verb_list(text: str) -> list[str]:
    """A collecting verb's list, only in a sentence about students or their accounts."""
    return split_after_verb(text) if _STUDENT.search(text) else []


def _first_listed(ctx: DocumentContext, candidates: list[Candidate]) -> tuple[list[str], Sentence | None]:
    """Elements of the first candidate that lists any, and the sentence that listed them."""
    for cand in candidates:
        found, source = _listed(ctx, cand)
        if found:
            return found, source
    return [], None


def _listed(ctx: DocumentContext, cand: Candidate) -> tuple[list[str], Sentence | None]:
    """Elements in the sentence, in the items after it, or (for a run-in heading such as
    "Data Elements.") in the next sentences of its clause."""
    sentence = cand.sentence
    run_in = split_run_in(sentence.text) or _verb_list(sentence.text)
    if run_in:
        return run_in + _also_listed(ctx, cand), sentence
    items = [c for c in items_after(ctx, sentence) if c.kind != ClauseKind.TABLE]
    found = [text for c in items if (text := clean_item(c.text))]
    if found:
        return found, sentence
    if len(sentence.text.split()) <= 6:
        for nxt in ctx.next_sentences(sentence, count=2):
            if NEGATION not in nxt.groups(cand.requirement_id) and (
                more := split_run_in(nxt.text) or _verb_list(nxt.text)
            ):
                return more, nxt
    return [], None


_ALSO = re.compile(r"\b(?:also|additionally|in addition)\b", re.I)


def _also_listed(ctx: DocumentContext, cand: Candidate) -> list[str]:
    """Elements a following sentence of the same paragraph adds ("We also log a, b and c")."""
    more: list[str] = []
    for nxt in ctx.next_sentences(cand.sentence, count=2):
        if _ALSO.search(nxt.text) and NEGATION not in nxt.groups(cand.requirement_id):
            more += split_after_verb(nxt.text)
    return more


_NAME = r"(?:The\s+)?[A-Z][\w'’&+-]*(?:\s+[A-Z][\w'’&+-]*){0,4}"
_NUMBER = r"(?:\(?[a-z0-9]{1,3}[.)]\s*|\d+(?:\.\d+)+\.?\s+|[-•*]\s*)"
_INTRODUCED = re.compile(
    rf"^\s*{_NUMBER}?[\"“]?{_NAME}"
    r"(?:,\s+(?:a|an|our)\b|\s+(?:is|are)\s+(?:a|an|the|our)\b|\s*[\"”]?\s+means\b"
    r"|\s+(?:connects|lets|helps|gives|enables|allows|offers|provides)\s+(?:your\s+|the\s+|its\s+)?"
    r"(?:students?|teachers?|schools?|classrooms?|educators?|learners?|families|parents|districts?)\b)"
    rf"|^\s*(?:\(?[a-z0-9]{{1,3}}[.)]|[-•*])\s*{_NAME},\s+[a-z]"  # list item: "(b) Name, short probes ..."
    rf"|\b(?:provide|provides|supply|supplies|offer|offers|license|licenses|deliver|delivers)\b"
    rf"[^.;]{{0,40}}?\b(?:with\s+|to\s+)?{_NAME},\s+(?:a|an)\s"  # "will supply the school with X, an ..."
)


@register_rule("service_description.v1")
class ServiceDescriptionRule:
    """The sentences describing the product, and the product names they introduce.

    Sentences that introduce a name ("X is a web-based ...", "X, an online ...", '"Platform" means X')
    rank first; candidates come from the catalogue cues and from every sentence under a services
    heading (an exhibit describing the products).
    """

    name = "service_description.v1"

    def find(self, ctx: DocumentContext, requirement_id: str) -> list[Finding]:
        pool = _service_pool(ctx, requirement_id)
        if not pool:
            return []
        words = [w for name in ctx.operator_names for w in name.split()]
        ranked = []
        for cand in pool:
            products = find_products(cand.sentence.text, words)
            introduced = bool(_INTRODUCED.search(cand.sentence.text)) and bool(products)
            # a definition of some other term ("Covered information" means ...) describes no service
            penalty = 1.0 if cand.sentence.definition and not introduced else 0.0
            score = cand.score + 2.0 * introduced + 0.5 * min(len(products), 2) - penalty
            ranked.append((score, cand, products, introduced))
        ranked.sort(key=lambda item: (-item[0], item[1].sentence.order))
        found = [p for _, _, products, intro in ranked if intro for p in products] or ranked[0][2]
        found += [p for score, _, products, _ in ranked if score >= 2.0 for p in products]
        best = ranked[0][1]
        chosen = [
            best,
            *[r[1] for r in ranked[1:] if r[3] and r[1].sentence.clause.id != best.sentence.clause.id][:1],
        ]
        found += _companions(ctx, {c.sentence.clause.id for c in chosen}, words)
        values: dict[str, Any] = {"products": _second_pass(ctx, [r[1] for r in ranked if r[3]], found, words)}
        return [sentence_finding(c.sentence, requirement_id, values, c.score + 2, self.name) for c in chosen]


def _service_pool(ctx: DocumentContext, requirement_id: str) -> list[Candidate]:
    """Cue candidates, every sentence under a services heading, and sentences that introduce a
    product of the operator by what it does ("Acme Tutor connects your students with ...")."""
    pool = ctx.candidates(requirement_id)
    seen = {c.sentence.order for c in pool}
    context = ctx.requirement(requirement_id).context
    rid = RequirementId(requirement_id)
    brand = {n.split()[0].lower() for n in ctx.operator_names if n}
    under: dict[str, bool] = {}  # many sentences share one heading context
    for sentence in ctx.sentences:
        if sentence.order in seen:
            continue
        if sentence.heading not in under:
            under[sentence.heading] = _services_heading(sentence.heading, context)
        if under[sentence.heading]:
            pool.append(Candidate(sentence, rid, 1.0, frozenset(), True))
        elif brand and (match := _INTRODUCED.search(sentence.text)) and _branded(match.group(0), brand):
            pool.append(Candidate(sentence, rid, 1.0, frozenset(sentence.groups(requirement_id))))
    return pool


def _services_heading(heading: str, context: tuple[str, ...]) -> bool:
    """A heading context with a part that is, or has a word starting with, a services word."""
    parts = heading.split(" | ")
    return any(word == h.strip() or f" {word}" in h for h in parts for word in context)


def _branded(text: str, brand: set[str]) -> bool:
    return any(word.lower().strip('"“”,') in brand for word in text.split())


def _companions(ctx: DocumentContext, clause_ids: set[str], words: list[str]) -> list[str]:
    """Products carrying the operator's name elsewhere in the describing paragraphs ("Families see
    posts in the free Acme Family app" after "Acme Journal is a classroom app ...")."""
    if not words:
        return []
    brand = words[0].lower()
    return [
        p
        for s in ctx.sentences
        if s.clause.id in clause_ids
        for p in find_products(s.text, words)
        if len(p.split()) >= 2 and p.split()[0].lower() == brand
    ]


def _second_pass(
    ctx: DocumentContext, introduced: list[Candidate], found: list[str], words: list[str]
) -> list[str]:
    """Names that reuse a brand word of a product already found ("X Tracker" after "Acme X")."""
    more = [p for c in introduced for p in find_products(c.sentence.text, words, found)]
    names = list(dict.fromkeys([*found, *more]))
    return [name for name in names if not any(name != other and name in other for other in names)]
