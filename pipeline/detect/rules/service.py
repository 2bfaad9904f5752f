"""The service description (105 ILCS 85/15(4)(B)): the sentences that say what the operator provides.

A service description describes: it introduces a named product by what it is ("X is a web-based ...",
"Provider provides X, an ..."), defines the offering ('"Platform" means X', '"Study" means the Y Study, a
research project ...'), says where the services are described ("are described in Exhibit A"), or sits in
a description-of-services exhibit with a product as its subject ("X delivers weekly probes ..."). A
sentence that only mentions the Services in passing ("solely to provide the Services") describes nothing,
so a document without any describing sentence (a lone schedule of data, a security exhibit, an amendment
of a breach period) has no service description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipeline.detect.context import Candidate, DocumentContext, Sentence
from pipeline.detect.extractors.products import find_products
from pipeline.detect.registry import register_rule
from pipeline.detect.rules.base import sentence_finding
from pipeline.findings import Finding, RequirementId

_NAME = r"(?:The\s+)?[A-Z][\w'’&+-]*(?:\s+[A-Z][\w'’&+-]*){0,4}"
_NUMBER = r"(?:\(?[a-z0-9]{1,3}[.)]\s*|\d+(?:\.\d+)+\.?\s+|[A-Z]{1,3}-\d+(?:\.\d+)*\.?\s+|[-•*]\s*)"
_AUDIENCE = r"(?:students?|teachers?|schools?|classrooms?|educators?|learners?|families|parents|districts?)"
_INTRODUCED = re.compile(
    rf"^\s*{_NUMBER}?[\"“]?{_NAME}"
    r"(?:,\s+(?:a|an|our)\b|\s+(?:is|are)\s+(?:a|an|the|our)\b|\s*[\"”]?\s+means\b"
    r"|\s+(?:connects|lets|helps|gives|enables|allows|offers|provides)\s+(?:your\s+|the\s+|its\s+)?"
    rf"{_AUDIENCE}\b)"
    rf"|^\s*(?:\(?[a-z0-9]{{1,3}}[.)]|[-•*])\s*{_NAME},\s+[a-z]"  # list item: "(b) Name, short probes ..."
    r"|\b(?:provide|provides|supply|supplies|offer|offers|license|licenses|deliver|delivers|furnish|furnishes"
    r"|make\s+available|makes\s+available)\b"
    rf"[^.;]{{0,60}}?\b(?:with\s+|to\s+)?(?:\(?[a-z]\)\s*)?{_NAME},\s+(?:a|an|which|the)\s"
)
# "X delivers short probes ...", "X records a student reading ...": a product as the subject of what it does,
# only trusted in a description-of-services exhibit.
_SUBJECT_VERB = re.compile(rf"^\s*{_NUMBER}?[\"“]?{_NAME}\s+(?:[a-z]+s|is|are|can|will)\s+[a-z]")
# An undertaking the agreement defines by its title: '"Study" means the Rural Reading Study, a research ...'.
_UNDERTAKING = (
    r"(?:study|research|project|program|programme|services?|products?|platform|software|application|"
    r"curriculum|course|courses|initiative|evaluation|pilot|tutoring|system|solution|tool|subscription)"
)
_DEFINED_OFFERING = re.compile(
    rf"^\s*{_NUMBER}?[\"“](?i:([\w'’ -]{{0,30}}?\b{_UNDERTAKING}))[\"”]\s+"
    r"(?i:means|refers\s+to|shall\s+mean)\s+"
    r"(?i:the\s+|our\s+|provider's\s+|vendor's\s+)?(?P<name>[A-Z][\w'’&+-]*(?:\s+(?:of\s+|for\s+|&\s+)?"
    r"[A-Z][\w'’&+-]*){0,6})"
)
# '"Services" means the web-based reading platform ...': a definition that says what the offering is,
# not one that only points back at the agreement ("the services provided under the Agreement").
_OFFERING_DEFINITION = re.compile(
    rf"^\s*{_NUMBER}?[\"“][\w'’ -]{{0,30}}?\b{_UNDERTAKING}[\"”]\s+(?:means|refers\s+to|shall\s+mean)\b"
    r"[^.;]{0,160}?\b(?:platform|application|app|software|program|programme|curriculum|tool|system|website|"
    r"assessment|screener|tutoring|course|courses|study|research|project|game|library|portal|dashboard|"
    r"learning|instruction|instructional|web-based|online|cloud-based)\b",
    re.I,
)
_DEFINED_LOWER = re.compile(r"[\"“]([^\"”]{1,40})[\"”]\s+(?:means|refers\s+to|shall\s+mean)\b", re.I)
# "The products and services ... are described in Exhibit A": where the description is.
_POINTER = re.compile(
    r"\b(?:services|products|product|service)\b[^.;]{0,90}\b(?:are|is|will\s+be|shall\s+be)\s+"
    r"(?:more\s+fully\s+|further\s+)?(?:described|listed|set\s+(?:forth|out)|stated|identified|specified)"
    r"\s+(?:in|on)\s+(?:the\s+)?(?:exhibit|schedule|appendix|attachment|annex|order\s+form|statement\s+of\s+work)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class _Ranked:
    """One candidate sentence with what it names and how it describes."""

    score: float
    candidate: Candidate
    products: tuple[str, ...]
    introduced: bool
    describes: bool


@register_rule("service_description.v2")
class ServiceDescriptionRule:
    """The describing sentences and the product names they introduce; nothing when none describes."""

    name = "service_description.v2"

    def find(self, ctx: DocumentContext, requirement_id: str) -> list[Finding]:
        pool = _service_pool(ctx, requirement_id)
        words = [w for name in ctx.operator_names for w in name.split()]
        ranked = sorted((_rank(c, words) for c in pool), key=lambda r: (-r.score, r.candidate.sentence.order))
        ranked = [r for r in ranked if r.describes]
        if not ranked:
            return []
        found = [p for r in ranked if r.introduced for p in r.products] or list(ranked[0].products)
        found += [p for r in ranked if r.score >= 2.0 for p in r.products]
        best = ranked[0].candidate
        chosen = [
            best,
            *[
                r.candidate
                for r in ranked[1:]
                if r.introduced and r.candidate.sentence.clause.id != best.sentence.clause.id
            ][:1],
        ]
        chosen += _purpose(ctx, best.sentence, chosen)
        found += _companions(ctx, {c.sentence.clause.id for c in chosen}, words)
        introduced = [r.candidate for r in ranked if r.introduced]
        values: dict[str, Any] = {"products": _second_pass(introduced, found, words)}
        return [sentence_finding(c.sentence, requirement_id, values, c.score + 2, self.name) for c in chosen]


def _rank(cand: Candidate, words: list[str]) -> _Ranked:
    """Score a candidate: an introduced or defined product first, a services pointer after."""
    text = cand.sentence.text
    defined = _defined_offering(text)
    products = tuple(dict.fromkeys([*([defined] if defined else []), *find_products(text, words)]))
    if not products and (named := _named_by_apposition(text)):
        products = (named,)  # no operator name to match brands against (a lone exhibit): the name itself
    introduced = (
        bool(defined) or (bool(_INTRODUCED.search(text)) and bool(products)) or _apposed(text, products)
    )
    if not introduced and cand.via_context and products and _SUBJECT_VERB.search(text):
        introduced = text.lstrip(' "“(').startswith(_lead_words(text, products))
    pointer = bool(_POINTER.search(text))
    other_definition = cand.sentence.definition and not introduced
    offering = bool(_OFFERING_DEFINITION.search(text))
    describes = introduced or offering or (pointer and not other_definition)
    other_definition = other_definition and not offering
    penalty = 1.0 if other_definition else 0.0
    score = cand.score + 2.0 * introduced + 0.5 * min(len(products), 2) - penalty
    return _Ranked(score, cand, products, introduced, describes)


# "Lexora Math Online, a web-based practice program ...": a name opening the sentence, then what it is.
_OPENING_NAME = re.compile(
    rf"^\s*{_NUMBER}?[\"“]?(?P<name>{_NAME})[\"”]?(?:,\s+(?:a|an)\s+|\s+(?:is|are)\s+(?:a|an)\s+)"
    r"(?:[\w-]+\s+){0,4}?(?:platform|application|app|software|program|programme|curriculum|tool|system|"
    r"website|assessment|screener|service|course|library|portal|dashboard|game|suite|solution)\b"
)


def _named_by_apposition(text: str) -> str | None:
    """The product a sentence opens with and says what it is, when no brand is known to look for."""
    match = _OPENING_NAME.match(text)
    if match is None:
        return None
    name = re.sub(r"^The\s+", "", match.group("name")).strip()
    return name if len(name.split()) >= 2 or name.isupper() is False and len(name) > 3 else None


def _apposed(text: str, products: tuple[str, ...]) -> bool:
    """A product named with what it is beside it: "... managed through Acme Hub, a web application ..."."""
    return any(re.search(rf"\b{re.escape(p)},\s+(?:a|an)\s+[a-z]", text) for p in products)


def _lead_words(text: str, products: tuple[str, ...]) -> tuple[str, ...]:
    """The product names a sentence can start with (after a list number or quote)."""
    return tuple(p for p in products if re.match(rf"^\s*{_NUMBER}?[\"“]?(?:The\s+)?{re.escape(p)}\b", text))


def _defined_offering(text: str) -> str | None:
    """The title a definition gives the offering: '"Study" means the Rural Reading Growth Study, a ...'."""
    match = _DEFINED_OFFERING.search(text)
    if not match:
        return None
    name = match.group("name").strip()
    if len(name.split()) < 2 or name.split()[0].lower() in {"any", "all", "each", "those", "such", "this"}:
        return None
    return name


def _purpose(ctx: DocumentContext, best: Sentence, chosen: list[Candidate]) -> list[Candidate]:
    """The sentence saying what a defined undertaking is for ("... solely to carry out the Study: to
    estimate whether ..."), shown beside its definition: it states the service a research study is."""
    term = _DEFINED_LOWER.search(best.text)
    if not term or not _DEFINED_OFFERING.search(best.text):
        return []
    label = re.escape(term.group(1).strip())
    purpose = re.compile(
        rf"\b(?:to|for)\s+(?:carry\s+out|conduct|perform|deliver|provide|run|operate)\s+the\s+{label}\s*[:,]"
        rf"\s+(?:to|by|which|in)\b",
        re.I,
    )
    taken = {c.sentence.order for c in chosen}
    rid = RequirementId.SERVICE_DESCRIPTION
    return [
        Candidate(s, rid, 1.0, frozenset())
        for s in ctx.sentences
        if s.order not in taken and purpose.search(s.text)
    ][:1]


def _service_pool(ctx: DocumentContext, requirement_id: str) -> list[Candidate]:
    """Cue candidates, every sentence under a services heading, and sentences that introduce a
    product of the operator by what it does ("Acme Tutor connects your students with ...")."""
    pool = list(ctx.candidates(requirement_id))
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
        elif _introduces_brand(sentence.text, brand) or _defined_offering(sentence.text):
            pool.append(Candidate(sentence, rid, 1.0, frozenset(sentence.groups(requirement_id))))
    return pool


def _services_heading(heading: str, context: tuple[str, ...]) -> bool:
    """A heading context with a part that is, or has a word starting with, a services word."""
    parts = heading.split(" | ")
    return any(word == h.strip() or f" {word}" in h for h in parts for word in context)


def _introduces_brand(text: str, brand: set[str]) -> bool:
    """The sentence introduces a product carrying the operator's name, or one the operator provides
    ("Acme will also provide Compass Tracker, a module ...")."""
    return bool(brand and (match := _INTRODUCED.search(text)) and _branded(text[: match.end()], brand))


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


def _second_pass(introduced: list[Candidate], found: list[str], words: list[str]) -> list[str]:
    """Names that reuse a brand word of a product already found ("X Tracker" after "Acme X")."""
    more = [p for c in introduced for p in find_products(c.sentence.text, words, found)]
    names = list(dict.fromkeys([*found, *more]))
    return [name for name in names if not any(name != other and name in other for other in names)]
