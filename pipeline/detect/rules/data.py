"""Data categories (15(4)(A)): the categories of student data the district provides, with their elements.

Data elements come from the checked rows of the schedule of data (read from the PDF by
``pipeline.detect.schedule``), else from a list after the categories sentence: bulleted, numbered or
lettered lines, a run-in or semicolon list, a "the following:" list, a field table under a lead-in, or
a requirement table's whole cell. (The service description, 15(4)(B), is ``rules/service.py``.)
"""

from __future__ import annotations

import re

from pipeline.detect.context import Candidate, DocumentContext, Sentence
from pipeline.detect.evidence import page_box_evidence
from pipeline.detect.extractors.elements import (
    clean_item,
    listed_in,
    split_after_verb,
    split_enumerated,
    split_run_in,
)
from pipeline.detect.nlp import NEGATION
from pipeline.detect.registry import register_rule
from pipeline.detect.rules.base import sentence_finding, supporting
from pipeline.detect.rules.lists import is_lead_in, items_after
from pipeline.detect.schedule import element_share
from pipeline.detect.tables import cell_at
from pipeline.findings import Finding, RequirementId
from pipeline.types import Clause, ClauseKind, PageBox


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
        if not elements:  # no list read: only a sentence that says where the list is stands for one
            candidates = [c for c in candidates if _POINTS_TO_LIST.search(c.sentence.text)]
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
            boxes = tuple(getattr(schedule, "evidence", ()))
            if (lead := _lead_in_above(ctx, boxes[0] if boxes else None)) is not None:
                return [sentence_finding(lead, requirement_id, values, 2.0, self.name)]
            evidence = page_box_evidence(boxes[:3], tuple(elements[:3]))
            return [Finding(RequirementId(requirement_id), "", evidence, values, 0.6, self.name)]
        return []


# "identified in Exhibit B", "listed below", "the following categories": the list is elsewhere in the paper.
_POINTS_TO_LIST = re.compile(
    r"\b(?:schedule|exhibit|appendix|attachment|annex|addendum|below|following|as\s+follows|listed|"
    r"set\s+(?:forth|out)|identified|specified|described|enumerated|checked|marked|selected)\b|:\s*$",
    re.I,
)


# Not a lead-in to a list: a heading, a title, or a table's header row.
_NOT_PROSE = (ClauseKind.HEADING, ClauseKind.TITLE, ClauseKind.TABLE)


def _lead_in_above(ctx: DocumentContext, first_row: PageBox | None) -> Sentence | None:
    """The sentence that introduces a schedule found without a categories sentence ("The extract
    will contain only the fields listed below."): the last prose sentence above its first row, on
    that page, when it announces a list and names data."""
    if first_row is None:
        return None
    above = [
        s
        for s in ctx.sentences
        if s.clause.kind not in _NOT_PROSE
        and (words := [w for w in s.clause.words if s.start_char <= w.start < s.end_char])
        and words[-1].page == first_row.page
        and words[-1].bbox.bottom <= first_row.bbox.top + 2
    ]
    if not above:
        return None
    last = max(above, key=lambda s: s.order)
    return last if is_lead_in(last) and _DATA_WORD.search(last.text) else None


def _listing_sentences(ctx: DocumentContext, requirement_id: str) -> list[Candidate]:
    """Sentences that hand over data with a list, used when no categories sentence gives elements:
    a list after a colon ("we need this information about each student: a, b, c") or as the object
    of a collecting verb ("we collect a, b and c")."""
    out = []
    for sentence in ctx.sentences:
        groups = sentence.groups(requirement_id)
        if NEGATION in groups or sentence.definition:
            continue
        colon = (
            ":" in sentence.text
            and bool(groups & {"data", "flow"})
            and _colon_list(sentence.text, groups, split_run_in(sentence.text))
        )
        verb = "data" in groups and "flow" in groups and len(_verb_list(sentence.text)) >= 3
        if colon or verb or _introduces_items(ctx, sentence, requirement_id):
            out.append(Candidate(sentence, RequirementId(requirement_id), 2.0, frozenset(groups)))
    return out


_DATA_WORD = re.compile(r"\b(?:data|information|records?|elements?|fields?)\b", re.I)
_STUDENT = re.compile(r"\b(?:students?|pupils?|learners?|child(?:ren)?|minors?|users?|accounts?)\b", re.I)
_STAFF = re.compile(
    r"\b(?:staff|teachers?|employees?|administrators?|educators?|personnel|faculty|instructors?)\b", re.I
)


