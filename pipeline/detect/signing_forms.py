"""The other ways an agreement is executed, read when no labelled district block names a signer.

``parties.find_district_signing`` reads blocks whose fields carry labels ("By:", "Name:", "Date:").
Agreements are also executed by

- blocks with no labels at all, introduced by the sentence that executes them ("IN WITNESS WHEREOF",
  "The parties have signed ... on the dates shown below"): party, signature line, name, title, date;
- a signature table with one row per party under a header row ("Party | Name | Title | Date");
- an e-signature service: "Signed by <Name> on <date>", or a certificate that lists each signer with
  an e-mail address and the moment the signer signed;
- a click-through acceptance written in prose: "Accepted electronically by <Name>, <Title>, on <date>".

Each form yields ``Execution`` records (one party's execution); the district's record is the one
whose party, role or title belongs to a school district, else the single counterpart of the operator.
A district block printed with every field empty means the district has not signed
(``SigningInfo.blank``); another form that names the district's signer still wins over it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.detect.parties import (
    DISTRICT,
    DISTRICT_ROLE,
    DISTRICT_TITLE,
    PERSON,
    SigningInfo,
    find_district_signing,
    name_and_title,
    org_names,
    parse_date,
)
from pipeline.geometry import merge
from pipeline.layout import split_at_gaps
from pipeline.types import BBox, Clause, Line, Page, PageBox, SegmentedDocument, Word

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+day\s+of\s+{_MONTH},?\s+\d{{4}})"
)
# The sentence that executes the agreement and introduces the signature blocks below it.
_EXECUTION = re.compile(
    r"\bin\s+witness\s+where(?:of|to)\b|\bhave\s+(?:caused\s+.{0,80}?to\s+be\s+)?(?:signed|executed)\b"
    r"|\b(?:signed|executed)\s+(?:below|as\s+of|on\s+the\s+dates?)\b|\b(?:agreed\s+and\s+accepted|"
    r"accepted\s+and\s+agreed)\b|\bsignatures?\s+(?:below|follow)\b",
    re.I,
)
# Past-tense acceptance or signing in prose, by a person, on a date.
_ACCEPTANCE = re.compile(
    r"(?P<verb>accepted|agreed\s+to|signed|executed|approved|docusigned)"
    r"(?:\s+(?:and\s+agreed\s+)?(?:electronically|online|digitally|and\s+agreed))?"
    r"(?:\s+(?:for|on\s+behalf\s+of)\s+(?P<party>[^,;()]{2,80}?))?"
    rf"\s+by:?\s+(?P<who>[^;]{{2,160}}?),?\s+(?:on|at)\s+(?P<date>{DATE})",
    re.I,
)
_CONDITION = re.compile(r"\b(after|before|once|upon|when|until|unless|if)\b", re.I)
_MODAL = re.compile(r"\b(may|will|shall|must|can|should|would|if|when|until|each|either|any)\b", re.I)
# An e-signature certificate's row: "Gwendolyn Achterberg (g@district.example), ..., signed 2025-08-11".
_ENVELOPE_ROW = re.compile(
    r"(?P<who>[A-Z][A-Za-z'’.\-]+(?:\s+[A-Z][A-Za-z'’.\-]*){1,3})\s*\((?P<email>[^()\s@]+@[^()\s]+)\)"
    rf"[^()]{{0,120}}?\b(?:signed|accepted|completed|approved)\b(?:\s+on)?\s*:?\s*(?P<date>{DATE})",
)
_VENDOR_ROLE = re.compile(r"\b(vendor|provider|operator|company|contractor|licensor|supplier)\b", re.I)
_SCHOOL_ROLE = re.compile(r"\b(school|district|lea|customer|licensee|subscriber)\b", re.I)
_NOT_SCHOOL = re.compile(r"\b(university|college|trustees|investigator|institute)\b", re.I)
_HEADER_NAME = re.compile(r"^(?:printed\s+|print\s+)?name|signer|signatory|signed\s+by$", re.I)
_HEADER_DATE = re.compile(r"^date(?:\s+signed)?$", re.I)
_HEADER_TITLE = re.compile(r"^(?:title|position|its)$", re.I)
_HEADER_PARTY = re.compile(r"^(?:party|for|organi[sz]ation|entity|institution|signing\s+for)$", re.I)
_LABEL_PREFIX = re.compile(
    r"^(?:by|(?:printed\s+|print\s+)?name|title|its|dated|date(?:\s+signed)?|signed|signature)\s*:?\s*",
    re.I,
)
_REGION_HEIGHT = 320.0  # points below the executing sentence that its blocks may take
_COLUMN_TOLERANCE = 40.0


@dataclass(frozen=True, slots=True)
class Execution:
    """One party's execution as printed: whom it binds, who signed, as what, when, and where."""

    party: str
    signer: str | None
    title: str | None
    date: datetime.date | None
    evidence: tuple[PageBox, ...]
    email: str = ""


