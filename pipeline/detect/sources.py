"""Adapters to the readers that work on the PDF and the signature blocks (``schedule``, ``parties``).

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
    """The operator's name and business address from ``pipeline.detect.parties``."""
    from pipeline.detect.parties import find_operator

    found = find_operator(segmented)
    if found is None:
        return OperatorInfo(None, None)
    return OperatorInfo(getattr(found, "name", None), getattr(found, "address", None), _evidence(found))


def read_signing(segmented: SegmentedDocument, operator: OperatorInfo | None = None) -> SigningInfo:
    """The district signer, title and date from ``pipeline.detect.parties`` (``operator``, when
    already read, spares reading it again)."""
    from pipeline.detect.parties import find_district_signing

    found = find_district_signing(segmented, None if operator is None else operator.name or "")
    if found is None:
        return SigningInfo(None, None, None)
    date = getattr(found, "date", None)
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    return SigningInfo(getattr(found, "signer", None), getattr(found, "title", None), date, _evidence(found))


def read_schedule(segmented: SegmentedDocument) -> Any:
    """The checked rows of the schedule of data (``pipeline.detect.schedule.DataSchedule``)."""
    from pipeline.detect.schedule import extract_data_elements

    return extract_data_elements(segmented.parsed.pdf_path, segmented)


def _evidence(found: object) -> tuple[Evidence, ...]:
    """Accept Evidence, PageBox or (page, bbox, text)-like items from the readers."""
    out: list[Evidence] = []
    for item in getattr(found, "evidence", ()) or ():
        if isinstance(item, Evidence):
            out.append(item)
        elif isinstance(item, PageBox):
            out.append(Evidence(item.page, "", item.bbox, ""))
        elif hasattr(item, "page") and isinstance(getattr(item, "bbox", None), BBox):
            out.append(
                Evidence(item.page, getattr(item, "text", ""), item.bbox, getattr(item, "clause_id", ""))
            )
    return tuple(out)


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
    for label, checked in box_labels(segmented.parsed.pdf_path, pages, segmented.parsed):
        (ticked if checked else unticked).extend(find_standards(label))
    return ticked, unticked
