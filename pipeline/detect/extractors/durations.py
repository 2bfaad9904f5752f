"""Time periods in agreement prose, normalised to ``{period, unit}``.

Handles digits ("48 hours"), words ("sixty days"), both ("seventy-two (72) hours"), hyphenated
adjectives ("a 35-day cycle") and qualifiers (calendar / business / working days). Number words are
converted with ``text2num``. Years become months (the label vocabulary has no year unit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

from pipeline.detect.registry import register_extractor

_NUMBER_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
)
_DURATION = re.compile(
    rf"(?<![\w-])(?P<words>{_NUMBER_WORD}(?:[\s-]+(?:and[\s-]+)?{_NUMBER_WORD})*)?\s*"
    r"(?:\(\s*(?P<paren>\d{1,4})\s*\)|(?P<digits>(?<![\d.,])\d{1,4}(?![\d.,]\d)))?"
    r"[\s-]*(?P<qual>calendar|business|working|school|consecutive)?[\s-]*"
    r"(?P<unit>hours?|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
_DEADLINE_BEFORE = re.compile(
    r"\b(within|later than|no more than|not more than|no longer than|not to exceed|up to|by no later than|"
    r"in no event (?:more|later) than|no later than|before the end of|at most)\W*(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
_NOT_DEADLINE_BEFORE = re.compile(
    r"\b(at least|minimum of|for a period of|every|each|prior)\b\W*(?:\w+\W+){0,1}$", re.I
)
_QUALIFIED_UNITS = {"business": "business_days", "working": "business_days", "school": "business_days"}


@dataclass(frozen=True, slots=True)
class Duration:
    """One period found in text, with where it is and whether a deadline word governs it."""

    period: int
    unit: str
    start: int
    end: int
    is_deadline: bool


def find_durations(text: str) -> list[Duration]:
    """Every time period in ``text``, in order."""
    found = []
    for match in _DURATION.finditer(text):
        period = _number(match)
        if period is None:
            continue
        before = text[max(0, match.start() - 60) : match.start()]
        deadline = bool(_DEADLINE_BEFORE.search(before)) and not _NOT_DEADLINE_BEFORE.search(before)
        period, unit = _unit(period, match.group("qual"), match.group("unit"))
        found.append(Duration(period, unit, match.start(), match.end(), deadline))
    return found


def pick_deadline(text: str) -> Duration | None:
    """The period a duty must be met within: the first governed by 'within'/'no later than'..., else the first
    period not introduced by 'at least'/'every'."""
    durations = find_durations(text)
    for duration in durations:
        if duration.is_deadline:
            return duration
    for duration in durations:
        before = text[max(0, duration.start - 30) : duration.start]
        if not _NOT_DEADLINE_BEFORE.search(before):
            return duration
    return None


# Where one sentence hands the operator a second duty: "... and shall provide a report within 30 days",
# ", and the Provider will remediate ...". A period belongs to the duty whose part of the sentence holds it.
_NEXT_DUTY = re.compile(
    r"(?:(?:,\s*|\s+)(?:and|but|or|then)|;)\s+"
    r"(?:(?:the\s+)?(?:provider|operator|vendor|contractor|company|we|it)\s+)?(?:shall|will|must|agrees?\s+to)\b",
    re.IGNORECASE,
)


_OPENING_PERIOD = re.compile(
    r"\s*(?:\(?(?:\d+(?:\.\d+)*|[a-z]{1,2}|[ivx]+)[.)]?\s+)?"  # a clause number or list mark
    r"(?:within|(?:by\s+)?no\s+later\s+than|not\s+later\s+than|in\s+no\s+event\s+later\s+than)\b[^,;]*",
    re.IGNORECASE,
)


def pick_duty_deadline(text: str, anchor: int) -> Duration | None:
    """The period of the duty whose words start at ``anchor`` in ``text``.

    A sentence may bind the operator to several things, each with its own period ("investigate within
    ten days and notify the District within 48 hours"): only the period in the anchor's own part of the
    sentence is taken. When the sentence holds one duty, this is ``pick_deadline``; when the anchor's part
    states no period, none is taken from another duty's part (it would be that duty's deadline), except
    from an opening phrase that governs every duty after it ("Within 90 days after termination, the
    Provider will export the data and will then destroy it").
    """
    cuts = [0, *(m.start() for m in _NEXT_DUTY.finditer(text)), len(text)]
    if len(cuts) == 2:
        return pick_deadline(text)
    own = next((text[lo:hi] for lo, hi in zip(cuts, cuts[1:], strict=False) if lo <= anchor < hi), text)
    found = pick_deadline(own)
    if found is None and (opening := _OPENING_PERIOD.match(text)):
        found = pick_deadline(opening.group(0))
    return found


@register_extractor("duration.v1")
def extract_duration(text: str) -> dict[str, object]:
    """``{"period": int|None, "unit": str|None}`` for the deadline stated in ``text``."""
    duration = pick_deadline(text)
    if duration is None:
        return {"period": None, "unit": None}
    return {"period": duration.period, "unit": duration.unit}


def _number(match: re.Match[str]) -> int | None:
    for group in ("paren", "digits"):
        if match.group(group):
            return int(match.group(group))
    words = match.group("words")
    if not words:
        return None
    try:
        return int(text2num(re.sub(r"\s*-\s*", "-", words.lower()).replace(" and ", " "), "en"))
    except ValueError:
        return None


def _unit(period: int, qualifier: str | None, unit: str) -> tuple[int, str]:
    unit = unit.lower().rstrip("s")
    if unit == "year":
        return period * 12, "months"
    if unit == "day":
        qual = (qualifier or "").lower()
        return period, _QUALIFIED_UNITS.get(qual, "calendar_days" if qual == "calendar" else "days")
    return period, {"hour": "hours", "week": "weeks", "month": "months"}[unit]
