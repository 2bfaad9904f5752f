"""Who the parties are: the operator's legal name and business address (105 ILCS 85/27(a)(2))
and who signed for the district, with which title and when (27(b), 27(c)).

The operator is the party of the preamble that provides the service (``preamble``), else the
company (Inc., LLC, Corp. ...) named most that is neither the district nor a subprocessor; its
address is the first US address in its description or after its name (a parties block, a table
row, the notices clause, a letterhead), read by ``addresses`` (``usaddress``, a trained CRF
tagger, behind a cheap state-and-ZIP anchor). Dates are read with
``python-dateutil``. The signer is read from the signature blocks by geometry: the
field labels ("By:", "Name:", "Title:", "Date:") line up in one column per block, which
separates side-by-side blocks that a text layer would interleave. A block may also print
its signer unlabelled above the date, as "Name" then "Title", or "Name, Title" on one line.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

import dateutil.parser

from pipeline.detect import preamble
from pipeline.detect.addresses import address_parts, first_address, join_lines
from pipeline.geometry import merge
from pipeline.types import BBox, Clause, Page, PageBox, SegmentedDocument, Word

_WORD = r"[A-Z][A-Za-z0-9&'’.\-]*"
_SUFFIX = (
    r"(?:(?i:inc|llc|l\.l\.c|corp|co|ltd|lp|l\.p|llp|pbc|pllc|gmbh|n\.a)\.?"
    r"|(?:Corporation|CORPORATION|Company|COMPANY|Incorporated|INCORPORATED|Limited|LIMITED)(?!\s+[A-Z]))"
)
ORG_NAME = re.compile(rf"\b({_WORD}(?:\s+(?:{_WORD}|&|of)){{0,7}}),?\s+{_SUFFIX}(?![A-Za-z-])")
DISTRICT = re.compile(
    r"\b(school\s+district|district\s+no\b|board\s+of\s+education|c\.?u\.?s\.?d|community\s+unit|"
    r"public\s+schools?|unified|independent\s+school|school\s+board|local\s+education(al)?\s+agency|"
    r"LEA|high\s+school\s+district|county\s+schools|charter\s+school|school\s+corporation)\b",
    re.I,
)
# Words that end a run of capitals before a name starts ("AGREEMENT BETWEEN ACME, INC.").
_BREAKS = frozenset({"the", "this", "by", "between", "and", "with", "to", "from", "for", "at", "notices"})
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
_SIGNATURE_SPACE = 80.0  # points left blank to sign in, between a party line and the printed name
_SIDE_BY_SIDE_GAP = 150.0  # points between the same label of two blocks printed side by side


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


def org_names(text: str) -> list[tuple[int, int, str]]:
    """Company names with a corporate suffix in ``text``: (start, end, name), districts excluded."""
    found = []
    for match in ORG_NAME.finditer(text):
        words = match.group(0).split()
        cut = max((i + 1 for i, w in enumerate(words[:-1]) if w.lower() in _BREAKS), default=0)
        words = words[cut:]
        if len(words) < 2:
            continue
        start = text.index(words[0], match.start() + sum(len(w) for w in match.group(0).split()[:cut]))
        name = " ".join(words)
        if not DISTRICT.search(name) and not _only_place(words):
            found.append((start, match.end(), name))
    return found


def _only_place(words: list[str]) -> bool:
    """ "Delaware Corporation" names a form of incorporation, not a party."""
    return len(words) == 2 and words[1].lower().startswith(("corporation", "company", "limited"))


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
    counts = Counter(_key(h.text) for h in hits)
    best = max(counts, key=lambda k: (counts[k], -min(h.clause for h in hits if _key(h.text) == k)))
    return next(h for h in hits if _key(h.text) == best)


def _contexts(clauses: list[Clause]) -> list[str]:
    """Each clause's text with its parent's: a bulleted list row reads under its lead-in sentence."""
    by_id = {c.id: c for c in clauses}
    return [f"{by_id[c.parent_id].text if c.parent_id in by_id else ''} {c.text}" for c in clauses]


def _is_party_sentence(text: str) -> bool:
    return bool(
        re.search(r"\b(between|by and|entered into|made|parties|operated by|provided by)\b", text, re.I)
    )


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


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


# ---------------------------------------------------------------------------------------------
# District signer

_FIELD = re.compile(
    r"^(?P<label>by|(?:printed\s+|print\s+)?name|title|its|date(?:\s+signed)?|dated|signed|signature|e-?mail|"
    r"phone|telephone|tel|address)\s*:\s*(?P<value>.*)$",
    re.I,
)
_ANCHOR = re.compile(r"^(by|name|title|its|date|dated|signed|signature):$", re.I)
# A person's name as printed under a signature: optional honorific, two to four capitalised words.
PERSON = re.compile(
    r"^(?:(?:Dr|Mr|Mrs|Ms|Mx)\.?\s+)?[A-Z][A-Za-z'’.\-]+(?:\s+[A-Z][A-Za-z'’.\-]*){1,3}(?:,\s*(?:Ed\.?D|Ph\.?D|Jr|Sr)\.?)?$"
)
# "Dana Roe, Superintendent": a printed name and the title after its comma (not a degree).
_NAME_AND_TITLE = re.compile(r"^(?P<name>[^,]+),\s*(?P<title>[A-Z][^,]{2,80})$")
# "For the District" / "On behalf of the Board": the party a block signs for, named by its role.
DISTRICT_ROLE = re.compile(
    r"\b(for|on\s+behalf\s+of)\s+(the\s+)?(district|board|school|lea|licensee)\b", re.I
)
_ATTEST = re.compile(r"\b(attest(ed)?|witness(ed)?|notary)\b", re.I)
_ATTEST_TITLE = re.compile(r"\b(secretary|clerk|witness|notary)\b", re.I)
DISTRICT_TITLE = re.compile(
    r"\b(superintendent|board\s+(president|of\s+education)|principal|business\s+(manager|official)|"
    r"chief\s+school\s+business)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class SigningInfo:
    """Who signed for the district, with which title and on which date."""

    signer: str | None
    title: str | None
    date: datetime.date | None
    evidence: tuple[PageBox, ...] = ()
    blank: bool = False  # the district's block is printed but empty: the district has not signed


@dataclass(frozen=True, slots=True)
class _TextLine:
    page: int
    bbox: BBox
    text: str


@dataclass
class _Block:
    """A signature block being read: header lines (party, label) and labelled fields."""

    header: list[_TextLine] = field(default_factory=list)
    fields: dict[str, tuple[str, _TextLine]] = field(default_factory=dict)
    bare: list[_TextLine] = field(default_factory=list)
    last: str | None = None

    @property
    def header_text(self) -> str:
        return " ".join(line.text for line in self.header)

    def value(self, key: str) -> str | None:
        if key in self.fields and (key != "name" or _clean(self.fields[key][0])):
            return _clean(self.fields[key][0])
        if key == "name" and "by" in self.fields and PERSON.match(_clean(self.fields["by"][0]) or ""):
            return _clean(self.fields["by"][0])  # "By: Jane Roe" names the signer on the signature line
        if key in ("name", "title") and "by" in self.fields and "name" not in self.fields:
            bare = [line.text for line in self.bare if not _FIELD.match(line.text)]
            index = 0 if key == "name" else 1
            return _clean(bare[index]) if len(bare) > index else None
        if key in ("name", "title") and not {"by", "name"} & self.fields.keys():
            return self._printed_above(key)
        return None

    def _printed_above(self, key: str) -> str | None:
        """An unlabelled block: the name and title printed just above its "Date:" line."""
        texts = [line.text for line in self.header]
        for index, text in enumerate(texts):
            if _names_a_party(text):
                continue  # "FOR THE DISTRICT" reads like a name in capitals
            if PERSON.match(text):
                if key == "name":
                    return _clean(text)
                return _clean(texts[index + 1]) if index + 1 < len(texts) else None
            if text.rstrip().endswith(",") and index + 1 < len(texts):
                text = f"{text} {texts[index + 1]}"  # "Dana Roe," with the title wrapped below
            if pair := name_and_title(text):
                return pair[0] if key == "name" else pair[1]
        return None


def name_and_title(text: str) -> tuple[str, str] | None:
    """("Dana Roe", "Superintendent") from a printed "Dana Roe, Superintendent", else None."""
    match = _NAME_AND_TITLE.match(" ".join(text.split()))
    if match is None or DISTRICT.search(text) or org_names(text):
        return None
    name, title = match.group("name").strip(), match.group("title").strip(" .")
    return (name, title) if PERSON.match(name) and not PERSON.match(text) else None


def find_district_signing(segmented: SegmentedDocument, operator_name: str | None = None) -> SigningInfo:
    """The district's signer, title and date from the signature blocks.

    Blocks are cut by geometry (see module docstring). The district's block is the one
    whose party line or title names a school district or board; a board secretary who
    attests next to a signing president is not the signer. ``operator_name`` is
    ``find_operator(segmented).name`` when the caller already has it ("" for none).
    """
    operator = (find_operator(segmented).name or "") if operator_name is None else operator_name
    blocks = [b for page in segmented.parsed.pages for b in _page_blocks(page)]
    named = [b for b in blocks if b.value("name")]
    chosen = _district_block(named, operator)
    if chosen is None:
        return _blank_district_block(blocks, operator)
    evidence = tuple(PageBox(line.page, line.bbox) for line in _evidence_lines(chosen))
    return SigningInfo(
        chosen.value("name"), chosen.value("title"), parse_date(chosen.value("date")), evidence
    )


def _blank_district_block(blocks: list[_Block], operator: str) -> SigningInfo:
    """A district signature block printed with every field empty: the vendor sent the form, the
    district has not signed it. A notices or contact block (no "By:", "Signature:" or "Date:") is
    not a signature block, filled in or not."""
    empty = [b for b in blocks if _is_empty(b) and {"by", "signature", "date"} & b.fields.keys()]
    chosen = _district_block(empty, operator)
    if chosen is None:
        return SigningInfo(None, None, None)
    lines = chosen.header + [line for _, line in chosen.fields.values()]
    return SigningInfo(None, None, None, tuple(PageBox(x.page, x.bbox) for x in lines), blank=True)


def _is_empty(block: _Block) -> bool:
    return not block.bare and all(_clean(value) is None for value, _ in block.fields.values())


def _evidence_lines(block: _Block) -> list[_TextLine]:
    """The lines that show the signer, title and date (a printed name above the block included)."""
    shown = {block.value("name"), block.value("title")}
    printed = [
        line
        for line in block.header
        if "name" not in block.fields
        and (_clean(line.text) in shown or name_and_title(line.text) or line.text.rstrip().endswith(","))
    ]
    keys = ("by", "name", "title", "date") if "name" not in block.fields else ("name", "title", "date")
    lines = printed + [block.fields[k][1] for k in keys if k in block.fields]
    return lines or block.bare[:2]


def _district_block(blocks: list[_Block], operator: str) -> _Block | None:
    op_key = _key(operator)

    def is_operator(b: _Block) -> bool:
        return bool(op_key) and op_key in _key(b.header_text) or bool(org_names(b.header_text))

    def is_district(b: _Block) -> bool:
        title = b.value("title") or ""
        header = b.header_text
        party = DISTRICT.search(header) or DISTRICT_ROLE.search(header)
        return not is_operator(b) and bool(party or DISTRICT_TITLE.search(title))

    def is_attest(b: _Block) -> bool:
        return bool(_ATTEST.search(b.header_text) or _ATTEST_TITLE.search(b.value("title") or ""))

    # Without a district word anywhere, the other party's block counts only when it is the
    # single counterpart of an operator block (an agreement between two parties).
    others = [b for b in blocks if not is_operator(b) and not is_attest(b)]
    paired = others if len(others) == 1 and len(others) < len(blocks) else []
    for group in (
        [b for b in blocks if is_district(b) and not is_attest(b)],
        [b for b in blocks if is_district(b)],
        paired,
    ):
        if group:
            return group[0]
    return None


def _clean(value: str) -> str | None:
    text = re.sub(r"_{2,}|/s/", " ", value)
    text = " ".join(text.split()).strip(" ,;")
    return text or None


def parse_date(value: str | None) -> datetime.date | None:
    """A written date ("September 9, 2025", "9/9/2025", "9th day of September, 2025") or None."""
    if not value or not re.search(r"\b\d{4}\b|\b\d{1,2}/\d{1,2}/\d{2}\b", value):
        return None
    try:
        return dateutil.parser.parse(value, fuzzy=True).date()
    except (ValueError, OverflowError):
        return None


def _page_blocks(page: Page) -> list[_Block]:
    """Signature blocks of one page, one column of field labels at a time."""
    lines = page.lines
    words = [(w, page.number) for line in lines for w in line.words]
    labels = {w.text.lower().rstrip(":") for w, _ in words if ":" in w.text and _ANCHOR.match(w.text)}
    if not _has_signature_fields(labels):
        return []
    anchors = [x for line in lines for x in _label_starts(line.words)]
    starts = _column_starts(anchors, _repeated_labels(page) or _staggered_labels(page))
    blocks = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else float("inf")
        column = [w for w, _ in words if start - 4 <= w.bbox.x0 < end - 4 or (i == 0 and w.bbox.x0 < start)]
        blocks.extend(_column_blocks(_lines(column, page.number)))
    return blocks


def _label_starts(words: tuple[Word, ...]) -> list[float]:
    """Where each field label of a line starts: a two-word label ("Printed Name:", "Date Signed:")
    starts at its first word, however widely a converter spaced the two."""
    starts = []
    for index, word in enumerate(words):
        before = words[index - 1] if index else None
        two_word = before is not None and _FIELD.match(f"{before.text} {word.text}")
        if _ANCHOR.match(word.text) or (two_word and word.text.endswith(":")):
            joined = two_word and not _ANCHOR.match(before.text) and not before.text.endswith(":")
            starts.append(before.bbox.x0 if joined and before is not None else word.bbox.x0)
    return starts


def _has_signature_fields(labels: set[str]) -> bool:
    """A "By:"/"Signature:" line, or (its line lost under a scanned signature) a name with a
    title or date."""
    return bool(labels & {"by", "signature", "dated", "signed"}) or (
        "name" in labels and bool(labels & {"title", "date"})
    )


def _column_starts(anchors: list[float], side_by_side: list[float]) -> list[float]:
    """Columns of labels: x positions shared by two or more labels, else the places where one
    row repeats a label ("Dated: ... Dated: ..." across two blocks), else the leftmost label."""
    starts: list[list[float]] = []
    for x in sorted(anchors):
        if starts and x - starts[-1][-1] <= 4:
            starts[-1].append(x)
        else:
            starts.append([x])
    shared = [group[0] for group in starts if len(group) >= 2]
    return shared or sorted(set(side_by_side)) or [min(anchors, default=0.0)]


def _staggered_labels(page: Page) -> list[float]:
    """Where the same field label starts at places far apart across the page: two blocks side by
    side whose fields sit at different heights (one signer's name wraps onto two lines)."""
    places: dict[str, list[float]] = {}
    for line in page.lines:
        for word in line.words:
            if _ANCHOR.match(word.text):
                places.setdefault(_label(word.text.rstrip(":")), []).append(word.bbox.x0)
    for xs in places.values():
        if len(xs) == 2 and abs(xs[0] - xs[1]) >= _SIDE_BY_SIDE_GAP:
            return sorted(xs)
    return []


def _repeated_labels(page: Page) -> list[float]:
    """Where a line starts the same field label twice: two signature blocks side by side."""
    found: list[float] = []
    for line in page.lines:
        labels = [(w.text.lower(), w.bbox.x0) for w in line.words if _ANCHOR.match(w.text)]
        names = [name for name, _ in labels]
        if len(labels) >= 2 and len(set(names)) == 1 and _FIELD.match(line.words[0].text):
            found.extend(x for _, x in labels)
    return found


def _lines(words: list[Word], page: int) -> list[_TextLine]:
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.bbox.top, w.bbox.x0)):
        if rows and abs(rows[-1][0].bbox.top - word.bbox.top) <= 3:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [
        _TextLine(
            page, merge(w.bbox for w in row), " ".join(w.text for w in sorted(row, key=lambda w: w.bbox.x0))
        )
        for row in rows
    ]


