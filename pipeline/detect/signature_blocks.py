"""Who signed for the district, with which title and when (105 ILCS 85/27(b), 27(c)), read from the
labelled signature blocks.

The blocks are read by geometry: the field labels ("By:", "Name:", "Title:", "Date:",
``pipeline.signature_grammar``) line up in one column per block, which separates side-by-side blocks
that a text layer would interleave. A block may also print its signer unlabelled above the date, as
"Name" then "Title", or "Name, Title" on one line. Dates are read with ``python-dateutil``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

import dateutil.parser

from pipeline.detect.operator import find_operator
from pipeline.detect.party_names import DISTRICT, DISTRICT_ROLE, DISTRICT_TITLE, org_names, party_key
from pipeline.geometry import merge
from pipeline.signature_grammar import (
    ANCHOR,
    BLANK,
    BY,
    CONFORMED,
    DATE,
    DATED,
    FIELD,
    INLINE_LABEL,
    NAME,
    NAME_AND_TITLE,
    PERSON,
    SIGNATURE,
    SIGNED,
    TITLE,
    field_of,
)
from pipeline.types import BBox, Page, PageBox, SegmentedDocument, Word

_SIGNATURE_SPACE = 80.0  # points left blank to sign in, between a party line and the printed name
_SIDE_BY_SIDE_GAP = 150.0  # points between the same label of two blocks printed side by side
_ATTEST = re.compile(r"\b(attest(ed)?|witness(ed)?|notary)\b", re.I)
_ATTEST_TITLE = re.compile(r"\b(secretary|clerk|witness|notary)\b", re.I)


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
            bare = [line.text for line in self.bare if not FIELD.match(line.text)]
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
    match = NAME_AND_TITLE.match(" ".join(text.split()))
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
    op_key = party_key(operator)

    def is_operator(b: _Block) -> bool:
        return bool(op_key) and op_key in party_key(b.header_text) or bool(org_names(b.header_text))

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
    text = re.sub(rf"{BLANK}|{CONFORMED}", " ", value)
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
    labels = {w.text.lower().rstrip(":") for w, _ in words if ":" in w.text and ANCHOR.match(w.text)}
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
        two_word = before is not None and FIELD.match(f"{before.text} {word.text}")
        if ANCHOR.match(word.text) or (two_word and word.text.endswith(":")):
            label_of_two = before is not None and two_word and not ANCHOR.match(before.text)
            if before is not None and label_of_two and not before.text.endswith(":"):
                starts.append(before.bbox.x0)  # a two-word label starts at its first word
            else:
                starts.append(word.bbox.x0)
    return starts


def _has_signature_fields(labels: set[str]) -> bool:
    """A "By:"/"Signature:" line, or (its line lost under a scanned signature) a name with a
    title or date."""
    return bool(labels & {BY, SIGNATURE, DATED, SIGNED}) or (NAME in labels and bool(labels & {TITLE, DATE}))


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
            if ANCHOR.match(word.text):
                places.setdefault(field_of(word.text.rstrip(":")), []).append(word.bbox.x0)
    for xs in places.values():
        if len(xs) == 2 and abs(xs[0] - xs[1]) >= _SIDE_BY_SIDE_GAP:
            return sorted(xs)
    return []


def _repeated_labels(page: Page) -> list[float]:
    """Where a line starts the same field label twice: two signature blocks side by side."""
    found: list[float] = []
    for line in page.lines:
        labels = [(w.text.lower(), w.bbox.x0) for w in line.words if ANCHOR.match(w.text)]
        names = [name for name, _ in labels]
        if len(labels) >= 2 and len(set(names)) == 1 and FIELD.match(line.words[0].text):
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
        match = FIELD.match(line.text)
        if match:
            label = field_of(match.group("label"))
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
        elif current is not None and current.last is not None and _continues(current, lines[index - 1], line):
            value, first = current.fields[current.last]
            current.fields[current.last] = (f"{value} {line.text}", first)
        elif current is not None and current.last == "by" and len(current.bare) < 2:
            current.bare.append(line)
        else:
            current = None
    return blocks


def _inline_fields(label: str, value: str) -> list[tuple[str, str]]:
    """The fields of one printed line: a value ends where the next label on the line starts, so an
    empty "Name:" is not read as the name "Title:"."""
    fields, cursor = [], 0
    for match in INLINE_LABEL.finditer(value):
        fields.append((label, value[cursor : match.start()]))
        label, cursor = field_of(match.group(1)), match.end()
    fields.append((label, value[cursor:]))
    return fields


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
        if FIELD.match(line.text) or len(line.text) > 70 or re.match(r"^\d+(\.\d+)*\s", line.text):
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
