"""Headings: a paragraph that looks like one, the run-in heading of a numbered clause, a title's text."""

from __future__ import annotations

from pipeline.segment.paragraphs import Para
from pipeline.segment.patterns import RUN_IN, is_caps
from pipeline.signature_grammar import BLOCK_LINE
from pipeline.types import Word


def heading_like(para: Para, body: float) -> bool:
    """A short, styled (bold, larger, or capitals) paragraph that does not read as a sentence part."""
    words = para.text.split()
    if not words or len(words) > 16 or len(para.lines) > 3 or para.table:
        return False
    if para.text.rstrip().endswith((",", ";")) or BLOCK_LINE.match(para.text):
        return False
    styled = para.bold or para.size >= body + 0.8
    return styled or (is_caps(para.text) and not para.text.rstrip().endswith("."))


def run_in_heading(para: Para, start: int) -> str | None:
    """The heading that opens a numbered paragraph: bold words, or a short title before a period."""
    body = para.text[start:].lstrip()
    offset = len(para.text) - len(body)
    drawn = _words(para)
    bold = [w for w, pw in zip(drawn, para.words, strict=False) if pw.start >= offset and w.bold]
    if bold and bold[0] is drawn[_index_at(para, offset)] and len(bold) < len(drawn):
        heading = " ".join(w.text for w in bold).rstrip(".:")
        if heading and len(heading.split()) <= 10:
            return heading
    match = RUN_IN.match(body)
    if not match or len(match.group(1).split()) > 6 or "\u201c" in match.group(1) or '"' in match.group(1):
        return None
    return match.group(1)


def title_text(text: str, cut: int) -> str | None:
    """What follows a number or label ("Exhibit A - Schedule of Data" -> "Schedule of Data")."""
    rest = text[cut:].strip().lstrip(".:-\u2013\u2014 ").strip()
    return rest or None


def _words(para: Para) -> list[Word]:
    return [w for _, ln, _ in para.lines for w in ln.words]


def _index_at(para: Para, offset: int) -> int:
    for i, pw in enumerate(para.words):
        if pw.end > offset:
            return i
    return 0
