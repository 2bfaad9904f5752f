"""Paragraphs into clauses: each gets a kind, its number, its own heading and a place in the outline.

The outline is a stack of open sections: a numbered clause or heading closes the sections it does
not belong to (by numbering style, depth and heading size) and opens its own; a plain paragraph
sits under whatever is open. Exhibits close everything; signature lines of one signer form one
clause.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.segment.headings import heading_like, run_in_heading, title_text
from pipeline.segment.paragraphs import Para
from pipeline.segment.patterns import (
    EXHIBIT,
    SENTENCE_END,
    WITNESS,
    is_caps,
    number_of,
)
from pipeline.signature_grammar import BLOCK_LINE, SIGNER_FIELD
from pipeline.types import Clause, ClauseKind, PlacedWord


@dataclass
class _Open:
    """An open section on the outline stack."""

    clause_id: str
    keys: frozenset[str]
    title: str | None
    is_heading: bool
    size: float = 0.0
    depth: int = 0


@dataclass
class _Outline:
    stack: list[_Open] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)


def outline(paras: Sequence[Para], body: float) -> list[Clause]:
    """The clauses of the paragraphs in order, each with its parent (``body``: the body font size)."""
    state = _Outline()
    in_signature = False
    for index, para in enumerate(paras):
        kind = _kind(para, index, paras, body, state)
        if kind is ClauseKind.SIGNATURE:
            _add_signature(state, para, continuing=in_signature)
            in_signature = True
            continue
        in_signature = False
        _place(state, para, kind)
    return state.clauses


def _kind(para: Para, index: int, paras: Sequence[Para], body: float, state: _Outline) -> ClauseKind:
    text = para.text
    if WITNESS.match(text) or BLOCK_LINE.match(text):
        return ClauseKind.SIGNATURE
    if para.table:
        return ClauseKind.TABLE
    if para.lead is not None:
        return ClauseKind.CLAUSE
    heading = heading_like(para, body)
    if heading and EXHIBIT.match(text):
        return ClauseKind.EXHIBIT
    if heading and not state.clauses and para.first[0] == 1 and (para.size >= body + 1.5 or is_caps(text)):
        return ClauseKind.TITLE
    if _signature_label(para, index, paras):
        return ClauseKind.SIGNATURE
    return ClauseKind.HEADING if heading else ClauseKind.CLAUSE


def _signature_label(para: Para, index: int, paras: Sequence[Para]) -> bool:
    """A short line (party name, "ATTEST") directly above a By:/Name: signature line."""
    if len(para.text.split()) > 14 or number_of(para.text) or SENTENCE_END.search(para.text.rstrip(".")):
        return False
    for nxt in paras[index + 1 : index + 4]:
        if BLOCK_LINE.match(nxt.text):
            return True
        if len(nxt.text.split()) > 14 or number_of(nxt.text):
            return False
    return False


def _emit(state: _Outline, para: Para, kind: ClauseKind, number: str | None, heading: str | None) -> Clause:
    parent = state.stack[-1].clause_id if state.stack else None
    clause = Clause(
        id=f"c{len(state.clauses) + 1:04d}",
        kind=kind,
        text=para.text,
        number=number,
        heading=heading,
        parent_id=parent,
        level=len(state.stack),
        words=para.words,
        section_path=tuple(o.title for o in state.stack if o.title),
    )
    state.clauses.append(clause)
    return clause


def _add_signature(state: _Outline, para: Para, *, continuing: bool) -> None:
    """Signature lines of one signer form one clause; a new party label or "By:" starts another."""
    last = state.clauses[-1] if state.clauses else None
    if continuing and last is not None and not WITNESS.match(para.text) and not WITNESS.match(last.text):
        party_label = not BLOCK_LINE.match(para.text) and (para.bold or is_caps(para.text))
        new_signer = bool(SIGNER_FIELD.search(last.text)) and (
            party_label or para.text.lower().startswith("by")
        )
        if not new_signer:
            _extend_last(state, para)
            return
    while state.stack and state.stack[-1].keys != frozenset({"EXHIBIT"}):
        state.stack.pop()
    _emit(state, para, ClauseKind.SIGNATURE, None, None)


def _extend_last(state: _Outline, para: Para) -> None:
    last = state.clauses[-1]
    shift = len(last.text) + 1
    moved = tuple(PlacedWord(w.start + shift, w.end + shift, w.page, w.bbox) for w in para.words)
    state.clauses[-1] = Clause(
        id=last.id,
        kind=last.kind,
        text=f"{last.text} {para.text}",
        number=last.number,
        heading=last.heading,
        parent_id=last.parent_id,
        level=last.level,
        words=last.words + moved,
        section_path=last.section_path,
    )


def _place(state: _Outline, para: Para, kind: ClauseKind) -> None:
    text = para.text
    if kind is ClauseKind.TITLE or kind is ClauseKind.TABLE:
        _emit(state, para, kind, None, None)
        return
    if para.lead is not None:  # a table row: its first cell is its run-in heading
        _emit(state, para, kind, None, para.lead)
        return
    if kind is ClauseKind.EXHIBIT:
        match = EXHIBIT.match(text)
        assert match is not None
        state.stack.clear()
        clause = _emit(state, para, kind, match.group(1), title_text(text, match.end()) or text)
        state.stack.append(_Open(clause.id, frozenset({"EXHIBIT"}), text, True))
        return
    numbered = number_of(text)
    keys = {numbered[0]} if numbered else set()
    if kind is ClauseKind.HEADING:
        keys.add(f"H{round(para.size)}{'b' if para.bold else ''}")
    if not keys:  # a plain paragraph sits under whatever is open
        _emit(state, para, kind, None, None)
        return
    _pop_for(state, frozenset(keys), kind is ClauseKind.HEADING, para.size)
    number = numbered[1] if numbered else None
    if kind is ClauseKind.HEADING:
        heading = title_text(text, numbered[2]) if numbered else text
    else:
        heading = run_in_heading(para, numbered[2]) if numbered else None
    clause = _emit(state, para, kind, number, heading)
    title = text if kind is ClauseKind.HEADING else heading
    depth = int(numbered[0][3:]) if numbered and numbered[0].startswith("dec") else 0
    is_heading = kind is ClauseKind.HEADING
    state.stack.append(_Open(clause.id, frozenset(keys), title, is_heading, para.size, depth))


def _pop_for(state: _Outline, keys: frozenset[str], is_heading: bool, size: float) -> None:
    """Close the sections a new numbered clause or heading does not belong to."""
    stack = state.stack
    for i in range(len(stack) - 1, -1, -1):
        if stack[i].keys & keys:
            del stack[i:]
            return
    depth = max((int(k[3:]) for k in keys if k.startswith("dec")), default=0)
    if depth:  # "1.1.1" closes lettered items of 1.1 and any clause at its depth or deeper
        while stack and not stack[-1].is_heading and (stack[-1].depth == 0 or stack[-1].depth >= depth):
            stack.pop()
    if is_heading:

        def closes(top: _Open) -> bool:  # body clauses, and headings no bigger than this one
            return not top.is_heading or (top.size <= size and "EXHIBIT" not in top.keys)

        while stack and closes(stack[-1]):
            stack.pop()