def _column_blocks(lines: list[_TextLine]) -> list[_Block]:
    """Cut a column's lines into blocks: header lines, then labelled fields."""
    blocks: list[_Block] = []
    current: _Block | None = None
    for index, line in enumerate(lines):
        match = _FIELD.match(line.text)
        if match:
            label = _label(match.group("label"))
            if (
                current is None
                or label in current.fields
                or (label == "by" and {"name", "title"} & current.fields.keys())
            ):
                current = _Block(header=_header_above(lines, index))
                blocks.append(current)
            for field_label, value in _inline_fields(label, match.group("value")):
                current.fields.setdefault(field_label, (value, line))
                current.last = field_label
        elif current is not None and _continues(current, lines[index - 1], line):
            value, first = current.fields[current.last]
            current.fields[current.last] = (f"{value} {line.text}", first)
        elif current is not None and current.last == "by" and len(current.bare) < 2:
            current.bare.append(line)
        else:
            current = None
    return blocks


# A further label inside a field's value: "By: ____ Printed Name: ____" prints two fields on one line.
_INLINE_LABEL = re.compile(
    r"(?:^|(?<=\s))((?:printed\s+|print\s+)?name|title|its|date(?:\s+signed)?|dated|signature|e-?mail|"
    r"phone|telephone)\s*:\s*",
    re.I,
)


