"""Which text governs when an agreement changes itself: amendments, riders, "additional terms" exhibits.

Agreements are rarely one voice. An amendment deletes a section and replaces it; a rider after the
signatures "controls over" the master terms; a consortium form's "Additional Terms or Modifications"
exhibit strikes the words "sixty (60) days" and puts "one hundred twenty (120) days" in their place. The
district is bound by the governing text, so that is what must be judged and shown.

Two readings, both from drafting practice rather than any one vendor's words:

- **Governing clauses**: a clause that itself says it replaces, amends or overrides another ("is deleted
  and replaced with", "is amended to read", "Notwithstanding Section 6.4", "in lieu of"), and every clause
  of a part the agreement declares controlling ("this Exhibit H controls over the body", "the Rider
  prevails", "If the documents conflict, the Rider controls"). Candidates in them rank first.
- **Word substitutions**: 'the words "A" are deleted and replaced with "B"' (and "by replacing A with B",
  "by striking A and inserting B", "A is changed to B"). A finding whose clause holds A takes its period
  from B, and its evidence starts at the substituting sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pipeline.detect.evidence import span_evidence
from pipeline.detect.extractors.durations import find_durations, pick_deadline
from pipeline.findings import Finding
from pipeline.types import Clause, SegmentedDocument

if TYPE_CHECKING:
    from pipeline.detect.context import Candidate

__all__ = [
    "GOVERNING_BONUS",
    "Substitution",
    "apply_substitutions",
    "find_substitutions",
    "governing_clauses",
    "with_overridden_text",
]

GOVERNING_BONUS = 2.0  # enough to outrank the original a clause replaces, which scores as well as it

_OVERRIDES = re.compile(
    r"\b(?:deleted|struck|stricken|removed)\b[^.]{0,60}?\breplaced\b|"
    r"\b(?:is|are)\s+(?:hereby\s+)?(?:amended|restated|modified)\s+(?:to\s+read|as\s+follows|in\s+its\s+entirety)|"
    r"\b(?:this|the\s+following)\s+(?:section|paragraph|clause|provision)\s+(?:replaces|supersedes)\b|"
    r"\breplaces\s+(?:section|article|paragraph|clause)\b|"
    r"\bnotwithstanding\s+(?:section|article|paragraph|clause|anything|any\s+(?:other\s+)?(?:provision|term))|"
    r"\bin\s+lieu\s+of\s+(?:section|article|paragraph|clause|the\s+period)",
    re.I,
)
_PARTS = r"exhibit|rider|addendum|amendment|schedule|attachment|appendix|annex|additional\s+terms"
# "this Exhibit H controls over ...", "the Rider shall prevail", "the Addendum takes precedence".
_CONTROLS = re.compile(
    rf"\b(?:this|the|such)\s+(?P<part>{_PARTS})(?:\s+(?P<label>[A-Z0-9]{{1,3}}(?:-\d+)?)\b)?"
    r"[^.;]{0,20}?\s+(?:shall\s+|will\s+)?(?:controls?|governs?|prevails?|takes?\s+precedence|supersedes?)\b",
    re.I,
)
_Q_OPEN, _Q_CLOSE = "[\"“'‘]", "[\"”'’]"


def _quoted(name: str) -> str:
    """A quoted passage of up to 200 characters, straight or curly quotes, captured as ``name``."""
    return _Q_OPEN + f"(?P<{name}>" + r"[^\"“”]{2,200}?)" + _Q_CLOSE


# OLD and NEW stand for the quoted words taken out and put in.
_SUBSTITUTION_FORMS = (
    r"OLD[^\"“”]{0,120}?\b(?:is|are)\s+(?:hereby\s+)?(?:deleted|struck|stricken|removed)\b"
    r"[^\"“”]{0,120}?\breplaced\s+(?:with|by)\s+NEW",
    r"\bby\s+(?:replacing|substituting)\s+OLD\s+with\s+NEW",
    r"\bby\s+substituting\s+NEW\s+for\s+OLD",
    r"\bby\s+(?:deleting|striking)\s+OLD\s+and\s+(?:inserting|substituting|adding)\s+(?:in\s+(?:its|their)\s+"
    r"place\s+)?NEW",
    r"OLD\s+(?:is|are)\s+(?:hereby\s+)?(?:changed|amended)\s+to\s+(?:read\s+)?NEW",
)
_SUBSTITUTIONS = tuple(
    re.compile(form.replace("OLD", _quoted("old")).replace("NEW", _quoted("new")), re.I)
    for form in _SUBSTITUTION_FORMS
)


# Words each family of patterns cannot do without: most clauses hold none and skip the regular expressions.
_OVERRIDING_WORDS = ("replac", "amended", "restated", "modified", "supersede", "notwithstanding", "in lieu")
_CONTROLLING_WORDS = ("control", "govern", "prevail", "precedence", "supersede")
_SUBSTITUTING_WORDS = ("replac", "substitut", "chang", "amend", "strik", "delet")


@dataclass(frozen=True, slots=True)
class Substitution:
    """One 'words A are replaced with B' instruction and the clause that gives it."""

    old: str
    new: str
    clause: Clause
    start: int
    end: int


def governing_clauses(segmented: SegmentedDocument) -> frozenset[str]:
    """Ids of the clauses whose text governs over what it replaces or overrides."""
    clauses = segmented.clauses
    governing = {c.id for c in clauses if _may_override(c.text) and _OVERRIDES.search(c.text)}
    for part in _controlling_parts(clauses):
        governing.update(c.id for c in clauses if any(part.search(h) for h in _headings(c)))
    return frozenset(governing)


def find_substitutions(segmented: SegmentedDocument) -> list[Substitution]:
    """Every word-for-word substitution the document makes in itself, in reading order."""
    found = []
    for clause in segmented.clauses:
        lowered = clause.text.lower()
        if not any(word in lowered for word in _SUBSTITUTING_WORDS):
            continue
        for pattern in _SUBSTITUTIONS:
            for match in pattern.finditer(clause.text):
                old, new = match.group("old").strip(), match.group("new").strip()
                if _squash(old) != _squash(new):
                    found.append(Substitution(old, new, clause, match.start(), match.end()))
    return sorted(found, key=lambda s: (s.clause.id, s.start))


def apply_substitutions(
    finding: Finding, substitutions: list[Substitution], clause_text: dict[str, str]
) -> Finding:
    """``finding`` as amended: a period replaced word for word takes the new words' period."""
    if "period" not in finding.values:
        return finding
    texts = {clause_text.get(finding.clause_id, "")} | {
        clause_text.get(e.clause_id, "") for e in finding.evidence
    }
    held = " ".join(_squash(t) for t in texts if t)
    for sub in substitutions:
        if sub.clause.id == finding.clause_id or _squash(sub.old) not in held:
            continue
        old, new = _period(sub.old), _period(sub.new)
        if new is None or old is None or old != (finding.values.get("period"), finding.values.get("unit")):
            continue
        evidence = span_evidence(sub.clause, sub.start, sub.end) + finding.evidence
        values = dict(finding.values) | {"period": new[0], "unit": new[1]}
        return replace(finding, values=values, evidence=evidence)
    return finding


