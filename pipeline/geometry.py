"""Small pure helpers on ``BBox`` values."""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.types import BBox, PageBox


def merge(boxes: Iterable[BBox]) -> BBox:
    """Smallest box holding all ``boxes`` (at least one required)."""
    items = list(boxes)
    if not items:
        raise ValueError("merge() needs at least one box")
    return BBox(
        min(b.x0 for b in items),
        min(b.top for b in items),
        max(b.x1 for b in items),
        max(b.bottom for b in items),
    )


def intersection_area(a: BBox, b: BBox) -> float:
    """Area shared by two boxes (0 when they do not overlap)."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    return width * height if width > 0 and height > 0 else 0.0


def overlaps(a: BBox, b: BBox, min_area: float = 0.0) -> bool:
    """True when the boxes share more than ``min_area`` square points."""
    return intersection_area(a, b) > min_area


def contains(outer: BBox, inner: BBox, tolerance: float = 1.0) -> bool:
    """True when ``inner`` lies inside ``outer`` (with a small tolerance in points)."""
    return (
        inner.x0 >= outer.x0 - tolerance
        and inner.top >= outer.top - tolerance
        and inner.x1 <= outer.x1 + tolerance
        and inner.bottom <= outer.bottom + tolerance
    )


def expand(box: BBox, margin: float) -> BBox:
    """The box grown by ``margin`` points on every side."""
    return BBox(box.x0 - margin, box.top - margin, box.x1 + margin, box.bottom + margin)


def vertical_overlap_ratio(a: BBox, b: BBox) -> float:
    """Share of the shorter box's height that the two boxes have in common."""
    shared = min(a.bottom, b.bottom) - max(a.top, b.top)
    shortest = min(a.height, b.height)
    return max(0.0, shared) / shortest if shortest > 0 else 0.0


def merge_per_line(boxes: Iterable[PageBox], line_tolerance: float = 2.0) -> list[PageBox]:
    """Merge word boxes into one box per text line and page, keeping reading order."""
    merged: list[PageBox] = []
    for item in boxes:
        if merged:
            last = merged[-1]
            same_line = (
                last.page == item.page
                and vertical_overlap_ratio(last.bbox, item.bbox) > 0.5
                and item.bbox.x0 >= last.bbox.x0 - line_tolerance
            )
            if same_line:
                merged[-1] = PageBox(last.page, merge([last.bbox, item.bbox]))
                continue
        merged.append(item)
    return merged


def centre_in(inner: BBox, outer: BBox, slack: float = 0.5) -> bool:
    """True when the centre of ``inner`` lies inside ``outer`` (widened by ``slack``)."""
    cx, cy = (inner.x0 + inner.x1) / 2, (inner.top + inner.bottom) / 2
    return outer.x0 - slack <= cx <= outer.x1 + slack and outer.top - slack <= cy <= outer.bottom + slack
