"""The operator's legal name and business address (105 ILCS 85/27(a)(2)).

The operator is the party of the preamble that provides the service (``preamble``), else the
company (Inc., LLC, Corp. ...) named most that is neither the district nor a subprocessor; its
address is the first US address in its description or after its name (a parties block, a table
row, the notices clause, a letterhead), read by ``addresses`` (``usaddress``, a trained CRF
tagger, behind a cheap state-and-ZIP anchor).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipeline.detect import preamble
from pipeline.detect.addresses import address_parts, first_address, join_lines
from pipeline.detect.party_names import DISTRICT, org_names, party_key
from pipeline.geometry import merge
from pipeline.types import Clause, PageBox, SegmentedDocument

_KEEP_CASE = {
    "INC.": "Inc.",
    "INC": "Inc.",
    "LLC": "LLC",
    "L.L.C.": "L.L.C.",
    "CORP.": "Corp.",
    "CO.": "Co.",
    "LTD.": "Ltd.",
    "LP": "LP",
    "LLP": "LLP",
    "PBC": "PBC",
    "PLLC": "PLLC",
    "N.A.": "N.A.",
}
_PREAMBLE_CLAUSES = 4
_FOLLOWING = 3  # clauses after a name mention where its address may sit (lines of a cell or letterhead)
_ADDRESS_REACH = 260  # characters after a name mention where its address may start
_LETTERHEAD_CLAUSES = 3
_DISTRICT_TERM = re.compile(r"\b(?:District|LEA|Board|School)\b")  # the other party's defined term
_ROLE_LABELS = frozenset(
    {"provider", "vendor", "operator", "contractor", "licensor", "supplier", "consultant"}
)
_SUBPROCESSORS = re.compile(
    r"sub-?processors?|sub-?contractors?|third[- ]part(?:y|ies)|service\s+providers|"
    r"discloses?\b.{0,80}\bonly\s+to\s+the\s+following",
    re.I,
)


@dataclass(frozen=True, slots=True)
class OperatorInfo:
    """The operator's legal name and business address, with where each was read."""

    name: str | None
    address: str | None
    evidence: tuple[PageBox, ...] = ()


@dataclass(frozen=True, slots=True)
class _Hit:
    """A piece of text found in a clause: the clause index and character span."""

    clause: int
    start: int
    end: int
    text: str


def find_operator(segmented: SegmentedDocument) -> OperatorInfo:
    """The operator's name (the preamble's service provider, else the most-named company that is no
    subprocessor) and its business address (see ``_operator_address_hit``)."""
    clauses = [c for c in segmented.clauses if c.text]
    texts = [c.text for c in clauses]
    party = preamble.operator_party(preamble.preamble_parties(texts))
    name_hit = _party_hit(party, texts) if party is not None else None
    name_hit = name_hit or _operator_name(texts, _contexts(clauses)) or _bare_party_hit(party)
    if name_hit is None:
        return OperatorInfo(None, None)
    name_hit = _without_label(name_hit)
    address_hit = _operator_address_hit(texts, name_hit, party, segmented)
    if address_hit is not None:
        address = _lines_apart(clauses[address_hit.clause], address_hit)
        address_hit = _Hit(address_hit.clause, address_hit.start, address_hit.end, address)
    evidence = [_page_box(clauses[h.clause], h.start, h.end) for h in (name_hit, address_hit) if h]
    name = _display_case(name_hit.text, _all_text(segmented))
    return OperatorInfo(name, address_hit.text if address_hit else None, tuple(e for e in evidence if e))


def _party_hit(party: preamble.Party, texts: list[str]) -> _Hit | None:
    """The preamble party as a hit when the preamble marks it as a party: by its defined term or a
    corporate suffix (a company name found inside it keeps that name's exact extent)."""
    inside = [
        (s, e, n) for s, e, n in org_names(texts[party.clause]) if party.start <= s and e <= party.end + 1
    ]
    if inside:
        s, e, n = inside[0]
        return _Hit(party.clause, s, e, n)
    return _bare_party_hit(party) if party.provides_service else None


