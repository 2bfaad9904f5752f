"""Ruled grids of check-box tables (data schedules, option menus), from a page's rule segments.

Every horizontal rule of one span starts a candidate table; consecutive rules belong to one table
when an edge rule joins them, and interior vertical rules that cross a band cut the columns. The
same geometry serves drawn rules (``segments`` of a page's vector paths) and the rules seen in a
scanned page's image (``pipeline.parse.scan_ink``). Coordinates are points, top-left origin.

It differs from ``pipeline.parse.tables`` (which lays out wrapped cells for reading) on purpose: a
check-box grid counts a single boxed row and a box-edge rule, and keeps one column split for a
whole table; the two give different grids on the same rules, and detection is tuned to this one.
"""

from __future__ import annotations

from typing import Any

from pipeline.types import BBox, Grid

Seg = tuple[float, float, float]  # (y, x0, x1) when horizontal, (x, top, bottom) when vertical

BOX_MIN, BOX_MAX = 4.0, 22.0  # side of a drawn check box, points
_RULE_THIN = 2.5  # a filled rectangle thinner than this is a ruling line


def is_box(rect: tuple[float, float, float, float]) -> bool:
    """A small square: a drawn check box, never a rule."""
    w, h = rect[2] - rect[0], rect[3] - rect[1]
    return BOX_MIN <= w <= BOX_MAX and BOX_MIN <= h <= BOX_MAX and 0.7 <= w / h <= 1.4


def segments(drawings: list[dict[str, Any]]) -> tuple[list[Seg], list[Seg]]:
    """Horizontal and vertical ruling segments of a page's paths (``get_cdrawings`` form)."""
    hor: list[Seg] = []
    ver: list[Seg] = []
    for path in drawings:
        if is_box(path["rect"]):
            continue
        for item in path["items"]:
            if item[0] == "l":
                (x0, y0), (x1, y1) = item[1], item[2]
                if abs(y0 - y1) < 1.0 and abs(x1 - x0) > 8:
                    hor.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
                elif abs(x0 - x1) < 1.0 and abs(y1 - y0) > 4:
                    ver.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
            elif item[0] == "re":
                _rect_edges(item[1], path.get("color") is not None, hor, ver)
    return _merge(hor), _merge(ver)


def _rect_edges(r: tuple[float, float, float, float], stroked: bool, hor: list[Seg], ver: list[Seg]) -> None:
    x0, y0, x1, y1 = r
    width, height = x1 - x0, y1 - y0
    if height < _RULE_THIN and width > 8:
        hor.append(((y0 + y1) / 2, x0, x1))
    elif width < _RULE_THIN and height > 4:
        ver.append(((x0 + x1) / 2, y0, y1))
    elif stroked:
        hor.extend([(y0, x0, x1), (y1, x0, x1)])
        ver.extend([(x0, y0, y1), (x1, y0, y1)])


def _merge(segs: list[Seg], tol: float = 1.0) -> list[Seg]:
    """Join collinear segments that touch, so a rule drawn per cell becomes one line."""
    merged: list[Seg] = []
    for pos, a, b in sorted(segs, key=lambda s: (round(s[0]), s[1])):
        if merged and abs(merged[-1][0] - pos) <= tol and a <= merged[-1][2] + 2:
            last = merged[-1]
            merged[-1] = (last[0], last[1], max(last[2], b))
        else:
            merged.append((pos, a, b))
    return merged


def find_grids(drawings: list[dict[str, Any]]) -> list[Grid]:
    """Ruled tables of a page's paths."""
    return grids_from_segments(*segments(drawings))


def grids_from_segments(hor: list[Seg], ver: list[Seg]) -> list[Grid]:
    """Ruled tables from horizontal (y, x0, x1) and vertical (x, top, bottom) rules, in points."""
    hor, ver = _merge(hor), _merge(ver)
    spans: dict[tuple[int, int], list[float]] = {}
    for y, x0, x1 in hor:
        if x1 - x0 >= 40:
            key = next(
                (k for k in spans if abs(k[0] - x0) <= 3 and abs(k[1] - x1) <= 3), (round(x0), round(x1))
            )
            spans.setdefault(key, []).append(y)
    grids = []
    for (x0, x1), ys in spans.items():
        for run in _runs(sorted(set(round(y, 1) for y in ys)), float(x0), float(x1), ver):
            cols = _columns(float(x0), float(x1), run, ver)
            rows = tuple(zip(run, run[1:], strict=False))
            grids.append(Grid(BBox(float(x0), run[0], float(x1), run[-1]), rows, cols))
    return grids


def _spanned(x: float, top: float, bottom: float, ver: list[Seg]) -> bool:
    return any(abs(vx - x) <= 3 and vt <= top + 2 and vb >= bottom - 2 for vx, vt, vb in ver)


def _runs(ys: list[float], x0: float, x1: float, ver: list[Seg]) -> list[list[float]]:
    """Split rule positions into tables: a band belongs to the table if an edge rule spans it."""
    has_edges = any(abs(vx - x0) <= 3 or abs(vx - x1) <= 3 for vx, _, _ in ver)
    runs: list[list[float]] = []
    for y in ys:
        if runs and y - runs[-1][-1] > 0.5:
            prev = runs[-1][-1]
            joined = (
                (_spanned(x0, prev, y, ver) or _spanned(x1, prev, y, ver)) if has_edges else y - prev < 60
            )
            if joined:
                runs[-1].append(y)
                continue
        if not runs or y - runs[-1][-1] > 0.5:
            runs.append([y])
    return [r for r in runs if len(r) >= 2]


def _columns(x0: float, x1: float, run: list[float], ver: list[Seg]) -> tuple[tuple[float, float], ...]:
    """Column bands from interior vertical rules that cross at least one row of the run."""
    inner: list[float] = []
    bands = list(zip(run, run[1:], strict=False))
    for vx, vt, vb in ver:
        crosses = any(vt <= a + 2 and vb >= b - 2 for a, b in bands)
        if x0 + 3 < vx < x1 - 3 and crosses and not any(abs(vx - c) <= 2 for c in inner):
            inner.append(vx)
    edges = [x0, *sorted(inner), x1]
    return tuple(zip(edges, edges[1:], strict=False))
