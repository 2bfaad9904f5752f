"""The parties an agreement names in its opening sentence, and which of them is the operator.

A preamble is drafted as "... between NAME, a/an FORM ..., ADDRESS (the "District"), and NAME,
a/an FORM ... ADDRESS (the "Provider")": each party is a legal name, a description (its form of
organisation, "whose business address is ...", "acting through ...") and the defined term it goes
by. The operator is the party that provides the service (Provider, Vendor, Operator, Contractor,
Company, University ...), never the district, and never a subprocessor named later in a table.
Names need no corporate suffix: "Board of Trustees of X University, a body politic and
corporate" and "X, NFP, an Illinois not-for-profit corporation" are parties too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.detect.party_names import DISTRICT

_PARTY_SENTENCE = re.compile(r"\b(?:by\s+and\s+between|between|among|by\s+and\s+among)\s+", re.I)
# The defined term closing a party's description: (the "Provider"), ("Vendor"), (hereinafter "Company").
_DEFINED = re.compile(
    r"\(\s*(?:hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?)?(?:the\s+)?[\"“'‘]?"
    r"(?P<role>[A-Z][A-Za-z\-]*(?:\s+[A-Z][A-Za-z\-]*){0,3})[\"”'’]?\s*\)"
)
# Where a party's legal name ends and its description starts.
_DESCRIPTION = re.compile(
    r",\s+(?:a|an|the|with|whose|having|located|acting|organized|organised|doing|which|its|by|on|"
    r"through|at|of\s+\d)\b|\s+(?:with|whose|having|located|acting|at)\s|\s*\(|,\s*\d|\s+\d+\s+[A-Z]"
)
_NEXT_PARTY = re.compile(r"^[\s,;]*(?:and\s+)?", re.I)
_OPERATOR_ROLES = frozenset(
    {
        *("provider", "vendor", "operator", "contractor", "company", "licensor", "supplier"),
        *("consultant", "university", "researcher", "college", "institution", "organization", "partner"),
    }
)
_DISTRICT_ROLES = frozenset(
    {
        *("district", "lea", "school", "board", "customer", "licensee", "client", "subscriber"),
        *("agency", "cooperative"),
    }
)
_REACH = 12  # clauses from the start where the preamble may sit (after a cover table)
_MAX_NAME_WORDS = 14


@dataclass(frozen=True, slots=True)
class Party:
    """A party of the preamble: its legal name (span in the clause) and the description after it."""

    name: str
    role: str | None  # the defined term it goes by, when the preamble gives one
    clause: int
    start: int
    end: int
    description_end: int  # where its description (and any address in it) ends

    @property
    def is_district(self) -> bool:
        role = (self.role or "").lower()
        return bool(DISTRICT.search(self.name)) or any(w in _DISTRICT_ROLES for w in role.split())

    @property
    def provides_service(self) -> bool:
        role = (self.role or "").lower()
        return any(w in _OPERATOR_ROLES for w in role.split())


def preamble_parties(texts: list[str]) -> list[Party]:
    """The parties of the first party sentence ("between ... and ...") among the opening clauses."""
    for index, text in enumerate(texts[:_REACH]):
        match = _PARTY_SENTENCE.search(text)
        if match is None:
            continue
        parties = _parties(text, match.end(), index)
        if parties:
            return parties
    return []


def operator_party(parties: list[Party]) -> Party | None:
    """The party that provides the service: by its defined term, else the one that is no district."""
    others = [p for p in parties if not p.is_district]
    return next((p for p in others if p.provides_service), others[0] if others else None)


def _parties(text: str, start: int, clause: int) -> list[Party]:
    """Cut the text after "between" into parties at each defined term (or take the one it opens)."""
    parties: list[Party] = []
    cursor = start
    for defined in _DEFINED.finditer(text, start):
        party = _party(text, cursor, defined.start(), clause, defined.group("role"))
        if party is not None:
            parties.append(party)
        cursor = defined.end()
        cursor += len(_NEXT_PARTY.match(text[cursor:]).group(0))  # type: ignore[union-attr]
        if len(parties) == 2 or re.match(r"[.;]", text[defined.end() : defined.end() + 2].strip()):
            break
    if not parties:  # no defined terms: the sentence still opens with the first party
        party = _party(text, start, len(text), clause, None)
        parties = [party] if party is not None else []
    return parties


def _party(text: str, start: int, end: int, clause: int, role: str | None) -> Party | None:
    """A party named at ``start`` whose description runs to ``end``; None when no name is there."""
    chunk = text[start:end]
    lead = re.match(r"(?:the\s+)?", chunk, re.I)
    name_start = start + (lead.end() if lead else 0)
    cut = _DESCRIPTION.search(text, name_start, end)
    name = text[name_start : cut.start() if cut else end].strip(" ,;")
    words = name.split()
    if not words or not words[0][0].isupper() or len(words) > _MAX_NAME_WORDS:
        return None
    roles = _OPERATOR_ROLES | _DISTRICT_ROLES | {"the"}
    if all(w.lower().strip(",") in roles for w in words) or re.search(r"\sand\s+(?:the\s|[a-z])", name):
        return None  # "between Provider and the District" names roles, not parties
    return Party(name, role, clause, name_start, name_start + len(name), end)
