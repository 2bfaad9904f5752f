"""Passages a reviewer can mark as a check's evidence: found by typed text or by a box on a page.

A reviewer who disagrees with the detected evidence either types (part of) the right sentence,
and picks one of the places it occurs, or draws a box on the page. Both end as a ``Passage``:
the clause it belongs to, its text and one box per page, in the same shape as detection's
evidence so the review page, the redaction guard and the label export treat it alike. The
functions here only read clauses; ``dpa.review.decisions.set_evidence`` stores the choice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from models.agreement_store import clause_rows
from models.store import clause_from_row
from pipeline.findings import Evidence
from pipeline.geometry import merge
from pipeline.types import BBox, Clause, PlacedWord

MIN_QUERY_CHARS = 3
MAX_MATCHES = 20
SNIPPET_CONTEXT = 60  # characters shown either side of a match


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of one clause: its text and where it is printed (one box per page)."""

    clause_id: str
    text: str
    evidence: tuple[Evidence, ...]
    snippet: str = ""  # the match with some context, for a pick list

    @property
    def pages(self) -> tuple[int, ...]:
        """Pages the passage is printed on, in order."""
        return tuple(sorted({e.page for e in self.evidence}))

    def label(self) -> str:
        """One line for a pick list: pages, clause and the text around the match."""
        pages = ", ".join(map(str, self.pages)) or "?"
        return f"p. {pages} · {self.clause_id}: {self.snippet or self.text}"


def agreement_clauses(session: Session, agreement_id: int) -> list[Clause]:
    """The agreement's clauses in reading order, as the pipeline made them."""
    return [clause_from_row(row) for row in clause_rows(session, agreement_id)]


def find_passages(clauses: Iterable[Clause], query: str, limit: int = MAX_MATCHES) -> list[Passage]:
    """Every place ``query`` occurs in the clauses (case and line breaks ignored), first ``limit``."""
    words = query.split()
    if len("".join(words)) < MIN_QUERY_CHARS:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    found: list[Passage] = []
    for clause in clauses:
        for match in pattern.finditer(clause.text):
            passage = _span_passage(clause, match.start(), match.end())
            if passage is not None:
                found.append(passage)
            if len(found) >= limit:
                return found
    return found


def passage_in_box(clauses: Iterable[Clause], page: int, box: BBox) -> Passage | None:
    """The words inside a box drawn on ``page``, as one passage of the clause holding most of them.

    The stored box is the one drawn (what the reviewer meant), the text is the words it covers.
    """
    best: tuple[Clause, list[PlacedWord]] | None = None
    for clause in clauses:
        inside = [w for w in clause.words if w.page == page and _centre_in(w.bbox, box)]
        if inside and (best is None or len(inside) > len(best[1])):
            best = (clause, inside)
    if best is None:
        return None
    clause, inside = best
    text = " ".join(clause.text[w.start : w.end] for w in inside)
    return Passage(clause.id, text, (Evidence(page, text, box, clause.id),), snippet=text)


def _span_passage(clause: Clause, start: int, end: int) -> Passage | None:
    """The characters ``start:end`` of the clause with the union of their word boxes per page."""
    words = [w for w in clause.words if w.start < end and w.end > start]
    if not words:
        return None
    text = clause.text[start:end]
    evidence = tuple(
        Evidence(page, _page_text(clause, on_page, start, end), merge(w.bbox for w in on_page), clause.id)
        for page, on_page in _by_page(words)
    )
    lead = max(0, start - SNIPPET_CONTEXT)
    snippet = ("…" if lead else "") + " ".join(clause.text[lead : end + SNIPPET_CONTEXT].split())
    return Passage(clause.id, text, evidence, snippet=snippet)


def _centre_in(word: BBox, box: BBox) -> bool:
    """A word belongs to a drawn box when its centre does (half-covered words at the edge do not)."""
    x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box.x0 <= x <= box.x1 and box.top <= y <= box.bottom


def _by_page(words: Sequence[PlacedWord]) -> list[tuple[int, list[PlacedWord]]]:
    pages: dict[int, list[PlacedWord]] = {}
    for word in words:
        pages.setdefault(word.page, []).append(word)
    return sorted(pages.items())


def _page_text(clause: Clause, words: Sequence[PlacedWord], start: int, end: int) -> str:
    """The part of the span printed on one page (the span may run over a page break)."""
    return clause.text[max(start, words[0].start) : min(end, words[-1].end)]
