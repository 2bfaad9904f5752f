"""Per-document detection context: every clause parsed once, sentences indexed, candidates scored.

Rules share this object (Presidio's ``nlp_artifacts`` idea): the spaCy pipeline runs once over all
clauses; each rule then asks for scored candidate sentences of its requirement and, where it needs
them, for neighbouring sentences and clauses (lists after a lead-in, a period in the next sentence).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.detect.catalogue import Catalogue, Requirement
from pipeline.detect.clause_docs import ClauseTokens, clause_tokens
from pipeline.detect.nlp import BOOST, DISTRACTOR, NEGATION, PhraseMatch
from pipeline.findings import RequirementId
from pipeline.types import Clause, SegmentedDocument

_DEFINITION = re.compile(
    r"[\"“”']\s*[A-Z][^\"“”]{0,60}[\"“”']\s*(?:\([^)]{0,40}\)\s*)?"
    r"(?:means|shall mean|refers to|has the meaning|is defined|shall have the meaning|includes)\b"
)
_MODAL = re.compile(r"\b(shall|will|must|agrees?|is required|undertakes)\b", re.I)
_LEADING_NUMBER = re.compile(
    r"^\s*(?:(?:section|article|§)\s*)?[\dIVXivx]+(?:\.\d+)*[.)]?\s+|^\s*\([a-z0-9]+\)\s+"
)
OPERATOR_WORDS = frozenset(
    [
        "provider",
        "operator",
        "vendor",
        "contractor",
        "licensor",
        "company",
        "supplier",
        "processor",
        "consultant",
        "we",
        "us",
        "our",
    ]
)
SCHOOL_WORDS = frozenset(
    [
        "district",
        "lea",
        "school",
        "customer",
        "licensee",
        "board",
        "client",
        "subscriber",
        "institution",
        "you",
    ]
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of one clause, with the catalogue phrases that fall inside it."""

    clause: Clause
    doc: Doc  # the Doc holding the clause's tokens; the sentence is tokens [start, end) of it
    start: int
    end: int
    order: int  # position in the document, for "next sentence" look-ups
    labels: dict[str, tuple[PhraseMatch, ...]]
    heading: str  # lower-cased heading context: own heading, run-in heading, section path
    text: str
    start_char: int
    end_char: int
    definition: bool  # defines a term ("X" means ...) without imposing a duty

    @property
    def span(self) -> Span:
        """The sentence's tokens (built on demand: few rules read tokens)."""
        return self.doc[self.start : self.end]

    def groups(self, requirement_id: str) -> set[str]:
        """Names of the catalogue groups of one requirement matched in this sentence."""
        prefix = requirement_id + "/"
        return {label[len(prefix) :] for label in self.labels if label.startswith(prefix)}

    def spans(self, requirement_id: str, group: str) -> tuple[PhraseMatch, ...]:
        return self.labels.get(f"{requirement_id}/{group}", ())


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence that may satisfy a requirement, with a score (higher is better)."""

    sentence: Sentence
    requirement_id: RequirementId
    score: float
    groups: frozenset[str]
    via_context: bool = False


@dataclass
class DocumentContext:
    """Everything rules read about one document; built once by ``detect``."""

    segmented: SegmentedDocument
    catalogue: Catalogue
    nlp: Language
    operator_names: tuple[str, ...] = ()
    extras: dict[str, object] = field(default_factory=dict)  # results of other stages (data schedule ...)

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every sentence of every clause, in reading order (the spaCy pipeline runs here, once)."""
        out: list[Sentence] = []
        for clause, tokens in clause_tokens(self.nlp, self.segmented.clauses):
            out.extend(clause_sentences(clause, tokens, len(out)))
        return tuple(out)

    @cached_property
    def _labelled(self) -> dict[str, set[int]]:
        """Orders of the sentences holding a catalogue span of each requirement: ``score_sentence``
        rejects every other sentence unless its heading gives context, so only these are scored."""
        index: dict[str, set[int]] = defaultdict(set)
        for sentence in self.sentences:
            for label in sentence.labels:
                index[label.split("/", 1)[0]].add(sentence.order)
        return index

    def requirement(self, requirement_id: str) -> Requirement:
        return self.catalogue.get(requirement_id)

    def candidates(self, requirement_id: str) -> list[Candidate]:
        """Scored candidate sentences of a requirement, best first (cached per requirement)."""
        cache = self.extras.setdefault("_candidates", {})
        assert isinstance(cache, dict)
        if requirement_id not in cache:
            req = self.requirement(requirement_id)
            labelled = self._labelled.get(requirement_id, set())
            headings: dict[str, bool] = {}  # many sentences share a heading context
            found = [
                c
                for s in self.sentences
                if (s.order in labelled or _in_context(s.heading, req, headings))
                and (c := score_sentence(s, req)) is not None
            ]
            cache[requirement_id] = sorted(found, key=lambda c: (-c.score, c.sentence.order))
        return list(cache[requirement_id])

    def next_sentences(self, sentence: Sentence, count: int = 1, same_clause: bool = True) -> list[Sentence]:
        """The sentences after ``sentence`` in reading order."""
        after = self.sentences[sentence.order + 1 : sentence.order + 1 + count]
        return [s for s in after if not same_clause or s.clause.id == sentence.clause.id]

    def clauses_after(self, clause: Clause, count: int) -> list[Clause]:
        """The clauses following ``clause`` in reading order."""
        clauses = self.segmented.clauses
        index = next(i for i, c in enumerate(clauses) if c.id == clause.id)
        return list(clauses[index + 1 : index + 1 + count])


