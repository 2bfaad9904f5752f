"""Cut a parsed document into clauses: ``segment()``; and ``boxes_for_span()`` for highlighting.

Steps, each a small function over plain lists:
1. paragraphs: block structure, plus a new paragraph where a line opens with a clause number or
   bullet after a line that ended a sentence, and at signature-label lines; table rows (lines with
   cell-wide gaps, with their wrapped continuation lines) become one paragraph per row;
2. paragraphs broken by a page or column break are rejoined when the first does not end a
   sentence and the next does not open with a number, bullet or heading;
3. each paragraph gets a kind (title, heading, exhibit, signature, table, clause), its number,
   its own heading, and a place in the outline through a stack of open sections.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.geometry import merge_per_line
from pipeline.layout import line_of, split_at_gaps
from pipeline.parse.text_join import document_vocabulary, join_lines
from pipeline.types import (
    Clause,
    ClauseKind,
    Line,
    PageBox,
    ParsedDocument,
    PlacedWord,
    SegmentedDocument,
)

_ROMAN = r"(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3}|x)"
_NUMBER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("article", re.compile(r"^(?:ARTICLE|Article)\s+([IVXLC]+|\d+)\b[.:]?")),
    ("section", re.compile(r"^(?:SECTION|Section|§)\s*(\d+(?:\.\d+)*)\b\.?:?")),
    ("dec", re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)\.?(?=\s)")),
    ("dec", re.compile(r"^(\d{1,3})\.(?=\s)")),
    ("dec", re.compile(r"^([A-Z]{1,2}-\d{1,3}(?:\.\d{1,3})*)\.?(?=\s)")),
    ("roman", re.compile(rf"^\(({_ROMAN})\)(?=\s)")),
    ("alpha", re.compile(r"^\(([a-z])\)(?=\s)")),
    ("alpha", re.compile(r"^([a-z])[.)](?=\s)")),
    ("num", re.compile(r"^\((\d{1,2})\)(?=\s)")),
    ("num", re.compile(r"^(\d{1,2})\)(?=\s)")),
    ("ALPHA", re.compile(r"^\(([A-Z])\)(?=\s)")),
    ("ALPHA", re.compile(r"^([A-Z])\.(?=\s)")),
)
_BULLET = re.compile(r"^[\u2022\u25aa\u25cf\u25e6\u2023\u2043\u00b7\-\u2013*]\s")
_EXHIBIT = re.compile(
    r"^(?:EXHIBIT|Exhibit|SCHEDULE|Schedule|APPENDIX|Appendix|ATTACHMENT|Attachment|ANNEX|Annex|"
    r"ADDENDUM|Addendum)\b\s*[\"\u201c\u201d]?([A-Z0-9]{1,3}(?:[-.][A-Z0-9]{1,3})?)?[\"\u201c\u201d]?"
)
_SIG_LABEL = re.compile(
    r"^(?:By|Name|Printed Name|Print Name|Title|Its|Date|Date Signed|Signature|Signed|Email|E-mail|"
    r"Phone|Telephone|Address|Witness|Attest)\s*:|^_{4,}",
    re.IGNORECASE,
)
_SIG_START = re.compile(
    r"^(?:By|Name|Printed|Print|Title|Its|Date|Signature|Signed|Email|E-mail|Phone|Telephone|Address|"
    r"Witness|Attest|_{4,})",
    re.IGNORECASE,
)
_SIGNED = re.compile(r"\b(?:By|Name|Title|Date)\s*:", re.IGNORECASE)
_WITNESS = re.compile(r"^IN WITNESS WHEREOF", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;][\"'\u201d\u2019)]*$")
_RUN_IN = re.compile(r"^([A-Z][^.:;]{1,60}?)[.:]\s+(?=[A-Z(\"\u201c])")
_SMALL_WORDS = {"of", "and", "the", "to", "for", "or", "in", "on", "a", "an", "by", "with", "at"}

Placed = tuple[int, Line, int]  # (page number, line, column)


@dataclass
class _Para:
    """A paragraph under construction (internal, mutable while segmenting)."""

    lines: list[Placed]
    table: bool = False
    text: str = ""
    words: tuple[PlacedWord, ...] = ()
    size: float = 0.0
    bold: bool = False

    @property
    def first(self) -> Placed:
        return self.lines[0]

    @property
    def last(self) -> Placed:
        return self.lines[-1]


@dataclass
class _Open:
    """An open section on the outline stack."""

    clause_id: str
    keys: frozenset[str]
    title: str | None
    is_heading: bool
    size: float = 0.0
    depth: int = 0


@dataclass
class _Outline:
    stack: list[_Open] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)


def segment(parsed: ParsedDocument) -> SegmentedDocument:
    """Clauses of the document in reading order (flat list; the tree is in ``parent_id``)."""
    placed = [
        (page.number, line, block.column, bi)
        for page in parsed.pages
        for bi, block in enumerate(page.blocks)
        for line in block.lines
    ]
    if not placed:
        return SegmentedDocument(parsed=parsed, clauses=())
    placed = _unzip_signatures(placed)
    vocabulary = document_vocabulary([line for _, line, _, _ in placed])
    paras = _rejoin_breaks(_paragraphs(placed))
    for para in paras:
        para.text, para.words = join_lines([(p, ln) for p, ln, _ in para.lines], vocabulary)
        longest = max((ln for _, ln, _ in para.lines), key=lambda ln: len(ln.words))
        para.size = round(longest.words[len(longest.words) // 2].font_size, 1)  # cheap typical size
        para.bold = all(ln.bold for _, ln, _ in para.lines)
    return SegmentedDocument(parsed=parsed, clauses=tuple(_outline(paras, _body_size(placed))))


def boxes_for_span(clause: Clause, start: int, end: int) -> list[PageBox]:
    """Boxes (one per line per page) covering the characters ``start:end`` of ``clause.text``."""
    hits = [PageBox(w.page, w.bbox) for w in clause.words if w.start < end and w.end > start]
    return merge_per_line(hits)


# --- 0. side-by-side signature blocks --------------------------------------------------------

_Row = tuple[int, Line, int, int]  # (page, line, column, block index)


def _pair_split(line: Line) -> float | None:
    """x where a right-hand signature block starts, when ``line`` holds one label on each side."""
    if not _SIG_START.match(line.words[0].text):  # cheap test first: this runs on every line
        return None
    parts = split_at_gaps(line.words)
    if len(parts) != 2:
        return None
    left, right = (" ".join(w.text for w in part) for part in parts)
    return parts[1][0].bbox.x0 if _SIG_LABEL.match(left) and _SIG_LABEL.match(right) else None


def _fits(row: _Row, split: float, page: int) -> bool:
    words = row[1].words
    if row[0] != page or len(words) > 16:
        return False
    return all(w.bbox.x1 <= split - 1 or w.bbox.x0 >= split - 1 for w in words)


def _unzip_signatures(placed: list[_Row]) -> list[_Row]:
    """Read two signature blocks printed side by side one after the other, left block first."""
    out: list[_Row] = []
    i = 0
    while i < len(placed):
        split = _pair_split(placed[i][1])
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


def _close(region: list[_Row], row: _Row) -> bool:
    return not region or row[1].bbox.top - region[-1][1].bbox.bottom < 60


def _sides(region: list[_Row], split: float, block: int) -> list[_Row]:
    left = [(p, [w for w in ln.words if w.bbox.x1 <= split - 1]) for p, ln, _, _ in region]
    right = [(p, [w for w in ln.words if w.bbox.x0 >= split - 1]) for p, ln, _, _ in region]
    return [(p, line_of(ws), 0, block) for p, ws in left if ws] + [
        (p, line_of(ws), 1, block - 1) for p, ws in right if ws
    ]


# --- 1. paragraphs -----------------------------------------------------------------------------


def _body_size(placed: Sequence[tuple[int, Line, int, int]]) -> float:
    sizes = Counter(w.font_size for _, ln, _, _ in placed for w in ln.words)
    return round(sizes.most_common(1)[0][0], 1) if sizes else 0.0


def _cell_starts(line: Line) -> list[float]:
    """x of each word that follows a gap wider than the font (a possible table cell start)."""
    starts = []
    words = line.words
    for i in range(1, len(words)):
        prev, word = words[i - 1], words[i]
        size = prev.font_size if prev.font_size > word.font_size else word.font_size
        if word.bbox.x0 - prev.bbox.x1 >= (1.2 * size if size > 5.0 else 6.0):
            starts.append(word.bbox.x0)
    return starts


def table_lines(lines: Sequence[Line]) -> set[int]:
    """Indices of a block's lines that are table rows.

    A row has a wide gap whose next word starts at the same x as a cell of a nearby line of the
    block. Justified text has wide gaps too (a line before a long e-mail address can be stretched
    to five spaces a gap), but not aligned from line to line.
    """
    starts = [_cell_starts(line) for line in lines]
    found: set[int] = set()
    for i, line in enumerate(lines):
        if not starts[i] or _SIG_LABEL.match(line.text):
            continue
        near = starts[max(0, i - 2) : i] + starts[i + 1 : i + 3]  # a neighbouring row of the same table
        aligned = any(abs(x - y) <= 2.0 for other in near for x in starts[i] for y in other)
        if aligned:
            found.add(i)
    return found


def _opens_item(text: str) -> bool:
    return bool(_BULLET.match(text) or number_of(text))


def _paragraphs(placed: Sequence[tuple[int, Line, int, int]]) -> list[_Para]:
    tables: set[int] = set()
    start = 0
    for i in range(1, len(placed) + 1):  # table rows are found block by block
        if i == len(placed) or placed[i][3] != placed[start][3] or placed[i][0] != placed[start][0]:
            tables |= {start + j for j in table_lines([p[1] for p in placed[start:i]])}
            start = i
    texts = {id(p[1]): p[1].text for p in placed}  # Line.text joins its words on every call
    paras: list[_Para] = []
    prev: tuple[int, Line, int, int] | None = None
    for index, (page, line, column, block) in enumerate(placed):
        table = index in tables
        new = prev is None or (table and not paras[-1].table)
        if new or _starts_paragraph(prev, (page, line, column, block), paras[-1], texts):
            paras.append(_Para(lines=[(page, line, column)], table=table))
        else:
            paras[-1].lines.append((page, line, column))
        prev = (page, line, column, block)
    return paras


def _starts_paragraph(
    prev: tuple[int, Line, int, int], cur: tuple[int, Line, int, int], para: _Para, texts: dict[int, str]
) -> bool:
    p_page, p_line, _, p_block = prev
    page, line, _, block = cur
    text, p_text = texts[id(line)], texts[id(p_line)]
    if para.table:  # a wrapped cell line stays with its row when it sits inside a cell column
        same_block_area = page == p_page and line.bbox.top - p_line.bbox.bottom < 0.6 * line.bbox.height
        indented = line.bbox.x0 > para.first[1].bbox.x0 + 4  # starts in a later cell: a wrapped cell line
        return not (same_block_area and indented)
    if block != p_block or page != p_page:
        return True
    if _SIG_LABEL.match(text) or _SIG_LABEL.match(p_text):
        return True
    if not _opens_item(text):
        return False
    listed = bool(_BULLET.match(text) or _BULLET.match(texts[id(para.first[1])]))
    return listed or bool(_SENTENCE_END.search(p_text)) or _numbered_start(text)


def _numbered_start(text: str) -> bool:
    """A multi-level number followed by a capital ("8.2 Provider"), unlikely in a wrapped line."""
    found = number_of(text)
    if not found or not found[0].startswith("dec") or found[0] == "dec1":
        return False
    rest = text[found[2] :].lstrip()
    return rest[:1].isupper() or rest[:1] in "\"\u201c("


def _rejoin_breaks(paras: list[_Para]) -> list[_Para]:
    """Join a paragraph cut by a page or column break to its continuation."""
    out: list[_Para] = []
    for para in paras:
        if out and _continues(out[-1], para):
            out[-1].lines.extend(para.lines)
        else:
            out.append(para)
    return out


def _continues(before: _Para, after: _Para) -> bool:
    b_page, b_line, b_col = before.last
    a_page, a_line, a_col = after.first
    if (b_page, b_col) == (a_page, a_col) or before.table or after.table:
        return False
    text = a_line.text
    if _SENTENCE_END.search(b_line.text) or _opens_item(text) or _SIG_LABEL.match(text):
        return False
    if a_line.bold != b_line.bold or abs(a_line.font_size - b_line.font_size) > 1.0:
        return False
    return text[:1].islower() or not b_line.text.endswith((".", ":"))


# --- 2. numbers and headings -------------------------------------------------------------------


def number_of(text: str) -> tuple[str, str, int] | None:
    """(style, number, length of the number prefix) when ``text`` opens with a clause number."""
    for style, pattern in _NUMBER_PATTERNS:
        match = pattern.match(text)
        if match:
            number = match.group(1)
            if style in {"dec", "section"}:
                return f"dec{number.count('.') + 1}", number, match.end()
            if style == "roman":
                return "roman", f"({number})", match.end()
            if style in {"alpha", "num", "ALPHA"} and "(" in match.group(0):
                return style, f"({number})", match.end()
            return style, number, match.end()
    return None


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _heading_like(para: _Para, body: float) -> bool:
    words = para.text.split()
    if not words or len(words) > 16 or len(para.lines) > 3 or para.table:
        return False
    if para.text.rstrip().endswith((",", ";")) or _SIG_LABEL.match(para.text):
        return False
    styled = para.bold or para.size >= body + 0.8
    return styled or (_is_caps(para.text) and not para.text.rstrip().endswith("."))


def _run_in_heading(para: _Para, start: int) -> str | None:
    """The heading that opens a numbered paragraph: bold words, or a short title before a period."""
    body = para.text[start:].lstrip()
    offset = len(para.text) - len(body)
    bold = [w for w, pw in zip(_words(para), para.words, strict=False) if pw.start >= offset and w.bold]
    if bold and bold[0] is _words(para)[_index_at(para, offset)] and len(bold) < len(_words(para)):
        heading = " ".join(w.text for w in bold).rstrip(".:")
        if heading and len(heading.split()) <= 10:
            return heading
    match = _RUN_IN.match(body)
    if not match or len(match.group(1).split()) > 6 or "\u201c" in match.group(1) or '"' in match.group(1):
        return None
    return match.group(1)


def _words(para: _Para) -> list:
    return [w for _, ln, _ in para.lines for w in ln.words]


def _index_at(para: _Para, offset: int) -> int:
    for i, pw in enumerate(para.words):
        if pw.end > offset:
            return i
    return 0


def _title_text(text: str, cut: int) -> str | None:
    rest = text[cut:].strip().lstrip(".:-\u2013\u2014 ").strip()
    return rest or None


# --- 3. the outline ----------------------------------------------------------------------------


def _outline(paras: Sequence[_Para], body: float) -> list[Clause]:
    outline = _Outline()
    in_signature = False
    for index, para in enumerate(paras):
        kind = _kind(para, index, paras, body, outline)
        if kind is ClauseKind.SIGNATURE:
            _add_signature(outline, para, continuing=in_signature)
            in_signature = True
            continue
        in_signature = False
        _place(outline, para, kind)
    return outline.clauses


def _kind(para: _Para, index: int, paras: Sequence[_Para], body: float, outline: _Outline) -> ClauseKind:
    text = para.text
    if _WITNESS.match(text) or _SIG_LABEL.match(text):
        return ClauseKind.SIGNATURE
    if para.table:
        return ClauseKind.TABLE
    heading = _heading_like(para, body)
    if heading and _EXHIBIT.match(text):
        return ClauseKind.EXHIBIT
    if heading and not outline.clauses and para.first[0] == 1 and (para.size >= body + 1.5 or _is_caps(text)):
        return ClauseKind.TITLE
    if _signature_label(para, index, paras, body):
        return ClauseKind.SIGNATURE
    return ClauseKind.HEADING if heading else ClauseKind.CLAUSE


def _signature_label(para: _Para, index: int, paras: Sequence[_Para], body: float) -> bool:
    """A short line (party name, "ATTEST") directly above a By:/Name: signature line."""
    if len(para.text.split()) > 14 or number_of(para.text) or _SENTENCE_END.search(para.text.rstrip(".")):
        return False
    for nxt in paras[index + 1 : index + 4]:
        if _SIG_LABEL.match(nxt.text):
            return True
        if len(nxt.text.split()) > 14 or number_of(nxt.text):
            return False
    return False


def _new_id(outline: _Outline) -> str:
    return f"c{len(outline.clauses) + 1:04d}"


def _path(outline: _Outline) -> tuple[str, ...]:
    return tuple(o.title for o in outline.stack if o.title)


def _emit(
    outline: _Outline, para: _Para, kind: ClauseKind, number: str | None, heading: str | None
) -> Clause:
    parent = outline.stack[-1].clause_id if outline.stack else None
    clause = Clause(
        id=_new_id(outline),
        kind=kind,
        text=para.text,
        number=number,
        heading=heading,
        parent_id=parent,
        level=len(outline.stack),
        words=para.words,
        section_path=_path(outline),
    )
    outline.clauses.append(clause)
    return clause


def _add_signature(outline: _Outline, para: _Para, *, continuing: bool) -> None:
    """Signature lines of one signer form one clause; a new party label or "By:" starts another."""
    last = outline.clauses[-1] if outline.clauses else None
    if continuing and last is not None and not _WITNESS.match(para.text) and not _WITNESS.match(last.text):
        party_label = not _SIG_LABEL.match(para.text) and (para.bold or _is_caps(para.text))
        new_signer = bool(_SIGNED.search(last.text)) and (party_label or para.text.lower().startswith("by"))
        if not new_signer:
            _extend_last(outline, para)
            return
    while outline.stack and outline.stack[-1].keys != frozenset({"EXHIBIT"}):
        outline.stack.pop()
    _emit(outline, para, ClauseKind.SIGNATURE, None, None)


def _extend_last(outline: _Outline, para: _Para) -> None:
    last = outline.clauses[-1]
    shift = len(last.text) + 1
    moved = tuple(PlacedWord(w.start + shift, w.end + shift, w.page, w.bbox) for w in para.words)
    outline.clauses[-1] = Clause(
        id=last.id,
        kind=last.kind,
        text=f"{last.text} {para.text}",
        number=last.number,
        heading=last.heading,
        parent_id=last.parent_id,
        level=last.level,
        words=last.words + moved,
        section_path=last.section_path,
    )


def _place(outline: _Outline, para: _Para, kind: ClauseKind) -> None:
    text = para.text
    if kind is ClauseKind.TITLE:
        _emit(outline, para, kind, None, None)
        return
    if kind is ClauseKind.EXHIBIT:
        match = _EXHIBIT.match(text)
        assert match is not None
        outline.stack.clear()
        clause = _emit(outline, para, kind, match.group(1), _title_text(text, match.end()) or text)
        outline.stack.append(_Open(clause.id, frozenset({"EXHIBIT"}), text, True))
        return
    if kind is ClauseKind.TABLE:
        _emit(outline, para, kind, None, None)
        return
    numbered = number_of(text)
    keys = {numbered[0]} if numbered else set()
    if kind is ClauseKind.HEADING:
        keys.add(f"H{round(para.size)}{'b' if para.bold else ''}")
    if not keys:  # a plain paragraph sits under whatever is open
        _emit(outline, para, kind, None, None)
        return
    _pop_for(outline, frozenset(keys), kind is ClauseKind.HEADING, para.size)
    number = numbered[1] if numbered else None
    if kind is ClauseKind.HEADING:
        heading = _title_text(text, numbered[2]) if numbered else text
    else:
        heading = _run_in_heading(para, numbered[2]) if numbered else None
    clause = _emit(outline, para, kind, number, heading)
    title = text if kind is ClauseKind.HEADING else heading
    depth = int(numbered[0][3:]) if numbered and numbered[0].startswith("dec") else 0
    is_heading = kind is ClauseKind.HEADING
    outline.stack.append(_Open(clause.id, frozenset(keys), title, is_heading, para.size, depth))


def _pop_for(outline: _Outline, keys: frozenset[str], is_heading: bool, size: float) -> None:
    """Close the sections a new numbered clause or heading does not belong to."""
    stack = outline.stack
    for i in range(len(stack) - 1, -1, -1):
        if stack[i].keys & keys:
            del stack[i:]
            return
    depth = max((int(k[3:]) for k in keys if k.startswith("dec")), default=0)
    if depth:  # "1.1.1" closes lettered items of 1.1 and any clause at its depth or deeper
        while stack and not stack[-1].is_heading and (stack[-1].depth == 0 or stack[-1].depth >= depth):
            stack.pop()
    if is_heading:
        def closes(top: _Open) -> bool:  # body clauses, and headings no bigger than this one
            return not top.is_heading or (top.size <= size and "EXHIBIT" not in top.keys)

        while stack and closes(stack[-1]):
            stack.pop()
