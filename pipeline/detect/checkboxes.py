"""Page geometry for checkbox grids: check marks, words and ruled table grids.

Everything here reads one PyMuPDF page. PyMuPDF rather than pdfplumber because it is
an order of magnitude faster for the three things a grid needs (``get_drawings`` for
boxes and ruling lines, ``get_text`` for words and glyphs, ``widgets`` for form fields;
pdfplumber has no widget values at all), and we only need the ruling *segments*: a grid
built from them directly is cheaper and more predictable than a general table finder
(PyMuPDF's ``find_tables`` took about a second per page on the corpus and glued words
together). Coordinates are PDF points with a top-left origin, as in ``pipeline.types``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

import pymupdf

from pipeline.types import BBox, Page

# Check-box glyphs as they appear in a text layer. Wingdings fonts put their boxes in the
# private-use area (or plain Latin letters), so those count only in a symbol font.
CHECKED_GLYPHS = frozenset("☒☑✓✔✗✘⊠■")
UNCHECKED_GLYPHS = frozenset("☐□")
_SYMBOL_CHECKED = frozenset({"\uf0fe", "\uf0fd", "\uf078", "\uf0fc", "\uf053", "\uf052", "\uf0d0"})
_SYMBOL_UNCHECKED = frozenset({"\uf0a8", "\uf06f", "\uf0a3", "\uf071", "\uf02a"})
# Cell values that mark a row in a "letter" column; blank means not checked.
LETTER_CHECKED = frozenset({"x", "yes", "y", "✓", "✔"})
LETTER_UNCHECKED = frozenset({"no", "n", "-", "–", "—", "n/a"})

_BOX_MIN, _BOX_MAX = 4.0, 22.0  # side of a drawn check box, points
_RULE_THIN = 2.5  # a filled rectangle thinner than this is a ruling line


class MarkStyle(StrEnum):
    """How a check box is drawn."""

    VECTOR = "vector"
    GLYPH = "glyph"
    LETTER = "letter"
    ACROFORM = "acroform"


@dataclass(frozen=True, slots=True)
class Mark:
    """One check box (or letter cell value) and whether it is checked."""

    bbox: BBox
    checked: bool
    style: MarkStyle


class PageWord(NamedTuple):
    """A word of the text layer with its line identity (for joining multi-line cells).

    A NamedTuple, like ``pipeline.types.Word``: one is made per word of every page searched for
    check boxes, and a tuple is several times cheaper to make than a frozen dataclass."""

    text: str
    bbox: BBox
    line_key: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Grid:
    """A ruled table: its row bands (top, bottom) and column bands (x0, x1)."""

    bbox: BBox
    rows: tuple[tuple[float, float], ...]
    cols: tuple[tuple[float, float], ...]


def _box(rect: pymupdf.Rect) -> BBox:
    return BBox(float(rect.x0), float(rect.y0), float(rect.x1), float(rect.y1))


def centre_in(inner: BBox, outer: BBox, slack: float = 0.5) -> bool:
    """True when the centre of ``inner`` lies inside ``outer``."""
    cx, cy = (inner.x0 + inner.x1) / 2, (inner.top + inner.bottom) / 2
    return outer.x0 - slack <= cx <= outer.x1 + slack and outer.top - slack <= cy <= outer.bottom + slack


def page_words(page: pymupdf.Page) -> list[PageWord]:
    """Words of the page's text layer, in PyMuPDF's reading order."""
    return [
        PageWord(w[4], BBox(w[0], w[1], w[2], w[3]), (int(w[5]), int(w[6])))
        for w in page.get_text("words", sort=False)
    ]


def parsed_page_words(page: Page) -> list[PageWord]:
    """The words parse already read from the page's text layer (body lines in reading order, then
    running headers and footers), so detection need not extract them from the PDF a second time.

    The same words and boxes as ``page_words`` on an unrotated page; line keys are the parsed
    (block, line) indices, and running lines get block -1.
    """
    words = [
        PageWord(w.text, w.bbox, (b, i))
        for b, block in enumerate(page.blocks)
        for i, line in enumerate(block.lines)
        for w in line.words
    ]
    running = enumerate(page.header_footer)
    words += [PageWord(w.text, w.bbox, (-1, i)) for i, line in running for w in line.words]
    return words


def words_of(pdf_page: pymupdf.Page, parsed: Page | None) -> list[PageWord]:
    """A page's words: the parsed ones when parse read this page's text layer unrotated (parsed
    boxes are in displayed coordinates, while drawings are not), else PyMuPDF's afresh."""
    if parsed is not None and not parsed.ocr_applied and pdf_page.rotation % 360 == 0:
        return parsed_page_words(parsed)
    return page_words(pdf_page)


