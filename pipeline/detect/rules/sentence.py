"""The generic rule: the best-scoring candidate sentence of a requirement is its evidence.

Two of its requirements have a shape the sentence must have, beyond its cue words:
- the school-official statement designates the operator as a FERPA school official (34 CFR 99.31(a)(1):
  "is / acts as / is designated a school official"); a passing mention ("disclosures to school
  officials"), a negated designation or a studies-exception disclosure (99.31(a)(6)) is not one;
- the posting statement is about publishing the agreement itself: what is published ("this Agreement",
  "it") is the agreement, not study results, a privacy policy or a subprocessor list.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.detect.context import Candidate, DocumentContext
from pipeline.detect.registry import register_rule
from pipeline.detect.rules.base import run_extractors, sentence_finding, supporting
from pipeline.findings import Finding

_DESIGNATION = re.compile(
    r"\b(?P<verb>is|are|be|been|being|am|as|designated|designates|deemed|considered|constitutes?|serves?)\s+"
    r"(?:(?:a|an|the|one\s+of\s+(?:the|its))\s+)?[\"“']?school[- ]officials?\b",
    re.I,
)
_NEGATED = re.compile(r"\b(?:not|never|no\s+longer|neither|nor)\b(?:\W+\w+){0,4}\W*$", re.I)
_PUBLISH = re.compile(
    r"\b(?:publish(?:es|ed|ing)?|publication|post(?:s|ed|ing)?(?!-)|"
    r"make\s+(?:it\s+|them\s+)?(?:publicly\s+)?available|available\s+(?:for|to)\s+(?:public\s+)?"
    r"(?:inspection|the\s+public)|put)\b",
    re.I,
)
_OBJECT_END = re.compile(
    r"\b(?:on|at|in|within|without|no|by|as|to|from|under|upon|after|before|once|when|for|together|along|"
    r"including|with|and\s+(?:to|will|shall|may)|if|so|because|where)\b|[,;:.()]",
    re.I,
)
_AGREEMENT = re.compile(
    r"\b(?:agreements?|addend(?:um|a|ums)|dpas?|dsas?|contracts?|terms|riders?|memorand(?:um|a)|mous?|moas?|"
    r"letters?|exhibits?|schedules?|order\s+forms?|documents?|amendments?|licen[cs]es?|mlas?|msas?|"
    r"attachments?|appendi(?:x|ces))\b",
    re.I,
)
# Where it is published, said before what: "publish on its website a copy of the DPA".
_PLACE_FIRST = re.compile(
    r"^\s*(?:on|at|in|to)\s+(?:\S+\s+){0,3}?(?:website|web\s*site|site|office|offices|page|portal)\b\s*",
    re.I,
)
_PRONOUN = re.compile(r"^(?:it|them|this|these|the\s+same|same)$", re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:be|is|are|been|being)\s*$", re.I)


@register_rule("sentence.v1")
class SentenceRule:
    """Catalogue cues only: school-official statement, breach-cost allocation, posting statement."""

    name = "sentence.v1"

    def find(self, ctx: DocumentContext, requirement_id: str) -> list[Finding]:
        shape = _SHAPES.get(requirement_id)
        candidates = [c for c in ctx.candidates(requirement_id) if shape is None or shape(c)]
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


def designates_school_official(cand: Candidate) -> bool:
    """The sentence gives the operator the school-official role, and does not deny it."""
    text = cand.sentence.text
    return any(not _NEGATED.search(text[: m.start("verb")]) for m in _DESIGNATION.finditer(text))


def publishes_agreement(cand: Candidate) -> bool:
    """What the sentence (or, when it names nothing, its heading) publishes is the agreement itself."""
    objects = _published(cand.sentence.text)
    if "agreement" in objects:
        return True
    if "other" in objects:
        return False
    return "other" not in _published(cand.sentence.heading)


def _published(text: str) -> set[str]:
    """For each publishing word: "agreement", "other" (a named thing that is not it) or "" (nothing named)."""
    return {_object_kind(text, m) for m in _PUBLISH.finditer(text)}


def _object_kind(text: str, match: re.Match[str]) -> str:
    after = _PLACE_FIRST.sub("", text[match.end() :])
    after = re.sub(r"^\s*(?:of\s+|a\s+copy\s+of\s+|copies\s+of\s+)?", "", after)
    end = _OBJECT_END.search(after)
    obj = after[: end.start() if end else len(after)].strip()
    before = text[max(0, match.start() - 80) : match.start()]
    if _AGREEMENT.search(obj) or _PRONOUN.match(obj):
        return "agreement"
    if (
        _PASSIVE_BEFORE.search(before) or match.group(0).lower().startswith("available")
    ) and _AGREEMENT.search(before[-60:]):
        return "agreement"
    return "other" if re.search(r"\w", obj) else ""


_SHAPES: dict[str, Callable[[Candidate], bool]] = {
    "school_official": designates_school_official,
    "posting_statement": publishes_agreement,
}
