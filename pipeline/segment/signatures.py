"""Two signature blocks printed side by side, read one after the other (left block first).

Runs before paragraphs are built: a row that holds a signature label on each side ("By:" ...
"By:") marks the pair, and the rows around it that fit either side of the split are cut in two.
"""

from __future__ import annotations

from pipeline.layout import line_of, split_at_gaps
from pipeline.signature_grammar import BLOCK_LINE, BLOCK_LINE_START
from pipeline.types import Line

Row = tuple[int, Line, int, int]  # (page, line, column, block index)


def unzip_signatures(placed: list[Row]) -> list[Row]:
    """Read two signature blocks printed side by side one after the other, left block first."""
    # The cheap test on every line first, in one pass; most documents have no such pair at all.
    starts = [i for i, row in enumerate(placed) if BLOCK_LINE_START.match(row[1].words[0].text)]
    splits = {i: split for i in starts if (split := _pair_split(placed[i][1])) is not None}
    if not splits:
        return placed
    out: list[Row] = []
    i = 0
    while i < len(placed):
        split = splits.get(i)
        if split is None:
            out.append(placed[i])
            i += 1
            continue
        page = placed[i][0]
        start = len(out)
        while start > 0 and len(out) - start < 8 and _fits(out[start - 1], split, page):
            start -= 1
        region = out[start:]
        del out[start:]
        while i < len(placed) and _fits(placed[i], split, page) and _close(region, placed[i]):
            region.append(placed[i])
            i += 1
        out += _sides(region, split, -2 * i)
    return out


def _pair_split(line: Line) -> float | None:
    """x where a right-hand signature block starts, when ``line`` (opening like a signature label)
    holds one label on each side."""
    parts = split_at_gaps(line.words)
    if len(parts) != 2:
        return None
    left, right = (" ".join(w.text for w in part) for part in parts)
    return parts[1][0].bbox.x0 if BLOCK_LINE.match(left) and BLOCK_LINE.match(right) else None


def _fits(row: Row, split: float, page: int) -> bool:
    words = row[1].words
    if row[0] != page or len(words) > 16:
        return False
    return all(w.bbox.x1 <= split - 1 or w.bbox.x0 >= split - 1 for w in words)


def _close(region: list[Row], row: Row) -> bool:
    return not region or row[1].bbox.top - region[-1][1].bbox.bottom < 60


def _sides(region: list[Row], split: float, block: int) -> list[Row]:
    left = [(p, [w for w in ln.words if w.bbox.x1 <= split - 1]) for p, ln, _, _ in region]
    right = [(p, [w for w in ln.words if w.bbox.x0 >= split - 1]) for p, ln, _, _ in region]
    return [(p, line_of(ws), 0, block) for p, ws in left if ws] + [
        (p, line_of(ws), 1, block - 1) for p, ws in right if ws
    ]