def widget_marks(page: pymupdf.Page) -> list[Mark]:
    """Real AcroForm check boxes; a value other than Off/empty means checked."""
    marks = []
    for widget in page.widgets() or ():
        if widget.field_type not in (pymupdf.PDF_WIDGET_TYPE_CHECKBOX, pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON):
            continue
        value = widget.field_value
        checked = value is True or (isinstance(value, str) and value not in ("", "Off", "No", "false"))
        marks.append(Mark(_box(widget.rect), checked, MarkStyle.ACROFORM))
    return marks


def glyph_marks(page: pymupdf.Page) -> list[Mark]:
    """Check-box characters in the text layer (Unicode boxes, or Wingdings boxes in a symbol font)."""
    marks = []
    raw = page.get_text("rawdict", flags=0)
    for block in raw.get("blocks", ()):
        for line in block.get("lines", ()):
            for span in line["spans"]:
                symbol_font = "ding" in span["font"].lower() or "symbol" in span["font"].lower()
                for char in span["chars"]:
                    state = _glyph_state(char["c"], symbol_font)
                    if state is not None:
                        marks.append(Mark(BBox(*char["bbox"]), state, MarkStyle.GLYPH))
    return marks


def _glyph_state(char: str, symbol_font: bool) -> bool | None:
    if char in CHECKED_GLYPHS or (symbol_font and char in _SYMBOL_CHECKED):
        return True
    if char in UNCHECKED_GLYPHS or (symbol_font and char in _SYMBOL_UNCHECKED):
        return False
    return None


def _is_box(rect: pymupdf.Rect) -> bool:
    w, h = rect.width, rect.height
    return _BOX_MIN <= w <= _BOX_MAX and _BOX_MIN <= h <= _BOX_MAX and 0.7 <= w / h <= 1.4


def _dark(fill: tuple[float, ...] | None) -> bool:
    return fill is not None and len(fill) >= 3 and sum(fill[:3]) / 3 < 0.5


def vector_marks(drawings: list[dict]) -> list[Mark]:
    """Small square paths are boxes; ink (lines, curves, dark fills) inside one checks it."""
    boxes: list[tuple[BBox, bool]] = []
    ink: list[BBox] = []
    for path in drawings:
        rect = path["rect"]
        kinds = [item[0] for item in path["items"]]
        if _is_box(rect) and ("re" in kinds or "qu" in kinds or kinds.count("l") >= 4):
            extra = len(kinds) > 1 and "re" in kinds  # box and its X drawn in one path
            boxes.append((_box(rect), extra or _dark(path.get("fill"))))
        elif rect.width <= _BOX_MAX and rect.height <= _BOX_MAX:
            ink.append(_box(rect))
    marks = []
    for bbox, checked in boxes:
        inner = BBox(bbox.x0 - 1, bbox.top - 1, bbox.x1 + 1, bbox.bottom + 1)
        has_ink = any(centre_in(i, inner) and i.width < bbox.width + 2 for i in ink)
        marks.append(Mark(bbox, checked or has_ink, MarkStyle.VECTOR))
    return _dedupe_nested(marks)


def _dedupe_nested(marks: list[Mark]) -> list[Mark]:
    """A box drawn twice (border plus inner frame) counts once, checked if either is."""
    kept: list[Mark] = []
    for mark in sorted(marks, key=lambda m: -m.bbox.width):
        twin = next((k for k in kept if centre_in(mark.bbox, k.bbox)), None)
        if twin is None:
            kept.append(mark)
        elif mark.checked and not twin.checked:
            kept[kept.index(twin)] = Mark(twin.bbox, True, twin.style)
    return kept


def letter_marks(words: Iterable[PageWord]) -> list[Mark]:
    """Words that could be a letter-column value ("X", "Yes", "No"); validated per column later."""
    marks = []
    for word in words:
        token = word.text.strip().lower()
        if token in LETTER_CHECKED or token in LETTER_UNCHECKED:
            marks.append(Mark(word.bbox, token in LETTER_CHECKED, MarkStyle.LETTER))
    return marks