def with_overridden_text(finding: Finding, candidates: list[Candidate], governing: frozenset[str]) -> Finding:
    """A finding taken from governing text also shows the best passage it overrides, after its own.

    The reviewer sees what binds the district first and the original beside it, so a conflict between
    them (a period changed, a duty narrowed) is visible rather than silently resolved.
    """
    if finding.clause_id not in governing:
        return finding
    for cand in candidates:
        if cand.sentence.clause.id not in governing:
            sentence = cand.sentence
            extra = span_evidence(sentence.clause, sentence.start_char, sentence.end_char)
            return replace(finding, evidence=finding.evidence + extra)
    return finding


def _controlling_parts(clauses: tuple[Clause, ...]) -> list[re.Pattern[str]]:
    """Heading patterns of the parts the agreement declares controlling ("this Exhibit H controls")."""
    parts = []
    for clause in clauses:
        lowered = clause.text.lower()
        if not any(word in lowered for word in _CONTROLLING_WORDS):
            continue
        for match in _CONTROLS.finditer(clause.text):
            word = re.sub(r"\s+", r"\\s+", match.group("part").lower())
            label = match.group("label")
            label_pattern = rf"\s*[-—–:.]?\s*{re.escape(label)}\b" if label else ""
            parts.append(re.compile(rf"\b{word}{label_pattern}", re.I))
    return parts


def _may_override(text: str) -> bool:
    """A cheap first look for the words every override pattern needs."""
    lowered = text.lower()
    return any(word in lowered for word in _OVERRIDING_WORDS)


def _headings(clause: Clause) -> tuple[str, ...]:
    return (*clause.section_path, clause.heading or "")


def _period(text: str) -> tuple[int, str] | None:
    duration = pick_deadline(text) or next(iter(find_durations(text)), None)
    return (duration.period, duration.unit) if duration else None


def _squash(text: str) -> str:
    """Lower case, straight quotes, no line-break hyphens, single spaces: how the same words compare."""
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(re.sub(r"-\s+", "-", text).split())
