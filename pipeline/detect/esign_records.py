"""E-signature records and click-through acceptance, read from the text: "Signed by <Name> on <date>",
a certificate that lists each signer with an e-mail address and the moment the signer signed, and
"Accepted electronically by <Name>, <Title>, on <date>"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.detect.executions import VENDOR_ROLE, WRITTEN_DATE, Execution, span_box
from pipeline.detect.signature_blocks import name_and_title, parse_date
from pipeline.signature_grammar import PERSON, PERSON_WORDS
from pipeline.types import Clause, SegmentedDocument

# Past-tense acceptance or signing in prose, by a person, on a date.
_ACCEPTANCE = re.compile(
    r"(?P<verb>accepted|agreed\s+to|signed|executed|approved|docusigned)"
    r"(?:\s+(?:and\s+agreed\s+)?(?:electronically|online|digitally|and\s+agreed))?"
    r"(?:\s+(?:for|on\s+behalf\s+of)\s+(?P<party>[^,;()]{2,80}?))?"
    rf"\s+by:?\s+(?P<who>[^;]{{2,160}}?),?\s+(?:on|at)\s+(?P<date>{WRITTEN_DATE})",
    re.I,
)
_MODAL = re.compile(r"\b(may|will|shall|must|can|should|would|if|when|until|each|either|any)\b", re.I)
# An e-signature certificate's row: "Gwendolyn Achterberg (g@district.example), ..., signed 2025-08-11".
_ENVELOPE_ROW = re.compile(
    rf"(?P<who>{PERSON_WORDS})\s*\((?P<email>[^()\s@]+@[^()\s]+)\)"
    rf"[^()]{{0,120}}?\b(?:signed|accepted|completed|approved)\b(?:\s+on)?\s*:?\s*(?P<date>{WRITTEN_DATE})",
)


def esign_records(segmented: SegmentedDocument) -> Iterator[Execution]:
    """Certificate rows: each signer with an e-mail address and when that signer signed."""
    for clause in segmented.clauses:
        for match in _ENVELOPE_ROW.finditer(clause.text):
            who = match.group("who")
            box = span_box(clause, match.start(), match.end())
            around = clause.text[max(0, match.start() - 120) : match.start()]
            yield Execution(
                _party_before(around),
                who,
                None,
                parse_date(match.group("date")),
                (box,) if box else (),
                match.group("email"),
            )


def _party_before(text: str) -> str:
    """The party a certificate row names just before the signer ("Signer for the District: ...")."""
    match = re.search(r"(?:for|on\s+behalf\s+of)\s+([^:|]{2,60}):?\s*$", text, re.I)
    return match.group(1) if match else ""


def acceptances(segmented: SegmentedDocument) -> Iterator[Execution]:
    """ "Accepted electronically by Jo Roe, Business Manager, on May 2, 2026": a past act by a person.
    A sentence that says how the agreement may or will be signed is a rule, not a signing."""
    for clause in segmented.clauses:
        for match in _ACCEPTANCE.finditer(clause.text):
            stop = clause.text.rfind(". ", 0, match.start())
            lead = clause.text[stop + 2 if stop >= 0 else 0 : match.start()]
            if _MODAL.search(lead) or _MODAL.search(match.group("who")):
                continue
            if lead.strip() and not re.search(
                r"\b(was|were|been|is|are|electronically|digitally)\s*$", lead, re.I
            ):
                continue
            execution = _acceptance(clause, match)
            if execution is not None:
                yield execution


def _acceptance(clause: Clause, match: re.Match[str]) -> Execution | None:
    who = " ".join(match.group("who").split()).strip(" ,")
    pair = name_and_title(who)
    signer, title = pair if pair else (who if PERSON.match(who) else None, None)
    if signer is None and not re.match(r"^(?:its|the|an?)\s+(?:duly\s+)?authori[sz]ed\b", who, re.I):
        return None
    party = match.group("party") or ""
    if not party and match.group("verb").lower() == "accepted" and not VENDOR_ROLE.search(who):
        party = "School"  # the customer accepts the vendor's terms
    box = span_box(clause, match.start(), match.end())
    return Execution(party, signer, title, parse_date(match.group("date")), (box,) if box else ())
