"""Lines into paragraphs: block structure, clause numbers and bullets, signature labels, table rows.

A new paragraph starts at a new block, where a line opens with a clause number or bullet after a
line that ended a sentence, and at signature-label lines. Table rows (lines with cell-wide gaps,
with their wrapped continuation lines) become one paragraph per row. A row of a ruled table that
layout read cell by cell (a block with ``cells``) is one paragraph whose text runs cell after cell;
a two-cell row whose second cell is prose ("Breach notification | Vendor will notify ...") reads as
a clause with the first cell as its run-in heading, so its sentences stay whole. A paragraph cut by
a page or column break is then rejoined when the first part does not end a sentence and the next
does not open with a number, bullet or heading; a table row cut by a page break (its continuation
has an empty first cell) is rejoined cell by cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import sub
from statistics import median

from pipeline.parse.text_join import Vocabulary, join_lines
from pipeline.segment.patterns import BULLET, SENTENCE_END, numbered_start, opens_item
from pipeline.segment.signatures import Row
from pipeline.signature_grammar import BLOCK_LINE
from pipeline.types import Line, PlacedWord

Placed = tuple[int, Line, int]  # (page number, line, column)
_MIN_CELL_GAP = 6.0  # points; a wider gap for fonts over 5 pt (1.2 x the size)
_EVEN_GAPS = 1.3  # a line whose gaps are all within this factor of its narrowest is evenly spaced...
_STRETCHED = 2.0  # ...and, all under this many times its font size, justified prose, not table cells
_PROSE_WORDS = 8  # a cell this long that ends a sentence is running text, not a label or value
CellMap = dict[tuple[int, int], tuple[int, ...]]  # (page, block index) -> lines per cell


@dataclass
class Para:
    """A paragraph under construction (internal, mutable while segmenting)."""

    lines: list[Placed]
    table: bool = False
    text: str = ""
    words: tuple[PlacedWord, ...] = ()
    size: float = 0.0
    bold: bool = False
    cells: tuple[int, ...] = ()  # a table row read cell by cell: lines per cell (see ``CellMap``)
    lead: str | None = None  # its first cell, when the row reads as a clause with that run-in heading

    @property
    def first(self) -> Placed:
        return self.lines[0]

    @property
    def last(self) -> Placed:
        return self.lines[-1]


def paragraphs(placed: Sequence[Row], vocabulary: Vocabulary, cells: CellMap | None = None) -> list[Para]:
    """The paragraphs of the document in reading order, with their text, words and style."""
    paras = _rejoin_breaks(_split(placed, cells or {}))
    for para in paras:
        if para.cells:
            _row_text(para, vocabulary)
        else:
            para.text, para.words = join_lines([(p, ln) for p, ln, _ in para.lines], vocabulary)
        longest = max((ln for _, ln, _ in para.lines), key=lambda ln: len(ln.words))
        para.size = round(longest.words[len(longest.words) // 2].font_size, 1)  # cheap typical size
        para.bold = all(ln.bold for _, ln, _ in para.lines)
    return paras


def _row_text(para: Para, vocabulary: Vocabulary) -> None:
    """A table row's text cell after cell (words keep their own boxes), and whether it is a clause."""
    parts: list[tuple[str, tuple[PlacedWord, ...]]] = []
    at = 0
    for count in para.cells:
        cell = para.lines[at : at + count]
        at += count
        if cell:
            parts.append(join_lines([(p, ln) for p, ln, _ in cell], vocabulary))
    prose = len(parts) == 2 and len(parts[1][0].split()) >= _PROSE_WORDS and SENTENCE_END.search(parts[1][0])
    para.lead = parts[0][0] if prose else None
    para.table = not prose
    text, words = parts[0]
    for part_text, part_words in parts[1:]:
        sep = ". " if prose and not SENTENCE_END.search(text) else " "
        shift = len(text) + len(sep)
        words += tuple(PlacedWord(w.start + shift, w.end + shift, w.page, w.bbox) for w in part_words)
        text = f"{text}{sep}{part_text}"
    para.text, para.words = text, words


def _cell_starts(line: Line) -> list[float]:
    """x of each word that follows a gap wider than the font (a possible table cell start).

    The gap a cell needs is never under ``_MIN_CELL_GAP``: most lines are rejected on their widest
    gap alone (this runs on every line).
    """
    words = line.words
    if len(words) < 2:
        return []
    lefts = [w.bbox.x0 for w in words]
    gaps = list(map(sub, lefts[1:], [w.bbox.x1 for w in words]))
    if max(gaps) < _MIN_CELL_GAP:
        return []
    sizes = [w.font_size for w in words]
    if words[0].ocr_confidence is not None and _justified(gaps, sizes):
        return []
    return [
        left
        for left, gap, p_size, size in zip(lefts[1:], gaps, sizes, sizes[1:], strict=False)
        if gap >= _cell_gap(p_size if p_size > size else size)
    ]


def _justified(gaps: Sequence[float], sizes: Sequence[float]) -> bool:
    """True for a line of three or more words spaced evenly and only a little wide: a justified line.

    Justification stretches every space of a line alike, and on a scan OCR's boxes, tight on the
    ink, add a point or two more, so a stretched line's spaces can all pass for cell gaps; a table
    row's cell gaps stand out against the spaces inside its cells, or are far wider than any
    stretched space. Asked of OCR lines only: text-layer boxes include the glyphs' side bearings.
    """
    if len(gaps) < 2:
        return False
    narrowest, widest = min(gaps), max(gaps)
    return widest <= _EVEN_GAPS * narrowest and widest < _STRETCHED * median(sizes)


