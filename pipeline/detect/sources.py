"""Adapters to the readers of the schedule, check boxes and signature blocks (``schedule``, ``parties``).

They convert those modules' answers to this stage's types (``OperatorInfo``, ``SigningInfo``,
``Evidence``) so the rules depend on one vocabulary. A reader that is missing raises ImportError,
which ``detect`` records as a problem.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline.findings import Evidence, OperatorInfo, SigningInfo
from pipeline.types import BBox, PageBox, SegmentedDocument


def read_operator(segmented: SegmentedDocument) -> OperatorInfo:
    """The operator's name and business address from ``pipeline.detect.operator``."""
    from pipeline.detect.operator import find_operator

    found = find_operator(segmented)
    if found is None:
        return OperatorInfo(None, None)
    name, address = getattr(found, "name", None), getattr(found, "address", None)
    return OperatorInfo(name, address, _evidence(found, segmented))


def read_signing(segmented: SegmentedDocument, operator: OperatorInfo | None = None) -> SigningInfo:
    """The district signer, title and date from ``pipeline.detect.signing_forms`` (signature blocks,
    tables, e-signature records, click-through acceptance; ``operator``, when already read, spares
    reading it again)."""
    from pipeline.detect.signing_forms import find_signing

    found = find_signing(segmented, None if operator is None else operator.name or "")
    if found is None:
        return SigningInfo(None, None, None)
    date = getattr(found, "date", None)
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    signer, title = getattr(found, "signer", None), getattr(found, "title", None)
    blank = bool(getattr(found, "blank", False))
    return SigningInfo(signer, title, date, _evidence(found, segmented), blank)


def read_schedule(segmented: SegmentedDocument) -> Any:
    """The checked rows of the schedule of data (``pipeline.detect.schedule.DataSchedule``)."""
    from pipeline.detect.schedule import extract_data_elements

    return extract_data_elements(segmented)


def _evidence(found: object, segmented: SegmentedDocument) -> tuple[Evidence, ...]:
    """Accept Evidence, PageBox or (page, bbox, text)-like items from the readers.

    A bare box gets the text and clause of the words drawn inside it, so the reviewer reads what
    the highlight covers (and the evaluation can compare it with a labelled sentence).
    """
    out: list[Evidence] = []
    for item in getattr(found, "evidence", ()) or ():
        if isinstance(item, Evidence):
            out.append(item)
        elif isinstance(item, PageBox):
            text, clause_id = _text_in_box(segmented, item)
            out.append(Evidence(item.page, text, item.bbox, clause_id))
        elif hasattr(item, "page") and isinstance(getattr(item, "bbox", None), BBox):
            out.append(
                Evidence(item.page, getattr(item, "text", ""), item.bbox, getattr(item, "clause_id", ""))
            )
    return tuple(out)


def _text_in_box(segmented: SegmentedDocument, box: PageBox) -> tuple[str, str]:
    """The clause text of the words whose centres lie in ``box``, and the first such clause's id."""
    parts: list[str] = []
    first_id = ""
    b = box.bbox
    for clause in segmented.clauses:
        inside = [
            w
            for w in clause.words
            if w.page == box.page
            and b.x0 <= (w.bbox.x0 + w.bbox.x1) / 2 <= b.x1
            and b.top <= (w.bbox.top + w.bbox.bottom) / 2 <= b.bottom
        ]
        if inside:
            parts.append(clause.text[inside[0].start : inside[-1].end])
            first_id = first_id or clause.id
    return " ".join(parts), first_id


def read_box_standards(segmented: SegmentedDocument) -> tuple[list[str], list[str]]:
    """Security standards next to ticked and next to unticked boxes (a framework menu claims only
    the ticked rows)."""
    from pipeline.detect.extractors.standards import find_standards
    from pipeline.detect.tables import box_labels

    ticked: list[str] = []
    unticked: list[str] = []
    pages = [p.number for p in segmented.parsed.pages if find_standards(p.text)]
    if not pages:
        return ticked, unticked
    for label, checked in box_labels(segmented.parsed, pages):
        (ticked if checked else unticked).extend(find_standards(label))
    return ticked, unticked
