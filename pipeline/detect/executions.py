"""One party's execution as printed, and the pieces of print every form of execution is read from.

Each reader of ``signing_forms`` (unlabelled blocks, signature tables, e-signature records) yields
``Execution`` records; the lines they read are cut into ``Segment``s at wide gaps.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.geometry import merge
from pipeline.layout import split_at_gaps
from pipeline.signature_grammar import BLANK, CONFORMED, LABEL_PREFIX, SIGNATURE
from pipeline.types import BBox, Clause, Line, PageBox

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# A written date, as a signer dates a block or an e-signature record stamps it.
WRITTEN_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+day\s+of\s+{_MONTH},?\s+\d{{4}})"
)
# The operator's side, named by its role.
VENDOR_ROLE = re.compile(r"\b(vendor|provider|operator|company|contractor|licensor|supplier)\b", re.I)
# What a signature line carries besides a name: its blank, a conformed "/s/", a "(Signature)" caption.
_NOT_A_VALUE = re.compile(rf"{BLANK}|{CONFORMED}|\({SIGNATURE}\)|\b{SIGNATURE}\b", re.I)


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
class Segment:
    """A run of words of one printed line, cut at wide gaps (a table cell or one block's half)."""

    page: int
    bbox: BBox
    text: str


def cut_line(line: Line, page: int) -> list[Segment]:
    """The pieces of one printed line, cut where a wide gap separates table cells or side-by-side blocks."""
    return [
        Segment(page, merge(w.bbox for w in part), " ".join(w.text for w in part))
        for part in split_at_gaps(line.words)
    ]


def optional(execution: Execution | None) -> Iterator[Execution]:
    """The execution, if any, as a stream the readers can ``yield from``."""
    if execution is not None:
        yield execution


def strip_label(text: str) -> str:
    """A line's value without its label, blank, "/s/" or "(Signature)": "By: /s/ Jo Roe" -> "Jo Roe"."""
    text = _NOT_A_VALUE.sub(" ", text)
    return " ".join(LABEL_PREFIX.sub("", text.strip()).split()).strip(" ,;:")


def span_box(clause: Clause, start: int, end: int) -> PageBox | None:
    """Where the words of ``clause`` between two character offsets are printed (first page only)."""
    words = [w for w in clause.words if w.end > start and w.start < end]
    if not words:
        return None
    page = words[0].page
    return PageBox(page, merge(w.bbox for w in words if w.page == page))
