"""Names of the people who sign, for districts that choose to redact them from the posted copy.

The law leaves this to the district: ``SignerNames.NONE`` keeps every name, ``DISTRICT`` hides the
district's own signer, ``ALL`` hides every signer's name (the operator's too). A name is what follows a
"Name:"/"Printed Name:" label, a name typed after "By:", or a name typed alone on the line under a
signature line. Titles, dates and party names stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pipeline.geometry import vertical_overlap_ratio
from pipeline.redact.detectors import Span, find_terms
from pipeline.redact.types import RedactionReason
from pipeline.signature_grammar import ANY_LABEL, NAME_LABEL, RULE, SIGN_LABEL, only_a_name
from pipeline.types import Clause


class SignerNames(StrEnum):
    """Whose names in signature blocks are redacted."""

    NONE = "none"
    DISTRICT = "district"
    ALL = "all"


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int


def signer_name_spans(clause: Clause, district_signer: str | None, choice: SignerNames) -> list[Span]:
    """Spans of ``clause.text`` (a signature clause) holding the names ``choice`` redacts."""
    if choice is SignerNames.NONE:
        return []
    names = (district_signer,) if district_signer else ()
    spans = [(s, e, RedactionReason.SIGNER_NAME) for s, e, _ in find_terms(clause.text, names, ())]
    if choice is SignerNames.ALL:
        spans += _printed_names(clause)
    return spans


def name_below_block(block: Clause, following: Clause, choice: SignerNames) -> list[Span]:
    """A name typed under a block's last signing line, which the segmenter put in the next clause.

    Spans are in ``following.text``: its first line, when it looks like a person's name and sits
    right under the block's last line ("By: ______" then "Jordan T. Avery" then the title).
    """
    if choice is not SignerNames.ALL or not block.words or not following.words:
        return []
    last, first = _lines(block)[-1], _lines(following)[0]
    above, below = block.words[-1], following.words[0]
    close = below.page == above.page and 0 <= below.bbox.top - above.bbox.bottom < 2 * above.bbox.height
    text = following.text[first.start : first.end]
    if close and _under_signature_line(block, last) and only_a_name(text):
        return [(first.start, first.end, RedactionReason.SIGNER_NAME)]
    return []


def _printed_names(clause: Clause) -> list[Span]:
    """Names after a name label or "By:", and a name alone on the line under a signature line."""
    spans: list[Span] = []
    lines = _lines(clause)
    for index, line in enumerate(lines):
        text = clause.text[line.start : line.end]
        label = NAME_LABEL.match(text) or SIGN_LABEL.match(text)
        if label is not None:
            value = _value(text, label.end())
            if value is not None and (NAME_LABEL.match(text) or only_a_name(text[value[0] : value[1]])):
                spans.append((line.start + value[0], line.start + value[1], RedactionReason.SIGNER_NAME))
        elif index and _under_signature_line(clause, lines[index - 1]) and only_a_name(text):
            spans.append((line.start, line.end, RedactionReason.SIGNER_NAME))
    return spans


def _value(text: str, start: int) -> tuple[int, int] | None:
    """Where the labelled value runs: up to the next label on the line, without rules or spaces."""
    following = ANY_LABEL.search(text, start)
    end = following.start() if following else len(text)
    value = text[start:end].rstrip(" ,;")
    stripped = value.lstrip("_ ")
    if not stripped.strip("_ .") or RULE.match(value):
        return None
    return start + len(value) - len(stripped), start + len(value)


def _under_signature_line(clause: Clause, previous: _Line) -> bool:
    text = clause.text[previous.start : previous.end]
    return bool(SIGN_LABEL.match(text) or RULE.match(text)) and not NAME_LABEL.match(text)


def _lines(clause: Clause) -> list[_Line]:
    """The printed lines of a clause as character ranges of its text."""
    lines: list[_Line] = []
    previous = None
    for word in clause.words:
        same = (
            previous is not None
            and previous.page == word.page
            and vertical_overlap_ratio(previous.bbox, word.bbox) > 0.5
            and word.bbox.x0 >= previous.bbox.x0
        )
        if same:
            lines[-1] = _Line(lines[-1].start, word.end)
        else:
            lines.append(_Line(word.start, word.end))
        previous = word
    return lines