def _cell_gap(size: float) -> float:
    return 1.2 * size if size > 5.0 else _MIN_CELL_GAP


def table_lines(lines: Sequence[Line]) -> set[int]:
    """Indices of a block's lines that are table rows.

    A row has a wide gap whose next word starts at the same x as a cell of a nearby line of the
    block. Justified text has wide gaps too (a line before a long e-mail address can be stretched
    to five spaces a gap), but not aligned from line to line.
    """
    starts = [_cell_starts(line) for line in lines]
    found: set[int] = set()
    for i, line in enumerate(lines):
        if not starts[i] or BLOCK_LINE.match(line.text):
            continue
        near = starts[max(0, i - 2) : i] + starts[i + 1 : i + 3]  # a neighbouring row of the same table
        aligned = any(abs(x - y) <= 2.0 for other in near for x in starts[i] for y in other)
        if aligned:
            found.add(i)
    return found


def _split(placed: Sequence[Row], cells: CellMap) -> list[Para]:
    tables: set[int] = set()
    start = 0
    for i in range(1, len(placed) + 1):  # table rows are found block by block
        if i == len(placed) or placed[i][3] != placed[start][3] or placed[i][0] != placed[start][0]:
            if not cells or (placed[start][0], placed[start][3]) not in cells:
                tables |= {start + j for j in table_lines([p[1] for p in placed[start:i]])}
            start = i
    texts = {id(p[1]): p[1].text for p in placed}  # Line.text joins its words on every call
    paras: list[Para] = []
    prev: Row | None = None
    for index, (page, line, column, block) in enumerate(placed):
        if cells and (counts := cells.get((page, block))) is not None:  # a table row read cell by cell
            if prev is not None and (prev[0], prev[3]) == (page, block):
                paras[-1].lines.append((page, line, column))
            else:
                paras.append(Para(lines=[(page, line, column)], cells=counts))
            prev = (page, line, column, block)
            continue
        table = index in tables
        new = prev is None or (table and not paras[-1].table)
        if new or _starts_paragraph(prev, (page, line, column, block), paras[-1], texts):
            paras.append(Para(lines=[(page, line, column)], table=table))
        else:
            paras[-1].lines.append((page, line, column))
        prev = (page, line, column, block)
    return paras


def _starts_paragraph(prev: Row | None, cur: Row, para: Para, texts: dict[int, str]) -> bool:
    assert prev is not None
    p_page, p_line, _, p_block = prev
    page, line, _, block = cur
    text, p_text = texts[id(line)], texts[id(p_line)]
    if para.table:  # a wrapped cell line stays with its row when it sits inside a cell column
        same_block_area = page == p_page and line.bbox.top - p_line.bbox.bottom < 0.6 * line.bbox.height
        indented = line.bbox.x0 > para.first[1].bbox.x0 + 4  # starts in a later cell: a wrapped cell line
        return not (same_block_area and indented)
    if block != p_block or page != p_page:
        return True
    if BLOCK_LINE.match(text) or BLOCK_LINE.match(p_text):
        return True
    if not opens_item(text):
        return False
    listed = bool(BULLET.match(text) or BULLET.match(texts[id(para.first[1])]))
    return listed or bool(SENTENCE_END.search(p_text)) or numbered_start(text)


def _rejoin_breaks(paras: list[Para]) -> list[Para]:
    """Join a paragraph cut by a page or column break to its continuation."""
    out: list[Para] = []
    for para in paras:
        if out and _row_continues(out[-1], para):
            out[-1] = _merge_rows(out[-1], para)
        elif len(out) > 1 and _repeated_header(out[-1], para) and _row_continues(out[-2], para):
            out[-2] = _merge_rows(out[-2], para)  # the header printed again over the continuation stays
        elif out and _continues(out[-1], para):
            out[-1].lines.extend(para.lines)
        else:
            out.append(para)
    return out


def _row_continues(before: Para, after: Para) -> bool:
    """A table row carried over a page break: same cells, the continuation's first cell empty."""
    return (
        bool(before.cells)
        and len(after.cells) == len(before.cells) > 1
        and after.cells[0] == 0
        and after.first[0] > before.last[0]
    )


def _repeated_header(header: Para, row: Para) -> bool:
    """A bold line printed again at the top of the page a table continues on."""
    return not header.cells and header.first[0] == row.first[0] and all(ln.bold for _, ln, _ in header.lines)


def _merge_rows(before: Para, after: Para) -> Para:
    """One row from its two parts, each cell's lines followed by its continuation's."""
    lines: list[Placed] = []
    b_at = a_at = 0
    for b_count, a_count in zip(before.cells, after.cells, strict=True):
        lines += before.lines[b_at : b_at + b_count] + after.lines[a_at : a_at + a_count]
        b_at, a_at = b_at + b_count, a_at + a_count
    return Para(lines=lines, cells=tuple(map(sum, zip(before.cells, after.cells, strict=True))))


def _continues(before: Para, after: Para) -> bool:
    b_page, b_line, b_col = before.last
    a_page, a_line, a_col = after.first
    if (b_page, b_col) == (a_page, a_col) or before.table or after.table or before.cells or after.cells:
        return False
    text = a_line.text
    if SENTENCE_END.search(b_line.text) or opens_item(text) or BLOCK_LINE.match(text):
        return False
    if a_line.bold != b_line.bold or abs(a_line.font_size - b_line.font_size) > 1.0:
        return False
    return text[:1].islower() or not b_line.text.endswith((".", ":"))