def _inline_fields(label: str, value: str) -> list[tuple[str, str]]:
    """The fields of one printed line: a value ends where the next label on the line starts, so an
    empty "Name:" is not read as the name "Title:"."""
    fields, cursor = [], 0
    for match in _INLINE_LABEL.finditer(value):
        fields.append((label, value[cursor : match.start()]))
        label, cursor = _label(match.group(1)), match.end()
    fields.append((label, value[cursor:]))
    return fields


def _label(raw: str) -> str:
    word = raw.lower().split()[-1]
    aliases = {
        "its": "title",
        "signed": "date",
        "dated": "date",
        "e-mail": "email",
        "telephone": "phone",
        "tel": "phone",
    }
    return aliases.get(word, word)


def _continues(block: _Block, previous: _TextLine, line: _TextLine) -> bool:
    """A wrapped field value: a tight line right under a name or title field."""
    height = previous.bbox.height or 10.0
    return block.last in ("name", "title") and line.bbox.top - previous.bbox.bottom < 0.3 * height


def _header_above(lines: list[_TextLine], index: int) -> list[_TextLine]:
    """The party lines above a block's first field: a tight run of short lines."""
    header: list[_TextLine] = []
    below = lines[index]
    for line in reversed(lines[:index]):
        gap = (header[0] if header else below).bbox.top - line.bbox.bottom
        limit = 80.0 if not header else 0.5 * line.bbox.height
        if _FIELD.match(line.text) or len(line.text) > 70 or re.match(r"^\d+(\.\d+)*\s", line.text):
            break
        if gap > limit:
            if header and gap <= _SIGNATURE_SPACE and _names_a_party(line.text):
                header.insert(0, line)  # "For the District:" above the space signed in
            break
        header.insert(0, line)
        if len(header) == 4:
            break
    return header


def _names_a_party(text: str) -> bool:
    """A block's party line: "For the District:", "Acme Learning, Inc.", "Westfield CUSD 201"."""
    return bool(DISTRICT_ROLE.search(text) or DISTRICT.search(text) or org_names(text)) or bool(
        re.match(r"^(?:for|on\s+behalf\s+of)\b.{0,60}:$", text.strip(), re.I)
    )
