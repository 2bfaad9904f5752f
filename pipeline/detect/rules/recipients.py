"""Third parties receiving student data (15(6), 27(a)(3)): the list or the link.

Names come from a run-in list in the sentence, the list items or table after a lead-in, or the
exhibit the sentence points to; a URL from the sentence or the next one. Companies described as
receiving no data (hardware carriers, installers) are excluded even when they are "subcontractors".
"""

from __future__ import annotations

import re

from pipeline.detect.context import Candidate, DocumentContext, Sentence
from pipeline.detect.extractors.names import find_entities, find_urls, item_name, run_in_names
from pipeline.detect.nlp import DISTRACTOR, NEGATION
from pipeline.detect.registry import register_rule
from pipeline.detect.rules.base import sentence_finding
from pipeline.detect.rules.lists import is_lead_in, items_after, strip_bullet
from pipeline.detect.tables import name_column
from pipeline.findings import Finding, RequirementId
from pipeline.types import ClauseKind

_NEW_STATEMENT = re.compile(
    r"(?<=[a-z0-9)])\s+(?=[A-Z][\w'’-]+\s+(?:also|shall|will|may|uses|use|does|do|is|are|has|engages)\b)"
)
_POINTER = re.compile(
    r"\b(exhibit|schedule|appendix|attachment|annex)\s+[\"“]?([A-Z0-9]{1,3}(?:[-.]\d+)?)\b", re.I
)


@register_rule("third_parties.v1")
class ThirdPartiesRule:
    """Best third-party sentence, preferring one that comes with names or a link."""

    name = "third_parties.v1"

    def find(self, ctx: DocumentContext, requirement_id: str) -> list[Finding]:
        excluded = _excluded(ctx, requirement_id)
        ranked = []
        pool = ctx.candidates(requirement_id) or _listing_lead_ins(ctx, requirement_id)
        for cand in pool:
            names, url, source = _values_near(ctx, cand.sentence)
            names = [n for n in names if _norm(n) not in excluded and not _is_operator(ctx, n)]
            bonus = (2.0 if names else 0.0) + (1.5 if url else 0.0)
            ranked.append((cand.score + bonus, cand, names, url, source))
        if not ranked:
            return []
        ranked.sort(key=lambda item: (-item[0], item[1].sentence.order))
        score, best, names, url, source = ranked[0]
        url = url or next((r[3] for r in ranked if r[3]), None)
        if not names:
            names = next((r[2] for r in ranked if r[2]), [])
        values = {"names": names, "url": url}
        findings = [sentence_finding(best.sentence, requirement_id, values, score, self.name, also=source)]
        findings += [
            sentence_finding(r[1].sentence, requirement_id, values, r[0], self.name, also=r[4])
            for r in ranked[1:3]
            if (r[2] or r[3]) and r[1].sentence.clause.id != best.sentence.clause.id
        ][:1]
        return findings


def _values_near(ctx: DocumentContext, sentence: Sentence) -> tuple[list[str], str | None, Sentence | None]:
    """Names and link of a sentence; for a run-in heading ("5. Service Providers.") or a sentence
    naming no one, those of the next sentences of its clause, returned as the sentence that gave them."""
    names, url = _values(ctx, sentence)
    if (names or url) and len(sentence.text.split()) > 6:
        return names, url, None
    for nxt in ctx.next_sentences(sentence, count=2):
        if NEGATION in nxt.groups("third_parties"):
            break
        names, url = _values(ctx, nxt)
        if names or url:
            return names, url, nxt
    return names, url, None


_DATA_WORD = re.compile(r"\b(?:data|information|records)\b", re.I)


def _listing_lead_ins(ctx: DocumentContext, requirement_id: str) -> list[Candidate]:
    """Lead-ins to a list of at least two legal entities that handle the data ("the following companies
    process student information for us:"), for agreements that never say "subprocessor"."""
    out = []
    rid = RequirementId(requirement_id)
    for sentence in ctx.sentences:
        if not (is_lead_in(sentence) and _DATA_WORD.search(sentence.text)):
            continue
        groups = sentence.groups(requirement_id)
        if NEGATION in groups or DISTRACTOR in groups:
            continue
        items = [c for c in items_after(ctx, sentence) if c.kind != ClauseKind.TABLE]
        if sum(1 for c in items if find_entities(c.text)) >= 2:
            out.append(Candidate(sentence, rid, 1.0, frozenset(groups)))
    return out


def _values(ctx: DocumentContext, sentence: Sentence) -> tuple[list[str], str | None]:
    names = run_in_names(sentence.text)
    if not names:
        names = _item_names(ctx, sentence)
    if not names and (pointer := _POINTER.search(sentence.text)):
        names = _exhibit_names(ctx, f"{pointer.group(1)} {pointer.group(2)}".lower())
    urls = find_urls(sentence.text)
    for nxt in ctx.next_sentences(sentence):
        urls = urls or find_urls(nxt.text)
    return list(dict.fromkeys(names)), (urls[0] if urls else None)


def _item_names(ctx: DocumentContext, sentence: Sentence) -> list[str]:
    names: list[str] = []
    items = items_after(ctx, sentence)
    tables = [c for c in items if c.kind == ClauseKind.TABLE]
    if tables:
        column = name_column(ctx.segmented.parsed, tables[0])
        names.extend(n for cell in column if (n := item_name(cell)))
        if not names:
            names.extend(find_entities(" ".join(c.text for c in tables)))
    for clause in items:
        if clause.kind != ClauseKind.TABLE and (name := item_name(strip_bullet(clause.text))):
            names.append(name)
    return names


def _exhibit_names(ctx: DocumentContext, label: str) -> list[str]:
    """Company names in the clauses of the exhibit a sentence points to."""
    names: list[str] = []
    clauses = [
        c for c in ctx.segmented.clauses if label in " ".join((*c.section_path, c.heading or "")).lower()
    ]
    table = next((c for c in clauses if c.kind == ClauseKind.TABLE), None)
    if table is not None:
        column = name_column(ctx.segmented.parsed, table)
        names = [n for cell in column if (n := item_name(cell))]
    for clause in clauses:
        if not names or clause.kind != ClauseKind.TABLE:
            names.extend(find_entities(clause.text))
    return list(dict.fromkeys(names))


def _excluded(ctx: DocumentContext, requirement_id: str) -> set[str]:
    """Names in statements that a party receives no data or only moves hardware.

    A statement is a sentence, further cut where a new subject starts without a full stop (a list item
    run together with the paragraph after it), so a genuine recipient on the same line is kept.
    """
    out: set[str] = set()
    for sentence in ctx.sentences:
        groups = sentence.groups(requirement_id)
        if NEGATION not in groups and DISTRACTOR not in groups:
            continue
        cues = [
            s.start_char - sentence.start_char
            for g in (NEGATION, DISTRACTOR)
            for s in sentence.spans(requirement_id, g)
        ]
        offset = 0
        for part in _NEW_STATEMENT.split(sentence.text):
            if any(offset <= cue < offset + len(part) for cue in cues):
                out |= {_norm(n) for n in run_in_names(part)}
            offset += len(part)
        if ":" in sentence.text.rstrip()[-2:]:
            out |= {_norm(n) for n in _item_names(ctx, sentence)}
    return out


def _is_operator(ctx: DocumentContext, name: str) -> bool:
    lowered = name.lower()
    return any(op.lower() in lowered for op in ctx.operator_names if len(op) > 3)


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()