def clause_sentences(clause: Clause, tokens: ClauseTokens, first_order: int) -> list[Sentence]:
    """The sentences of one clause, each with the phrase matches that start inside it."""
    starts = tokens.sentence_starts()
    by_sentence: dict[int, dict[str, list[PhraseMatch]]] = defaultdict(lambda: defaultdict(list))
    for label, start, end in tokens.matches:
        first, last = tokens.char_span(start, end)
        match = PhraseMatch(label, start, end, first, last, clause.text[first:last])
        by_sentence[bisect_right(starts, start) - 1][label].append(match)
    heading = " | ".join(p.lower() for p in (*clause.section_path, clause.heading or "") if p)
    run_in = ""
    out: list[Sentence] = []
    doc = tokens.shared.doc
    for i, (start, end) in enumerate(zip(starts, [*starts[1:], tokens.end], strict=True)):
        first, last = tokens.char_span(start, end)
        text = clause.text[first:last]
        if i == 0 and _is_run_in_heading(text):
            run_in = _strip_number(text).lower()
        context = f"{heading} | {run_in}"
        labels = {k: tuple(v) for k, v in by_sentence[i].items()}
        definition = is_definition(text, context)
        out.append(
            Sentence(clause, doc, start, end, first_order + i, labels, context, text, first, last, definition)
        )
    return out


def score_sentence(sentence: Sentence, req: Requirement) -> Candidate | None:
    """Score one sentence for one requirement, or None when it is not a candidate."""
    rid = req.id.value
    groups = sentence.groups(rid)
    in_context = any(word in sentence.heading for word in req.context)
    if not groups and not in_context:
        return None
    if NEGATION in groups or DISTRACTOR in groups or (req.duty and sentence.definition):
        return None
    required = {name for name, group in req.cues.items() if group.required}
    matched = groups & required
    missing = required - matched
    via_context = bool(missing) and in_context and missing <= set(req.context_satisfies)
    if not required or (missing and not via_context):
        return None
    boosts = {span.text.lower() for span in sentence.spans(rid, BOOST)}
    optional = {name for name, group in req.cues.items() if not group.required} & groups
    score = len(matched) + 0.5 * len(optional) + 0.4 * min(len(boosts), 5) + (1.0 if in_context else 0.0)
    score -= 0.5 if via_context else 0.0
    if _is_run_in_heading(sentence.text):
        score -= 1.5
    return Candidate(sentence, req.id, score, frozenset(groups), via_context)


def _in_context(heading: str, req: Requirement, seen: dict[str, bool]) -> bool:
    """``score_sentence``'s heading test, memoised per heading text."""
    if heading not in seen:
        seen[heading] = any(word in heading for word in req.context)
    return seen[heading]


def is_definition(text: str, heading: str) -> bool:
    """A sentence that defines a term ("Breach" means ...) and imposes no duty."""
    if _DEFINITION.search(text[:160]):
        return True
    return "definition" in heading and not _MODAL.search(text)


def actor_is_school(sentence: Sentence, stop_at: int, operator_names: tuple[str, ...] = ()) -> bool:
    """True when the words before the verb name the school side and not the operator."""
    words = {t.norm_ for t in sentence.span if t.i < stop_at}
    operator = OPERATOR_WORDS | {name.lower() for name in operator_names}
    return bool(words & SCHOOL_WORDS) and not (words & operator)


def _is_run_in_heading(text: str) -> bool:
    body = _strip_number(text).strip()
    words = body.split()
    return (
        0 < len(words) <= 6 and body.endswith(".") and sum(w[:1].isupper() for w in words) >= len(words) / 2
    )


def _strip_number(text: str) -> str:
    return _LEADING_NUMBER.sub("", text, count=1)