def _without_label(hit: _Hit) -> _Hit:
    """A table row "Provider | Acme Learning, Inc." reads as one run of capitals: drop the label."""
    first, _, rest = hit.text.partition(" ")
    if first.lower() not in _ROLE_LABELS or len(rest.split()) < 2:
        return hit
    return _Hit(hit.clause, hit.end - len(rest), hit.end, rest)


def _bare_party_hit(party: preamble.Party | None) -> _Hit | None:
    return None if party is None else _Hit(party.clause, party.start, party.end, party.name)


def _operator_name(texts: list[str], contexts: list[str]) -> _Hit | None:
    """A company in a party sentence of the opening clauses, else the most-named one; a company
    named where subprocessors are listed is never the operator."""
    hits = [
        _Hit(i, s, e, n)
        for i, t in enumerate(texts)
        if not _SUBPROCESSORS.search(contexts[i])
        for s, e, n in org_names(t)
    ]
    if not hits:
        return None
    preamble_hits = [h for h in hits if h.clause < _PREAMBLE_CLAUSES and _is_party_sentence(texts[h.clause])]
    if preamble_hits:
        return preamble_hits[0]
    counts = Counter(party_key(h.text) for h in hits)
    best = max(counts, key=lambda k: (counts[k], -min(h.clause for h in hits if party_key(h.text) == k)))
    return next(h for h in hits if party_key(h.text) == best)


def _contexts(clauses: list[Clause]) -> list[str]:
    """Each clause's text with its parent's: a bulleted list row reads under its lead-in sentence."""
    by_id = {c.id: c for c in clauses}
    return [f"{by_id[c.parent_id].text if c.parent_id in by_id else ''} {c.text}" for c in clauses]


def _is_party_sentence(text: str) -> bool:
    return bool(
        re.search(r"\b(between|by and|entered into|made|parties|operated by|provided by)\b", text, re.I)
    )


def _operator_address_hit(
    texts: list[str], name: _Hit, party: preamble.Party | None, segmented: SegmentedDocument
) -> _Hit | None:
    """Where the operator's business address is written, in the order agreements put it: in the
    party's own description in the preamble; after a mention of its name (the same clause or the
    next lines: a notices clause, a table row, a letterhead); after its defined term ("Provider:
    ..." in the notices clause); in the first page's letterhead."""
    if party is not None:
        found = first_address(texts[party.clause][party.end : party.description_end])
        if found is not None:
            return _Hit(party.clause, party.end + found.start, party.end + found.end, found.text)
    hit = _address_after(texts, re.compile(r"\W*".join(re.escape(w) for w in name.text.split()), re.I))
    if hit is None and party is not None and party.role:
        hit = _address_after(texts, re.compile(rf"\b{re.escape(party.role)}\b"))
    return hit or _letterhead_address(texts, segmented)


def _lines_apart(clause: Clause, hit: _Hit) -> str:
    """The address with a comma where a printed line ends one part of it and the next line starts
    another ("1875 Larkspur Avenue / Suite 204 / Boulder, ..."); a paragraph wrapping inside a
    street name adds none."""
    written = clause.text[hit.start : hit.end]
    words = [w for w in clause.words if w.end > hit.start and w.start < hit.end]
    if len(words) < 2 or " ".join(written.split()) != hit.text:
        return hit.text
    part_at = {start + hit.start: part for start, _, part in address_parts(written)}
    out = clause.text[max(hit.start, words[0].start) : words[0].end] + " "
    for before, word in zip(words, words[1:], strict=False):
        text = clause.text[word.start : min(word.end, hit.end)]
        new_line = word.page != before.page or word.bbox.top - before.bbox.top > 0.5 * before.bbox.height
        parts = part_at.get(max(before.start, hit.start)), part_at.get(word.start)
        if new_line and parts[0] != parts[1] and not out.rstrip().endswith(","):
            out = out.rstrip() + ", "
        out += text + " "
    return " ".join(out.split()).strip(" ,;")