@dataclass(frozen=True, slots=True)
class _Segment:
    """A run of words of one printed line, cut at wide gaps (a table cell or one block's half)."""

    page: int
    bbox: BBox
    text: str


def find_signing(segmented: SegmentedDocument, operator_name: str | None = None) -> SigningInfo:
    """The district's signer, title and date, whichever way the agreement was executed."""
    labelled = find_district_signing(segmented, operator_name)
    if labelled.signer:
        return labelled
    operator = operator_name or ""
    for reader in (_unlabelled_blocks, _signature_tables, _esign_records, _acceptances):
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
    op_key = _key(operator)
    party = execution.party
    if op_key and (op_key in _key(party) or _domain_of(execution.email, op_key)):
        return True
    return bool(org_names(party)) or (bool(_VENDOR_ROLE.search(party)) and not DISTRICT.search(party))


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
    return len(domain) >= 4 and _key(domain) in op_key


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


# ---------------------------------------------------------------------------------------------
# Blocks without labels, below the sentence that executes the agreement


def _unlabelled_blocks(segmented: SegmentedDocument) -> Iterator[Execution]:
    pages = {p.number: p for p in segmented.parsed.pages}
    for clause in segmented.clauses:
        found = _EXECUTION.search(clause.text)
        if found is None or not clause.words:
            continue
        start = clause.text.rfind(". ", 0, found.start()) + 1
        end = _sentence_end(clause.text, found.end())
        if end - start > 300 or _CONDITION.search(clause.text[start : found.start()]):
            continue  # "within ten days after both parties have signed it" signs nothing
        last = next((w for w in clause.words if w.end >= end), clause.words[-1])
        page = pages.get(last.page)
        if page is None:
            continue
        segments = _segments_below(page, last.bbox.bottom)
        for column in _columns(segments):
            yield from _column_executions(column)


def _sentence_end(text: str, start: int) -> int:
    """Where the sentence running at ``start`` ends: its full stop or colon, else the text's end."""
    found = re.compile(r"[.:](?=\s|$)").search(text, start)
    return found.start() if found else len(text)


def _segments_below(page: Page, top: float) -> list[_Segment]:
    """The line pieces under the executing sentence, down to the next paragraph of prose."""
    out: list[_Segment] = []
    for line in sorted(page.lines, key=lambda ln: (ln.bbox.top, ln.bbox.x0)):
        if line.bbox.top <= top + 1:
            continue
        if line.bbox.top > top + _REGION_HEIGHT or _is_prose(line):
            break
        out.extend(_cut(line, page.number))
    return out


def _is_prose(line: Line) -> bool:
    text = " ".join(w.text for w in line.words)
    return len(split_at_gaps(line.words)) == 1 and len(text) > 80


def _cut(line: Line, page: int) -> list[_Segment]:
    return [
        _Segment(page, merge(w.bbox for w in part), " ".join(w.text for w in part))
        for part in split_at_gaps(line.words)
    ]


