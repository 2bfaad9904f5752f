"""What a reviewer adds to a run: a term, a pattern, a box drawn on the page, a whole clause.

Every addition goes through ``screen_proposals``, the rule ``plan_redactions`` applies to its own
proposals: a box touching a 15(4)(A)-(C) provision or the operator's business address is refused,
stored with the plain reason, and returned so the person who asked sees why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from dpa.redaction.run_store import EDIT_ROLES, agreement_for, editable_run, record, save, source_for
from dpa.redaction.source import RedactionSource, proposal_to_json, refusal_to_json
from dpa.review.accounts import Actor, ReviewError, require_role
from dpa.settings import Settings
from pipeline.redact.plan import reviewer_proposals, screen_proposals
from pipeline.redact.types import Proposal, RedactionReason, Refusal
from pipeline.types import BBox


@dataclass(frozen=True, slots=True)
class Addition:
    """What an addition did: boxes added (or re-accepted), and those refused with the reason why."""

    added: int
    refused: tuple[Refusal, ...]
    version: int

    @property
    def message(self) -> str:
        """One sentence for the person who asked."""
        parts = [f"{self.added} box(es) added"]
        parts += [f"refused on page {r.proposal.page}: {r.why}" for r in self.refused]
        return "; ".join(parts) + "."


def add_term(
    session: Session, settings: Settings, run_id: int, actor: Actor, term: str, *, expected_version: int
) -> Addition:
    """Redact every occurrence of ``term`` (case-insensitive), outside the protected provisions."""
    if not term.strip():
        raise ReviewError("Type the word or phrase to redact.")
    return add_request(
        session, settings, run_id, actor, expected_version, f"term: {term.strip()}", terms=(term,)
    )


def add_pattern(
    session: Session, settings: Settings, run_id: int, actor: Actor, pattern: str, *, expected_version: int
) -> Addition:
    """Redact every match of the regular expression ``pattern``, outside the protected provisions."""
    if not pattern.strip():
        raise ReviewError("Type the pattern to redact.")
    compiled = compile_pattern(pattern)
    return add_request(
        session, settings, run_id, actor, expected_version, f"pattern: {pattern}", patterns=(compiled,)
    )


def add_clause(
    session: Session, settings: Settings, run_id: int, actor: Actor, clause_id: str, *, expected_version: int
) -> Addition:
    """Redact a whole clause, line by line; lines inside a protected provision are refused."""
    return add_request(
        session, settings, run_id, actor, expected_version, f"clause: {clause_id}", clause_ids=(clause_id,)
    )


def add_box(
    session: Session,
    settings: Settings,
    run_id: int,
    actor: Actor,
    page: int,
    bbox: BBox,
    *,
    expected_version: int,
) -> Addition:
    """Redact a box drawn on ``page`` (PDF points, top-left origin), unless it touches protected text."""
    return add_request(
        session, settings, run_id, actor, expected_version, f"box on page {page}", box=(page, bbox)
    )


def add_request(
    session: Session,
    settings: Settings,
    run_id: int,
    actor: Actor | str,
    expected_version: int,
    request: str,
    **wanted: Any,
) -> Addition:
    """Screen the boxes ``wanted`` asks for and add the allowed ones (re-accepting any already there).

    ``actor`` is a signed-in user, whose role is checked, or a plain name for the operator's own
    shell (``dpa redact AGREEMENT``, whose runs are never approved). Either way the protected
    provisions are refused: the screening does not depend on who asks.
    """
    who = actor if isinstance(actor, str) else require_role(session, actor, EDIT_ROLES, "add redactions").name
    run = editable_run(session, run_id, expected_version)
    source = source_for(settings, agreement_for(session, run.agreement_id))
    kept, refused = screen_proposals(source.segmented, source.checklist, _candidates(source, **wanted))
    proposals = [dict(p) for p in run.proposals]
    where = {(p["page"], tuple(p["bbox"])): i for i, p in enumerate(proposals)}
    for proposal in kept:
        key = (proposal.page, tuple(proposal.bbox.as_list()))
        if key in where:
            proposals[where[key]]["accepted"] = True
        else:
            where[key] = len(proposals)
            proposals.append(proposal_to_json(proposal, request=request))
    refusals = list(run.refused) + [refusal_to_json(r, request=request) for r in refused]
    save(session, run, expected_version, proposals=proposals, refused=refusals)
    record(session, who, "redaction.added", run, request=request, added=len(kept), refused=len(refused))
    return Addition(added=len(kept), refused=refused, version=run.version)


def _candidates(
    source: RedactionSource,
    *,
    terms: Sequence[str] = (),
    patterns: Sequence[re.Pattern[str]] = (),
    clause_ids: Sequence[str] = (),
    box: tuple[int, BBox] | None = None,
) -> list[Proposal]:
    """The boxes a reviewer's request covers, before screening."""
    known = {c.id for c in source.segmented.clauses}
    missing = [c for c in clause_ids if c not in known]
    if missing:
        raise ReviewError(f"The agreement has no clause {', '.join(missing)}.")
    candidates = reviewer_proposals(source.segmented, terms=terms, patterns=patterns, clause_ids=clause_ids)
    if box is not None:
        candidates.append(_drawn_box(source, *box))
    return candidates


def _drawn_box(source: RedactionSource, page: int, bbox: BBox) -> Proposal:
    """A drawn box clipped to its page (an empty or off-page box is refused as a mistake)."""
    pages = {p.number: p for p in source.segmented.parsed.pages}
    if page not in pages:
        raise ReviewError(f"Page {page} is outside 1..{source.page_count}.")
    size = pages[page]
    clipped = BBox(
        max(bbox.x0, 0.0), max(bbox.top, 0.0), min(bbox.x1, size.width), min(bbox.bottom, size.height)
    )
    if clipped.width <= 0 or clipped.height <= 0:
        raise ReviewError("The box is empty: x0 must be left of x1 and top above bottom, on the page.")
    return Proposal(page, clipped, "", RedactionReason.REVIEWER_TERM, "box")


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """The regular expression, or a ReviewError that says what is wrong with it."""
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ReviewError(f"{pattern!r} is not a valid regular expression: {exc}.") from None
