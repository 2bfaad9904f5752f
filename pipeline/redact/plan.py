"""Propose redactions for one agreement, refusing any inside a provision the law keeps public.

Provisions 15(4)(A)-(C) (data categories, service description, school-official designation) may never be
redacted from the posted copy (15(4)(F)), nor may the operator's business address (27(a)(2)); a proposal
touching one of them is kept in ``refused`` with the reason, for the reviewer to see.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pymupdf

from pipeline.findings import Checklist, RequirementId
from pipeline.geometry import intersection_area, merge_per_line, overlaps
from pipeline.parse.text_join import document_vocabulary, join_lines
from pipeline.redact.detectors import Span, find_identifiers, find_terms
from pipeline.redact.printed_names import SignerNames, name_below_block, signer_name_spans
from pipeline.redact.signatures import signature_images
from pipeline.redact.types import Proposal, ProtectedPassage, RedactionPlan, RedactionReason, Refusal
from pipeline.segment import boxes_for_span
from pipeline.types import BBox, Clause, ClauseKind, Line, PageBox, SegmentedDocument

PROTECTED = {
    RequirementId.DATA_CATEGORIES: "15(4)(A) data categories",
    RequirementId.SERVICE_DESCRIPTION: "15(4)(B) service description",
    RequirementId.SCHOOL_OFFICIAL: "15(4)(C) school-official designation",
}
PROVISION_NAMES = {  # as a reviewer reads them in a failed verification
    RequirementId.DATA_CATEGORIES: "the categories of student data (105 ILCS 85/15(4)(A))",
    RequirementId.SERVICE_DESCRIPTION: "the description of the product or service (105 ILCS 85/15(4)(B))",
    RequirementId.SCHOOL_OFFICIAL: (
        "the statement that the operator acts as a school official (105 ILCS 85/15(4)(C))"
    ),
}
_SHRINK = 0.12  # share of a word box's height trimmed top and bottom, so lines above/below stay intact
_COVERED = 0.5  # share of a box's area inside boxes already proposed for it to count as the same place
PAGE_TEXT = "page text"  # the source of a box found on the page itself (running header/footer, margin)

Guard = tuple[int, BBox, str]  # page, box, why it may not be redacted


def plan_redactions(
    segmented: SegmentedDocument,
    checklist: Checklist,
    *,
    terms: Sequence[str] = (),
    patterns: Sequence[str | re.Pattern[str]] = (),
    redact_signer_names: SignerNames | bool = SignerNames.NONE,
) -> RedactionPlan:
    """Proposals for personal identifiers, signatures and reviewer terms; refusals for protected text.

    ``redact_signer_names`` chooses whose names in signature blocks go (``True`` is the district's).
    """
    compiled = [p if isinstance(p, re.Pattern) else re.compile(p) for p in patterns]
    district_signer = checklist.signing.signer if checklist.signing else None
    candidates = _text_proposals(segmented, terms, compiled, _choice(redact_signer_names), district_signer)
    candidates += page_text_proposals(segmented, terms, compiled, candidates)
    candidates += signature_images(segmented, segmented.parsed.pdf_path)
    guards = _guards(segmented, checklist)
    kept: list[Proposal] = []
    refused: list[Refusal] = []
    for proposal in _unique(candidates):
        why = _conflict(proposal, guards)
        if why:
            refused.append(Refusal(proposal, why))
        else:
            kept.append(proposal)
    return RedactionPlan(tuple(kept), tuple(refused), protected_passages(checklist))


def protected_passages(checklist: Checklist) -> tuple[ProtectedPassage, ...]:
    """The evidence of provisions (A)-(C), named, so verification can say which one was hidden."""
    passages: list[ProtectedPassage] = []
    for rid in PROTECTED:
        result = checklist.results.get(rid)
        for ev in result.evidence if result else ():
            passages.append(ProtectedPassage(PROVISION_NAMES[rid], ev.page, ev.text, ev.bbox, rid.value))
    return tuple(passages)


def reviewer_proposals(
    segmented: SegmentedDocument,
    *,
    terms: Sequence[str] = (),
    patterns: Sequence[str | re.Pattern[str]] = (),
    clause_ids: Sequence[str] = (),
) -> list[Proposal]:
    """Boxes for what a reviewer adds by term, pattern or whole clause, not yet screened."""
    compiled = [p if isinstance(p, re.Pattern) else re.compile(p) for p in patterns]
    wanted = set(clause_ids)
    out: list[Proposal] = []
    for clause in segmented.clauses:
        spans = find_terms(clause.text, terms, compiled)
        if clause.id in wanted and clause.text:
            spans.append((0, len(clause.text), RedactionReason.REVIEWER_TERM))
        out += _proposals(clause, spans)
    out += page_text_proposals(segmented, terms, compiled, out)
    return _unique(out)


def page_text_proposals(
    segmented: SegmentedDocument,
    terms: Sequence[str],
    patterns: Sequence[re.Pattern[str]],
    existing: Sequence[Proposal] = (),
) -> list[Proposal]:
    """Boxes for the reviewer's terms and patterns wherever a page prints them, not yet screened.

    Clauses leave out running headers and footers, so a search of the clauses alone misses a name
    printed in the footer of every page. Each page is searched as it is printed: every block of its
    body (table rows and margin notes included) and its running header and footer lines, joined as
    clause text is (a word hyphenated at a line end rejoined); the page's own text layer is then
    searched for each literal term by PyMuPDF, in case some printed text never reached the parsed
    words. Boxes already covered by ``existing`` (the clause search's) or by an earlier hit are left
    out, so a place is boxed once.
    """
    if not any(t.strip() for t in terms) and not patterns:
        return []
    pages = segmented.parsed.pages
    vocabulary = document_vocabulary([ln for page in pages for ln in (*page.lines, *page.header_footer)])
    found: list[Proposal] = []
    for page in pages:
        top = sorted((ln for ln in page.header_footer if ln.bbox.top < page.height / 2), key=_line_top)
        bottom = sorted((ln for ln in page.header_footer if ln.bbox.top >= page.height / 2), key=_line_top)
        for lines in (*(block.lines for block in page.blocks), top, bottom):
            if not lines:
                continue
            text, placed = join_lines([(page.number, ln) for ln in lines], vocabulary)
            for start, end, reason in find_terms(text, terms, patterns):
                hits = [PageBox(w.page, w.bbox) for w in placed if w.start < end and w.end > start]
                found += [
                    Proposal(box.page, _shrink(box.bbox), text[start:end], reason, PAGE_TEXT)
                    for box in merge_per_line(hits)
                ]
    found += _text_layer_hits(segmented, terms)
    kept: list[Proposal] = []
    for proposal in found:
        if not _covered(proposal, [*existing, *kept]):
            kept.append(proposal)
    return kept


def _text_layer_hits(segmented: SegmentedDocument, terms: Sequence[str]) -> list[Proposal]:
    """PyMuPDF's own search of each text-layer page for each literal term (case-insensitive, across
    hyphenated line ends), in displayed-page coordinates."""
    wanted = [" ".join(t.split()) for t in terms if t.strip()]
    pages = [p.number for p in segmented.parsed.pages if p.has_text_layer and not p.ocr_applied]
    if not wanted or not pages or not segmented.parsed.pdf_path:
        return []
    found: list[Proposal] = []
    try:
        doc = pymupdf.open(segmented.parsed.pdf_path)
    except (pymupdf.FileDataError, FileNotFoundError, RuntimeError):
        return []
    with doc:
        for number in pages:
            if number > doc.page_count:
                continue
            page = doc[number - 1]
            for term in wanted:
                for rect in page.search_for(term):
                    if page.rotation:
                        rect = rect * page.rotation_matrix
                    box = BBox(rect.x0, rect.y0, rect.x1, rect.y1)
                    found.append(
                        Proposal(number, _shrink(box), term, RedactionReason.REVIEWER_TERM, PAGE_TEXT)
                    )
    return found


def _covered(proposal: Proposal, boxes: Iterable[Proposal]) -> bool:
    """True when ``proposal`` lies mostly inside one box already proposed on its page."""
    area = proposal.bbox.width * proposal.bbox.height
    return (
        any(
            b.page == proposal.page and intersection_area(b.bbox, proposal.bbox) >= _COVERED * area
            for b in boxes
        )
        if area > 0
        else True
    )


def _line_top(line: Line) -> float:
    return line.bbox.top


def screen_proposals(
    segmented: SegmentedDocument, checklist: Checklist, proposals: Iterable[Proposal]
) -> tuple[tuple[Proposal, ...], tuple[Refusal, ...]]:
    """Split proposals (e.g. a reviewer's additions) into allowed ones and refusals, by the same rule."""
    guards = _guards(segmented, checklist)
    kept: list[Proposal] = []
    refused: list[Refusal] = []
    for proposal in proposals:
        why = _conflict(proposal, guards)
        if why:
            refused.append(Refusal(proposal, why))
        else:
            kept.append(proposal)
    return tuple(kept), tuple(refused)


def _text_proposals(
    segmented: SegmentedDocument,
    terms: Sequence[str],
    patterns: Sequence[re.Pattern[str]],
    names: SignerNames,
    district_signer: str | None,
) -> list[Proposal]:
    """Identifiers, reviewer terms and (as the district chose) signers' names, clause by clause."""
    candidates: list[Proposal] = []
    previous: Clause | None = None
    for clause in segmented.clauses:
        spans = find_identifiers(clause.text) + find_terms(clause.text, terms, patterns)
        if clause.kind is ClauseKind.SIGNATURE:
            spans += signer_name_spans(clause, district_signer, names)
        elif previous is not None and previous.kind is ClauseKind.SIGNATURE:
            spans += name_below_block(previous, clause, names)
        candidates += _proposals(clause, spans)
        previous = clause
    return candidates


def _proposals(clause: Clause, spans: Iterable[Span]) -> list[Proposal]:
    """One proposal per line the span covers, boxed to its words."""
    out: list[Proposal] = []
    for start, end, reason in spans:
        text = clause.text[start:end]
        for box in boxes_for_span(clause, start, end):
            out.append(Proposal(box.page, _shrink(box.bbox), text, reason, clause.id))
    return out


def _shrink(box: BBox) -> BBox:
    trim = box.height * _SHRINK
    return BBox(box.x0, box.top + trim, box.x1, box.bottom - trim)


def _guards(segmented: SegmentedDocument, checklist: Checklist) -> list[Guard]:
    """Word boxes of the protected passages and of the operator's business address."""
    guards: list[Guard] = []
    for rid, label in PROTECTED.items():
        result = checklist.results.get(rid)
        why = f"inside the {label}, which 105 ILCS 85/15(4)(F) keeps public"
        for ev in result.evidence if result else ():
            guards += _provision_boxes(segmented, ev.clause_id, ev.text, why)
    address = checklist.operator.address if checklist.operator else None
    if address:
        why = "the operator's business address must be posted (105 ILCS 85/27(a)(2))"
        for clause in segmented.clauses:
            guards += _passage_boxes(segmented, clause.id, address, why, clause)
    return guards


def _provision_boxes(segmented: SegmentedDocument, clause_id: str, text: str, why: str) -> list[Guard]:
    """The whole clause holding the evidence: the Act protects the provision, not one sentence of it.

    Only the passage itself when the clause is a signature block (a provision never lives there, and
    the block's names and signatures must stay redactable).
    """
    try:
        clause = segmented.by_id(clause_id)
    except KeyError:
        return []
    if clause.kind is ClauseKind.SIGNATURE:
        return _passage_boxes(segmented, clause_id, text, why, clause)
    return [(w.page, w.bbox, why) for w in clause.words]


def _passage_boxes(
    segmented: SegmentedDocument, clause_id: str, text: str, why: str, clause: Clause | None = None
) -> list[Guard]:
    try:
        clause = clause or segmented.by_id(clause_id)
    except KeyError:
        return []
    pattern = re.compile(r"\s+".join(re.escape(t) for t in text.split()), re.IGNORECASE)
    guards: list[Guard] = []
    for match in pattern.finditer(clause.text):
        guards += [
            (w.page, w.bbox, why) for w in clause.words if w.start < match.end() and w.end > match.start()
        ]
    return guards


def _conflict(proposal: Proposal, guards: Sequence[Guard]) -> str | None:
    for page, box, why in guards:
        if page == proposal.page and overlaps(box, proposal.bbox, min_area=1.0):
            return why
    return None


def _choice(value: SignerNames | bool) -> SignerNames:
    """The older yes/no switch meant the district's signer."""
    if isinstance(value, SignerNames):
        return value
    return SignerNames.DISTRICT if value else SignerNames.NONE


def _unique(proposals: Iterable[Proposal]) -> list[Proposal]:
    """Drop exact duplicates (two detectors on one string), keeping the first reason."""
    seen: set[tuple[int, BBox]] = set()
    out: list[Proposal] = []
    for p in proposals:
        if (p.page, p.bbox) not in seen:
            seen.add((p.page, p.bbox))
            out.append(p)
    return out
