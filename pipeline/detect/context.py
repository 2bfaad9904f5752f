"""Per-document detection context: every clause parsed once, sentences indexed, candidates scored.

Rules share this object (Presidio's ``nlp_artifacts`` idea): the spaCy pipeline runs once over all
clauses; each rule then asks for scored candidate sentences of its requirement and, where it needs
them, for neighbouring sentences and clauses (lists after a lead-in, a period in the next sentence).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Span

from pipeline.detect.catalogue import Catalogue, Requirement
from pipeline.detect.clause_docs import ClauseTokens, clause_tokens
from pipeline.detect.nlp import BOOST, DISTRACTOR, NEGATION, PhraseMatch
from pipeline.detect.precedence import GOVERNING_BONUS, governing_clauses
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
_NO_GROUPS: frozenset[str] = frozenset()
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
    """One sentence of one clause, with the catalogue phrases that start inside it."""

    clause: Clause
    tokens: ClauseTokens  # where the clause's tokens are; the sentence is tokens [start, end)
    start: int
    end: int
    order: int  # position in the document, for "next sentence" look-ups
    labels: dict[str, tuple[tuple[int, int], ...]]  # label -> token ranges of its matches
    heading: str  # lower-cased heading context: own heading, run-in heading, section path
    text: str
    start_char: int
    end_char: int
    definition: bool  # defines a term ("X" means ...) without imposing a duty
    by_requirement: dict[str, frozenset[str]]  # the group names in ``labels``, per requirement id

    @property
    def span(self) -> Span:
        """The sentence's tokens (built on demand: few rules read tokens)."""
        return self.tokens.shared.doc[self.start : self.end]

    def groups(self, requirement_id: str) -> frozenset[str]:
        """Names of the catalogue groups of one requirement matched in this sentence."""
        return self.by_requirement.get(requirement_id, _NO_GROUPS)

    def spans(self, requirement_id: str, group: str) -> tuple[PhraseMatch, ...]:
        """The matches of one group of one requirement, in text order (built on demand)."""
        label = f"{requirement_id}/{group}"
        return tuple(self._match(label, start, end) for start, end in self.labels.get(label, ()))

    def _match(self, label: str, start: int, end: int) -> PhraseMatch:
        first, last = self.tokens.char_span(start, end)
        return PhraseMatch(label, start, end, first, last, self.clause.text[first:last])


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
    def _by_heading(self) -> dict[str, list[int]]:
        """Orders of the sentences under each heading context (many sentences share one)."""
        index: dict[str, list[int]] = defaultdict(list)
        for sentence in self.sentences:
            index[sentence.heading].append(sentence.order)
        return index

    @cached_property
    def _labelled(self) -> dict[str, set[int]]:
        """Orders of the sentences holding a catalogue span of each requirement: ``score_sentence``
        rejects every other sentence unless its heading gives context, so only these are scored."""
        index: dict[str, set[int]] = defaultdict(set)
        for sentence in self.sentences:
            for requirement_id in sentence.by_requirement:
                index[requirement_id].add(sentence.order)
        return index

    def requirement(self, requirement_id: str) -> Requirement:
        return self.catalogue.get(requirement_id)

    def candidates(self, requirement_id: str) -> list[Candidate]:
        """Scored candidate sentences of a requirement, best first (cached per requirement)."""
        cache = self.extras.setdefault("_candidates", {})
        assert isinstance(cache, dict)
        if requirement_id not in cache:
            req = self.requirement(requirement_id)
            in_context = {h: any(word in h for word in req.context) for h in self._by_heading}
            orders = set(self._labelled.get(requirement_id, ()))
            orders.update(o for h, members in self._by_heading.items() if in_context[h] for o in members)
            found = [
                c
                for o in sorted(orders)
                if (c := score_sentence(s := self.sentences[o], req, in_context[s.heading])) is not None
            ]
            found = [self._ranked_by_precedence(c) for c in found]
            cache[requirement_id] = sorted(found, key=lambda c: (-c.score, c.sentence.order))
        return list(cache[requirement_id])

    @cached_property
    def governing(self) -> frozenset[str]:
        """Clauses that replace or override others (amendments, controlling riders and exhibits)."""
        return governing_clauses(self.segmented)

    def _ranked_by_precedence(self, cand: Candidate) -> Candidate:
        """A candidate in governing text outranks the text it replaces: the district is bound by it."""
        if cand.sentence.clause.id not in self.governing:
            return cand
        return replace(cand, score=cand.score + GOVERNING_BONUS)

    def next_sentences(self, sentence: Sentence, count: int = 1, same_clause: bool = True) -> list[Sentence]:
        """The sentences after ``sentence`` in reading order."""
        after = self.sentences[sentence.order + 1 : sentence.order + 1 + count]
        return [s for s in after if not same_clause or s.clause.id == sentence.clause.id]

    def clauses_after(self, clause: Clause, count: int) -> list[Clause]:
        """The clauses following ``clause`` in reading order."""
        clauses = self.segmented.clauses
        index = self._clause_index[clause.id]
        return list(clauses[index + 1 : index + 1 + count])

    @cached_property
    def _clause_index(self) -> dict[str, int]:
        """Position of each clause id in reading order (the first, should an id repeat)."""
        index: dict[str, int] = {}
        for i, clause in enumerate(self.segmented.clauses):
            index.setdefault(clause.id, i)
        return index


def clause_sentences(clause: Clause, tokens: ClauseTokens, first_order: int) -> list[Sentence]:
    """The sentences of one clause, each with the phrase matches that start inside it."""
    starts = tokens.sentence_starts()
    by_sentence: dict[int, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for label, start, end in tokens.matches:
        by_sentence[bisect_right(starts, start) - 1][label].append((start, end))
    heading = " | ".join(p.lower() for p in (*clause.section_path, clause.heading or "") if p)
    run_in = ""
    out: list[Sentence] = []
    for i, (start, end) in enumerate(zip(starts, [*starts[1:], tokens.end], strict=True)):
        first, last = tokens.char_span(start, end)
        text = clause.text[first:last]
        if i == 0 and _is_run_in_heading(text):
            run_in = _strip_number(text).lower()
        context = f"{heading} | {run_in}"
        labels = {k: tuple(v) for k, v in by_sentence[i].items()}
        sentence = Sentence(
            clause,
            tokens,
            start,
            end,
            first_order + i,
            labels,
            context,
            text,
            first,
            last,
            is_definition(text, context),
            _groups(labels),
        )
        out.append(sentence)
    return out


def _groups(labels: dict[str, tuple[tuple[int, int], ...]]) -> dict[str, frozenset[str]]:
    """``{"breach_notice/notify": ...}`` -> ``{"breach_notice": {"notify"}}``."""
    if not labels:
        return {}
    found: dict[str, set[str]] = defaultdict(set)
    for label in labels:
        requirement, group = label.split("/", 1)
        found[requirement].add(group)
    return {requirement: frozenset(groups) for requirement, groups in found.items()}


def score_sentence(sentence: Sentence, req: Requirement, in_context: bool | None = None) -> Candidate | None:
    """Score one sentence for one requirement, or None when it is not a candidate.

    ``in_context`` (whether the heading context names the requirement) when already known."""
    rid = req.id.value
    groups = sentence.groups(rid)
    if in_context is None:
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