def _introduces_items(ctx: DocumentContext, sentence: Sentence, requirement_id: str) -> bool:
    """A lead-in naming student data handed over ("The District will provide only the following
    student data:") followed by at least three items that read like student data (not the
    subprocessors "listed in the table below" that receive it)."""
    groups = sentence.groups(requirement_id)
    if not ("data" in groups and "flow" in groups and is_lead_in(sentence)):
        return False
    if _STAFF.search(sentence.text) and not _STUDENT.search(sentence.text):
        return False
    items = _listed(ctx, Candidate(sentence, RequirementId(requirement_id), 0.0, groups))[0]
    return len(items) >= 3 and element_share(items) >= 0.4


def _colon_list(sentence: str, groups: frozenset[str], items: list[str]) -> bool:
    """A colon list handing over student data: the words before the colon name data and students
    (or a flow of data), or the sentence says what is received or collected while students use a
    service ("We receive ..., the following:") and the items read like student data elements. A
    list about staff (teachers' log-ins, employees' e-mails) is not the students' data the law
    asks about, nor are payment details ("pay by transfer to: bank, account number ...")."""
    lead = sentence.split(":", 1)[0]
    if len(items) < 3 or (_STAFF.search(lead) and not _STUDENT.search(lead)):
        return False
    if "data" in groups and _DATA_WORD.search(lead) and ("flow" in groups or _STUDENT.search(lead)):
        return True
    return "flow" in groups and bool(_STUDENT.search(lead)) and element_share(items) >= 0.4


def _verb_list(text: str) -> list[str]:
    """A collecting verb's list, only in a sentence about students or their accounts."""
    return split_after_verb(text) if _STUDENT.search(text) else []


def _sentence_list(text: str) -> list[str]:
    """The list one sentence gives; a collecting verb's list only when students are named."""
    return listed_in(text) if _STUDENT.search(text) else split_run_in(text)


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
    run_in = _sentence_list(sentence.text)
    if _cut_short(sentence):
        run_in = max(run_in, _whole_cell_list(ctx, sentence), key=len)
    if run_in:
        return run_in + _also_listed(ctx, cand), sentence
    items = [c for c in items_after(ctx, sentence) if c.kind != ClauseKind.TABLE or _one_cell(c)]
    found = [text for c in items for part in split_enumerated(c.text.strip()) if (text := clean_item(part))]
    if found:
        return found, sentence
    if len(sentence.text.split()) <= 6:
        for nxt in ctx.next_sentences(sentence, count=2):
            if NEGATION not in nxt.groups(cand.requirement_id) and (more := _sentence_list(nxt.text)):
                return more, nxt
    return [], None


def _cut_short(sentence: Sentence) -> bool:
    """A table line whose list stops without a full stop: the rest of the list is further down
    its cell, on lines the segmenter gave to other clauses."""
    return sentence.clause.kind == ClauseKind.TABLE and not sentence.text.rstrip().endswith((".", "!", "?"))


_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z(\"“]|\s*$)")


def _whole_cell_list(ctx: DocumentContext, sentence: Sentence) -> list[str]:
    """The list of ``sentence`` read from the whole table cell its last word is in (the line may
    begin with the words of the cell beside it; it ends in the cell of the list)."""
    words = [w for w in sentence.clause.words if sentence.start_char <= w.start < sentence.end_char]
    tail = sentence.text.split(":", 1)[0].split()[-4:]
    if not words or len(tail) < 2:
        return []
    segmented = ctx.segmented
    cell = cell_at(segmented.parsed, words[-1].page, words[-1].bbox)
    at = cell.find(" ".join(tail))
    if at < 0:
        return []
    starts = [m.end() for m in _SENTENCE_END.finditer(cell[:at])]
    rest = cell[starts[-1] if starts else 0 :].strip()
    end = _SENTENCE_END.search(rest, at - (starts[-1] if starts else 0))
    return _sentence_list(rest[: end.end()] if end else rest)


_CELL_GAP = 12.0  # points: a wider gap between words of one line separates table columns


def _one_cell(clause: Clause) -> bool:
    """A "table" line that is one list item: a bullet whose glyph sits apart from its text is read
    as a row of two cells, but past the bullet no gap splits the line into columns."""
    words = [w for w in clause.words if clean_item(clause.text[w.start : w.end])]
    pairs = zip(words, words[1:], strict=False)
    return bool(words) and not any(
        b.page == a.page and abs(b.bbox.top - a.bbox.top) < 2 and b.bbox.x0 - a.bbox.x1 > _CELL_GAP
        for a, b in pairs
    )


_ALSO = re.compile(r"\b(?:also|additionally|in addition)\b", re.I)


def _also_listed(ctx: DocumentContext, cand: Candidate) -> list[str]:
    """Elements a following sentence of the same paragraph adds ("We also log a, b and c")."""
    more: list[str] = []
    for nxt in ctx.next_sentences(cand.sentence, count=2):
        if _ALSO.search(nxt.text) and NEGATION not in nxt.groups(cand.requirement_id):
            more += split_after_verb(nxt.text)
    return more