def _columns(segments: list[_Segment]) -> list[list[_Segment]]:
    """Pieces grouped by where they start across the page: one group per block printed side by side."""
    starts: list[float] = []
    for x in sorted(s.bbox.x0 for s in segments):
        if not starts or x - starts[-1] > _COLUMN_TOLERANCE:
            starts.append(x)
    columns: list[list[_Segment]] = [[] for _ in starts]
    for seg in segments:
        index = max(i for i, x in enumerate(starts) if x <= seg.bbox.x0 + 0.5)
        columns[index].append(seg)
    return [sorted(c, key=lambda s: s.bbox.top) for c in columns if c]


def _column_executions(column: list[_Segment]) -> Iterator[Execution]:
    """A column cut at each line that names a party: one execution per block."""
    block: list[_Segment] = []
    for seg in column:
        if block and _names_party(seg.text):
            yield from _opt(_read_block(block))  # a blank block ends here too, with no signer
            block = []
        block.append(seg)
    if block:
        yield from _opt(_read_block(block))


def _opt(execution: Execution | None) -> Iterator[Execution]:
    if execution is not None:
        yield execution


def _names_party(text: str) -> bool:
    text = text.strip()
    return bool(
        DISTRICT.search(text)
        or org_names(text)
        or re.match(r"^(?:for|on\s+behalf\s+of)\b.{0,70}$", text, re.I)
        or re.match(
            r"^(?:the\s+)?(?:district|vendor|provider|operator|company|university|board)\s*:?$", text, re.I
        )
    )


def _read_block(block: list[_Segment]) -> Execution | None:
    """Party, then a person's name (alone, "/s/", or "Name, Title"), a title and a date."""
    party, signer, title, date, used = "", None, None, None, []
    for seg in block:
        text = _strip_label(seg.text)
        if not text:
            continue
        if not party and signer is None and _names_party(seg.text):
            party = seg.text
            used.append(seg)
        elif date is None and (found := _date_only(text)):
            date = found
            used.append(seg)
        elif signer is None and PERSON.match(text):
            signer = text
            used.append(seg)
        elif signer is None and (pair := name_and_title(text)):
            signer, title = pair
            used.append(seg)
        elif signer is not None and title is None and _looks_like_title(text):
            title = text
            used.append(seg)
    if signer is None:
        return None
    return Execution(party, signer, title, date, tuple(PageBox(s.page, s.bbox) for s in used))


def _strip_label(text: str) -> str:
    text = re.sub(r"_{2,}|/s/|\(signature\)|\bsignature\b", " ", text, flags=re.I)
    return " ".join(_LABEL_PREFIX.sub("", text.strip()).split()).strip(" ,;:")


def _date_only(text: str) -> datetime.date | None:
    """A line that is a date and nothing else ("March 3, 2026", "3/3/2026")."""
    match = re.fullmatch(rf"(?:dated|date|signed)?\s*:?\s*(?:on\s+)?({DATE})\.?", text, re.I)
    return parse_date(match.group(1)) if match else None


def _looks_like_title(text: str) -> bool:
    return len(text) <= 90 and not re.search(r"[@\d]", text) and text[:1].isupper()


# ---------------------------------------------------------------------------------------------
# Signature tables: a header row naming the columns, one row per party


def _signature_tables(segmented: SegmentedDocument) -> Iterator[Execution]:
    for page in segmented.parsed.pages:
        lines = sorted(page.lines, key=lambda ln: (ln.bbox.top, ln.bbox.x0))
        for index, line in enumerate(lines):
            if not _may_head_table(line):
                continue
            header = _cut(line, page.number)
            roles = [_column_role(s.text) for s in header]
            if "name" in roles and "date" in roles and len(header) >= 3:
                yield from _table_rows(lines[index + 1 :], header, roles, page.number)


_HEADER_WORDS = frozenset({"date", "signed", "name", "signer", "signatory"})