def _address_after(texts: list[str], mention: re.Pattern[str]) -> _Hit | None:
    """The first address within a short reach after a mention, read across the clause's end (a table
    cell or letterhead line is a clause of its own) with no other party named in between."""
    for index, text in enumerate(texts):
        for match in mention.finditer(text):
            pieces = [(index, match.end(), text[match.end() :])]
            pieces += [(i, 0, texts[i]) for i in range(index + 1, min(index + _FOLLOWING + 1, len(texts)))]
            window, places = _window(pieces)
            found = first_address(window)
            if found is None or _names_another_party(window[: found.start]):
                continue
            clause, offset, piece_start = next(p for p in reversed(places) if p[2] <= found.start)
            start = offset + found.start - piece_start
            end = min(start + found.end - found.start, len(texts[clause]))
            return _Hit(clause, start, end, found.text)
    return None


def _names_another_party(text: str) -> bool:
    """Text between a name and an address that names the district or another company."""
    return bool(DISTRICT.search(text) or _DISTRICT_TERM.search(text) or org_names(text))


def _window(pieces: list[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int, int]]]:
    """Join clause pieces with ", " up to the reach; each piece's (clause, offset, place in window)."""
    window, places = "", []
    for clause, offset, text in pieces:
        if len(window) >= _ADDRESS_REACH:
            break
        window += ", " if window else ""
        places.append((clause, offset, len(window)))
        window += text[: _ADDRESS_REACH + 80]
    return window, places


def _letterhead_address(texts: list[str], segmented: SegmentedDocument) -> _Hit | None:
    """An address printed at the top of the first page (a running letterhead, or the opening lines
    before the body) that is not the district's."""
    pages = segmented.parsed.pages
    header = [line.text for line in pages[0].header_footer if line.bbox.top < 200] if pages else []
    found = first_address(join_lines(header))
    if found is not None and not DISTRICT.search(join_lines(header)):
        return _Hit(0, 0, 0, found.text)
    for index, text in enumerate(texts[:_LETTERHEAD_CLAUSES]):
        found = first_address(text)
        if found is not None:
            nearby = " ".join(texts[max(0, index - 1) : index + 1])
            return None if DISTRICT.search(nearby) else _Hit(index, found.start, found.end, found.text)
    return None


def street_address(text: str) -> tuple[int, int, str] | None:
    """The first US address in ``text`` (``pipeline.detect.addresses``): (start, end, address)."""
    found = first_address(text)
    return None if found is None else (found.start, found.end, found.text)


def _display_case(name: str, corpus_text: str) -> str:
    """A name printed in capitals is given in the document's mixed case when it appears so,
    else in title case with the corporate suffix in its usual form."""
    if name != name.upper():
        return name
    pattern = re.compile(r"\W*".join(re.escape(w) for w in name.split()), re.I)
    for match in pattern.finditer(corpus_text):
        if match.group(0) != match.group(0).upper():
            return " ".join(match.group(0).split())
    words = [(w.rstrip(","), w.endswith(",")) for w in name.split()]
    return " ".join(_KEEP_CASE.get(w, w.capitalize()) + ("," if comma else "") for w, comma in words)


def _all_text(segmented: SegmentedDocument) -> str:
    running = [line.text for page in segmented.parsed.pages for line in page.header_footer]
    return "\n".join([*running, *(c.text for c in segmented.clauses)])


def _page_box(clause: Clause, start: int, end: int) -> PageBox | None:
    """The box of the words of ``clause`` between two character offsets (first page only)."""
    words = [w for w in clause.words if w.end > start and w.start < end]
    if not words:
        return None
    page = words[0].page
    return PageBox(page, merge(w.bbox for w in words if w.page == page))
