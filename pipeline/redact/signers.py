"""Where each signer of a signature block signs: the area above their "Name:" or around "By:".

Found from the printed labels only, never from positions: a signer's slot runs from the last line of
printed text above the "By:"/"Signature:" label (or, when OCR lost that label, above "Name:") down to
the "Name:" line, and from the label's line start to the next signer's column or the page margin.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from pipeline.geometry import vertical_overlap_ratio
from pipeline.signature_grammar import NAME_WORDS, RULE_CHARACTERS, SIGN_WORDS
from pipeline.types import BBox, ClauseKind, Page, PlacedWord, SegmentedDocument, Word

_PAIR_DX = 30.0  # points: a "By:" and the "Name:" under it start in the same column
_PAIR_DY = 60.0  # points: ... and the "Name:" line is at most this far below
_REACH_UP = 80.0  # points: the tallest signature drawn above its line
_REACH_DOWN = 14.0  # points below a "By:" line when no "Name:" line bounds the slot
_PAD = 6.0
_MARGIN = 30.0  # points kept clear of the page edge on the right
_CONFIDENT = 75.0  # OCR confidence of a word taken as printed text (signature ink reads much lower)
_FILL = frozenset(RULE_CHARACTERS)
_TALL = 1.9  # a word this many times the page's median word height is ink, not print


@dataclass(frozen=True, slots=True)
class SignerSlot:
    """One signer's signing area on a page; ``label`` is the "By:" or "Name:" box it was found from."""

    page: int
    region: BBox
    label: BBox


@dataclass(frozen=True, slots=True)
class _Anchor:
    sign: BBox | None  # the "By:"/"Signature:" label, with the words before it on its line
    name: BBox | None  # the "Name:" label

    @property
    def upper(self) -> BBox:
        box = self.sign or self.name
        assert box is not None
        return box


def signer_slots(segmented: SegmentedDocument) -> list[SignerSlot]:
    """Every signer's signing area in the signature blocks of the document."""
    slots: list[SignerSlot] = []
    for page in segmented.parsed.pages:
        signs, names = _labels(segmented, page.number)
        anchors = _pair(signs, names)
        printed = printed_words(page)
        for anchor in anchors:
            region = _region(page, anchor, anchors, printed)
            if region is not None:
                slots.append(SignerSlot(page.number, region, anchor.upper))
    return slots


def printed_words(page: Page) -> list[BBox]:
    """Boxes of the words that are surely print: a text layer's words, or confident regular OCR words."""
    words = [w for line in (*page.lines, *page.header_footer) for w in line.words]
    heights = [w.bbox.height for w in words]
    limit = _TALL * median(heights) if heights else 0.0
    return [w.bbox for w in words if _is_print(w, limit)]


def _is_print(word: Word, tall: float) -> bool:
    """A text-layer word is print; an OCR word when confident, of normal height and a word or a rule."""
    if word.ocr_confidence is None:
        return bool(word.text.strip())
    rule = bool(word.text) and set(word.text) <= _FILL
    wordlike = sum(ch.isalnum() for ch in word.text) >= 2
    return (rule or wordlike) and word.ocr_confidence >= _CONFIDENT and word.bbox.height <= tall


def _labels(segmented: SegmentedDocument, page: int) -> tuple[list[BBox], list[BBox]]:
    """Boxes of the signing and name labels of the signature clauses on ``page``."""
    signs: list[BBox] = []
    names: list[BBox] = []
    for clause in segmented.clauses:
        if clause.kind is not ClauseKind.SIGNATURE:
            continue
        words = [w for w in clause.words if w.page == page]
        for index, word in enumerate(words):
            text = clause.text[word.start : word.end].casefold().rstrip("_.")  # "By:_____" on a scan
            target = signs if text in SIGN_WORDS else names if text in NAME_WORDS else None
            if target is not None:
                target.append(_line_start(words, index))
    return _dedupe(signs), _dedupe(names)


def _line_start(words: list[PlacedWord], index: int) -> BBox:
    """The label's box widened left over the words just before it on its line ("Printed Name:")."""
    box = words[index].bbox
    x0 = box.x0
    for prev in reversed(words[:index]):
        if vertical_overlap_ratio(prev.bbox, box) < 0.5 or x0 - prev.bbox.x1 > 12.0:
            break
        x0 = prev.bbox.x0
    return BBox(x0, box.top, box.x1, box.bottom)


def _dedupe(boxes: list[BBox]) -> list[BBox]:
    unique: list[BBox] = []
    for box in boxes:
        if not any(abs(box.x0 - u.x0) < 2 and abs(box.top - u.top) < 2 for u in unique):
            unique.append(box)
    return unique


def _pair(signs: list[BBox], names: list[BBox]) -> list[_Anchor]:
    """One anchor per signer: a signing label with the name label under it, or either alone."""
    anchors: list[_Anchor] = []
    free = list(names)
    for sign in signs:
        below = [n for n in free if abs(n.x0 - sign.x0) < _PAIR_DX and 0 < n.top - sign.top < _PAIR_DY]
        name = min(below, key=lambda n: n.top) if below else None
        if name is not None:
            free.remove(name)
        anchors.append(_Anchor(sign, name))
    anchors += [_Anchor(None, n) for n in free if not _under_a_signer(n, anchors)]
    return anchors


def _under_a_signer(name: BBox, anchors: list[_Anchor]) -> bool:
    """A second "Name:" in a block already anchored (an address or notice line) starts no signer."""
    return any(
        a.name is not None and abs(a.name.x0 - name.x0) < _PAIR_DX and 0 < name.top - a.name.top < _PAIR_DY
        for a in anchors
    )


def _region(page: Page, anchor: _Anchor, anchors: list[_Anchor], printed: list[BBox]) -> BBox | None:
    upper = anchor.upper
    x0 = max(0.0, upper.x0 - _PAD)
    x1 = _right_edge(page, upper, anchors)
    column = [b for b in printed if b.x1 > x0 and b.x0 < x1]
    above = [b.bottom for b in column if b.bottom <= upper.top - 1 and b.top < upper.top - 4]
    top = max([upper.top - _REACH_UP, *above])
    if anchor.name is not None:
        bottom = anchor.name.top - 1
    else:
        below = [b.top for b in column if b.top >= upper.bottom + 1]
        bottom = min([upper.bottom + _REACH_DOWN, *below])
    return BBox(x0, top, x1, bottom) if bottom - top > 8 and x1 - x0 > 40 else None


def _right_edge(page: Page, upper: BBox, anchors: list[_Anchor]) -> float:
    """The next signer's column to the right on the same rows, else the page margin."""
    band = BBox(0, upper.top - _REACH_UP, page.width, upper.bottom + _PAIR_DY)
    right = [
        a.upper.x0
        for a in anchors
        if a.upper.x0 > upper.x1 + _PAD and vertical_overlap_ratio(a.upper, band) > 0
    ]
    return min(right, default=page.width - _MARGIN) - _PAD
