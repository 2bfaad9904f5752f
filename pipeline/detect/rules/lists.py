"""Lists that follow a lead-in sentence ("the following Subprocessors:") in the next clauses."""

from __future__ import annotations

import re

from pipeline.detect.context import DocumentContext, Sentence
from pipeline.types import Clause, ClauseKind

_BULLET = re.compile(r"^\s*(?:[-•*▪◦●☐☒✓✔]|\(?[a-z0-9ivx]{1,4}[.)])\s+", re.I)
_LEAD_IN = re.compile(r":\s*$|\b(?:the following|as follows|listed below|set out below|below)\b", re.I)
_MAX_ITEM_WORDS = 25
# A lead-in that points past its own clause ("listed in the table below") may have more sentences after it.
_POINTS_BELOW = re.compile(r"\b(?:below|table)\b", re.I)
# A heading line that reads as a table's column header ("Name  Purpose  Location").
_HEADER_ROW = re.compile(
    r"\b(?:sub-?processors?|sub-?contractors?|vendors?|names?|providers?|company|companies|third part\w*|"
    r"entity|entities|recipients?|data elements?|categor(?:y|ies))\b",
    re.I,
)


def is_lead_in(sentence: Sentence) -> bool:
    """A sentence that announces a list after it."""
    return bool(_LEAD_IN.search(sentence.text))


def is_item(clause: Clause) -> bool:
    """A clause that reads as one list item (a bullet, a lettered item or a short fragment)."""
    if clause.kind in (ClauseKind.HEADING, ClauseKind.TITLE, ClauseKind.SIGNATURE, ClauseKind.EXHIBIT):
        return False
    text = clause.text.strip()
    bulleted = bool(_BULLET.match(text)) or (clause.number or "").strip() in {"-", "•", "*", "▪", "◦", "●"}
    return bulleted or len(text.split()) <= _MAX_ITEM_WORDS and not text.endswith(":")


def items_after(ctx: DocumentContext, sentence: Sentence, limit: int = 20) -> list[Clause]:
    """The list-item clauses right after a lead-in sentence (empty when it is not a lead-in)."""
    if not is_lead_in(sentence):
        return []
    if ctx.next_sentences(sentence) and not _POINTS_BELOW.search(sentence.text):
        return []
    items: list[Clause] = []
    following = ctx.clauses_after(sentence.clause, limit)
    if len(following) > 1 and _is_header_row(following[0], following[1]):
        following = following[1:]  # a table's header row
    for clause in following:
        in_table = bool(items) and items[-1].kind == ClauseKind.TABLE
        if clause.kind == ClauseKind.TABLE and (in_table or not items):
            items.append(clause)
            continue
        if in_table or clause.heading or not is_item(clause):
            break
        items.append(clause)
    return items


def _is_header_row(first: Clause, second: Clause) -> bool:
    """A heading line over a table, or over rows the segmenter read as plain clauses under it."""
    if first.kind != ClauseKind.HEADING:
        return False
    if second.kind == ClauseKind.TABLE:
        return True
    header = (first.heading or first.text).strip()
    under = any(header in part for part in second.section_path)
    return under and bool(_HEADER_ROW.search(header)) and len(header.split()) >= 2


def strip_bullet(text: str) -> str:
    """An item's text without its bullet or letter."""
    return _BULLET.sub("", text.strip()).strip().rstrip(".;,")
