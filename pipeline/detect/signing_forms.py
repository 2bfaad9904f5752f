"""The other ways an agreement is executed, read when no labelled district block names a signer.

``signature_blocks.find_district_signing`` reads blocks whose fields carry labels ("By:", "Name:",
"Date:"). Agreements are also executed by

- blocks with no labels at all, introduced by the sentence that executes them ("IN WITNESS WHEREOF",
  "The parties have signed ... on the dates shown below"): party, signature line, name, title, date
  (``unlabelled_blocks``);
- a signature table with one row per party under a header row ("Party | Name | Title | Date")
  (``signature_tables``);
- an e-signature service: "Signed by <Name> on <date>", or a certificate that lists each signer with
  an e-mail address and the moment the signer signed;
- a click-through acceptance written in prose: "Accepted electronically by <Name>, <Title>, on <date>"
  (both ``esign_records``).

Each form yields ``Execution`` records (one party's execution); the district's record is the one
whose party, role or title belongs to a school district, else the single counterpart of the operator.
A district block printed with every field empty means the district has not signed
(``SigningInfo.blank``); another form that names the district's signer still wins over it.
"""

from __future__ import annotations

import re

from pipeline.detect.esign_records import acceptances, esign_records
from pipeline.detect.executions import VENDOR_ROLE, Execution
from pipeline.detect.party_names import DISTRICT, DISTRICT_ROLE, DISTRICT_TITLE, org_names, party_key
from pipeline.detect.signature_blocks import SigningInfo, find_district_signing
from pipeline.detect.signature_tables import signature_tables
from pipeline.detect.unlabelled_blocks import unlabelled_blocks
from pipeline.types import SegmentedDocument

_SCHOOL_ROLE = re.compile(r"\b(school|district|lea|customer|licensee|subscriber)\b", re.I)
_NOT_SCHOOL = re.compile(r"\b(university|college|trustees|investigator|institute)\b", re.I)


def find_signing(segmented: SegmentedDocument, operator_name: str | None = None) -> SigningInfo:
    """The district's signer, title and date, whichever way the agreement was executed."""
    labelled = find_district_signing(segmented, operator_name)
    if labelled.signer:
        return labelled
    operator = operator_name or ""
    for reader in (unlabelled_blocks, signature_tables, esign_records, acceptances):
        chosen = district_execution(list(reader(segmented)), operator)
        if chosen is not None:
            return SigningInfo(chosen.signer, chosen.title, chosen.date, chosen.evidence)
    return labelled


def district_execution(executions: list[Execution], operator: str) -> Execution | None:
    """The district's execution: named as the district or by a district title; else the only one
    that is not the operator's when the operator's is there too (two parties)."""
    signed = [e for e in executions if e.signer or e.date]
    others = [e for e in signed if not _is_operator(e, operator)]
    for rank in (2, 1):  # a school district named beats a district title or the customer's role
        district = [e for e in others if _district_rank(e) >= rank]
        if district:
            return district[0]
    return others[0] if len(others) == 1 and len(others) < len(signed) else None


def _is_operator(execution: Execution, operator: str) -> bool:
    op_key = party_key(operator)
    party = execution.party
    if op_key and (op_key in party_key(party) or _domain_of(execution.email, op_key)):
        return True
    return bool(org_names(party)) or (bool(VENDOR_ROLE.search(party)) and not DISTRICT.search(party))


def _district_rank(execution: Execution) -> int:
    """2: the party is a school district or board of education; 1: a district title, or the party
    is the school or customer by role; 0: neither (a university, a researcher, the vendor)."""
    party = execution.party
    if _NOT_SCHOOL.search(party):
        return 0
    if DISTRICT.search(party) or DISTRICT_ROLE.search(party):
        return 2
    return int(bool(_SCHOOL_ROLE.search(party) or DISTRICT_TITLE.search(execution.title or "")))


def _domain_of(email: str, op_key: str) -> bool:
    """An e-mail at the operator's domain ("trennick@copperleaf.example" for Copperleaf ...)."""
    domain = email.partition("@")[2].split(".")[0]
    return len(domain) >= 4 and party_key(domain) in op_key