_ANY_GLYPH = CHECKED_GLYPHS | UNCHECKED_GLYPHS | _SYMBOL_CHECKED | _SYMBOL_UNCHECKED


def box_marks(page: pymupdf.Page, drawings: list[dict], text: str) -> list[Mark]:
    """Widgets, glyphs and drawn boxes; a drawn box under a widget is the widget's face.

    Character boxes (``rawdict``) cost several times a word extraction, so glyphs are looked
    for only on pages whose ``text`` (all the page's words) holds a check-box character.
    """
    widgets = widget_marks(page)
    drawn = [m for m in vector_marks(drawings) if not any(centre_in(m.bbox, w.bbox, 2) for w in widgets)]
    has_glyph = not _ANY_GLYPH.isdisjoint(text)
    return widgets + (glyph_marks(page) if has_glyph else []) + drawn


def _segments(
    drawings: list[dict],
) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal (y, x0, x1) and vertical (x, top, bottom) ruling segments of stroked paths."""
    hor: list[tuple[float, float, float]] = []
    ver: list[tuple[float, float, float]] = []
    for path in drawings:
        if _is_box(path["rect"]):
            continue
        for item in path["items"]:
            if item[0] == "l":
                (x0, y0), (x1, y1) = (item[1].x, item[1].y), (item[2].x, item[2].y)
                if abs(y0 - y1) < 1.0 and abs(x1 - x0) > 8:
                    hor.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
                elif abs(x0 - x1) < 1.0 and abs(y1 - y0) > 4:
                    ver.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
            elif item[0] == "re":
                _rect_edges(item[1], path.get("color") is not None, hor, ver)
    return _merge(hor), _merge(ver)


def _rect_edges(r: pymupdf.Rect, stroked: bool, hor: list, ver: list) -> None:
    if r.height < _RULE_THIN and r.width > 8:
        hor.append(((r.y0 + r.y1) / 2, r.x0, r.x1))
    elif r.width < _RULE_THIN and r.height > 4:
        ver.append(((r.x0 + r.x1) / 2, r.y0, r.y1))
    elif stroked:
        hor.extend([(r.y0, r.x0, r.x1), (r.y1, r.x0, r.x1)])
        ver.extend([(r.x0, r.y0, r.y1), (r.x1, r.y0, r.y1)])


def _merge(segments: list[tuple[float, float, float]], tol: float = 1.0) -> list[tuple[float, float, float]]:
    """Join collinear segments that touch, so a rule drawn per cell becomes one line."""
    merged: list[tuple[float, float, float]] = []
    for pos, a, b in sorted(segments, key=lambda s: (round(s[0]), s[1])):
        if merged and abs(merged[-1][0] - pos) <= tol and a <= merged[-1][2] + 2:
            last = merged[-1]
            merged[-1] = (last[0], last[1], max(last[2], b))
        else:
            merged.append((pos, a, b))
    return merged


def find_grids(drawings: list[dict]) -> list[Grid]:
    """Ruled tables: runs of horizontal rules of the same span, joined by vertical rules."""
    return grids_from_segments(*_segments(drawings))


def grids_from_segments(
    hor: list[tuple[float, float, float]], ver: list[tuple[float, float, float]]
) -> list[Grid]:
    """Ruled tables from horizontal (y, x0, x1) and vertical (x, top, bottom) rules, in points
    (from a page's vector paths, or from the rules seen in a scanned page's image)."""
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


def _spanned(x: float, top: float, bottom: float, ver: list[tuple[float, float, float]]) -> bool:
    return any(abs(vx - x) <= 3 and vt <= top + 2 and vb >= bottom - 2 for vx, vt, vb in ver)


def _runs(ys: list[float], x0: float, x1: float, ver: list) -> list[list[float]]:
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


def _columns(x0: float, x1: float, run: list[float], ver: list) -> tuple[tuple[float, float], ...]:
    """Column bands from interior vertical rules that cross at least one row of the run."""
    inner: list[float] = []
    bands = list(zip(run, run[1:], strict=False))
    for vx, vt, vb in ver:
        crosses = any(vt <= a + 2 and vb >= b - 2 for a, b in bands)
        if x0 + 3 < vx < x1 - 3 and crosses and not any(abs(vx - c) <= 2 for c in inner):
            inner.append(vx)
    edges = [x0, *sorted(inner), x1]
    return tuple(zip(edges, edges[1:], strict=False))