_DATE_WORDS = frozenset({"date", "date:", "Date", "Date:", "DATE", "DATE:"})


def _may_head_table(line: Line) -> bool:
    """A cheap first look: a header row prints a date column and a name column as short words."""
    if not any(w.text in _DATE_WORDS for w in line.words):
        return False
    words = {w.text.strip(" :").lower() for w in line.words if len(w.text) <= 11}
    return bool(words & (_HEADER_WORDS - {"date"}))


def _column_role(text: str) -> str:
    text = text.strip(" :")
    for role, pattern in (
        ("name", _HEADER_NAME),
        ("date", _HEADER_DATE),
        ("title", _HEADER_TITLE),
        ("party", _HEADER_PARTY),
    ):
        if pattern.match(text):
            return role
    return "other"


def _table_rows(
    lines: list[Line], header: list[_Segment], roles: list[str], page: int
) -> Iterator[Execution]:
    """Rows under the header, each cell put in the column whose heading it starts under; a line with
    no name and no date continues the row above (a wrapped party or title)."""
    starts = [s.bbox.x0 for s in header]
    rows: list[dict[str, list[_Segment]]] = []
    bottom = header[0].bbox.bottom
    for line in lines:
        if line.bbox.top - bottom > 40:
            break
        cells: dict[str, list[_Segment]] = {}
        for role, words in _cells(line, starts, roles):
            cells.setdefault(role, []).append(
                _Segment(page, merge(w.bbox for w in words), " ".join(w.text for w in words))
            )
        if rows and not ({"name", "date"} & cells.keys()):
            for role, segs in cells.items():
                rows[-1].setdefault(role, []).extend(segs)
        else:
            rows.append(cells)
        bottom = line.bbox.bottom
    for cells in rows:
        yield from _opt(_row_execution(cells))


def _cells(line: Line, starts: list[float], roles: list[str]) -> list[tuple[str, list[Word]]]:
    """The words of a row under the heading each starts under (a cell may run close to the next)."""
    cells: dict[int, list[Word]] = {}
    for word in line.words:
        column = max((i for i, x in enumerate(starts) if x <= word.bbox.x0 + 6), default=0)
        cells.setdefault(column, []).append(word)
    return [(roles[i], words) for i, words in sorted(cells.items())]


def _row_execution(cells: dict[str, list[_Segment]]) -> Execution | None:
    def text(role: str) -> str:
        return _strip_label(" ".join(s.text for s in cells.get(role, [])))

    name = text("name")
    if not PERSON.match(name):
        return None
    party = text("party") or text("other")
    date = parse_date(text("date"))
    used = [s for role in ("party", "name", "title", "date") for s in cells.get(role, [])]
    return Execution(party, name, text("title") or None, date, tuple(PageBox(s.page, s.bbox) for s in used))


# ---------------------------------------------------------------------------------------------
# E-signature records and click-through acceptance, read from the text


def _esign_records(segmented: SegmentedDocument) -> Iterator[Execution]:
    """Certificate rows: each signer with an e-mail address and when that signer signed."""
    for clause in segmented.clauses:
        for match in _ENVELOPE_ROW.finditer(clause.text):
            who = match.group("who")
            box = _span_box(clause, match.start(), match.end())
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


def _acceptances(segmented: SegmentedDocument) -> Iterator[Execution]:
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
    if not party and match.group("verb").lower() == "accepted" and not _VENDOR_ROLE.search(who):
        party = "School"  # the customer accepts the vendor's terms
    box = _span_box(clause, match.start(), match.end())
    return Execution(party, signer, title, parse_date(match.group("date")), (box,) if box else ())


def _span_box(clause: Clause, start: int, end: int) -> PageBox | None:
    words = [w for w in clause.words if w.end > start and w.start < end]
    if not words:
        return None
    page = words[0].page
    return PageBox(page, merge(w.bbox for w in words if w.page == page))
