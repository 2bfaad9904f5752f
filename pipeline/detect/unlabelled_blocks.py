"""Signature blocks with no labels, below the sentence that executes the agreement ("IN WITNESS
WHEREOF", "The parties have signed ... on the dates shown below"): party, signature line, name, title,
date, one block per column.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from pipeline.detect.executions import WRITTEN_DATE, Execution, Segment, cut_line, optional, strip_label
from pipeline.detect.party_names import DISTRICT, org_names
from pipeline.detect.signature_blocks import name_and_title, parse_date
from pipeline.layout import split_at_gaps
from pipeline.signature_grammar import DATE, DATED, PERSON, SIGNED, labels
from pipeline.types import Line, Page, PageBox, SegmentedDocument

# The sentence that executes the agreement and introduces the signature blocks below it.
_EXECUTION = re.compile(
    r"\bin\s+witness\s+where(?:of|to)\b|\bhave\s+(?:caused\s+.{0,80}?to\s+be\s+)?(?:signed|executed)\b"
    r"|\b(?:signed|executed)\s+(?:below|as\s+of|on\s+the\s+dates?)\b|\b(?:agreed\s+and\s+accepted|"
    r"accepted\s+and\s+agreed)\b|\bsignatures?\s+(?:below|follow)\b",
    re.I,
)
_CONDITION = re.compile(r"\b(after|before|once|upon|when|until|unless|if)\b", re.I)
_DATE_ONLY = re.compile(
    rf"(?:{labels(DATED, DATE, SIGNED)})?\s*:?\s*(?:on\s+)?({WRITTEN_DATE})\.?", re.IGNORECASE
)
_REGION_HEIGHT = 320.0  # points below the executing sentence that its blocks may take
_COLUMN_TOLERANCE = 40.0


def unlabelled_blocks(segmented: SegmentedDocument) -> Iterator[Execution]:
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


def _segments_below(page: Page, top: float) -> list[Segment]:
    """The line pieces under the executing sentence, down to the next paragraph of prose."""
    out: list[Segment] = []
    for line in sorted(page.lines, key=lambda ln: (ln.bbox.top, ln.bbox.x0)):
        if line.bbox.top <= top + 1:
            continue
        if line.bbox.top > top + _REGION_HEIGHT or _is_prose(line):
            break
        out.extend(cut_line(line, page.number))
    return out


def _is_prose(line: Line) -> bool:
    text = " ".join(w.text for w in line.words)
    return len(split_at_gaps(line.words)) == 1 and len(text) > 80


def _columns(segments: list[Segment]) -> list[list[Segment]]:
    """Pieces grouped by where they start across the page: one group per block printed side by side."""
    starts: list[float] = []
    for x in sorted(s.bbox.x0 for s in segments):
        if not starts or x - starts[-1] > _COLUMN_TOLERANCE:
            starts.append(x)
    columns: list[list[Segment]] = [[] for _ in starts]
    for seg in segments:
        index = max(i for i, x in enumerate(starts) if x <= seg.bbox.x0 + 0.5)
        columns[index].append(seg)
    return [sorted(c, key=lambda s: s.bbox.top) for c in columns if c]


def _column_executions(column: list[Segment]) -> Iterator[Execution]:
    """A column cut at each line that names a party: one execution per block."""
    block: list[Segment] = []
    for seg in column:
        if block and _names_party(seg.text):
            yield from optional(_read_block(block))  # a blank block ends here too, with no signer
            block = []
        block.append(seg)
    if block:
        yield from optional(_read_block(block))


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


def _read_block(block: list[Segment]) -> Execution | None:
    """Party, then a person's name (alone, "/s/", or "Name, Title"), a title and a date."""
    party, signer, title, date, used = "", None, None, None, []
    for seg in block:
        text = strip_label(seg.text)
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


def _date_only(text: str) -> datetime.date | None:
    """A line that is a date and nothing else ("March 3, 2026", "3/3/2026")."""
    match = _DATE_ONLY.fullmatch(text)
    return parse_date(match.group(1)) if match else None


def _looks_like_title(text: str) -> bool:
    return len(text) <= 90 and not re.search(r"[@\d]", text) and text[:1].isupper()
